#include "runtime/types.h"

namespace ferry {

std::string type_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::Error: return "<error>";
    case TypeKind::Any: return "any";
    case TypeKind::Bool: return "bool";
    case TypeKind::Int: return "int";
    case TypeKind::String: return "string";
    case TypeKind::Duration: return "duration";
    case TypeKind::Time: return "time";
    case TypeKind::Semver: return "semver";
    case TypeKind::List: return "list";
    case TypeKind::Map: return "map<string,string>";
    case TypeKind::Component: return "component";
    case TypeKind::Vulns: return "vulns";
  }
  return "?";
}

std::string type_name(Type type) {
  if (type.kind == TypeKind::List) return "list<" + type_name(type.elem) + ">";
  return type_name(type.kind);
}

bool compatible(Type a, Type b) {
  if (a.kind != b.kind) return false;
  if (a.kind != TypeKind::List) return true;
  return a.elem == b.elem || a.elem == TypeKind::Any || b.elem == TypeKind::Any;
}

}  // namespace ferry
