#include <catch2/catch.hpp>

#include "compiler/patterns.h"
#include "compiler/templates.h"

TEST_CASE("tag templates split into literals and placeholders", "[templates]") {
  const auto t = ferry::parse_tag_template("v<tag>-<label:build>_<now:%Y%m%d>");
  REQUIRE(t.errors.empty());
  REQUIRE(t.parts.size() == 6);
  CHECK(t.parts[0].literal);
  CHECK(t.parts[0].text == "v");
  CHECK(t.parts[1].placeholder == ferry::PlaceholderKind::Tag);
  CHECK(t.parts[3].placeholder == ferry::PlaceholderKind::Label);
  CHECK(t.parts[3].text == "build");
  CHECK(t.parts[5].placeholder == ferry::PlaceholderKind::Now);
  CHECK(t.parts[5].text == "%Y%m%d");
  CHECK(t.parts[5].offset == 21);
}

TEST_CASE("tag templates reject what can never be a tag", "[templates]") {
  CHECK(ferry::parse_tag_template(std::string(129, 'a')).errors.size() == 1);
  CHECK(ferry::parse_tag_template(std::string(128, 'a')).errors.empty());
  CHECK(ferry::parse_tag_template(".x").errors.at(0).code == ferry::DiagCode::E0214);
  CHECK(ferry::parse_tag_template("_x").errors.empty());
  CHECK(ferry::parse_tag_template("<tag>.<date>").errors.empty());
  CHECK(ferry::parse_tag_template("<now:%Y%").errors.at(0).code == ferry::DiagCode::E0215);
  CHECK(ferry::parse_tag_template("<created:%H:%M>").errors.at(0).code == ferry::DiagCode::E0214);
}

TEST_CASE("references follow Docker's reference grammar", "[templates]") {
  for (const char* ok : {"qa/website", "website", "localhost/x", "localhost:5000/x", "qa.example.com/a/b/c",
                         "127.0.0.1:5001/qa/website", "qa/a.b_c__d-e---f", "qa/<repo>", "<registry>/<repo>",
                         "Registry.Example.com/qa/x"}) {
    CAPTURE(ok);
    CHECK(ferry::parse_reference(ok).errors.empty());
  }
  for (const char* bad : {"qa/Website", "qa/x:latest", "qa/_x", "qa/x_", "qa/a___b", "qa/a.-b", "/qa", "qa/",
                          "qa//x", "host:99999999/x", "qa/x@sha256", "localhost:/x"}) {
    CAPTURE(bad);
    CHECK_FALSE(ferry::parse_reference(bad).errors.empty());
  }
}

TEST_CASE("repository patterns and like globs", "[templates]") {
  CHECK_FALSE(ferry::check_repo_pattern("dev/*"));
  CHECK_FALSE(ferry::check_repo_pattern("**"));
  CHECK_FALSE(ferry::check_repo_pattern("dev/**/api"));
  CHECK(ferry::check_repo_pattern("dev/**x")->offset == 4);
  CHECK(ferry::check_repo_pattern("dev/Web")->offset == 4);
  CHECK_FALSE(ferry::check_like_glob("a*b?c\\*\\?\\\\"));
  CHECK(ferry::check_like_glob("ab\\")->offset == 2);
  CHECK(ferry::check_like_glob("a\\b")->offset == 1);
}
