#include "cli/decision_output.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "runtime/timefmt.h"

namespace ferry::cli {

nlohmann::ordered_json decision_json(const ImageFacts& image, const Decision& d) {
  const auto or_null = [](std::string_view s) { return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s); };
  nlohmann::ordered_json out = {
      {"image", {{"repo", image.repo()}, {"tag", image.tag()}, {"digest", image.digest()}}},
      {"decision", kind_name(d.kind())},
      {"actions", nlohmann::ordered_json::array()},
      {"blocked", nlohmann::ordered_json::array()},
      {"errors", nlohmann::ordered_json::array()},
  };
  for (const auto& p : d.pushes) {
    out["actions"].push_back({{"action", "push"}, {"destination", p.destination}, {"tag", p.tag}, {"rule", or_null(p.rule)},
                              {"location", p.location}});
  }
  for (const auto& b : d.blocks) {
    out["blocked"].push_back({{"rule", or_null(b.rule)}, {"reason", or_null(b.reason)}, {"location", b.location}});
  }
  for (const auto& e : d.errors) {
    out["errors"].push_back({{"rule", or_null(e.rule)}, {"message", e.message}, {"location", e.location()}});
  }
  return out;
}

std::string rule_label(std::string_view rule) { return rule.empty() ? "unnamed rule" : fmt::format("rule \"{}\"", rule); }

std::string decision_text(const ImageFacts& image, const Decision& d) {
  std::string out = fmt::format("{}:{} ({}): {}\n", image.repo(), image.tag(), image.digest().empty() ? "no digest" : image.digest(),
                                kind_name(d.kind()));
  for (const auto& p : d.pushes) {
    out += fmt::format("  push {}:{}  ({}, {})\n", p.destination, p.tag, rule_label(p.rule), p.location);
  }
  for (const auto& b : d.blocks) {
    out += fmt::format("  blocked by {}{}  ({})\n", rule_label(b.rule), b.reason.empty() ? "" : ": " + std::string(b.reason), b.location);
  }
  for (const auto& e : d.errors) out += fmt::format("  error in {}: {}  ({})\n", rule_label(e.rule), e.message, e.location());
  return out;
}

std::optional<int64_t> evaluation_time(const std::string& now_option) {
  if (now_option.empty()) {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  const auto t = parse_rfc3339(now_option);
  if (!t) std::cerr << fmt::format("ferry: --now \"{}\" is not an RFC 3339 time such as 2026-11-26T17:40:15Z\n", now_option);
  return t;
}

}  // namespace ferry::cli
