#include "compiler/formatter.h"

#include <algorithm>

#include "grammar/text.h"

namespace ferry {
namespace {

// Precedence levels of section 2's grammar, loosest first.
enum Level : int { kOr, kAnd, kUnary, kCmp, kSum, kPrimary };


class Printer {
 public:
  Printer(const SourceFile& file, const Ast& ast) : text_(file.text()), ast_(ast) {
    comments_ = ast.comments;
    std::sort(comments_.begin(), comments_.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  }

  std::string run() {
    // Items in source order: rules outside scopes, and scopes with their rules.
    struct Item {
      uint32_t begin;
      int32_t scope;  // -1: a rule
      size_t rule;
    };
    std::vector<Item> items;
    for (size_t r = 0; r < ast_.rules.size(); ++r) {
      if (ast_.rules[r].scope < 0) items.push_back({ast_.rules[r].span.begin, -1, r});
    }
    for (size_t s = 0; s < ast_.scopes.size(); ++s) items.push_back({ast_.scopes[s].span.begin, static_cast<int32_t>(s), 0});
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.begin < b.begin; });
    for (const Item& item : items) {
      if (item.scope < 0) rule(ast_.rules[item.rule], 0);
      else scope(item.scope);
    }
    leading_comments(static_cast<uint32_t>(text_.size()), 0);
    return out_;
  }

 private:
  // --- lines, blank lines and comments ---

  // Starts a line for something at source offset `at`: one blank line first when the
  // source had one since the last thing written.
  void start_line(uint32_t at, size_t indent) {
    if (!out_.empty() && !after_open_ && blank_line_between(last_end_, at)) out_ += '\n';
    after_open_ = false;
    out_.append(indent, ' ');
  }

  bool blank_line_between(uint32_t from, uint32_t to) const {
    int newlines = 0;
    for (uint32_t i = from; i < to && i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == '\n') {
        if (++newlines == 2) return true;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        newlines = 0;
      }
    }
    return false;
  }

  std::string comment_text(const Span& c) const {
    std::string_view t = text_.substr(c.begin, c.end - c.begin);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n')) t.remove_suffix(1);
    return std::string(t);
  }

  // Every comment that begins before `before`, each on its own line.
  void leading_comments(uint32_t before, size_t indent) {
    while (next_ < comments_.size() && comments_[next_].begin < before) {
      start_line(comments_[next_].begin, indent);
      out_ += comment_text(comments_[next_]) + "\n";
      last_end_ = comments_[next_].end;
      ++next_;
    }
  }

  // Ends the line of something that ended at `end`, with the comment that follows it on
  // the same source line, if any.
  void end_line(uint32_t end) {
    last_end_ = end;
    if (next_ < comments_.size() && comments_[next_].begin >= end && !has_newline(end, comments_[next_].begin)) {
      out_ += "  " + comment_text(comments_[next_]);
      last_end_ = comments_[next_].end;
      ++next_;
    }
    out_ += '\n';
  }

  bool has_newline(uint32_t from, uint32_t to) const {
    return text_.substr(from, to - from).find('\n') != std::string_view::npos;
  }

  // The offset just after the first `c` at or after `from` that is not in a comment.
  uint32_t after_char(uint32_t from, char c) const {
    for (uint32_t i = from; i < text_.size(); ++i) {
      if (text_[i] == '#') {
        while (i < text_.size() && text_[i] != '\n') ++i;
      } else if (text_[i] == c) {
        return i + 1;
      }
    }
    return static_cast<uint32_t>(text_.size());
  }

  // --- items ---

  void scope(int32_t index) {
    const Scope& s = ast_.scopes[static_cast<size_t>(index)];
    leading_comments(s.span.begin, 0);
    start_line(s.span.begin, 0);
    out_ += "on ";
    for (size_t p = 0; p < s.patterns.size(); ++p) out_ += (p ? ", " : "") + s.patterns[p].text;
    out_ += " {";
    uint32_t end = after_char(s.patterns.back().span.end, '{');
    end_line(end);
    after_open_ = true;
    for (const Rule& r : ast_.rules) {
      if (r.scope == index) {
        rule(r, 2);
        end = r.span.end;
      }
    }
    const uint32_t close = after_char(end, '}');
    leading_comments(close - 1, 2);
    out_ += "}";  // never a blank line before it
    end_line(close);
  }

  void rule(const Rule& r, size_t indent) {
    // Comments inside a rule's text move before it.
    leading_comments(r.span.end, indent);
    start_line(r.span.begin, indent);
    const std::string pad(indent, ' ');
    const std::string head = r.name ? "rule " + quote_string(r.name->value) + ":" : "";
    std::vector<std::string> actions;
    for (const auto& a : r.actions) actions.push_back(action(a));
    std::string all_actions;
    for (size_t k = 0; k < actions.size(); ++k) all_actions += (k ? ", " : "") + actions[k];

    const std::string condition = expr(r.condition, kOr, indent + 2);
    const std::string one_line = (head.empty() ? "" : head + " ") + condition + " => " + all_actions;
    if (indent + one_line.size() <= kFormatWidth && one_line.find('\n') == std::string::npos) {
      out_ += one_line;
      end_line(r.span.end);
      return;
    }
    // Broken: the condition's top-level `and`/`or` operands filling lines up to the width,
    // each line after the first starting with the operator, then the actions.
    const std::string inner(indent + 2, ' ');
    std::string body;
    const auto* logical = std::get_if<Logical>(&ast_.expr(r.condition).node);
    if (logical) {
      const int operand_level = logical->op == LogicOp::Or ? kAnd : kUnary;
      const std::string op = op_text(logical->op);
      size_t column = inner.size();
      for (size_t k = 0; k < logical->operands.size(); ++k) {
        const std::string operand = expr(logical->operands[k], operand_level, indent + 2);
        const size_t width = operand.find('\n') == std::string::npos ? operand.size() : kFormatWidth;
        if (k == 0) {
          body = operand;
          column += width;
        } else if (column + 1 + op.size() + 1 + width <= kFormatWidth) {
          body += " " + op + " " + operand;
          column += 1 + op.size() + 1 + width;
        } else {
          body += "\n" + inner + op + " " + operand;
          column = inner.size() + op.size() + 1 + width;
        }
        if (operand.find('\n') != std::string::npos) column = kFormatWidth;  // nothing more on a wrapped list's line
      }
    } else {
      body = condition;
    }
    if (head.empty()) {
      out_ += body;
    } else {
      out_ += head + "\n" + inner + body;
    }
    std::string arrow = "\n" + inner + "=> " + all_actions;
    if (inner.size() + 3 + all_actions.size() > kFormatWidth && actions.size() > 1) {
      arrow = "\n" + inner + "=> ";
      for (size_t k = 0; k < actions.size(); ++k) {
        arrow += (k ? ",\n" + inner + "   " : "") + actions[k];
      }
    }
    out_ += arrow;
    end_line(r.span.end);
  }

  static std::string action(const Action& a) {
    if (a.kind == Action::Kind::Block) return a.reason ? "block " + quote_string(a.reason->value) : "block";
    return "push " + a.destination.value + (a.tag ? " as " + quote_string(a.tag->value) : "");
  }

  // --- expressions ---

  int level(ExprId id) const {
    const ExprNode& node = ast_.expr(id).node;
    if (const auto* l = std::get_if<Logical>(&node)) return l->op == LogicOp::Or ? kOr : kAnd;
    if (std::holds_alternative<Not>(node) || std::holds_alternative<Quantifier>(node)) return kUnary;
    if (std::holds_alternative<Compare>(node)) return kCmp;
    if (std::holds_alternative<Arith>(node)) return kSum;
    return kPrimary;
  }

  // The expression, in parentheses when it binds more loosely than `min_level`.
  std::string expr(ExprId id, int min_level, size_t indent) {
    std::string s = bare(id, indent);
    return level(id) < min_level ? "(" + s + ")" : s;
  }

  std::string bare(ExprId id, size_t indent) {
    const ExprNode& node = ast_.expr(id).node;
    if (const auto* b = std::get_if<BoolLit>(&node)) return b->value ? "true" : "false";
    if (std::holds_alternative<NumberLit>(node)) {
      // As written: a literal too large for 64 bits has no value to print.
      const Span s = ast_.expr(id).span;
      return std::string(text_.substr(s.begin, s.end - s.begin));
    }
    if (const auto* s = std::get_if<StringLit>(&node)) return quote_string(s->value);
    if (const auto* list = std::get_if<ListLit>(&node)) return list_text(*list, indent);
    if (const auto* p = std::get_if<Path>(&node)) return path_text(*p);
    if (const auto* c = std::get_if<Call>(&node)) {
      std::string out = c->callee + "(";
      for (size_t k = 0; k < c->args.size(); ++k) out += (k ? ", " : "") + expr(c->args[k], kOr, indent);
      return out + ")";
    }
    if (const auto* n = std::get_if<Not>(&node)) {
      // `not (a in b)`, not `not a in b`: the same tree, read as it means.
      return "not " + expr(n->operand, std::holds_alternative<Compare>(ast_.expr(n->operand).node) ? kPrimary : kUnary, indent);
    }
    if (const auto* l = std::get_if<Logical>(&node)) {
      const int operand_level = l->op == LogicOp::Or ? kAnd : kUnary;
      std::string out;
      for (size_t k = 0; k < l->operands.size(); ++k) {
        out += (k ? std::string(" ") + op_text(l->op) + " " : "") + expr(l->operands[k], operand_level, indent);
      }
      return out;
    }
    if (const auto* a = std::get_if<Arith>(&node)) {
      std::string out = expr(a->operands[0], kPrimary, indent);
      for (size_t k = 0; k < a->ops.size(); ++k) {
        out += std::string(" ") + op_text(a->ops[k]) + " " + expr(a->operands[k + 1], kPrimary, indent);
      }
      return out;
    }
    if (const auto* c = std::get_if<Compare>(&node)) {
      return expr(c->lhs, kSum, indent) + " " + op_text(c->op) + " " + expr(c->rhs, kSum, indent);
    }
    const auto& q = std::get<Quantifier>(node);
    return std::string(op_text(q.kind)) + " " + q.var + " in " + expr(q.collection, kPrimary, indent) + ": " +
           expr(q.body, kCmp, indent);
  }

  std::string list_text(const ListLit& list, size_t indent) {
    std::vector<std::string> items;
    size_t flat = 2;
    for (const ExprId item : list.items) {
      items.push_back(expr(item, kOr, indent + 2));
      flat += items.back().size() + 2;
    }
    std::string out = "[";
    // One item a line only when the list alone would not fit on a line.
    if (indent + flat <= kFormatWidth) {
      for (size_t k = 0; k < items.size(); ++k) out += (k ? ", " : "") + items[k];
      return out + "]";
    }
    for (const auto& item : items) out += "\n" + std::string(indent + 2, ' ') + item + ",";
    return out + "\n" + std::string(indent, ' ') + "]";
  }

  std::string_view text_;
  const Ast& ast_;
  std::vector<Span> comments_;
  size_t next_ = 0;         // the first comment not written yet
  uint32_t last_end_ = 0;   // source offset of the end of the last thing written
  bool after_open_ = false; // just after a scope's `{`: no blank line
  std::string out_;
};

}  // namespace

std::string format_policy(const SourceFile& file, const Ast& ast) { return Printer(file, ast).run(); }

}  // namespace ferry
