// Semantic versions (semver.org 2.0.0): parsing and precedence.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

struct Semver {
  uint64_t major = 0;
  uint64_t minor = 0;
  uint64_t patch = 0;
  std::vector<std::string> prerelease;  // dot-separated identifiers; build metadata is dropped
};

// Whether `text` is a version (as parse_semver takes it), without allocating; `error`
// says why not.
bool is_semver(std::string_view text, std::string* error = nullptr);

// Parses `1.2.3`, `1.2.3-rc.1+build.5`, and `v1.2.3` (the `v` that tags often carry).
// Returns nullopt, with `error` saying why, when the text is not a version.
std::optional<Semver> parse_semver(std::string_view text, std::string* error = nullptr);

// Precedence per semver.org section 11; build metadata does not count.
std::strong_ordering compare(const Semver& a, const Semver& b);

// The same precedence on two texts already known to be versions, without allocating:
// what the VM compares `semver(...)` values with.
std::strong_ordering compare_semver_text(std::string_view a, std::string_view b);

}  // namespace ferry
