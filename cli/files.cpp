#include "cli/files.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "grammar/parser.h"

namespace ferry::cli {
std::string read_bounded(std::istream& in, size_t limit) {
  std::string text;
  char buffer[65536];
  while (text.size() <= limit && in.read(buffer, sizeof buffer).gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
  }
  return text;
}

std::vector<std::string> files_under(const std::string& dir, std::string_view suffix, std::error_code& ec) {
  std::vector<std::string> found;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != decltype(it)(); it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().filename().string().ends_with(suffix)) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::optional<std::vector<std::string>> expand_policy_paths(const std::vector<std::string>& paths,
                                                            std::string& error) {
  std::vector<std::string> out;
  for (const auto& path : paths) {
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_directory(path, ec)) {
      out.push_back(path);
      continue;
    }
    const std::vector<std::string> found = files_under(path, ".ferry", ec);
    if (ec) {
      error = fmt::format("cannot read directory '{}': {}", path, ec.message());
      return std::nullopt;
    }
    if (found.empty()) {
      error = fmt::format("no policy files (*.ferry) in '{}'", path);
      return std::nullopt;
    }
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::optional<LoadedPolicy> load_policy(const std::string& path, std::string& error) {
  std::string text;
  if (path == "-") {
    text = read_bounded(std::cin, kMaxPolicyBytes);
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      error = fmt::format("cannot read '{}': it is a directory", path);
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = fmt::format("cannot read '{}': {}", path, std::strerror(errno));
      return std::nullopt;
    }
    text = read_bounded(in, kMaxPolicyBytes);
  }
  const std::string name = path == "-" ? "<stdin>" : path;
  if (text.size() > kMaxPolicyBytes) {
    LoadedPolicy loaded{SourceFile(name, ""), {}};
    loaded.diagnostics.report(DiagCode::E0104, {0, 0},
                              fmt::format("policy file is larger than 16 MiB ({} bytes); ferry refuses to read it",
                                          kMaxPolicyBytes));
    return loaded;
  }
  return LoadedPolicy{SourceFile(name, std::move(text)), {}};
}

std::optional<size_t> for_each_policy_file(const std::vector<std::string>& paths, bool& unreadable,
                                           const std::function<void(const std::string& path, LoadedPolicy& policy)>& each) {
  std::string error;
  const auto files = expand_policy_paths(paths, error);
  if (!files) {
    std::cerr << "ferry: " << error << '\n';
    return std::nullopt;
  }
  for (const auto& path : *files) {
    auto loaded = load_policy(path, error);
    if (!loaded) {
      std::cerr << "ferry: " << error << '\n';
      unreadable = true;
      continue;
    }
    each(path, *loaded);
  }
  return files->size();
}

}  // namespace ferry::cli
