// The `*.test.json` case files of `ferry test` (LANGUAGE.md section 7): a list of
// {"name", "image", "now"?, "expect": {"decision", "actions"?: [{"destination", "tag"?}]}}.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/explain.h"
#include "runtime/image.h"

namespace ferry::cli {

struct ExpectedAction {
  std::string destination;
  std::optional<std::string> tag;  // absent: any tag
};

struct Expectation {
  std::string decision;  // push | none | blocked
  std::optional<std::vector<ExpectedAction>> actions;  // absent: not compared
};

struct TestCase {
  std::string name;
  size_t index;  // in its file, from 0
  ImageFacts image;
  std::optional<int64_t> now;
  Expectation expect;
};

// One case's outcome, or a case file's problem (passed false, `problem` says what).
struct CaseResult {
  std::string file;
  std::string name;
  size_t index;
  bool passed;
  std::string problem;
  std::vector<std::string> missing;     // expected pushes that did not happen
  std::vector<std::string> unexpected;  // pushes that were not expected
  nlohmann::ordered_json expected;
  nlohmann::ordered_json got;  // the decision, as `eval --format json` prints it
  std::string got_text;        // and as `eval` prints it
  std::vector<RuleExplanation> explanation;  // of the rules involved, for a failure
};

struct LoadedCases {
  std::vector<TestCase> cases;
  std::vector<CaseResult> problems;  // cases that cannot run: each a failure
  bool unreadable = false;           // the file cannot be read or parsed at all (said on stderr)
};

LoadedCases load_test_cases(const std::string& path);

nlohmann::ordered_json expectation_json(const Expectation& e);

}  // namespace ferry::cli
