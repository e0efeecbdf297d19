// The virtual machine: runs compiled policies over one image's facts and returns the
// decision. Pure (no I/O), bounded (an instruction budget backs up the guarantee that
// every program terminates), and reusable: one Vm evaluates a stream of images.
#pragma once

#include <optional>
#include <vector>

#include "runtime/decision.h"
#include "runtime/eval_state.h"
#include "runtime/image.h"
#include "runtime/program.h"

namespace ferry {

// Whether any pattern of scope number `scope` matches the image's repository.
bool scope_matches(const Program& program, int32_t scope, const ImageFacts& image);

// Whether a rule applies to an image: no scope, or a scope pattern matching its repository.
bool rule_in_scope(const Program& program, const CompiledRule& rule, const ImageFacts& image);

class Vm {
 public:
  // No condition may run more instructions than this; a policy that would is an error.
  static constexpr size_t kInstructionBudget = 10'000'000;

  // Evaluates every program's rules whose scope matches the image's repository into
  // `out` (section 5). `now` is Unix seconds. `out` refers to the programs, the image and
  // this Vm's messages (see decision.h): it is valid until this Vm evaluates again.
  void evaluate(const std::vector<const Program*>& programs, const ImageFacts& image, int64_t now, Decision& out);

  // The value of one rule's condition (true, false or an error), for tests and --explain.
  Value condition(const Program& program, size_t rule, const ImageFacts& image, int64_t now);
  const EvalState& state() const { return state_; }

  // Runs one rule's condition recording, for each instruction, the top of the stack just
  // before it last ran (nullopt: never reached): what `--explain` shows.
  std::vector<std::optional<Value>> trace(const Program& program, size_t rule, const ImageFacts& image, int64_t now);

 private:
  struct Loop {
    const Value* items;
    int64_t size;
    int64_t index;
    Value current;
    uint32_t head;  // the loop's IterNext, where AnyStep/AllStep go back to
  };

  void bind(const ImageFacts& image, int64_t now);
  Value run(const Program& program, uint32_t pc);
  template <bool kTrace>
  Value run_loop(const Program& program, uint32_t pc);
  Value fact(FactId id);
  Value unknown_fact(FactId id);
  Value label_value(const Value& map, std::string_view key);
  size_t list_size(FactId id) const;
  bool quantify_fact(const QuantCompare& q, const Value& rhs);
  Value list_fact(FactId id);
  bool source_tag_valid();  // the image's tag can be pushed as it is; checked once per image
  void evaluate_rule(const Program& program, const CompiledRule& rule, Decision& out);

  EvalState state_;
  const ImageFacts* image_ = nullptr;
  std::vector<Value> stack_;
  std::vector<Loop> loops_;
  std::vector<Value> platforms_;
  std::vector<Value> licenses_;
  std::vector<Value> components_;
  enum class TagCheck : uint8_t { NotYet, Valid, Invalid } tag_checked_ = TagCheck::NotYet;
  uint32_t lists_bound_ = 0;  // the list facts made into values for the current image
  std::vector<uint8_t> scopes_;  // per scope of the program being run: matches the image
  std::vector<std::optional<Value>>* trace_ = nullptr;
};

}  // namespace ferry
