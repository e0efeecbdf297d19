// The VM: emitted code for small policies, and the meaning of section 5 rule by rule.
#include <catch2/catch.hpp>

#include "compiler/emitter.h"
#include <set>

#include "runtime/glob.h"
#include "runtime/timefmt.h"
#include "runtime/vm.h"
#include "tests/oracle/oracle.h"
#include "tests/support.h"

namespace {

ferry::Program compile(const std::string& text, bool fuse = true) {
  const ferry::SourceFile file("p.ferry", text);
  const auto result = ferry::compile_front_end(file);
  INFO(text);
  REQUIRE(ferry::test::codes(result.diagnostics).empty());
  return ferry::emit_program(file, result.policy, ferry::EmitOptions{.fuse = fuse});
}

ferry::ImageFacts image(const std::string& json) {
  auto loaded = ferry::load_image_json(json);
  INFO(json);
  REQUIRE(loaded.image);
  return *loaded.image;
}

const char* kImage = R"({"registry": "dev.example.com", "repo": "dev/website", "tag": "1.4.2-stable",
  "digest": "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  "created": "2026-11-20T10:00:00Z", "pushed": "2026-11-26T17:00:00Z", "size": 1000,
  "platforms": ["linux/amd64", "linux/arm64"], "labels": {"team": "web", "mirror.skip": "false"}, "signed": true,
  "vulns": {"critical": 1, "high": 2, "medium": 3, "low": 4},
  "components": [{"name": "openssl", "version": "3.0.2", "license": "Apache-2.0", "type": "deb"},
                 {"name": "zlib", "version": "1.2.13", "license": "Zlib", "type": "deb"}],
  "licenses": ["Apache-2.0", "Zlib"]})";

const char* kUnscanned = R"({"registry": "dev.example.com", "repo": "dev/website", "tag": "1.0-stable",
  "digest": "sha256:ab", "created": "2026-11-20T10:00:00Z", "size": 5})";

const int64_t kNow = *ferry::parse_rfc3339("2026-11-26T17:40:15Z");

// Evaluates one program; the image and the Vm must outlive the decision.
ferry::Decision decide(ferry::Vm& vm, const ferry::Program& program, const ferry::ImageFacts& image) {
  ferry::Decision d;
  vm.evaluate({&program}, image, kNow, d);
  return d;
}

std::vector<std::string> ops(const ferry::Program& program) {
  std::vector<std::string> out;
  for (const auto& in : program.code) out.emplace_back(ferry::op_info(in.op).name);
  return out;
}

// The value of the single rule's condition: "true", "false" or "error: message", the
// same with and without superinstructions.
std::string condition(const std::string& cond, const char* json = kImage) {
  ferry::Vm vm;
  const std::string fused = ferry::oracle::vm_condition(vm, compile(cond + " => block"), 0, image(json), kNow);
  CHECK(ferry::oracle::vm_condition(vm, compile(cond + " => block", false), 0, image(json), kNow) == fused);
  return fused;
}

}  // namespace

TEST_CASE("emitted code: facts by slot, jumps for and/or, loops for quantifiers", "[vm]") {
  // Without superinstructions (the code --explain runs).
  const auto plain = [](const std::string& text) { return ops(compile(text, false)); };
  CHECK(plain("vulns.critical < 3 => block") ==
        std::vector<std::string>{"Fact", "Field", "Lt", "Return"});  // the literal 3 is Lt's operand
  CHECK(plain("signed and scanned or tag == \"x\" => block") ==
        std::vector<std::string>{"Fact", "JumpIfFalse", "Fact", "And", "JumpIfTrue", "Fact", "Eq", "Or", "Return"});
  CHECK(plain("any c in components: (c.name == \"x\" or c.type == \"deb\") => block") ==
        std::vector<std::string>{"Fact", "IterBegin", "IterNext", "Local", "Field", "Eq", "JumpIfTrue", "Local", "Field",
                                 "Eq", "Or", "AnyStep", "IterEnd", "Return"});
  CHECK(plain("any c in components: c.name == \"x\" => block") ==
        std::vector<std::string>{"Fact", "IterBegin", "IterNext", "Local", "Field", "Eq", "AnyStep", "IterEnd", "Return"});
  CHECK(plain("tag matches \"v[0-9]+\" and repo like \"dev/*\" => block") ==
        std::vector<std::string>{"Fact", "Matches", "JumpIfFalse", "Fact", "Like", "And", "Return"});
  CHECK(plain("size + 1 > size - vulns.high => block") ==
        std::vector<std::string>{"Fact", "Add", "Fact", "Fact", "Field", "Sub", "Gt", "Return"});
  CHECK(plain("labels[\"team\"] == lower(tag) => block") ==
        std::vector<std::string>{"Fact", "Key", "Fact", "Call", "Eq", "Return"});
  CHECK(plain("tag in [\"a\", \"b\"] and [tag] == [repo] => block") ==
        std::vector<std::string>{"Fact", "In", "JumpIfFalse", "Fact", "MakeList", "Fact", "MakeList", "Eq", "And",
                                 "Return"});
}

TEST_CASE("superinstructions: a fact or a quantifier compared with a literal is one instruction", "[vm]") {
  CHECK(ops(compile("vulns.critical < 3 and tag endswith \"x\" => block")) ==
        std::vector<std::string>{"FactCompare", "JumpIfFalse", "FactCompare", "And", "Return"});
  CHECK(ops(compile("labels[\"team\"] == \"web\" => block")) == std::vector<std::string>{"FactCompare", "Return"});
  // Every Docker Trusted Registry shorthand reads a list fact in place.
  CHECK(ops(compile("any c in components: c.name == \"x\" => block")) ==
        std::vector<std::string>{"QuantCompare", "Return"});
  CHECK(ops(compile("license not in [\"GPL-3.0\"] => block")) ==
        std::vector<std::string>{"QuantCompare", "Not", "Return"});
  // A body that is not one comparison with a literal keeps the loop.
  CHECK(ops(compile("any p in platforms: p == repo => block")) ==
        std::vector<std::string>{"Fact", "IterBegin", "IterNext", "Local", "Fact", "Eq", "AnyStep", "IterEnd", "Return"});
  // A comparison with a computed right side is not fused.
  CHECK(ops(compile("labels[\"team\"] == lower(tag) => block")) ==
        std::vector<std::string>{"Fact", "Key", "Fact", "Call", "Eq", "Return"});
}

TEST_CASE("constant folding and interning", "[vm]") {
  const auto program = compile("size < 1 + 2 - 3 + 1KB and tag == \"x\" and repo == \"x\" => block", false);
  CHECK(ops(program)[1] == "Lt");
  CHECK(program.constants[program.code[1].arg - 1].i == 1000);
  CHECK(program.strings.size() == 1);  // "x" once
}

TEST_CASE("the VM computes every operator as section 3 says", "[vm]") {
  using Row = std::tuple<std::string, std::string>;
  auto [cond, expected] = GENERATE(table<std::string, std::string>({
      Row{"tag == \"1.4.2-stable\"", "true"},
      Row{"tag != \"1.4.2-stable\"", "false"},
      Row{"tag < \"2\"", "true"},
      Row{"tag startswith \"1.4\" and tag endswith \"stable\" and tag contains \".2-\"", "true"},
      Row{"tag matches \"[0-9.]+-stable\"", "true"},
      Row{"tag matches \"[0-9.]+\"", "false"},
      Row{"repo like \"dev/*\" and repo like \"d?v/w*e\" and not (repo like \"dev\")", "true"},
      Row{"\"linux/arm64\" in platforms and platforms contains \"linux/amd64\"", "true"},
      Row{"\"windows/amd64\" not in platforms", "true"},
      Row{"\"team\" in labels and \"owner\" not in labels", "true"},
      Row{"labels[\"team\"] == \"web\" and label(\"team\") == \"web\"", "true"},
      Row{"len(platforms) == 2 and len(labels) == 2 and len(\"é1\") == 2", "true"},
      Row{"lower(\"AbC\") == \"abc\" and upper(tag) == \"1.4.2-STABLE\"", "true"},
      Row{"size == 1000 and size < 1KiB and size + 24 == 1KiB", "true"},
      Row{"age > 6d and age < 7d", "true"},
      Row{"created > now() - 7d and pushed - created == 6d + 7h", "true"},
      Row{"semver(tag) > semver(\"1.4.2-rc.1\") and semver(tag) < semver(\"1.4.2\")", "true"},
      Row{"semver(\"v1.0.0+a\") == semver(\"1.0.0+b\")", "true"},
      Row{"vulns.critical == 1 and vulns.major == 2 and vulns.minor == 7 and vulns.all == 10", "true"},
      Row{"any c in components: (c.name == \"zlib\" and c.version startswith \"1.\")", "true"},
      Row{"all c in components: c.type == \"deb\"", "true"},
      Row{"all c in components: c.name == \"zlib\"", "false"},
      Row{"any p in platforms: any q in platforms: p != q", "true"},
      Row{"component.name == \"openssl\" and component.name != \"log4j\"", "true"},
      Row{"license in [\"MIT\", \"Zlib\"] and license not in [\"GPL-3.0\"]", "true"},
      Row{"[1, 2] == [1, 2] and [tag] != [repo]", "true"},
      Row{"label(\"owner\") == \"x\"", "error: the image has no label \"owner\""},
      Row{"labels[\"owner\"] == \"x\"", "error: the image has no label \"owner\""},
      Row{"semver(repo) > semver(\"1.0.0\")", "error: \"dev/website\" is not a semantic version: a version has three "
                                              "numbers: MAJOR.MINOR.PATCH"},
      Row{"size + 9223372036854775807 > 0", "error: arithmetic overflows a 64-bit integer"},
  }));
  CAPTURE(cond);
  CHECK(condition(cond) == expected);
}

TEST_CASE("unknown facts are errors that false and true absorb", "[vm]") {
  CHECK(condition("vulns.critical < 3", kUnscanned) == "error: `vulns` is unknown: not scanned");
  CHECK(condition("scanned", kUnscanned) == "false");
  CHECK(condition("scanned and vulns.critical < 3", kUnscanned) == "false");
  CHECK(condition("vulns.critical < 3 and scanned", kUnscanned) == "false");
  CHECK(condition("vulns.critical < 3 or true", kUnscanned) == "true");
  CHECK(condition("not (vulns.critical < 3)", kUnscanned) == "error: `vulns` is unknown: not scanned");
  CHECK(condition("any c in components: true", kUnscanned) ==
        "error: `components` is unknown: not scanned");
  CHECK(condition("signed", kUnscanned) == "error: `signed` is unknown for this image");
  // Scanned by something that gives components only (an SBOM): vulnerabilities stay unknown.
  CHECK(condition("vulns.critical < 3", R"({"tag": "x", "components": []})") ==
        "error: `vulns` is unknown: the image's scan data does not say");
  CHECK(condition("age > 1d", R"({"tag": "x"})") == "error: `created` is unknown for this image");
  CHECK(condition("\"team\" in labels", R"({"tag": "x"})") == "false");
}

TEST_CASE("decisions: scopes, merging, blocks win, errors fail closed", "[vm]") {
  const auto program = compile(
      "rule \"a\": tag endswith \"stable\" => push qa.example.com/qa/website as \"<timestamp>\"\n"
      "rule \"b\": vulns.critical < 3 => push qa.example.com/qa/website as \"<timestamp>\", push mirror/<repo>\n"
      "on team-*/** { rule \"c\": true => push qa.example.com/other }\n"
      "on dev/* { rule \"d\": \"mirror.skip\" in labels and labels[\"mirror.skip\"] == \"true\" => block \"skip\" }\n");
  ferry::Vm vm;
  const auto scanned_image = image(kImage);
  const auto unscanned_image = image(kUnscanned);
  const auto d = decide(vm, program, scanned_image);
  CHECK(d.kind() == ferry::Decision::Kind::Push);
  REQUIRE(d.pushes.size() == 2);
  CHECK(d.pushes[0].destination == "qa.example.com/qa/website");
  CHECK(d.pushes[0].tag == "20261126T174015Z");
  CHECK(d.pushes[0].rule == "a");
  CHECK(d.pushes[0].location == "p.ferry:1:36");
  CHECK(d.pushes[1].destination == "dev.example.com/mirror/dev/website");
  CHECK(d.pushes[1].tag == "1.4.2-stable");
  CHECK(d.errors.empty());

  const auto unscanned = decide(vm, program, unscanned_image);
  CHECK(unscanned.kind() == ferry::Decision::Kind::Push);  // rule a; rule b is in error
  REQUIRE(unscanned.errors.size() == 1);
  CHECK(unscanned.errors[0].rule == "b");
  CHECK(unscanned.errors[0].location() == "p.ferry:2:11");

  const auto blocks = compile("true => push qa/x\nrule \"gate\": vulns.critical > 0 => block \"critical\"\n");
  const auto blocked = decide(vm, blocks, scanned_image);
  CHECK(blocked.kind() == ferry::Decision::Kind::Blocked);
  CHECK(blocked.pushes.empty());
  REQUIRE(blocked.blocks.size() == 1);
  CHECK(blocked.blocks[0].reason == "critical");
  const auto failed_closed = decide(vm, blocks, unscanned_image);
  CHECK(failed_closed.kind() == ferry::Decision::Kind::Blocked);
  CHECK(failed_closed.blocks[0].reason == "error: `vulns` is unknown: not scanned");

  const auto scoped = image(R"({"registry": "r", "repo": "team-a/x/y", "tag": "t", "labels": {}})");
  const auto in_scope = decide(vm, program, scoped);
  REQUIRE(!in_scope.pushes.empty());
  CHECK(in_scope.pushes.back().destination == "qa.example.com/other");
}

TEST_CASE("tag templates render as section 6 says", "[vm]") {
  using Row = std::tuple<std::string, std::string>;
  auto [tmpl, expected] = GENERATE(table<std::string, std::string>({
      Row{"<tag>", "1.4.2-stable"},
      Row{"<tag>-<short_digest>", "1.4.2-stable-0123456789ab"},
      Row{"<digest>", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
      Row{"<date>", "20261126"},
      Row{"<timestamp>", "20261126T174015Z"},
      Row{"<created>", "20261120T100000Z"},
      Row{"<created:%Y.%m>", "2026.11"},
      Row{"<now:%Y%m%d-%H%M>", "20261126-1740"},
      Row{"<repo>", "dev-website"},
      Row{"<label:team>_<registry>", "web_dev.example.com"},
      Row{"v<now:%j>", "v330"},
  }));
  const auto program = compile("true => push qa.example.com/qa/x as \"" + tmpl + "\"");
  ferry::Vm vm;
  const auto img = image(kImage);
  const auto d = decide(vm, program, img);
  CAPTURE(tmpl);
  REQUIRE(d.pushes.size() == 1);
  CHECK(d.pushes[0].tag == expected);
}

TEST_CASE("a template that cannot render is a rule error", "[vm]") {
  ferry::Vm vm;
  const auto absent = compile("true => push qa/x as \"<label:version>\"");
  const auto img = image(kImage);
  const auto d = decide(vm, absent, img);
  CHECK(d.kind() == ferry::Decision::Kind::None);
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].message == "`<label:version>`: the image has no label \"version\"");
  const auto invalid = compile("true => push qa/x as \"<label:team>\"");
  const auto odd = image(R"({"registry": "r", "tag": "t", "labels": {"team": "a b"}})");
  const auto bad = decide(vm, invalid, odd);
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message == "the tag renders as \"a b\", which is not a valid tag");
}

TEST_CASE("every opcode is emitted by some construct", "[vm]") {
  const std::string policy =
      "true and not signed or tag != \"a\" => block\n"
      "size < 1 or size <= 2 or size > 3 or size >= 4 or size == 5 => block\n"
      "tag startswith \"a\" or tag endswith \"b\" or tag contains \"c\" or tag matches \"d\" or tag like \"e*\" => block\n"
      "tag in [\"a\"] or tag not in [repo] or labels[\"k\"] == lower(tag) => block\n"
      "size + 1 - 2 > size or vulns.high > 0 => block\n"
      "any c in components: c.name == \"x\" => block\n"
      "any c in components: (c.name == \"x\" or c.type == \"y\") => block\n"
      "all p in platforms: (p == \"x\" or p == repo) => block\n";
  std::set<std::string> seen;
  for (const bool fuse : {false, true}) {
    for (const auto& in : compile(policy, fuse).code) seen.insert(ferry::op_info(in.op).name);
  }
  std::vector<std::string> missing;
#define OPCODE(NAME, OPERAND, EFFECT) \
  if (!seen.count(#NAME)) missing.push_back(#NAME);
#include "runtime/opcodes.def"
#undef OPCODE
  CHECK(missing.empty());
}

TEST_CASE("globs: like and repository patterns", "[vm]") {
  CHECK(ferry::like_match("*stable", "1.0-stable"));
  CHECK(ferry::like_match("acme/*/api-*", "acme/web/team/api-users"));  // `*` crosses `/`
  CHECK(ferry::like_match("a?c", "a\xC3\xA9" "c"));                       // `?` is one character
  CHECK(ferry::like_match("a\\*b", "a*b"));
  CHECK_FALSE(ferry::like_match("a\\*b", "axb"));
  CHECK_FALSE(ferry::like_match("*stable", "stable-1"));
  CHECK(ferry::like_match("*a*a*a*a*a*b", std::string(40, 'a') + "b"));
  CHECK(ferry::repo_match("dev/*", "dev/website"));
  CHECK_FALSE(ferry::repo_match("dev/*", "dev/a/b"));
  CHECK(ferry::repo_match("dev/**", "dev/a/b"));
  CHECK(ferry::repo_match("dev/**", "dev"));
  CHECK(ferry::repo_match("**/api", "team/x/api"));
  CHECK(ferry::repo_match("team-*/api", "team-a/api"));
  CHECK_FALSE(ferry::repo_match("team-*/api", "team-a/b/api"));
}

TEST_CASE("the value stack is as deep as the deepest condition needs", "[vm]") {
  std::string list = "repo";
  for (int i = 0; i < 500; ++i) list += ", lower(tag)";
  const auto program = compile("\"x\" in [" + list + "] or len([" + list + "]) == 501 => block");
  CHECK(program.max_stack >= 502);
  CHECK(condition("len([" + list + "]) == 501") == "true");
}
