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

CompiledPolicies compile_policies(const std::vector<std::string>& paths, bool color, bool explain) {
  CompiledPolicies out;
  std::string error;
  const auto files = expand_policy_paths(paths, error);
  if (!files) {
    std::cerr << "ferry: " << error << '\n';
    out.exit_code = kExitUsage;
    return out;
  }
  for (const auto& path : *files) {
    auto loaded = load_policy(path, error);
    if (!loaded) {
      std::cerr << "ferry: " << error << '\n';
      out.exit_code = kExitUsage;
      continue;
    }
    FrontEndResult result;
    result.diagnostics = std::move(loaded->diagnostics);
    if (result.diagnostics.items.empty()) result = compile_front_end(loaded->file);
    for (const auto& d : result.diagnostics.items) std::cerr << render_text(loaded->file, d, color);
    if (result.diagnostics.has_errors()) {
      if (out.exit_code == 0) out.exit_code = kExitPolicyError;
      continue;
    }
    out.programs.push_back(std::make_unique<Program>(emit_program(loaded->file, result.policy)));
    if (explain) {
      out.explained.push_back(
          std::make_unique<Program>(emit_program(loaded->file, result.policy, EmitOptions{.fuse = false})));
    }
    out.checked.push_back(std::move(result));
    out.paths.push_back(path);
  }
  return out;
}

}  // namespace ferry::cli
