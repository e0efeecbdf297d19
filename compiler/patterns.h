// Validation of the glob-like patterns of the language: `on` repository patterns and
// the right-hand side of `like`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry {

// A problem in a pattern: the byte offset within it and a message.
struct PatternError {
  size_t offset;
  size_t length;
  std::string message;
};

// `dev/website`, `dev/*`, `team-*/api`, `dev/**`: lowercase repository path segments in
// which `*` matches within one segment and a `**` segment matches any number of them.
std::optional<PatternError> check_repo_pattern(std::string_view pattern);

// `*` any run of characters, `?` one character, `\*` `\?` `\\` the character itself.
std::optional<PatternError> check_like_glob(std::string_view glob);

}  // namespace ferry
