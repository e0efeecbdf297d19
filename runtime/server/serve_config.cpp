#include "runtime/server/serve_config.h"

#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace ferry::server {
namespace {

using Json = nlohmann::json;

struct Bad {
  std::string message;
};

std::string string_at(const Json& j, const std::string& key) {
  if (!j[key].is_string() || j[key].get<std::string>().empty()) throw Bad{fmt::format("`{}`: a non-empty string was expected", key)};
  return j[key].get<std::string>();
}

std::vector<std::string> strings_at(const Json& j, const std::string& key) {
  if (!j[key].is_array()) throw Bad{fmt::format("`{}`: a list of strings was expected", key)};
  std::vector<std::string> out;
  for (const Json& s : j[key]) {
    if (!s.is_string() || s.get<std::string>().empty()) throw Bad{fmt::format("`{}`: a list of strings was expected", key)};
    out.push_back(s.get<std::string>());
  }
  return out;
}

int64_t duration_at(const Json& j, const std::string& key, const std::string& where) {
  const auto d = j[key].is_string() ? parse_duration(j[key].get<std::string>()) : std::nullopt;
  if (!d) throw Bad{fmt::format("`{}`: a duration such as \"30s\", \"5m\" or \"1h\" was expected", where)};
  return *d;
}

double number_at(const Json& j, const std::string& key, double low, double high, const std::string& where) {
  if (!j[key].is_number() || j[key].get<double>() < low || j[key].get<double>() > high) {
    throw Bad{fmt::format("`{}`: a number from {} to {} was expected", where, low, high)};
  }
  return j[key].get<double>();
}

void only_keys(const Json& j, const std::set<std::string>& allowed, const std::string& where) {
  for (const auto& [k, v] : j.items()) {
    if (!allowed.count(k)) throw Bad{fmt::format("`{}{}`: not a setting ferry knows", where, k)};
  }
}

ServeConfig parse(const Json& j, const std::filesystem::path& base) {
  if (!j.is_object()) throw Bad{"the configuration is not a JSON object"};
  only_keys(j, {"listen", "tls", "secret", "secret_file", "secret_header", "policies", "auth_file", "cert_dirs",
                "insecure_registries", "state", "workers", "scan", "poll", "max_attempts", "retry_delay", "max_body",
                "rate_limit", "log_format"},
            "");
  const auto path = [&](const std::string& p) { return (base / p).lexically_normal().string(); };
  ServeConfig c;
  if (j.contains("listen")) {
    const std::string listen = string_at(j, "listen");
    const size_t colon = listen.rfind(':');
    int port = 0;
    if (colon == std::string::npos || colon == 0 || (port = std::atoi(listen.c_str() + colon + 1)) <= 0 || port > 65535) {
      throw Bad{"`listen`: HOST:PORT was expected"};
    }
    c.host = listen.substr(0, colon);
    c.port = port;
  }
  if (j.contains("tls")) {
    const Json& tls = j["tls"];
    if (!tls.is_object()) throw Bad{"`tls`: {\"cert\": FILE, \"key\": FILE} was expected"};
    only_keys(tls, {"cert", "key"}, "tls.");
    c.tls_cert = path(string_at(tls, "cert"));
    c.tls_key = path(string_at(tls, "key"));
  }
  if (j.contains("secret") == j.contains("secret_file")) {
    throw Bad{"`secret` or `secret_file` (one of them) is needed: webhooks are accepted only from who knows it"};
  }
  if (j.contains("secret")) {
    c.secret = string_at(j, "secret");
  } else {
    std::ifstream in(path(string_at(j, "secret_file")));
    std::stringstream text;
    text << in.rdbuf();
    c.secret = text.str();
    while (!c.secret.empty() && (c.secret.back() == '\n' || c.secret.back() == '\r' || c.secret.back() == ' ')) c.secret.pop_back();
    if (!in || c.secret.empty()) throw Bad{fmt::format("`secret_file`: {} cannot be read, or is empty", path(j["secret_file"].get<std::string>()))};
  }
  if (c.secret.size() < 16) throw Bad{"the secret: at least 16 characters, please"};
  if (j.contains("secret_header")) c.secret_header = string_at(j, "secret_header");
  if (!j.contains("policies")) throw Bad{"`policies`: the policy files (or globs) are needed"};
  for (const auto& p : strings_at(j, "policies")) c.policy_patterns.push_back(path(p));
  std::string error;
  if (expand_policies(c.policy_patterns, error).empty() || !error.empty()) throw Bad{"`policies`: " + (error.empty() ? "no files" : error)};
  if (j.contains("auth_file")) c.auth_file = path(string_at(j, "auth_file"));
  if (j.contains("cert_dirs")) {
    for (const auto& d : strings_at(j, "cert_dirs")) c.cert_dirs.push_back(path(d));
  }
  if (j.contains("insecure_registries")) c.insecure_registries = strings_at(j, "insecure_registries");
  if (j.contains("state")) c.state = path(string_at(j, "state"));
  if (j.contains("workers")) c.workers = static_cast<int>(number_at(j, "workers", 1, 64, "workers"));
  if (j.contains("scan")) {
    const Json& scan = j["scan"];
    if (!scan.is_object()) throw Bad{"`scan`: {\"facts_dir\": DIR, \"wait\": DURATION} was expected"};
    only_keys(scan, {"facts_dir", "wait"}, "scan.");
    if (scan.contains("facts_dir")) c.facts_dir = path(string_at(scan, "facts_dir"));
    if (scan.contains("wait")) c.scan_wait = duration_at(scan, "wait", "scan.wait");
  }
  if (j.contains("poll")) {
    if (!j["poll"].is_array()) throw Bad{"`poll`: a list of {\"source\", \"interval\"} was expected"};
    for (size_t k = 0; k < j["poll"].size(); ++k) {
      const Json& p = j["poll"][k];
      const std::string where = fmt::format("poll[{}]", k);
      if (!p.is_object()) throw Bad{fmt::format("`{}`: {{\"source\", \"interval\"}} was expected", where)};
      only_keys(p, {"source", "interval"}, where + ".");
      if (!p.contains("source") || !p["source"].is_string()) throw Bad{fmt::format("`{}.source`: REGISTRY/REPO was expected", where)};
      c.poll.push_back({p["source"].get<std::string>(), p.contains("interval") ? duration_at(p, "interval", where + ".interval") : 1800});
    }
  }
  if (j.contains("max_attempts")) c.max_attempts = static_cast<int>(number_at(j, "max_attempts", 1, 1000, "max_attempts"));
  if (j.contains("retry_delay")) c.retry_delay = duration_at(j, "retry_delay", "retry_delay");
  if (j.contains("max_body")) c.max_body = static_cast<size_t>(number_at(j, "max_body", 1024, 64 * 1024 * 1024, "max_body"));
  if (j.contains("rate_limit")) {
    const Json& r = j["rate_limit"];
    if (!r.is_object()) throw Bad{"`rate_limit`: {\"per_second\", \"burst\"} was expected"};
    only_keys(r, {"per_second", "burst"}, "rate_limit.");
    if (r.contains("per_second")) c.rate = number_at(r, "per_second", 0.1, 1e6, "rate_limit.per_second");
    if (r.contains("burst")) c.burst = number_at(r, "burst", 1, 1e7, "rate_limit.burst");
  }
  if (j.contains("log_format")) {
    c.log_format = string_at(j, "log_format");
    if (c.log_format != "text" && c.log_format != "json") throw Bad{"`log_format`: \"text\" or \"json\" was expected"};
  }
  return c;
}

}  // namespace

std::optional<int64_t> parse_duration(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const std::string number = text.substr(0, text.size() - 1);
  if (number.empty() || !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }) || number.size() > 9) {
    return std::nullopt;
  }
  const int64_t n = std::stoll(number);
  switch (unit) {
    case 's': return n;
    case 'm': return n * 60;
    case 'h': return n * 3600;
    case 'd': return n * 86400;
    default: return std::nullopt;
  }
}

std::vector<std::string> expand_policies(const std::vector<std::string>& patterns, std::string& error) {
  std::vector<std::string> files;
  for (const auto& pattern : patterns) {
    glob_t g{};
    const int rc = glob(pattern.c_str(), GLOB_NOSORT, nullptr, &g);
    if (rc != 0 || g.gl_pathc == 0) {
      error = fmt::format("{} matches no file", pattern);
      globfree(&g);
      return {};
    }
    for (size_t k = 0; k < g.gl_pathc; ++k) files.emplace_back(g.gl_pathv[k]);
    globfree(&g);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::optional<ServeConfig> load_serve_config(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("{}: cannot be read", path);
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  const Json j = Json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) {
    error = fmt::format("{}: not valid JSON", path);
    return std::nullopt;
  }
  try {
    return parse(j, std::filesystem::absolute(path).parent_path());
  } catch (const Bad& bad) {
    error = fmt::format("{}: {}", path, bad.message);
    return std::nullopt;
  }
}

}  // namespace ferry::server
