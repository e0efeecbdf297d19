// Every diagnostic code has a golden case and a documented entry.
#include <catch2/catch.hpp>
#include <set>

#include "grammar/diagnostic.h"
#include "tests/golden.h"
#include "tests/support.h"

TEST_CASE("every diagnostic code has a golden case", "[coverage]") {
  std::set<std::string> seen;
  for (const auto kind : {ferry::test::GoldenKind::Check, ferry::test::GoldenKind::Lint}) {
    for (const auto& path : ferry::test::golden_files(kind)) {
      for (const auto& e : ferry::test::golden_expectations(ferry::test::read_file(path))) seen.insert(e.substr(e.find(' ') + 1));
    }
  }
  for (const auto& info : ferry::all_diagnostics()) {
    CAPTURE(info.name);
    CHECK(seen.count(std::string(info.name)) == 1);
  }
}

TEST_CASE("every diagnostic code is documented with a bad and a fixed example", "[coverage]") {
  const std::string diagnostics = ferry::test::read_file(ferry::test::source_path("docs/diagnostics.md"));
  const std::string lints = ferry::test::read_file(ferry::test::source_path("docs/lint.md"));
  for (const auto& info : ferry::all_diagnostics()) {
    CAPTURE(info.name);
    const std::string& docs = info.name.starts_with("L") ? lints : diagnostics;
    const size_t at = docs.find("## " + std::string(info.name));
    REQUIRE(at != std::string::npos);
    const size_t next = docs.find("\n## ", at + 1);
    const std::string section = docs.substr(at, next == std::string::npos ? std::string::npos : next - at);
    CHECK(section.find("Bad:") != std::string::npos);
    CHECK(section.find("Fixed:") != std::string::npos);
  }
}
