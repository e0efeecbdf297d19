#include "cli/records.h"

#include <fmt/format.h>

#include <iostream>
#include <vector>

namespace ferry::cli {

std::istream* open_input(const std::string& path, std::ifstream& file) {
  if (path == "-") return &std::cin;
  file.open(path, std::ios::binary);
  if (!file) {
    std::cerr << fmt::format("ferry: cannot read '{}'\n", path);
    return nullptr;
  }
  return &file;
}

bool for_each_line(std::istream& in, const std::string& name,
                   const std::function<void(std::string_view record, const std::string& where)>& each) {
  bool all_read = true;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    const std::string where = fmt::format("{}:{}", name, n);
    if (line.size() > kMaxImageBytes) {
      std::cerr << fmt::format("{}: error: the record is larger than 16 MiB; skipped\n", where);
      all_read = false;
    } else if (line.find_first_not_of(" \t\r") != std::string::npos) {
      each(line, where);
    }
  }
  return all_read;
}

bool read_record(JsonLinesReader& reader, std::string_view record, const std::string& where, ImageFacts& image) {
  std::vector<FactsIssue> issues;
  const bool ok = reader.read_into(record, image, issues);
  for (const auto& issue : issues) {
    std::cerr << fmt::format("{}: {}: {}{}\n", where, issue.warning ? "warning" : "error",
                             issue.path.empty() ? "" : "`" + issue.path + "` ", issue.message);
  }
  if (!ok) std::cerr << fmt::format("{}: record skipped\n", where);
  return ok;
}

}  // namespace ferry::cli
