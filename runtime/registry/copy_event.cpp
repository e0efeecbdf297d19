#include "runtime/registry/copy_event.h"

#include <fmt/format.h>

namespace ferry::registry {
namespace {

const char* name(CopyEvent::Kind kind) {
  using K = CopyEvent::Kind;
  switch (kind) {
    case K::BlobPresent: return "blob_present";
    case K::BlobMounted: return "blob_mounted";
    case K::BlobCopied: return "blob_copied";
    case K::BlobRetrying: return "blob_retrying";
    case K::BlobResumed: return "blob_resumed";
    case K::ManifestPresent: return "manifest_present";
    case K::ManifestPushed: return "manifest_pushed";
    case K::ManifestTagged: return "manifest_tagged";
    case K::TagUpToDate: return "tag_up_to_date";
    case K::AttachedCopied: return "attached_copied";
    case K::ReferrersTagged: return "referrers_tagged";
  }
  return "event";
}

}  // namespace

std::string CopyEvent::text() const {
  using K = CopyEvent::Kind;
  switch (kind) {
    case K::BlobPresent: return fmt::format("blob {} already there", digest);
    case K::BlobMounted: return fmt::format("blob {} mounted from {}", digest, detail);
    case K::BlobCopied: return fmt::format("blob {} copied ({} bytes)", digest, bytes);
    case K::BlobRetrying: return fmt::format("blob {}: {}; retrying", digest, detail);
    case K::BlobResumed: return fmt::format("blob {}: upload resumed at byte {}", digest, bytes);
    case K::ManifestPresent: return fmt::format("manifest {} already there", digest);
    case K::ManifestPushed: return fmt::format("manifest {} pushed ({})", digest, detail);
    case K::ManifestTagged: return fmt::format("manifest {} tagged {}", digest, detail);
    case K::TagUpToDate: return fmt::format("{} already names {}", detail, digest);
    case K::AttachedCopied:
      return digest.empty() ? fmt::format("{} copied", detail) : fmt::format("referrer {} ({}) copied", digest, detail);
    case K::ReferrersTagged: return fmt::format("{} lists the referrers", detail);
  }
  return "";
}

nlohmann::json CopyEvent::json() const {
  nlohmann::json j{{"event", name(kind)}};
  if (!digest.empty()) j["digest"] = digest;
  if (kind == Kind::BlobCopied || kind == Kind::BlobResumed) j["bytes"] = bytes;
  if (!detail.empty()) j["detail"] = detail;
  return j;
}

}  // namespace ferry::registry
