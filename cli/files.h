// Reading policy files from disk or standard input, with the size limit applied first.
#pragma once

#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "grammar/diagnostic.h"
#include "grammar/source.h"

namespace ferry::cli {

struct LoadedPolicy {
  SourceFile file;
  Diagnostics diagnostics;  // E0104 when the file is too large to read
};

// The policy files named on a command line: a directory stands for every `*.ferry`
// file below it, in name order, as `opa check DIR` does. Returns nullopt with `error`
// set when a directory holds no policy at all.
std::optional<std::vector<std::string>> expand_policy_paths(const std::vector<std::string>& paths, std::string& error);

// The files below directory `dir` whose names end with `suffix`, in name order.
std::vector<std::string> files_under(const std::string& dir, std::string_view suffix, std::error_code& ec);

// Reads at most `limit` + 1 bytes of `in`: a result longer than `limit` means the
// input is too large, found without reading it all.
std::string read_bounded(std::istream& in, size_t limit);

// Reads `path` ("-" is standard input). Returns nullopt with `error` set when the file
// cannot be read at all (missing, a directory, no permission): a usage problem, exit 2.
std::optional<LoadedPolicy> load_policy(const std::string& path, std::string& error);

// What every command that reads policies does first: expands `paths`, reads each file in
// turn and hands it to `each`; a file that cannot be read is said on stderr and sets
// `unreadable`. Nullopt (said on stderr) when the paths do not expand, else how many
// files they named.
std::optional<size_t> for_each_policy_file(const std::vector<std::string>& paths, bool& unreadable,
                                           const std::function<void(const std::string& path, LoadedPolicy& policy)>& each);

}  // namespace ferry::cli
