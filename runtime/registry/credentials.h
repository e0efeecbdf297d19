// Credentials and trust the way container tools find them (LANGUAGE.md section 7).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/registry/http.h"

namespace ferry::registry {

struct Credentials {
  std::string username;
  std::string password;  // or an identity token
};

// "USER:PASSWORD" as given on the command line or in an environment variable.
std::optional<Credentials> parse_creds(const std::string& text);

// The login for `registry` from Docker's auth file: $REGISTRY_AUTH_FILE, then
// $DOCKER_CONFIG/config.json, then ~/.docker/config.json; its `auths` entry, or the
// `credHelpers` helper (`docker-credential-NAME get`). Nullopt when there is none; a file
// or helper that is there but broken is an error, in `error`, naming it.
std::optional<Credentials> find_credentials(const std::string& registry, std::string& error);

// The CA certificate and client certificate for `registry` from certs.d folders: the
// given ones (--cert-dir, its files directly or under HOST:PORT/), then
// /etc/containers/certs.d/HOST:PORT and /etc/docker/certs.d/HOST:PORT.
TlsFiles find_tls_files(const std::string& registry, const std::vector<std::string>& cert_dirs);

}  // namespace ferry::registry
