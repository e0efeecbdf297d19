#include "grammar/diagnostic.h"

#include <algorithm>

namespace ferry {

const std::vector<DiagInfo>& all_diagnostics() {
  static const std::vector<DiagInfo> table = {
#define DIAGNOSTIC(CODE, SEVERITY, SUMMARY) {DiagCode::CODE, #CODE, Severity::SEVERITY, SUMMARY},
#include "grammar/diagnostics.def"
#undef DIAGNOSTIC
  };
  return table;
}

const DiagInfo& diag_info(DiagCode code) { return all_diagnostics()[static_cast<size_t>(code)]; }

std::optional<DiagCode> diag_code_from_name(std::string_view name) {
  for (const auto& info : all_diagnostics()) {
    if (info.name == name) return info.code;
  }
  return std::nullopt;
}

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "error";
}

bool Diagnostics::has_errors() const { return count(Severity::Error) > 0; }

size_t Diagnostics::count(Severity severity) const {
  return static_cast<size_t>(std::count_if(items.begin(), items.end(),
                                           [&](const Diagnostic& d) { return d.severity() == severity; }));
}

}  // namespace ferry
