// The table of builtin functions: signatures for the checker.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "runtime/facts.h"
#include "runtime/program.h"
#include "runtime/types.h"

namespace ferry {

enum class BuiltinId : uint8_t {
#define BUILTIN(ID, RESULT, FLAGS, PARAMS, DOC) ID,
#include "stdlib/builtins.def"
#undef BUILTIN
};

// A set of TypeKinds, one bit each.
using KindMask = uint32_t;
constexpr KindMask mask_of(TypeKind kind) { return KindMask{1} << static_cast<unsigned>(kind); }
inline constexpr KindMask kString = mask_of(TypeKind::String);
inline constexpr KindMask kList = mask_of(TypeKind::List);
inline constexpr KindMask kMap = mask_of(TypeKind::Map);

struct BuiltinInfo {
  BuiltinId id;
  std::string_view name;
  Type result;
  uint8_t flags;
  std::vector<KindMask> params;
  std::string_view doc;
  BuiltinFn fn;  // what the VM calls
};

std::span<const BuiltinInfo> all_builtins();
const BuiltinInfo& builtin_info(BuiltinId id);
const BuiltinInfo* find_builtin(std::string_view name);

// "string", "string, list or map": what a parameter accepts, for messages.
std::string describe_mask(KindMask mask);

}  // namespace ferry
