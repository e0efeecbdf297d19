#include "runtime/server/webhook.h"

#include <nlohmann/json.hpp>

namespace ferry::server {
namespace {

using Json = nlohmann::json;

std::string text(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

void distribution(const Json& body, ParsedWebhook& out) {
  const Json& events = body["events"];
  if (!events.is_array()) {
    out.error = "`events` is not a list";
    return;
  }
  for (const Json& e : events) {
    if (!e.is_object() || !e.contains("target") || !e["target"].is_object()) {
      out.error = "an event without a `target`";
      return;
    }
    const Json& target = e["target"];
    // The registry that sent it, as its clients reach it: the request's host.
    const std::string host = e.contains("request") && e["request"].is_object() ? text(e["request"], "host") : "";
    PushEvent p{host, text(target, "repository"), text(target, "tag"), text(target, "digest")};
    if (text(e, "action") != "push" || p.tag.empty() || p.registry.empty() || p.repository.empty() ||
        !p.digest.starts_with("sha256:")) {
      ++out.ignored;
      continue;
    }
    out.pushes.push_back(std::move(p));
  }
}

void harbor(const Json& body, ParsedWebhook& out) {
  const std::string type = text(body, "type");
  if (type != "PUSH_ARTIFACT" && type != "pushImage") {
    ++out.ignored;
    return;
  }
  const Json& data = body["event_data"];
  if (!data.is_object() || !data.contains("resources") || !data["resources"].is_array()) {
    out.error = "`event_data.resources` is not a list";
    return;
  }
  const std::string repository = data.contains("repository") && data["repository"].is_object() ? text(data["repository"], "repo_full_name") : "";
  for (const Json& r : data["resources"]) {
    if (!r.is_object()) {
      out.error = "a resource is not an object";
      return;
    }
    // resource_url is HOST/PROJECT/REPO:TAG: the registry is what comes before the repository.
    const std::string url = text(r, "resource_url");
    const size_t at = repository.empty() ? std::string::npos : url.find("/" + repository);
    PushEvent p{at == std::string::npos ? "" : url.substr(0, at), repository, text(r, "tag"), text(r, "digest")};
    if (p.tag.empty() || p.registry.empty() || !p.digest.starts_with("sha256:")) {
      ++out.ignored;
      continue;
    }
    out.pushes.push_back(std::move(p));
  }
}

}  // namespace

ParsedWebhook parse_webhook(std::string_view body) {
  ParsedWebhook out;
  const Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    out.error = "the body is not a JSON object";
  } else if (j.contains("events")) {
    distribution(j, out);
  } else if (j.contains("type") && j.contains("event_data")) {
    harbor(j, out);
  } else {
    out.error = "neither a distribution notification nor a Harbor webhook";
  }
  if (!out.error.empty()) out.pushes.clear();
  return out;
}

}  // namespace ferry::server
