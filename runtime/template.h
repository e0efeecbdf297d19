// The parts of a tag template or destination reference, as the compiler hands them to
// the runtime for rendering (LANGUAGE.md section 6).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ferry {

enum class PlaceholderKind : uint8_t {
  Tag, Repo, Registry, Digest, ShortDigest, Timestamp, Date, Created, Label, Now,
};

// One piece of a template: literal text or a placeholder with its argument
// (`<label:team>`: Label, "team"; `<now:%Y%m>`: Now, "%Y%m").
struct TemplatePart {
  bool literal;
  std::string text;  // literal text, or the placeholder's argument
  PlaceholderKind placeholder = PlaceholderKind::Tag;
  bool has_arg = false;
  size_t offset = 0;  // where the part starts in the template's text
  size_t length = 0;
};

// A character a tag may hold: `[A-Za-z0-9_.-]`. The checker tests a template's literal
// text with it, the runtime the rendered tag.
constexpr bool is_tag_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

}  // namespace ferry
