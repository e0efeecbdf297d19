// Replays saved fuzzer findings and the golden policies through the fuzzers' invariants.
#include <catch2/catch.hpp>
#include <filesystem>
#include <vector>

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

// Every real report through every reader (a Trivy report read as SPDX must fail cleanly),
// and the saved findings of the report fuzzers.
TEST_CASE("the report readers keep their invariants on the real reports and on each other's", "[fuzz]") {
  size_t count = 0;
  std::vector<std::filesystem::path> inputs;
  for (const char* dir : {"tests/data/scans", "fuzz/regressions"}) {
    for (const auto& entry : std::filesystem::directory_iterator(ferry::test::source_path(dir))) inputs.push_back(entry.path());
  }
  for (const auto& path : inputs) {
    const std::string text = ferry::test::read_file(path.string());
    const auto* data = reinterpret_cast<const uint8_t*>(text.data());
    using ferry::facts::ReportFormat;
    for (ReportFormat f : {ReportFormat::Trivy, ReportFormat::Grype, ReportFormat::CycloneDx, ReportFormat::Spdx, ReportFormat::InToto}) {
      ferry::fuzz::report_invariants(f, data, text.size());
    }
    ++count;
  }
  CHECK(count >= 14);
}
