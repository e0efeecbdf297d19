// Diagnostic output formats: the clang/rustc text layout and JSON for tools.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "grammar/diagnostic.h"
#include "grammar/source.h"

namespace ferry::cli {

// `FILE:LINE:COL: error[CODE]: message`, the source line, and a caret with `~` under
// the span; notes follow as `FILE:LINE:COL: note: ...`. Colour uses ANSI escapes.
// `level` is the diagnostic's own severity unless a lint configuration changed it.
std::string render_text(const SourceFile& file, const Diagnostic& diag, bool color);
std::string render_text(const SourceFile& file, const Diagnostic& diag, bool color, Severity level);

// One diagnostic as a JSON object: file, line, column, end_line, end_column (the end
// is exclusive), severity, code, message, notes.
nlohmann::json render_json(const SourceFile& file, const Diagnostic& diag);
nlohmann::json render_json(const SourceFile& file, const Diagnostic& diag, Severity level);

}  // namespace ferry::cli
