// Diagnostics: what a phase reports about a policy, as data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/source.h"

namespace ferry {

enum class Severity { Error, Warning, Info };

// "error", "warning", "info".
const char* severity_name(Severity severity);

// Stable diagnostic codes; the list lives in diagnostics.def.
enum class DiagCode {
#define DIAGNOSTIC(CODE, SEVERITY, SUMMARY) CODE,
#include "grammar/diagnostics.def"
#undef DIAGNOSTIC
};

// Static facts about one code.
struct DiagInfo {
  DiagCode code;
  std::string_view name;  // "E0204"
  Severity severity;
  std::string_view summary;
};

const DiagInfo& diag_info(DiagCode code);
const std::vector<DiagInfo>& all_diagnostics();
std::optional<DiagCode> diag_code_from_name(std::string_view name);

// A secondary location that explains the primary one ("first used here").
struct DiagNote {
  Span span;
  std::string message;
};

// One reported problem: a code, where, and a message in Carbon's style
// (lowercase start, no trailing period, code in backticks).
struct Diagnostic {
  DiagCode code;
  Span span;
  std::string message;
  std::vector<DiagNote> notes;

  Severity severity() const { return diag_info(code).severity; }
};

// Diagnostics of one phase over one file, in the order found.
struct Diagnostics {
  std::vector<Diagnostic> items;

  void report(DiagCode code, Span span, std::string message, std::vector<DiagNote> notes = {}) {
    items.push_back({code, span, std::move(message), std::move(notes)});
  }
  bool has_errors() const;
  size_t count(Severity severity) const;
};

}  // namespace ferry
