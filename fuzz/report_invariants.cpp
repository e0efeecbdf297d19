// The scan report readers on any input: a report or a ReportError, nothing else (no
// other exception, no crash), and what a report gives is well formed.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/invariants.h"
#include "runtime/facts/scan_facts.h"

namespace ferry::fuzz {
namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "report invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

void report_invariants(facts::ReportFormat format, const uint8_t* data, size_t size) {
  if (size > kMaxFuzzReport) return;
  const std::string text(reinterpret_cast<const char*>(data), size);
  facts::ScanReport report;
  try {
    report = facts::read_report_as(format, text, "fuzz.json");
  } catch (const facts::ReportError& e) {
    require(std::string(e.what()).starts_with("fuzz.json"), "an error names the file");
    return;
  } catch (...) {
    require(false, "only ReportError leaves a reader");
  }
  if (report.vulns) {
    const VulnCounts& v = *report.vulns;
    require(v.critical >= 0 && v.high >= 0 && v.medium >= 0 && v.low >= 0 && v.unknown >= 0, "counts are not negative");
  }
  if (report.licenses) {
    const auto& l = *report.licenses;
    require(!l.empty(), "known licenses are some licenses");
    require(std::is_sorted(l.begin(), l.end()) && std::adjacent_find(l.begin(), l.end()) == l.end(), "licenses sorted, each once");
    require(std::none_of(l.begin(), l.end(), [](const std::string& s) { return s.empty() || s == "NOASSERTION"; }), "no empty license");
  }
  // Into an image's facts and back: what the report knows, the image knows.
  facts::ScanFacts scan;
  facts::merge(scan, report);
  ImageFacts blank;
  apply_fact_defaults(blank, false);
  const ImageFacts image = facts::with_scan(blank, scan);
  require(image.scanned == !scan.empty(), "scanned when anything is known");
  require(image.has(FactId::Vulns) == report.vulns.has_value(), "vulns known as the report says");
  if (report.vulns) require(image.vulns == *report.vulns, "the counts kept");
  if (report.components) require(image.components().size() == report.components->size(), "every component kept");
}

}  // namespace ferry::fuzz
