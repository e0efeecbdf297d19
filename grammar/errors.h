// What the parser says when a committed construct fails: one entry per `must<>` rule.
//
// The message names what was expected at the point where the user went wrong. A rule
// that is used in `must<>` without an entry here fails to compile (see parser.cpp).
#pragma once

#include "grammar/diagnostic.h"
#include "grammar/grammar.h"

namespace ferry::grammar {

struct ErrorInfo {
  DiagCode code;
  const char* message;
};

template <class Rule>
inline constexpr ErrorInfo error_info{DiagCode::E0100, nullptr};

#define FERRY_SYNTAX_ERROR(RULE, CODE, MESSAGE) \
  template <>                                   \
  inline constexpr ErrorInfo error_info<RULE>{DiagCode::CODE, MESSAGE};

FERRY_SYNTAX_ERROR(escape_code, E0102, "invalid escape sequence; use `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{HEX}`")
FERRY_SYNTAX_ERROR(string_close, E0101, "unterminated string literal; a string must end with `\"` on the same line")
FERRY_SYNTAX_ERROR(number_end, E0107,
                   "unknown unit after a number; sizes take `B KB MB GB TB KiB MiB GiB TiB`, durations `s m h d w`, "
                   "and numbers are whole")
FERRY_SYNTAX_ERROR(list_close, E0100, "expected `,` or `]` to continue the list")
FERRY_SYNTAX_ERROR(call_arg, E0100, "expected an argument after `,`")
FERRY_SYNTAX_ERROR(call_close, E0100, "expected `,` or `)` after the argument")
FERRY_SYNTAX_ERROR(field_name, E0100, "expected a field name after `.`")
FERRY_SYNTAX_ERROR(key_string, E0100, "expected a string key inside `[...]`, as in `labels[\"team\"]`")
FERRY_SYNTAX_ERROR(key_close, E0100, "expected `]` after the key")
FERRY_SYNTAX_ERROR(paren_expr, E0100, "expected an expression after `(`")
FERRY_SYNTAX_ERROR(paren_close, E0100, "expected `)` to close the parenthesis")
FERRY_SYNTAX_ERROR(sum_operand, E0100, "expected a value after `+` or `-`")
FERRY_SYNTAX_ERROR(no_single_equals, E0100, "`=` is not an operator; use `==` to compare")
FERRY_SYNTAX_ERROR(cmp_operand, E0100, "expected a value after the comparison operator")
FERRY_SYNTAX_ERROR(no_chain, E0106,
                   "comparison operators cannot be chained; write `a < b and b < c` instead of `a < b < c`")
FERRY_SYNTAX_ERROR(quant_var, E0100, "expected a variable name after `any` or `all`, as in `any c in components: ...`")
FERRY_SYNTAX_ERROR(quant_in, E0100, "expected `in` after the quantifier's variable")
FERRY_SYNTAX_ERROR(quant_collection, E0100, "expected the list to range over after `in`, such as `components`")
FERRY_SYNTAX_ERROR(quant_colon, E0100, "expected `:` before the quantifier's condition")
FERRY_SYNTAX_ERROR(quant_body, E0100, "expected a condition after `:`")
FERRY_SYNTAX_ERROR(not_operand, E0100, "expected a condition after `not`")
FERRY_SYNTAX_ERROR(and_operand, E0100, "expected a condition after `and`")
FERRY_SYNTAX_ERROR(or_operand, E0100, "expected a condition after `or`")
FERRY_SYNTAX_ERROR(placeholder_close, E0100, "expected `>` to close the placeholder")
FERRY_SYNTAX_ERROR(destination, E0100, "expected a destination image reference after `push`, as in `push qa/website`")
FERRY_SYNTAX_ERROR(tag_template, E0100, "expected a tag template string after `as`, as in `as \"<tag>-qa\"`")
FERRY_SYNTAX_ERROR(rule_name, E0100, "expected the rule's name as a string after `rule`, as in `rule \"promote\":`")
FERRY_SYNTAX_ERROR(rule_colon, E0100, "expected `:` after the rule's name")
FERRY_SYNTAX_ERROR(condition, E0100, "expected a rule: a condition, then `=>`, then `push` or `block`")
FERRY_SYNTAX_ERROR(arrow, E0100, "expected `=>` after the condition")
FERRY_SYNTAX_ERROR(action, E0100, "expected `push` or `block` after `=>` or `,`")
FERRY_SYNTAX_ERROR(scope_pattern, E0100, "expected a repository pattern, as in `on dev/*`")
FERRY_SYNTAX_ERROR(scope_brace, E0100, "expected `,` or `{` after the repository pattern")

#undef FERRY_SYNTAX_ERROR

}  // namespace ferry::grammar
