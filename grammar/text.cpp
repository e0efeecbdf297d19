#include "grammar/text.h"

namespace ferry {

std::optional<size_t> first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t min = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::nullopt;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string_view utf8_char_at(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return text.substr(i, i + length <= text.size() ? length : 1);
}

namespace {

// Walks the literal between its quotes, calling `emit(raw_index, decoded_bytes)` per
// source character or escape. Returns false on an escape that is not a scalar value.
template <class Emit>
bool walk_literal(std::string_view raw, size_t& bad, Emit emit) {
  const size_t end = raw.size() >= 2 ? raw.size() - 1 : raw.size();
  std::string piece;
  for (size_t i = 1; i < end;) {
    piece.clear();
    const size_t start = i;
    if (raw[i] != '\\' || i + 1 >= end) {
      piece += raw[i++];
    } else {
      const char e = raw[i + 1];
      i += 2;
      if (e == 'n') {
        piece += '\n';
      } else if (e == 't') {
        piece += '\t';
      } else if (e == 'u') {
        uint32_t cp = 0;
        size_t j = i + 1;  // skip '{'
        for (; j < end && raw[j] != '}'; ++j) {
          const char h = raw[j];
          const uint32_t digit = h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10;
          cp = cp * 16 + digit;
        }
        i = j + 1;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          bad = start;
          return false;
        }
        append_utf8(piece, cp);
      } else {
        piece += e;  // \" and \\ stand for themselves
      }
    }
    if (!emit(start, piece)) return true;
  }
  return true;
}

}  // namespace

std::optional<std::string> decode_string_literal(std::string_view raw, size_t& bad) {
  std::string out;
  if (!walk_literal(raw, bad, [&](size_t, const std::string& piece) {
        out += piece;
        return true;
      })) {
    return std::nullopt;
  }
  return out;
}

size_t raw_offset_of(std::string_view raw, size_t decoded_index) {
  size_t decoded = 0;
  size_t found = raw.empty() ? 0 : raw.size() - 1;  // past the end: the closing quote
  size_t bad = 0;
  walk_literal(raw, bad, [&](size_t start, const std::string& piece) {
    if (decoded_index < decoded + piece.size()) {
      found = start;
      return false;
    }
    decoded += piece.size();
    return true;
  });
  return found;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::string quote_string(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\u{d}"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

}  // namespace ferry
