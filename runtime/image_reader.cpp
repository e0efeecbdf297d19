#include "runtime/image_reader.h"

#include <simdjson.h>

#include <algorithm>

#include "runtime/timefmt.h"

namespace ferry {
namespace {

namespace od = simdjson::ondemand;

// Every reader below returns false for anything it does not take as it is; the caller
// then hands the whole record to load_image_json, which says precisely what is wrong.
bool read_string(od::value v, FactId id, ImageFacts& image) {
  std::string_view s;
  if (v.get_string().get(s)) return false;
  image.set_string(id, s);
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

bool read_strings(od::value v, FactId list, ImageFacts& image) {
  od::array array;
  if (v.get_array().get(array)) return false;
  image.start_list(list);
  for (auto element : array) {
    std::string_view s;
    if (element.get_string().get(s)) return false;
    image.add_string(list, s);
  }
  return true;
}

bool read_labels(od::value v, ImageFacts& image) {
  od::object object;
  if (v.get_object().get(object)) return false;
  image.start_list(FactId::Labels);
  for (auto field : object) {
    std::string_view key;
    std::string_view value;
    // unescaped_key's text lives in the parser until the document is done with, so it
    // survives reading the value.
    if (field.unescaped_key().get(key)) return false;
    if (field.value().get_string().get(value)) return false;
    image.add_label(key, value);
  }
  // Duplicate keys: leave them to the precise reader.
  return image.sort_labels();
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

bool read_components(od::value v, ImageFacts& image) {
  od::array array;
  if (v.get_array().get(array)) return false;
  image.start_list(FactId::Components);
  for (auto element : array) {
    od::object object;
    if (element.get_object().get(object)) return false;
    Component c;  // views into the parser's string buffer
    for (auto field : object) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return false;
      std::string_view* target = c.field(key);
      if (!target || field.value().get_string().get(*target)) return false;
    }
    image.add_component(c);
  }
  return true;
}

bool read_fact(FactId id, od::value v, ImageFacts& image) {
  switch (id) {
    case FactId::Registry:
    case FactId::Repo:
    case FactId::Tag:
    case FactId::Digest:
    case FactId::MediaType: return read_string(v, id, image);
    case FactId::Created: return read_time(v, image.created);
    case FactId::Pushed: return read_time(v, image.pushed);
    case FactId::Size: return read_count(v, image.size);
    case FactId::Platforms:
    case FactId::Licenses: return read_strings(v, id, image);
    case FactId::Labels: return read_labels(v, image);
    case FactId::Signed: return !v.get_bool().get(image.is_signed);
    case FactId::Scanned: return !v.get_bool().get(image.scanned);
    case FactId::Vulns: return read_vulns(v, image.vulns);
    case FactId::Components: return read_components(v, image);
    case FactId::Age: return false;  // a warning: the precise reader says it
  }
  return false;
}

}  // namespace

struct JsonLinesReader::Impl {
  od::parser parser;
  std::string buffer;
  ImageFacts scratch;  // what read() parses into

  // Reads `record` into `image` (its previous content reused); false when the precise
  // reader has to look at it.
  bool fast(std::string_view record, ImageFacts& image) {
    buffer.assign(record);
    buffer.append(simdjson::SIMDJSON_PADDING, ' ');
    od::document doc;
    if (parser.iterate(buffer.data(), record.size(), buffer.size()).get(doc)) return false;
    od::object object;
    if (doc.get_object().get(object)) return false;
    image.clear();
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
    // A null value never gets here (the precise reader takes it), so an absent fact
    // means an absent key.
    apply_fact_defaults(image, image.has(FactId::Labels));
    return true;
  }
};

JsonLinesReader::JsonLinesReader() : impl_(std::make_unique<Impl>()) {}
JsonLinesReader::~JsonLinesReader() = default;

LoadedImage JsonLinesReader::read(std::string_view record) {
  // Parsed into a long-lived image, then copied: the copy's buffers are allocated at their
  // exact sizes one after the other, so images read in a row sit in a row in memory and
  // the VM deciding them in order reads memory in order.
  if (impl_->fast(record, impl_->scratch)) return LoadedImage{impl_->scratch, {}};
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
