// Time as ferry's runtime uses it: Unix seconds, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry {

// RFC 3339 date-time (`2026-11-26T17:40:15Z`, `...15.123+02:00`, lowercase `t`/`z`
// allowed); fractions of a second are dropped. nullopt when not valid.
std::optional<int64_t> parse_rfc3339(std::string_view text);

// `2026-11-26T17:40:15Z`.
std::string format_rfc3339(int64_t seconds);

// strftime in UTC with the codes of templates.h's kTagSafeTimeCodes (and any other the C
// library knows); nullopt when the result would be empty or longer than 256 bytes.
std::optional<std::string> format_time(int64_t seconds, const std::string& format);

}  // namespace ferry
