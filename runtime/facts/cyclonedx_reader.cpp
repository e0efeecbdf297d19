#include <fmt/format.h>

#include "runtime/facts/json_walk.h"
#include "runtime/facts/readers.h"
#include "runtime/facts/vocabulary.h"

namespace ferry::facts {
namespace {

constexpr int kMaxNesting = 64;  // components inside components: deeper is refused, not recursed into

struct Reader {
  std::vector<ScanComponent> components;
  std::vector<std::string> licenses;

  void component(const Walk& c, int depth) {
    c.expect_object();
    if (depth > kMaxNesting) c.fail(fmt::format("components nested more than {} deep", kMaxNesting));
    std::vector<std::string> own;
    std::vector<std::string> shown;  // as the component's `license`
    c.each("licenses", [&](const Walk& choice) {
      choice.expect_object();
      if (choice.has("expression")) {
        const std::string expression = choice.string("expression");
        add_license_ids(expression, own);
        shown.push_back(expression);
      } else if (choice.has("license")) {
        const Walk license = choice.at("license");
        license.expect_object();
        const std::string id = license.string("id");
        const std::string text = id.empty() ? license.string("name") : id;
        add_license_name(text, own);
        if (!text.empty()) shown.push_back(text);
      }
    });
    components.push_back({c.string("name"), c.string("version"), fmt::format("{}", fmt::join(shown, " AND ")), c.string("type")});
    licenses.insert(licenses.end(), own.begin(), own.end());
    c.each("components", [&](const Walk& child) { component(child, depth + 1); });
  }
};

// The analysis states of a VEX statement that say the vulnerability does not apply.
bool does_not_apply(const std::string& state) {
  return state == "not_affected" || state == "false_positive" || state == "resolved" || state == "resolved_with_pedigree";
}

}  // namespace

// `components` is known when the document has the key (an empty list is no components);
// `vulnerabilities` likewise. One entry counts once whatever it affects, at the highest
// severity among its ratings (several sources rate the same CVE differently; a gate takes
// the worst); an entry whose VEX analysis says it does not apply is not counted.
ScanReport read_cyclonedx(const nlohmann::json& root, const std::string& name) {
  const Walk top(root, "", name);
  top.expect_object();
  const std::string version = top.string("specVersion");
  if (version != "1.2" && version != "1.3" && version != "1.4" && version != "1.5" && version != "1.6" && version != "1.7") {
    if (!top.has("specVersion")) top.fail("`specVersion` is missing");
    top.at("specVersion").fail(fmt::format("CycloneDX {} is not one ferry reads (1.2 to 1.7)", version));
  }
  ScanReport report{.name = name, .format = "CycloneDX " + version};
  Reader reader;
  if (top.has("components")) {
    top.each("components", [&](const Walk& c) { reader.component(c, 1); });
    report.components = std::move(reader.components);
  }
  if (!reader.licenses.empty()) {
    finish_licenses(reader.licenses);
    report.licenses = std::move(reader.licenses);
  }
  if (top.has("vulnerabilities")) {
    VulnCounts counts;
    top.each("vulnerabilities", [&](const Walk& v) {
      v.expect_object();
      if (v.has("analysis")) {
        const Walk analysis = v.at("analysis");
        analysis.expect_object();
        if (does_not_apply(analysis.string("state"))) return;
      }
      std::string worst;
      v.each("ratings", [&](const Walk& r) {
        r.expect_object();
        const std::string severity = r.string("severity");
        if (worst.empty() || severity_rank(severity) > severity_rank(worst)) worst = severity;
      });
      count_severity(counts, worst);
    });
    report.vulns = counts;
  }
  return report;
}

}  // namespace ferry::facts
