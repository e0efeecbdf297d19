// Golden policy files: tests/golden/*.ferry carry their expected diagnostics inline,
// as `# expect-error: LINE:COL CODE` or `# expect-warning: LINE:COL CODE` comments.
#pragma once

#include <string>
#include <vector>

namespace ferry::test {

// The expectations written in a golden file, as "LINE:COL CODE", in file order.
std::vector<std::string> golden_expectations(const std::string& text);

// What ferry reports for the file, as "LINE:COL CODE", in source order.
std::vector<std::string> golden_actual(const std::string& name, const std::string& text);

// The file with its expectation comments rewritten to match what ferry reports now:
// each on the line it is about, so no line moves.
std::string golden_update(const std::string& name, const std::string& text);

std::vector<std::string> golden_files();

}  // namespace ferry::test
