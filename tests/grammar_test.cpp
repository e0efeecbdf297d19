// The grammar and the parser driver: shape of the AST, spans, error recovery, limits.
#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/grammar.h"
#include "grammar/parser.h"
#include "tests/support.h"

using ferry::test::codes;
using ferry::test::positions;

namespace {

ferry::ParseResult parse(const std::string& text) { return ferry::parse_policy(ferry::SourceFile("p.ferry", text)); }

std::string slice(const std::string& text, ferry::Span span) { return text.substr(span.begin, span.end - span.begin); }

}  // namespace

TEST_CASE("the grammar has no rule that can loop without consuming input", "[grammar]") {
  namespace g = ferry::grammar;
  CHECK(tao::pegtl::analyze<g::file>(1) == 0);
  CHECK(tao::pegtl::analyze<g::rule>(1) == 0);
  CHECK(tao::pegtl::analyze<g::scope_open>(1) == 0);
}

TEST_CASE("a rule parses into nodes whose spans cover their text", "[grammar]") {
  const std::string text = "rule \"promote\": tag endswith \"stable\" and vulns.critical < 3  # why\n"
                           "  => push qa-example.com/qa/website as \"<timestamp>\", block \"x\"\n";
  const auto result = parse(text);
  REQUIRE(result.diagnostics.items.empty());
  REQUIRE(result.ast.rules.size() == 1);
  const auto& rule = result.ast.rules[0];
  CHECK(rule.name->value == "promote");
  CHECK(slice(text, rule.name->span) == "\"promote\"");
  const auto& cond = result.ast.expr(rule.condition);
  CHECK(slice(text, cond.span) == "tag endswith \"stable\" and vulns.critical < 3");
  const auto& logical = std::get<ferry::Logical>(cond.node);
  REQUIRE(logical.operands.size() == 2);
  const auto& cmp = std::get<ferry::Compare>(result.ast.expr(logical.operands[1]).node);
  CHECK(cmp.op == ferry::CmpOp::Lt);
  CHECK(slice(text, cmp.op_span) == "<");
  const auto& path = std::get<ferry::Path>(result.ast.expr(cmp.lhs).node);
  CHECK(path.root == "vulns");
  CHECK(slice(text, path.segments.at(0).span) == "critical");
  REQUIRE(rule.actions.size() == 2);
  CHECK(rule.actions[0].destination.value == "qa-example.com/qa/website");
  CHECK(rule.actions[0].tag->value == "<timestamp>");
  CHECK(slice(text, rule.actions[0].span) == "push qa-example.com/qa/website as \"<timestamp>\"");
  CHECK(rule.actions[1].kind == ferry::Action::Kind::Block);
  CHECK(rule.actions[1].reason->value == "x");
  CHECK(slice(text, rule.span).substr(0, 5) == "rule ");
  REQUIRE(result.ast.comments.size() == 1);
  CHECK(slice(text, result.ast.comments[0]) == "# why");
}

TEST_CASE("every node's span lies inside the input and inside its rule", "[grammar]") {
  const std::string text =
      "on dev/*, team-*/api {\n"
      "  any c in components: (c.name == \"a\\n\\u{1F600}\" or len([1, 2,]) > 1) => push qa/<repo>\n"
      "  not labels[\"k\"] in [\"x\"] and size + 1KiB - 2 >= 3MB => block\n"
      "}\n";
  const auto result = parse(text);
  REQUIRE(result.diagnostics.items.empty());
  REQUIRE(result.ast.rules.size() == 2);
  CHECK(result.ast.rules[0].scope == 0);
  CHECK(result.ast.scopes[0].patterns.size() == 2);
  CHECK(result.ast.scopes[0].patterns[1].text == "team-*/api");
  for (const auto& e : result.ast.exprs) {
    CHECK(e.span.begin < e.span.end);
    CHECK(e.span.end <= text.size());
    CHECK(text[e.span.end - 1] != ' ');
  }
}

TEST_CASE("literals decode", "[grammar]") {
  const auto number = [](const std::string& lit) {
    const auto result = parse("x == " + lit + " => block");
    REQUIRE(result.diagnostics.items.empty());
    const auto& cmp = std::get<ferry::Compare>(result.ast.expr(result.ast.rules[0].condition).node);
    return std::get<ferry::NumberLit>(result.ast.expr(cmp.rhs).node);
  };
  CHECK(number("42").value == 42);
  CHECK(number("3KB").value == 3000);
  CHECK(number("3KiB").value == 3072);
  CHECK(number("2GiB").value == 2LL * 1024 * 1024 * 1024);
  CHECK(number("1TB").value == 1000LL * 1000 * 1000 * 1000);
  CHECK(number("7B").value == 7);
  CHECK(number("30d").value == 30 * 86400);
  CHECK(number("2w").value == 14 * 86400);
  CHECK(number("90m").unit == ferry::Unit::Minutes);
  CHECK(number("9223372036854775807").value == INT64_MAX);
  CHECK(number("9223372036854775808").overflow);
  CHECK(number("9000000000TiB").overflow);

  const auto result = parse("x == \"q\\\"b\\\\s\\tt\\nn\\u{e9}\\u{1F680}\" => block");
  REQUIRE(result.diagnostics.items.empty());
  const auto& cmp = std::get<ferry::Compare>(result.ast.expr(result.ast.rules[0].condition).node);
  CHECK(std::get<ferry::StringLit>(result.ast.expr(cmp.rhs).node).value == "q\"b\\s\tt\nn\xC3\xA9\xF0\x9F\x9A\x80");
}

TEST_CASE("precedence: not > and > or, quantifier bodies bind tighter than and", "[grammar]") {
  const auto result = parse("a or b and not c => block");
  const auto& ast = result.ast;
  const auto& top = std::get<ferry::Logical>(ast.expr(ast.rules[0].condition).node);
  CHECK(top.op == ferry::LogicOp::Or);
  const auto& rhs = std::get<ferry::Logical>(ast.expr(top.operands[1]).node);
  CHECK(rhs.op == ferry::LogicOp::And);
  CHECK(std::holds_alternative<ferry::Not>(ast.expr(rhs.operands[1]).node));

  const auto q = parse("any c in components: c.name == \"x\" and tag == \"y\" => block");
  const auto& qtop = std::get<ferry::Logical>(q.ast.expr(q.ast.rules[0].condition).node);
  CHECK(std::holds_alternative<ferry::Quantifier>(q.ast.expr(qtop.operands[0]).node));
}

TEST_CASE("keywords are whole words", "[grammar]") {
  // `only`, `android`, `inside` contain keywords but are names.
  const auto result = parse("only == 1 and android or inside => block");
  CHECK(result.diagnostics.items.empty());
  const auto bad = parse("in == 1 => block");
  CHECK(codes(bad.diagnostics) == std::vector<std::string>{"E0100"});
}

TEST_CASE("syntax errors say what was expected where", "[grammar]") {
  using Row = std::tuple<std::string, std::string, std::string>;
  auto [text, where, message] = GENERATE(table<std::string, std::string, std::string>({
      Row{"tag == \"x\" push qa/x", "1:12 E0100", "expected `=>` after the condition"},
      Row{"tag == \"x\" => qa/x", "1:15 E0100", "expected `push` or `block` after `=>` or `,`"},
      Row{"tag == \"x\" => push", "1:19 E0100", "expected a destination image reference after `push`, as in `push qa/website`"},
      Row{"tag == => push qa/x", "1:8 E0100", "expected a value after the comparison operator"},
      Row{"tag == \"x\" and => push qa/x", "1:16 E0100", "expected a condition after `and`"},
      Row{"(tag == \"x\" => push qa/x", "1:13 E0100", "expected `)` to close the parenthesis"},
      Row{"tag in [\"a\" \"b\"] => push qa/x", "1:13 E0100", "expected `,` or `]` to continue the list"},
      Row{"any in components: true => block", "1:5 E0100",
          "expected a variable name after `any` or `all`, as in `any c in components: ...`"},
      Row{"any c components: true => block", "1:7 E0100", "expected `in` after the quantifier's variable"},
      Row{"any c in components true => block", "1:21 E0100", "expected `:` before the quantifier's condition"},
      Row{"rule promote: true => block", "1:6 E0100",
          "expected the rule's name as a string after `rule`, as in `rule \"promote\":`"},
      Row{"tag = \"x\" => block", "1:5 E0100", "`=` is not an operator; use `==` to compare"},
      Row{"a < b < c => block", "1:7 E0106",
          "comparison operators cannot be chained; write `a < b and b < c` instead of `a < b < c`"},
      Row{"a in b not in c => block", "1:8 E0106",
          "comparison operators cannot be chained; write `a < b and b < c` instead of `a < b < c`"},
      Row{"size < 30x => block", "1:10 E0107",
          "unknown unit after a number; sizes take `B KB MB GB TB KiB MiB GiB TiB`, durations `s m h d w`, and numbers "
          "are whole"},
      Row{"size < 1.5GB => block", "1:9 E0107",
          "unknown unit after a number; sizes take `B KB MB GB TB KiB MiB GiB TiB`, durations `s m h d w`, and numbers "
          "are whole"},
      Row{"tag == \"abc => block", "1:8 E0101", "unterminated string literal; a string must end with `\"` on the same line"},
      Row{"tag == \"\\q\" => block", "1:9 E0102", "invalid escape sequence; use `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{HEX}`"},
      Row{"tag == \"\\u{D800}\" => block", "1:9 E0102",
          "`\\u{...}` must name a Unicode scalar value (at most 10FFFF, not a surrogate)"},
      Row{"true => push qa/<tag as \"x\"", "1:21 E0100", "expected `>` to close the placeholder"},
      Row{"on { true => block }", "1:4 E0100", "expected a repository pattern, as in `on dev/*`"},
      Row{"on dev/* true => block }", "1:10 E0100", "expected `,` or `{` after the repository pattern"},
      Row{"=> block", "1:1 E0100", "expected a rule: a condition, then `=>`, then `push` or `block`"},
  }));
  const auto result = parse(text);
  CAPTURE(text);
  REQUIRE(!result.diagnostics.items.empty());
  CHECK(positions(ferry::SourceFile("p.ferry", text), result.diagnostics).front() == where);
  CHECK(result.diagnostics.items.front().message == message);
}

TEST_CASE("the parser resynchronises at the next rule", "[grammar]") {
  const std::string text =
      "tag == \"a\" push qa/a\n"            // 1: missing =>
      "tag == \"b\" => push qa/b\n"         // 2: fine
      "tag in [\n"                          // 3: broken inside a list...
      "  \"x\",\n"                          // 4: ...whose lines are not rules
      "  \"y\" \"z\"\n"                     // 5
      "] => push qa/c\n"                    // 6
      "tag == \"d\"\n"                      // 7: a rule over two lines
      "  and => push qa/d\n"                // 8: broken on its second line
      "on dev/* {\n"                        // 9
      "  tag == => block\n"                 // 10: broken inside a scope
      "  tag == \"e\" => block\n"           // 11: fine, still in the scope
      "}\n"
      "tag == \"f\" => push qa/f\n";        // 13: fine
  const auto result = parse(text);
  CHECK(positions(ferry::SourceFile("p.ferry", text), result.diagnostics) ==
        std::vector<std::string>{"1:12 E0100", "5:7 E0100", "8:7 E0100", "10:10 E0100"});
  REQUIRE(result.ast.rules.size() == 3);
  CHECK(result.ast.rules[1].scope == 0);
  CHECK(result.ast.rules[2].scope == -1);
}

TEST_CASE("scope braces are checked", "[grammar]") {
  CHECK(positions(ferry::SourceFile("p", "}\ntrue => block"), parse("}\ntrue => block").diagnostics) ==
        std::vector<std::string>{"1:1 E0108"});
  CHECK(codes(parse("on a {\ntrue => block\n").diagnostics) == std::vector<std::string>{"E0108"});
  const auto nested = parse("on a { on b { true => block } }");
  CHECK(codes(nested.diagnostics) == std::vector<std::string>{"E0108"});
  CHECK(nested.ast.rules.at(0).scope == 1);
}

TEST_CASE("limits: nesting, size and encoding", "[grammar]") {
  SECTION("100,000 nested parentheses are one clean error") {
    const std::string text = std::string(100000, '(') + "true" + std::string(100000, ')') + " => block";
    const auto result = parse(text);
    CHECK(codes(result.diagnostics) == std::vector<std::string>{"E0103"});
  }
  SECTION("deep lists, calls and nots too") {
    CHECK(codes(parse(std::string(50000, '[') + " => block").diagnostics) == std::vector<std::string>{"E0103"});
    std::string nots;
    for (int i = 0; i < 50000; ++i) nots += "not ";
    CHECK(codes(parse(nots + "true => block").diagnostics) == std::vector<std::string>{"E0103"});
    std::string calls;
    for (int i = 0; i < 50000; ++i) calls += "len(";
    CHECK(codes(parse(calls).diagnostics) == std::vector<std::string>{"E0103"});
  }
  SECTION("100 levels are fine") {
    const std::string text = std::string(99, '(') + "true" + std::string(99, ')') + " => block";
    CHECK(parse(text).diagnostics.items.empty());
  }
  SECTION("long flat chains do not nest") {
    std::string text = "true";
    for (int i = 0; i < 100000; ++i) text += " and true";
    const auto result = parse(text + " => block");
    CHECK(result.diagnostics.items.empty());
    CHECK(std::get<ferry::Logical>(result.ast.expr(result.ast.rules[0].condition).node).operands.size() == 100001);
  }
  SECTION("more than 16 MiB is refused") {
    const auto result = parse(std::string(ferry::kMaxPolicyBytes + 1, ' '));
    CHECK(codes(result.diagnostics) == std::vector<std::string>{"E0104"});
  }
  SECTION("invalid UTF-8 is refused at its byte") {
    const std::string text = "true => block\ntag == \"\xC3\x28\" => block";
    const auto result = parse(text);
    CHECK(positions(ferry::SourceFile("p", text), result.diagnostics) == std::vector<std::string>{"2:9 E0105"});
  }
}

TEST_CASE("a string after `block` is a reason unless an operator follows it", "[grammar]") {
  const auto result = parse("true => block\n\"x\" == tag => block \"why\", block\n");
  REQUIRE(result.diagnostics.items.empty());
  REQUIRE(result.ast.rules.size() == 2);
  CHECK_FALSE(result.ast.rules[0].actions[0].reason);
  CHECK(result.ast.rules[1].actions[0].reason->value == "why");
  CHECK(result.ast.rules[1].actions.size() == 2);
}

TEST_CASE("after an error at the start of a line, parsing resumes on that line", "[grammar]") {
  const auto result = parse("true => push qa/a,\nrule \"b\": true => push qa/b\n");
  CHECK(codes(result.diagnostics) == std::vector<std::string>{"E0100"});
  REQUIRE(result.ast.rules.size() == 1);
  CHECK(result.ast.rules[0].name->value == "b");
}

TEST_CASE("a misspelt keyword is named in the syntax error", "[grammar]") {
  const auto result = parse("tag endswith \"x\" adn size < 3 => push qa/x");
  REQUIRE(result.diagnostics.items.size() == 1);
  CHECK(result.diagnostics.items[0].message == "expected `=>` after the condition; did you mean `and`?");
  const auto end = parse("tag == \"x\" => push qa/x as\n\n# trailing comment\n");
  CHECK(positions(ferry::SourceFile("p", "tag == \"x\" => push qa/x as\n\n# trailing comment\n"), end.diagnostics) ==
        std::vector<std::string>{"1:27 E0100"});
}
