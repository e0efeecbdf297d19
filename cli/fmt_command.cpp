// `ferry fmt FILE... [--check | --write | --diff]`: the canonical layout of each policy
// file (compiler/formatter.h), printed, checked, written in place or shown as a diff.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/files.h"
#include "cli/line_diff.h"
#include "cli/render.h"
#include "compiler/ast_compare.h"
#include "compiler/formatter.h"
#include "grammar/parser.h"

namespace ferry::cli {
namespace {

// Replaces `path` with `text` by renaming a finished copy over it, so an interrupted
// write never leaves half a policy.
bool write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".ferry-fmt.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  const auto perms = std::filesystem::status(path, ec).permissions();
  if (!ec) std::filesystem::permissions(tmp, perms, ec);
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
  return !ec;
}

}  // namespace

int run_fmt(const FmtOptions& options) {
  bool unreadable = false;
  bool broken = false;
  bool differs = false;
  const auto files = for_each_policy_file(options.files, unreadable, [&](const std::string& path, LoadedPolicy& loaded) {
    const SourceFile& file = loaded.file;
    Diagnostics diags = std::move(loaded.diagnostics);
    ParseResult parsed;
    if (diags.items.empty()) {
      parsed = parse_policy(file);
      diags = std::move(parsed.diagnostics);
    }
    if (diags.has_errors()) {
      // Only syntax matters to the layout, but a file that does not parse is left alone.
      for (const auto& d : diags.items) std::cerr << render_text(file, d, isatty(STDERR_FILENO));
      broken = true;
      return;
    }
    const std::string formatted = format_policy(file, parsed.ast);
    // The layout must never change the meaning: checked on every file before it is used.
    const SourceFile again(path, formatted);
    const ParseResult reparsed = parse_policy(again);
    if (reparsed.diagnostics.has_errors() || !same_policy(parsed.ast, reparsed.ast)) {
      std::cerr << fmt::format("ferry: internal error: formatting '{}' would change its meaning; left as it is\n", path);
      broken = true;
      return;
    }
    const bool changed = formatted != file.text();
    differs |= changed;
    if (options.mode == "check") {
      if (changed) std::cout << path << '\n';
    } else if (options.mode == "write") {
      if (changed && path != "-" && !write_file(path, formatted)) {
        std::cerr << fmt::format("ferry: cannot write '{}'\n", path);
        unreadable = true;
      }
      if (path == "-") std::cout << formatted;
    } else if (options.mode == "diff") {
      std::cout << unified_diff(path, file.text(), formatted);
    } else {
      std::cout << formatted;
    }
  });
  if (!files || unreadable) return kExitUsage;
  if (broken) return kExitPolicyError;
  return options.mode == "check" && differs ? kExitPolicyError : kExitOk;
}

}  // namespace ferry::cli
