// What is attached to an image in a registry, found the two ways tools attach things
// today: cosign's tags next to the image (`sha256-<hex>.sig`, `.att`, `.sbom`), and OCI
// 1.1 referrers (manifests whose `subject` is the image), from the referrers API where
// the registry offers it, otherwise from the fallback tag `sha256-<hex>` the
// distribution spec describes for registries without it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/registry/client.h"

namespace ferry::registry {

// cosign's tag for `digest` (sha256:HEX) with `suffix` (sig, att, sbom): sha256-HEX.sig.
std::string cosign_tag(const std::string& digest, std::string_view suffix);
// The referrers fallback tag of `digest`: sha256-HEX.
std::string referrers_tag(const std::string& digest);
// A tag that names something attached to an image rather than an image: it travels
// with its image and is not listed as one.
bool is_attached_tag(std::string_view tag);

inline constexpr const char* kCosignSuffixes[] = {"sig", "att", "sbom"};

struct Attached {
  std::vector<std::string> cosign_tags;     // those of kCosignSuffixes that exist
  std::vector<nlohmann::json> referrers;    // descriptors, as the index lists them
};

// Whether a tag exists in the repository at hand.
using TagExists = std::function<bool(const std::string& tag)>;

// From the repository's tags when the caller has them all (a plan lists them anyway),
// else from one tag list when it fits a page, else a HEAD for each tag asked about: an
// image's attached tags (cosign's three, the referrers fallback) are then one request
// or none instead of four. The HEADs are `client`'s, which must outlive the answer.
TagExists tag_lookup(Client& client, const std::string& repository, const std::vector<std::string>* all_tags = nullptr);

// Every referrer of `digest` in `repository`: the API's answer, or the fallback tag's
// index, when `tag_exists` (tag_lookup) says that tag is there.
std::vector<nlohmann::json> list_referrers(Client& client, const std::string& repository, const std::string& digest,
                                           const TagExists& tag_exists);
Attached find_attached(Client& client, const std::string& repository, const std::string& digest);

// A referrer that is a signature: cosign's and sigstore's artifact types, Notation's.
bool is_signature(const nlohmann::json& descriptor);

// Makes the fallback tag of `digest` at the destination list `referrers` too (merged
// with what it lists already, by digest), for a registry without the referrers API.
// False when it listed them all already.
bool add_to_referrers_tag(Client& client, const std::string& repository, const std::string& digest,
                          const std::vector<nlohmann::json>& referrers);

}  // namespace ferry::registry
