// Reading policy files from disk or standard input, with the size limit applied first.
#pragma once

#include <optional>
#include <string>

#include "grammar/diagnostic.h"
#include "grammar/source.h"

namespace ferry::cli {

struct LoadedPolicy {
  SourceFile file;
  Diagnostics diagnostics;  // E0104 when the file is too large to read
};

// Reads `path` ("-" is standard input). Returns nullopt with `error` set when the file
// cannot be read at all (missing, a directory, no permission): a usage problem, exit 2.
std::optional<LoadedPolicy> load_policy(const std::string& path, std::string& error);

}  // namespace ferry::cli
