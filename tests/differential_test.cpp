// The VM against the reference interpreter on thousands of random well-typed policies
// and random images: every rule's condition must come out the same, error messages
// included.
#include <catch2/catch.hpp>

#include "compiler/emitter.h"
#include "runtime/timefmt.h"
#include "runtime/vm.h"
#include "tests/oracle/generator.h"
#include "tests/oracle/oracle.h"
#include "tests/support.h"

TEST_CASE("the VM agrees with the reference interpreter", "[differential]") {
  const int64_t now = *ferry::parse_rfc3339("2026-11-26T17:40:15Z");
  ferry::Vm vm;
  size_t compared = 0;
  size_t skipped = 0;
  for (uint64_t seed = 1; seed <= 3000; ++seed) {
    ferry::oracle::Choices choices(seed);
    const auto c = ferry::oracle::generate(choices);
    const ferry::SourceFile file("gen.ferry", c.policy);
    const auto front = ferry::compile_front_end(file);
    INFO("seed " << seed << "\n" << c.policy << c.image);
    // The generator is typed but knows nothing of the checker's literal bounds
    // (`0 > len(x)` is E0208): such policies are skipped, and must stay rare.
    if (front.diagnostics.has_errors()) {
      ++skipped;
      continue;
    }
    // With superinstructions (what eval runs) and without (what --explain runs).
    const auto fused = ferry::emit_program(file, front.policy);
    const auto plain = ferry::emit_program(file, front.policy, ferry::EmitOptions{.fuse = false});
    const auto loaded = ferry::load_image_json(c.image);
    REQUIRE(loaded.image);
    for (size_t r = 0; r < fused.rules.size(); ++r) {
      const std::string expected = ferry::oracle::condition(front.policy, r, *loaded.image, now);
      CHECK(ferry::oracle::vm_condition(vm, fused, r, *loaded.image, now) == expected);
      CHECK(ferry::oracle::vm_condition(vm, plain, r, *loaded.image, now) == expected);
      ++compared;
    }
  }
  CHECK(compared > 3000);
  CHECK(skipped < 300);
}
