#include "runtime/registry/credentials.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ferry::registry {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> base64_decode(const std::string& in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                                static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  size_t size = static_cast<size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (size_t k = in.size(); k > 0 && in[k - 1] == '=' && size > 0; --k) --size;
  out.resize(size);
  return out;
}

std::optional<std::string> auth_file() {
  for (const char* var : {"REGISTRY_AUTH_FILE", "DOCKER_CONFIG", "HOME"}) {
    const char* value = std::getenv(var);
    if (!value || !*value) continue;
    const fs::path path = std::string(var) == "REGISTRY_AUTH_FILE" ? fs::path(value)
                          : std::string(var) == "DOCKER_CONFIG"   ? fs::path(value) / "config.json"
                                                                  : fs::path(value) / ".docker" / "config.json";
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return path.string();
  }
  return std::nullopt;
}

// `docker-credential-NAME get` with the registry on stdin: {"Username", "Secret"}.
std::optional<Credentials> from_helper(const std::string& helper, const std::string& registry, std::string& error) {
  for (const char c : helper) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      error = fmt::format("credential helper name `{}` is not a plain name", helper);
      return std::nullopt;
    }
  }
  const std::string command = fmt::format("printf '%s' '{}' | docker-credential-{} get 2>/dev/null", registry, helper);
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    error = fmt::format("cannot run docker-credential-{}", helper);
    return std::nullopt;
  }
  std::string output;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0 && output.size() < 65536;) output.append(buffer, n);
  const int status = pclose(pipe);
  const auto j = nlohmann::json::parse(output, nullptr, false);
  if (status != 0 || !j.is_object() || !j.contains("Username") || !j.contains("Secret")) {
    error = fmt::format("docker-credential-{} has no credentials for {}", helper, registry);
    return std::nullopt;
  }
  return Credentials{j["Username"].get<std::string>(), j["Secret"].get<std::string>()};
}

}  // namespace

std::optional<Credentials> parse_creds(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  return Credentials{text.substr(0, colon), text.substr(colon + 1)};
}

std::optional<Credentials> find_credentials(const std::string& registry, std::string& error) {
  const auto path = auth_file();
  if (!path) return std::nullopt;
  std::ifstream in(*path);
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = fmt::format("{}: not a JSON object", *path);
    return std::nullopt;
  }
  if (const auto helpers = j.find("credHelpers"); helpers != j.end() && helpers->is_object() && helpers->contains(registry)) {
    return from_helper((*helpers)[registry].get<std::string>(), registry, error);
  }
  const auto auths = j.find("auths");
  if (auths == j.end() || !auths->is_object()) return std::nullopt;
  for (const auto& [key, entry] : auths->items()) {
    // Keys may be URLs (https://HOST/v1/) as docker login writes them.
    std::string host = key;
    if (const size_t scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
    host = host.substr(0, host.find('/'));
    if (host != registry || !entry.is_object()) continue;
    if (entry.contains("auth") && entry["auth"].is_string()) {
      const auto decoded = base64_decode(entry["auth"].get<std::string>());
      const auto creds = decoded ? parse_creds(*decoded) : std::nullopt;
      if (!creds) {
        error = fmt::format("{}: the `auth` of {} is not base64 of USER:PASSWORD", *path, registry);
        return std::nullopt;
      }
      return creds;
    }
    if (entry.contains("identitytoken") && entry["identitytoken"].is_string()) {
      return Credentials{"<token>", entry["identitytoken"].get<std::string>()};
    }
  }
  return std::nullopt;
}

TlsFiles find_tls_files(const std::string& registry, const std::vector<std::string>& cert_dirs) {
  std::vector<fs::path> candidates;
  for (const auto& d : cert_dirs) {
    candidates.push_back(fs::path(d) / registry);
    candidates.push_back(fs::path(d));
  }
  candidates.push_back(fs::path("/etc/containers/certs.d") / registry);
  candidates.push_back(fs::path("/etc/docker/certs.d") / registry);
  TlsFiles out;
  std::error_code ec;
  for (const auto& dir : candidates) {
    if (out.ca_file.empty() && fs::is_regular_file(dir / "ca.crt", ec)) out.ca_file = (dir / "ca.crt").string();
    if (out.client_cert.empty() && fs::is_regular_file(dir / "client.cert", ec) && fs::is_regular_file(dir / "client.key", ec)) {
      out.client_cert = (dir / "client.cert").string();
      out.client_key = (dir / "client.key").string();
    }
  }
  return out;
}

}  // namespace ferry::registry
