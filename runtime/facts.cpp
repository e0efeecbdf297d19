#include "runtime/facts.h"

#include <array>
#include <vector>

namespace ferry {
namespace {

constexpr FactInfo kFacts[] = {
#define FACT(ID, NAME, TYPE, ELEM, FLAGS, MEANING) \
  {FactId::ID, NAME, Type{TypeKind::TYPE, TypeKind::ELEM}, FLAGS, MEANING},
#define RECORD_FIELD(RECORD, ID, TYPE, FLAGS, MEANING)
#include "runtime/facts.def"
#undef FACT
#undef RECORD_FIELD
};

std::vector<FieldInfo> fields_of(TypeKind record) {
  std::vector<FieldInfo> out;
#define FACT(ID, NAME, TYPE, ELEM, FLAGS, MEANING)
#define RECORD_FIELD(RECORD, ID, TYPE, FLAGS, MEANING)                                                \
  if (TypeKind::RECORD == record) {                                                                   \
    out.push_back({record, static_cast<int32_t>(out.size()), #ID, Type::of(TypeKind::TYPE), FLAGS, MEANING}); \
  }
#include "runtime/facts.def"
#undef FACT
#undef RECORD_FIELD
  return out;
}

}  // namespace

std::span<const FactInfo> all_facts() { return kFacts; }

const FactInfo& fact_info(FactId id) { return kFacts[static_cast<size_t>(id)]; }

std::optional<FactId> find_fact(std::string_view name) {
  for (const auto& fact : kFacts) {
    if (fact.name == name) return fact.id;
  }
  return std::nullopt;
}

std::span<const FieldInfo> record_fields(TypeKind record) {
  static const std::vector<FieldInfo> vulns = fields_of(TypeKind::Vulns);
  static const std::vector<FieldInfo> component = fields_of(TypeKind::Component);
  if (record == TypeKind::Vulns) return vulns;
  if (record == TypeKind::Component) return component;
  return {};
}

const FieldInfo* find_field(TypeKind record, std::string_view name) {
  for (const auto& field : record_fields(record)) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

}  // namespace ferry
