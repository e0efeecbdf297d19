// Text helpers shared by the parser, the checker and the formatter: UTF-8 and the
// escapes of ferry's string literals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry {

// Byte offset of the first byte that is not part of well-formed UTF-8 (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF), or nullopt.
std::optional<size_t> first_invalid_utf8(std::string_view text);

void append_utf8(std::string& out, uint32_t code_point);

// The whole UTF-8 character that starts at `text[i]` (one byte when `text[i]` is not a
// lead byte or the sequence is cut short), so that messages quote characters, never
// fragments of them.
std::string_view utf8_char_at(std::string_view text, size_t i);

// Decodes a string literal as written, quotes included (`"a\tb"`). The grammar has
// already checked its shape; returns nullopt when a `\u{...}` is not a Unicode scalar
// value, with `bad` set to the offset of that escape within `raw`.
std::optional<std::string> decode_string_literal(std::string_view raw, size_t& bad);

// Maps a byte index into the decoded value back to the offset in `raw` (quotes
// included) where that byte's source text starts, so errors inside a string (a regex,
// a template) point at the right column.
size_t raw_offset_of(std::string_view raw, size_t decoded_index);

// `text` with ASCII letters in lowercase, for "write `qa/website`" suggestions.
std::string ascii_lower(std::string_view text);

// Writes `value` as a ferry string literal, escaping what must be escaped.
std::string quote_string(std::string_view value);

}  // namespace ferry
