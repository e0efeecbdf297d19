#include "runtime/registry/referrers.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

namespace ferry::registry {
namespace {

using Json = nlohmann::json;

std::string hex_of(const std::string& digest) { return digest.starts_with("sha256:") ? digest.substr(7) : digest; }

// The descriptors of an index, those with a digest and a media type.
std::vector<Json> descriptors_of(const std::string& index_bytes) {
  std::vector<Json> out;
  const Json index = Json::parse(index_bytes, nullptr, false);
  if (!index.is_object() || !index.contains("manifests") || !index["manifests"].is_array()) return out;
  for (const Json& d : index["manifests"]) {
    if (d.is_object() && d.contains("digest") && d["digest"].is_string() && d.contains("mediaType") &&
        d["mediaType"].is_string()) {
      out.push_back(d);
    }
  }
  return out;
}

}  // namespace

std::string cosign_tag(const std::string& digest, std::string_view suffix) {
  return fmt::format("sha256-{}.{}", hex_of(digest), suffix);
}

std::string referrers_tag(const std::string& digest) { return "sha256-" + hex_of(digest); }

bool is_attached_tag(std::string_view tag) {
  if (!tag.starts_with("sha256-") || tag.size() < 7 + 64) return false;
  const std::string_view hex = tag.substr(7, 64);
  if (!std::all_of(hex.begin(), hex.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); })) return false;
  const std::string_view rest = tag.substr(7 + 64);
  return rest.empty() || std::any_of(std::begin(kCosignSuffixes), std::end(kCosignSuffixes),
                                     [&](const char* s) { return rest == std::string(".") + s; });
}

std::vector<Json> list_referrers(Client& client, const std::string& repository, const std::string& digest,
                                 const TagExists& tag_exists) {
  if (const auto index = client.get_referrers(repository, digest)) return descriptors_of(*index);
  const std::string tag = referrers_tag(digest);
  if (!tag_exists(tag)) return {};
  return descriptors_of(client.get_manifest(repository, tag).bytes);
}

TagExists tag_lookup(Client& client, const std::string& repository, const std::vector<std::string>* all_tags) {
  std::optional<std::vector<std::string>> listed;
  if (!all_tags && (listed = client.list_tags_at_once(repository))) all_tags = &*listed;
  if (all_tags) {
    auto tags = std::make_shared<const std::set<std::string>>(all_tags->begin(), all_tags->end());
    return [tags](const std::string& tag) { return tags->count(tag) > 0; };
  }
  return [&client, repository](const std::string& tag) { return client.manifest_digest(repository, tag).has_value(); };
}

Attached find_attached(Client& client, const std::string& repository, const std::string& digest) {
  const TagExists exists = tag_lookup(client, repository);
  Attached out;
  for (const char* suffix : kCosignSuffixes) {
    std::string tag = cosign_tag(digest, suffix);
    if (exists(tag)) out.cosign_tags.push_back(std::move(tag));
  }
  out.referrers = list_referrers(client, repository, digest, exists);
  return out;
}

bool is_signature(const Json& descriptor) {
  const std::string type = descriptor.value("artifactType", "");
  return type == "application/vnd.dev.cosign.artifact.sig.v1+json" || type == "application/vnd.cncf.notary.signature" ||
         type.starts_with("application/vnd.dev.sigstore.bundle");
}

bool add_to_referrers_tag(Client& client, const std::string& repository, const std::string& digest,
                          const std::vector<Json>& referrers) {
  const std::string tag = referrers_tag(digest);
  Json index = {{"schemaVersion", 2}, {"mediaType", kOciIndex}, {"manifests", Json::array()}};
  if (client.manifest_digest(repository, tag)) {
    const Json there = Json::parse(client.get_manifest(repository, tag).bytes, nullptr, false);
    if (there.is_object() && there.contains("manifests") && there["manifests"].is_array()) index = there;
  }
  std::set<std::string> listed;
  for (const Json& d : index["manifests"]) {
    if (d.is_object() && d.contains("digest") && d["digest"].is_string()) listed.insert(d["digest"].get<std::string>());
  }
  bool changed = false;
  for (const Json& d : referrers) {
    if (listed.insert(d["digest"].get<std::string>()).second) {
      index["manifests"].push_back(d);
      changed = true;
    }
  }
  if (!changed) return false;
  const std::string bytes = index.dump();
  client.put_manifest(repository, tag, Manifest{kOciIndex, sha256_digest(bytes), bytes});
  return true;
}

}  // namespace ferry::registry
