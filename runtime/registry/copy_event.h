// What a copy tells as it goes: one event per blob and manifest, for --verbose (text()),
// --log-format json (json()) and the progress display.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace ferry::registry {

struct CopyEvent {
  enum class Kind {
    BlobPresent,      // at the destination already: nothing sent
    BlobMounted,      // from `detail`, another repository of the registry
    BlobCopied,       // `bytes` uploaded
    BlobRetrying,     // `detail` is the error
    BlobResumed,      // the upload went on at byte `bytes`
    ManifestPresent,  // there by digest: nothing below it copied
    ManifestPushed,   // a child of an index; `detail` its platform
    ManifestTagged,   // `detail` the destination reference
    TagUpToDate,      // `detail` the destination reference, which names `digest` already
    AttachedCopied,   // a cosign tag (`detail`) or a referrer (`digest`, `detail` its type)
    ReferrersTagged,  // the fallback tag `detail` now lists the referrers
  };
  Kind kind;
  std::string digest;
  uint64_t bytes = 0;
  std::string detail;

  std::string text() const;      // one line, as --verbose prints it
  nlohmann::json json() const;   // {"event": "blob_copied", "digest": ..., ...}
};

}  // namespace ferry::registry
