#include "runtime/glob.h"

#include <vector>

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

std::vector<std::string_view> segments(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool match_segments(const std::vector<std::string_view>& p, size_t pi, const std::vector<std::string_view>& r, size_t ri) {
  if (pi == p.size()) return ri == r.size();
  if (p[pi] == "**") {
    for (size_t k = ri; k <= r.size(); ++k) {
      if (match_segments(p, pi + 1, r, k)) return true;
    }
    return false;
  }
  return ri < r.size() && match(p[pi], r[ri], false) && match_segments(p, pi + 1, r, ri + 1);
}

}  // namespace

bool like_match(std::string_view glob, std::string_view text) { return match(glob, text, true); }

bool repo_match(std::string_view pattern, std::string_view repo) {
  return match_segments(segments(pattern), 0, segments(repo), 0);
}

}  // namespace ferry
