// One function per report format, each taking the parsed JSON (see scan_report.h).
#pragma once

#include <nlohmann/json.hpp>

#include "runtime/facts/scan_report.h"

namespace ferry::facts {

// Trivy JSON, SchemaVersion 2: `Results[].Vulnerabilities[].Severity`,
// `Results[].Packages[]` (with --list-all-pkgs) and license results.
ScanReport read_trivy(const nlohmann::json& root, const std::string& name);
// Grype JSON: `matches[].vulnerability.severity` and `matches[].artifact`.
ScanReport read_grype(const nlohmann::json& root, const std::string& name);
// CycloneDX JSON 1.2-1.7: `components[]` (nested ones too) and `vulnerabilities[]`.
ScanReport read_cyclonedx(const nlohmann::json& root, const std::string& name);
// SPDX 2.x JSON: `packages[]` with their concluded, else declared, license.
ScanReport read_spdx(const nlohmann::json& root, const std::string& name);
// An in-toto statement, bare or in a DSSE envelope, whose predicate is CycloneDX, SPDX or
// cosign's vulnerability predicate (the scanner's own report in `scanner.result`).
ScanReport read_in_toto(const nlohmann::json& root, const std::string& name);

}  // namespace ferry::facts
