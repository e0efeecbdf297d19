// The `.ferry.json` of a policy repository: per-code levels for `ferry lint`.
//
//     {"lint": {"L0411": "off", "L0409": "warning", "W0302": "error"}}
#pragma once

#include <map>
#include <optional>
#include <string>

#include "grammar/diagnostic.h"

namespace ferry::cli {

struct LintConfig {
  std::string path;                        // where it was read from, or empty
  std::map<DiagCode, std::optional<Severity>> levels;  // nullopt: off

  // The level of a diagnostic: its own unless configured; nullopt when turned off.
  std::optional<Severity> level(DiagCode code, Severity own) const;
};

// `explicit_path` when given, else the first `.ferry.json` in the current directory or
// one of its parents; none is an empty config. Nullopt, after saying why on stderr,
// for a file that cannot be read or is not a valid config (a usage error).
std::optional<LintConfig> load_lint_config(const std::string& explicit_path);

}  // namespace ferry::cli
