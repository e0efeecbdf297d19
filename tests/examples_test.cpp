// Every example policy checks clean.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support.h"

TEST_CASE("every example under examples/ checks clean", "[examples]") {
  size_t count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(ferry::test::source_path("examples"))) {
    if (entry.path().extension() != ".ferry") continue;
    ++count;
    const ferry::SourceFile file(entry.path().string(), ferry::test::read_file(entry.path().string()));
    const auto result = ferry::compile_front_end(file);
    CAPTURE(entry.path().string(), ferry::test::positions(file, result.diagnostics));
    CHECK(result.diagnostics.items.empty());
    CHECK(!result.policy.ast.rules.empty());
  }
  CHECK(count >= 3);
}
