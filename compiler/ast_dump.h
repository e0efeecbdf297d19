// A readable, indented listing of a checked AST with each expression's type:
// `ferry compile --emit ast`.
#pragma once

#include <string>

#include "compiler/checker.h"

namespace ferry {

std::string dump_ast(const CheckedPolicy& policy);

}  // namespace ferry
