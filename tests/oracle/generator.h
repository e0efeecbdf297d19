// Random well-typed policies and random images, for differential testing of the VM
// against the reference interpreter. Driven by a seed or by fuzzer bytes.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace ferry::oracle {

// Where the generator's choices come from: fuzzer bytes (then zeros when they run out)
// or a seeded PRNG.
class Choices {
 public:
  explicit Choices(uint64_t seed) : rng_(seed), use_rng_(true) {}
  Choices(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint32_t pick(uint32_t n) {
    if (n <= 1) return 0;
    if (use_rng_) return static_cast<uint32_t>(rng_() % n);
    return pos_ < size_ ? data_[pos_++] % n : 0;
  }

 private:
  std::mt19937_64 rng_;
  bool use_rng_ = false;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
};

struct Case {
  std::string policy;  // a few rules, each well typed
  std::string image;   // facts as JSON, some absent
};

Case generate(Choices& choices);

}  // namespace ferry::oracle
