#include <catch2/catch.hpp>

#include "grammar/source.h"
#include "grammar/text.h"

TEST_CASE("UTF-8 validation follows RFC 3629", "[text]") {
  CHECK_FALSE(ferry::first_invalid_utf8("plain ascii"));
  CHECK_FALSE(ferry::first_invalid_utf8("caf\xC3\xA9 \xF0\x9F\x9A\x80"));
  CHECK(ferry::first_invalid_utf8("ab\xFF") == 2u);
  CHECK(ferry::first_invalid_utf8("\xC0\xAF") == 0u);          // overlong '/'
  CHECK(ferry::first_invalid_utf8("x\xED\xA0\x80") == 1u);     // surrogate
  CHECK(ferry::first_invalid_utf8("\xF4\x90\x80\x80") == 0u);  // above U+10FFFF
  CHECK(ferry::first_invalid_utf8("\xE2\x82") == 0u);          // truncated
}

TEST_CASE("decoded string offsets map back to the source", "[text]") {
  const std::string raw = R"("a\tb\u{e9}c")";
  size_t bad = 0;
  CHECK(ferry::decode_string_literal(raw, bad) == "a\tb\xC3\xA9" "c");
  CHECK(ferry::raw_offset_of(raw, 0) == 1);   // a
  CHECK(ferry::raw_offset_of(raw, 1) == 2);   // \t
  CHECK(ferry::raw_offset_of(raw, 2) == 4);   // b
  CHECK(ferry::raw_offset_of(raw, 3) == 5);   // \u{e9}, first byte
  CHECK(ferry::raw_offset_of(raw, 5) == 11);  // c
  CHECK(ferry::raw_offset_of(raw, 6) == 12);  // the closing quote
  CHECK(ferry::quote_string("a\"b\\c\n") == R"("a\"b\\c\n")");
}

TEST_CASE("line and column are computed from byte offsets", "[text]") {
  const ferry::SourceFile file("f", "ab\r\n\xC3\xA9x\nlast");
  CHECK(file.locate(0).line == 1);
  CHECK(file.locate(4).line == 2);
  CHECK(file.locate(6).column == 2);  // after the two-byte é
  CHECK(file.locate(8).line == 3);
  CHECK(file.line_text(1) == "ab");
  CHECK(file.line_text(3) == "last");
}
