#include "fuzz/invariants.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/explain.h"
#include "cli/render.h"
#include "compiler/checker.h"
#include "compiler/emitter.h"
#include "compiler/ast_compare.h"
#include "compiler/formatter.h"
#include "grammar/parser.h"
#include "runtime/timefmt.h"
#include "runtime/vm.h"
#include "tests/oracle/generator.h"
#include "tests/oracle/oracle.h"

namespace ferry::fuzz {
namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

void require_inside(Span span, size_t size, const char* what) {
  require(span.begin <= span.end && span.end <= size, what);
}

void ast_invariants(const Ast& ast, size_t size) {
  for (const auto& e : ast.exprs) require_inside(e.span, size, "expression span inside the input");
  for (const auto& c : ast.comments) require_inside(c, size, "comment span inside the input");
  for (const auto& s : ast.scopes) {
    require_inside(s.span, size, "scope span inside the input");
    for (const auto& p : s.patterns) require_inside(p.span, size, "pattern span inside the input");
  }
  for (const auto& r : ast.rules) {
    require_inside(r.span, size, "rule span inside the input");
    require(r.condition < ast.exprs.size(), "rule condition is a node");
    require(r.scope < static_cast<int32_t>(ast.scopes.size()), "rule scope exists");
    require(!r.actions.empty(), "a rule has actions");
    for (const auto& a : r.actions) require_inside(a.span, size, "action span inside the input");
  }
}

void diagnostic_invariants(const Diagnostics& diags, size_t size) {
  for (const auto& d : diags.items) {
    require_inside(d.span, size, "diagnostic span inside the input");
    require(!d.message.empty(), "diagnostic has a message");
    for (const auto& n : d.notes) require_inside(n.span, size, "note span inside the input");
  }
}

}  // namespace

void parse_invariants(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return;
  const SourceFile file("fuzz.ferry", std::string(reinterpret_cast<const char*>(data), size));
  const ParseResult result = parse_policy(file);
  ast_invariants(result.ast, size);
  diagnostic_invariants(result.diagnostics, size);
}

void fmt_invariants(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return;
  const SourceFile file("fuzz.ferry", std::string(reinterpret_cast<const char*>(data), size));
  const ParseResult parsed = parse_policy(file);
  if (parsed.diagnostics.has_errors()) return;
  const std::string once = format_policy(file, parsed.ast);
  const SourceFile formatted("fuzz.ferry", once);
  const ParseResult reparsed = parse_policy(formatted);
  if (reparsed.diagnostics.has_errors() || !same_policy(parsed.ast, reparsed.ast) ||
      reparsed.ast.comments.size() != parsed.ast.comments.size()) {
    std::fprintf(stderr, "input:\n%s\nformatted:\n%s\n", file.text().c_str(), once.c_str());
  }
  require(!reparsed.diagnostics.has_errors(), "formatted text parses");
  require(same_policy(parsed.ast, reparsed.ast), "formatting keeps the policy");
  require(reparsed.ast.comments.size() == parsed.ast.comments.size(), "formatting keeps every comment");
  require(format_policy(formatted, reparsed.ast) == once, "formatting is idempotent");
}

void check_invariants(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return;
  const SourceFile file("fuzz.ferry", std::string(reinterpret_cast<const char*>(data), size));
  const FrontEndResult result = compile_front_end(file);
  const auto& policy = result.policy;
  ast_invariants(policy.ast, size);
  diagnostic_invariants(result.diagnostics, size);
  require(policy.types.size() == policy.ast.exprs.size(), "one type per expression");
  require(policy.actions.size() == policy.ast.rules.size(), "checked actions per rule");
  if (!result.diagnostics.has_errors()) {
    for (const auto& rule : policy.ast.rules) {
      require(policy.types[rule.condition].kind == TypeKind::Bool, "a clean policy's conditions are bool");
    }
  }
  for (const auto& d : result.diagnostics.items) {
    require(!cli::render_text(file, d, false).empty(), "diagnostic renders");
    (void)cli::render_json(file, d).dump();
  }
}

void vm_invariants(const uint8_t* data, size_t size) {
  static const int64_t now = *parse_rfc3339("2026-11-26T17:40:15Z");
  oracle::Choices choices(data, std::min(size, kMaxFuzzInput));
  const auto c = oracle::generate(choices);
  const SourceFile file("gen.ferry", c.policy);
  const auto front = compile_front_end(file);
  if (front.diagnostics.has_errors()) return;
  // With superinstructions (what eval runs) and without (what --explain runs).
  const auto program = emit_program(file, front.policy);
  const auto plain = emit_program(file, front.policy, EmitOptions{.fuse = false});
  const auto loaded = load_image_json(c.image);
  require(loaded.image.has_value(), "generated images load");
  Vm vm;
  for (size_t r = 0; r < program.rules.size(); ++r) {
    const std::string want = oracle::condition(front.policy, r, *loaded.image, now);
    for (const Program* p : {&program, &plain}) {
      const std::string got = oracle::vm_condition(vm, *p, r, *loaded.image, now);
      if (got != want) {
        std::fprintf(stderr, "rule %zu of\n%s%s\nvm (%s): %s\noracle: %s\n", r, c.policy.c_str(), c.image.c_str(),
                     p == &program ? "fused" : "plain", got.c_str(), want.c_str());
      }
      require(got == want, "the VM and the reference interpreter agree");
    }
  }
  Decision decision;
  vm.evaluate({&program}, *loaded.image, now, decision);
  // --explain: every node's value read back from a trace of the program without
  // superinstructions, and printed (desugared criteria with text of their own).
  const auto explained = cli::explain({&plain}, vm, *loaded.image, now);
  for (const auto& e : explained) require(!e.tree.value("expr", "").empty(), "an explained condition has its text");
  require(cli::explanation_text(explained).size() >= explained.size(), "explanations print");
  (void)cli::explanation_json(explained).dump();
}

}  // namespace ferry::fuzz
