#include "cli/policies.h"

#include <iostream>

#include "cli/commands.h"
#include "cli/files.h"
#include "cli/render.h"
#include "compiler/emitter.h"

namespace ferry::cli {

namespace {

std::vector<const Program*> pointers(const std::vector<std::unique_ptr<Program>>& programs) {
  std::vector<const Program*> out;
  for (const auto& p : programs) out.push_back(p.get());
  return out;
}

}  // namespace

std::vector<const Program*> CompiledPolicies::views() const { return pointers(programs); }
std::vector<const Program*> CompiledPolicies::explained_views() const { return pointers(explained); }

FrontEndResult check_loaded(const LoadedPolicy& policy) {
  if (!policy.diagnostics.items.empty()) return {{}, policy.diagnostics};
  return compile_front_end(policy.file);
}

CompiledPolicies compile_policies(const std::vector<std::string>& paths, bool color, bool explain) {
  CompiledPolicies out;
  bool unreadable = false;
  const auto named = for_each_policy_file(paths, unreadable, [&](const std::string& path, LoadedPolicy& loaded) {
    FrontEndResult result = check_loaded(loaded);
    for (const auto& d : result.diagnostics.items) std::cerr << render_text(loaded.file, d, color);
    if (result.diagnostics.has_errors()) {
      if (out.exit_code == 0) out.exit_code = kExitPolicyError;
      return;
    }
    out.programs.push_back(std::make_unique<Program>(emit_program(loaded.file, result.policy)));
    if (explain) {
      out.explained.push_back(std::make_unique<Program>(emit_program(loaded.file, result.policy, EmitOptions{.fuse = false})));
    }
    out.checked.push_back(std::move(result));
    out.paths.push_back(path);
  });
  if (!named || unreadable) out.exit_code = kExitUsage;  // a usage error wins over errors in policies
  return out;
}

}  // namespace ferry::cli
