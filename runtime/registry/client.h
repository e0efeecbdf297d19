// One registry's distribution API (https://github.com/opencontainers/distribution-spec):
// manifests, blobs, uploads and mounts, with anonymous, Basic and Bearer authentication.
// Every failure is a RegistryError naming the registry, the repository, the HTTP status
// and the registry's own error code; no message ever holds a credential or a token.
#pragma once

#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/registry/credentials.h"
#include "runtime/registry/http.h"

namespace ferry::registry {

// A failure worth trying again: no answer, a 5xx or a 429.
inline bool is_transient(long status) { return status == 0 || status == 429 || status >= 500; }

class RegistryError : public std::runtime_error {
 public:
  // An HTTP failure (status 0: no answer); transient as is_transient says.
  RegistryError(const std::string& message, long status) : RegistryError(message, status, is_transient(status)) {}
  // Anything else: a digest mismatch is final, a dropped connection is not.
  RegistryError(const std::string& message, long status, bool transient)
      : std::runtime_error(message), status_(status), transient_(transient) {}
  explicit RegistryError(const std::string& message) : RegistryError(message, 0, false) {}
  long status() const { return status_; }
  bool transient() const { return transient_; }

 private:
  long status_;
  bool transient_;
};

struct Manifest {
  std::string media_type;
  std::string digest;  // sha256 of `bytes`, computed here
  std::string bytes;   // exactly as the registry sent them
};

// Every manifest kind ferry copies, for Accept.
inline constexpr const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr const char* kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr const char* kDockerList = "application/vnd.docker.distribution.manifest.list.v2+json";

// An upload session: where its next bytes go, and how many of them the registry holds.
struct Upload {
  std::string location;  // absolute; empty before the POST that opens it
  uint64_t offset = 0;
};

struct ClientOptions {
  bool insecure = false;  // plain HTTP: only for a registry named insecure
  TlsFiles tls;
  std::optional<Credentials> credentials;
  // Connection errors, 5xx and 429 are tried again this many times, after 0.25 s, 0.5 s,
  // 1 s, ... with jitter (or the registry's Retry-After, up to a minute).
  int retries = 5;
  // Uploads go in PATCHes of this many bytes: a broken upload resumes after the last one
  // the registry took. Fewer is faster (docs/registries.md).
  uint64_t upload_chunk = 256 * 1024 * 1024;
};

class Client {
 public:
  static constexpr int kTagPage = 1000;  // tags asked for per page

  Client(std::string registry, ClientOptions options);

  const std::string& registry() const { return registry_; }
  // A client of the same registry with its own connection, for another thread, holding
  // the credentials this one has found accepted (no 401 round trip to find them again).
  Client clone() const;

  // GET /v2/: the registry answers, and accepts our credentials (for the scope, if any).
  void ping(const std::string& repository = {});
  Manifest get_manifest(const std::string& repository, const std::string& reference);
  void put_manifest(const std::string& repository, const std::string& reference, const Manifest& manifest);
  bool has_blob(const std::string& repository, const std::string& digest);
  // The digest a tag (or digest) names at this registry, or nullopt when there is none.
  std::optional<std::string> manifest_digest(const std::string& repository, const std::string& reference);
  // A blob in memory (an image config, an SBOM), its digest checked; refused beyond
  // `max_bytes`.
  std::string get_small_blob(const std::string& repository, const std::string& digest, size_t max_bytes = 8 * 1024 * 1024);
  // The OCI referrers API's index of the manifests whose subject is `digest`; nullopt
  // when the registry does not offer the API (a 404 or another 4xx).
  std::optional<std::string> get_referrers(const std::string& repository, const std::string& digest);
  // Every tag of a repository, following the `Link: <...>; rel="next"` pages.
  std::vector<std::string> list_tags(const std::string& repository);
  // Every tag of a repository when one page holds them all; nullopt when there are more
  // pages or the registry does not list them (a registry may allow pulls, not listing)
  // or answers with something else than a tag list.
  std::optional<std::vector<std::string>> list_tags_at_once(const std::string& repository);
  // Downloads a blob into `out`, checking its sha256 and size as it arrives.
  void get_blob(const std::string& repository, const std::string& digest, uint64_t size, std::FILE* out);
  // Uploads the blob in `in`, from where `upload` left off if the registry still holds
  // that session (GET on its location), else from the start in a new one; connection
  // errors and 5xx are tried again the same way. Returns the offset it resumed from (0:
  // from the start).
  uint64_t put_blob(const std::string& repository, const std::string& digest, uint64_t size, std::FILE* in,
                    Upload& upload);
  // Downloads a blob into `sink`, its sha256 and size checked at the end (no retries: the
  // sink has taken the bytes).
  void stream_blob_from(const std::string& repository, const std::string& digest, uint64_t size,
                        const std::function<bool(const char*, size_t)>& sink);
  // Uploads a blob read from `source` (see HttpRequest::upload_source) in a new session,
  // in PATCHes of ClientOptions::upload_chunk bytes; `upload` follows the session, so that
  // put_blob can resume it after a failure. The PUT that commits the blob is sent only
  // when `source` ended without failing.
  void stream_blob_to(const std::string& repository, const std::string& digest, uint64_t size,
                      const std::function<long(char*, size_t)>& source, Upload& upload);
  // Best effort: the registry forgets an unfinished session.
  void cancel_upload(const std::string& repository, const Upload& upload);
  // Cross-repository mount; false when the registry answers with an upload instead.
  bool mount_blob(const std::string& repository, const std::string& digest, const std::string& from);
  // Opens an upload and cancels it: whether pushing to `repository` is allowed.
  void check_push(const std::string& repository);

 private:
  HttpResponse call(HttpRequest request, const std::string& repository, bool push, const std::string& mount_from = {});
  void add_authorization(HttpRequest& request, const std::string& key) const;
  HttpResponse send_with_retries(const HttpRequest& request);
  void wait_before_retry(int attempt);  // backoff and jitter
  void get_blob_once(const std::string& repository, const std::string& digest, uint64_t size, std::FILE* out);
  Upload start_upload(const std::string& repository);
  void upload_chunk(const std::string& repository, Upload& upload, uint64_t size, const std::function<long(char*, size_t)>& source);
  std::optional<uint64_t> upload_offset(const std::string& repository, Upload& upload);
  void finish_upload(const std::string& repository, const Upload& upload, const std::string& digest);
  std::string read_tag_page(const std::string& repository, const HttpResponse& r, std::vector<std::string>& tags) const;
  std::string url(const std::string& path) const;
  std::string absolute(const std::string& location) const;
  [[noreturn]] void fail(const std::string& what, const std::string& repository, const HttpResponse& r) const;
  bool authorize(const std::string& challenge, const std::string& repository, const std::string& key);
  static std::string scope_key(const std::string& repository, bool push, const std::string& mount_from = {});

  std::string registry_;
  ClientOptions options_;
  Http http_;
  std::string basic_;                          // "Basic ...": from the start over TLS, else once asked for
  std::map<std::string, std::string> tokens_;  // Bearer tokens by scope_key()
  std::minstd_rand jitter_;
};

// `sha256:` and the hex digest of `data`.
std::string sha256_digest(std::string_view data);
// Percent-encoded for a query parameter.
std::string escape_query(std::string_view s);

}  // namespace ferry::registry
