// Rendering a push action's destination and tag for one image (LANGUAGE.md section 6).
#pragma once

#include <string>
#include <string_view>

#include "runtime/image.h"
#include "runtime/program.h"

namespace ferry {

// Writes the destination (registry/repository) and tag of a push for this image at
// time `now` into the given strings, or returns false with `error` saying why (an
// absent label, an unknown fact, a result that is not a valid tag or repository).
bool render_push(const CompiledAction& action, const ImageFacts& image, int64_t now, std::string& destination,
                 std::string& tag, std::string& error);

// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`
bool is_valid_tag(std::string_view tag);

}  // namespace ferry
