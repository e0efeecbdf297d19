#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/explain.h"
#include "cli/files.h"
#include "cli/policies.h"
#include "runtime/image.h"
#include "runtime/image_reader.h"
#include "runtime/timefmt.h"
#include "runtime/vm.h"

namespace ferry::cli {
namespace {

// One image's facts, as JSON, are refused beyond this.
constexpr size_t kMaxImageBytes = 16 * 1024 * 1024;

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

}  // namespace

int run_eval(const EvalOptions& options) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (!options.now.empty()) {
    const auto t = parse_rfc3339(options.now);
    if (!t) {
      std::cerr << fmt::format("ferry: --now \"{}\" is not an RFC 3339 time such as 2026-11-26T17:40:15Z\n", options.now);
      return kExitUsage;
    }
    now = *t;
  }
  const bool lines = !options.images.empty();
  const std::string input = lines ? options.images : options.image;
  if (input.empty()) {
    std::cerr << "ferry: eval needs --image FILE.json, --images FILE.jsonl or --image -\n";
    return kExitUsage;
  }
  const CompiledPolicies policies = compile_policies(options.policies, isatty(STDERR_FILENO), options.explain);
  if (policies.exit_code != 0) return policies.exit_code;

  std::ifstream file;
  std::istream* in = &std::cin;
  if (input != "-") {
    file.open(input, std::ios::binary);
    if (!file) {
      std::cerr << fmt::format("ferry: cannot read '{}'\n", input);
      return kExitUsage;
    }
    in = &file;
  }
  const std::string name = input == "-" ? "<stdin>" : input;

  Vm vm;
  Decision decision;
  const auto programs = policies.views();
  const auto explained = policies.explained_views();
  bool bad_record = false;
  JsonLinesReader reader;
  ImageFacts image;  // reused from record to record
  std::vector<FactsIssue> issues;
  const auto process = [&](std::string_view record, const std::string& where) {
    const bool ok = reader.read_into(record, image, issues);
    for (const auto& issue : issues) {
      std::cerr << fmt::format("{}: {}: {}{}\n", where, issue.warning ? "warning" : "error",
                               issue.path.empty() ? "" : "`" + issue.path + "` ", issue.message);
    }
    if (!ok) {
      std::cerr << fmt::format("{}: record skipped\n", where);
      bad_record = true;
      return;
    }
    vm.evaluate(programs, image, now, decision);
    // The decision is written out before --explain evaluates again: it refers to the
    // Vm's messages, which the next evaluation replaces.
    if (options.format == "json") {
      auto out = decision_json(image, decision);
      if (options.explain) out["explain"] = explanation_json(explain(explained, vm, image, now));
      std::cout << out.dump(lines ? -1 : 2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    } else {
      std::cout << decision_text(image, decision);
      if (options.explain) std::cout << "  explain:\n" << explanation_text(explain(explained, vm, image, now));
    }
  };
  if (lines) {
    // JSON Lines are streamed: one record in memory at a time.
    std::string line;
    for (size_t n = 1; std::getline(*in, line); ++n) {
      const std::string where = fmt::format("{}:{}", name, n);
      if (line.size() > kMaxImageBytes) {
        std::cerr << fmt::format("{}: error: the record is larger than 16 MiB; skipped\n", where);
        bad_record = true;
      } else if (line.find_first_not_of(" \t\r") != std::string::npos) {
        process(line, where);
      }
    }
  } else {
    const std::string text = read_bounded(*in, kMaxImageBytes);
    if (text.size() > kMaxImageBytes) {
      std::cerr << fmt::format("ferry: '{}' is larger than 16 MiB; an image's facts are far smaller\n", name);
      return kExitUsage;
    }
    process(text, name);
  }
  return bad_record ? kExitPolicyError : kExitOk;
}

}  // namespace ferry::cli
