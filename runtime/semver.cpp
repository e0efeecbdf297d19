#include "runtime/semver.h"

#include <algorithm>

namespace ferry {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_identifier_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

bool fail(std::string* error, const char* why) {
  if (error) *error = why;
  return false;
}

bool parse_number(std::string_view s, uint64_t& out, std::string* error) {
  if (!all_digits(s)) return fail(error, "major, minor and patch must be numbers");
  if (s.size() > 1 && s[0] == '0') return fail(error, "numbers must not have leading zeros");
  if (s.size() > 19) return fail(error, "a version number is too large");
  out = 0;
  for (char c : s) out = out * 10 + static_cast<uint64_t>(c - '0');
  return true;
}

// Calls `f` on each '.'-separated part, empty parts included (so "1..2" is rejected);
// stops and returns false as soon as `f` does.
template <class F>
bool each_part(std::string_view s, F f) {
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (!f(s.substr(start, i - start))) return false;
      start = i + 1;
    }
  }
  return true;
}

bool identifier(std::string_view part) {
  return !part.empty() && std::all_of(part.begin(), part.end(), is_identifier_char);
}

}  // namespace

bool is_semver(std::string_view text, std::string* error) {
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  const size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    if (!each_part(text.substr(plus + 1), identifier)) {
      return fail(error, "build metadata must be dot-separated [0-9A-Za-z-] identifiers");
    }
    text = text.substr(0, plus);
  }
  const size_t dash = text.find('-');
  const std::string_view core = text.substr(0, dash);
  int parts = 0;
  each_part(core, [&](std::string_view) { return ++parts <= 3; });
  if (parts != 3) return fail(error, "a version has three numbers: MAJOR.MINOR.PATCH");
  uint64_t ignored = 0;
  if (!each_part(core, [&](std::string_view part) { return parse_number(part, ignored, error); })) return false;
  if (dash == std::string_view::npos) return true;
  bool ok = true;
  each_part(text.substr(dash + 1), [&](std::string_view part) {
    if (!identifier(part)) {
      ok = fail(error, "a pre-release must be dot-separated [0-9A-Za-z-] identifiers");
    } else if (all_digits(part) && part.size() > 1 && part[0] == '0') {
      ok = fail(error, "numeric pre-release identifiers must not have leading zeros");
    }
    return ok;
  });
  return ok;
}

std::optional<Semver> parse_semver(std::string_view text, std::string* error) {
  if (!is_semver(text, error)) return std::nullopt;
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  text = text.substr(0, text.find('+'));
  const size_t dash = text.find('-');
  Semver v;
  uint64_t* numbers[] = {&v.major, &v.minor, &v.patch};
  int k = 0;
  each_part(text.substr(0, dash), [&](std::string_view part) { return parse_number(part, *numbers[k++], nullptr); });
  if (dash != std::string_view::npos) {
    each_part(text.substr(dash + 1), [&](std::string_view part) {
      v.prerelease.emplace_back(part);
      return true;
    });
  }
  return v;
}

namespace {

struct SemverView {
  uint64_t core[3] = {0, 0, 0};
  std::string_view prerelease;
};

SemverView view_of(std::string_view text) {
  SemverView v;
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  text = text.substr(0, text.find('+'));
  const size_t dash = text.find('-');
  if (dash != std::string_view::npos) v.prerelease = text.substr(dash + 1);
  text = text.substr(0, dash);
  int part = 0;
  for (char c : text) {
    if (c == '.') {
      if (++part > 2) break;
    } else {
      v.core[part] = v.core[part] * 10 + static_cast<uint64_t>(c - '0');
    }
  }
  return v;
}

std::strong_ordering compare_identifier(std::string_view x, std::string_view y) {
  const bool xn = all_digits(x);
  const bool yn = all_digits(y);
  if (xn && yn) {
    if (auto c = x.size() <=> y.size(); c != 0) return c;
    return x.compare(y) <=> 0;
  }
  if (xn != yn) return xn ? std::strong_ordering::less : std::strong_ordering::greater;
  return x.compare(y) <=> 0;
}

}  // namespace

std::strong_ordering compare_semver_text(std::string_view a, std::string_view b) {
  const SemverView x = view_of(a);
  const SemverView y = view_of(b);
  for (int i = 0; i < 3; ++i) {
    if (auto c = x.core[i] <=> y.core[i]; c != 0) return c;
  }
  // A version without a pre-release ranks above the same version with one.
  if (x.prerelease.empty() != y.prerelease.empty()) {
    return x.prerelease.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  std::string_view p = x.prerelease;
  std::string_view q = y.prerelease;
  while (!p.empty() && !q.empty()) {
    const size_t pd = p.find('.');
    const size_t qd = q.find('.');
    if (auto c = compare_identifier(p.substr(0, pd), q.substr(0, qd)); c != 0) return c;
    p = pd == std::string_view::npos ? std::string_view() : p.substr(pd + 1);
    q = qd == std::string_view::npos ? std::string_view() : q.substr(qd + 1);
  }
  if (p.empty() && q.empty()) return std::strong_ordering::equal;
  return p.empty() ? std::strong_ordering::less : std::strong_ordering::greater;
}

std::strong_ordering compare(const Semver& a, const Semver& b) {
  if (auto c = a.major <=> b.major; c != 0) return c;
  if (auto c = a.minor <=> b.minor; c != 0) return c;
  if (auto c = a.patch <=> b.patch; c != 0) return c;
  // A version without a pre-release ranks above the same version with one.
  if (a.prerelease.empty() || b.prerelease.empty()) return b.prerelease.size() <=> a.prerelease.size();
  const size_t n = std::min(a.prerelease.size(), b.prerelease.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string& x = a.prerelease[i];
    const std::string& y = b.prerelease[i];
    const bool xn = all_digits(x);
    const bool yn = all_digits(y);
    if (xn && yn) {
      if (auto c = x.size() <=> y.size(); c != 0) return c;  // no leading zeros: longer is larger
      if (auto c = x <=> y; c != 0) return c;
    } else if (xn != yn) {
      return xn ? std::strong_ordering::less : std::strong_ordering::greater;  // numeric ranks lower
    } else if (auto c = x <=> y; c != 0) {
      return c;
    }
  }
  return a.prerelease.size() <=> b.prerelease.size();
}

}  // namespace ferry
