// What evaluating the policies for one image decided (LANGUAGE.md sections 5 and 7).
#pragma once

#include <string>
#include <vector>

namespace ferry {

struct PushAction {
  std::string destination;  // registry/repository
  std::string tag;
  std::string rule;         // the rule's name, or empty
  std::string location;     // FILE:LINE:COL of the action
};

struct BlockEntry {
  std::string rule;
  std::string reason;
  std::string location;
};

struct RuleError {
  std::string rule;
  std::string message;
  std::string location;  // where in the rule the error arose
};

struct Decision {
  enum class Kind { None, Push, Blocked };
  std::vector<PushAction> pushes;  // merged: one per (destination, tag); empty when blocked
  std::vector<BlockEntry> blocks;
  std::vector<RuleError> errors;

  Kind kind() const { return !blocks.empty() ? Kind::Blocked : pushes.empty() ? Kind::None : Kind::Push; }
  void clear() {
    pushes.clear();
    blocks.clear();
    errors.clear();
  }
};

const char* kind_name(Decision::Kind kind);  // "push", "none", "blocked"

}  // namespace ferry
