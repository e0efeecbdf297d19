// Image references and credentials, the way container tools read them.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "runtime/registry/credentials.h"
#include "runtime/registry/reference.h"

using ferry::registry::parse_image_ref;

TEST_CASE("image references: Docker's host rule, tags, digests", "[registry]") {
  std::string error;
  auto r = parse_image_ref("127.0.0.1:5000/dev/website:1.0-stable", error);
  REQUIRE(r);
  CHECK(r->registry == "127.0.0.1:5000");
  CHECK(r->repository == "dev/website");
  CHECK(r->tag == "1.0-stable");
  CHECK(r->reference() == "1.0-stable");
  r = parse_image_ref("registry.example.com/team/app", error);
  REQUIRE(r);
  CHECK(r->tag == "latest");
  r = parse_image_ref("localhost/app@sha256:" + std::string(64, 'a'), error);
  REQUIRE(r);
  CHECK(r->registry == "localhost");
  CHECK(r->tag.empty());
  CHECK(r->reference() == "sha256:" + std::string(64, 'a'));
  r = parse_image_ref("dev/website:1", error);  // `dev` has no `.` or `:`: a path, on Docker Hub
  REQUIRE(r);
  CHECK(r->registry == "docker.io");
  CHECK(r->repository == "dev/website");
  r = parse_image_ref("nginx", error);
  REQUIRE(r);
  CHECK(r->repository == "library/nginx");

  for (const char* bad : {"reg.io/Dev/App", "reg.io/app:", "reg.io/app@sha256:abc", "reg.io/app:1@sha256:" , "reg'x.io/app",
                          "reg.io:99999999/app", "reg.io//app", "reg.io/app:-x"}) {
    CAPTURE(bad);
    error.clear();
    CHECK_FALSE(parse_image_ref(bad, error));
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("credentials from Docker's auth file", "[registry]") {
  const auto dir = std::filesystem::temp_directory_path() / "ferry-auth-test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "auth.json";
  // "ferry:s3cret" in base64, under a URL key as `docker login` writes them.
  std::ofstream(file) << R"({"auths": {"https://reg.example.com/v1/": {"auth": "ZmVycnk6czNjcmV0"},
                                       "other.example.com": {"auth": "not base64!"}}})";
  setenv("REGISTRY_AUTH_FILE", file.c_str(), 1);
  std::string error;
  const auto creds = ferry::registry::find_credentials("reg.example.com", error);
  REQUIRE(creds);
  CHECK(creds->username == "ferry");
  CHECK(creds->password == "s3cret");
  CHECK(error.empty());
  CHECK_FALSE(ferry::registry::find_credentials("nowhere.example.com", error));
  CHECK(error.empty());
  CHECK_FALSE(ferry::registry::find_credentials("other.example.com", error));
  CHECK(error.find("not base64") != std::string::npos);
  CHECK(error.find(file.string()) != std::string::npos);
  unsetenv("REGISTRY_AUTH_FILE");
  std::filesystem::remove_all(dir);
}
