// Comparing policies by structure, without spans or comments: what `fmt` must keep, and
// what the lints call the same condition.
#pragma once

#include "grammar/ast.h"

namespace ferry {

// The same expression: same node kinds, operators, names and literals, all the way down.
// `x` in `a` and `y` in `b`; the two may be one AST.
bool same_expr(const Ast& a, ExprId x, const Ast& b, ExprId y);

// The same policy, whatever the layout: rules, scopes and expressions compared without
// their spans and comments.
bool same_policy(const Ast& a, const Ast& b);

}  // namespace ferry
