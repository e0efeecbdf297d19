#include "runtime/image.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>
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

std::string_view* Component::field(std::string_view key) {
  return key == "name" ? &name : key == "version" ? &version : key == "license" ? &license : key == "type" ? &type : nullptr;
}

void ImageFacts::clear() {
  known = 0;
  is_signed = scanned = false;
  created = pushed = size = 0;
  vulns = {};
  for (auto& s : strings_) s = {};
  for (auto& l : lists_) l = {};
  text_.clear();
  refs_.clear();
}

TextRef ImageFacts::append(std::string_view s) {
  // Images are bounded far below 4 GiB (16 MiB of JSON, 64 MiB reports), so offsets fit.
  if (text_.size() + s.size() > UINT32_MAX) throw std::length_error("an image's facts exceed 4 GiB of text");
  const TextRef r{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(s.size())};
  text_.append(s);
  return r;
}

ImageFacts::ListIndex ImageFacts::list_index(FactId list) {
  switch (list) {
    case FactId::Platforms: return kPlatforms;
    case FactId::Licenses: return kLicenses;
    case FactId::Labels: return kLabels;
    case FactId::Components: return kComponents;
    default: throw std::logic_error("not a list fact");
  }
}

void ImageFacts::set_string(FactId id, std::string_view value) {
  if (static_cast<size_t>(id) >= kStringFacts) throw std::logic_error("not a string fact");
  strings_[static_cast<size_t>(id)] = append(value);
}

void ImageFacts::start_list(FactId list) {
  const auto at = static_cast<uint32_t>(refs_.size());
  lists_[list_index(list)] = {at, at};
}

void ImageFacts::add_ref(ListIndex l, TextRef r) {
  // A list's refs are contiguous: elements are added right after its start_list.
  if (lists_[l].end != refs_.size()) throw std::logic_error("list elements added out of order");
  refs_.push_back(r);
  lists_[l].end = static_cast<uint32_t>(refs_.size());
}

void ImageFacts::add_string(FactId list, std::string_view value) {
  const ListIndex l = list_index(list);
  if (l != kPlatforms && l != kLicenses) throw std::logic_error("not a list of strings");
  add_ref(l, append(value));
}

void ImageFacts::add_label(std::string_view key, std::string_view value) {
  add_ref(kLabels, append(key));
  add_ref(kLabels, append(value));
}

void ImageFacts::add_component(const Component& c) {
  for (int32_t f = 0; f < 4; ++f) add_ref(kComponents, append(c.field(f)));
}

bool ImageFacts::sort_labels() {
  // Sorted as (key, value) pairs in a copy: on the stack for the usual few labels, so
  // refilling an image allocates nothing.
  struct Pair {
    TextRef key;
    TextRef value;
  };
  const size_t n = labels().size();
  std::array<Pair, 32> small;
  std::vector<Pair> large(n > small.size() ? n : 0);
  Pair* const pairs = n > small.size() ? large.data() : small.data();
  TextRef* const refs = refs_.data() + lists_[kLabels].begin;
  for (size_t i = 0; i < n; ++i) pairs[i] = {refs[2 * i], refs[2 * i + 1]};
  std::sort(pairs, pairs + n, [&](const Pair& a, const Pair& b) { return text(a.key) < text(b.key); });
  for (size_t i = 0; i < n; ++i) {
    refs[2 * i] = pairs[i].key;
    refs[2 * i + 1] = pairs[i].value;
  }
  return std::adjacent_find(pairs, pairs + n, [&](const Pair& a, const Pair& b) { return text(a.key) == text(b.key); }) ==
         pairs + n;
}

std::optional<std::string_view> ImageFacts::label(std::string_view key) const {
  const LabelList all = labels();
  size_t lo = 0;
  size_t hi = all.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (all.text(mid, 0) < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo < all.size() && all.text(lo, 0) == key) return all.text(lo, 1);
  return std::nullopt;
}

namespace {

template <class List>
bool same_elements(const List& a, const List& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(a[i] == b[i])) return false;
  }
  return true;
}

}  // namespace

bool ImageFacts::operator==(const ImageFacts& o) const {
  if (known != o.known || is_signed != o.is_signed || scanned != o.scanned || created != o.created ||
      pushed != o.pushed || size != o.size || !(vulns == o.vulns)) {
    return false;
  }
  for (size_t k = 0; k < kStringFacts; ++k) {
    if (text(strings_[k]) != o.text(o.strings_[k])) return false;
  }
  return same_elements(platforms(), o.platforms()) && same_elements(licenses(), o.licenses()) &&
         same_elements(labels(), o.labels()) && same_elements(components(), o.components());
}

void apply_fact_defaults(ImageFacts& image, bool has_labels_key) {
  // An image without labels has none: `labels` is known and empty, not unknown.
  if (!image.has(FactId::Labels) && !has_labels_key) {
    image.start_list(FactId::Labels);
    image.set_known(FactId::Labels);
  }
  if (!image.has(FactId::Scanned)) {
    image.scanned = image.has(FactId::Vulns) || image.has(FactId::Components) || image.has(FactId::Licenses);
    image.set_known(FactId::Scanned);
  }
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

  // The string `j` is, or nullptr after saying it is not one.
  const std::string* string(const Json& j, const std::string& path) {
    if (!j.is_string()) {
      error(path, fmt::format("must be a string, found {}", json_type(j)));
      return nullptr;
    }
    return &j.get_ref<const std::string&>();
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
    const std::string* text = string(j, path);
    if (!text) return false;
    const auto t = parse_rfc3339(*text);
    if (!t) {
      error(path, fmt::format("\"{}\" is not an RFC 3339 time such as \"2026-11-26T17:40:15Z\"", *text));
      return false;
    }
    into = *t;
    return true;
  }

  bool strings(const Json& j, const std::string& path, FactId list, ImageFacts& image) {
    if (!j.is_array()) {
      error(path, fmt::format("must be a list of strings, found {}", json_type(j)));
      return false;
    }
    bool ok = true;
    image.start_list(list);
    for (size_t i = 0; i < j.size(); ++i) {
      if (const std::string* s = string(j[i], fmt::format("{}[{}]", path, i))) image.add_string(list, *s);
      else ok = false;
    }
    return ok;
  }

  void fact(FactId id, const Json& j, ImageFacts& image) {
    const std::string path(fact_info(id).name);
    bool ok = false;
    switch (id) {
      case FactId::Registry:
      case FactId::Repo:
      case FactId::Tag:
      case FactId::Digest:
      case FactId::MediaType:
        if (const std::string* s = string(j, path)) image.set_string(id, *s);
        ok = j.is_string();
        break;
      case FactId::Created: ok = time(j, path, image.created); break;
      case FactId::Pushed: ok = time(j, path, image.pushed); break;
      case FactId::Age:
        warn(path, "`age` is computed from `created` and the evaluation time; the value given is ignored");
        return;
      case FactId::Size: ok = count(j, path, image.size); break;
      case FactId::Platforms:
      case FactId::Licenses: ok = strings(j, path, id, image); break;
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
      case FactId::Components: ok = components(j, image); break;
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
    image.start_list(FactId::Labels);
    for (const auto& [key, value] : j.items()) {
      if (const std::string* v = string(value, fmt::format("labels[\"{}\"]", key))) image.add_label(key, *v);
      else ok = false;
    }
    image.sort_labels();  // JSON objects here have unique keys
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

  bool components(const Json& j, ImageFacts& image) {
    if (!j.is_array()) {
      error("components", fmt::format("must be a list of objects, found {}", json_type(j)));
      return false;
    }
    bool ok = true;
    image.start_list(FactId::Components);
    for (size_t i = 0; i < j.size(); ++i) {
      const std::string path = fmt::format("components[{}]", i);
      if (!j[i].is_object()) {
        error(path, fmt::format("must be an object, found {}", json_type(j[i])));
        ok = false;
        continue;
      }
      Component c;  // views into the JSON
      for (const auto& [key, value] : j[i].items()) {
        if (std::string_view* slot = c.field(key)) {
          const std::string* s = string(value, path + "." + key);
          if (s) *slot = *s;
          else ok = false;
        } else {
          warn(path + "." + key, "unknown field; a component has name, version, license and type");
        }
      }
      image.add_component(c);
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
