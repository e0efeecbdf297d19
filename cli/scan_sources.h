// Where an image's scan facts come from on the command line (`--scan`, `--sbom`,
// `--facts-dir`), and how `--explain` says what was used.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "runtime/facts/scan_facts.h"
#include "runtime/registry/client.h"
#include "runtime/registry/reference.h"
#include "runtime/registry/referrers.h"

namespace ferry::cli {

class ScanSources {
 public:
  // Reads the files of --scan and --sbom once; nullopt after saying on stderr what is
  // wrong with one.
  static std::optional<ScanSources> open(const ScanOptions& options);

  bool any() const { return !files_.empty() || !facts_dir_.empty(); }
  // The files' reports, then the facts directory's for `digest`, then `attached` (what
  // the registry holds); a facts directory file that cannot be read goes into `errors`.
  facts::ScanFacts gather(std::string_view digest, const std::vector<facts::ScanReport>& attached,
                          std::vector<std::string>& errors) const;

 private:
  std::vector<facts::ScanReport> files_;
  std::string facts_dir_;
};

// An image in a registry with its scan data: the registry's facts (runtime/registry/
// image_facts.h), then the sources' reports and what the registry has attached.
struct RegistryImage {
  ImageFacts image;
  facts::ScanFacts scan;
  std::vector<std::string> scan_errors;  // attached data or facts files that could not be read
};
// `tag_exists` answers for the repository's tags (registry::tag_lookup).
RegistryImage read_registry_image(registry::Client& client, const registry::ImageRef& ref, const registry::Manifest& manifest,
                                  const ScanSources& sources, const registry::TagExists& tag_exists);

// "scan data: ..." lines for --explain: each source and what it gave, or "none: not scanned".
std::vector<std::string> scan_explanation(const facts::ScanFacts& scan, bool scanned);

}  // namespace ferry::cli
