#include "cli/lint_output.h"

#include <fmt/format.h>

namespace ferry::cli {
namespace {

using Json = nlohmann::ordered_json;

const char* sarif_level(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

Json region(const SourceFile& file, Span span) {
  const LineCol begin = file.locate(span.begin);
  const LineCol end = file.locate(span.end);
  return {{"startLine", begin.line}, {"startColumn", begin.column}, {"endLine", end.line}, {"endColumn", end.column}};
}

Json location(const SourceFile& file, Span span) {
  return {{"physicalLocation", {{"artifactLocation", {{"uri", file.path()}}}, {"region", region(file, span)}}}};
}

// Workflow command values: `%`, CR and LF escaped, and in properties `:` and `,` too.
std::string escape(std::string_view s, bool property) {
  std::string out;
  for (const char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

Json sarif_log(const std::vector<Finding>& findings) {
  // Every code is a rule, with its summary and where its page is.
  Json rules = Json::array();
  for (const auto& info : all_diagnostics()) {
    const bool lint = info.name.starts_with("L");
    rules.push_back({{"id", std::string(info.name)},
                     {"shortDescription", {{"text", std::string(info.summary)}}},
                     {"help", {{"text", fmt::format("{}. Bad and fixed examples: docs/{}.md, section {}.", info.summary,
                                                    lint ? "lint" : "diagnostics", info.name)}}},
                     {"defaultConfiguration", {{"level", sarif_level(info.severity)}}}});
  }
  Json results = Json::array();
  for (const auto& f : findings) {
    const DiagInfo& info = diag_info(f.diag.code);
    Json result = {{"ruleId", std::string(info.name)},
                   {"ruleIndex", static_cast<int>(f.diag.code)},
                   {"level", sarif_level(f.level)},
                   {"message", {{"text", f.diag.message}}},
                   {"locations", Json::array({location(*f.file, f.diag.span)})}};
    if (!f.diag.notes.empty()) {
      result["relatedLocations"] = Json::array();
      for (size_t k = 0; k < f.diag.notes.size(); ++k) {
        Json related = location(*f.file, f.diag.notes[k].span);
        related["id"] = k;
        related["message"] = {{"text", f.diag.notes[k].message}};
        result["relatedLocations"].push_back(std::move(related));
      }
    }
    results.push_back(std::move(result));
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", Json::array({{{"tool", {{"driver", {{"name", "ferry"}, {"rules", rules}}}}},
                                 {"columnKind", "unicodeCodePoints"},
                                 {"results", results}}})}};
}

std::string github_command(const Finding& f) {
  const LineCol begin = f.file->locate(f.diag.span.begin);
  const LineCol end = f.file->locate(f.diag.span.end);
  const char* kind = f.level == Severity::Error ? "error" : f.level == Severity::Warning ? "warning" : "notice";
  return fmt::format("::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n", kind, escape(f.file->path(), true),
                     begin.line, begin.column, end.line, end.column, diag_info(f.diag.code).name,
                     escape(f.diag.message, false));
}

}  // namespace ferry::cli
