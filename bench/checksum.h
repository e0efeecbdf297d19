// The decision checksum every benchmark peer computes the same way, so their results
// can be checked equal: FNV-1a 64 over one line per image,
// `push:R01,R05` / `blocked:D01,D02` / `none:` (rule names sorted).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/decision.h"

namespace ferry::bench {

class Checksum {
 public:
  void add(const Decision& d) {
    rules_.clear();
    if (d.kind() == Decision::Kind::Blocked) {
      for (const auto& b : d.blocks) rules_.push_back(b.rule);
    } else {
      for (const auto& p : d.pushes) rules_.push_back(p.rule);
    }
    std::sort(rules_.begin(), rules_.end());
    rules_.erase(std::unique(rules_.begin(), rules_.end()), rules_.end());
    feed(kind_name(d.kind()));
    feed(":");
    for (size_t i = 0; i < rules_.size(); ++i) {
      if (i) feed(",");
      feed(rules_[i]);
    }
    feed("\n");
  }

  std::string hex() const {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash_));
    return buffer;
  }

 private:
  void feed(std::string_view s) {
    for (const char c : s) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 1099511628211ULL;
    }
  }

  uint64_t hash_ = 14695981039346656037ULL;
  std::vector<std::string_view> rules_;
};

}  // namespace ferry::bench
