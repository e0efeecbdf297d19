// The type checker's internals, shared by checker.cpp (rules, actions, scopes) and
// check_expr.cpp (expressions). Not part of the compiler's interface: see checker.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/checker.h"

namespace ferry::checking {

// `int`, `list<string>`: a type as messages quote it.
inline std::string quoted(Type type) { return "`" + type_name(type) + "`"; }

// Checks one policy in place: resolves names, records types, reports diagnostics.
class Checker {
 public:
  Checker(const SourceFile& file, CheckedPolicy& policy, Diagnostics& diags)
      : file_(file), ast_(policy.ast), policy_(policy), diags_(diags) {}

  void run();

 private:
  struct Local {
    std::string name;
    Type type;
  };

  Type check(ExprId id);
  Type check_path(ExprId id);
  Type check_call(ExprId id);
  Type check_list(ExprId id);
  Type check_arith(ExprId id);
  Type check_logical(ExprId id);
  Type check_not(ExprId id);
  Type check_quantifier(ExprId id);
  Type check_compare(ExprId id);
  bool desugar(ExprId id);
  void check_pattern_literal(CmpOp op, ExprId rhs);
  void check_literal_bound(const Compare& cmp);
  std::optional<int64_t> constant_int(ExprId id) const;
  bool never_negative(ExprId id) const;
  Type expect_bool(ExprId id, const char* context);

  void check_rule(size_t index, std::map<std::string, Span>& names);
  void check_scope(const Scope& scope);
  void report_template_errors(const ParsedTemplate& parsed, Span literal, bool is_string_literal);

  Span inside_literal(Span literal, size_t offset, size_t length) const;
  Type set(ExprId id, Type type) {
    if (policy_.types.size() < ast_.exprs.size()) policy_.types.resize(ast_.exprs.size());
    policy_.types[id] = type;
    return type;
  }
  void error(DiagCode code, Span span, std::string message, std::vector<DiagNote> notes = {}) {
    diags_.report(code, span, std::move(message), std::move(notes));
  }
  std::vector<std::string> name_candidates() const;

  const SourceFile& file_;
  Ast& ast_;
  CheckedPolicy& policy_;
  Diagnostics& diags_;
  std::vector<Local> locals_;
};


}  // namespace ferry::checking
