#include "runtime/registry/attached_reports.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "runtime/registry/referrers.h"

namespace ferry::registry {
namespace {

using Json = nlohmann::json;

// The layers of the manifest `reference`, each read as a report. `required`: a layer that
// is no report ferry knows is an error (an SBOM tag should hold one); otherwise it is
// passed over (a referrer may carry anything).
void read_layers(Client& client, const std::string& where, const std::string& repository, const std::string& reference,
                 bool required, AttachedReports& out) {
  const Manifest m = client.get_manifest(repository, reference);
  const Json j = Json::parse(m.bytes, nullptr, false);
  if (!j.is_object() || !j.contains("layers") || !j["layers"].is_array()) {
    if (required) out.errors.push_back(fmt::format("{}: a manifest without layers", where));
    return;
  }
  for (const Json& layer : j["layers"]) {
    if (!layer.is_object() || !layer.contains("digest") || !layer["digest"].is_string() || !layer.contains("size") ||
        !layer["size"].is_number_unsigned()) {
      out.errors.push_back(fmt::format("{}: a layer without digest or size", where));
      continue;
    }
    const std::string digest = layer["digest"].get<std::string>();
    const std::string name = fmt::format("{} layer {}", where, digest);
    const std::string type = layer.value("mediaType", "");
    if (!required && type.find("json") == std::string::npos) continue;
    if (layer["size"].get<uint64_t>() > facts::kMaxReportBytes) {
      out.errors.push_back(fmt::format("{}: {} bytes, more than the {} MiB a report may have", name, layer["size"].get<uint64_t>(),
                                       facts::kMaxReportBytes >> 20));
      continue;
    }
    const std::string text = client.get_small_blob(repository, digest, facts::kMaxReportBytes);
    if (!required && !facts::detect_format(text)) continue;
    try {
      out.reports.push_back(facts::read_report(text, name));
    } catch (const facts::ReportError& e) {
      out.errors.push_back(e.what());
    }
  }
}

}  // namespace

AttachedReports attached_reports(Client& client, const std::string& registry, const std::string& repository,
                                 const std::string& digest, const TagExists& tag_exists) {
  AttachedReports out;
  // A piece that cannot be fetched is reported like one that cannot be read: its facts
  // stay unknown, and the image is still decided.
  const auto guarded = [&](const std::string& where, const auto& read) {
    try {
      read();
    } catch (const RegistryError& e) {
      out.errors.push_back(fmt::format("{}: {}", where, e.what()));
    }
  };
  for (const char* suffix : {"sbom", "att"}) {
    const std::string tag = cosign_tag(digest, suffix);
    const std::string where = fmt::format("{}/{}:{}", registry, repository, tag);
    guarded(where, [&] {
      if (tag_exists(tag)) read_layers(client, where, repository, tag, true, out);
    });
  }
  guarded(fmt::format("{}/{} referrers of {}", registry, repository, digest), [&] {
    out.referrers = list_referrers(client, repository, digest, tag_exists);
    for (const Json& referrer : *out.referrers) {
      if (is_signature(referrer)) continue;
      const std::string d = referrer["digest"].get<std::string>();
      const std::string where = fmt::format("{}/{}@{}", registry, repository, d);
      guarded(where, [&] { read_layers(client, where, repository, d, false, out); });
    }
  });
  return out;
}

}  // namespace ferry::registry
