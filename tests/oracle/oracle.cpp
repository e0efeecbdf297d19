#include "tests/oracle/oracle.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <memory>

#include "runtime/facts.h"
#include "runtime/glob.h"
#include "runtime/semver.h"
#include "stdlib/builtins.h"

namespace ferry::oracle {
namespace {

struct V {
  enum Kind { Err, Bool, Int, Str, Semver, List, Map, Comp, Vulns } k = Err;
  bool b = false;
  int64_t i = 0;
  std::string s;  // string, semver text, or the error message
  std::vector<V> list;
  Component comp;  // views into the image
};

V err(std::string message) { return {V::Err, false, 0, std::move(message), {}, {}}; }
V boolean(bool b) { return {V::Bool, b, 0, {}, {}, {}}; }
V integer(int64_t i) { return {V::Int, false, i, {}, {}, {}}; }
V str(std::string_view s) { return {V::Str, false, 0, std::string(s), {}, {}}; }

bool same(const V& a, const V& b) {
  if (a.k == V::Semver) return compare(*parse_semver(a.s), *parse_semver(b.s)) == 0;
  if (a.k == V::List) {
    if (a.list.size() != b.list.size()) return false;
    for (size_t k = 0; k < a.list.size(); ++k) {
      if (!same(a.list[k], b.list[k])) return false;
    }
    return true;
  }
  return a.b == b.b && a.i == b.i && a.s == b.s;
}

int order(const V& a, const V& b) {
  if (a.k == V::Semver) {
    const auto c = compare(*parse_semver(a.s), *parse_semver(b.s));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (a.k == V::Str) return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
}

class Interpreter {
 public:
  Interpreter(const CheckedPolicy& policy, const ImageFacts& image, int64_t now)
      : policy_(policy), ast_(policy.ast), image_(image), now_(now) {}

  V eval(ExprId id) {
    const ExprNode& node = ast_.expr(id).node;
    if (const auto* b = std::get_if<BoolLit>(&node)) return boolean(b->value);
    if (const auto* n = std::get_if<NumberLit>(&node)) return integer(n->value);
    if (const auto* s = std::get_if<StringLit>(&node)) return str(s->value);
    if (const auto* l = std::get_if<ListLit>(&node)) {
      V out{V::List};
      for (const ExprId item : l->items) {
        V v = eval(item);
        if (v.k == V::Err) return v;
        out.list.push_back(std::move(v));
      }
      return out;
    }
    if (const auto* p = std::get_if<Path>(&node)) return path(*p);
    if (const auto* c = std::get_if<Call>(&node)) return call(*c);
    if (const auto* n = std::get_if<Not>(&node)) {
      V v = eval(n->operand);
      return v.k == V::Err ? v : boolean(!v.b);
    }
    if (const auto* l = std::get_if<Logical>(&node)) {
      // Every operand is evaluated: a false (and) or true (or) anywhere decides, else
      // the leftmost error, else the other truth value.
      const bool is_and = l->op == LogicOp::And;
      std::optional<V> first_error;
      bool decided = false;
      for (const ExprId operand : l->operands) {
        V v = eval(operand);
        if (v.k == V::Err) {
          if (!first_error) first_error = v;
        } else if (v.b != is_and) {
          decided = true;
        }
      }
      if (decided) return boolean(!is_and);
      return first_error ? *first_error : boolean(is_and);
    }
    if (const auto* a = std::get_if<Arith>(&node)) {
      V acc = eval(a->operands[0]);
      for (size_t k = 0; k < a->ops.size(); ++k) {
        V rhs = eval(a->operands[k + 1]);
        if (acc.k == V::Err) continue;
        if (rhs.k == V::Err) {
          acc = rhs;
          continue;
        }
        int64_t r = 0;
        if (a->ops[k] == ArithOp::Add ? __builtin_add_overflow(acc.i, rhs.i, &r) : __builtin_sub_overflow(acc.i, rhs.i, &r)) {
          acc = err("arithmetic overflows a 64-bit integer");
          continue;
        }
        acc.i = r;
      }
      return acc;
    }
    if (const auto* c = std::get_if<Compare>(&node)) return compare_op(*c);
    if (const auto* q = std::get_if<Quantifier>(&node)) {
      V list = eval(q->collection);
      if (list.k == V::Err) return list;
      const bool is_all = q->kind == QuantKind::All;
      std::optional<V> first_error;
      for (const V& item : list.list) {
        locals_.push_back(item);
        V v = eval(q->body);
        locals_.pop_back();
        if (v.k == V::Err) {
          if (!first_error) first_error = v;
        } else if (v.b != is_all) {
          return boolean(!is_all);
        }
      }
      return first_error ? *first_error : boolean(is_all);
    }
    return err("?");
  }

 private:
  V unknown(FactId id) {
    const FactInfo& info = fact_info(id);
    if (info.flags & kNeedsScan) {
      return err(image_.scanned ? fmt::format("`{}` is unknown: the image's scan data does not say", info.name)
                                : fmt::format("`{}` is unknown: not scanned", info.name));
    }
    return err(fmt::format("`{}` is unknown for this image", id == FactId::Age ? "created" : info.name));
  }

  V fact(FactId id) {
    const ImageFacts& im = image_;
    if (!(id == FactId::Age ? im.has(FactId::Created) : im.has(id))) return unknown(id);
    const auto strings = [](const TextList& xs) {
      V out{V::List};
      for (const auto& x : xs) out.list.push_back(str(x));
      return out;
    };
    switch (id) {
      case FactId::Registry: return str(im.registry());
      case FactId::Repo: return str(im.repo());
      case FactId::Tag: return str(im.tag());
      case FactId::Digest: return str(im.digest());
      case FactId::MediaType: return str(im.media_type());
      case FactId::Created: return integer(im.created);
      case FactId::Pushed: return integer(im.pushed);
      case FactId::Age: return integer(now_ - im.created);
      case FactId::Size: return integer(im.size);
      case FactId::Platforms: return strings(im.platforms());
      case FactId::Labels: return {V::Map};
      case FactId::Signed: return boolean(im.is_signed);
      case FactId::Scanned: return boolean(im.scanned);
      case FactId::Vulns: return {V::Vulns};
      case FactId::Components: {
        V out{V::List};
        for (const Component c : im.components()) out.list.push_back({V::Comp, false, 0, {}, {}, c});
        return out;
      }
      case FactId::Licenses: return strings(im.licenses());
    }
    return err("?");
  }

  V path(const Path& p) {
    V v = p.binding.kind == Binding::Kind::Fact ? fact(static_cast<FactId>(p.binding.index)) : locals_[p.binding.index];
    for (const auto& seg : p.segments) {
      if (v.k == V::Err) return v;
      if (seg.kind == PathSegment::Kind::Key) {
        const auto label = image_.label(seg.name);
        v = label ? str(*label) : err(fmt::format("the image has no label \"{}\"", seg.name));
      } else if (v.k == V::Vulns) {
        const VulnCounts& c = image_.vulns;
        const int64_t values[] = {c.critical, c.high,  c.medium, c.low, c.unknown,
                                  c.high,     c.medium + c.low, c.critical + c.high + c.medium + c.low + c.unknown};
        v = integer(values[seg.field]);
      } else {
        const std::string_view fields[] = {v.comp.name, v.comp.version, v.comp.license, v.comp.type};
        v = str(fields[seg.field]);
      }
    }
    return v;
  }

  V call(const Call& c) {
    std::vector<V> args;
    for (const ExprId a : c.args) args.push_back(eval(a));
    for (const V& a : args) {
      if (a.k == V::Err) return a;
    }
    switch (static_cast<BuiltinId>(c.builtin)) {
      case BuiltinId::lower:
      case BuiltinId::upper: {
        std::string s = args[0].s;
        for (auto& ch : s) {
          if (c.builtin == static_cast<int>(BuiltinId::lower) && ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
          if (c.builtin == static_cast<int>(BuiltinId::upper) && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
        }
        return str(s);
      }
      case BuiltinId::len:
        if (args[0].k == V::Str) {
          int64_t n = 0;
          for (char ch : args[0].s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
          return integer(n);
        }
        if (args[0].k == V::Map) return integer(static_cast<int64_t>(image_.labels().size()));
        return integer(static_cast<int64_t>(args[0].list.size()));
      case BuiltinId::semver: {
        std::string why;
        if (!parse_semver(args[0].s, &why)) return err(fmt::format("\"{}\" is not a semantic version: {}", args[0].s, why));
        return {V::Semver, false, 0, args[0].s, {}, {}};
      }
      case BuiltinId::now: return integer(now_);
      case BuiltinId::label: {
        const auto label = image_.label(args[0].s);
        return label ? str(*label) : err(fmt::format("the image has no label \"{}\"", args[0].s));
      }
    }
    return err("?");
  }

  V compare_op(const Compare& c) {
    V a = eval(c.lhs);
    if (c.op == CmpOp::Matches || c.op == CmpOp::Like) {
      if (a.k == V::Err) return a;
      const std::string& pattern = std::get<StringLit>(ast_.expr(c.rhs).node).value;
      if (c.op == CmpOp::Like) return boolean(like_match(pattern, a.s));
      RE2::Options options;
      options.set_log_errors(false);
      return boolean(RE2::FullMatch(a.s, RE2(pattern, options)));
    }
    V b = eval(c.rhs);
    if (a.k == V::Err) return a;
    if (b.k == V::Err) return b;
    const auto contains = [](const V& list, const V& x) {
      return std::any_of(list.list.begin(), list.list.end(), [&](const V& e) { return same(e, x); });
    };
    switch (c.op) {
      case CmpOp::Eq: return boolean(same(a, b));
      case CmpOp::Ne: return boolean(!same(a, b));
      case CmpOp::Lt: return boolean(order(a, b) < 0);
      case CmpOp::Le: return boolean(order(a, b) <= 0);
      case CmpOp::Gt: return boolean(order(a, b) > 0);
      case CmpOp::Ge: return boolean(order(a, b) >= 0);
      case CmpOp::StartsWith: return boolean(a.s.rfind(b.s, 0) == 0);
      case CmpOp::EndsWith: return boolean(a.s.size() >= b.s.size() && a.s.compare(a.s.size() - b.s.size(), b.s.size(), b.s) == 0);
      case CmpOp::Contains: return boolean(a.k == V::List ? contains(a, b) : a.s.find(b.s) != std::string::npos);
      case CmpOp::In:
      case CmpOp::NotIn: {
        const bool in = b.k == V::Map ? image_.label(a.s).has_value() : contains(b, a);
        return boolean(c.op == CmpOp::In ? in : !in);
      }
      default: return err("?");
    }
  }

  const CheckedPolicy& policy_;
  const Ast& ast_;
  const ImageFacts& image_;
  int64_t now_;
  std::vector<V> locals_;
};

}  // namespace

std::string condition(const CheckedPolicy& policy, size_t rule, const ImageFacts& image, int64_t now) {
  Interpreter interpreter(policy, image, now);
  const V v = interpreter.eval(policy.ast.rules[rule].condition);
  if (v.k == V::Err) return "error: " + v.s;
  return v.b ? "true" : "false";
}

std::string vm_condition(Vm& vm, const Program& program, size_t rule, const ImageFacts& image, int64_t now) {
  const Value v = vm.condition(program, rule, image, now);
  if (v.is_error()) return "error: " + vm.state().error(v.i).message;
  return v.is_true() ? "true" : "false";
}

}  // namespace ferry::oracle
