// A value on the VM's stack: a small tagged struct that points into the image's facts,
// the program's constants or the VM's scratch space, so evaluating copies no strings.
#pragma once

#include <cstdint>
#include <string_view>

namespace ferry {

enum class ValueKind : uint8_t { Error, Bool, Int, Duration, Time, String, Semver, List, Map, Component, Vulns };

struct Value {
  ValueKind kind = ValueKind::Error;
  bool b = false;
  int64_t i = 0;          // Int, Duration (s), Time (Unix s), List size, Error: index of the error
  std::string_view s;     // String, Semver (its validated text)
  const void* p = nullptr;  // List: const Value*; Map: labels; Component; Vulns

  static Value boolean(bool v) { return {ValueKind::Bool, v, 0, {}, nullptr}; }
  static Value integer(ValueKind kind, int64_t v) { return {kind, false, v, {}, nullptr}; }
  static Value string(std::string_view v) { return {ValueKind::String, false, 0, v, nullptr}; }
  static Value error(int64_t index) { return {ValueKind::Error, false, index, {}, nullptr}; }
  static Value list(const Value* items, int64_t size) { return {ValueKind::List, false, size, {}, items}; }

  bool is_error() const { return kind == ValueKind::Error; }
  bool is_true() const { return kind == ValueKind::Bool && b; }
  bool is_false() const { return kind == ValueKind::Bool && !b; }
  const Value* items() const { return static_cast<const Value*>(p); }
};

}  // namespace ferry
