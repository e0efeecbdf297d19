// The type checker: a parsed AST -> a checked AST with types, or compile errors.
//
// It resolves every name (fact, quantifier variable, builtin, record field), gives
// every expression its type (LANGUAGE.md section 3), rewrites Docker Trusted
// Registry's shorthand (`component.name == "x"`, `license in [...]`) into quantifiers
// so later phases see one form, and validates what can be known before any image
// arrives: regex and glob patterns, tag templates, destination references, scope
// patterns, literal comparisons that can never hold.
#pragma once

#include <vector>

#include "compiler/templates.h"
#include "grammar/ast.h"
#include "grammar/diagnostic.h"
#include "grammar/source.h"
#include "runtime/types.h"

namespace ferry {

// What the checker learned about one action.
struct CheckedAction {
  ParsedTemplate destination;  // push only
  ParsedTemplate tag;          // push with `as` only; empty parts means "keep the source tag"
};

struct CheckedPolicy {
  Ast ast;                                         // names resolved, shorthand rewritten
  std::vector<Type> types;                         // the type of each expression, by ExprId
  std::vector<std::vector<CheckedAction>> actions;  // per rule, per action
};

struct FrontEndResult {
  CheckedPolicy policy;
  Diagnostics diagnostics;  // parse and check diagnostics, in source order
};

// Type-checks a parsed policy.
FrontEndResult check_policy(const SourceFile& file, Ast ast);

// Parses and type-checks one policy file: what `ferry check` runs on each file.
FrontEndResult compile_front_end(const SourceFile& file);

}  // namespace ferry
