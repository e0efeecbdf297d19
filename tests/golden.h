// Golden policy files: tests/golden/*.ferry carry their expected diagnostics inline,
// as `# expect-error: LINE:COL CODE` or `# expect-warning: LINE:COL CODE` comments;
// tests/lint/*.ferry the same for `ferry lint` (also `# expect-info:`).
#pragma once

#include <string>
#include <vector>

namespace ferry::test {

// The expectations written in a golden file, as "LINE:COL CODE", in file order.
std::vector<std::string> golden_expectations(const std::string& text);

// What is reported: `check`'s diagnostics, or those and the lints, as `ferry lint` on
// this one file (suppressions applied).
enum class GoldenKind { Check, Lint };

// What ferry reports for the file, as "LINE:COL CODE", in source order.
std::vector<std::string> golden_actual(const std::string& name, const std::string& text,
                                       GoldenKind kind = GoldenKind::Check);

// The file with its expectation comments rewritten to match what ferry reports now:
// each on the line it is about, so no line moves.
std::string golden_update(const std::string& name, const std::string& text, GoldenKind kind = GoldenKind::Check);

// The *.ferry files of tests/golden (Check) or tests/lint (Lint).
std::vector<std::string> golden_files(GoldenKind kind = GoldenKind::Check);

}  // namespace ferry::test
