#include "grammar/ast.h"

#include "grammar/text.h"

namespace ferry {

bool is_duration_unit(Unit unit) { return unit >= Unit::Seconds; }

const char* unit_suffix(Unit unit) {
  switch (unit) {
    case Unit::None: return "";
    case Unit::B: return "B";
    case Unit::KB: return "KB";
    case Unit::MB: return "MB";
    case Unit::GB: return "GB";
    case Unit::TB: return "TB";
    case Unit::KiB: return "KiB";
    case Unit::MiB: return "MiB";
    case Unit::GiB: return "GiB";
    case Unit::TiB: return "TiB";
    case Unit::Seconds: return "s";
    case Unit::Minutes: return "m";
    case Unit::Hours: return "h";
    case Unit::Days: return "d";
    case Unit::Weeks: return "w";
  }
  return "";
}

const char* op_text(CmpOp op) {
  switch (op) {
    case CmpOp::Eq: return "==";
    case CmpOp::Ne: return "!=";
    case CmpOp::Lt: return "<";
    case CmpOp::Le: return "<=";
    case CmpOp::Gt: return ">";
    case CmpOp::Ge: return ">=";
    case CmpOp::StartsWith: return "startswith";
    case CmpOp::EndsWith: return "endswith";
    case CmpOp::Contains: return "contains";
    case CmpOp::Matches: return "matches";
    case CmpOp::Like: return "like";
    case CmpOp::In: return "in";
    case CmpOp::NotIn: return "not in";
  }
  return "?";
}

const char* op_text(ArithOp op) { return op == ArithOp::Add ? "+" : "-"; }
const char* op_text(LogicOp op) { return op == LogicOp::And ? "and" : "or"; }
const char* op_text(QuantKind kind) { return kind == QuantKind::Any ? "any" : "all"; }

std::string path_text(const Path& p) {
  std::string out = p.root;
  for (const auto& seg : p.segments) out += seg.kind == PathSegment::Kind::Field ? "." + seg.name : "[" + quote_string(seg.name) + "]";
  return out;
}

}  // namespace ferry
