#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/policies.h"
#include "compiler/ast_dump.h"

namespace ferry::cli {

int run_compile(const CompileOptions& options) {
  const CompiledPolicies policies = compile_policies(options.policies, isatty(STDERR_FILENO));
  if (policies.exit_code != 0) return policies.exit_code;
  for (size_t i = 0; i < policies.programs.size(); ++i) {
    if (policies.programs.size() > 1) std::cout << "# " << policies.paths[i] << '\n';
    if (options.emit == "ast") {
      std::cout << dump_ast(policies.checked[i].policy);
    } else {
      std::cout << disassemble(*policies.programs[i]);
    }
  }
  return kExitOk;
}

}  // namespace ferry::cli
