// What evaluating the policies for one image decided (LANGUAGE.md sections 5 and 7).
//
// A decision refers to text it does not own: the programs' rule names and locations,
// the image's facts, and the messages of the Vm that made it. It stays valid until that
// Vm evaluates again, and the programs and the image must outlive it. This keeps a
// stream of evaluations free of allocation.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

struct SourceMap;

struct PushAction {
  std::string_view destination;  // registry/repository
  std::string_view tag;
  std::string_view rule;         // the rule's name, or empty
  std::string_view location;     // FILE:LINE:COL of the action
};

struct BlockEntry {
  std::string_view rule;
  std::string_view reason;
  std::string_view location;
};

struct RuleError {
  std::string_view rule;
  std::string_view message;
  const SourceMap* source;
  uint32_t offset;  // where in the rule the error arose

  std::string location() const;  // FILE:LINE:COL
};

class Decision {
 public:
  enum class Kind { None, Push, Blocked };

  std::vector<PushAction> pushes;  // merged: one per (destination, tag); empty when blocked
  std::vector<BlockEntry> blocks;
  std::vector<RuleError> errors;

  Kind kind() const { return !blocks.empty() ? Kind::Blocked : pushes.empty() ? Kind::None : Kind::Push; }
  void clear() {
    pushes.clear();
    blocks.clear();
    errors.clear();
    used_ = 0;
  }

  // A string that lives as long as the decision's content, its capacity reused.
  std::string& buffer() {
    if (used_ == buffers_.size()) buffers_.emplace_back();
    std::string& s = buffers_[used_++];
    s.clear();
    return s;
  }

 private:
  std::deque<std::string> buffers_;  // a deque: growing it moves no string
  size_t used_ = 0;
};

const char* kind_name(Decision::Kind kind);  // "push", "none", "blocked"

}  // namespace ferry
