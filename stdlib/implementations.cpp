// The implementations of the builtins of builtins.def, as the VM calls them.
#include <fmt/format.h>

#include "runtime/eval_state.h"
#include "runtime/image.h"
#include "runtime/semver.h"
#include "stdlib/builtins.h"

namespace ferry::builtins {

Value lower(std::span<const Value> args, EvalState& state) {
  std::string& out = state.scratch();
  out.assign(args[0].s);
  for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return Value::string(out);
}

Value upper(std::span<const Value> args, EvalState& state) {
  std::string& out = state.scratch();
  out.assign(args[0].s);
  for (auto& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return Value::string(out);
}

Value len(std::span<const Value> args, EvalState&) {
  const Value& v = args[0];
  if (v.kind == ValueKind::String) {
    int64_t n = 0;
    for (const char c : v.s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return Value::integer(ValueKind::Int, n);
  }
  if (v.kind == ValueKind::Map) return Value::integer(ValueKind::Int, static_cast<int64_t>(static_cast<const ImageFacts*>(v.p)->labels().size()));
  return Value::integer(ValueKind::Int, v.i);
}

Value semver(std::span<const Value> args, EvalState& state) {
  std::string why;
  if (!is_semver(args[0].s, &why)) return state.fail("\"{}\" is not a semantic version: {}", args[0].s, why);
  return Value::text(ValueKind::Semver, args[0].s);
}

Value now(std::span<const Value>, EvalState& state) { return Value::integer(ValueKind::Time, state.now); }

Value label(std::span<const Value> args, EvalState& state) {
  const auto value = state.image->label(args[0].s);
  return value ? Value::string(*value) : state.fail("the image has no label \"{}\"", args[0].s);
}

}  // namespace ferry::builtins
