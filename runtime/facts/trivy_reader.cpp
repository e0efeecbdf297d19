#include <fmt/format.h>

#include "runtime/facts/json_walk.h"
#include "runtime/facts/readers.h"
#include "runtime/facts/vocabulary.h"

namespace ferry::facts {

// Every entry of `Vulnerabilities` counts, as Trivy's own summary counts them: a CVE found
// in two packages is two. Vulnerability counts are known only when the report has a
// package result (Class os-pkgs or lang-pkgs, or a Vulnerabilities list): a license-only
// or secret-only scan says nothing about vulnerabilities.
ScanReport read_trivy(const nlohmann::json& root, const std::string& name) {
  const Walk top(root, "", name);
  top.expect_object();
  ScanReport report{.name = name, .format = "Trivy JSON"};
  VulnCounts counts;
  bool vulns_known = false;
  bool packages_known = false;
  std::vector<ScanComponent> components;
  std::vector<std::string> licenses;
  top.each("Results", [&](const Walk& result) {
    result.expect_object();
    const std::string cls = result.string("Class");
    const std::string type = result.string("Type");
    if (cls == "os-pkgs" || cls == "lang-pkgs" || result.has("Vulnerabilities")) vulns_known = true;
    result.each("Vulnerabilities", [&](const Walk& v) {
      v.expect_object();
      count_severity(counts, v.string("Severity"));
    });
    if (result.has("Packages")) packages_known = true;
    result.each("Packages", [&](const Walk& p) {
      p.expect_object();
      std::vector<std::string> own;
      p.each("Licenses", [&](const Walk& l) {
        if (!l.value().is_string()) l.fail("a string was expected");
        add_license_name(l.value().get<std::string>(), own);
      });
      components.push_back({p.string("Name"), p.string("Version"), fmt::format("{}", fmt::join(own, " AND ")), type});
      licenses.insert(licenses.end(), own.begin(), own.end());
    });
    result.each("Licenses", [&](const Walk& l) {  // a license scan's findings
      l.expect_object();
      add_license_name(l.string("Name"), licenses);
    });
  });
  if (vulns_known) report.vulns = counts;
  if (packages_known) report.components = std::move(components);
  if (!licenses.empty()) {
    finish_licenses(licenses);
    report.licenses = std::move(licenses);
  }
  return report;
}

}  // namespace ferry::facts
