#include "tests/golden.h"

#include <algorithm>
#include <filesystem>
#include <regex>

#include "compiler/lint.h"
#include "tests/support.h"

namespace ferry::test {
namespace {

const std::regex& expectation_pattern() {
  static const std::regex re(R"(#\s*expect-(error|warning|info):\s*(\d+):(\d+)\s+([EWL]\d{4}))");
  return re;
}

// The text ferry checks: a `# golden-pad-to: N` directive pads the file with spaces to N
// bytes, for cases (a file over 16 MiB) too large to keep in the repository.
std::string prepared(const std::string& text) {
  static const std::regex pad(R"(#\s*golden-pad-to:\s*(\d+))");
  std::smatch m;
  if (!std::regex_search(text, m, pad)) return text;
  std::string out = text;
  out.resize(std::max<size_t>(out.size(), std::stoul(m[1].str())), ' ');
  return out;
}

Diagnostics reported(const SourceFile& file, GoldenKind kind) {
  FrontEndResult front = compile_front_end(file);
  if (kind == GoldenKind::Check || front.diagnostics.has_errors()) return std::move(front.diagnostics);
  const auto lints = lint_policies({{&file, &front.policy}});
  auto& items = front.diagnostics.items;
  items.insert(items.end(), lints[0].items.begin(), lints[0].items.end());
  std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
  apply_suppressions(file, front.policy.ast, front.diagnostics);
  return std::move(front.diagnostics);
}

}  // namespace

std::vector<std::string> golden_expectations(const std::string& text) {
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), expectation_pattern()), end; it != end; ++it) {
    out.push_back((*it)[2].str() + ":" + (*it)[3].str() + " " + (*it)[4].str());
  }
  return out;
}

std::vector<std::string> golden_actual(const std::string& name, const std::string& text, GoldenKind kind) {
  const SourceFile file(name, prepared(text));
  return positions(file, reported(file, kind));
}

std::string golden_update(const std::string& name, const std::string& text, GoldenKind kind) {
  static const std::regex strip(R"([ \t]*#\s*expect-(error|warning|info):[^\n]*)");
  std::string clean = std::regex_replace(text, strip, "");
  if (clean.empty() || clean.back() != '\n') clean += '\n';
  std::vector<std::string> lines;
  for (size_t start = 0; start < clean.size();) {
    const size_t nl = clean.find('\n', start);
    lines.push_back(clean.substr(start, nl - start));
    start = nl + 1;
  }
  const SourceFile file(name, prepared(clean));
  for (const auto& d : reported(file, kind).items) {
    const LineCol at = file.locate(d.span.begin);
    const auto& info = diag_info(d.code);
    // A diagnostic at the very end of the file goes on the last line, before its newline.
    const size_t line = std::min<size_t>(at.line, lines.size()) - 1;
    lines[line] += " # expect-" + std::string(severity_name(info.severity)) + ": " +
                   std::to_string(at.line) + ":" + std::to_string(at.column) + " " + std::string(info.name);
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> golden_files(GoldenKind kind) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_path(kind == GoldenKind::Check ? "tests/golden" : "tests/lint"))) {
    if (entry.path().extension() == ".ferry") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace ferry::test
