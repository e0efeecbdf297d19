#include "runtime/image.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "runtime/timefmt.h"

namespace ferry {

int64_t VulnCounts::field(int32_t index) const {
  switch (index) {
    case 0: return critical;
    case 1: return high;
    case 2: return medium;
    case 3: return low;
    case 4: return unknown;
    case 5: return high;                                     // major
    case 6: return medium + low;                             // minor
    case 7: return critical + high + medium + low + unknown;  // all
  }
  return 0;
}

int64_t* VulnCounts::severity(std::string_view name) {
  return name == "critical" ? &critical
         : name == "high"   ? &high
         : name == "medium" ? &medium
         : name == "low"    ? &low
         : name == "unknown" ? &unknown
                             : nullptr;
}

std::string* Component::field(std::string_view key) {
  return key == "name" ? &name : key == "version" ? &version : key == "license" ? &license : key == "type" ? &type : nullptr;
}

const std::string& Component::field(int32_t index) const {
  const std::string* fields[] = {&name, &version, &license, &type};
  return *fields[index];
}

void apply_fact_defaults(ImageFacts& image, bool has_labels_key) {
  // An image without labels has none: `labels` is known and empty, not unknown.
  if (!image.has(FactId::Labels) && !has_labels_key) {
    image.labels.clear();
    image.set_known(FactId::Labels);
  }
  if (!image.has(FactId::Scanned)) {
    image.scanned = image.has(FactId::Vulns) || image.has(FactId::Components) || image.has(FactId::Licenses);
    image.set_known(FactId::Scanned);
  }
}

const std::string* ImageFacts::label(std::string_view key) const {
  const auto it = std::lower_bound(labels.begin(), labels.end(), key,
                                   [](const auto& entry, std::string_view k) { return entry.first < k; });
  return it != labels.end() && it->first == key ? &it->second : nullptr;
}

namespace {

using Json = nlohmann::json;

const char* json_type(const Json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a bool";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "a list";
  return "an object";
}

class Reader {
 public:
  explicit Reader(LoadedImage& out) : out_(out) {}

  void error(const std::string& path, std::string message) { out_.issues.push_back({false, path, std::move(message)}); }
  void warn(const std::string& path, std::string message) { out_.issues.push_back({true, path, std::move(message)}); }

  bool string(const Json& j, const std::string& path, std::string& into) {
    if (!j.is_string()) {
      error(path, fmt::format("must be a string, found {}", json_type(j)));
      return false;
    }
    into = j.get<std::string>();
    return true;
  }

  bool count(const Json& j, const std::string& path, int64_t& into) {
    if (!j.is_number_integer() || (j.is_number_integer() && j.get<int64_t>() < 0 && !j.is_number_unsigned())) {
      error(path, fmt::format("must be a whole number of at least 0, found {}", j.is_number() ? j.dump() : json_type(j)));
      return false;
    }
    if (j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      error(path, "is larger than a 64-bit integer");
      return false;
    }
    into = j.get<int64_t>();
    return true;
  }

  bool time(const Json& j, const std::string& path, int64_t& into) {
    std::string text;
    if (!string(j, path, text)) return false;
    const auto t = parse_rfc3339(text);
    if (!t) {
      error(path, fmt::format("\"{}\" is not an RFC 3339 time such as \"2026-11-26T17:40:15Z\"", text));
      return false;
    }
    into = *t;
    return true;
  }

  bool strings(const Json& j, const std::string& path, std::vector<std::string>& into) {
    if (!j.is_array()) {
      error(path, fmt::format("must be a list of strings, found {}", json_type(j)));
      return false;
    }
    bool ok = true;
    for (size_t i = 0; i < j.size(); ++i) {
      std::string s;
      if (string(j[i], fmt::format("{}[{}]", path, i), s)) into.push_back(std::move(s));
      else ok = false;
    }
    return ok;
  }

  void fact(FactId id, const Json& j, ImageFacts& image) {
    const std::string path(fact_info(id).name);
    bool ok = false;
    switch (id) {
      case FactId::Registry: ok = string(j, path, image.registry); break;
      case FactId::Repo: ok = string(j, path, image.repo); break;
      case FactId::Tag: ok = string(j, path, image.tag); break;
      case FactId::Digest: ok = string(j, path, image.digest); break;
      case FactId::MediaType: ok = string(j, path, image.media_type); break;
      case FactId::Created: ok = time(j, path, image.created); break;
      case FactId::Pushed: ok = time(j, path, image.pushed); break;
      case FactId::Age:
        warn(path, "`age` is computed from `created` and the evaluation time; the value given is ignored");
        return;
      case FactId::Size: ok = count(j, path, image.size); break;
      case FactId::Platforms: ok = strings(j, path, image.platforms); break;
      case FactId::Labels: ok = labels(j, image); break;
      case FactId::Signed:
      case FactId::Scanned: {
        if (!j.is_boolean()) {
          error(path, fmt::format("must be true or false, found {}", json_type(j)));
          return;
        }
        (id == FactId::Signed ? image.is_signed : image.scanned) = j.get<bool>();
        ok = true;
        break;
      }
      case FactId::Vulns: ok = vulns(j, image.vulns); break;
      case FactId::Components: ok = components(j, image.components); break;
      case FactId::Licenses: ok = strings(j, path, image.licenses); break;
    }
    if (ok) image.set_known(id);
  }

 private:
  bool labels(const Json& j, ImageFacts& image) {
    if (!j.is_object()) {
      error("labels", fmt::format("must be an object of strings, found {}", json_type(j)));
      return false;
    }
    bool ok = true;
    for (const auto& [key, value] : j.items()) {
      std::string v;
      if (string(value, fmt::format("labels[\"{}\"]", key), v)) image.labels.emplace_back(key, std::move(v));
      else ok = false;
    }
    std::sort(image.labels.begin(), image.labels.end());
    return ok;
  }

  bool vulns(const Json& j, VulnCounts& into) {
    if (!j.is_object()) {
      error("vulns", fmt::format("must be an object of counts, found {}", json_type(j)));
      return false;
    }
    bool ok = true;
    for (const auto& [key, value] : j.items()) {
      const std::string path = "vulns." + key;
      if (int64_t* slot = into.severity(key)) {
        ok &= count(value, path, *slot);
      } else if (key == "major" || key == "minor" || key == "all") {
        warn(path, fmt::format("`{}` is derived from the severities; the value given is ignored", key));
      } else {
        warn(path, "unknown severity; expected critical, high, medium, low or unknown");
      }
    }
    return ok;
  }

  bool components(const Json& j, std::vector<Component>& into) {
    if (!j.is_array()) {
      error("components", fmt::format("must be a list of objects, found {}", json_type(j)));
      return false;
    }
    bool ok = true;
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string path = fmt::format("components[{}]", i);
      if (!j[i].is_object()) {
        error(path, fmt::format("must be an object, found {}", json_type(j[i])));
        ok = false;
        continue;
      }
      Component c;
      for (const auto& [key, value] : j[i].items()) {
        if (std::string* slot = c.field(key)) ok &= string(value, path + "." + key, *slot);
        else warn(path + "." + key, "unknown field; a component has name, version, license and type");
      }
      into.push_back(std::move(c));
    }
    return ok;
  }

  LoadedImage& out_;
};

}  // namespace

LoadedImage load_image_json(std::string_view text) {
  LoadedImage out;
  Reader reader(out);
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) {
    reader.error("", "not valid JSON");
    return out;
  }
  if (!j.is_object()) {
    reader.error("", fmt::format("an image is a JSON object of facts, found {}", json_type(j)));
    return out;
  }
  ImageFacts image;
  for (const auto& [key, value] : j.items()) {
    const auto id = find_fact(key);
    if (!id) {
      reader.warn(key, "unknown fact; it is ignored");
      continue;
    }
    if (value.is_null()) continue;  // null: unknown, as if absent
    reader.fact(*id, value, image);
  }
  apply_fact_defaults(image, j.contains("labels"));
  const bool errors = std::any_of(out.issues.begin(), out.issues.end(), [](const FactsIssue& i) { return !i.warning; });
  if (!errors) out.image = std::move(image);
  return out;
}

}  // namespace ferry
