// `ferry facts`: an image's facts with the scan data ferry finds for it, written as the
// image JSON that `eval` and `test` read. What a CI step runs to see what ferry makes of
// a Trivy report or an SBOM before a policy reads it.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/files.h"
#include "cli/records.h"
#include "cli/scan_sources.h"
#include "runtime/image_reader.h"
#include "runtime/timefmt.h"

namespace ferry::cli {
namespace {

nlohmann::ordered_json image_json(const ImageFacts& image) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (FactId id : {FactId::Registry, FactId::Repo, FactId::Tag, FactId::Digest, FactId::MediaType}) {
    if (image.has(id)) j[fact_info(id).name] = image.string_fact(id);
  }
  if (image.has(FactId::Created)) j["created"] = format_rfc3339(image.created);
  if (image.has(FactId::Pushed)) j["pushed"] = format_rfc3339(image.pushed);
  if (image.has(FactId::Size)) j["size"] = image.size;
  if (image.has(FactId::Platforms)) {
    j["platforms"] = nlohmann::ordered_json::array();
    for (const auto p : image.platforms()) j["platforms"].push_back(p);
  }
  if (image.has(FactId::Labels)) {
    j["labels"] = nlohmann::ordered_json::object();
    for (const auto& [k, v] : image.labels()) j["labels"][std::string(k)] = v;
  }
  if (image.has(FactId::Signed)) j["signed"] = image.is_signed;
  j["scanned"] = image.scanned;
  if (image.has(FactId::Vulns)) {
    j["vulns"] = {{"critical", image.vulns.critical}, {"high", image.vulns.high}, {"medium", image.vulns.medium},
                  {"low", image.vulns.low}, {"unknown", image.vulns.unknown}};
  }
  if (image.has(FactId::Components)) {
    j["components"] = nlohmann::ordered_json::array();
    for (const auto& c : image.components()) {
      j["components"].push_back({{"name", c.name}, {"version", c.version}, {"license", c.license}, {"type", c.type}});
    }
  }
  if (image.has(FactId::Licenses)) {
    j["licenses"] = nlohmann::ordered_json::array();
    for (const auto l : image.licenses()) j["licenses"].push_back(l);
  }
  return j;
}

}  // namespace

int run_facts(const FactsOptions& options) {
  const auto sources = ScanSources::open(options.scan);
  if (!sources) return kExitUsage;
  ImageFacts image;
  if (!options.image.empty()) {
    std::ifstream file;
    std::istream* const in = open_input(options.image, file);
    if (!in) return kExitUsage;
    const std::string text = read_bounded(*in, kMaxImageBytes);
    JsonLinesReader reader;
    if (text.size() > kMaxImageBytes || !read_record(reader, text, input_name(options.image), image)) return kExitUsage;
  } else {
    apply_fact_defaults(image, false);
  }
  if (!options.digest.empty()) {
    image.set_string(FactId::Digest, options.digest);
    image.set_known(FactId::Digest);
  }
  std::vector<std::string> errors;
  const facts::ScanFacts scan = sources->gather(image.digest(), {}, errors);
  for (const auto& e : errors) std::cerr << "ferry: " << e << '\n';
  for (const auto& line : scan_explanation(scan, image.scanned || !scan.empty())) std::cerr << "ferry: " << line << '\n';
  std::cout << image_json(facts::with_scan(image, scan)).dump(2) << '\n';
  return errors.empty() ? kExitOk : kExitUsage;
}

}  // namespace ferry::cli
