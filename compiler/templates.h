// Tag templates (`as "<tag>-<short_digest>"`) and destination references
// (`qa.example.com/qa/<repo>`): their parts and their compile-time validation
// (LANGUAGE.md sections 1 and 6). Rendering belongs to the runtime.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/diagnostic.h"
#include "runtime/template.h"

namespace ferry {

// A problem found in a template, at an offset within its text.
struct TemplateError {
  DiagCode code;
  size_t offset;
  size_t length;
  std::string message;
};

struct ParsedTemplate {
  std::vector<TemplatePart> parts;
  std::vector<TemplateError> errors;
  bool has_host = false;  // a reference whose first component is a registry host
};

// Splits `text` into literal runs and `<name[:arg]>` placeholders and checks each
// placeholder against the table; what the literal runs may hold depends on the context.
ParsedTemplate split_template(std::string_view text);

// Splits and validates a tag template: placeholders known and well formed, literal
// text that can appear in a tag (`[A-Za-z0-9_.-]`, not first `.` or `-`, 128 at most).
ParsedTemplate parse_tag_template(std::string_view text);

// Splits and validates a destination reference: `[host[:port]/]path` with lowercase
// path components as Docker's reference grammar has them.
ParsedTemplate parse_reference(std::string_view text);

// The names of every placeholder, for "did you mean".
std::vector<std::string> placeholder_names();

// The strftime codes accepted in `<now:...>` and `<created:...>`: those whose output
// can be part of a tag.
inline constexpr std::string_view kTagSafeTimeCodes = "aAbBdFGgHIjmMpsSuUVwWyYZ";

}  // namespace ferry
