// Loading, checking and compiling the policy files a command names.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/files.h"
#include "compiler/checker.h"
#include "runtime/program.h"

namespace ferry::cli {

struct CompiledPolicies {
  std::vector<std::unique_ptr<Program>> programs;
  std::vector<std::unique_ptr<Program>> explained;  // the same, unfused, for --explain
  std::vector<FrontEndResult> checked;  // per file, for --emit ast
  std::vector<std::string> paths;
  int exit_code = 0;  // non-zero: diagnostics or read errors were printed, stop

  std::vector<const Program*> views() const;
  std::vector<const Program*> explained_views() const;
};

// The front end's result for a file read: the reading's diagnostics (E0104, E0105), or
// else its parse and check.
FrontEndResult check_loaded(const LoadedPolicy& policy);

// Reads and compiles `paths` (directories expand to their *.ferry files). Diagnostics
// are printed to stderr; warnings do not stop compilation, errors do (exit 1), as does
// an unreadable file (exit 2).
// With `explain`, each file is also compiled without fused quantifiers, so that
// --explain can show every sub-condition.
CompiledPolicies compile_policies(const std::vector<std::string>& paths, bool color, bool explain = false);

}  // namespace ferry::cli
