#include "runtime/glob.h"

#include <optional>

namespace ferry {
namespace {

size_t char_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return i + n <= s.size() ? n : 1;
}

// Iterative matching with one backtrack point for the last `*`: linear in practice and
// never exponential.
bool match(std::string_view p, std::string_view t, bool star_crosses_slash) {
  size_t pi = 0, ti = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = ++pi;
      star_t = ti;
      continue;
    }
    if (pi < p.size()) {
      if (p[pi] == '?' && star_crosses_slash) {
        ++pi;
        ti += char_length(t, ti);
        continue;
      }
      const size_t lit = p[pi] == '\\' && star_crosses_slash && pi + 1 < p.size() ? pi + 1 : pi;
      if (p[lit] == t[ti]) {
        pi = lit + 1;
        ++ti;
        continue;
      }
    }
    if (star_p == std::string_view::npos || (!star_crosses_slash && t[star_t] == '/')) return false;
    pi = star_p;
    ti = ++star_t;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

// The first `/`-separated segment of a path and what follows it (nullopt: nothing).
struct Split {
  std::string_view head;
  std::optional<std::string_view> rest;
};

Split split_first(std::string_view path) {
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) return {path, std::nullopt};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

// Matches segment by segment without allocating; `**` takes zero or more segments.
bool match_segments(std::optional<std::string_view> pattern, std::optional<std::string_view> repo) {
  if (!pattern) return !repo;
  const Split p = split_first(*pattern);
  if (p.head == "**") {
    if (match_segments(p.rest, repo)) return true;
    return repo && match_segments(pattern, split_first(*repo).rest);
  }
  if (!repo) return false;
  const Split r = split_first(*repo);
  return match(p.head, r.head, false) && match_segments(p.rest, r.rest);
}

}  // namespace

bool like_match(std::string_view glob, std::string_view text) { return match(glob, text, true); }

bool repo_match(std::string_view pattern, std::string_view repo) { return match_segments(pattern, repo); }

}  // namespace ferry
