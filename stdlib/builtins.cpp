#include "stdlib/builtins.h"

#include <string>

namespace ferry {

namespace builtins {
#define BUILTIN(ID, RESULT, FLAGS, PARAMS, DOC) Value ID(std::span<const Value> args, EvalState& state);
#include "stdlib/builtins.def"
#undef BUILTIN
}  // namespace builtins

std::span<const BuiltinInfo> all_builtins() {
#define PARAMS_OF(...) std::vector<KindMask>{__VA_ARGS__}
  static const std::vector<BuiltinInfo> table = {
#define BUILTIN(ID, RESULT, FLAGS, PARAMS, DOC) \
  {BuiltinId::ID, #ID, Type::of(TypeKind::RESULT), FLAGS, PARAMS_OF PARAMS, DOC, &builtins::ID},
#include "stdlib/builtins.def"
#undef BUILTIN
  };
#undef PARAMS_OF
  return table;
}

const BuiltinInfo& builtin_info(BuiltinId id) { return all_builtins()[static_cast<size_t>(id)]; }

const BuiltinInfo* find_builtin(std::string_view name) {
  for (const auto& builtin : all_builtins()) {
    if (builtin.name == name) return &builtin;
  }
  return nullptr;
}

std::string describe_mask(KindMask mask) {
  std::vector<std::string> names;
  for (unsigned k = 0; k < 32; ++k) {
    if (mask & (KindMask{1} << k)) names.push_back(type_name(static_cast<TypeKind>(k)));
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "`" + names[i] + "`";
  }
  return out;
}

}  // namespace ferry
