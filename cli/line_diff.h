// A unified diff of two texts, line by line, for `ferry fmt --diff`.
#pragma once

#include <string>
#include <string_view>

namespace ferry::cli {

// The `diff -u` form of `before` -> `after` with three lines of context, headed by
// `--- a/NAME` and `+++ b/NAME`; empty when the texts are equal.
std::string unified_diff(std::string_view name, std::string_view before, std::string_view after);

}  // namespace ferry::cli
