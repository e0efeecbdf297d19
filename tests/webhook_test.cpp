// The webhook bodies ferry serve takes, on real payloads (tests/data/webhooks).
#include <catch2/catch.hpp>

#include "runtime/server/webhook.h"
#include "tests/support.h"

using ferry::server::parse_webhook;

TEST_CASE("a distribution registry's push notification", "[serve]") {
  const auto parsed = parse_webhook(ferry::test::read_file(ferry::test::source_path("tests/data/webhooks/distribution-push-event.json")));
  REQUIRE(parsed.error.empty());
  REQUIRE(parsed.pushes.size() == 1);
  CHECK(parsed.pushes[0].registry == "127.0.0.1:5001");
  CHECK(parsed.pushes[0].repository == "dev/website");
  CHECK(parsed.pushes[0].tag == "1.0-stable");
  CHECK(parsed.pushes[0].digest == "sha256:eca4a15fa024ea28b3a28c0e904f5f97034eb913a175ef163fff3199ba36bef8");
}

TEST_CASE("a Harbor PUSH_ARTIFACT webhook", "[serve]") {
  const auto parsed = parse_webhook(ferry::test::read_file(ferry::test::source_path("tests/data/webhooks/harbor-webhook-push-artifact.json")));
  REQUIRE(parsed.error.empty());
  REQUIRE(parsed.pushes.size() == 1);
  CHECK(parsed.pushes[0].registry == "harbor.jarvis.tanzu");
  CHECK(parsed.pushes[0].repository == "veba-webhook/bitnami-nginx");
  CHECK(parsed.pushes[0].tag == "1.21.6-debian-10-r117");
  CHECK(parsed.pushes[0].digest == "sha256:d3890814cc5a7cfc02403435281cdf51adfb6b67e223934d9d6137a4ad364286");
}

TEST_CASE("pulls, pushes by digest and other Harbor events are ignored; other bodies refused", "[serve]") {
  const auto pull = parse_webhook(R"({"events": [{"action": "pull", "target": {"repository": "a/b", "tag": "1", "digest": "sha256:00"}, "request": {"host": "r"}},
                                                 {"action": "push", "target": {"repository": "a/b", "digest": "sha256:00"}, "request": {"host": "r"}}]})");
  CHECK(pull.error.empty());
  CHECK(pull.pushes.empty());
  CHECK(pull.ignored == 2);
  const auto deleted = parse_webhook(R"({"type": "DELETE_ARTIFACT", "event_data": {"resources": []}})");
  CHECK(deleted.error.empty());
  CHECK(deleted.ignored == 1);
  CHECK_FALSE(parse_webhook("{\"events\": [").error.empty());
  CHECK_FALSE(parse_webhook("[1, 2]").error.empty());
  CHECK_FALSE(parse_webhook(R"({"events": {}})").error.empty());
  CHECK_FALSE(parse_webhook(R"({"events": [7]})").error.empty());
}
