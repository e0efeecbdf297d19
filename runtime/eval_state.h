// The per-image working state of an evaluation: the time, scratch strings and the
// run-time errors found so far. Reused from image to image, so a steady stream of
// images allocates nothing new once the buffers have grown.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <deque>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/value.h"

namespace ferry {

class ImageFacts;

struct EvalError {
  std::string message;
  uint32_t offset;  // source offset of the instruction that failed
};

class EvalState {
 public:
  int64_t now = 0;
  const ImageFacts* image = nullptr;  // the image being evaluated
  uint32_t offset = 0;                // source offset of the instruction being executed

  // A string that stays valid until reset(); its capacity is kept across images.
  std::string& scratch() {
    if (used_ == scratch_.size()) scratch_.emplace_back();
    std::string& s = scratch_[used_++];
    s.clear();
    return s;
  }

  // A list that stays valid until reset(), for list expressions that are not constant.
  std::vector<Value>& scratch_list() {
    if (lists_used_ == lists_.size()) lists_.emplace_back();
    std::vector<Value>& l = lists_[lists_used_++];
    l.clear();
    return l;
  }

  // Records a run-time error at the current instruction; returns the value standing for it.
  template <class... Args>
  Value fail(fmt::format_string<Args...> format, Args&&... args) {
    if (errors_used_ == errors_.size()) errors_.emplace_back();
    EvalError& e = errors_[errors_used_++];
    e.message.clear();
    fmt::format_to(std::back_inserter(e.message), format, std::forward<Args>(args)...);
    e.offset = offset;
    return Value::error(static_cast<int64_t>(errors_used_ - 1));
  }

  const EvalError& error(int64_t index) const { return errors_[static_cast<size_t>(index)]; }

  void reset() {
    used_ = 0;
    lists_used_ = 0;
    errors_used_ = 0;
  }

 private:
  // Deques: growing them never moves what earlier string_views point into.
  std::deque<std::string> scratch_;
  size_t used_ = 0;
  std::deque<std::vector<Value>> lists_;
  size_t lists_used_ = 0;
  std::deque<EvalError> errors_;
  size_t errors_used_ = 0;
};

}  // namespace ferry
