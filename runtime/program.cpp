#include "runtime/program.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/decision.h"
#include "runtime/facts.h"

namespace ferry {

std::string SourceMap::location(uint32_t offset) const {
  offset = std::min(offset, static_cast<uint32_t>(text.size()));
  const auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  const auto line = static_cast<uint32_t>(it - line_starts.begin());
  uint32_t column = 1;
  for (uint32_t i = line == 0 ? 0 : line_starts[line - 1]; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return fmt::format("{}:{}:{}", file, std::max<uint32_t>(line, 1), column);
}

std::string RuleError::location() const { return source->location(offset); }

const char* kind_name(Decision::Kind kind) {
  switch (kind) {
    case Decision::Kind::None: return "none";
    case Decision::Kind::Push: return "push";
    case Decision::Kind::Blocked: return "blocked";
  }
  return "none";
}

namespace {

std::string describe_constant(const Value& v) {
  switch (v.kind) {
    case ValueKind::Bool: return v.b ? "true" : "false";
    case ValueKind::Int: return std::to_string(v.i);
    case ValueKind::Duration: return std::to_string(v.i) + "s";
    case ValueKind::String: return fmt::format("\"{}\"", v.s);
    case ValueKind::List: {
      std::string out = "[";
      for (int64_t k = 0; k < v.i; ++k) out += (k ? ", " : "") + describe_constant(v.items()[k]);
      return out + "]";
    }
    default: return "?";
  }
}

}  // namespace

std::string disassemble(const Program& program) {
  std::string out;
  for (size_t r = 0; r < program.rules.size(); ++r) {
    const auto& rule = program.rules[r];
    out += fmt::format("rule {}{} at {}{}\n", r, rule.name.empty() ? "" : fmt::format(" \"{}\"", rule.name),
                       program.source.location(rule.span_begin),
                       rule.scope >= 0 ? fmt::format(" (scope {})", rule.scope) : "");
    const size_t end = r + 1 < program.rules.size() ? program.rules[r + 1].entry : program.code.size();
    for (size_t pc = rule.entry; pc < end; ++pc) {
      const Instr in = program.code[pc];
      const OpInfo& info = op_info(in.op);
      std::string operand;
      switch (info.operand) {
        case OperandKind::None: break;
        case OperandKind::Constant: operand = describe_constant(program.constants[in.arg]); break;
        case OperandKind::RightConstant:
          if (in.arg > 0) operand = describe_constant(program.constants[in.arg - 1]);
          break;
        case OperandKind::Fact: operand = std::string(fact_info(static_cast<FactId>(in.arg)).name); break;
        case OperandKind::Regex: operand = fmt::format("/{}/", program.regexes[in.arg]->pattern()); break;
        case OperandKind::Glob: operand = fmt::format("\"{}\"", program.globs[in.arg].pattern); break;
        case OperandKind::Builtin: operand = program.builtins[in.arg].name; break;
        case OperandKind::Quantifier: operand = in.arg == 1 ? "all" : "any"; break;
        case OperandKind::QuantCompare: {
          const QuantCompare& q = program.quant_compares[in.arg];
          operand = fmt::format("{} x in {}: x{} {} {}", q.all ? "all" : "any", fact_info(q.fact).name,
                                q.field < 0 ? "" : fmt::format(".{}", q.field), op_info(q.op).name,
                                describe_constant(program.constants[q.constant]));
          break;
        }
        case OperandKind::FactCompare: {
          const FactCompare& f = program.fact_compares[in.arg];
          operand = fmt::format("{}{}{} {} {}", fact_info(f.fact).name, f.field < 0 ? "" : fmt::format(".{}", f.field),
                                f.key < 0 ? "" : fmt::format("[{}]", describe_constant(program.constants[f.key])),
                                op_info(f.op).name, describe_constant(program.constants[f.constant]));
          break;
        }
        case OperandKind::Target: operand = fmt::format("-> {}", in.arg); break;
        default: operand = std::to_string(in.arg); break;
      }
      out += fmt::format("  {:4}  {:<12}{:<28}; {}\n", pc, info.name, operand, program.source.location(program.spans[pc]));
    }
  }
  return out;
}

}  // namespace ferry
