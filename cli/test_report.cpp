#include "cli/test_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "cli/decision_output.h"

namespace ferry::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string case_title(const CaseResult& r) { return fmt::format("{}: {}", r.file, r.name); }

std::string rule_title(const Coverage::Counts& c) {
  const CompiledRule& rule = c.program->rules[c.rule];
  return fmt::format("{} ({})", rule_label(rule.name), c.program->source.location(rule.span_begin));
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string indented(const std::string& text, const std::string& pad) {
  std::string out;
  for (size_t begin = 0; begin < text.size();) {
    const size_t end = text.find('\n', begin);
    const size_t stop = end == std::string::npos ? text.size() : end + 1;
    out += pad + text.substr(begin, stop - begin);
    begin = stop;
  }
  return out;
}

void failure_text(const CaseResult& r, std::string& out) {
  if (!r.problem.empty()) out += fmt::format("  {}\n", r.problem);
  for (const auto& m : r.missing) out += fmt::format("  expected a push to {}, which did not happen\n", m);
  for (const auto& u : r.unexpected) out += fmt::format("  unexpected push to {}\n", u);
  if (r.got.is_null()) return;  // the case could not run
  out += "  got:\n" + indented(r.got_text, "    ");
  if (!r.explanation.empty()) out += "  explain:\n" + indented(explanation_text(r.explanation), "  ");
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 has no place for other control characters.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += ' ';
        else out += c;
    }
  }
  return out;
}

}  // namespace

Coverage::Coverage(const std::vector<const Program*>& programs) {
  for (const Program* program : programs) {
    for (size_t r = 0; r < program->rules.size(); ++r) rules_.push_back({program, r});
  }
}

void Coverage::record(Vm& vm, const ImageFacts& image, int64_t now) {
  for (auto& c : rules_) {
    if (!rule_in_scope(*c.program, c.program->rules[c.rule], image)) continue;
    const Value v = vm.condition(*c.program, c.rule, image, now);
    ++(v.is_error() ? c.error : v.b ? c.true_ : c.false_);
  }
}

size_t Coverage::Counts::fired() const { return true_ + (program->rules[rule].blocks ? error : 0); }
size_t Coverage::Counts::kept() const { return false_ + (program->rules[rule].blocks ? 0 : error); }

void print_text(const std::vector<CaseResult>& results, const Coverage* coverage) {
  std::string out;
  size_t failed = 0;
  for (const auto& r : results) {
    out += fmt::format("{}  {}\n", r.passed ? "PASS" : "FAIL", case_title(r));
    if (!r.passed) {
      ++failed;
      failure_text(r, out);
    }
  }
  if (coverage) {
    out += "\ncoverage (cases where each rule fired / was kept from firing):\n";
    for (const auto& c : coverage->rules()) {
      const std::string gap = c.fired() == 0 ? "  <- never fired" : c.kept() == 0 ? "  <- never kept from firing" : "";
      out += fmt::format("  {:>4} / {:<4} {}{}\n", c.fired(), c.kept(), rule_title(c), gap);
    }
  }
  out += fmt::format("ferry test: {} case{}, {} passed, {} failed\n", results.size(), results.size() == 1 ? "" : "s",
                     results.size() - failed, failed);
  std::cout << out;
}

void print_json(const std::vector<CaseResult>& results, const Coverage* coverage) {
  Json out = {{"cases", Json::array()}};
  size_t failed = 0;
  for (const auto& r : results) {
    failed += r.passed ? 0 : 1;
    Json c = {{"file", r.file}, {"name", r.name}, {"index", r.index}, {"passed", r.passed}};
    if (!r.problem.empty()) c["problem"] = r.problem;
    if (!r.missing.empty()) c["missing"] = r.missing;
    if (!r.unexpected.empty()) c["unexpected"] = r.unexpected;
    if (!r.expected.is_null()) c["expected"] = r.expected;
    if (!r.got.is_null()) c["got"] = r.got;
    if (!r.explanation.empty()) c["explain"] = explanation_json(r.explanation);
    out["cases"].push_back(std::move(c));
  }
  out["passed"] = results.size() - failed;
  out["failed"] = failed;
  if (coverage) {
    out["coverage"] = Json::array();
    for (const auto& c : coverage->rules()) {
      const CompiledRule& rule = c.program->rules[c.rule];
      out["coverage"].push_back({{"rule", rule.name.empty() ? Json(nullptr) : Json(rule.name)},
                                 {"location", c.program->source.location(rule.span_begin)},
                                 {"true", c.true_},
                                 {"false", c.false_},
                                 {"error", c.error},
                                 {"fired", c.fired()},
                                 {"kept", c.kept()}});
    }
  }
  std::cout << out.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

void print_junit(const std::vector<CaseResult>& results) {
  std::map<std::string, std::vector<const CaseResult*>> by_file;
  size_t failed = 0;
  for (const auto& r : results) {
    by_file[r.file].push_back(&r);
    failed += r.passed ? 0 : 1;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"ferry test\" tests=\"{}\" failures=\"{}\">\n", results.size(), failed);
  for (const auto& [file, cases] : by_file) {
    const auto fails = std::count_if(cases.begin(), cases.end(), [](const CaseResult* r) { return !r->passed; });
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml_escape(file), cases.size(), fails);
    for (const CaseResult* r : cases) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escape(file), xml_escape(r->name));
      if (r->passed) {
        out += "/>\n";
        continue;
      }
      std::string details;
      failure_text(*r, details);
      const std::string first = r->problem.empty() ? "the decision differs from the expected one" : r->problem;
      out += fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n", xml_escape(first),
                         xml_escape(details + "expected: " + dump(r->expected) + "\n"));
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  std::cout << out;
}

}  // namespace ferry::cli
