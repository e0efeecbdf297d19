// Image facts from JSON: validation messages, and the fast JSON Lines reader giving
// exactly what the precise reader gives.
#include <catch2/catch.hpp>

#include "runtime/image_reader.h"
#include "tests/oracle/generator.h"
#include "tests/support.h"

namespace {

std::vector<std::string> issues(const std::string& json) {
  std::vector<std::string> out;
  for (const auto& i : ferry::load_image_json(json).issues) {
    out.push_back(std::string(i.warning ? "warning " : "error ") + i.path + ": " + i.message);
  }
  return out;
}

void same_as_precise(ferry::JsonLinesReader& reader, const std::string& json) {
  const auto fast = reader.read(json);
  const auto precise = ferry::load_image_json(json);
  INFO(json);
  REQUIRE(fast.image.has_value() == precise.image.has_value());
  if (fast.image) CHECK(*fast.image == *precise.image);
  CHECK(fast.issues.size() == precise.issues.size());
}

}  // namespace

TEST_CASE("facts JSON is validated with clear messages", "[image]") {
  CHECK(issues(R"({"tag": 1})") == std::vector<std::string>{"error tag: must be a string, found a number"});
  CHECK(issues(R"({"size": -1})") == std::vector<std::string>{"error size: must be a whole number of at least 0, found -1"});
  CHECK(issues(R"({"created": "yesterday"})") ==
        std::vector<std::string>{"error created: \"yesterday\" is not an RFC 3339 time such as \"2026-11-26T17:40:15Z\""});
  CHECK(issues(R"({"vulns": {"critical": "3"}})") ==
        std::vector<std::string>{"error vulns.critical: must be a whole number of at least 0, found a string"});
  CHECK(issues(R"({"components": [{"name": 1}]})") ==
        std::vector<std::string>{"error components[0].name: must be a string, found a number"});
  CHECK(issues(R"({"colour": "red"})") == std::vector<std::string>{"warning colour: unknown fact; it is ignored"});
  CHECK(issues("[1]") == std::vector<std::string>{"error : an image is a JSON object of facts, found a list"});
  CHECK(issues("{") == std::vector<std::string>{"error : not valid JSON"});
  const auto loaded = ferry::load_image_json(R"({"colour": "red", "tag": "x"})");
  CHECK(loaded.image.has_value());  // warnings do not reject the image
}

TEST_CASE("unknown, null and defaulted facts", "[image]") {
  const auto img = *ferry::load_image_json(R"({"tag": "x", "signed": null, "vulns": {"high": 2}})").image;
  CHECK(img.has(ferry::FactId::Tag));
  CHECK_FALSE(img.has(ferry::FactId::Signed));
  CHECK(img.has(ferry::FactId::Labels));  // absent labels: none
  CHECK(img.scanned);                     // vulns present
  CHECK(img.vulns.field(6) == 0);         // minor
  CHECK(img.vulns.field(5) == 2);         // major = high
  CHECK_FALSE(ferry::load_image_json(R"({"tag": "x"})").image->scanned);
}

TEST_CASE("the fast reader agrees with the precise one", "[image]") {
  ferry::JsonLinesReader reader;
  for (uint64_t seed = 1; seed <= 500; ++seed) {
    ferry::oracle::Choices choices(seed);
    same_as_precise(reader, ferry::oracle::generate(choices).image);
  }
  for (const std::string odd : {R"({"tag": 1})", R"({"size": -1})", R"({"colour": "red", "tag": "x"})", "[1]", "{",
                                R"({"tag": "x"} {"tag": "y"})", R"({"labels": {"a": "1", "a": "2"}})",
                                R"({"tag": "\u00e9\n"})", R"({"signed": null})", R"({"age": 5})",
                                R"({"vulns": {"major": 1}})", R"({"components": [{"name": "a", "x": 1}]})",
                                R"({"created": "2026-11-26T17:40:15.123+02:00"})", R"({"tag": "x", "tag": "y"})"}) {
    same_as_precise(reader, odd);
  }
}

TEST_CASE("reading a stream into one reused image gives each record's own facts", "[image]") {
  ferry::JsonLinesReader reader;
  ferry::ImageFacts reused;
  std::vector<ferry::FactsIssue> issues;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    ferry::oracle::Choices choices(seed);
    const std::string json = ferry::oracle::generate(choices).image;
    const auto precise = ferry::load_image_json(json);
    INFO(json);
    REQUIRE(reader.read_into(json, reused, issues) == precise.image.has_value());
    if (precise.image) CHECK(reused == *precise.image);
  }
}
