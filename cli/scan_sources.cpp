#include "cli/scan_sources.h"

#include <iostream>

#include "runtime/registry/attached_reports.h"
#include "runtime/registry/image_facts.h"

namespace ferry::cli {

std::optional<ScanSources> ScanSources::open(const ScanOptions& options) {
  ScanSources sources;
  sources.facts_dir_ = options.facts_dir;
  for (const auto* list : {&options.scans, &options.sboms}) {
    for (const auto& file : *list) {
      try {
        sources.files_.push_back(facts::read_report_file(file));
      } catch (const facts::ReportError& e) {
        std::cerr << "ferry: " << e.what() << '\n';
        return std::nullopt;
      }
    }
  }
  return sources;
}

facts::ScanFacts ScanSources::gather(std::string_view digest, const std::vector<facts::ScanReport>& attached,
                                     std::vector<std::string>& errors) const {
  facts::ScanFacts scan;
  for (const auto& report : files_) facts::merge(scan, report);
  if (!facts_dir_.empty()) {
    for (const auto& file : facts::facts_dir_files(facts_dir_, digest)) {
      try {
        facts::merge(scan, facts::read_report_file(file));
      } catch (const facts::ReportError& e) {
        errors.push_back(e.what());
      }
    }
  }
  for (const auto& report : attached) facts::merge(scan, report);
  return scan;
}

RegistryImage read_registry_image(registry::Client& client, const registry::ImageRef& ref, const registry::Manifest& manifest,
                                  const ScanSources& sources, const registry::TagExists& tag_exists) {
  RegistryImage out;
  const registry::AttachedReports attached =
      registry::attached_reports(client, ref.registry, ref.repository, manifest.digest, tag_exists);
  out.scan_errors = attached.errors;
  out.scan = sources.gather(manifest.digest, attached.reports, out.scan_errors);
  const auto* referrers = attached.referrers ? &*attached.referrers : nullptr;  // listed once for both
  out.image = facts::with_scan(registry::registry_facts(client, ref, manifest, tag_exists, referrers), out.scan);
  return out;
}

std::vector<std::string> scan_explanation(const facts::ScanFacts& scan, bool scanned) {
  if (scan.sources.empty()) {
    return {scanned ? "scan data: as the image's facts give it" : "scan data: none: not scanned (vulns, components and licenses are unknown)"};
  }
  std::vector<std::string> out;
  for (const auto& s : scan.sources) out.push_back("scan data: " + s);
  return out;
}

}  // namespace ferry::cli
