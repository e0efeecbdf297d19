// Scan data from the files scanners and SBOM tools write (Trivy, Grype, CycloneDX, SPDX,
// and in-toto attestations carrying them), as the `vulns`, `components` and `licenses`
// facts of LANGUAGE.md section 4. A report says only what it knows: an SBOM has no
// vulnerability counts, a Grype report no full component list, so each kind of data is
// optional, and a kind no source knows stays unknown (never zero).
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/image.h"

namespace ferry::facts {

struct ScanComponent {
  std::string name;
  std::string version;
  std::string license;  // an SPDX expression or a name, as the report has it; empty when unknown
  std::string type;     // the package type (apk, deb, npm, library, ...), empty when unknown
};

enum class ReportFormat { Trivy, Grype, CycloneDx, Spdx, InToto };

struct ScanReport {
  std::string name;    // the file, or where in the registry it came from
  std::string format;  // "Trivy JSON", "CycloneDX 1.5", ... for messages and --explain
  std::optional<VulnCounts> vulns;
  std::optional<std::vector<ScanComponent>> components;
  std::optional<std::vector<std::string>> licenses;  // ids, sorted, each once
  bool verified = true;  // false for an attestation whose signature was not checked
};

// A report that cannot be read: names the file and the JSON path (`Results[2].Severity`),
// or the byte where the JSON broke off.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reports are refused beyond this size, before they are read.
inline constexpr size_t kMaxReportBytes = 64 * 1024 * 1024;

// The format, from the content; nullopt when it is none of them.
std::optional<ReportFormat> detect_format(std::string_view json_text);
// Reads a report of any known format; throws ReportError for an unknown format, bad
// JSON, or JSON that does not have the format's shape.
ScanReport read_report(std::string_view json_text, const std::string& name);
// The same, as `format` (the fuzzers' entry).
ScanReport read_report_as(ReportFormat format, std::string_view json_text, const std::string& name);
// A file: its size checked first.
ScanReport read_report_file(const std::string& path);

}  // namespace ferry::facts
