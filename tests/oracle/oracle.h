// A reference interpreter for testing only: evaluates a checked AST directly, as
// plainly as possible, so the compiler + VM can be checked against it.
#pragma once

#include <string>

#include "compiler/checker.h"
#include "runtime/image.h"
#include "runtime/vm.h"

namespace ferry::oracle {

// The value of rule `rule`'s condition: "true", "false" or "error: MESSAGE".
std::string condition(const CheckedPolicy& policy, size_t rule, const ImageFacts& image, int64_t now);

// The same for the VM, in the same words, to compare with the above.
std::string vm_condition(Vm& vm, const Program& program, size_t rule, const ImageFacts& image, int64_t now);

}  // namespace ferry::oracle
