// A value on the VM's stack: a small tagged struct that points into the image's facts,
// the program's constants or the VM's scratch space, so evaluating copies no strings.
#pragma once

#include <cstdint>
#include <string_view>

namespace ferry {

enum class ValueKind : uint8_t { Error, Bool, Int, Duration, Time, String, Semver, List, Map, Component, Vulns };

// 32 bytes: the text of a string and the pointer of a list or record never coexist.
struct Value {
  ValueKind kind = ValueKind::Error;
  bool b = false;
  int64_t i = 0;  // Int, Duration (s), Time (Unix s), List size, Error: index of the error
  union {
    std::string_view s{};  // String, Semver (its validated text)
    const void* p;         // List: const Value*; Map: the image (for its labels); Component; Vulns
  };

  static Value boolean(bool v) {
    Value out;
    out.kind = ValueKind::Bool;
    out.b = v;
    return out;
  }
  static Value integer(ValueKind kind, int64_t v) {
    Value out;
    out.kind = kind;
    out.i = v;
    return out;
  }
  static Value text(ValueKind kind, std::string_view v) {
    Value out;
    out.kind = kind;
    out.s = v;
    return out;
  }
  static Value string(std::string_view v) { return text(ValueKind::String, v); }
  static Value pointer(ValueKind kind, const void* v, int64_t size = 0) {
    Value out;
    out.kind = kind;
    out.i = size;
    out.p = v;
    return out;
  }
  static Value error(int64_t index) { return integer(ValueKind::Error, index); }
  static Value list(const Value* items, int64_t size) { return pointer(ValueKind::List, items, size); }

  bool is_error() const { return kind == ValueKind::Error; }
  bool is_true() const { return kind == ValueKind::Bool && b; }
  bool is_false() const { return kind == ValueKind::Bool && !b; }
  const Value* items() const { return static_cast<const Value*>(p); }
};
static_assert(sizeof(Value) == 32);

}  // namespace ferry
