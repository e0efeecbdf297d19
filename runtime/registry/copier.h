// `ferry copy`: one image from one registry to another, as skopeo copy does it, with the
// digests preserved: manifests pushed byte for byte, children before their index, the
// tag last; blobs checked at the destination first, mounted within one registry,
// otherwise streamed from the download into the upload through a bounded buffer (sha256
// checked on the way; the upload is committed only if it matches), so memory stays
// constant whatever the size.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "runtime/registry/client.h"
#include "runtime/registry/copy_event.h"
#include "runtime/registry/reference.h"

namespace ferry::registry {

struct CopyOptions {
  std::optional<std::string> platform;  // os/arch[/variant]: that image of an index only
  int jobs = 4;                          // blobs copied at once, each with its own connections
  bool referrers = true;                 // also cosign's tags and the OCI referrers of the image
  std::function<void(const CopyEvent& event)> log;  // one per blob and manifest, one at a time
  // Bytes of a blob uploaded so far, as they go (from the transfer threads, one at a time).
  std::function<void(const std::string& digest, uint64_t done, uint64_t total)> progress;
};

struct CopyReport {
  std::string digest;  // of the manifest the tag now names
  bool up_to_date = false;  // the destination tag named it already: nothing was sent
  size_t blobs_copied = 0;
  size_t blobs_present = 0;
  size_t blobs_mounted = 0;
  size_t manifests = 0;          // pushed
  size_t manifests_present = 0;  // there by digest already
  size_t attached = 0;           // cosign tags and referrers copied with the image (counted above too)
  uint64_t bytes = 0;  // uploaded
};

// Throws RegistryError on any failure; nothing is tagged then.
CopyReport copy_image(Client& source, const ImageRef& from, Client& destination, const ImageRef& to,
                      const CopyOptions& options = {});

}  // namespace ferry::registry
