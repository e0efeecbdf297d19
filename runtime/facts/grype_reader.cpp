#include <fmt/format.h>

#include <set>
#include <tuple>

#include "runtime/facts/json_walk.h"
#include "runtime/facts/readers.h"
#include "runtime/facts/vocabulary.h"

namespace ferry::facts {

// Every match counts, as Grype lists them: a CVE matched in two packages is two. Grype
// reports only the packages it matched, so `components` are those (docs/facts.md says
// to hand ferry an SBOM for rules on components).
ScanReport read_grype(const nlohmann::json& root, const std::string& name) {
  const Walk top(root, "", name);
  top.expect_object();
  ScanReport report{.name = name, .format = "Grype JSON"};
  VulnCounts counts;
  std::vector<ScanComponent> components;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  std::vector<std::string> licenses;
  top.each("matches", [&](const Walk& match) {
    match.expect_object();
    if (!match.has("vulnerability")) match.fail("`vulnerability` is missing");
    const Walk vulnerability = match.at("vulnerability");
    vulnerability.expect_object();
    count_severity(counts, vulnerability.string("severity"));
    if (!match.has("artifact")) return;
    const Walk artifact = match.at("artifact");
    artifact.expect_object();
    std::vector<std::string> own;
    artifact.each("licenses", [&](const Walk& l) {
      // Older Grype: strings; newer: {"value", "spdxExpression", "type"}.
      if (l.value().is_string()) {
        add_license_name(l.value().get<std::string>(), own);
      } else {
        l.expect_object();
        const std::string expression = l.string("spdxExpression");
        if (!expression.empty()) add_license_ids(expression, own);
        else add_license_name(l.string("value"), own);
      }
    });
    ScanComponent c{artifact.string("name"), artifact.string("version"), fmt::format("{}", fmt::join(own, " AND ")),
                    artifact.string("type")};
    licenses.insert(licenses.end(), own.begin(), own.end());
    if (seen.emplace(c.name, c.version, c.type).second) components.push_back(std::move(c));
  }, false);
  report.vulns = counts;
  report.components = std::move(components);
  if (!licenses.empty()) {
    finish_licenses(licenses);
    report.licenses = std::move(licenses);
  }
  return report;
}

}  // namespace ferry::facts
