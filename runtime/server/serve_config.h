// `ferry serve --config FILE`: LANGUAGE.md section 8's JSON file, checked whole at start
// (an unknown key, a wrong type, a glob that matches nothing, a missing secret: each an
// error naming the key), relative paths taken from the file's folder. docs/serve.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ferry::server {

struct PollSource {
  std::string source;        // REGISTRY/REPO
  int64_t interval = 0;      // seconds
};

struct ServeConfig {
  std::string host = "127.0.0.1";
  int port = 5999;
  std::string tls_cert, tls_key;         // both or neither: HTTPS
  std::string secret;                    // from "secret" or "secret_file"
  std::string secret_header = "Authorization";  // "Authorization" takes "Bearer <secret>"; another header the secret alone
  std::vector<std::string> policy_patterns;     // as written (files or globs), for reloads
  std::string auth_file;                 // empty: the usual lookup
  std::vector<std::string> cert_dirs;
  std::vector<std::string> insecure_registries;
  std::string state;                     // the SQLite file of the store and the queue
  int workers = 4;
  std::string facts_dir;                 // scan.facts_dir
  int64_t scan_wait = 0;                 // scan.wait: how long an unscanned image waits for scan data
  std::vector<PollSource> poll;
  int max_attempts = 5;                  // then a job is dead
  int64_t retry_delay = 5;               // seconds before the first retry; doubled each time, at most 5 min
  size_t max_body = 1024 * 1024;         // a webhook body beyond this is refused (413)
  double rate = 50;                      // webhooks per second, on average...
  double burst = 2000;                   // ...with bursts this large
  std::string log_format = "text";       // text | json
};

// Nullopt with `error` ("FILE: `workers`: a number from 1 to 64 was expected").
std::optional<ServeConfig> load_serve_config(const std::string& path, std::string& error);

// The policy files the patterns name now (globs expanded, sorted); `error` when one
// matches nothing.
std::vector<std::string> expand_policies(const std::vector<std::string>& patterns, std::string& error);

// "90s", "5m", "2h", "1d" in seconds; nullopt for anything else.
std::optional<int64_t> parse_duration(const std::string& text);

}  // namespace ferry::server
