// Table tests for the type checker: every construct that must pass, and the first
// diagnostic (code and column) of every construct that must not.
#include <catch2/catch.hpp>

#include "grammar/text.h"
#include "runtime/facts.h"
#include "tests/support.h"

using ferry::test::codes;
using ferry::test::front_end;
using ferry::test::positions;

TEST_CASE("valid constructs of LANGUAGE.md check clean", "[checker]") {
  const std::string condition = GENERATE(as<std::string>{},
      "true", "false", "not false",
      "tag == \"latest\"", "tag != \"latest\"", "tag < \"b\"",
      "tag startswith \"v\"", "tag endswith \"-stable\"", "tag contains \"rc\"",
      "tag matches \"v[0-9]+\\\\.[0-9]+\"", "tag like \"*-stable\"", "repo like \"dev/*\"",
      "tag in [\"a\", \"b\"]", "tag not in [\"a\", \"b\",]", "tag in []",
      "\"team\" in labels", "\"team\" not in labels", "labels[\"team\"] == \"web\"", "label(\"team\") == \"web\"",
      "platforms contains \"linux/amd64\"", "\"linux/arm64\" in platforms", "len(platforms) >= 2",
      "len(tag) < 128", "len(labels) > 0", "lower(tag) == \"x\"", "upper(repo) != \"X\"",
      "size < 500MB", "size <= 2GiB", "size > 10KB + 24KiB", "size == 1B",
      "age < 30d", "age > 12h + 30m", "age >= 1w - 1s",
      "created > now() - 30d", "pushed - created < 1h", "now() - pushed > 5m",
      "semver(tag) >= semver(\"1.2.0\")", "semver(tag) < semver(\"v2.0.0-rc.1+build.5\")",
      "signed", "signed == true", "scanned and vulns.critical == 0",
      "vulns.critical < 3", "vulns.high <= 10", "vulns.major == 0", "vulns.minor < 100", "vulns.all < 1000",
      "vulns.medium + vulns.low < 50", "vulns.unknown == 0", "vulns.critical >= 1",
      "any c in components: c.name == \"openssl\"", "all c in components: c.license != \"GPL-3.0\"",
      "any p in platforms: p startswith \"linux/\"", "all l in licenses: l in [\"MIT\", \"Apache-2.0\"]",
      "any c in components: (c.name == \"log4j\" and semver(c.version) < semver(\"2.17.0\"))",
      "any c in components: not c.type == \"npm\"",
      "component.name == \"openssl\"", "component.name != \"openssl\"", "component.version startswith \"1.\"",
      "component.license in [\"GPL-2.0\"]", "component.license not in [\"GPL-2.0\"]",
      "license == \"MIT\"", "license not in [\"GPL-3.0\", \"AGPL-3.0\"]", "license matches \"GPL-.*\"",
      "(tag == \"a\" or tag == \"b\") and not (repo == \"x\")",
      "tag == \"a\" or tag == \"b\" and repo == \"c\"",
      "registry == \"dev.example.com:5000\" and digest startswith \"sha256:\" and media_type contains \"oci\"",
      "[1, 2] == [1, 2]", "1 + 2 == 3", "9223372036854775807 == 9223372036854775807");
  const auto result = front_end(condition + " => push qa/website");
  CAPTURE(condition);
  CHECK(codes(result.diagnostics).empty());
}

TEST_CASE("valid rule shapes check clean", "[checker]") {
  const std::string text = GENERATE(as<std::string>{},
      "tag endswith \"stable\" and vulns.critical < 3 => push qa-example.com/qa/website as \"<timestamp>\"",
      "rule \"promote\": true => push qa/website",
      "true => push qa/website, push qa/mirror as \"<tag>\"",
      "true => block", "true => block \"never\"",
      "true => push localhost/qa/x", "true => push localhost:5000/qa/x", "true => push 127.0.0.1:5001/qa/x",
      "true => push qa.example.com/<repo>", "true => push <registry>/mirror/<repo>",
      "true => push qa/web_site/a__b/c---d/e.f",
      "true => push qa/x as \"<tag>-<short_digest>\"", "true => push qa/x as \"<date>.<digest>\"",
      "true => push qa/x as \"<created>\"", "true => push qa/x as \"<created:%Y%m%d>\"",
      "true => push qa/x as \"<now:%Y-%m-%dT%H%M%S>\"", "true => push qa/x as \"<label:version>\"",
      "true => push qa/x as \"<repo>_<registry>\"", "true => push qa/x as \"v1.0_rc\"",
      "on dev/website { true => push qa/website }", "on dev/*, team-*/api { true => push qa/<repo> }",
      "on dev/** { true => block }", "on a {} on b { true => block }",
      "# only a comment", "", "true => push qa/x # trailing comment\n# another\n",
      "true\n  and false\n  => push qa/x,\n     push qa/y");
  const auto result = front_end(text);
  CAPTURE(text);
  CHECK(codes(result.diagnostics).empty());
}

TEST_CASE("compile errors land on the right code and column", "[checker]") {
  using Row = std::tuple<std::string, std::string>;
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      Row{"vulns.critcal < 3 => push qa/x", "1:7 E0204"},
      Row{"tga == \"x\" => push qa/x", "1:1 E0201"},
      Row{"now == 1 => push qa/x", "1:1 E0201"},
      Row{"component == 1 => push qa/x", "1:1 E0220"},
      Row{"lower(component.name) == \"x\" => push qa/x", "1:7 E0220"},
      Row{"lowr(tag) == \"x\" => push qa/x", "1:1 E0202"},
      Row{"tag() == \"x\" => push qa/x", "1:1 E0202"},
      Row{"lower(tag, repo) == \"x\" => push qa/x", "1:1 E0203"},
      Row{"now(1) > created => push qa/x", "1:1 E0203"},
      Row{"lower(1) == \"x\" => push qa/x", "1:7 E0206"},
      Row{"len(1) == 1 => push qa/x", "1:5 E0206"},
      Row{"tag == 1 => push qa/x", "1:8 E0205"},
      Row{"vulns.critical < \"3\" => push qa/x", "1:18 E0205"},
      Row{"age < 30 => push qa/x", "1:7 E0205"},
      Row{"semver(tag) > \"1.0.0\" => push qa/x", "1:15 E0205"},
      Row{"labels < 3 => push qa/x", "1:8 E0205"},
      Row{"vulns == 3 => push qa/x", "1:7 E0205"},
      Row{"signed < true => push qa/x", "1:8 E0205"},
      Row{"tag startswith 1 => push qa/x", "1:16 E0205"},
      Row{"size startswith \"1\" => push qa/x", "1:6 E0205"},
      Row{"platforms contains 1 => push qa/x", "1:20 E0205"},
      Row{"1 in [\"a\"] => push qa/x", "1:1 E0205"},
      Row{"1 in labels => push qa/x", "1:1 E0205"},
      Row{"tag in \"abc\" => push qa/x", "1:8 E0205"},
      Row{"tag + 1 == 2 => push qa/x", "1:7 E0205"},
      Row{"created + created > now() => push qa/x", "1:11 E0205"},
      Row{"tag and true => push qa/x", "1:1 E0205"},
      Row{"not tag => push qa/x", "1:5 E0205"},
      Row{"any c in components: c.name => push qa/x", "1:22 E0205"},
      Row{"tag => push qa/x", "1:1 E0207"},
      Row{"vulns.critical + 1 => push qa/x", "1:1 E0207"},
      Row{"vulns.critical < 0 => push qa/x", "1:1 E0208"},
      Row{"0 > vulns.high => push qa/x", "1:1 E0208"},
      Row{"size < 0 => push qa/x", "1:1 E0208"},
      Row{"len(tag) <= 0 - 1 => push qa/x", "1:1 E0208"},
      Row{"vulns.critical == 0 - 2 => push qa/x", "1:1 E0208"},
      Row{"size == 9223372036854775808 => push qa/x", "1:9 E0209"},
      Row{"size < 9000000000TiB => push qa/x", "1:8 E0209"},
      Row{"size < 9223372036854775807 + 1 => push qa/x", "1:8 E0209"},
      Row{"tag matches \"v[0-9\" => push qa/x", "1:15 E0210"},
      Row{"tag matches \"a(b\" => push qa/x", "1:14 E0210"},
      Row{"tag like \"a\\\\x\" => push qa/x", "1:12 E0211"},
      Row{"tag matches repo => push qa/x", "1:13 E0212"},
      Row{"tag like lower(\"a\") => push qa/x", "1:10 E0212"},
      Row{"true => push qa/x as \"<tmestamp>\"", "1:23 E0213"},
      Row{"true => push qa/<tg> as \"x\"", "1:17 E0213"},
      Row{"true => push qa/x as \"v1/2\"", "1:25 E0214"},
      Row{"true => push qa/x as \"-x\"", "1:23 E0214"},
      Row{"true => push qa/x as \"\"", "1:22 E0214"},
      Row{"true => push qa/x as \"a b\"", "1:24 E0214"},
      Row{"true => push qa/x as \"<now:%Y %m>\"", "1:30 E0214"},
      Row{"true => push qa/x as \"<now:%c>\"", "1:28 E0215"},
      Row{"true => push qa/x as \"<now>\"", "1:23 E0215"},
      Row{"true => push qa/x as \"<label:>\"", "1:23 E0215"},
      Row{"true => push qa/x as \"<tag:x>\"", "1:23 E0215"},
      Row{"true => push qa/x as \"<tag\"", "1:23 E0215"},
      Row{"true => push qa/website:latest", "1:24 E0216"},
      Row{"true => push qa//x", "1:17 E0216"},
      Row{"true => push qa/x/", "1:18 E0216"},
      Row{"true => push qa/-x", "1:17 E0216"},
      Row{"true => push qa/a..b", "1:18 E0216"},
      Row{"true => push host.com:abc/x", "1:22 E0216"},
      Row{"true => push qa/Website", "1:17 E0217"},
      Row{"true => push QA.example.com/QA/x", "1:29 E0217"},
      Row{"on Dev/* { true => block }", "1:4 E0218"},
      Row{"on dev//x { true => block }", "1:8 E0218"},
      Row{"on dev/a** { true => block }", "1:9 E0218"},
      Row{"on /dev { true => block }", "1:4 E0218"},
      Row{"any c in tag: c == \"x\" => push qa/x", "1:10 E0219"},
      Row{"any c in vulns: true => push qa/x", "1:10 E0219"},
      Row{"tag in [\"a\", 1] => push qa/x", "1:14 E0221"},
      Row{"[[1]] == [] => push qa/x", "1:2 E0221"},
      Row{"semver(tag) > semver(\"1.0\") => push qa/x", "1:22 E0222"},
      Row{"semver(tag) > semver(\"01.0.0\") => push qa/x", "1:22 E0222"},
      Row{"labels.team == \"x\" => push qa/x", "1:8 E0223"},
      Row{"tag.x == \"x\" => push qa/x", "1:5 E0223"},
      Row{"tag[\"x\"] == \"x\" => push qa/x", "1:5 E0223"},
      Row{"rule \"a\": true => block\nrule \"a\": false => block", "2:6 W0301"},
      Row{"vulns.critical >= 0 => push qa/x", "1:1 W0302"},
      Row{"true => push qa/x, block \"no\"", "1:20 W0303"},
      Row{"any tag in platforms: tag == \"x\" => push qa/x", "1:5 W0304"},
  }));
  const auto result = front_end(text);
  CAPTURE(text);
  const auto got = positions(ferry::SourceFile("test.ferry", text), result.diagnostics);
  REQUIRE(!got.empty());
  CHECK(got.front() == expected);
}

TEST_CASE("an unknown name suggests the closest fact", "[checker]") {
  const auto result = front_end("vulns.critcal < 3 or tg == \"x\" or compnents contains 1 => push qa/x");
  REQUIRE(result.diagnostics.items.size() == 3);
  CHECK(result.diagnostics.items[0].message == "unknown field `critcal` of `vulns`; did you mean `critical`?");
  CHECK(result.diagnostics.items[1].message == "unknown name `tg`; did you mean `tag`?");
  CHECK(result.diagnostics.items[2].message == "unknown name `compnents`; did you mean `components`?");
}

TEST_CASE("an error inside an expression does not cascade", "[checker]") {
  // One unknown name; the comparison, the `and` and the condition stay quiet.
  const auto result = front_end("(nosuch + 1 > 3) and tag == \"x\" => push qa/x");
  CHECK(codes(result.diagnostics) == std::vector<std::string>{"E0201"});
}

TEST_CASE("names resolve to facts, fields, locals and builtins", "[checker]") {
  const auto result = front_end("any c in components: c.version == lower(tag) and vulns.high < 2 => push qa/x");
  REQUIRE(codes(result.diagnostics).empty());
  const auto& ast = result.policy.ast;
  int facts = 0, locals = 0, calls = 0;
  for (const auto& e : ast.exprs) {
    if (const auto* p = std::get_if<ferry::Path>(&e.node)) {
      if (p->binding.kind == ferry::Binding::Kind::Fact) ++facts;
      if (p->binding.kind == ferry::Binding::Kind::Local) {
        ++locals;
        CHECK(p->binding.index == 0);
        CHECK(p->segments.at(0).field == 1);  // component.version
      }
    }
    if (const auto* c = std::get_if<ferry::Call>(&e.node)) calls += c->builtin >= 0;
  }
  CHECK(facts == 3);  // components, tag, vulns
  CHECK(locals == 1);
  CHECK(calls == 1);
}

TEST_CASE("Docker Trusted Registry shorthand becomes quantifiers", "[checker]") {
  SECTION("component.name == x is any") {
    const auto result = front_end("component.name == \"openssl\" => block");
    REQUIRE(codes(result.diagnostics).empty());
    const auto& ast = result.policy.ast;
    const auto* q = std::get_if<ferry::Quantifier>(&ast.expr(ast.rules[0].condition).node);
    REQUIRE(q);
    CHECK(q->kind == ferry::QuantKind::Any);
    CHECK(std::get<ferry::Path>(ast.expr(q->collection).node).root == "components");
    CHECK(std::get<ferry::Compare>(ast.expr(q->body).node).op == ferry::CmpOp::Eq);
  }
  SECTION("license not in L is not any") {
    const auto result = front_end("license not in [\"GPL-3.0\"] => block");
    REQUIRE(codes(result.diagnostics).empty());
    const auto& ast = result.policy.ast;
    const auto* n = std::get_if<ferry::Not>(&ast.expr(ast.rules[0].condition).node);
    REQUIRE(n);
    const auto& q = std::get<ferry::Quantifier>(ast.expr(n->operand).node);
    CHECK(std::get<ferry::Path>(ast.expr(q.collection).node).root == "licenses");
    CHECK(std::get<ferry::Compare>(ast.expr(q.body).node).op == ferry::CmpOp::In);
    CHECK(result.policy.types[ast.rules[0].condition].kind == ferry::TypeKind::Bool);
  }
  SECTION("a quantifier variable named component is not shorthand") {
    const auto result = front_end("any component in components: component.name == \"x\" => block");
    REQUIRE(codes(result.diagnostics).empty());
    const auto& ast = result.policy.ast;
    const auto& q = std::get<ferry::Quantifier>(ast.expr(ast.rules[0].condition).node);
    CHECK(std::holds_alternative<ferry::Compare>(ast.expr(q.body).node));
  }
}

TEST_CASE("every expression gets a type", "[checker]") {
  const auto result = front_end("age + 1d > 2w and size < 1KiB => push qa/x");
  REQUIRE(codes(result.diagnostics).empty());
  const auto& policy = result.policy;
  REQUIRE(policy.types.size() == policy.ast.exprs.size());
  for (size_t i = 0; i < policy.types.size(); ++i) CHECK(policy.types[i].kind != ferry::TypeKind::Error);
}

TEST_CASE("the fact table agrees with LANGUAGE.md section 4", "[checker]") {
  const auto fact = [](const char* name) { return ferry::fact_info(*ferry::find_fact(name)).type; };
  CHECK(ferry::type_name(fact("platforms")) == "list<string>");
  CHECK(ferry::type_name(fact("labels")) == "map<string,string>");
  CHECK(ferry::type_name(fact("components")) == "list<component>");
  CHECK(ferry::type_name(fact("age")) == "duration");
  CHECK(ferry::type_name(fact("created")) == "time");
  CHECK(ferry::all_facts().size() == 16);
  CHECK(ferry::record_fields(ferry::TypeKind::Vulns).size() == 8);
  CHECK(ferry::record_fields(ferry::TypeKind::Component).size() == 4);
}

TEST_CASE("messages quote whole characters, never fragments of UTF-8", "[checker]") {
  // A fuzzer found `<now:%Y\xdb\x9b>` quoted as half a character, which JSON cannot carry.
  for (const std::string text : {"true => push qa/x as \"<now:%Y\xdb\x9b>\"", "true => push qa/x as \"v\xc3\xa9\"",
                                  "true => push qa/\xc3\xa9", "tag like \"a\\\\\xc3\xa9\" => block"}) {
    const auto result = front_end(text);
    CAPTURE(text);
    REQUIRE(result.diagnostics.items.size() == 1);
    const std::string& message = result.diagnostics.items[0].message;
    CHECK_FALSE(ferry::first_invalid_utf8(message).has_value());
    CHECK(message.find(text.find("\xdb") != std::string::npos ? "\xdb\x9b" : "\xc3\xa9") != std::string::npos);
  }
}
