#include "cli/line_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace ferry::cli {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t begin = 0; begin < text.size();) {
    const size_t end = text.find('\n', begin);
    const size_t stop = end == std::string_view::npos ? text.size() : end + 1;
    out.push_back(text.substr(begin, stop - begin));
    begin = stop;
  }
  return out;
}

struct Edit {
  char kind;  // ' ', '-', '+'
  std::string_view line;
  size_t old_line;  // 1-based position in each text before this edit
  size_t new_line;
};

// The edit script from a longest common subsequence table. Policy files are small
// (and bounded at 16 MiB); past a few thousand lines each, the files are shown as
// replaced whole instead of building a quadratic table.
std::vector<Edit> edits(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<Edit> out;
  if (a.size() * b.size() > 16'000'000) {
    for (size_t i = 0; i < a.size(); ++i) out.push_back({'-', a[i], i + 1, 1});
    for (size_t j = 0; j < b.size(); ++j) out.push_back({'+', b[j], a.size() + 1, j + 1});
    return out;
  }
  std::vector<std::vector<uint32_t>> lcs(a.size() + 1, std::vector<uint32_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out.push_back({' ', a[i], i + 1, j + 1});
      ++i, ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push_back({'-', a[i], i + 1, j + 1});
      ++i;
    } else {
      out.push_back({'+', b[j], i + 1, j + 1});
      ++j;
    }
  }
  return out;
}

}  // namespace

std::string unified_diff(std::string_view name, std::string_view before, std::string_view after) {
  if (before == after) return {};
  const auto script = edits(lines_of(before), lines_of(after));
  constexpr size_t kContext = 3;
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", name, name);
  size_t k = 0;
  while (k < script.size()) {
    // The next hunk: from kContext lines before a change to kContext lines after the
    // last change that is within 2 * kContext lines of the one before it.
    while (k < script.size() && script[k].kind == ' ') ++k;
    if (k == script.size()) break;
    const size_t first = k >= kContext ? k - kContext : 0;
    size_t last = k;
    for (size_t m = k; m < script.size(); ++m) {
      if (script[m].kind != ' ') last = m;
      else if (m - last > 2 * kContext) break;
    }
    const size_t end = std::min(script.size(), last + kContext + 1);
    size_t old_count = 0;
    size_t new_count = 0;
    for (size_t m = first; m < end; ++m) {
      old_count += script[m].kind != '+';
      new_count += script[m].kind != '-';
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_count ? script[first].old_line : script[first].old_line - 1, old_count,
                       new_count ? script[first].new_line : script[first].new_line - 1, new_count);
    for (size_t m = first; m < end; ++m) {
      out += script[m].kind;
      out += script[m].line;
      if (!script[m].line.ends_with('\n')) out += "\n\\ No newline at end of file\n";
    }
    k = end;
  }
  return out;
}

}  // namespace ferry::cli
