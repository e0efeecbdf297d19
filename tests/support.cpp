#include "tests/support.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ferry::test {

FrontEndResult front_end(const std::string& text) { return compile_front_end(SourceFile("test.ferry", text)); }

std::vector<std::string> codes(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.items) out.emplace_back(diag_info(d.code).name);
  return out;
}

std::vector<std::string> positions(const SourceFile& file, const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.items) {
    const LineCol at = file.locate(d.span.begin);
    out.push_back(fmt::format("{}:{} {}", at.line, at.column, diag_info(d.code).name));
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string source_path(const std::string& relative) { return std::string(FERRY_SOURCE_DIR) + "/" + relative; }

}  // namespace ferry::test
