// `ferry lint FILE... [--format text|json|sarif|github] [--fail-level error|warning]`:
// everything `check` reports, plus the lints of compiler/lint.h, with suppressions and
// the levels of .ferry.json applied.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/files.h"
#include "cli/lint_config.h"
#include "cli/lint_output.h"
#include "cli/policies.h"
#include "cli/render.h"
#include "compiler/lint.h"

namespace ferry::cli {

int run_lint(const LintOptions& options) {
  const auto config = load_lint_config(options.config);
  if (!config) return kExitUsage;
  // Each file's source and check result stay in place: findings point into them.
  struct Checked {
    std::unique_ptr<SourceFile> file;
    FrontEndResult front;
  };
  std::vector<Checked> checked;
  bool unreadable = false;
  const auto paths = for_each_policy_file(options.files, unreadable, [&](const std::string&, LoadedPolicy& loaded) {
    FrontEndResult front = check_loaded(loaded);
    checked.push_back({std::make_unique<SourceFile>(std::move(loaded.file)), std::move(front)});
  });
  if (!paths) return kExitUsage;
  std::vector<LintFile> clean;
  std::vector<size_t> clean_index;
  for (size_t k = 0; k < checked.size(); ++k) {
    if (!checked[k].front.diagnostics.has_errors() && !checked[k].front.policy.ast.rules.empty()) {
      clean.push_back({checked[k].file.get(), &checked[k].front.policy});
      clean_index.push_back(k);
    }
  }
  const auto lints = lint_policies(clean);
  for (size_t k = 0; k < clean.size(); ++k) {
    auto& diags = checked[clean_index[k]].front.diagnostics.items;
    diags.insert(diags.end(), lints[k].items.begin(), lints[k].items.end());
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
  }

  std::vector<Finding> findings;
  for (auto& c : checked) {
    apply_suppressions(*c.file, c.front.policy.ast, c.front.diagnostics);
    for (auto& d : c.front.diagnostics.items) {
      if (const auto level = config->level(d.code, d.severity())) findings.push_back({c.file.get(), std::move(d), *level});
    }
  }
  size_t counts[3] = {};
  for (const auto& f : findings) ++counts[static_cast<size_t>(f.level)];

  if (options.format == "sarif") {
    std::cout << sarif_log(findings).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  } else if (options.format == "github") {
    for (const auto& f : findings) std::cout << github_command(f);
  } else if (options.format == "json") {
    nlohmann::json out = {{"files", *paths}, {"errors", counts[0]}, {"warnings", counts[1]}, {"infos", counts[2]},
                          {"diagnostics", nlohmann::json::array()}};
    for (const auto& f : findings) out["diagnostics"].push_back(render_json(*f.file, f.diag, f.level));
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    const bool color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
    for (const auto& f : findings) std::cerr << render_text(*f.file, f.diag, color, f.level);
    std::cerr << fmt::format("ferry lint: {} file{}, {} error{}, {} warning{}, {} info{}\n", *paths,
                             *paths == 1 ? "" : "s", counts[0], counts[0] == 1 ? "" : "s", counts[1],
                             counts[1] == 1 ? "" : "s", counts[2], counts[2] == 1 ? "" : "s");
  }
  if (unreadable) return kExitUsage;
  const bool fail = counts[0] > 0 || (options.fail_level == "warning" && counts[1] > 0);
  return fail ? kExitPolicyError : kExitOk;
}

}  // namespace ferry::cli
