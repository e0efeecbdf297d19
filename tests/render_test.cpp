// The diagnostic formats of LANGUAGE.md section 7, byte for byte.
#include <catch2/catch.hpp>

#include "cli/render.h"
#include "tests/support.h"

TEST_CASE("text diagnostics look like clang's", "[render]") {
  const ferry::SourceFile file("website.ferry",
                               "# promote\ntag endswith \"stable\" and vulns.critcal < 3 => push qa/website\n");
  const auto result = ferry::compile_front_end(file);
  REQUIRE(result.diagnostics.items.size() == 1);
  CHECK(ferry::cli::render_text(file, result.diagnostics.items[0], false) ==
        "website.ferry:2:33: error[E0204]: unknown field `critcal` of `vulns`; did you mean `critical`?\n"
        "  tag endswith \"stable\" and vulns.critcal < 3 => push qa/website\n"
        "                                  ^~~~~~~\n");
}

TEST_CASE("carets count characters, keep tabs, and show notes", "[render]") {
  const ferry::SourceFile file("p.ferry", "rule \"é\": true => block\n\trule \"é\": tg == \"ü\" => block\n");
  const auto result = ferry::compile_front_end(file);
  REQUIRE(result.diagnostics.items.size() == 2);
  CHECK(ferry::cli::render_text(file, result.diagnostics.items[0], false) ==
        "p.ferry:2:7: warning[W0301]: rule name \"é\" is already used at line 1; names identify rules in results and logs\n"
        "  \trule \"é\": tg == \"ü\" => block\n"
        "  \t     ^~~\n"
        "p.ferry:1:6: note: first used here\n"
        "  rule \"é\": true => block\n"
        "       ^~~\n");
  CHECK(ferry::cli::render_text(file, result.diagnostics.items[1], false).substr(0, 19) == "p.ferry:2:12: error");
}

TEST_CASE("colour wraps the parts but keeps the text", "[render]") {
  const ferry::SourceFile file("p.ferry", "tg == \"x\" => block");
  const auto result = ferry::compile_front_end(file);
  const std::string colored = ferry::cli::render_text(file, result.diagnostics.items.at(0), true);
  CHECK(colored.find("\033[1;31merror") != std::string::npos);
  CHECK(colored.find("[E0201]") != std::string::npos);
}

TEST_CASE("JSON diagnostics carry the whole location", "[render]") {
  const ferry::SourceFile file("p.ferry", "\ntg == \"x\" => block");
  const auto result = ferry::compile_front_end(file);
  const auto json = ferry::cli::render_json(file, result.diagnostics.items.at(0));
  CHECK(json["file"] == "p.ferry");
  CHECK(json["line"] == 2);
  CHECK(json["column"] == 1);
  CHECK(json["end_line"] == 2);
  CHECK(json["end_column"] == 3);
  CHECK(json["severity"] == "error");
  CHECK(json["code"] == "E0201");
  CHECK(json["message"] == "unknown name `tg`; did you mean `tag`?");
}
