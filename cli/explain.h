// `ferry eval --explain`: for every rule that applies to an image, the value of each
// sub-condition (true, false or an error and why) as an indented tree.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runtime/image.h"
#include "runtime/program.h"
#include "runtime/vm.h"

namespace ferry::cli {

struct RuleExplanation {
  std::string rule;
  std::string location;
  nlohmann::ordered_json tree;  // {"expr", "value", "error"?, "children"}
};

std::vector<RuleExplanation> explain(const std::vector<const Program*>& programs, Vm& vm, const ImageFacts& image,
                                     int64_t now);

std::string explanation_text(const std::vector<RuleExplanation>& rules);
nlohmann::ordered_json explanation_json(const std::vector<RuleExplanation>& rules);

}  // namespace ferry::cli
