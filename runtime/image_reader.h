// Reading images fast, for JSON Lines streams: simdjson's On Demand parser on the hot
// path, and the precise reader of image.h for anything it does not take, so the
// results and the messages are those of load_image_json either way.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/image.h"

namespace ferry {

class JsonLinesReader {
 public:
  JsonLinesReader();
  ~JsonLinesReader();
  JsonLinesReader(const JsonLinesReader&) = delete;
  JsonLinesReader& operator=(const JsonLinesReader&) = delete;

  // One record: the same result as load_image_json(record).
  LoadedImage read(std::string_view record);

  // The same into `image`, reusing its strings and lists: a stream of records then
  // allocates almost nothing. Returns false, with `issues` saying why, when the record
  // is rejected; `issues` may hold warnings either way.
  bool read_into(std::string_view record, ImageFacts& image, std::vector<FactsIssue>& issues);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ferry
