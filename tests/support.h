// Helpers shared by the unit tests.
#pragma once

#include <string>
#include <vector>

#include "compiler/checker.h"
#include "grammar/parser.h"

namespace ferry::test {

// Parses and checks `text` as a policy named "test.ferry".
FrontEndResult front_end(const std::string& text);

// The codes of the diagnostics, in order ("E0204", "W0301").
std::vector<std::string> codes(const Diagnostics& diags);

// `LINE:COL CODE` of each diagnostic, for golden comparisons.
std::vector<std::string> positions(const SourceFile& file, const Diagnostics& diags);

std::string read_file(const std::string& path);
std::string source_path(const std::string& relative);

}  // namespace ferry::test
