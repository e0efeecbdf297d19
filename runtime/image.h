// The facts of one image (LANGUAGE.md section 4) as the VM reads them, and the JSON
// form `ferry eval` and `ferry test` take (section 7).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/facts.h"

namespace ferry {

// A component's fields, viewing text held elsewhere (the image's, or a reader's).
struct Component {
  std::string_view name;
  std::string_view version;
  std::string_view license;
  std::string_view type;
  bool operator==(const Component&) const = default;

  // A field by its name in JSON, or nullptr; by its index in RECORD_FIELD(Component, ...) order.
  std::string_view* field(std::string_view key);
  std::string_view field(int32_t index) const {
    switch (index) {
      case 0: return name;
      case 1: return version;
      case 2: return license;
      default: return type;
    }
  }
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

// A string of an image: a range of its text.
struct TextRef {
  uint32_t offset = 0;
  uint32_t size = 0;
};

using Label = std::pair<std::string_view, std::string_view>;

// The elements of a list fact, made on access from the image's text: strings (one ref
// each), labels (two: key, value) or components (four, in field order).
template <class T, size_t kStride>
class FactList {
 public:
  FactList(const char* text, const TextRef* refs, size_t count) : text_(text), refs_(refs), count_(count) {}
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Part `part` of element `i`: a component's field, a label's key (0) or value (1).
  std::string_view text(size_t i, size_t part = 0) const {
    const TextRef r = refs_[i * kStride + part];
    return {text_ + r.offset, r.size};
  }
  T operator[](size_t i) const {
    if constexpr (kStride == 1) return text(i);
    else if constexpr (kStride == 2) return Label{text(i, 0), text(i, 1)};
    else return Component{text(i, 0), text(i, 1), text(i, 2), text(i, 3)};
  }

  class iterator {
   public:
    iterator(const FactList* list, size_t i) : list_(list), i_(i) {}
    T operator*() const { return (*list_)[i_]; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    const FactList* list_;
    size_t i_;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, count_}; }

 private:
  const char* text_;
  const TextRef* refs_;
  size_t count_;
};
using TextList = FactList<std::string_view, 1>;
using LabelList = FactList<Label, 2>;
using ComponentList = FactList<Component, 4>;

// The facts of one image. Every string, list element and label lives in one text buffer
// and one table of ranges into it, so an image is three blocks of memory however many
// components it has: the VM reads images at the speed of memory, and a reader refilling
// one image for a stream of records allocates nothing once the buffers have grown.
class ImageFacts {
 public:
  // The facts nearly every rule reads, first.
  uint32_t known = 0;  // one bit per FactId: the fact is known for this image
  bool is_signed = false;
  bool scanned = false;
  int64_t created = 0;  // Unix seconds, UTC
  int64_t pushed = 0;
  int64_t size = 0;
  VulnCounts vulns;

  bool has(FactId id) const { return known & (1u << static_cast<unsigned>(id)); }
  void set_known(FactId id) { known |= 1u << static_cast<unsigned>(id); }

  // The string facts: registry, repo, tag, digest, media_type.
  std::string_view string_fact(FactId id) const { return text(strings_[static_cast<size_t>(id)]); }
  std::string_view registry() const { return string_fact(FactId::Registry); }
  std::string_view repo() const { return string_fact(FactId::Repo); }
  std::string_view tag() const { return string_fact(FactId::Tag); }
  std::string_view digest() const { return string_fact(FactId::Digest); }
  std::string_view media_type() const { return string_fact(FactId::MediaType); }

  TextList platforms() const { return list<TextList>(kPlatforms); }
  TextList licenses() const { return list<TextList>(kLicenses); }
  LabelList labels() const { return list<LabelList>(kLabels); }  // sorted by key, keys unique
  ComponentList components() const { return list<ComponentList>(kComponents); }
  std::optional<std::string_view> label(std::string_view key) const;

  // Building. set_string takes one of the string facts; start_list and add_string one of
  // platforms and licenses (start_list also labels and components). A list's elements
  // are added one after another after its start_list.
  void clear();  // no facts; the buffers keep their capacity
  void set_string(FactId id, std::string_view value);
  void start_list(FactId list);
  void add_string(FactId list, std::string_view value);
  void add_label(std::string_view key, std::string_view value);
  void add_component(const Component& c);
  bool sort_labels();  // after the labels are added; false when a key repeats

  // The same facts (whatever the layout of the buffers).
  bool operator==(const ImageFacts& other) const;

 private:
  enum ListIndex : uint8_t { kPlatforms, kLicenses, kLabels, kComponents };
  struct Range {
    uint32_t begin = 0;
    uint32_t end = 0;
  };
  static constexpr size_t kStringFacts = 5;

  std::string_view text(TextRef r) const { return {text_.data() + r.offset, r.size}; }
  template <class List>
  List list(ListIndex l) const {
    constexpr size_t stride = std::is_same_v<List, TextList> ? 1 : std::is_same_v<List, LabelList> ? 2 : 4;
    return List(text_.data(), refs_.data() + lists_[l].begin, (lists_[l].end - lists_[l].begin) / stride);
  }
  static ListIndex list_index(FactId list);
  TextRef append(std::string_view s);
  void add_ref(ListIndex l, TextRef r);

  TextRef strings_[kStringFacts];
  Range lists_[4];
  std::string text_;
  std::vector<TextRef> refs_;
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
