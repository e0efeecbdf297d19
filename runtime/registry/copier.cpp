#include "runtime/registry/copier.h"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

namespace ferry::registry {
namespace {

using Json = nlohmann::json;

bool is_index(const std::string& media_type) { return media_type == kOciIndex || media_type == kDockerList; }

Json parse(const Manifest& m, const ImageRef& ref) {
  Json j = Json::parse(m.bytes, nullptr, false);
  if (!j.is_object()) throw RegistryError(fmt::format("{}: the manifest {} is not a JSON object", ref.text(), m.digest));
  return j;
}

std::string platform_of(const Json& descriptor) {
  const auto p = descriptor.find("platform");
  if (p == descriptor.end() || !p->is_object()) return "";
  std::string out = p->value("os", "") + "/" + p->value("architecture", "");
  if (p->contains("variant")) out += "/" + p->value("variant", "");
  return out;
}

struct Descriptor {
  std::string digest;
  uint64_t size;
};

Descriptor descriptor(const Json& d, const ImageRef& ref) {
  if (!d.is_object() || !d.contains("digest") || !d["digest"].is_string() || !d.contains("size") ||
      !d["size"].is_number_unsigned()) {
    throw RegistryError(fmt::format("{}: a descriptor without digest or size", ref.text()));
  }
  return {d["digest"].get<std::string>(), d["size"].get<uint64_t>()};
}

class Copier {
 public:
  Copier(Client& source, const ImageRef& from, Client& destination, const ImageRef& to, const CopyOptions& options)
      : src_(source), from_(from), dst_(destination), to_(to), options_(options) {}

  CopyReport run() {
    const Manifest top = src_.get_manifest(from_.repository, from_.reference());
    if (!is_index(top.media_type)) {
      image(top);
      tag(top);
      return report_;
    }
    const Json index = parse(top, from_);
    const auto children = index.find("manifests");
    if (children == index.end() || !children->is_array()) {
      throw RegistryError(fmt::format("{}: an index without manifests", from_.text()));
    }
    for (const Json& child : *children) {
      if (options_.platform && platform_of(child) != *options_.platform) continue;
      const Descriptor d = descriptor(child, from_);
      const Manifest m = src_.get_manifest(from_.repository, d.digest);
      image(m);
      if (options_.platform) {
        // One platform of an index: that image is what the tag names.
        tag(m);
        return report_;
      }
      dst_.put_manifest(to_.repository, m.digest, m);
      ++report_.manifests;
      say(fmt::format("manifest {} ({})", m.digest, platform_of(child)));
    }
    if (options_.platform) throw RegistryError(fmt::format("{}: no image for the platform {}", from_.text(), *options_.platform));
    tag(top);
    return report_;
  }

 private:
  void say(const std::string& event) {
    if (options_.log) options_.log(event);
  }

  // The blobs of one image manifest: its config and layers.
  void image(const Manifest& m) {
    const Json j = parse(m, from_);
    std::vector<Descriptor> blobs;
    if (j.contains("config")) blobs.push_back(descriptor(j["config"], from_));
    if (j.contains("layers") && j["layers"].is_array()) {
      for (const Json& layer : j["layers"]) blobs.push_back(descriptor(layer, from_));
    }
    for (const auto& b : blobs) blob(b);
  }

  void blob(const Descriptor& b) {
    if (dst_.has_blob(to_.repository, b.digest)) {
      ++report_.blobs_present;
      say(fmt::format("blob {} already there", b.digest));
      return;
    }
    if (src_.registry() == dst_.registry() && from_.repository != to_.repository &&
        dst_.mount_blob(to_.repository, b.digest, from_.repository)) {
      ++report_.blobs_mounted;
      say(fmt::format("blob {} mounted from {}", b.digest, from_.repository));
      return;
    }
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
    if (!file) throw RegistryError("cannot create a temporary file for a blob");
    src_.get_blob(from_.repository, b.digest, b.size, file.get());
    dst_.put_blob(to_.repository, b.digest, b.size, file.get());
    ++report_.blobs_copied;
    report_.bytes += b.size;
    say(fmt::format("blob {} copied ({} bytes)", b.digest, b.size));
  }

  void tag(const Manifest& m) {
    dst_.put_manifest(to_.repository, to_.reference(), m);
    ++report_.manifests;
    report_.digest = m.digest;
    say(fmt::format("manifest {} tagged {}", m.digest, to_.text()));
  }

  Client& src_;
  const ImageRef& from_;
  Client& dst_;
  const ImageRef& to_;
  const CopyOptions& options_;
  CopyReport report_;
};

}  // namespace

CopyReport copy_image(Client& source, const ImageRef& from, Client& destination, const ImageRef& to,
                      const CopyOptions& options) {
  return Copier(source, from, destination, to, options).run();
}

}  // namespace ferry::registry
