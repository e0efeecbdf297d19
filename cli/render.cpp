#include "cli/render.h"

#include <fmt/format.h>

namespace ferry::cli {
namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kRed = "\033[1;31m";
constexpr const char* kYellow = "\033[1;33m";
constexpr const char* kCyan = "\033[1;36m";
constexpr const char* kGreen = "\033[1;32m";
constexpr const char* kReset = "\033[0m";

// The source line of `span`'s start and, under it, `^` at the start and `~` to the end of
// the span (or of the line, when the span goes on). Tabs are kept so the caret lines up.
std::string caret_lines(const SourceFile& file, Span span, bool color) {
  const LineCol start = file.locate(span.begin);
  const std::string_view line = file.line_text(start.line);
  const uint32_t line_begin = file.line_start(start.line);
  std::string marker;
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;  // one mark per character
    const uint32_t offset = line_begin + static_cast<uint32_t>(i);
    if (offset < span.begin) {
      marker += line[i] == '\t' ? '\t' : ' ';
    } else if (offset < span.end) {
      marker += width++ == 0 ? '^' : '~';
    }
  }
  if (width == 0) marker += '^';  // an empty span, or one at the end of the line
  std::string out = fmt::format("  {}\n  ", line);
  out += color ? fmt::format("{}{}{}", kGreen, marker, kReset) : marker;
  out += '\n';
  return out;
}

}  // namespace

std::string render_text(const SourceFile& file, const Diagnostic& diag, bool color) {
  return render_text(file, diag, color, diag.severity());
}

std::string render_text(const SourceFile& file, const Diagnostic& diag, bool color, Severity level) {
  const DiagInfo& info = diag_info(diag.code);
  const LineCol at = file.locate(diag.span.begin);
  const bool is_error = level == Severity::Error;
  const char* kind = severity_name(level);
  std::string out;
  if (color) {
    out = fmt::format("{}{}:{}:{}: {}{}{}[{}]: {}{}{}\n", kBold, file.path(), at.line, at.column,
                      is_error ? kRed : level == Severity::Warning ? kYellow : kCyan,
                      kind, kReset, info.name, kBold, diag.message, kReset);
  } else {
    out = fmt::format("{}:{}:{}: {}[{}]: {}\n", file.path(), at.line, at.column, kind, info.name, diag.message);
  }
  out += caret_lines(file, diag.span, color);
  for (const auto& note : diag.notes) {
    const LineCol n = file.locate(note.span.begin);
    out += color ? fmt::format("{}{}:{}:{}: {}note{}: {}\n", kBold, file.path(), n.line, n.column, kCyan, kReset, note.message)
                 : fmt::format("{}:{}:{}: note: {}\n", file.path(), n.line, n.column, note.message);
    out += caret_lines(file, note.span, color);
  }
  return out;
}

nlohmann::json render_json(const SourceFile& file, const Diagnostic& diag) {
  return render_json(file, diag, diag.severity());
}

nlohmann::json render_json(const SourceFile& file, const Diagnostic& diag, Severity level) {
  const DiagInfo& info = diag_info(diag.code);
  const auto location = [&](Span span) {
    const LineCol begin = file.locate(span.begin);
    const LineCol end = file.locate(span.end);
    return nlohmann::json{{"line", begin.line}, {"column", begin.column}, {"end_line", end.line}, {"end_column", end.column}};
  };
  nlohmann::json out = location(diag.span);
  out["file"] = file.path();
  out["severity"] = severity_name(level);
  out["code"] = std::string(info.name);
  out["message"] = diag.message;
  out["notes"] = nlohmann::json::array();
  for (const auto& note : diag.notes) {
    nlohmann::json n = location(note.span);
    n["message"] = note.message;
    out["notes"].push_back(std::move(n));
  }
  return out;
}

}  // namespace ferry::cli
