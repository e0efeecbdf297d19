#include "runtime/registry/image_facts.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "runtime/registry/referrers.h"
#include "runtime/timefmt.h"

namespace ferry::registry {
namespace {

using Json = nlohmann::json;

Json parse_object(const std::string& text, const std::string& what) {
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) throw RegistryError(fmt::format("{} is not a JSON object", what));
  return j;
}

uint64_t descriptor_size(const Json& d) { return d.is_object() && d.contains("size") && d["size"].is_number_unsigned() ? d["size"].get<uint64_t>() : 0; }

std::string platform_text(const std::string& os, const std::string& arch, const std::string& variant) {
  return variant.empty() ? os + "/" + arch : os + "/" + arch + "/" + variant;
}

void add_annotations(const Json& manifest, std::map<std::string, std::string>& labels) {
  if (!manifest.contains("annotations") || !manifest["annotations"].is_object()) return;
  for (const auto& [k, v] : manifest["annotations"].items()) {
    if (v.is_string()) labels.emplace(k, v.get<std::string>());  // a config label wins
  }
}

struct Gathered {
  std::optional<int64_t> created;
  std::map<std::string, std::string> labels;
  std::vector<std::string> platforms;
  uint64_t size = 0;
};

// One image manifest: its config's time, labels and platform, and its size.
void gather_image(Client& client, const ImageRef& ref, const std::string& bytes, Gathered& g, bool labels) {
  const Json m = parse_object(bytes, fmt::format("{}: a manifest", ref.text()));
  g.size += bytes.size();
  if (!m.contains("config") || !m["config"].is_object() || !m["config"].contains("digest")) return;
  const std::string config_digest = m["config"]["digest"].get<std::string>();
  g.size += descriptor_size(m["config"]);
  if (m.contains("layers") && m["layers"].is_array()) {
    for (const auto& l : m["layers"]) g.size += descriptor_size(l);
  }
  const Json config = parse_object(client.get_small_blob(ref.repository, config_digest), fmt::format("{}: the config", ref.text()));
  if (config.contains("created") && config["created"].is_string()) {
    if (const auto t = parse_rfc3339(config["created"].get<std::string>())) g.created = std::max(g.created.value_or(*t), *t);
  }
  if (labels && config.contains("config") && config["config"].is_object() && config["config"].contains("Labels") &&
      config["config"]["Labels"].is_object()) {
    for (const auto& [k, v] : config["config"]["Labels"].items()) {
      if (v.is_string()) g.labels[k] = v.get<std::string>();
    }
  }
  if (labels) add_annotations(m, g.labels);
  g.platforms.push_back(platform_text(config.value("os", ""), config.value("architecture", ""), config.value("variant", "")));
}

}  // namespace

ImageFacts registry_facts(Client& client, const ImageRef& ref, const Manifest& manifest, const TagExists& tag_exists,
                          const std::vector<Json>* referrers) {
  Gathered g;
  const bool index = manifest.media_type == kOciIndex || manifest.media_type == kDockerList;
  if (!index) {
    gather_image(client, ref, manifest.bytes, g, true);
  } else {
    const Json idx = parse_object(manifest.bytes, fmt::format("{}: the index", ref.text()));
    g.size += manifest.bytes.size();
    add_annotations(idx, g.labels);
    bool first = true;
    if (idx.contains("manifests") && idx["manifests"].is_array()) {
      for (const auto& child : idx["manifests"]) {
        if (!child.is_object() || !child.contains("digest")) continue;
        const Manifest m = client.get_manifest(ref.repository, child["digest"].get<std::string>());
        // Labels from the first platform's config: they describe the image, not one platform.
        gather_image(client, ref, m.bytes, g, first);
        first = false;
      }
    }
  }
  ImageFacts image;
  image.set_string(FactId::Registry, ref.registry);
  image.set_string(FactId::Repo, ref.repository);
  if (!ref.tag.empty()) image.set_string(FactId::Tag, ref.tag);
  image.set_string(FactId::Digest, manifest.digest);
  image.set_string(FactId::MediaType, manifest.media_type);
  for (FactId id : {FactId::Registry, FactId::Repo, FactId::Digest, FactId::MediaType}) image.set_known(id);
  if (!ref.tag.empty()) image.set_known(FactId::Tag);
  if (g.created) {
    image.created = *g.created;
    image.set_known(FactId::Created);
  }
  image.size = static_cast<int64_t>(g.size);
  image.set_known(FactId::Size);
  std::set<std::string> seen;
  image.start_list(FactId::Platforms);
  for (const auto& p : g.platforms) {
    if (seen.insert(p).second) image.add_string(FactId::Platforms, p);
  }
  image.set_known(FactId::Platforms);
  image.start_list(FactId::Labels);
  for (const auto& [k, v] : g.labels) image.add_label(k, v);
  image.sort_labels();
  image.set_known(FactId::Labels);
  // cosign's tag, else a referrer that is a signature (cosign's, sigstore's, Notation's).
  image.is_signed = tag_exists(cosign_tag(manifest.digest, "sig"));
  if (!image.is_signed) {
    const std::vector<Json> listed = referrers ? std::vector<Json>{} : list_referrers(client, ref.repository, manifest.digest, tag_exists);
    const std::vector<Json>& all = referrers ? *referrers : listed;
    image.is_signed = std::any_of(all.begin(), all.end(), [](const Json& d) { return is_signature(d); });
  }
  image.set_known(FactId::Signed);
  apply_fact_defaults(image, true);
  return image;
}

}  // namespace ferry::registry
