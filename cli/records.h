// Reading image records for `eval` and `diff`: JSON Lines streamed one record at a time,
// each bounded, with every problem reported as FILE:LINE.
#pragma once

#include <cstddef>
#include <fstream>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "runtime/image.h"
#include "runtime/image_reader.h"

namespace ferry::cli {

// One image's facts, as JSON, are refused beyond this.
inline constexpr size_t kMaxImageBytes = 16 * 1024 * 1024;

// The input `path` names: standard input for "-", else the file, opened into `file`.
// Nullptr, after saying so on stderr, when it cannot be read.
std::istream* open_input(const std::string& path, std::ifstream& file);

// The name of `path` in messages: `<stdin>` for "-".
inline std::string input_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// Calls `each(record, "NAME:LINE")` for every line of `in` that is not blank. A line over
// kMaxImageBytes is reported and skipped. False when one was.
bool for_each_line(std::istream& in, const std::string& name,
                   const std::function<void(std::string_view record, const std::string& where)>& each);

// Reads one record into `image`, printing its warnings and errors to stderr prefixed with
// `where`. False (after "record skipped") when it is rejected.
bool read_record(JsonLinesReader& reader, std::string_view record, const std::string& where, ImageFacts& image);

}  // namespace ferry::cli
