// Scan data attached to an image in its registry, read as reports (runtime/facts):
// cosign's SBOM tag `sha256-<hex>.sbom` (the SBOM is the layer), its attestation tag
// `.att` (each layer a DSSE envelope of an in-toto statement), and the image's OCI
// referrers that are not signatures (each JSON layer that is a report ferry reads).
// Attestation signatures are not verified (the reports say so).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/facts/scan_report.h"
#include "runtime/registry/client.h"
#include "runtime/registry/referrers.h"

namespace ferry::registry {

struct AttachedReports {
  std::vector<facts::ScanReport> reports;
  std::vector<std::string> errors;  // attached data that could not be read, and where it is
  // The image's referrers as listed on the way, for registry_facts' `signed`; nullopt
  // when they could not be listed.
  std::optional<std::vector<nlohmann::json>> referrers;
};

// `tag_exists` answers for the repository's tags (tag_lookup in referrers.h).
AttachedReports attached_reports(Client& client, const std::string& registry, const std::string& repository,
                                 const std::string& digest, const TagExists& tag_exists);

}  // namespace ferry::registry
