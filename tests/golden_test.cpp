// Runs every golden policy and compares the diagnostics with the inline expectations.
// FERRY_UPDATE_GOLDEN=1 rewrites the expectations from what ferry reports now.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/golden.h"
#include "tests/support.h"

namespace {

void run_goldens(ferry::test::GoldenKind kind, size_t at_least) {
  const bool update = std::getenv("FERRY_UPDATE_GOLDEN") != nullptr;
  const auto files = ferry::test::golden_files(kind);
  REQUIRE(files.size() >= at_least);
  for (const auto& path : files) {
    const std::string name = std::filesystem::path(path).filename().string();
    std::string text = ferry::test::read_file(path);
    if (update) {
      text = ferry::test::golden_update(name, text, kind);
      std::ofstream(path, std::ios::binary) << text;
    }
    CAPTURE(name);
    CHECK(ferry::test::golden_actual(name, text, kind) == ferry::test::golden_expectations(text));
    // A fixed example is clean: the lint it shows no longer fires, nor any other.
    if (name.find(".fixed.") != std::string::npos) CHECK(ferry::test::golden_expectations(text).empty());
  }
}

}  // namespace

TEST_CASE("golden policies report exactly their expected diagnostics", "[golden]") {
  run_goldens(ferry::test::GoldenKind::Check, 10);
}

TEST_CASE("each lint fires on its bad example and stays quiet on its fixed one", "[golden]") {
  run_goldens(ferry::test::GoldenKind::Lint, 24);
}

TEST_CASE("the golden update mode writes expectations that then pass", "[golden]") {
  const std::string text = "tg == \"x\" => push qa/x\nok == 1\n";
  const std::string updated = ferry::test::golden_update("u.ferry", text);
  CHECK(updated == "tg == \"x\" => push qa/x # expect-error: 1:1 E0201\nok == 1 # expect-error: 2:8 E0100\n");
  CHECK(ferry::test::golden_actual("u.ferry", updated) == ferry::test::golden_expectations(updated));
  CHECK(ferry::test::golden_update("u.ferry", updated) == updated);
}
