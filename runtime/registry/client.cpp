#include "runtime/registry/client.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

namespace ferry::registry {
namespace {

std::string base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                                static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string basic_authorization(const Credentials& c) { return "Basic " + base64(c.username + ":" + c.password); }

std::string hex(const unsigned char* data, unsigned size) {
  std::string out;
  for (unsigned k = 0; k < size; ++k) out += fmt::format("{:02x}", data[k]);
  return out;
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  void add(const char* data, size_t size) { EVP_DigestUpdate(ctx_, data, size); }
  std::string digest() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned size = 0;
    EVP_DigestFinal_ex(ctx_, out, &size);
    return "sha256:" + hex(out, size);
  }

 private:
  EVP_MD_CTX* ctx_;
};

// `key="value"` parameters of a WWW-Authenticate challenge.
std::map<std::string, std::string> challenge_params(std::string_view s) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    const size_t eq = s.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string key(s.substr(i, eq - i));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    i = eq + 1;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i];
      }
      ++i;
    } else {
      while (i < s.size() && s[i] != ',') value += s[i++];
    }
    out[key] = value;
  }
  return out;
}


}  // namespace

namespace {
std::chrono::milliseconds backoff(int attempt) { return std::chrono::milliseconds(250 << std::min(attempt, 8)); }
}  // namespace

std::string escape_query(std::string_view s) {
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string sha256_digest(std::string_view data) {
  Sha256 h;
  h.add(data.data(), data.size());
  return h.digest();
}

// Over TLS, credentials go with the first request (curl -u does the same): a Basic
// registry would only answer 401 to ask for them, a round trip per process, and a Bearer
// registry ignores them and names its token server. Never over plain HTTP, where a Bearer
// registry's token server may be the only one meant to see them.
Client::Client(std::string registry, ClientOptions options)
    : registry_(std::move(registry)), options_(std::move(options)), http_(options_.tls), jitter_(std::random_device{}()) {
  if (options_.credentials && !options_.insecure) {
    basic_ = basic_authorization(*options_.credentials);
  }
}

Client Client::clone() const {
  Client c(registry_, options_);
  c.basic_ = basic_;
  c.tokens_ = tokens_;
  return c;
}

// Requests that can be sent again as they are. An upload's POST and PATCH are retried as
// a whole upload instead (put_blob), and a streamed download as a whole (get_blob).
HttpResponse Client::send_with_retries(const HttpRequest& request) {
  const bool idempotent = !request.sink && (request.method == "GET" || request.method == "HEAD" ||
                                            request.method == "PUT" || request.method == "DELETE");
  for (int attempt = 0;; ++attempt) {
    HttpResponse r = http_.send(request);
    if (!idempotent || !is_transient(r.status) || r.tls_failure || attempt >= options_.retries) return r;
    auto wait = backoff(attempt);
    if (const auto after = r.headers.find("retry-after"); after != r.headers.end()) {
      const long seconds = std::strtol(after->second.c_str(), nullptr, 10);
      if (seconds > 0) wait = std::chrono::seconds(std::min(seconds, 60L));
    }
    wait += std::chrono::milliseconds(jitter_() % 100);
    std::this_thread::sleep_for(wait);
  }
}

void Client::wait_before_retry(int attempt) {
  std::this_thread::sleep_for(backoff(attempt) + std::chrono::milliseconds(jitter_() % 100));
}

std::string Client::url(const std::string& path) const {
  // docker.io's API lives on registry-1.docker.io.
  const std::string host = registry_ == "docker.io" ? "registry-1.docker.io" : registry_;
  return fmt::format("{}://{}{}", options_.insecure ? "http" : "https", host, path);
}

std::string Client::absolute(const std::string& location) const {
  return location.find("://") != std::string::npos ? location : url(location);
}

void Client::fail(const std::string& what, const std::string& repository, const HttpResponse& r) const {
  const std::string where = repository.empty() ? registry_ : fmt::format("{}/{}", registry_, repository);
  if (r.tls_failure) {
    // Which certificate was refused tells a missing CA from a wrong host.
    const std::string cert = Http::peer_certificate(url("/v2/"));
    throw RegistryError(fmt::format("{}: {}: {}{}", where, what, r.error, cert.empty() ? "" : " (the registry's certificate: " + cert + ")"),
                        0, false);
  }
  if (r.status == 0) throw RegistryError(fmt::format("{}: {}: {}", where, what, r.error), 0, true);
  std::string detail;
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("errors") && j["errors"].is_array() && !j["errors"].empty()) {
    const auto& e = j["errors"][0];
    detail = fmt::format(" {}: {}", e.value("code", ""), e.value("message", ""));
  }
  throw RegistryError(fmt::format("{}: {}: HTTP {}{}", where, what, r.status, detail), r.status);
}

// The token scopes a request needs, space-separated: the repository's pull (and push), and
// pull on the repository a blob is mounted from.
std::string Client::scope_key(const std::string& repository, bool push, const std::string& mount_from) {
  if (repository.empty()) return "";
  std::string key = fmt::format("repository:{}:{}", repository, push ? "pull,push" : "pull");
  if (!mount_from.empty()) key += fmt::format(" repository:{}:pull", mount_from);
  return key;
}

// Answers a 401's challenge: Basic with the credentials, or a Bearer token from the
// realm for the scopes of `key`. False when there is nothing to try.
bool Client::authorize(const std::string& challenge, const std::string& repository, const std::string& key) {
  const size_t space = challenge.find(' ');
  std::string scheme = challenge.substr(0, space);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (scheme == "basic") {
    if (!options_.credentials || !basic_.empty()) return false;
    basic_ = basic_authorization(*options_.credentials);
    return true;
  }
  if (scheme != "bearer") return false;
  const auto params = challenge_params(space == std::string::npos ? "" : std::string_view(challenge).substr(space + 1));
  const auto realm = params.find("realm");
  if (realm == params.end()) return false;
  // The scope this request and the ones like it need (pull, and push for writes); the
  // challenge's own, which names only what the refused request needed, when there is no
  // repository.
  std::string scope = key;
  if (scope.empty() && params.count("scope")) scope = params.at("scope");
  if (tokens_.count(key)) return false;  // this token was refused already
  std::vector<std::string> query;
  if (params.count("service")) query.push_back("service=" + escape_query(params.at("service")));
  // One `scope` parameter per scope, as the token specification has it.
  for (size_t start = 0, end; start < scope.size(); start = end + 1) {
    end = std::min(scope.find(' ', start), scope.size());
    query.push_back("scope=" + escape_query(std::string_view(scope).substr(start, end - start)));
  }
  const std::string token_url =
      fmt::format("{}{}{}", realm->second, realm->second.find('?') == std::string::npos ? "?" : "&", fmt::join(query, "&"));
  HttpRequest request{.url = token_url};
  if (options_.credentials) {
    request.headers.push_back("Authorization: " + basic_authorization(*options_.credentials));
  }
  const HttpResponse r = http_.send(request);
  if (r.status != 200) fail(fmt::format("getting a token from {}", realm->second), repository, r);
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  const std::string token = j.is_object() ? j.value("token", j.value("access_token", "")) : "";
  if (token.empty()) throw RegistryError(fmt::format("{}: the token server {} sent no token", registry_, realm->second));
  tokens_[key] = token;
  return true;
}

void Client::add_authorization(HttpRequest& request, const std::string& key) const {
  if (const auto t = tokens_.find(key); t != tokens_.end()) {
    request.headers.push_back("Authorization: Bearer " + t->second);
  } else if (!basic_.empty()) {
    request.headers.push_back("Authorization: " + basic_);
  }
}

HttpResponse Client::call(HttpRequest request, const std::string& repository, bool push, const std::string& mount_from) {
  const size_t plain_headers = request.headers.size();
  const std::string key = scope_key(repository, push, mount_from);
  for (int attempt = 0;; ++attempt) {
    request.headers.resize(plain_headers);
    add_authorization(request, key);
    HttpResponse r = send_with_retries(request);
    if (r.status != 401 || attempt > 0) return r;
    const auto challenge = r.headers.find("www-authenticate");
    if (challenge == r.headers.end() || !authorize(challenge->second, repository, key)) return r;
  }
}

void Client::ping(const std::string& repository) {
  const HttpResponse r = call({.url = url("/v2/")}, repository, false);
  if (r.status == 401) {
    fail(options_.credentials ? "the credentials were refused" : "the registry needs credentials (none found)", repository, r);
  }
  if (r.status != 200) fail("GET /v2/", repository, r);
}

Manifest Client::get_manifest(const std::string& repository, const std::string& reference) {
  HttpRequest request{.url = url(fmt::format("/v2/{}/manifests/{}", repository, reference))};
  request.headers.push_back(fmt::format("Accept: {}, {}, {}, {}", kOciManifest, kOciIndex, kDockerManifest, kDockerList));
  const HttpResponse r = call(request, repository, false);
  if (r.status != 200) fail(fmt::format("GET manifest {}", reference), repository, r);
  Manifest m{r.headers.count("content-type") ? r.headers.at("content-type") : "", sha256_digest(r.body), r.body};
  m.media_type = m.media_type.substr(0, m.media_type.find(';'));
  const auto j = nlohmann::json::parse(m.bytes, nullptr, false);
  if (j.is_object() && j.contains("mediaType") && j["mediaType"].is_string()) m.media_type = j["mediaType"].get<std::string>();
  if (reference.starts_with("sha256:") && m.digest != reference) {
    throw RegistryError(fmt::format("{}/{}: the manifest {} has the digest {}: refused", registry_, repository, reference, m.digest));
  }
  return m;
}

void Client::put_manifest(const std::string& repository, const std::string& reference, const Manifest& manifest) {
  HttpRequest request{.method = "PUT", .url = url(fmt::format("/v2/{}/manifests/{}", repository, reference)),
                      .body = manifest.bytes};
  request.headers.push_back("Content-Type: " + manifest.media_type);
  const HttpResponse r = call(request, repository, true);
  if (r.status != 201) fail(fmt::format("PUT manifest {}", reference), repository, r);
}

bool Client::has_blob(const std::string& repository, const std::string& digest) {
  const HttpResponse r = call({.method = "HEAD", .url = url(fmt::format("/v2/{}/blobs/{}", repository, digest))}, repository, true);
  if (r.status == 200) return true;
  if (r.status == 404) return false;
  fail(fmt::format("HEAD blob {}", digest), repository, r);
}

std::optional<std::string> Client::manifest_digest(const std::string& repository, const std::string& reference) {
  HttpRequest request{.method = "HEAD", .url = url(fmt::format("/v2/{}/manifests/{}", repository, reference))};
  request.headers.push_back(fmt::format("Accept: {}, {}, {}, {}", kOciManifest, kOciIndex, kDockerManifest, kDockerList));
  const HttpResponse r = call(request, repository, false);
  if (r.status == 404) return std::nullopt;
  if (r.status != 200) fail(fmt::format("HEAD manifest {}", reference), repository, r);
  const auto digest = r.headers.find("docker-content-digest");
  if (digest != r.headers.end()) return digest->second;
  return get_manifest(repository, reference).digest;  // a registry that does not say: compute it
}

std::string Client::get_small_blob(const std::string& repository, const std::string& digest, size_t max_bytes) {
  const HttpResponse r = call(
      {.url = url(fmt::format("/v2/{}/blobs/{}", repository, digest)), .follow_redirects = true, .max_body = max_bytes},
      repository, false);
  if (r.status != 200) fail(fmt::format("GET blob {}", digest), repository, r);
  if (const std::string got = sha256_digest(r.body); got != digest) {
    throw RegistryError(fmt::format("{}/{}: blob {} has the digest {}: refused", registry_, repository, digest, got));
  }
  return r.body;
}

std::optional<std::string> Client::get_referrers(const std::string& repository, const std::string& digest) {
  HttpRequest request{.url = url(fmt::format("/v2/{}/referrers/{}", repository, digest))};
  request.headers.push_back(fmt::format("Accept: {}", kOciIndex));
  const HttpResponse r = call(request, repository, false);
  if (r.status == 200) return r.body;
  if (r.status >= 400 && r.status < 500) return std::nullopt;
  fail(fmt::format("GET referrers of {}", digest), repository, r);
}

// One page of a tag list into `tags`; returns the next page's path, empty at the end.
std::string Client::read_tag_page(const std::string& repository, const HttpResponse& r, std::vector<std::string>& tags) const {
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object()) throw RegistryError(fmt::format("{}/{}: the tag list is not JSON", registry_, repository));
  if (j.contains("tags") && j["tags"].is_array()) {
    for (const auto& t : j["tags"]) {
      if (t.is_string()) tags.push_back(t.get<std::string>());
    }
  }
  // `Link: </v2/...?last=x&n=1000>; rel="next"`, relative to the registry.
  if (const auto link = r.headers.find("link"); link != r.headers.end() && link->second.find("rel=\"next\"") != std::string::npos) {
    const size_t open = link->second.find('<');
    const size_t close = link->second.find('>');
    if (open != std::string::npos && close != std::string::npos && close > open) return link->second.substr(open + 1, close - open - 1);
  }
  return "";
}

std::vector<std::string> Client::list_tags(const std::string& repository) {
  std::vector<std::string> tags;
  std::string next = fmt::format("/v2/{}/tags/list?n={}", repository, kTagPage);
  for (int page = 0; !next.empty() && page < 10000; ++page) {
    const HttpResponse r = call({.url = absolute(next)}, repository, false);
    if (r.status != 200) fail("listing tags", repository, r);
    next = read_tag_page(repository, r, tags);
  }
  return tags;
}

std::optional<std::vector<std::string>> Client::list_tags_at_once(const std::string& repository) {
  const HttpResponse r = call({.url = url(fmt::format("/v2/{}/tags/list?n={}", repository, kTagPage))}, repository, false);
  if (r.status != 200) return std::nullopt;
  std::vector<std::string> tags;
  try {
    if (!read_tag_page(repository, r, tags).empty()) return std::nullopt;
  } catch (const RegistryError&) {
    return std::nullopt;  // a list that is not JSON says nothing: the tags are asked for one by one
  }
  return tags;
}

void Client::get_blob(const std::string& repository, const std::string& digest, uint64_t size, std::FILE* out) {
  for (int attempt = 0;; ++attempt) {
    try {
      // Each try starts from an empty file.
      std::rewind(out);
      if (ftruncate(fileno(out), 0) != 0) throw RegistryError("cannot empty the temporary file of a blob");
      get_blob_once(repository, digest, size, out);
      return;
    } catch (const RegistryError& e) {
      if (!e.transient() || attempt >= options_.retries) throw;
      wait_before_retry(attempt);
    }
  }
}

void Client::get_blob_once(const std::string& repository, const std::string& digest, uint64_t size, std::FILE* out) {
  stream_blob_from(repository, digest, size, [&](const char* data, size_t n) { return std::fwrite(data, 1, n, out) == n; });
  if (std::fflush(out) != 0) throw RegistryError(fmt::format("cannot write blob {} to a temporary file", digest));
}

void Client::stream_blob_from(const std::string& repository, const std::string& digest, uint64_t size,
                              const std::function<bool(const char*, size_t)>& sink) {
  Sha256 hash;
  uint64_t received = 0;
  HttpRequest request{.url = url(fmt::format("/v2/{}/blobs/{}", repository, digest)), .follow_redirects = true};
  request.sink = [&](const char* data, size_t n) {
    received += n;
    if (received > size) return false;  // more than the manifest said: stop at once
    hash.add(data, n);
    return sink(data, n);
  };
  const HttpResponse r = call(request, repository, false);
  if (r.status != 200) fail(fmt::format("GET blob {}", digest), repository, r);
  if (!r.error.empty() || received != size) {
    // More bytes than the manifest says is the blob's fault; fewer, the connection's.
    throw RegistryError(fmt::format("{}/{}: blob {}: received {} bytes, expected {}{}", registry_, repository, digest,
                                    received, size, r.error.empty() ? "" : " (" + r.error + ")"),
                        0, received < size);
  }
  const std::string got = hash.digest();
  if (got != digest) {
    throw RegistryError(fmt::format("{}/{}: blob {} has the digest {}: refused", registry_, repository, digest, got));
  }
}

bool Client::mount_blob(const std::string& repository, const std::string& digest, const std::string& from) {
  const HttpResponse r = call({.method = "POST", .url = url(fmt::format("/v2/{}/blobs/uploads/?mount={}&from={}", repository,
                                                                         escape_query(digest), escape_query(from)))},
                              repository, true, from);
  if (r.status == 201) return true;
  if (r.status == 202) {
    // An upload was opened instead: close it again.
    if (r.headers.count("location")) call({.method = "DELETE", .url = absolute(r.headers.at("location"))}, repository, true);
    return false;
  }
  fail(fmt::format("mounting blob {} from {}", digest, from), repository, r);
}

void Client::check_push(const std::string& repository) {
  const HttpResponse r = call({.method = "POST", .url = url(fmt::format("/v2/{}/blobs/uploads/", repository))}, repository, true);
  if (r.status == 401 || r.status == 403) fail("push is not allowed", repository, r);
  if (r.status != 202) fail("opening an upload", repository, r);
  if (r.headers.count("location")) call({.method = "DELETE", .url = absolute(r.headers.at("location"))}, repository, true);
}

}  // namespace ferry::registry
