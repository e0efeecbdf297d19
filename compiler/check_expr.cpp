// Type checking of expressions (LANGUAGE.md section 3); see checker.h.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <optional>

#include "compiler/checker_impl.h"
#include "compiler/patterns.h"
#include "grammar/suggest.h"
#include "grammar/text.h"
#include "runtime/facts.h"
#include "runtime/semver.h"
#include "stdlib/builtins.h"

namespace ferry::checking {
namespace {

bool is_orderable(TypeKind kind) {
  return kind == TypeKind::Int || kind == TypeKind::Duration || kind == TypeKind::Time || kind == TypeKind::Semver ||
         kind == TypeKind::String;
}

bool is_equatable(TypeKind kind) {
  return kind != TypeKind::Map && kind != TypeKind::Component && kind != TypeKind::Vulns;
}

// The comparison with its operands swapped: `0 > x` is `x < 0`.
CmpOp mirrored(CmpOp op) {
  switch (op) {
    case CmpOp::Lt: return CmpOp::Gt;
    case CmpOp::Le: return CmpOp::Ge;
    case CmpOp::Gt: return CmpOp::Lt;
    case CmpOp::Ge: return CmpOp::Le;
    default: return op;
  }
}


}  // namespace

Span Checker::inside_literal(Span literal, size_t offset, size_t length) const {
  const std::string_view raw = file_.slice(literal);
  const auto begin = static_cast<uint32_t>(literal.begin + raw_offset_of(raw, offset));
  auto end = static_cast<uint32_t>(literal.begin + raw_offset_of(raw, offset + length));
  if (length > 0 && end <= begin) end = begin + 1;
  return {begin, std::max(begin, end)};
}

std::vector<std::string> Checker::name_candidates() const {
  std::vector<std::string> names;
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) names.push_back(it->name);
  for (const auto& fact : all_facts()) names.emplace_back(fact.name);
  names.emplace_back("component");
  names.emplace_back("license");
  return names;
}

Type Checker::check(ExprId id) {
  const ExprNode& node = ast_.exprs[id].node;
  switch (node.index()) {
    case 0:  // BoolLit
      return set(id, Type::of(TypeKind::Bool));
    case 1: {  // NumberLit
      const auto& lit = std::get<NumberLit>(node);
      if (lit.overflow) {
        error(DiagCode::E0209, ast_.exprs[id].span,
              "number does not fit in a 64-bit signed integer (at most 9223372036854775807, in bytes or seconds "
              "after its unit)");
        return set(id, Type::of(TypeKind::Error));
      }
      return set(id, Type::of(is_duration_unit(lit.unit) ? TypeKind::Duration : TypeKind::Int));
    }
    case 2:  // StringLit
      return set(id, Type::of(TypeKind::String));
    case 3:
      return check_list(id);
    case 4:
      return check_path(id);
    case 5:
      return check_call(id);
    case 6:
      return check_not(id);
    case 7:
      return check_logical(id);
    case 8:
      return check_arith(id);
    case 9:
      return check_compare(id);
    case 10:
      return check_quantifier(id);
  }
  return set(id, Type::of(TypeKind::Error));
}

Type Checker::check_list(ExprId id) {
  const std::vector<ExprId> items = std::get<ListLit>(ast_.exprs[id].node).items;
  Type elem = Type::of(TypeKind::Any);
  bool failed = false;
  for (const ExprId item : items) {
    const Type t = check(item);
    if (t.is_error()) {
      failed = true;
      continue;
    }
    if (t.is(TypeKind::List)) {
      error(DiagCode::E0221, ast_.exprs[item].span, "lists of lists are not supported");
      failed = true;
    } else if (elem.is(TypeKind::Any)) {
      elem = t;
    } else if (!(t == elem) && !failed) {
      error(DiagCode::E0221, ast_.exprs[item].span,
            fmt::format("list elements must all have one type: this is {}, the first is {}", quoted(t), quoted(elem)));
      failed = true;
    }
  }
  return set(id, failed ? Type::of(TypeKind::Error) : Type::list(elem.kind));
}

Type Checker::check_path(ExprId id) {
  Path path = std::get<Path>(ast_.exprs[id].node);
  Type type;
  const auto local = std::find_if(locals_.rbegin(), locals_.rend(), [&](const Local& l) { return l.name == path.root; });
  if (local != locals_.rend()) {
    path.binding = {Binding::Kind::Local, static_cast<int32_t>(locals_.rend() - local - 1)};
    type = local->type;
  } else if (const auto fact = find_fact(path.root)) {
    path.binding = {Binding::Kind::Fact, static_cast<int32_t>(*fact)};
    type = fact_info(*fact).type;
  } else if (path.root == "component" || path.root == "license") {
    const char* example = path.root == "component" ? "component.name == \"openssl\"" : "license == \"MIT\"";
    error(DiagCode::E0220, ast_.exprs[id].span,
          fmt::format("`{}` is shorthand for each of the image's {}s and only works on the left of a comparison, "
                      "as in `{}`; otherwise write `any x in {}s: ...`",
                      path.root, path.root, example, path.root));
    return set(id, Type::of(TypeKind::Error));
  } else if (find_builtin(path.root)) {
    error(DiagCode::E0201, path.root_span,
          fmt::format("`{}` is a function; call it as `{}(...)`", path.root, path.root));
    return set(id, Type::of(TypeKind::Error));
  } else {
    error(DiagCode::E0201, path.root_span,
          fmt::format("unknown name `{}`{}", path.root, did_you_mean(path.root, name_candidates())));
    return set(id, Type::of(TypeKind::Error));
  }
  std::string so_far = path.root;
  for (auto& seg : path.segments) {
    if (seg.kind == PathSegment::Kind::Field) {
      if (const auto fields = record_fields(type.kind); !fields.empty()) {
        const FieldInfo* field = find_field(type.kind, seg.name);
        if (!field) {
          std::vector<std::string> names;
          for (const auto& f : fields) names.emplace_back(f.name);
          error(DiagCode::E0204, seg.span,
                fmt::format("unknown field `{}` of `{}`{}", seg.name, type_name(type), did_you_mean(seg.name, names)));
          return set(id, Type::of(TypeKind::Error));
        }
        seg.field = field->index;
        type = field->type;
      } else if (type.is(TypeKind::Map)) {
        error(DiagCode::E0223, seg.span,
              fmt::format("`{}` is a map; read a key with `{}[\"{}\"]`", so_far, so_far, seg.name));
        return set(id, Type::of(TypeKind::Error));
      } else {
        error(DiagCode::E0223, seg.span, fmt::format("`{}` is {} and has no fields", so_far, quoted(type)));
        return set(id, Type::of(TypeKind::Error));
      }
      so_far += "." + seg.name;
    } else {
      if (!type.is(TypeKind::Map)) {
        error(DiagCode::E0223, seg.span, fmt::format("`{}` is {}; only maps such as `labels` take `[\"key\"]`",
                                                     so_far, quoted(type)));
        return set(id, Type::of(TypeKind::Error));
      }
      type = Type::of(TypeKind::String);
      so_far += "[" + quote_string(seg.name) + "]";
    }
  }
  std::get<Path>(ast_.exprs[id].node) = std::move(path);
  return set(id, type);
}

Type Checker::check_call(ExprId id) {
  const Call call = std::get<Call>(ast_.exprs[id].node);
  const BuiltinInfo* builtin = find_builtin(call.callee);
  for (const ExprId arg : call.args) check(arg);
  if (!builtin) {
    if (find_fact(call.callee)) {
      error(DiagCode::E0202, call.callee_span,
            fmt::format("`{}` is a fact, not a function; write `{}` without parentheses", call.callee, call.callee));
    } else {
      std::vector<std::string> names;
      for (const auto& b : all_builtins()) names.emplace_back(b.name);
      error(DiagCode::E0202, call.callee_span,
            fmt::format("unknown function `{}`{}", call.callee, did_you_mean(call.callee, names)));
    }
    return set(id, Type::of(TypeKind::Error));
  }
  std::get<Call>(ast_.exprs[id].node).builtin = static_cast<int32_t>(builtin->id);
  if (call.args.size() != builtin->params.size()) {
    const size_t n = builtin->params.size();
    error(DiagCode::E0203, ast_.exprs[id].span,
          fmt::format("`{}` takes {} argument{}, found {}", call.callee, n, n == 1 ? "" : "s", call.args.size()));
    return set(id, Type::of(TypeKind::Error));
  }
  bool failed = false;
  for (size_t i = 0; i < call.args.size(); ++i) {
    const Type t = policy_.types[call.args[i]];
    if (t.is_error()) {
      failed = true;
    } else if (!(builtin->params[i] & mask_of(t.kind))) {
      error(DiagCode::E0206, ast_.exprs[call.args[i]].span,
            fmt::format("argument {} of `{}` must be {}, found {}", i + 1, call.callee, describe_mask(builtin->params[i]),
                        quoted(t)));
      failed = true;
    }
  }
  if (!failed && builtin->id == BuiltinId::semver) {
    if (const auto* lit = std::get_if<StringLit>(&ast_.exprs[call.args[0]].node)) {
      std::string why;
      if (!parse_semver(lit->value, &why)) {
        error(DiagCode::E0222, ast_.exprs[call.args[0]].span,
              fmt::format("`{}` is not a semantic version: {}", lit->value, why));
        failed = true;
      }
    }
  }
  return set(id, failed ? Type::of(TypeKind::Error) : builtin->result);
}

Type Checker::expect_bool(ExprId id, const char* context) {
  const Type t = check(id);
  if (!t.is_error() && !t.is(TypeKind::Bool)) {
    error(DiagCode::E0205, ast_.exprs[id].span, fmt::format("{} needs a `bool` condition; this is {}", context, quoted(t)));
    return Type::of(TypeKind::Error);
  }
  return t;
}

Type Checker::check_not(ExprId id) {
  const Type t = expect_bool(std::get<Not>(ast_.exprs[id].node).operand, "`not`");
  return set(id, t.is_error() ? t : Type::of(TypeKind::Bool));
}

Type Checker::check_logical(ExprId id) {
  const Logical logical = std::get<Logical>(ast_.exprs[id].node);
  const std::string context = fmt::format("`{}`", op_text(logical.op));
  bool failed = false;
  for (const ExprId operand : logical.operands) failed |= expect_bool(operand, context.c_str()).is_error();
  return set(id, Type::of(failed ? TypeKind::Error : TypeKind::Bool));
}

std::optional<int64_t> Checker::constant_int(ExprId id) const {
  const ExprNode& node = ast_.exprs[id].node;
  if (const auto* lit = std::get_if<NumberLit>(&node)) {
    if (lit->overflow || is_duration_unit(lit->unit)) return std::nullopt;
    return lit->value;
  }
  if (const auto* arith = std::get_if<Arith>(&node)) {
    auto value = constant_int(arith->operands[0]);
    for (size_t i = 0; value && i < arith->ops.size(); ++i) {
      const auto rhs = constant_int(arith->operands[i + 1]);
      int64_t out = 0;
      if (!rhs || (arith->ops[i] == ArithOp::Add ? __builtin_add_overflow(*value, *rhs, &out)
                                                 : __builtin_sub_overflow(*value, *rhs, &out))) {
        return std::nullopt;
      }
      value = out;
    }
    return value;
  }
  return std::nullopt;
}

Type Checker::check_arith(ExprId id) {
  const Arith arith = std::get<Arith>(ast_.exprs[id].node);
  Type acc = check(arith.operands[0]);
  for (size_t i = 0; i < arith.ops.size(); ++i) {
    const ExprId rhs_id = arith.operands[i + 1];
    const Type rhs = check(rhs_id);
    if (acc.is_error() || rhs.is_error()) {
      acc = Type::of(TypeKind::Error);
      continue;
    }
    const bool add = arith.ops[i] == ArithOp::Add;
    const TypeKind a = acc.kind;
    const TypeKind b = rhs.kind;
    std::optional<TypeKind> result;
    if (a == TypeKind::Int && b == TypeKind::Int) result = TypeKind::Int;
    if (a == TypeKind::Duration && b == TypeKind::Duration) result = TypeKind::Duration;
    if (a == TypeKind::Time && b == TypeKind::Duration) result = TypeKind::Time;
    if (a == TypeKind::Time && b == TypeKind::Time && !add) result = TypeKind::Duration;
    if (!result) {
      error(DiagCode::E0205, ast_.exprs[rhs_id].span,
            fmt::format("cannot {} {} {} {}; `+` and `-` work on `int`, `duration`, `time` ± `duration` and "
                        "`time` - `time`",
                        add ? "add" : "subtract", quoted(rhs), add ? "to" : "from", quoted(acc)));
      acc = Type::of(TypeKind::Error);
      continue;
    }
    acc = Type::of(*result);
  }
  if (acc.is(TypeKind::Int) && !constant_int(id)) {
    // Every operand constant but the fold failed: the arithmetic itself overflows.
    const bool all_literal = std::all_of(arith.operands.begin(), arith.operands.end(),
                                         [&](ExprId operand) { return constant_int(operand).has_value(); });
    if (all_literal) {
      error(DiagCode::E0209, ast_.exprs[id].span, "this arithmetic overflows a 64-bit signed integer");
      acc = Type::of(TypeKind::Error);
    }
  }
  return set(id, acc);
}

Type Checker::check_quantifier(ExprId id) {
  const Quantifier q = std::get<Quantifier>(ast_.exprs[id].node);
  const Type collection = check(q.collection);
  Type elem = Type::of(TypeKind::Error);
  if (!collection.is_error()) {
    if (!collection.is(TypeKind::List)) {
      error(DiagCode::E0219, ast_.exprs[q.collection].span,
            fmt::format("`{}` ranges over a list, and this is {}", op_text(q.kind), quoted(collection)));
    } else {
      elem = collection.element();
    }
  }
  if (find_fact(q.var)) {
    error(DiagCode::W0304, q.var_span,
          fmt::format("variable `{}` hides the fact `{}` inside this quantifier; choose another name", q.var, q.var));
  }
  std::get<Quantifier>(ast_.exprs[id].node).depth = static_cast<int32_t>(locals_.size());
  locals_.push_back({q.var, elem});
  const Type body = expect_bool(q.body, fmt::format("the body of `{}`", op_text(q.kind)).c_str());
  locals_.pop_back();
  return set(id, Type::of(collection.is_error() || elem.is_error() || body.is_error() ? TypeKind::Error : TypeKind::Bool));
}

// `component.name OP x` -> `any component in components: component.name OP x`, and
// `license OP x` -> `any license in licenses: license OP x`; `!=` and `not in` negate
// the whole. Returns true when the node at `id` was rewritten.
bool Checker::desugar(ExprId id) {
  const Compare cmp = std::get<Compare>(ast_.exprs[id].node);
  const auto* lhs = std::get_if<Path>(&ast_.exprs[cmp.lhs].node);
  if (!lhs) return false;
  const bool shadowed = std::any_of(locals_.begin(), locals_.end(), [&](const Local& l) { return l.name == lhs->root; });
  const bool component = lhs->root == "component" && lhs->segments.size() == 1 &&
                         lhs->segments[0].kind == PathSegment::Kind::Field;
  const bool license = lhs->root == "license" && lhs->segments.empty();
  if (shadowed || !(component || license)) return false;

  const Span span = ast_.exprs[id].span;
  const Span root_span = lhs->root_span;
  const std::string var = lhs->root;
  const bool negated = cmp.op == CmpOp::Ne || cmp.op == CmpOp::NotIn;
  Compare inner = cmp;
  if (cmp.op == CmpOp::Ne) inner.op = CmpOp::Eq;
  if (cmp.op == CmpOp::NotIn) inner.op = CmpOp::In;
  const ExprId inner_id = ast_.add(span, inner, true);
  const ExprId collection = ast_.add(root_span, Path{component ? "components" : "licenses", root_span, {}, {}}, true);
  Quantifier quantifier{QuantKind::Any, var, root_span, collection, inner_id, -1};
  if (negated) {
    const ExprId q = ast_.add(span, quantifier, true);
    ast_.exprs[id].node = Not{q};
  } else {
    ast_.exprs[id].node = quantifier;
  }
  return true;
}

void Checker::check_pattern_literal(CmpOp op, ExprId rhs) {
  const auto* lit = std::get_if<StringLit>(&ast_.exprs[rhs].node);
  const Span span = ast_.exprs[rhs].span;
  if (!lit) {
    error(DiagCode::E0212, span,
          fmt::format("the pattern of `{}` must be a string literal, so that it is checked and compiled once",
                      op_text(op)));
    return;
  }
  if (op == CmpOp::Like) {
    if (const auto problem = check_like_glob(lit->value)) {
      error(DiagCode::E0211, inside_literal(span, problem->offset, problem->length), problem->message);
    }
    return;
  }
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 re(lit->value, options);
  if (!re.ok()) {
    const std::string& arg = re.error_arg();
    const size_t at = arg.empty() ? std::string::npos : lit->value.find(arg);
    const Span where = at == std::string::npos ? span : inside_literal(span, at, arg.size());
    std::string reason = re.error();
    if (const size_t colon = reason.find(':'); colon != std::string::npos) reason = reason.substr(0, colon);
    error(DiagCode::E0210, where, fmt::format("invalid regular expression: {}", reason));
  }
}

bool Checker::never_negative(ExprId id) const {
  const ExprNode& node = ast_.exprs[id].node;
  if (const auto* path = std::get_if<Path>(&node)) {
    if (path->binding.kind != Binding::Kind::Fact) return false;
    const FactInfo& fact = fact_info(static_cast<FactId>(path->binding.index));
    if (path->segments.empty()) return fact.flags & kNonNegative;
    const auto& seg = path->segments.back();
    if (path->segments.size() != 1 || seg.field < 0) return false;
    return record_fields(fact.type.kind)[seg.field].flags & kNonNegative;
  }
  if (const auto* call = std::get_if<Call>(&node)) {
    return call->builtin >= 0 && (builtin_info(static_cast<BuiltinId>(call->builtin)).flags & kNonNegative);
  }
  return false;
}

void Checker::check_literal_bound(const Compare& cmp) {
  CmpOp op = cmp.op;
  ExprId subject = cmp.lhs;
  auto bound = constant_int(cmp.rhs);
  if (!bound) {
    bound = constant_int(cmp.lhs);
    subject = cmp.rhs;
    op = mirrored(op);
  }
  if (!bound || !never_negative(subject)) return;
  const int64_t c = *bound;
  const bool never = (op == CmpOp::Lt && c <= 0) || (op == CmpOp::Le && c < 0) || (op == CmpOp::Eq && c < 0);
  const bool always = (op == CmpOp::Ge && c <= 0) || (op == CmpOp::Gt && c < 0) || (op == CmpOp::Ne && c < 0);
  const std::string subject_text(file_.slice(ast_.exprs[subject].span));
  const Span span{std::min(ast_.exprs[cmp.lhs].span.begin, ast_.exprs[cmp.rhs].span.begin),
                  std::max(ast_.exprs[cmp.lhs].span.end, ast_.exprs[cmp.rhs].span.end)};
  if (never) {
    error(DiagCode::E0208, span,
          fmt::format("`{}` is never negative, so this comparison is always false", subject_text));
  } else if (always) {
    error(DiagCode::W0302, span,
          fmt::format("`{}` is never negative, so this comparison is always true", subject_text));
  }
}

Type Checker::check_compare(ExprId id) {
  if (desugar(id)) return set(id, check(id));
  const Compare cmp = std::get<Compare>(ast_.exprs[id].node);
  const Type lt = check(cmp.lhs);
  const Type rt = check(cmp.rhs);
  if (lt.is_error() || rt.is_error()) return set(id, Type::of(TypeKind::Error));
  const std::string op = fmt::format("`{}`", op_text(cmp.op));
  const Span rhs_span = ast_.exprs[cmp.rhs].span;
  const auto fail_rhs = [&](const std::string& wanted) {
    std::string hint;
    if (lt.is(TypeKind::Semver) && rt.is(TypeKind::String)) hint = "; wrap the string in `semver(...)`";
    if (lt.is(TypeKind::Duration) && rt.is(TypeKind::Int)) hint = "; write a duration such as `30d` or `12h`";
    if (lt.is(TypeKind::Time) && rt.is(TypeKind::Duration)) hint = "; compare `age` with a duration, or `created` with `now() - 30d`";
    error(DiagCode::E0205, rhs_span, fmt::format("{} needs {} on the right, found {}{}", op, wanted, quoted(rt), hint));
    return set(id, Type::of(TypeKind::Error));
  };
  const auto fail_op = [&](Type t) {
    error(DiagCode::E0205, cmp.op_span, fmt::format("{} is not defined on {}", op, quoted(t)));
    return set(id, Type::of(TypeKind::Error));
  };
  switch (cmp.op) {
    case CmpOp::Eq:
    case CmpOp::Ne:
      if (!is_equatable(lt.kind)) return fail_op(lt);
      if (!compatible(lt, rt)) return fail_rhs(quoted(lt));
      break;
    case CmpOp::Lt:
    case CmpOp::Le:
    case CmpOp::Gt:
    case CmpOp::Ge:
      if (!is_orderable(lt.kind)) return fail_op(lt);
      if (!compatible(lt, rt)) return fail_rhs(quoted(lt));
      break;
    case CmpOp::StartsWith:
    case CmpOp::EndsWith:
    case CmpOp::Matches:
    case CmpOp::Like:
      if (!lt.is(TypeKind::String)) return fail_op(lt);
      if (!rt.is(TypeKind::String)) return fail_rhs("`string`");
      if (cmp.op == CmpOp::Matches || cmp.op == CmpOp::Like) check_pattern_literal(cmp.op, cmp.rhs);
      break;
    case CmpOp::Contains:
      if (lt.is(TypeKind::String)) {
        if (!rt.is(TypeKind::String)) return fail_rhs("`string`");
      } else if (lt.is(TypeKind::List)) {
        if (!(lt.elem == rt.kind || lt.elem == TypeKind::Any) || rt.is(TypeKind::List)) {
          return fail_rhs(quoted(lt.element()));
        }
      } else {
        return fail_op(lt);
      }
      break;
    case CmpOp::In:
    case CmpOp::NotIn:
      if (rt.is(TypeKind::Map)) {
        if (!lt.is(TypeKind::String)) {
          error(DiagCode::E0205, ast_.exprs[cmp.lhs].span,
                fmt::format("{} a map tests for a `string` key, found {}", op, quoted(lt)));
          return set(id, Type::of(TypeKind::Error));
        }
      } else if (rt.is(TypeKind::List)) {
        if (!(rt.elem == lt.kind || rt.elem == TypeKind::Any) || lt.is(TypeKind::List)) {
          error(DiagCode::E0205, ast_.exprs[cmp.lhs].span,
                fmt::format("{} looks for {} in {}, found {}", op, quoted(rt.element()), quoted(rt), quoted(lt)));
          return set(id, Type::of(TypeKind::Error));
        }
      } else {
        return fail_rhs("a list or a map");
      }
      break;
  }
  check_literal_bound(cmp);
  return set(id, Type::of(TypeKind::Bool));
}


}  // namespace ferry::checking
