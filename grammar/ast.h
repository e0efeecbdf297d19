// The abstract syntax tree of a policy file: flat arrays of value nodes.
//
// Expressions live in one vector and refer to each other by index, so an AST is a
// value (copyable, comparable, no recursive destructor) and its depth is bounded by
// the parser's nesting limit: `and`/`or` chains, sums and paths are n-ary, not nested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "grammar/source.h"

namespace ferry {

using ExprId = uint32_t;

enum class Unit : uint8_t {
  None,
  // Sizes (type int, bytes)
  B, KB, MB, GB, TB, KiB, MiB, GiB, TiB,
  // Durations (type duration, seconds)
  Seconds, Minutes, Hours, Days, Weeks,
};
bool is_duration_unit(Unit unit);
const char* unit_suffix(Unit unit);

enum class CmpOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, StartsWith, EndsWith, Contains, Matches, Like, In, NotIn };
enum class ArithOp : uint8_t { Add, Sub };
enum class LogicOp : uint8_t { And, Or };
enum class QuantKind : uint8_t { Any, All };

const char* op_text(CmpOp op);
const char* op_text(ArithOp op);
const char* op_text(LogicOp op);
const char* op_text(QuantKind kind);

struct BoolLit {
  bool value;
  bool operator==(const BoolLit&) const = default;
};

// An integer, a size (`512MB`) or a duration (`30d`). `value` is in bytes or seconds.
struct NumberLit {
  int64_t magnitude;  // as written, before the unit
  Unit unit;
  int64_t value;
  bool overflow;  // the literal does not fit in 64 bits; the checker reports it
  bool operator==(const NumberLit&) const = default;
};

struct StringLit {
  std::string value;  // escapes decoded
  bool operator==(const StringLit&) const = default;
};

struct ListLit {
  std::vector<ExprId> items;
  bool operator==(const ListLit&) const = default;
};

// What a name refers to, filled in by the checker.
struct Binding {
  enum class Kind : uint8_t { Unresolved, Fact, Local };
  Kind kind = Kind::Unresolved;
  int32_t index = -1;  // fact id, or the quantifier nesting depth of a local
  bool operator==(const Binding&) const = default;
};

// `.field` or `["key"]` after a path's root.
struct PathSegment {
  enum class Kind : uint8_t { Field, Key };
  Kind kind;
  std::string name;
  Span span;
  int32_t field = -1;  // record field index, filled in by the checker
  bool operator==(const PathSegment&) const = default;
};

// `vulns.critical`, `labels["team"]`, `c.name`, or a lone name such as `tag`.
struct Path {
  std::string root;
  Span root_span;
  std::vector<PathSegment> segments;
  Binding binding;
  bool operator==(const Path&) const = default;
};

// The path as it is written: `vulns.critical`, `labels["team"]`.
std::string path_text(const Path& p);

struct Call {
  std::string callee;
  Span callee_span;
  std::vector<ExprId> args;
  int32_t builtin = -1;  // filled in by the checker
  bool operator==(const Call&) const = default;
};

struct Not {
  ExprId operand;
  bool operator==(const Not&) const = default;
};

// `a and b and c` as one node with three operands.
struct Logical {
  LogicOp op;
  std::vector<ExprId> operands;
  bool operator==(const Logical&) const = default;
};

// `a + b - c`: operands.size() == ops.size() + 1.
struct Arith {
  std::vector<ExprId> operands;
  std::vector<ArithOp> ops;
  bool operator==(const Arith&) const = default;
};

struct Compare {
  CmpOp op;
  Span op_span;
  ExprId lhs;
  ExprId rhs;
  bool operator==(const Compare&) const = default;
};

// `any c in components: c.name == "openssl"`.
struct Quantifier {
  QuantKind kind;
  std::string var;
  Span var_span;
  ExprId collection;
  ExprId body;
  int32_t depth = -1;  // local slot of `var`, filled in by the checker
  bool operator==(const Quantifier&) const = default;
};

using ExprNode = std::variant<BoolLit, NumberLit, StringLit, ListLit, Path, Call, Not, Logical, Arith, Compare, Quantifier>;

struct Expr {
  Span span;
  ExprNode node;
  // Made by the checker in desugaring (`license not in L` is `not any license in
  // licenses: license in L`): its span is the sugar's, not text of its own.
  bool synthetic = false;
};

// A string literal outside expressions (rule names, tag templates, block reasons).
struct TextLit {
  std::string value;
  Span span;
  bool operator==(const TextLit&) const = default;
};

struct Action {
  enum class Kind : uint8_t { Push, Block };
  Kind kind;
  Span span;
  TextLit destination;               // push: the reference as written
  std::optional<TextLit> tag;        // push: `as "TEMPLATE"`
  std::optional<TextLit> reason;     // block: `block "REASON"`
};

struct Rule {
  Span span;
  std::optional<TextLit> name;
  ExprId condition;
  std::vector<Action> actions;
  int32_t scope = -1;  // index into Ast::scopes, or -1 for every repository
};

struct RepoPattern {
  std::string text;
  Span span;
};

// `on dev/*, team-*/api { ... }`: the patterns and the span of its header.
struct Scope {
  Span span;
  std::vector<RepoPattern> patterns;
};

struct Ast {
  std::vector<Expr> exprs;
  std::vector<Rule> rules;
  std::vector<Scope> scopes;
  std::vector<Span> comments;  // kept for the formatter

  const Expr& expr(ExprId id) const { return exprs[id]; }
  ExprId add(Span span, ExprNode node, bool synthetic = false) {
    exprs.push_back({span, std::move(node), synthetic});
    return static_cast<ExprId>(exprs.size() - 1);
  }
};

}  // namespace ferry
