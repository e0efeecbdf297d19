// The scan facts of one image, merged from its sources in order (the files given for
// the run, the facts directory, what the registry has attached): each kind of data —
// vulnerability counts, components, licenses — from the first source that has it, so
// that one scanner's counts are never added to another's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/facts/scan_report.h"
#include "runtime/image.h"

namespace ferry::facts {

struct ScanFacts {
  std::optional<VulnCounts> vulns;
  std::optional<std::vector<ScanComponent>> components;
  std::optional<std::vector<std::string>> licenses;
  // What each source gave, for --explain: "Trivy JSON scan.json: vulnerabilities".
  std::vector<std::string> sources;

  bool empty() const { return !vulns && !components && !licenses; }
};

// Takes from `report` the kinds of data `facts` has no source for yet.
void merge(ScanFacts& facts, const ScanReport& report);

// `base` with the scan facts that `scan` knows; those it does not know stay as `base`
// has them. `scanned` is true when either has any.
ImageFacts with_scan(const ImageFacts& base, const ScanFacts& scan);

// The reports in a facts directory for `digest` (sha256:HEX): its files named
// `sha256-HEX.*.json`, in name order.
std::vector<std::string> facts_dir_files(const std::string& dir, std::string_view digest);

}  // namespace ferry::facts
