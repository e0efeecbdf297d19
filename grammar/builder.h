// Builds the AST while the grammar matches, robust to PEGTL's backtracking.
//
// The parser's control class calls open() when a node-building rule starts, finish()
// when it succeeds and rollback() when it fails. A rule's children are the items pushed
// since it opened; a failed rule discards its items and the expressions it created, so
// alternatives that were tried and abandoned leave nothing behind.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "grammar/ast.h"
#include "grammar/diagnostic.h"

namespace ferry::grammar {

// The constructs that produce items; each grammar rule that builds maps to one.
enum class Construct : uint8_t {
  Name, Str, StringExpr, Number, True, False, List, Call, Field, Key, Path, Add, Sub, Sum,
  Eq, Ne, Lt, Le, Gt, Ge, StartsWith, EndsWith, Contains, Matches, Like, In, NotIn, Cmp,
  Any, All, Quant, Not, And, Or, Paren, Reason, Reference, Push, Block, Rule, Pattern, ScopeOpen, Comment,
};

// A syntax error found while building (an invalid `\u{...}` code point, say); thrown
// like PEGTL's parse errors and caught by the driver.
struct SyntaxError {
  DiagCode code;
  Span span;
  std::string message;
};

class Builder {
 public:
  Builder(Ast& ast, Diagnostics& diagnostics, const char* base) : ast_(ast), diags_(diagnostics), base_(base) {}

  // Nesting beyond this many parentheses, lists, calls, `not`s and quantifiers is an
  // error: it keeps the parser's and every later phase's recursion bounded.
  static constexpr size_t kMaxNesting = 100;

  void open(Construct construct, const char* at);
  void finish(Construct construct, const char* at);
  void rollback();

  // Whitespace runs are tracked so that a node's span ends at its last token, not
  // after the comments and blanks that follow it.
  void whitespace_start(const char* at) { ws_start_ = at; }
  void whitespace_end(const char* at) { ws_end_ = at; }

  // Forget everything pending after a syntax error.
  void reset();
  // The start of the innermost open construct, for errors about the whole construct.
  const char* innermost_start() const { return marks_.empty() ? nullptr : marks_.back().begin; }

  // What the last scope header or rule produced, for the driver.
  const Scope& last_scope() const { return last_scope_; }

  uint32_t offset(const char* at) const { return static_cast<uint32_t>(at - base_); }

 private:
  struct Mark {
    size_t items;
    size_t exprs;
    const char* begin;
    bool nests;
  };
  enum class ItemKind : uint8_t { Expr, Name, Str, Op, Segment, Action, Pattern };
  struct Item {
    ItemKind kind;
    Span span;
    ExprId expr = 0;
    int op = 0;
    std::string text;
  };

  Mark close();
  void push_expr(Span span, ExprNode node);
  void push_op(Span span, int op) { items_.push_back({ItemKind::Op, span, 0, op, {}}); }
  Item& child(size_t mark, size_t i) { return items_[mark + i]; }
  size_t children(size_t mark) const { return items_.size() - mark; }
  std::string decode_string(Span span);
  NumberLit decode_number(Span span) const;
  void build_rule(size_t mark, Span span);
  // Replaces the items since `mark` with one action item.
  void push_action(size_t mark, Action action);

  Ast& ast_;
  Diagnostics& diags_;
  const char* base_;
  std::vector<Mark> marks_;
  std::vector<Item> items_;
  std::vector<Action> actions_;
  Scope last_scope_;
  const char* ws_start_ = nullptr;
  const char* ws_end_ = nullptr;
  size_t nesting_ = 0;
};

}  // namespace ferry::grammar
