// `ferry fmt`: the one canonical layout of a policy file, printed from its AST with its
// comments, and a structural comparison of ASTs that ignores layout.
#pragma once

#include <string>

#include "grammar/ast.h"
#include "grammar/source.h"

namespace ferry {

// Rules longer than this are broken before `and`/`or` and `=>`.
inline constexpr size_t kFormatWidth = 100;

// The canonical text of a file that parsed without errors: two-space indentation inside
// scopes, one space around operators, parentheses only where precedence needs them, at
// most one blank line between items (where the source had one), comments kept on their
// own lines before the item that follows them or after the item on whose last line they
// stand. A comment inside a multi-line rule moves to just before the rule.
std::string format_policy(const SourceFile& file, const Ast& ast);

}  // namespace ferry
