#include "runtime/image_reader.h"

#include <simdjson.h>

#include <algorithm>

#include "runtime/timefmt.h"

namespace ferry {
namespace {

namespace od = simdjson::ondemand;

// Every reader below returns false for anything it does not take as it is; the caller
// then hands the whole record to load_image_json, which says precisely what is wrong.
bool read_string(od::value v, std::string& out) {
  std::string_view s;
  if (v.get_string().get(s)) return false;
  out.assign(s);
  return true;
}

bool read_count(od::value v, int64_t& out) {
  if (v.get_int64().get(out)) return false;
  return out >= 0;
}

bool read_time(od::value v, int64_t& out) {
  std::string_view s;
  if (v.get_string().get(s)) return false;
  const auto t = parse_rfc3339(s);
  if (!t) return false;
  out = *t;
  return true;
}

// Element `k` of a list being refilled: reused when the list already had one.
template <class T>
T& slot(std::vector<T>& list, size_t k) {
  if (k == list.size()) list.emplace_back();
  return list[k];
}

bool read_strings(od::value v, std::vector<std::string>& out) {
  od::array array;
  if (v.get_array().get(array)) return false;
  size_t k = 0;
  for (auto element : array) {
    std::string_view s;
    if (element.get_string().get(s)) return false;
    slot(out, k++).assign(s);
  }
  out.resize(k);
  return true;
}

bool read_labels(od::value v, ImageFacts& image) {
  od::object object;
  if (v.get_object().get(object)) return false;
  size_t k = 0;
  for (auto field : object) {
    std::string_view key;
    std::string_view value;
    if (field.unescaped_key().get(key)) return false;
    auto& entry = slot(image.labels, k++);
    entry.first.assign(key);
    if (field.value().get_string().get(value)) return false;
    entry.second.assign(value);
  }
  image.labels.resize(k);
  std::sort(image.labels.begin(), image.labels.end());
  // Duplicate keys: leave them to the precise reader.
  return std::adjacent_find(image.labels.begin(), image.labels.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }) == image.labels.end();
}

bool read_vulns(od::value v, VulnCounts& out) {
  od::object object;
  if (v.get_object().get(object)) return false;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    int64_t* slot = out.severity(key);
    if (!slot || !read_count(field.value(), *slot)) return false;
  }
  return true;
}

bool read_components(od::value v, std::vector<Component>& out) {
  od::array array;
  if (v.get_array().get(array)) return false;
  size_t k = 0;
  for (auto element : array) {
    od::object object;
    if (element.get_object().get(object)) return false;
    Component& c = slot(out, k++);
    c.name.clear();
    c.version.clear();
    c.license.clear();
    c.type.clear();
    for (auto field : object) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return false;
      std::string* target = c.field(key);
      if (!target || !read_string(field.value(), *target)) return false;
    }
  }
  out.resize(k);
  return true;
}

bool read_fact(FactId id, od::value v, ImageFacts& image) {
  switch (id) {
    case FactId::Registry: return read_string(v, image.registry);
    case FactId::Repo: return read_string(v, image.repo);
    case FactId::Tag: return read_string(v, image.tag);
    case FactId::Digest: return read_string(v, image.digest);
    case FactId::MediaType: return read_string(v, image.media_type);
    case FactId::Created: return read_time(v, image.created);
    case FactId::Pushed: return read_time(v, image.pushed);
    case FactId::Size: return read_count(v, image.size);
    case FactId::Platforms: return read_strings(v, image.platforms);
    case FactId::Labels: return read_labels(v, image);
    case FactId::Signed: return !v.get_bool().get(image.is_signed);
    case FactId::Scanned: return !v.get_bool().get(image.scanned);
    case FactId::Vulns: return read_vulns(v, image.vulns);
    case FactId::Components: return read_components(v, image.components);
    case FactId::Licenses: return read_strings(v, image.licenses);
    case FactId::Age: return false;  // a warning: the precise reader says it
  }
  return false;
}

}  // namespace

struct JsonLinesReader::Impl {
  od::parser parser;
  std::string buffer;

  // Reads `record` into `image` (its previous content reused); false when the precise
  // reader has to look at it.
  bool fast(std::string_view record, ImageFacts& image) {
    buffer.assign(record);
    buffer.append(simdjson::SIMDJSON_PADDING, ' ');
    od::document doc;
    if (parser.iterate(buffer.data(), record.size(), buffer.size()).get(doc)) return false;
    od::object object;
    if (doc.get_object().get(object)) return false;
    reset(image);
    for (auto field : object) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return false;
      const auto id = find_fact(key);
      if (!id) return false;
      od::value value;
      if (field.value().get(value)) return false;
      bool is_null = false;
      if (value.is_null().get(is_null) || is_null) return false;
      if (image.has(*id) || !read_fact(*id, value, image)) return false;
      image.set_known(*id);
    }
    // Anything after the object (a second object on the line, say): the precise reader.
    const char* rest = nullptr;
    if (!doc.current_location().get(rest)) return false;
    // Lists the record does not have must not keep the previous record's elements.
    if (!image.has(FactId::Platforms)) image.platforms.clear();
    if (!image.has(FactId::Components)) image.components.clear();
    if (!image.has(FactId::Licenses)) image.licenses.clear();
    // A null value never gets here (the precise reader takes it), so an absent fact
    // means an absent key.
    apply_fact_defaults(image, image.has(FactId::Labels));
    return true;
  }

  // Empties `image` for the next record, keeping the capacity of its strings; its lists
  // are refilled in place by the readers, or cleared when the record has none.
  static void reset(ImageFacts& image) {
    image.known = 0;
    for (std::string* s : {&image.registry, &image.repo, &image.tag, &image.digest, &image.media_type}) s->clear();
    image.created = image.pushed = image.size = 0;
    image.is_signed = image.scanned = false;
    image.vulns = {};
  }
};

JsonLinesReader::JsonLinesReader() : impl_(std::make_unique<Impl>()) {}
JsonLinesReader::~JsonLinesReader() = default;

LoadedImage JsonLinesReader::read(std::string_view record) {
  ImageFacts image;
  if (impl_->fast(record, image)) return LoadedImage{std::move(image), {}};
  return load_image_json(record);
}

bool JsonLinesReader::read_into(std::string_view record, ImageFacts& image, std::vector<FactsIssue>& issues) {
  issues.clear();
  if (impl_->fast(record, image)) return true;
  LoadedImage loaded = load_image_json(record);
  issues = std::move(loaded.issues);
  if (!loaded.image) return false;
  image = std::move(*loaded.image);
  return true;
}

}  // namespace ferry
