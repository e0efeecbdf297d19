#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "runtime/facts/json_walk.h"
#include "runtime/facts/readers.h"
#include "runtime/facts/vocabulary.h"

namespace ferry::facts {
namespace {

// The package type: the purl's (`pkg:apk/...` is apk), else the primary purpose.
std::string package_type(const Walk& p) {
  std::string type;
  p.each("externalRefs", [&](const Walk& ref) {
    ref.expect_object();
    const std::string locator = ref.string("referenceLocator");
    if (type.empty() && ref.string("referenceType") == "purl" && locator.starts_with("pkg:")) {
      type = locator.substr(4, locator.find('/') == std::string::npos ? std::string::npos : locator.find('/') - 4);
    }
  });
  if (type.empty()) {
    type = p.string("primaryPackagePurpose");
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  }
  return type;
}

}  // namespace

// Every package is a component (the image's own package too, where the tool lists it).
// Its license is the concluded one, else the declared one; NOASSERTION and NONE are no
// license, not a license named so. SPDX has no vulnerabilities: `vulns` stays unknown.
ScanReport read_spdx(const nlohmann::json& root, const std::string& name) {
  const Walk top(root, "", name);
  top.expect_object();
  const std::string version = top.string("spdxVersion");
  if (version != "SPDX-2.1" && version != "SPDX-2.2" && version != "SPDX-2.3") {
    if (!top.has("spdxVersion")) top.fail("`spdxVersion` is missing");
    top.at("spdxVersion").fail(fmt::format("{} is not a version ferry reads (SPDX-2.1 to SPDX-2.3)", version));
  }
  ScanReport report{.name = name, .format = version};
  std::vector<ScanComponent> components;
  std::vector<std::string> licenses;
  top.each("packages", [&](const Walk& p) {
    p.expect_object();
    std::string license = p.string("licenseConcluded");
    if (no_assertion(license)) license = p.string("licenseDeclared");
    if (no_assertion(license)) license.clear();
    add_license_ids(license, licenses);
    components.push_back({p.string("name"), p.string("versionInfo"), license, package_type(p)});
  });
  if (top.has("packages")) report.components = std::move(components);
  if (!licenses.empty()) {
    finish_licenses(licenses);
    report.licenses = std::move(licenses);
  }
  return report;
}

}  // namespace ferry::facts
