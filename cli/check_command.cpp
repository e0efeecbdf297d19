#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/files.h"
#include "cli/policies.h"
#include "cli/render.h"
#include "compiler/checker.h"

namespace ferry::cli {
namespace {

bool use_color(ColorMode mode, int fd) {
  if (mode != ColorMode::Auto) return mode == ColorMode::Always;
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(fd) && !(no_color && *no_color);
}

std::string plural(size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

int run_check(const CheckOptions& options) {
  const bool json = options.format == "json";
  const bool color = !json && use_color(options.color, STDERR_FILENO);
  size_t errors = 0;
  size_t warnings = 0;
  bool unreadable = false;
  nlohmann::json out = {{"diagnostics", nlohmann::json::array()}};
  const auto files = for_each_policy_file(options.files, unreadable, [&](const std::string&, LoadedPolicy& loaded) {
    const Diagnostics diags = check_loaded(loaded).diagnostics;
    errors += diags.count(Severity::Error);
    warnings += diags.count(Severity::Warning);
    for (const auto& d : diags.items) {
      if (json) {
        out["diagnostics"].push_back(render_json(loaded.file, d));
      } else {
        std::cerr << render_text(loaded.file, d, color);
      }
    }
  });
  if (!files) return kExitUsage;
  if (json) {
    out["files"] = *files;
    out["errors"] = errors;
    out["warnings"] = warnings;
    // File names are bytes, not necessarily UTF-8: replace what JSON cannot carry.
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    std::cerr << fmt::format("ferry check: {}, {}, {}\n", plural(*files, "file"), plural(errors, "error"),
                             plural(warnings, "warning"));
  }
  if (unreadable) return kExitUsage;
  return errors > 0 ? kExitPolicyError : kExitOk;
}

}  // namespace ferry::cli
