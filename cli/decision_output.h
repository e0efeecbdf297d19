// How a decision is printed: the text and JSON forms of LANGUAGE.md section 7, shared
// by `eval`, `test` and `diff`, and the evaluation time they take.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/decision.h"
#include "runtime/image.h"

namespace ferry::cli {

// `rule "NAME"`, or `unnamed rule`.
std::string rule_label(std::string_view rule);

nlohmann::ordered_json decision_json(const ImageFacts& image, const Decision& d);
std::string decision_text(const ImageFacts& image, const Decision& d);

// The time to evaluate at: `--now` when given (nullopt, after saying why, when it is
// not RFC 3339), else the current time.
std::optional<int64_t> evaluation_time(const std::string& now_option);

}  // namespace ferry::cli
