// A compiled policy: bytecode, its span table, constants, compiled patterns, and the
// rules with their actions. The compiler (compiler/emitter.cpp) builds it; the VM runs it.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "runtime/facts.h"
#include "runtime/template.h"
#include "runtime/value.h"

namespace ferry {

enum class Op : uint8_t {
#define OPCODE(NAME, OPERAND, EFFECT) NAME,
#include "runtime/opcodes.def"
#undef OPCODE
};

enum class OperandKind : uint8_t {
  None, Constant, RightConstant, Fact, Depth, Field, Regex, Glob, Builtin, Count, Target, Quantifier, QuantCompare, FactCompare
};

struct OpInfo {
  const char* name;
  OperandKind operand;
  int stack_effect;
};
inline const OpInfo& op_info(Op op) {
  static constexpr OpInfo kTable[] = {
#define OPCODE(NAME, OPERAND, EFFECT) {#NAME, OperandKind::OPERAND, EFFECT},
#include "runtime/opcodes.def"
#undef OPCODE
  };
  return kTable[static_cast<size_t>(op)];
}

struct Instr {
  Op op;
  int32_t arg = 0;
};

// A byte range of the policy source, with what is needed to print it as FILE:LINE:COL.
struct SourceMap {
  std::string file;
  std::string text;
  std::vector<uint32_t> line_starts;

  std::string location(uint32_t offset) const;  // "FILE:LINE:COL"
};

class EvalState;

// A builtin's implementation: its arguments in order; returns its value, or
// state.fail(...) for a run-time error.
using BuiltinFn = Value (*)(std::span<const Value> args, EvalState& state);

struct BuiltinEntry {
  std::string name;
  int arity;
  BuiltinFn fn;
};

struct CompiledAction {
  bool push = false;
  uint32_t span_begin = 0;                 // where the action is written
  std::string location;                  // the same as FILE:LINE:COL, computed once
  std::vector<TemplatePart> destination;  // push
  bool destination_has_host = false;     // else it is on the source registry
  std::string literal_destination;       // the whole destination when it has no placeholder
  bool has_tag = false;                  // `as "..."`; otherwise the source tag is kept
  std::vector<TemplatePart> tag;
  std::string reason;                    // block
};

// One expression of a rule's condition, for `--explain`: its source range, the
// instruction at which its value is on top of the stack, and its sub-expressions.
struct ExplainNode {
  uint32_t begin;
  uint32_t end;
  uint32_t value_pc;  // the value is the top of the stack just before this instruction
  bool literal;       // a constant: not worth a line of its own
  std::vector<uint32_t> children;  // indices into Program::explain
  std::string text;   // shown instead of the source from begin to end, when not empty
};

struct CompiledRule {
  std::string name;  // empty when unnamed
  uint32_t span_begin;
  std::string location;  // FILE:LINE:COL of the rule, computed once
  uint32_t entry;     // first instruction of the condition
  int32_t scope;      // index into Program::scopes, -1 for every repository
  bool blocks;        // has a `block` action: an error in its condition blocks
  std::vector<CompiledAction> actions;
  uint32_t explain_root;  // index into Program::explain
};

// A quantifier whose body compares the element (or one field of it) with a constant:
// `any c in components: c.name startswith "openssl"`, and every DTR shorthand.
struct QuantCompare {
  bool all;          // all, else any
  int32_t field;     // record field of the element, or -1 for the element itself
  Op op;             // a comparison, In or NotIn
  int32_t constant;  // index of the right operand in Program::constants
  FactId fact;           // the list
  uint32_t fact_offset;  // source offset of the list fact, for its "unknown" error
};

// `fact[.field | ["key"]] OP constant`, the most common shape of a condition, in one
// instruction: no value is pushed for the fact itself.
struct FactCompare {
  FactId fact;
  int32_t field;     // record field, or -1
  int32_t key;       // label key as an index in Program::constants, or -1
  Op op;             // a comparison, In or NotIn
  int32_t constant;  // index of the right operand in Program::constants
  uint32_t fact_offset;  // source offsets of the fact and of the key, for their errors
  uint32_t key_offset;
};

struct Glob {
  std::string pattern;
};

struct Program {
  std::vector<Instr> code;
  std::vector<uint32_t> spans;  // parallel to code: the source offset of each instruction
  std::vector<Value> constants;
  std::deque<std::string> strings;        // storage of string constants (stable addresses)
  std::deque<std::vector<Value>> lists;  // storage of constant lists
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<Glob> globs;
  std::vector<QuantCompare> quant_compares;
  std::vector<FactCompare> fact_compares;
  std::vector<BuiltinEntry> builtins;
  std::vector<std::vector<std::string>> scopes;
  std::vector<CompiledRule> rules;
  std::vector<ExplainNode> explain;
  size_t max_stack = 1;  // the deepest the value stack gets in any condition
  SourceMap source;
};

// A readable listing of the program, one instruction a line, with source positions.
std::string disassemble(const Program& program);

}  // namespace ferry
