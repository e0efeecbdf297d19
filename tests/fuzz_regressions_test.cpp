// Replays saved fuzzer findings and the golden policies through the fuzzers' invariants.
#include <catch2/catch.hpp>
#include <filesystem>

#include "fuzz/invariants.h"
#include "tests/support.h"

TEST_CASE("fuzzer regression inputs keep the invariants", "[fuzz]") {
  size_t count = 0;
  for (const char* dir : {"fuzz/regressions", "tests/golden", "examples"}) {
    for (const auto& entry : std::filesystem::directory_iterator(ferry::test::source_path(dir))) {
      if (entry.path().filename() == "README.md") continue;
      const std::string text = ferry::test::read_file(entry.path().string());
      const auto* data = reinterpret_cast<const uint8_t*>(text.data());
      ferry::fuzz::parse_invariants(data, text.size());
      ferry::fuzz::check_invariants(data, text.size());
      ferry::fuzz::vm_invariants(data, text.size());
      ferry::fuzz::fmt_invariants(data, text.size());
      ++count;
    }
  }
  CHECK(count > 10);
}
