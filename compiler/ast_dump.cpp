#include "compiler/ast_dump.h"

#include <fmt/format.h>

#include "grammar/text.h"

namespace ferry {
namespace {

class Dumper {
 public:
  explicit Dumper(const CheckedPolicy& policy) : policy_(policy), ast_(policy.ast) {}

  std::string run() {
    for (size_t s = 0; s < ast_.scopes.size(); ++s) {
      std::string patterns;
      for (const auto& p : ast_.scopes[s].patterns) patterns += (patterns.empty() ? "" : ", ") + p.text;
      out_ += fmt::format("scope {}: on {}\n", s, patterns);
    }
    for (const auto& rule : ast_.rules) {
      out_ += fmt::format("rule{}{}\n", rule.name ? " " + quote_string(rule.name->value) : "",
                          rule.scope >= 0 ? fmt::format(" (scope {})", rule.scope) : "");
      expr(rule.condition, 1);
      for (const auto& a : rule.actions) {
        if (a.kind == Action::Kind::Push) {
          out_ += fmt::format("  => push {}{}\n", a.destination.value, a.tag ? " as " + quote_string(a.tag->value) : "");
        } else {
          out_ += fmt::format("  => block{}\n", a.reason ? " " + quote_string(a.reason->value) : "");
        }
      }
    }
    return out_;
  }

 private:
  void line(int depth, const std::string& text, ExprId id) {
    out_ += fmt::format("{:{}}{} : {}\n", "", depth * 2, text, type_name(policy_.types[id]));
  }

  void expr(ExprId id, int depth) {
    const ExprNode& node = ast_.expr(id).node;
    if (const auto* b = std::get_if<BoolLit>(&node)) {
      line(depth, b->value ? "true" : "false", id);
    } else if (const auto* n = std::get_if<NumberLit>(&node)) {
      line(depth, fmt::format("{}{}", n->magnitude, unit_suffix(n->unit)), id);
    } else if (const auto* s = std::get_if<StringLit>(&node)) {
      line(depth, quote_string(s->value), id);
    } else if (const auto* list = std::get_if<ListLit>(&node)) {
      line(depth, "list", id);
      for (const ExprId item : list->items) expr(item, depth + 1);
    } else if (const auto* path = std::get_if<Path>(&node)) {
      const std::string text = path_text(*path);
      const char* where = path->binding.kind == Binding::Kind::Fact ? "fact" : "local";
      line(depth, fmt::format("{} ({} {})", text, where, path->binding.index), id);
    } else if (const auto* call = std::get_if<Call>(&node)) {
      line(depth, fmt::format("call {}", call->callee), id);
      for (const ExprId arg : call->args) expr(arg, depth + 1);
    } else if (const auto* n = std::get_if<Not>(&node)) {
      line(depth, "not", id);
      expr(n->operand, depth + 1);
    } else if (const auto* logical = std::get_if<Logical>(&node)) {
      line(depth, op_text(logical->op), id);
      for (const ExprId operand : logical->operands) expr(operand, depth + 1);
    } else if (const auto* arith = std::get_if<Arith>(&node)) {
      std::string ops;
      for (const auto op : arith->ops) ops += op_text(op);
      line(depth, "arith " + ops, id);
      for (const ExprId operand : arith->operands) expr(operand, depth + 1);
    } else if (const auto* cmp = std::get_if<Compare>(&node)) {
      line(depth, op_text(cmp->op), id);
      expr(cmp->lhs, depth + 1);
      expr(cmp->rhs, depth + 1);
    } else if (const auto* q = std::get_if<Quantifier>(&node)) {
      line(depth, fmt::format("{} {} (local {}) in", op_text(q->kind), q->var, q->depth), id);
      expr(q->collection, depth + 1);
      expr(q->body, depth + 1);
    }
  }

  const CheckedPolicy& policy_;
  const Ast& ast_;
  std::string out_;
};

}  // namespace

std::string dump_ast(const CheckedPolicy& policy) { return Dumper(policy).run(); }

}  // namespace ferry
