#include "cli/lint_config.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/files.h"

namespace ferry::cli {
namespace {

constexpr size_t kMaxConfigBytes = 1024 * 1024;

std::optional<std::string> find_config() {
  std::error_code ec;
  for (auto dir = std::filesystem::current_path(ec); !ec && !dir.empty(); dir = dir.parent_path()) {
    const auto candidate = dir / ".ferry.json";
    std::error_code missing;  // set when there is none here: keep looking
    if (std::filesystem::is_regular_file(candidate, missing)) return candidate.string();
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Severity> LintConfig::level(DiagCode code, Severity own) const {
  const auto it = levels.find(code);
  return it == levels.end() ? std::optional<Severity>(own) : it->second;
}

std::optional<LintConfig> load_lint_config(const std::string& explicit_path) {
  LintConfig config;
  const auto path = explicit_path.empty() ? find_config() : std::optional<std::string>(explicit_path);
  if (!path) return config;
  config.path = *path;
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    std::cerr << fmt::format("ferry: cannot read '{}'\n", *path);
    return std::nullopt;
  }
  const std::string text = read_bounded(in, kMaxConfigBytes);
  const auto fail = [&](const std::string& why) {
    std::cerr << fmt::format("ferry: {}: {}\n", *path, why);
    return std::nullopt;
  };
  if (text.size() > kMaxConfigBytes) return fail("larger than 1 MiB");
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("not a JSON object");
  const auto lint = j.find("lint");
  if (lint == j.end()) return config;
  if (!lint->is_object()) return fail("`lint` must be an object of codes and levels");
  for (const auto& [key, value] : lint->items()) {
    const auto code = diag_code_from_name(key);
    if (!code) return fail(fmt::format("`lint.{}`: unknown diagnostic code (docs/diagnostics.md, docs/lint.md)", key));
    if (diag_info(*code).severity == Severity::Error) {
      return fail(fmt::format("`lint.{}`: an error cannot be turned down: the policy would not compile", key));
    }
    const std::string level = value.is_string() ? value.get<std::string>() : "";
    if (level == "error") config.levels[*code] = Severity::Error;
    else if (level == "warning") config.levels[*code] = Severity::Warning;
    else if (level == "info") config.levels[*code] = Severity::Info;
    else if (level == "off") config.levels[*code] = std::nullopt;
    else return fail(fmt::format("`lint.{}` must be \"error\", \"warning\", \"info\" or \"off\"", key));
  }
  return config;
}

}  // namespace ferry::cli
