// The fact table: names, types and properties of what a rule can read about an image.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "runtime/types.h"

namespace ferry {

inline constexpr uint8_t kNonNegative = 1;
inline constexpr uint8_t kNeedsScan = 2;

enum class FactId : uint8_t {
#define FACT(ID, NAME, TYPE, ELEM, FLAGS, MEANING) ID,
#define RECORD_FIELD(RECORD, ID, TYPE, FLAGS, MEANING)
#include "runtime/facts.def"
#undef FACT
#undef RECORD_FIELD
};

struct FactInfo {
  FactId id;
  std::string_view name;
  Type type;
  uint8_t flags;
  std::string_view meaning;
};

// A field of the `vulns` or `component` record; `index` is its position in its record.
struct FieldInfo {
  TypeKind record;
  int32_t index;
  std::string_view name;
  Type type;
  uint8_t flags;
  std::string_view meaning;
};

std::span<const FactInfo> all_facts();
const FactInfo& fact_info(FactId id);
std::optional<FactId> find_fact(std::string_view name);

// The fields of a record type, in declaration order; empty for types without fields.
std::span<const FieldInfo> record_fields(TypeKind record);
const FieldInfo* find_field(TypeKind record, std::string_view name);

}  // namespace ferry
