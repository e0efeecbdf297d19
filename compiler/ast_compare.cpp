#include "compiler/ast_compare.h"

namespace ferry {
namespace {

bool same_exprs(const Ast& a, const std::vector<ExprId>& xs, const Ast& b, const std::vector<ExprId>& ys) {
  if (xs.size() != ys.size()) return false;
  for (size_t k = 0; k < xs.size(); ++k) {
    if (!same_expr(a, xs[k], b, ys[k])) return false;
  }
  return true;
}

bool same_path(const Path& p, const Path& q) {
  if (p.root != q.root || p.segments.size() != q.segments.size()) return false;
  for (size_t k = 0; k < p.segments.size(); ++k) {
    if (p.segments[k].kind != q.segments[k].kind || p.segments[k].name != q.segments[k].name) return false;
  }
  return true;
}

bool same_text(const std::optional<TextLit>& x, const std::optional<TextLit>& y) {
  return x.has_value() == y.has_value() && (!x || x->value == y->value);
}

}  // namespace

bool same_expr(const Ast& a, ExprId x, const Ast& b, ExprId y) {
  const ExprNode& m = a.expr(x).node;
  const ExprNode& n = b.expr(y).node;
  if (m.index() != n.index()) return false;
  if (const auto* p = std::get_if<BoolLit>(&m)) return *p == std::get<BoolLit>(n);
  if (const auto* p = std::get_if<NumberLit>(&m)) return *p == std::get<NumberLit>(n);
  if (const auto* p = std::get_if<StringLit>(&m)) return *p == std::get<StringLit>(n);
  if (const auto* p = std::get_if<ListLit>(&m)) return same_exprs(a, p->items, b, std::get<ListLit>(n).items);
  if (const auto* p = std::get_if<Path>(&m)) return same_path(*p, std::get<Path>(n));
  if (const auto* p = std::get_if<Call>(&m)) {
    const auto& q = std::get<Call>(n);
    return p->callee == q.callee && same_exprs(a, p->args, b, q.args);
  }
  if (const auto* p = std::get_if<Not>(&m)) return same_expr(a, p->operand, b, std::get<Not>(n).operand);
  if (const auto* p = std::get_if<Logical>(&m)) {
    const auto& q = std::get<Logical>(n);
    return p->op == q.op && same_exprs(a, p->operands, b, q.operands);
  }
  if (const auto* p = std::get_if<Arith>(&m)) {
    const auto& q = std::get<Arith>(n);
    return p->ops == q.ops && same_exprs(a, p->operands, b, q.operands);
  }
  if (const auto* p = std::get_if<Compare>(&m)) {
    const auto& q = std::get<Compare>(n);
    return p->op == q.op && same_expr(a, p->lhs, b, q.lhs) && same_expr(a, p->rhs, b, q.rhs);
  }
  const auto& p = std::get<Quantifier>(m);
  const auto& q = std::get<Quantifier>(n);
  return p.kind == q.kind && p.var == q.var && same_expr(a, p.collection, b, q.collection) && same_expr(a, p.body, b, q.body);
}

bool same_policy(const Ast& a, const Ast& b) {
  if (a.rules.size() != b.rules.size() || a.scopes.size() != b.scopes.size()) return false;
  for (size_t s = 0; s < a.scopes.size(); ++s) {
    const auto& p = a.scopes[s].patterns;
    const auto& q = b.scopes[s].patterns;
    if (p.size() != q.size()) return false;
    for (size_t k = 0; k < p.size(); ++k) {
      if (p[k].text != q[k].text) return false;
    }
  }
  for (size_t r = 0; r < a.rules.size(); ++r) {
    const Rule& x = a.rules[r];
    const Rule& y = b.rules[r];
    if (x.scope != y.scope || !same_text(x.name, y.name) || x.actions.size() != y.actions.size() ||
        !same_expr(a, x.condition, b, y.condition)) {
      return false;
    }
    for (size_t k = 0; k < x.actions.size(); ++k) {
      const Action& p = x.actions[k];
      const Action& q = y.actions[k];
      if (p.kind != q.kind || p.destination.value != q.destination.value || !same_text(p.tag, q.tag) ||
          !same_text(p.reason, q.reason)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace ferry
