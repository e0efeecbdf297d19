// Glob matching: `like` patterns and `on` repository patterns.
#pragma once

#include <string>
#include <string_view>

namespace ferry {

// `like`: `*` any run of characters (`/` included), `?` one character (a UTF-8 code
// point), `\*` `\?` `\\` literally; the whole string must match.
bool like_match(std::string_view glob, std::string_view text);

// `on` patterns: `*` any run within one `/`-separated segment, a `**` segment any number
// of segments (none included); the whole repository path must match.
bool repo_match(std::string_view pattern, std::string_view repo);

}  // namespace ferry
