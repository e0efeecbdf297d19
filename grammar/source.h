// Policy source text and positions in it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

// A half-open byte range [begin, end) into one source file.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  bool operator==(const Span&) const = default;
  uint32_t size() const { return end - begin; }
};

// A 1-based line and column; columns count Unicode code points, as editors show them.
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

// One policy file: its name as the user gave it, its text, and an index of line starts
// so that positions are computed only when a message is printed.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  std::string_view slice(Span span) const;

  LineCol locate(uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view line_text(uint32_t line) const;
  // Byte offset where a 1-based line starts.
  uint32_t line_start(uint32_t line) const { return line_starts_[line - 1]; }
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

}  // namespace ferry
