#include "compiler/checker.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/checker_impl.h"
#include "compiler/patterns.h"
#include "grammar/parser.h"

namespace ferry {
namespace checking {

void Checker::report_template_errors(const ParsedTemplate& parsed, Span literal, bool is_string_literal) {
  for (const auto& e : parsed.errors) {
    const bool whole = e.length == 0;  // about the template as a whole, such as an empty one
    const Span span = whole ? literal
                      : is_string_literal
                          ? inside_literal(literal, e.offset, e.length)
                          : Span{static_cast<uint32_t>(literal.begin + e.offset),
                                 static_cast<uint32_t>(literal.begin + e.offset + std::max<size_t>(e.length, 1))};
    error(e.code, span, e.message);
  }
}

void Checker::check_rule(size_t index, std::map<std::string, Span>& names) {
  const Rule& rule = ast_.rules[index];
  if (rule.name) {
    const auto [it, fresh] = names.emplace(rule.name->value, rule.name->span);
    if (!fresh) {
      const LineCol first = file_.locate(it->second.begin);
      error(DiagCode::W0301, rule.name->span,
            fmt::format("rule name \"{}\" is already used at line {}; names identify rules in results and logs",
                        rule.name->value, first.line),
            {{it->second, "first used here"}});
    }
  }
  const ExprId condition = rule.condition;
  const Type t = check(condition);
  if (!t.is_error() && !t.is(TypeKind::Bool)) {
    error(DiagCode::E0207, ast_.exprs[condition].span,
          fmt::format("a rule's condition must be a `bool`, and this is {}", quoted(t)));
  }
  std::vector<CheckedAction> checked;
  bool pushes = false;
  const Action* block = nullptr;
  for (const Action& action : ast_.rules[index].actions) {
    CheckedAction out;
    if (action.kind == Action::Kind::Push) {
      pushes = true;
      out.destination = parse_reference(action.destination.value);
      report_template_errors(out.destination, action.destination.span, false);
      if (action.tag) {
        out.tag = parse_tag_template(action.tag->value);
        report_template_errors(out.tag, action.tag->span, true);
      }
    } else {
      block = &action;
    }
    checked.push_back(std::move(out));
  }
  if (pushes && block) {
    error(DiagCode::W0303, block->span,
          "this rule both pushes and blocks; when it holds the block wins, so its pushes never happen");
  }
  policy_.actions[index] = std::move(checked);
}

void Checker::check_scope(const Scope& scope) {
  for (const auto& pattern : scope.patterns) {
    if (const auto problem = check_repo_pattern(pattern.text)) {
      const auto at = static_cast<uint32_t>(pattern.span.begin + problem->offset);
      error(DiagCode::E0218, {at, static_cast<uint32_t>(at + problem->length)}, problem->message);
    }
  }
}

void Checker::run() {
  policy_.types.assign(ast_.exprs.size(), Type::of(TypeKind::Error));
  policy_.actions.resize(ast_.rules.size());
  for (const auto& scope : ast_.scopes) check_scope(scope);
  std::map<std::string, Span> names;
  for (size_t i = 0; i < ast_.rules.size(); ++i) check_rule(i, names);
  policy_.types.resize(ast_.exprs.size(), Type::of(TypeKind::Error));
}


}  // namespace checking

namespace {

void sort_by_position(Diagnostics& diags) {
  std::stable_sort(diags.items.begin(), diags.items.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
}

}  // namespace

FrontEndResult check_policy(const SourceFile& file, Ast ast) {
  FrontEndResult result;
  result.policy.ast = std::move(ast);
  checking::Checker(file, result.policy, result.diagnostics).run();
  sort_by_position(result.diagnostics);
  return result;
}

FrontEndResult compile_front_end(const SourceFile& file) {
  ParseResult parsed = parse_policy(file);
  FrontEndResult result = check_policy(file, std::move(parsed.ast));
  // Rules that parsed are checked even when others did not, so one run shows both kinds.
  auto& items = result.diagnostics.items;
  items.insert(items.begin(), parsed.diagnostics.items.begin(), parsed.diagnostics.items.end());
  sort_by_position(result.diagnostics);
  return result;
}

}  // namespace ferry