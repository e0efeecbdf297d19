#include "runtime/facts/vocabulary.h"

#include <algorithm>
#include <cctype>

namespace ferry::facts {
namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

void count_severity(VulnCounts& counts, std::string_view severity) {
  const std::string s = lowered(severity);
  if (s == "critical") ++counts.critical;
  else if (s == "high") ++counts.high;
  else if (s == "medium" || s == "moderate") ++counts.medium;
  else if (s == "low" || s == "negligible" || s == "info" || s == "none") ++counts.low;
  else ++counts.unknown;
}

int severity_rank(std::string_view severity) {
  const std::string s = lowered(severity);
  if (s == "critical") return 4;
  if (s == "high") return 3;
  if (s == "medium" || s == "moderate") return 2;
  if (s == "low" || s == "negligible" || s == "info" || s == "none") return 1;
  return 0;
}

bool no_assertion(std::string_view value) { return value.empty() || value == "NOASSERTION" || value == "NONE"; }

void add_license_ids(std::string_view expression, std::vector<std::string>& out) {
  bool exception_next = false;
  size_t i = 0;
  while (i < expression.size()) {
    const char c = expression[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < expression.size() && !std::isspace(static_cast<unsigned char>(expression[end])) && expression[end] != '(' &&
           expression[end] != ')') {
      ++end;
    }
    const std::string_view token = expression.substr(i, end - i);
    i = end;
    const std::string op = lowered(token);
    if (op == "and" || op == "or") continue;
    if (op == "with") {
      exception_next = true;
      continue;
    }
    if (exception_next) {  // `WITH Classpath-exception-2.0` qualifies the license before it
      exception_next = false;
      continue;
    }
    if (!no_assertion(token)) out.emplace_back(token);
  }
}

void add_license_name(std::string_view name, std::vector<std::string>& out) {
  if (!no_assertion(name)) out.emplace_back(name);
}

void finish_licenses(std::vector<std::string>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace ferry::facts
