#include "compiler/emitter.h"

#include <algorithm>
#include <map>

#include "stdlib/builtins.h"

namespace ferry {
namespace {

// The instruction of a comparison operator.
Op op_of(CmpOp op) {
  static constexpr Op kOps[] = {Op::Eq,       Op::Ne,       Op::Lt,      Op::Le,   Op::Gt, Op::Ge,   Op::StartsWith,
                                Op::EndsWith, Op::Contains, Op::Matches, Op::Like, Op::In, Op::NotIn};
  return kOps[static_cast<size_t>(op)];
}

class Emitter {
 public:
  Emitter(const SourceFile& file, const CheckedPolicy& policy, EmitOptions options, Program& out)
      : file_(file), ast_(policy.ast), policy_(policy), options_(options), out_(out) {}

  void run() {
    out_.source.file = file_.path();
    out_.source.text = file_.text();
    for (uint32_t line = 1; line <= file_.line_count(); ++line) out_.source.line_starts.push_back(file_.line_start(line));
    for (const auto& b : all_builtins()) out_.builtins.push_back({std::string(b.name), static_cast<int>(b.params.size()), b.fn});
    for (const auto& scope : ast_.scopes) {
      std::vector<std::string> patterns;
      for (const auto& p : scope.patterns) patterns.push_back(p.text);
      out_.scopes.push_back(std::move(patterns));
    }
    for (size_t r = 0; r < ast_.rules.size(); ++r) rule(r);
  }

 private:
  void rule(size_t index) {
    const Rule& rule = ast_.rules[index];
    CompiledRule compiled;
    compiled.name = rule.name ? rule.name->value : "";
    compiled.span_begin = rule.span.begin;
    compiled.location = out_.source.location(rule.span.begin);
    compiled.entry = static_cast<uint32_t>(out_.code.size());
    compiled.scope = rule.scope;
    compiled.blocks = false;
    compiled.explain_root = expr(rule.condition);
    child_stack_.clear();
    emit(Op::Return, 0, rule.span.begin);
    for (size_t a = 0; a < rule.actions.size(); ++a) {
      const Action& action = rule.actions[a];
      const CheckedAction& checked = policy_.actions[index][a];
      CompiledAction out;
      out.push = action.kind == Action::Kind::Push;
      out.span_begin = action.span.begin;
      out.location = out_.source.location(action.span.begin);
      out.destination = checked.destination.parts;
      out.destination_has_host = checked.destination.has_host;
      out.has_tag = action.tag.has_value();
      out.tag = checked.tag.parts;
      out.reason = action.reason ? action.reason->value : "";
      if (out.push && out.destination_has_host && out.destination.size() == 1 && out.destination[0].literal) {
        out.literal_destination = out.destination[0].text;  // the checker validated it
      }
      compiled.blocks |= !out.push;
      compiled.actions.push_back(std::move(out));
    }
    out_.rules.push_back(std::move(compiled));
  }

  size_t emit(Op op, int32_t arg, uint32_t offset) {
    out_.code.push_back({op, arg});
    out_.spans.push_back(offset);
    // Track the stack depth along the code: conditions are straight-line except for
    // forward jumps that leave the stack as it is, so this is the deepest point.
    int effect = op_info(op).stack_effect;
    if (op_info(op).operand == OperandKind::RightConstant && arg > 0) effect = 0;
    if (op == Op::Call) effect = 1 - out_.builtins[arg].arity;
    if (op == Op::MakeList) effect = 1 - arg;
    depth_ += effect;
    out_.max_stack = std::max(out_.max_stack, static_cast<size_t>(std::max<int64_t>(depth_, 0)) + 1);
    return out_.code.size() - 1;
  }
  void patch(size_t at) { out_.code[at].arg = static_cast<int32_t>(out_.code.size()); }

  int32_t constant(Value v) {
    out_.constants.push_back(v);
    return static_cast<int32_t>(out_.constants.size() - 1);
  }
  int32_t string_constant(const std::string& s) {
    const auto it = interned_.find(s);
    if (it != interned_.end()) return it->second;
    out_.strings.push_back(s);
    const int32_t id = constant(Value::string(out_.strings.back()));
    interned_.emplace(s, id);
    return id;
  }

  // The value of a literal expression, or nullopt when it has to be computed.
  std::optional<Value> literal(ExprId id) {
    const ExprNode& node = ast_.expr(id).node;
    if (const auto* b = std::get_if<BoolLit>(&node)) return Value::boolean(b->value);
    if (const auto* n = std::get_if<NumberLit>(&node)) {
      return Value::integer(is_duration_unit(n->unit) ? ValueKind::Duration : ValueKind::Int, n->value);
    }
    if (const auto* s = std::get_if<StringLit>(&node)) return out_.constants[string_constant(s->value)];
    if (const auto* list = std::get_if<ListLit>(&node)) {
      std::vector<Value> items;
      for (const ExprId item : list->items) {
        auto v = literal(item);
        if (!v) return std::nullopt;
        items.push_back(*v);
      }
      out_.lists.push_back(std::move(items));
      return Value::list(out_.lists.back().data(), static_cast<int64_t>(out_.lists.back().size()));
    }
    if (const auto* arith = std::get_if<Arith>(&node)) {
      // Constant folding: the checker already rejected arithmetic that overflows.
      auto acc = literal(arith->operands[0]);
      for (size_t i = 0; acc && acc->kind == ValueKind::Int && i < arith->ops.size(); ++i) {
        const auto rhs = literal(arith->operands[i + 1]);
        if (!rhs || rhs->kind != ValueKind::Int) return std::nullopt;
        int64_t r = 0;
        if (arith->ops[i] == ArithOp::Add ? __builtin_add_overflow(acc->i, rhs->i, &r)
                                          : __builtin_sub_overflow(acc->i, rhs->i, &r)) {
          return std::nullopt;
        }
        acc->i = r;
      }
      return acc && acc->kind == ValueKind::Int ? acc : std::nullopt;
    }
    return std::nullopt;
  }

  // What --explain shows for a node the checker made, which has no source of its own:
  // `licenses`, `license in ["GPL-2.0"]`, `any license in licenses: license in [...]`.
  std::string synthetic_text(const Expr& e) const {
    const auto source = [&](ExprId id) {
      const Span s = ast_.expr(id).span;
      return std::string(file_.text().substr(s.begin, s.end - s.begin));
    };
    if (const auto* path = std::get_if<Path>(&e.node)) return path->root;
    if (const auto* cmp = std::get_if<Compare>(&e.node)) {
      return source(cmp->lhs) + " " + std::string(op_text(cmp->op)) + " " + source(cmp->rhs);
    }
    if (const auto* q = std::get_if<Quantifier>(&e.node)) {
      return std::string(op_text(q->kind)) + " " + q->var + " in " + synthetic_text(ast_.expr(q->collection)) + ": " +
             synthetic_text(ast_.expr(q->body));
    }
    return "";
  }

  // Emits the code of one expression and returns its node in the explain tree.
  uint32_t expr(ExprId id) {
    const Expr& e = ast_.expr(id);
    const uint32_t at = e.span.begin;
    const auto node = static_cast<uint32_t>(out_.explain.size());
    out_.explain.push_back({e.span.begin, e.span.end, 0, false, {}, e.synthetic ? synthetic_text(e) : ""});
    const size_t children_from = child_stack_.size();
    if (const auto v = literal(id)) {
      emit(Op::Const, constant(*v), at);
      out_.explain[node].literal = true;
    } else {
      code(e, at);
    }
    out_.explain[node].value_pc = static_cast<uint32_t>(out_.code.size());
    out_.explain[node].children.assign(child_stack_.begin() + static_cast<std::ptrdiff_t>(children_from), child_stack_.end());
    child_stack_.resize(children_from);
    child_stack_.push_back(node);
    return node;
  }

  void code(const Expr& e, uint32_t at) {
    if (const auto* list = std::get_if<ListLit>(&e.node)) {
      for (const ExprId item : list->items) expr(item);
      emit(Op::MakeList, static_cast<int32_t>(list->items.size()), at);
    } else if (const auto* path = std::get_if<Path>(&e.node)) {
      emit(path->binding.kind == Binding::Kind::Fact ? Op::Fact : Op::Local, path->binding.index, at);
      for (const auto& seg : path->segments) {
        if (seg.kind == PathSegment::Kind::Field) emit(Op::Field, seg.field, seg.span.begin);
        else emit(Op::Key, string_constant(seg.name), seg.span.begin);
      }
    } else if (const auto* call = std::get_if<Call>(&e.node)) {
      for (const ExprId arg : call->args) expr(arg);
      emit(Op::Call, call->builtin, at);
    } else if (const auto* n = std::get_if<Not>(&e.node)) {
      expr(n->operand);
      emit(Op::Not, 0, at);
    } else if (const auto* logical = std::get_if<Logical>(&e.node)) {
      const bool is_and = logical->op == LogicOp::And;
      std::vector<size_t> exits;
      expr(logical->operands[0]);
      for (size_t i = 1; i < logical->operands.size(); ++i) {
        exits.push_back(emit(is_and ? Op::JumpIfFalse : Op::JumpIfTrue, 0, at));
        expr(logical->operands[i]);
        emit(is_and ? Op::And : Op::Or, 0, ast_.expr(logical->operands[i]).span.begin);
      }
      for (const size_t exit : exits) patch(exit);
    } else if (const auto* arith = std::get_if<Arith>(&e.node)) {
      expr(arith->operands[0]);
      for (size_t i = 0; i < arith->ops.size(); ++i) {
        const ExprId rhs = arith->operands[i + 1];
        emit(arith->ops[i] == ArithOp::Add ? Op::Add : Op::Sub, right_operand(rhs), ast_.expr(rhs).span.begin);
      }
    } else if (const auto* cmp = std::get_if<Compare>(&e.node)) {
      compare(*cmp);
    } else if (const auto* q = std::get_if<Quantifier>(&e.node)) {
      if (const auto fused = options_.fuse ? quant_compare(*q) : std::nullopt) {
        out_.quant_compares.push_back(*fused);
        emit(Op::QuantCompare, static_cast<int32_t>(out_.quant_compares.size() - 1), at);
        return;
      }
      expr(q->collection);
      emit(Op::IterBegin, q->kind == QuantKind::All ? 1 : 0, at);
      const size_t loop = emit(Op::IterNext, 0, at);
      expr(q->body);
      const size_t step = emit(q->kind == QuantKind::All ? Op::AllStep : Op::AnyStep, 0, at);
      patch(loop);
      patch(step);
      emit(Op::IterEnd, 0, at);
    }
  }

  // The one-instruction form of `fact[.field | ["key"]] OP literal`, or nullopt.
  std::optional<FactCompare> fact_compare(const Compare& cmp) {
    const auto* path = std::get_if<Path>(&ast_.expr(cmp.lhs).node);
    if (!path || path->binding.kind != Binding::Kind::Fact || path->segments.size() > 1) return std::nullopt;
    const auto rhs = literal(cmp.rhs);
    if (!rhs) return std::nullopt;
    FactCompare out{static_cast<FactId>(path->binding.index), -1, -1, op_of(cmp.op), constant(*rhs),
                    ast_.expr(cmp.lhs).span.begin, 0};
    if (!path->segments.empty()) {
      const PathSegment& seg = path->segments[0];
      if (seg.kind == PathSegment::Kind::Field) {
        out.field = seg.field;
      } else {
        out.key = string_constant(seg.name);
        out.key_offset = seg.span.begin;
      }
    }
    return out;
  }

  // The one-instruction form of a quantifier over a list fact whose body is
  // `x[.field] OP literal` with `x` its own variable, or nullopt.
  std::optional<QuantCompare> quant_compare(const Quantifier& q) {
    const auto* list = std::get_if<Path>(&ast_.expr(q.collection).node);
    if (!list || list->binding.kind != Binding::Kind::Fact || !list->segments.empty()) return std::nullopt;
    const auto* cmp = std::get_if<Compare>(&ast_.expr(q.body).node);
    if (!cmp || cmp->op == CmpOp::Matches || cmp->op == CmpOp::Like) return std::nullopt;
    const auto* path = std::get_if<Path>(&ast_.expr(cmp->lhs).node);
    if (!path || path->binding.kind != Binding::Kind::Local || path->binding.index != q.depth ||
        path->segments.size() > 1 || (path->segments.size() == 1 && path->segments[0].kind != PathSegment::Kind::Field)) {
      return std::nullopt;
    }
    const auto rhs = literal(cmp->rhs);
    if (!rhs) return std::nullopt;
    return QuantCompare{q.kind == QuantKind::All, path->segments.empty() ? -1 : path->segments[0].field,
                        op_of(cmp->op),
                        constant(*rhs),
                        static_cast<FactId>(list->binding.index),
                        ast_.expr(q.collection).span.begin};
  }

  // The argument of a binary instruction for its right operand: a literal becomes
  // constants[arg - 1], read by the instruction itself; anything else is emitted and the
  // instruction pops it (arg 0).
  int32_t right_operand(ExprId rhs) {
    if (const auto v = literal(rhs)) return constant(*v) + 1;
    expr(rhs);
    return 0;
  }

  void compare(const Compare& cmp) {
    const bool pattern = cmp.op == CmpOp::Matches || cmp.op == CmpOp::Like;
    if (const auto fused = options_.fuse && !pattern ? fact_compare(cmp) : std::nullopt) {
      out_.fact_compares.push_back(*fused);
      emit(Op::FactCompare, static_cast<int32_t>(out_.fact_compares.size() - 1), cmp.op_span.begin);
      return;
    }
    expr(cmp.lhs);
    if (pattern) {
      const std::string& pattern = std::get<StringLit>(ast_.expr(cmp.rhs).node).value;
      if (cmp.op == CmpOp::Matches) {
        RE2::Options options;
        options.set_log_errors(false);
        out_.regexes.push_back(std::make_unique<RE2>(pattern, options));
        emit(Op::Matches, static_cast<int32_t>(out_.regexes.size() - 1), cmp.op_span.begin);
      } else {
        out_.globs.push_back({pattern});
        emit(Op::Like, static_cast<int32_t>(out_.globs.size() - 1), cmp.op_span.begin);
      }
      return;
    }
    emit(op_of(cmp.op), right_operand(cmp.rhs), cmp.op_span.begin);
  }

  const SourceFile& file_;
  const Ast& ast_;
  const CheckedPolicy& policy_;
  const EmitOptions options_;
  Program& out_;
  std::map<std::string, int32_t> interned_;
  std::vector<uint32_t> child_stack_;  // explain nodes finished and not yet claimed by a parent
  int64_t depth_ = 0;                   // the stack depth after the last instruction emitted
};

}  // namespace

Program emit_program(const SourceFile& file, const CheckedPolicy& policy, EmitOptions options) {
  Program program;
  Emitter(file, policy, options, program).run();
  return program;
}

}  // namespace ferry
