// `ferry lint`: what is valid but probably wrong, risky or unclear in policies that
// checked without errors (codes L04xx of grammar/diagnostics.def, docs/lint.md).
#pragma once

#include <vector>

#include "compiler/checker.h"
#include "grammar/diagnostic.h"
#include "grammar/source.h"

namespace ferry {

struct LintFile {
  const SourceFile* file;
  const CheckedPolicy* policy;  // checked without errors
};

// The lint findings of each file, in the order of `files`. Files are linted together:
// shadowing blocks, duplicates, same-destination pushes and promotion cycles are found
// across them, as ferry evaluates them together.
std::vector<Diagnostics> lint_policies(const std::vector<LintFile>& files);

// Removes from `diags` the warnings and infos that a `# ferry:ignore CODE reason`
// comment on their rule (or scope) silences: a comment on the line before the rule,
// inside it, or after it on its last line. Errors cannot be silenced.
void apply_suppressions(const SourceFile& file, const Ast& ast, Diagnostics& diags);

}  // namespace ferry
