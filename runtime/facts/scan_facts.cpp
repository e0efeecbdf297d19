#include "runtime/facts/scan_facts.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

namespace ferry::facts {

void merge(ScanFacts& facts, const ScanReport& report) {
  std::vector<std::string> taken;
  if (!facts.vulns && report.vulns) {
    facts.vulns = report.vulns;
    taken.push_back("vulnerabilities");
  }
  if (!facts.components && report.components) {
    facts.components = report.components;
    taken.push_back("components");
  }
  if (!facts.licenses && report.licenses) {
    facts.licenses = report.licenses;
    taken.push_back("licenses");
  }
  const char* unverified = report.verified ? "" : " (its signature is not verified)";
  facts.sources.push_back(taken.empty() ? fmt::format("{} {}: nothing not known already{}", report.format, report.name, unverified)
                                        : fmt::format("{} {}: {}{}", report.format, report.name, fmt::join(taken, ", "), unverified));
}

ImageFacts with_scan(const ImageFacts& base, const ScanFacts& scan) {
  ImageFacts out;
  out.known = base.known;
  out.is_signed = base.is_signed;
  out.created = base.created;
  out.pushed = base.pushed;
  out.size = base.size;
  out.vulns = base.vulns;
  for (FactId id : {FactId::Registry, FactId::Repo, FactId::Tag, FactId::Digest, FactId::MediaType}) {
    out.set_string(id, base.string_fact(id));
  }
  out.start_list(FactId::Platforms);
  for (const auto p : base.platforms()) out.add_string(FactId::Platforms, p);
  out.start_list(FactId::Labels);
  for (const auto& [k, v] : base.labels()) out.add_label(k, v);
  out.start_list(FactId::Components);
  if (scan.components) {
    for (const auto& c : *scan.components) out.add_component({c.name, c.version, c.license, c.type});
    out.set_known(FactId::Components);
  } else {
    for (const auto& c : base.components()) out.add_component(c);
  }
  out.start_list(FactId::Licenses);
  if (scan.licenses) {
    for (const auto& l : *scan.licenses) out.add_string(FactId::Licenses, l);
    out.set_known(FactId::Licenses);
  } else {
    for (const auto l : base.licenses()) out.add_string(FactId::Licenses, l);
  }
  if (scan.vulns) {
    out.vulns = *scan.vulns;
    out.set_known(FactId::Vulns);
  }
  out.scanned = base.scanned || !scan.empty();
  out.set_known(FactId::Scanned);
  return out;
}

std::vector<std::string> facts_dir_files(const std::string& dir, std::string_view digest) {
  std::vector<std::string> out;
  if (!digest.starts_with("sha256:")) return out;
  const std::string prefix = fmt::format("sha256-{}.", digest.substr(7));
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.starts_with(prefix) && file.ends_with(".json") && entry.is_regular_file(ec)) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ferry::facts
