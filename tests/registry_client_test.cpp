// The registry client's choices that Debian's docker-registry cannot be made to show: a
// plain-HTTP registry that asks for Basic credentials, a registry that refuses to list
// tags (as ECR does without ecr:ListImages), one whose tags take more than a page. A small
// cpp-httplib server on loopback plays those registries and records what it is asked;
// everything else is tested against real registries (tests/registry/registry_test.sh).
#include <catch2/catch.hpp>

#include <httplib.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/registry/client.h"
#include "runtime/registry/referrers.h"

using namespace ferry::registry;

namespace {

const std::string kDigest = "sha256:" + std::string(64, 'a');

// A server on a free loopback port, run on its own thread for the life of the object.
class FakeRegistry {
 public:
  FakeRegistry() {
    port_ = server.bind_to_any_port("127.0.0.1");
    // Bound is listening: a connection made before the thread accepts it waits for it.
    thread_ = std::thread([this] { server.listen_after_bind(); });
  }
  ~FakeRegistry() {
    server.stop();
    thread_.join();
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  void record(const httplib::Request& request) {
    const std::lock_guard lock(mutex_);
    seen_.push_back(request.method + " " + request.path + (request.has_header("Authorization") ? " with credentials" : ""));
  }
  std::vector<std::string> seen() {
    const std::lock_guard lock(mutex_);
    return seen_;
  }

  httplib::Server server;

 private:
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> seen_;
};

ClientOptions insecure(std::optional<Credentials> credentials = std::nullopt) {
  ClientOptions options;
  options.insecure = true;
  options.credentials = std::move(credentials);
  options.retries = 0;
  return options;
}

// Answers a manifest HEAD (cpp-httplib sends HEAD to the GET handler) for the cosign
// signature tag of kDigest only.
void serve_signature_tag(FakeRegistry& registry) {
  registry.server.Get(R"(/v2/dev/app/manifests/(.+))", [&](const httplib::Request& request, httplib::Response& response) {
    registry.record(request);
    if (request.matches[1] == cosign_tag(kDigest, "sig")) {
      response.set_header("Docker-Content-Digest", "sha256:" + std::string(64, 'b'));
      response.status = 200;
    } else {
      response.status = 404;
    }
  });
  registry.server.Get(R"(/v2/dev/app/referrers/.+)", [&](const httplib::Request& request, httplib::Response& response) {
    registry.record(request);
    response.status = 404;
  });
}

}  // namespace

TEST_CASE("credentials go over plain HTTP only once the registry asks for them", "[registry]") {
  FakeRegistry registry;
  registry.server.Get("/v2/", [&](const httplib::Request& request, httplib::Response& response) {
    registry.record(request);
    if (request.get_header_value("Authorization") == "Basic dXNlcjpwYXNz") {  // user:pass
      response.status = 200;
    } else {
      response.set_header("WWW-Authenticate", R"(Basic realm="fake")");
      response.status = 401;
    }
  });
  Client client(registry.address(), insecure(Credentials{"user", "pass"}));
  client.ping();
  CHECK(registry.seen() == std::vector<std::string>{"GET /v2/", "GET /v2/ with credentials"});
}

TEST_CASE("attached tags are found one by one where the registry will not list tags", "[registry]") {
  FakeRegistry registry;
  serve_signature_tag(registry);
  // Refused as ECR refuses a role without ecr:ListImages, or answered with something
  // that is not a tag list.
  const bool refuse = GENERATE(true, false);
  registry.server.Get(R"(/v2/dev/app/tags/list)", [&](const httplib::Request& request, httplib::Response& response) {
    registry.record(request);
    if (refuse) {
      response.status = 403;
      response.set_content(R"({"errors":[{"code":"DENIED","message":"not allowed to list"}]})", "application/json");
    } else {
      response.set_content("<html>a login page</html>", "text/html");
    }
  });
  Client client(registry.address(), insecure());
  const Attached attached = find_attached(client, "dev/app", kDigest);
  CHECK(attached.cosign_tags == std::vector<std::string>{cosign_tag(kDigest, "sig")});
  CHECK(attached.referrers.empty());
  // The list, then a HEAD for each of cosign's tags, the referrers API and the referrers tag.
  CHECK(registry.seen().size() == 1 + 3 + 1 + 1);
}

TEST_CASE("attached tags come from one tag list when it fits a page, else one by one", "[registry]") {
  FakeRegistry registry;
  serve_signature_tag(registry);
  bool paged = false;
  registry.server.Get(R"(/v2/dev/app/tags/list)", [&](const httplib::Request& request, httplib::Response& response) {
    registry.record(request);
    if (paged) response.set_header("Link", R"(</v2/dev/app/tags/list?n=1000&last=1.0>; rel="next")");
    response.set_content(R"({"name":"dev/app","tags":["1.0",")" + cosign_tag(kDigest, "sig") + R"("]})", "application/json");
  });
  Client client(registry.address(), insecure());

  Attached attached = find_attached(client, "dev/app", kDigest);
  CHECK(attached.cosign_tags == std::vector<std::string>{cosign_tag(kDigest, "sig")});
  CHECK(registry.seen() == std::vector<std::string>{"GET /v2/dev/app/tags/list", "GET /v2/dev/app/referrers/" + kDigest});

  // More tags than a page: the first page does not say what is not there, so each is asked.
  paged = true;
  attached = find_attached(client, "dev/app", kDigest);
  CHECK(attached.cosign_tags == std::vector<std::string>{cosign_tag(kDigest, "sig")});
  CHECK(registry.seen().size() == 2 + 1 + 3 + 1 + 1);
}
