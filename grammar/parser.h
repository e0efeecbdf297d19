// Policy text -> AST, with syntax diagnostics.
#pragma once

#include <cstddef>

#include "grammar/ast.h"
#include "grammar/diagnostic.h"
#include "grammar/source.h"

namespace ferry {

// Policy files larger than this are refused before parsing.
inline constexpr size_t kMaxPolicyBytes = 16 * 1024 * 1024;

struct ParseResult {
  Ast ast;
  Diagnostics diagnostics;
};

// Parses a whole policy file. After a syntax error the parser skips to the next line
// that can start a rule, so several broken rules give several errors; rules that
// parsed are kept in the AST either way.
ParseResult parse_policy(const SourceFile& file);

}  // namespace ferry
