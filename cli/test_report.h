// What `ferry test` prints: per case pass/fail with the difference and the --explain tree
// of the rules involved (text), the same as JSON, JUnit XML for CI, and rule coverage.
#pragma once

#include <vector>

#include "cli/test_cases.h"
#include "runtime/program.h"
#include "runtime/vm.h"

namespace ferry::cli {

// Per rule, how often its condition was true, false or an error over the cases run: a
// rule no case made fire, or no case kept from firing, is not tested.
class Coverage {
 public:
  explicit Coverage(const std::vector<const Program*>& programs);
  // Evaluates every rule in scope for `image` (this replaces `vm`'s last decision).
  void record(Vm& vm, const ImageFacts& image, int64_t now);

  struct Counts {
    const Program* program;
    size_t rule;
    size_t true_ = 0;
    size_t false_ = 0;
    size_t error = 0;
    // A block rule in error blocks; a push rule in error does not push.
    size_t fired() const;
    size_t kept() const;
  };
  const std::vector<Counts>& rules() const { return rules_; }

 private:
  std::vector<Counts> rules_;
};

void print_text(const std::vector<CaseResult>& results, const Coverage* coverage);
void print_json(const std::vector<CaseResult>& results, const Coverage* coverage);
void print_junit(const std::vector<CaseResult>& results);

}  // namespace ferry::cli
