#include "grammar/builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "grammar/text.h"

namespace ferry::grammar {

namespace {

bool nests(Construct construct) {
  switch (construct) {
    case Construct::List:
    case Construct::Call:
    case Construct::Paren:
    case Construct::Quant:
    case Construct::Not:
      return true;
    default:
      return false;
  }
}

}  // namespace

void Builder::open(Construct construct, const char* at) {
  const bool nesting = nests(construct);
  if (nesting && ++nesting_ > kMaxNesting) {
    throw SyntaxError{DiagCode::E0103, {offset(at), offset(at) + 1},
                      fmt::format("expression nested more than {} levels deep; split it into simpler rules", kMaxNesting)};
  }
  marks_.push_back({items_.size(), ast_.exprs.size(), at, nesting});
}

Builder::Mark Builder::close() {
  const Mark mark = marks_.back();
  marks_.pop_back();
  if (mark.nests) --nesting_;
  return mark;
}

void Builder::rollback() {
  const Mark mark = close();
  items_.resize(mark.items);
  ast_.exprs.resize(mark.exprs);
}

void Builder::reset() {
  marks_.clear();
  items_.clear();
  actions_.clear();
  nesting_ = 0;
}

void Builder::push_expr(Span span, ExprNode node) {
  const ExprId id = ast_.add(span, std::move(node));
  items_.push_back({ItemKind::Expr, span, id, 0, {}});
}

std::string Builder::decode_string(Span span) {
  const std::string_view raw(base_ + span.begin, span.size());
  size_t bad = 0;
  auto value = decode_string_literal(raw, bad);
  if (!value) {
    const auto at = static_cast<uint32_t>(span.begin + bad);
    const auto end = static_cast<uint32_t>(std::find(raw.begin() + bad, raw.end(), '}') - raw.begin() + span.begin + 1);
    throw SyntaxError{DiagCode::E0102, {at, end},
                      "`\\u{...}` must name a Unicode scalar value (at most 10FFFF, not a surrogate)"};
  }
  return std::move(*value);
}

NumberLit Builder::decode_number(Span span) const {
  const std::string_view text(base_ + span.begin, span.size());
  NumberLit lit{0, Unit::None, 0, false};
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    const int64_t digit = text[i] - '0';
    if (lit.magnitude > (std::numeric_limits<int64_t>::max() - digit) / 10) lit.overflow = true;
    if (!lit.overflow) lit.magnitude = lit.magnitude * 10 + digit;
  }
  const std::string_view suffix = text.substr(i);
  int64_t scale = 1;
  static constexpr struct {
    Unit unit;
    int64_t scale;
  } kUnits[] = {
      {Unit::B, 1},
      {Unit::KB, 1000},
      {Unit::MB, 1000 * 1000},
      {Unit::GB, 1000LL * 1000 * 1000},
      {Unit::TB, 1000LL * 1000 * 1000 * 1000},
      {Unit::KiB, 1024},
      {Unit::MiB, 1024 * 1024},
      {Unit::GiB, 1024LL * 1024 * 1024},
      {Unit::TiB, 1024LL * 1024 * 1024 * 1024},
      {Unit::Seconds, 1},
      {Unit::Minutes, 60},
      {Unit::Hours, 3600},
      {Unit::Days, 86400},
      {Unit::Weeks, 7 * 86400},
  };
  for (const auto& u : kUnits) {
    if (suffix == unit_suffix(u.unit)) lit.unit = u.unit, scale = u.scale;
  }
  if (!lit.overflow && lit.magnitude > std::numeric_limits<int64_t>::max() / scale) lit.overflow = true;
  lit.value = lit.overflow ? 0 : lit.magnitude * scale;
  return lit;
}

void Builder::push_action(size_t mark, Action action) {
  const Span span = action.span;
  actions_.push_back(std::move(action));
  items_.resize(mark);
  items_.push_back({ItemKind::Action, span, 0, static_cast<int>(actions_.size() - 1), {}});
}

void Builder::build_rule(size_t mark, Span span) {
  Rule rule{span, std::nullopt, 0, {}, -1};
  size_t i = 0;
  if (child(mark, 0).kind == ItemKind::Str) {
    rule.name = TextLit{child(mark, 0).text, child(mark, 0).span};
    ++i;
  }
  rule.condition = child(mark, i++).expr;
  for (; i < children(mark); ++i) rule.actions.push_back(std::move(actions_[child(mark, i).op]));
  actions_.clear();
  ast_.rules.push_back(std::move(rule));
  items_.resize(mark);
}

void Builder::finish(Construct construct, const char* at) {
  const Mark mark = close();
  const size_t m = mark.items;
  // A construct's span ends at its last token, before any trailing blanks or comments.
  const char* end = (ws_end_ == at && ws_start_ && ws_start_ >= mark.begin) ? ws_start_ : at;
  const Span span{offset(mark.begin), offset(std::max(end, mark.begin))};
  const auto collect_exprs = [&](size_t from) {
    std::vector<ExprId> ids;
    for (size_t i = m + from; i < items_.size(); ++i) ids.push_back(items_[i].expr);
    return ids;
  };
  const auto replace = [&](ExprNode node) {
    items_.resize(m);
    push_expr(span, std::move(node));
  };
  const auto text = [&] { return std::string(base_ + span.begin, span.size()); };

  switch (construct) {
    case Construct::Name:
      items_.push_back({ItemKind::Name, span, 0, 0, text()});
      break;
    case Construct::Str:
      items_.push_back({ItemKind::Str, span, 0, 0, decode_string(span)});
      break;
    case Construct::StringExpr:
      push_expr(span, StringLit{decode_string(span)});
      break;
    case Construct::Number:
      push_expr(span, decode_number(span));
      break;
    case Construct::True:
    case Construct::False:
      push_expr(span, BoolLit{construct == Construct::True});
      break;
    case Construct::List:
      replace(ListLit{collect_exprs(0)});
      break;
    case Construct::Call: {
      Call call{child(m, 0).text, child(m, 0).span, collect_exprs(1), -1};
      replace(std::move(call));
      break;
    }
    case Construct::Field:
      items_.push_back({ItemKind::Segment, span, 0, static_cast<int>(PathSegment::Kind::Field), text()});
      break;
    case Construct::Key: {
      std::string key = decode_string(span);
      items_.push_back({ItemKind::Segment, span, 0, static_cast<int>(PathSegment::Kind::Key), std::move(key)});
      break;
    }
    case Construct::Path: {
      Path path{child(m, 0).text, child(m, 0).span, {}, {}};
      for (size_t i = 1; i < children(m); ++i) {
        const Item& seg = child(m, i);
        path.segments.push_back({static_cast<PathSegment::Kind>(seg.op), seg.text, seg.span, -1});
      }
      replace(std::move(path));
      break;
    }
    case Construct::Add:
    case Construct::Sub:
      push_op(span, static_cast<int>(construct == Construct::Add ? ArithOp::Add : ArithOp::Sub));
      break;
    case Construct::Sum:
      if (children(m) > 1) {
        Arith arith;
        for (size_t i = 0; i < children(m); ++i) {
          if (i % 2 == 0) arith.operands.push_back(child(m, i).expr);
          else arith.ops.push_back(static_cast<ArithOp>(child(m, i).op));
        }
        replace(std::move(arith));
      }
      break;
    case Construct::Eq:
    case Construct::Ne:
    case Construct::Lt:
    case Construct::Le:
    case Construct::Gt:
    case Construct::Ge:
    case Construct::StartsWith:
    case Construct::EndsWith:
    case Construct::Contains:
    case Construct::Matches:
    case Construct::Like:
    case Construct::In:
    case Construct::NotIn:
      // The comparison constructs are declared in CmpOp's order.
      static_assert(static_cast<int>(Construct::NotIn) - static_cast<int>(Construct::Eq) ==
                    static_cast<int>(CmpOp::NotIn) - static_cast<int>(CmpOp::Eq));
      push_op(span, static_cast<int>(construct) - static_cast<int>(Construct::Eq));
      break;
    case Construct::Cmp:
      if (children(m) == 3) {
        Compare cmp{static_cast<CmpOp>(child(m, 1).op), child(m, 1).span, child(m, 0).expr, child(m, 2).expr};
        replace(cmp);
      }
      break;
    case Construct::Any:
    case Construct::All:
      push_op(span, static_cast<int>(construct == Construct::Any ? QuantKind::Any : QuantKind::All));
      break;
    case Construct::Quant: {
      Quantifier q{static_cast<QuantKind>(child(m, 0).op), child(m, 1).text, child(m, 1).span, child(m, 2).expr,
                   child(m, 3).expr, -1};
      replace(std::move(q));
      break;
    }
    case Construct::Not:
      replace(Not{child(m, 0).expr});
      break;
    case Construct::Paren:
      break;  // the parenthesized expression is the node; the formatter restores parentheses
    case Construct::Reason:
      break;  // the string stays; the frame only discards it when this turns out not to be a reason
    case Construct::And:
    case Construct::Or:
      if (children(m) > 1) replace(Logical{construct == Construct::And ? LogicOp::And : LogicOp::Or, collect_exprs(0)});
      break;
    case Construct::Reference:
      items_.push_back({ItemKind::Str, span, 0, 0, text()});
      break;
    case Construct::Push: {
      Action action{Action::Kind::Push, span, {child(m, 0).text, child(m, 0).span}, std::nullopt, std::nullopt};
      if (children(m) > 1) action.tag = TextLit{child(m, 1).text, child(m, 1).span};
      push_action(m, std::move(action));
      break;
    }
    case Construct::Block: {
      Action action{Action::Kind::Block, span, {}, std::nullopt, std::nullopt};
      if (children(m) > 0) action.reason = TextLit{child(m, 0).text, child(m, 0).span};
      push_action(m, std::move(action));
      break;
    }
    case Construct::Rule:
      build_rule(m, span);
      break;
    case Construct::Pattern:
      items_.push_back({ItemKind::Pattern, span, 0, 0, text()});
      break;
    case Construct::ScopeOpen:
      last_scope_ = Scope{span, {}};
      for (size_t i = 0; i < children(m); ++i) last_scope_.patterns.push_back({child(m, i).text, child(m, i).span});
      items_.resize(m);
      break;
    case Construct::Comment: {
      // A comment runs to the end of its line; it can be matched more than once while
      // alternatives are tried, so it is recorded once.
      const std::string_view body(base_ + span.begin, span.size());
      const size_t length = std::min(body.find_first_of("\r\n"), body.size());
      const Span comment{span.begin, static_cast<uint32_t>(span.begin + length)};
      if (ast_.comments.empty() || ast_.comments.back().begin < comment.begin) ast_.comments.push_back(comment);
      break;
    }
  }
}

}  // namespace ferry::grammar
