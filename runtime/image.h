// The facts of one image (LANGUAGE.md section 4) as the VM reads them, and the JSON
// form `ferry eval` and `ferry test` take (section 7).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/facts.h"

namespace ferry {

struct Component {
  std::string name;
  std::string version;
  std::string license;
  std::string type;
  bool operator==(const Component&) const = default;

  // A field by its name in JSON, or nullptr; by its index in RECORD_FIELD(Component, ...) order.
  std::string* field(std::string_view name);
  const std::string& field(int32_t index) const;
};

// Counts by severity; `major`, `minor` and `all` are derived (facts.def).
struct VulnCounts {
  int64_t critical = 0;
  int64_t high = 0;
  int64_t medium = 0;
  int64_t low = 0;
  int64_t unknown = 0;
  bool operator==(const VulnCounts&) const = default;

  // The count of a severity by its name in JSON, or nullptr (also for the derived ones).
  int64_t* severity(std::string_view name);
  int64_t field(int32_t index) const;  // in RECORD_FIELD(Vulns, ...) order
};

struct ImageFacts {
  std::string registry;
  std::string repo;
  std::string tag;
  std::string digest;
  std::string media_type;
  int64_t created = 0;  // Unix seconds, UTC
  int64_t pushed = 0;
  int64_t size = 0;
  std::vector<std::string> platforms;
  std::vector<std::pair<std::string, std::string>> labels;  // sorted by key, keys unique
  bool is_signed = false;
  bool scanned = false;
  VulnCounts vulns;
  std::vector<Component> components;
  std::vector<std::string> licenses;
  uint32_t known = 0;  // one bit per FactId: the fact is known for this image

  bool has(FactId id) const { return known & (1u << static_cast<unsigned>(id)); }
  void set_known(FactId id) { known |= 1u << static_cast<unsigned>(id); }
  const std::string* label(std::string_view key) const;
  bool operator==(const ImageFacts&) const = default;
};

// A problem in an image's JSON: where (`vulns.critical`, `components[3].name`) and what.
struct FactsIssue {
  bool warning;  // an unknown key is a warning; everything else an error
  std::string path;
  std::string message;
};

// The defaults of a record once its keys are read: absent `labels` (with no `labels`
// key at all) is known and empty, and absent `scanned` is whether any scan fact is
// present. Both readers end with this, so they agree.
void apply_fact_defaults(ImageFacts& image, bool has_labels_key);

struct LoadedImage {
  std::optional<ImageFacts> image;  // nullopt when there were errors
  std::vector<FactsIssue> issues;
};

// Reads one image from its JSON text. A fact that is absent (or null) is unknown, and
// reading it is a run-time error, except `labels`, which is empty when absent, and
// `scanned`, which defaults to whether any of `vulns`, `components` and `licenses` is
// present. `age` is computed at evaluation time.
LoadedImage load_image_json(std::string_view json);

}  // namespace ferry
