// The facts of LANGUAGE.md section 4 for an image in a registry: what the manifest, the
// image configuration and the signature tags say. Scan facts (vulns, components,
// licenses) are left unknown: they come from scanners (issue 6), and an image without
// them is not scanned.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/image.h"
#include "runtime/registry/client.h"
#include "runtime/registry/reference.h"
#include "runtime/registry/referrers.h"

namespace ferry::registry {

// `registry`, `repo`, `tag`, `digest`, `media_type`; `created` (the config's, the latest
// of the platforms for an index), `labels` (config labels, then manifest annotations
// where a key is not a label), `platforms`, `size` (manifests, configs and layers of
// every platform), `signed` (a cosign signature tag `sha256-<hex>.sig`, or a signature
// among the OCI referrers; neither is verified: see docs/registries.md). `pushed` is
// unknown: the registry does not say.
// `tag_exists` answers for the repository's tags (tag_lookup in referrers.h);
// `referrers`, when the caller has listed them already, spares listing them again.
ImageFacts registry_facts(Client& client, const ImageRef& ref, const Manifest& manifest, const TagExists& tag_exists,
                          const std::vector<nlohmann::json>* referrers = nullptr);

}  // namespace ferry::registry
