// What the readers share: severities and license expressions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/image.h"

namespace ferry::facts {

// Counts one vulnerability of `severity` (any case): critical, high, medium (and
// `moderate`), low (and `negligible`, `info`, `none`); anything else, or nothing, is
// unknown. docs/facts.md has the table.
void count_severity(VulnCounts& counts, std::string_view severity);
// critical 4, high 3, medium 2, low 1, anything else 0: for choosing among ratings.
int severity_rank(std::string_view severity);

// The license ids of an SPDX expression (`MIT OR Apache-2.0`, `(GPL-2.0-only WITH
// Classpath-exception-2.0 AND BSD-3-Clause)`) or of a plain name, appended to `out`;
// operators, exceptions, NOASSERTION and NONE are left out.
void add_license_ids(std::string_view expression, std::vector<std::string>& out);
// A license name (not an expression: `Apache License 2.0` is one name), unless it says nothing.
void add_license_name(std::string_view name, std::vector<std::string>& out);
// Sorted, each once.
void finish_licenses(std::vector<std::string>& ids);
// An SPDX field that says nothing (NOASSERTION, NONE) or is empty.
bool no_assertion(std::string_view value);

}  // namespace ferry::facts
