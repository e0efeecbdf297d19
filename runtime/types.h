// The types of ferry's language (LANGUAGE.md section 3), shared by the checker, the
// builtins and the VM.
#pragma once

#include <cstdint>
#include <string>

namespace ferry {

enum class TypeKind : uint8_t {
  Error,  // the type of an expression that already has an error; silences follow-on errors
  Any,    // the element type of `[]`, compatible with every element type
  Bool,
  Int,
  String,
  Duration,
  Time,
  Semver,
  List,
  Map,  // map<string,string>
  Component,
  Vulns,
};

struct Type {
  TypeKind kind = TypeKind::Error;
  TypeKind elem = TypeKind::Error;  // for List

  static constexpr Type of(TypeKind kind) { return {kind, TypeKind::Error}; }
  static constexpr Type list(TypeKind elem) { return {TypeKind::List, elem}; }

  bool is(TypeKind k) const { return kind == k; }
  bool is_error() const { return kind == TypeKind::Error || (kind == TypeKind::List && elem == TypeKind::Error); }
  Type element() const { return of(elem); }
  bool operator==(const Type&) const = default;
};

// `int`, `list<string>`, `map<string,string>`: as the language documentation spells them.
std::string type_name(Type type);
std::string type_name(TypeKind kind);

// Two types that one operator may combine: equal, or lists whose element types agree,
// `[]` agreeing with every list.
bool compatible(Type a, Type b);

}  // namespace ferry
