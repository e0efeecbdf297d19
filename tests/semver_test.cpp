#include <catch2/catch.hpp>

#include "runtime/semver.h"

TEST_CASE("semver parses semver.org versions and a leading v", "[semver]") {
  CHECK(ferry::parse_semver("1.2.3"));
  CHECK(ferry::parse_semver("v1.2.3"));
  CHECK(ferry::parse_semver("1.0.0-alpha.1+build.5"));
  CHECK(ferry::parse_semver("0.0.0-0"));
  std::string why;
  CHECK_FALSE(ferry::parse_semver("1.2", &why));
  CHECK(why == "a version has three numbers: MAJOR.MINOR.PATCH");
  CHECK_FALSE(ferry::parse_semver("01.2.3"));
  CHECK_FALSE(ferry::parse_semver("1.2.3-"));
  CHECK_FALSE(ferry::parse_semver("1.2.3-01"));
  CHECK_FALSE(ferry::parse_semver("1.2.3+"));
  CHECK_FALSE(ferry::parse_semver("1.2.x"));
  CHECK_FALSE(ferry::parse_semver("latest"));
  CHECK_FALSE(ferry::parse_semver(""));
}

TEST_CASE("semver precedence follows semver.org section 11", "[semver]") {
  // The example chain of the specification, each lower than the next.
  const char* chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                         "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"};
  for (size_t i = 0; i + 1 < std::size(chain); ++i) {
    CAPTURE(chain[i], chain[i + 1]);
    CHECK(std::is_lt(ferry::compare(*ferry::parse_semver(chain[i]), *ferry::parse_semver(chain[i + 1]))));
    CHECK(std::is_gt(ferry::compare(*ferry::parse_semver(chain[i + 1]), *ferry::parse_semver(chain[i]))));
  }
  CHECK(std::is_eq(ferry::compare(*ferry::parse_semver("1.0.0+a"), *ferry::parse_semver("v1.0.0+b"))));
}

TEST_CASE("the allocation-free comparison agrees with the parsed one", "[semver]") {
  const char* versions[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "v1.0.0+build", "1.0.1", "1.1.0", "2.0.0",
                            "10.0.0", "1.0.0-0", "1.0.0-a.b.c", "1.0.0-a.b"};
  for (const char* a : versions) {
    for (const char* b : versions) {
      CAPTURE(a, b);
      CHECK(ferry::compare_semver_text(a, b) == ferry::compare(*ferry::parse_semver(a), *ferry::parse_semver(b)));
    }
  }
}
