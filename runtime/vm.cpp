#include "runtime/vm.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "runtime/glob.h"
#include "runtime/render.h"
#include "runtime/semver.h"

namespace ferry {
namespace {

// String tests that look at one byte before calling memcmp: most comparisons in a policy
// fail on their first or last byte (a component name against "openssl").
bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), a.size()) == 0));
}
bool starts_with(std::string_view a, std::string_view b) {
  return a.size() >= b.size() && (b.empty() || (a[0] == b[0] && std::memcmp(a.data(), b.data(), b.size()) == 0));
}
bool ends_with(std::string_view a, std::string_view b) {
  return a.size() >= b.size() &&
         (b.empty() || (a.back() == b.back() && std::memcmp(a.data() + a.size() - b.size(), b.data(), b.size()) == 0));
}

bool equal(const Value& a, const Value& b) {
  switch (a.kind) {
    case ValueKind::Bool: return a.b == b.b;
    case ValueKind::Int:
    case ValueKind::Duration:
    case ValueKind::Time: return a.i == b.i;
    case ValueKind::String: return same_text(a.s, b.s);
    case ValueKind::Semver: return compare_semver_text(a.s, b.s) == 0;
    case ValueKind::List:
      if (a.i != b.i) return false;
      for (int64_t k = 0; k < a.i; ++k) {
        if (!equal(a.items()[k], b.items()[k])) return false;
      }
      return true;
    default: return false;
  }
}

std::strong_ordering order(const Value& a, const Value& b) {
  switch (a.kind) {
    case ValueKind::String: return a.s.compare(b.s) <=> 0;
    case ValueKind::Semver: return compare_semver_text(a.s, b.s);
    default: return a.i <=> b.i;
  }
}

bool list_contains(const Value& list, const Value& x) {
  for (int64_t k = 0; k < list.i; ++k) {
    if (equal(list.items()[k], x)) return true;
  }
  return false;
}

// Field number `index` of a `vulns` or component record. A component is the image (p)
// and the component's index (i).
Value field_of(const Value& record, int32_t index) {
  if (record.kind == ValueKind::Vulns) {
    return Value::integer(ValueKind::Int, static_cast<const VulnCounts*>(record.p)->field(index));
  }
  const ComponentList components = static_cast<const ImageFacts*>(record.p)->components();
  return Value::string(components.text(static_cast<size_t>(record.i), static_cast<size_t>(index)));
}

// A comparison, `In` or `NotIn` of two values that are not errors.
bool compare(Op op, const Value& a, const Value& b) {
  switch (op) {
    case Op::Eq: return equal(a, b);
    case Op::Ne: return !equal(a, b);
    case Op::Lt: return order(a, b) < 0;
    case Op::Le: return order(a, b) <= 0;
    case Op::Gt: return order(a, b) > 0;
    case Op::Ge: return order(a, b) >= 0;
    case Op::StartsWith: return starts_with(a.s, b.s);
    case Op::EndsWith: return ends_with(a.s, b.s);
    case Op::Contains: return a.kind == ValueKind::List ? list_contains(a, b) : a.s.find(b.s) != std::string_view::npos;
    case Op::In:
    case Op::NotIn: {
      const bool in = b.kind == ValueKind::Map ? static_cast<const ImageFacts*>(b.p)->label(a.s).has_value()
                                               : list_contains(b, a);
      return op == Op::In ? in : !in;
    }
    default: return false;
  }
}

// The indices of a list of `size` elements.
struct Indices {
  size_t size;
};

// `any/all x in list: element(x) OP rhs`. The usual string tests get a loop of their own,
// without the dispatch of compare() per element.
template <class Element>
bool quantify(const QuantCompare& q, const Value& rhs, Indices list, Element element) {
  const auto loop = [&](auto test) {
    for (size_t i = 0; i < list.size; ++i) {
      if (test(element(i)) != q.all) return !q.all;
    }
    return q.all;
  };
  const bool strings = rhs.kind == ValueKind::String;
  switch (q.op) {
    case Op::StartsWith: return loop([&](const Value& v) { return starts_with(v.s, rhs.s); });
    case Op::EndsWith: return loop([&](const Value& v) { return ends_with(v.s, rhs.s); });
    case Op::Eq:
      if (strings) return loop([&](const Value& v) { return same_text(v.s, rhs.s); });
      break;
    case Op::In:
    case Op::NotIn:
      if (rhs.kind == ValueKind::List && rhs.i > 0 && rhs.items()[0].kind == ValueKind::String) {
        const std::span<const Value> options(rhs.items(), static_cast<size_t>(rhs.i));
        const bool in = q.op == Op::In;
        return loop([&](const Value& v) {
          return std::any_of(options.begin(), options.end(), [&](const Value& o) { return same_text(v.s, o.s); }) == in;
        });
      }
      break;
    default: break;
  }
  return loop([&](const Value& v) { return compare(q.op, v, rhs); });
}

// `and` with errors absorbed by false, as CEL does: the result does not depend on the
// order of the operands.
Value combine_and(const Value& a, const Value& b) {
  if (a.is_false() || b.is_false()) return Value::boolean(false);
  if (a.is_error()) return a;
  if (b.is_error()) return b;
  return Value::boolean(true);
}

Value combine_or(const Value& a, const Value& b) {
  if (a.is_true() || b.is_true()) return Value::boolean(true);
  if (a.is_error()) return a;
  if (b.is_error()) return b;
  return Value::boolean(false);
}

}  // namespace

void Vm::bind(const ImageFacts& image, int64_t now) {
  image_ = &image;
  state_.reset();
  state_.now = now;
  state_.image = &image;
  lists_bound_ = 0;
  tag_checked_ = TagCheck::NotYet;
}

bool Vm::source_tag_valid() {
  if (tag_checked_ == TagCheck::NotYet) {
    tag_checked_ = image_->has(FactId::Tag) && is_valid_tag(image_->tag()) ? TagCheck::Valid : TagCheck::Invalid;
  }
  return tag_checked_ == TagCheck::Valid;
}

// The list facts as values, made the first time a rule reads them for this image.
Value Vm::list_fact(FactId id) {
  const unsigned bit = 1u << static_cast<unsigned>(id);
  std::vector<Value>& values = id == FactId::Platforms ? platforms_ : id == FactId::Licenses ? licenses_ : components_;
  if (!(lists_bound_ & bit)) {
    lists_bound_ |= bit;
    values.clear();
    if (id == FactId::Components) {
      const size_t n = image_->components().size();
      for (size_t i = 0; i < n; ++i) values.push_back(Value::pointer(ValueKind::Component, image_, static_cast<int64_t>(i)));
    } else {
      for (const std::string_view s : id == FactId::Platforms ? image_->platforms() : image_->licenses()) {
        values.push_back(Value::string(s));
      }
    }
  }
  return Value::list(values.data(), static_cast<int64_t>(values.size()));
}

Value Vm::unknown_fact(FactId id) {
  const FactInfo& info = fact_info(id);
  if (info.flags & kNeedsScan) {
    // Not scanned at all, or scanned by something that does not tell this (an SBOM has no
    // vulnerability counts): either way unknown, never empty.
    return image_->scanned ? state_.fail("`{}` is unknown: the image's scan data does not say", info.name)
                           : state_.fail("`{}` is unknown: not scanned", info.name);
  }
  return state_.fail("`{}` is unknown for this image", id == FactId::Age ? "created" : info.name);
}

Value Vm::label_value(const Value& map, std::string_view key) {
  const auto label = static_cast<const ImageFacts*>(map.p)->label(key);
  return label ? Value::string(*label) : state_.fail("the image has no label \"{}\"", key);
}

size_t Vm::list_size(FactId id) const {
  const ImageFacts& im = *image_;
  return id == FactId::Components ? im.components().size() : id == FactId::Platforms ? im.platforms().size()
                                                                                     : im.licenses().size();
}

bool Vm::quantify_fact(const QuantCompare& q, const Value& rhs) {
  const ImageFacts& im = *image_;
  if (q.fact == FactId::Components) {
    const ComponentList list = im.components();
    if (q.field < 0) {
      return quantify(q, rhs, Indices{list.size()}, [&](size_t i) { return Value::pointer(ValueKind::Component, &im, i); });
    }
    const auto field = static_cast<size_t>(q.field);
    return quantify(q, rhs, Indices{list.size()}, [&](size_t i) { return Value::string(list.text(i, field)); });
  }
  const TextList list = q.fact == FactId::Platforms ? im.platforms() : im.licenses();
  return quantify(q, rhs, Indices{list.size()}, [&](size_t i) { return Value::string(list.text(i)); });
}

Value Vm::fact(FactId id) {
  const ImageFacts& im = *image_;
  const bool derived_age = id == FactId::Age;
  if (!(derived_age ? im.has(FactId::Created) : im.has(id))) return unknown_fact(id);
  switch (id) {
    case FactId::Registry:
    case FactId::Repo:
    case FactId::Tag:
    case FactId::Digest:
    case FactId::MediaType: return Value::string(im.string_fact(id));
    case FactId::Created: return Value::integer(ValueKind::Time, im.created);
    case FactId::Pushed: return Value::integer(ValueKind::Time, im.pushed);
    case FactId::Age: return Value::integer(ValueKind::Duration, state_.now - im.created);
    case FactId::Size: return Value::integer(ValueKind::Int, im.size);
    case FactId::Platforms:
    case FactId::Components:
    case FactId::Licenses: return list_fact(id);
    case FactId::Labels: return Value::pointer(ValueKind::Map, &im);
    case FactId::Signed: return Value::boolean(im.is_signed);
    case FactId::Scanned: return Value::boolean(im.scanned);
    case FactId::Vulns: return Value::pointer(ValueKind::Vulns, &im.vulns);
  }
  return state_.fail("unknown fact");
}

Value Vm::run(const Program& program, uint32_t pc) {
  return trace_ ? run_loop<true>(program, pc) : run_loop<false>(program, pc);
}

template <bool kTrace>
Value Vm::run_loop(const Program& program, uint32_t pc) {
  // The stack is sized once per program (the emitter computed its deepest point), so
  // pushing never checks capacity.
  if (stack_.size() < program.max_stack) stack_.resize(program.max_stack);
  Value* const stack = stack_.data();
  size_t sp = 0;
  loops_.clear();
  const auto pop = [&]() -> Value { return stack[--sp]; };
  // Takes the right operand of a binary operator into `b`: a constant (arg > 0) or popped.
  // False when either operand is an error: the first error (left, else right) is then
  // left on the stack as the result.
  const auto operands = [&](Value& b, int32_t arg) {
    b = arg > 0 ? program.constants[arg - 1] : pop();
    Value& a = stack[sp - 1];
    if (a.is_error()) return false;
    if (b.is_error()) {
      a = b;
      return false;
    }
    return true;
  };
  // Code without loops runs each instruction at most once, so only loops spend the
  // budget: a pass through a loop's body costs its length, a fused quantifier its list.
  size_t budget = kInstructionBudget;
  const auto spend = [&](size_t cost) {
    if (cost < budget) {
      budget -= cost;
      return true;
    }
    state_.offset = program.spans[pc - 1];
    return false;
  };
  const auto over_budget = [&]() {
    return state_.fail("the condition ran past ferry's instruction budget of {} instructions", kInstructionBudget);
  };
  for (;;) {
    const Instr in = program.code[pc];
    if constexpr (kTrace) {
      if (sp > 0) (*trace_)[pc] = stack[sp - 1];
    }
    // The instructions that can fail set state_.offset, the source offset for the message.
    ++pc;
    switch (in.op) {
      case Op::Const:
        stack[sp++] = (program.constants[in.arg]);
        break;
      case Op::Fact:
        state_.offset = program.spans[pc - 1];
        stack[sp++] = (fact(static_cast<FactId>(in.arg)));
        break;
      case Op::FactCompare: {
        const FactCompare& f = program.fact_compares[in.arg];
        state_.offset = f.fact_offset;
        Value v = fact(f.fact);
        if (!v.is_error() && f.field >= 0) v = field_of(v, f.field);
        if (!v.is_error() && f.key >= 0) {
          state_.offset = f.key_offset;
          v = label_value(v, program.constants[f.key].s);
        }
        stack[sp++] = v.is_error() ? v : Value::boolean(compare(f.op, v, program.constants[f.constant]));
        break;
      }
      case Op::Local:
        stack[sp++] = (loops_[in.arg].current);
        break;
      case Op::Field: {
        Value& v = stack[sp - 1];
        if (!v.is_error()) v = field_of(v, in.arg);
        break;
      }
      case Op::Key: {
        Value& v = stack[sp - 1];
        state_.offset = program.spans[pc - 1];
        if (!v.is_error()) v = label_value(v, program.constants[in.arg].s);
        break;
      }
      case Op::Not: {
        Value& v = stack[sp - 1];
        if (!v.is_error()) v.b = !v.b;
        break;
      }
      case Op::Eq:
      case Op::Ne:
      case Op::Lt:
      case Op::Le:
      case Op::Gt:
      case Op::Ge:
      case Op::StartsWith:
      case Op::EndsWith:
      case Op::Contains:
      case Op::In:
      case Op::NotIn: {
        Value b;
        if (!operands(b, in.arg)) break;
        stack[sp - 1] = Value::boolean(compare(in.op, stack[sp - 1], b));
        break;
      }
      case Op::Matches: {
        Value& v = stack[sp - 1];
        if (!v.is_error()) v = Value::boolean(RE2::FullMatch(re2::StringPiece(v.s.data(), v.s.size()), *program.regexes[in.arg]));
        break;
      }
      case Op::Like: {
        Value& v = stack[sp - 1];
        if (!v.is_error()) v = Value::boolean(like_match(program.globs[in.arg].pattern, v.s));
        break;
      }
      case Op::Add:
      case Op::Sub: {
        Value b;
        state_.offset = program.spans[pc - 1];
        if (!operands(b, in.arg)) break;
        Value& a = stack[sp - 1];
        int64_t r = 0;
        const bool overflow = in.op == Op::Add ? __builtin_add_overflow(a.i, b.i, &r) : __builtin_sub_overflow(a.i, b.i, &r);
        if (overflow) {
          a = state_.fail("arithmetic overflows a 64-bit integer");
          break;
        }
        const ValueKind kind = a.kind == ValueKind::Time && b.kind == ValueKind::Time ? ValueKind::Duration : a.kind;
        a = Value::integer(kind, r);
        break;
      }
      case Op::Call: {
        const BuiltinEntry& builtin = program.builtins[in.arg];
        state_.offset = program.spans[pc - 1];
        const size_t base = sp - static_cast<size_t>(builtin.arity);
        const std::span<const Value> args(stack + base, static_cast<size_t>(builtin.arity));
        const auto error = std::find_if(args.begin(), args.end(), [](const Value& v) { return v.is_error(); });
        const Value result = error != args.end() ? *error : builtin.fn(args, state_);
        sp = base;
        stack[sp++] = result;
        break;
      }
      case Op::MakeList: {
        std::vector<Value>& items = state_.scratch_list();
        const size_t base = sp - static_cast<size_t>(in.arg);
        const auto error = std::find_if(stack + base, stack + sp, [](const Value& v) { return v.is_error(); });
        const Value first_error = error != stack + sp ? *error : Value::boolean(false);
        items.assign(stack + base, stack + sp);
        sp = base;
        stack[sp++] = first_error.is_error() ? first_error : Value::list(items.data(), in.arg);
        break;
      }
      case Op::JumpIfFalse:
        if (stack[sp - 1].is_false()) pc = static_cast<uint32_t>(in.arg);
        break;
      case Op::JumpIfTrue:
        if (stack[sp - 1].is_true()) pc = static_cast<uint32_t>(in.arg);
        break;
      case Op::And: {
        const Value b = pop();
        stack[sp - 1] = combine_and(stack[sp - 1], b);
        break;
      }
      case Op::Or: {
        const Value b = pop();
        stack[sp - 1] = combine_or(stack[sp - 1], b);
        break;
      }
      case Op::IterBegin: {
        const Value list = pop();
        if (list.is_error()) {
          loops_.push_back({nullptr, 0, 0, {}, pc});
          stack[sp++] = (list);
        } else {
          loops_.push_back({list.items(), list.i, 0, {}, pc});
          stack[sp++] = (Value::boolean(in.arg == 1));  // any: false, all: true
        }
        break;
      }
      case Op::IterNext: {
        Loop& loop = loops_.back();
        if (loop.index < loop.size) {
          loop.current = loop.items[loop.index++];
        } else {
          pc = static_cast<uint32_t>(in.arg);
        }
        break;
      }
      case Op::AnyStep:
      case Op::AllStep: {
        const Value body = pop();
        const bool any = in.op == Op::AnyStep;
        Value& acc = stack[sp - 1];
        acc = any ? combine_or(acc, body) : combine_and(acc, body);
        if (any ? acc.is_true() : acc.is_false()) {
          pc = static_cast<uint32_t>(in.arg);
          break;
        }
        if (!spend(pc - loops_.back().head)) return over_budget();
        pc = loops_.back().head;
        break;
      }
      case Op::QuantCompare: {
        // `any x in FACT: x[.field] OP constant` in one instruction, reading the list from
        // the image: its elements and their fields are never errors, only the list can be.
        const QuantCompare& q = program.quant_compares[in.arg];
        if (!image_->has(q.fact)) {
          state_.offset = q.fact_offset;
          stack[sp++] = unknown_fact(q.fact);
          break;
        }
        if (!spend(list_size(q.fact))) return over_budget();
        stack[sp++] = Value::boolean(quantify_fact(q, program.constants[q.constant]));
        break;
      }
      case Op::IterEnd:
        loops_.pop_back();
        break;
      case Op::Return:
        return stack[sp - 1];
    }
  }
}

bool scope_matches(const Program& program, int32_t scope, const ImageFacts& image) {
  if (!image.has(FactId::Repo)) return false;
  const auto& patterns = program.scopes[scope];
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return repo_match(p, image.repo()); });
}

bool rule_in_scope(const Program& program, const CompiledRule& rule, const ImageFacts& image) {
  return rule.scope < 0 || scope_matches(program, rule.scope, image);
}

void Vm::evaluate_rule(const Program& program, const CompiledRule& rule, Decision& out) {
  const Value result = run(program, rule.entry);
  const auto fail = [&](std::string_view message, uint32_t offset) {
    out.errors.push_back({rule.name, message, &program.source, offset});
    if (rule.blocks) {
      // Fail closed: a block rule that cannot be evaluated blocks.
      std::string& reason = out.buffer();
      reason = "error: ";
      reason += message;
      out.blocks.push_back({rule.name, reason, rule.location});
    }
  };
  if (result.is_error()) {
    const EvalError& e = state_.error(result.i);
    fail(e.message, e.offset);
    return;
  }
  if (!result.b) return;
  const size_t first_push = out.pushes.size();
  for (const auto& action : rule.actions) {
    if (!action.push) {
      out.blocks.push_back({rule.name, action.reason, action.location});
      continue;
    }
    if (!action.literal_destination.empty() && !action.has_tag && source_tag_valid()) {
      // The common case needs no rendering: a fixed destination and the source tag.
      out.pushes.push_back({action.literal_destination, image_->tag(), rule.name, action.location});
      continue;
    }
    std::string& destination = out.buffer();
    std::string& tag = out.buffer();
    std::string& error = out.buffer();
    if (!render_push(action, *image_, state_.now, destination, tag, error)) {
      out.pushes.resize(first_push);  // a push rule in error pushes nothing
      fail(error, action.span_begin);
      return;
    }
    out.pushes.push_back({destination, tag, rule.name, action.location});
  }
}

void Vm::evaluate(const std::vector<const Program*>& programs, const ImageFacts& image, int64_t now, Decision& out) {
  out.clear();
  bind(image, now);
  for (const Program* program : programs) {
    // Each scope is matched once per image, however many rules it holds.
    scopes_.resize(program->scopes.size());
    for (size_t k = 0; k < scopes_.size(); ++k) scopes_[k] = scope_matches(*program, static_cast<int32_t>(k), image);
    for (const auto& rule : program->rules) {
      if (rule.scope < 0 || scopes_[rule.scope]) evaluate_rule(*program, rule, out);
    }
  }
  if (!out.blocks.empty()) {
    out.pushes.clear();
    return;
  }
  // Identical pushes (same destination and rendered tag) are one push, credited to the
  // first rule that asked for it.
  size_t kept = 0;
  for (size_t i = 0; i < out.pushes.size(); ++i) {
    const PushAction& p = out.pushes[i];
    const bool seen = std::any_of(out.pushes.begin(), out.pushes.begin() + static_cast<std::ptrdiff_t>(kept),
                                  [&](const PushAction& m) { return m.destination == p.destination && m.tag == p.tag; });
    if (!seen) out.pushes[kept++] = p;
  }
  out.pushes.resize(kept);
}

std::vector<std::optional<Value>> Vm::trace(const Program& program, size_t rule, const ImageFacts& image, int64_t now) {
  std::vector<std::optional<Value>> values(program.code.size() + 1);
  bind(image, now);
  trace_ = &values;
  run(program, program.rules[rule].entry);
  trace_ = nullptr;
  return values;
}

Value Vm::condition(const Program& program, size_t rule, const ImageFacts& image, int64_t now) {
  bind(image, now);
  return run(program, program.rules[rule].entry);
}

}  // namespace ferry
