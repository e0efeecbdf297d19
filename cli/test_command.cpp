// `ferry test POLICY... CASES.test.json...`: each case's image through the VM, its
// decision compared with the expected one (LANGUAGE.md section 7).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "cli/commands.h"
#include "cli/decision_output.h"
#include "cli/explain.h"
#include "cli/files.h"
#include "cli/policies.h"
#include "cli/records.h"
#include "cli/test_report.h"
#include "runtime/vm.h"

namespace ferry::cli {
namespace {

using Json = nlohmann::ordered_json;

bool is_case_file(const std::string& path) { return path.size() > 10 && path.ends_with(".test.json"); }

// The expected actions that did not happen and the actions that were not expected. An
// expected action without a tag matches a push to its destination with any tag.
void compare_actions(const std::vector<ExpectedAction>& expected, const Decision& got, CaseResult& result) {
  std::vector<bool> used(got.pushes.size(), false);
  for (const auto& e : expected) {
    bool found = false;
    for (size_t i = 0; i < got.pushes.size() && !found; ++i) {
      const PushAction& p = got.pushes[i];
      if (!used[i] && p.destination == e.destination && (!e.tag || p.tag == *e.tag)) found = used[i] = true;
    }
    if (!found) result.missing.push_back(e.tag ? fmt::format("{}:{}", e.destination, *e.tag) : e.destination + " (any tag)");
  }
  for (size_t i = 0; i < got.pushes.size(); ++i) {
    if (!used[i]) result.unexpected.push_back(fmt::format("{}:{}", got.pushes[i].destination, got.pushes[i].tag));
  }
}

// The rules a failure concerns: those that pushed, blocked or failed, and, when an
// expected push did not happen, every push rule (which one should have made it is the
// question). Empty means every rule in scope.
std::set<std::string> rules_involved(const Decision& got, bool push_missing, const std::vector<const Program*>& programs) {
  std::set<std::string> names;
  for (const auto& p : got.pushes) names.emplace(p.rule);
  for (const auto& b : got.blocks) names.emplace(b.rule);
  for (const auto& e : got.errors) names.emplace(e.rule);
  for (const Program* program : programs) {
    for (const auto& rule : program->rules) {
      if (push_missing && !rule.blocks) names.insert(rule.name);
    }
  }
  names.erase("");  // unnamed rules cannot be picked out: shown with everything else
  return names;
}

}  // namespace

int run_test(const TestOptions& options) {
  std::vector<std::string> policy_paths;
  std::vector<std::string> case_paths;
  for (const auto& arg : options.files) (is_case_file(arg) ? case_paths : policy_paths).push_back(arg);
  // A directory also holds its *.test.json files.
  for (const auto& path : policy_paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) continue;
    for (const auto& found : files_under(path, ".test.json", ec)) case_paths.push_back(found);
  }
  if (policy_paths.empty() || case_paths.empty()) {
    std::cerr << "ferry: test needs policy files and *.test.json case files\n";
    return kExitUsage;
  }
  const CompiledPolicies policies = compile_policies(policy_paths, isatty(STDERR_FILENO), true);
  if (policies.exit_code != 0) return policies.exit_code;
  const auto default_now = evaluation_time("");

  Vm vm;
  Decision decision;
  const auto programs = policies.views();
  const auto explained = policies.explained_views();
  Coverage coverage(programs);
  std::vector<CaseResult> results;
  for (const auto& path : case_paths) {
    auto loaded = load_test_cases(path);
    if (loaded.unreadable) return kExitUsage;
    const size_t first = results.size();
    for (auto& problem : loaded.problems) results.push_back(std::move(problem));
    for (const auto& c : loaded.cases) {
      CaseResult result{path, c.name, c.index, true, {}, {}, {}, {}, {}, {}, {}};
      const int64_t now = c.now.value_or(*default_now);
      vm.evaluate(programs, c.image, now, decision);
      const std::string got = kind_name(decision.kind());
      if (got != c.expect.decision) {
        result.passed = false;
        result.problem = fmt::format("expected {}, got {}", c.expect.decision, got);
      }
      if (c.expect.actions) compare_actions(*c.expect.actions, decision, result);
      result.passed = result.passed && result.missing.empty() && result.unexpected.empty();
      result.got = decision_json(c.image, decision);
      result.got_text = decision_text(c.image, decision);
      result.expected = expectation_json(c.expect);
      // Before anything evaluates again: the decision refers to the Vm's messages.
      const bool push_missing = !result.missing.empty() || (c.expect.decision == "push" && decision.pushes.empty());
      const auto involved = rules_involved(decision, push_missing, programs);
      if (options.coverage) coverage.record(vm, c.image, now);
      if (!result.passed) {
        for (auto& rule : explain(explained, vm, c.image, now)) {
          if (involved.empty() || involved.count(rule.rule)) result.explanation.push_back(std::move(rule));
        }
      }
      results.push_back(std::move(result));
    }
    // In the file's order, the cases that could not run among the others.
    std::stable_sort(results.begin() + static_cast<std::ptrdiff_t>(first), results.end(),
                     [](const CaseResult& a, const CaseResult& b) { return a.index < b.index; });
  }

  if (options.format == "json") print_json(results, options.coverage ? &coverage : nullptr);
  else if (options.format == "junit") print_junit(results);
  else print_text(results, options.coverage ? &coverage : nullptr);
  const bool all_passed = std::all_of(results.begin(), results.end(), [](const CaseResult& r) { return r.passed; });
  return all_passed ? kExitOk : kExitPolicyError;
}

}  // namespace ferry::cli
