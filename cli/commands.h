// The subcommands of the `ferry` executable. Each returns the process exit code:
// 0 success, 1 the policy is wrong (diagnostics printed), 2 usage error or unreadable input.
#pragma once

#include <string>
#include <vector>

namespace ferry::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPolicyError = 1;
inline constexpr int kExitUsage = 2;

enum class ColorMode { Auto, Always, Never };

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";  // text | json
  ColorMode color = ColorMode::Auto;
};

// `ferry check FILE...`: parse and type-check; diagnostics on stderr (text) or one JSON
// document on stdout (json).
int run_check(const CheckOptions& options);

}  // namespace ferry::cli
