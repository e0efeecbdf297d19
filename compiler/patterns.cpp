#include "compiler/patterns.h"

#include <fmt/format.h>

#include "grammar/text.h"

namespace ferry {

std::optional<PatternError> check_repo_pattern(std::string_view pattern) {
  if (pattern.front() == '/' || pattern.back() == '/') {
    const size_t at = pattern.front() == '/' ? 0 : pattern.size() - 1;
    return PatternError{at, 1, "a repository pattern neither starts nor ends with `/`"};
  }
  size_t start = 0;
  for (size_t i = 0; i <= pattern.size(); ++i) {
    if (i < pattern.size() && pattern[i] != '/') continue;
    const std::string_view segment = pattern.substr(start, i - start);
    if (segment.empty()) return PatternError{start, 1, "empty path segment (`//`) in a repository pattern"};
    const size_t stars = segment.find("**");
    if (stars != std::string_view::npos && segment != "**") {
      return PatternError{start + stars, 2,
                          "`**` matches whole path segments and must stand alone between slashes, as in `dev/**`"};
    }
    start = i + 1;
  }
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c >= 'A' && c <= 'Z') {
      return PatternError{i, 1,
                          fmt::format("repository names are lowercase, so this pattern never matches; write `{}`",
                                      ascii_lower(pattern))};
    }
  }
  return std::nullopt;
}

std::optional<PatternError> check_like_glob(std::string_view glob) {
  for (size_t i = 0; i < glob.size(); ++i) {
    if (glob[i] != '\\') continue;
    if (i + 1 >= glob.size()) {
      return PatternError{i, 1, "the glob ends with a lone `\\`; write `\\\\\\\\` in the string for a literal backslash"};
    }
    const char next = glob[i + 1];
    if (next != '*' && next != '?' && next != '\\') {
      const std::string_view escaped = utf8_char_at(glob, i + 1);
      return PatternError{i, 1 + escaped.size(),
                          fmt::format("`\\{}` is not a glob escape; only `\\*`, `\\?` and `\\\\` are", escaped)};
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace ferry
