#include "grammar/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <tao/pegtl/contrib/limit_depth.hpp>
#include <type_traits>

#include "grammar/builder.h"
#include "grammar/errors.h"
#include "grammar/grammar.h"
#include "grammar/suggest.h"
#include "grammar/text.h"

namespace ferry {
namespace grammar {
namespace {

template <class Rule>
inline constexpr std::optional<Construct> construct_of = std::nullopt;

#define FERRY_BUILDS(RULE, CONSTRUCT) \
  template <>                         \
  inline constexpr std::optional<Construct> construct_of<RULE> = Construct::CONSTRUCT;

FERRY_BUILDS(name, Name)
FERRY_BUILDS(quant_var, Name)
FERRY_BUILDS(string_lit, Str)
FERRY_BUILDS(string_expr, StringExpr)
FERRY_BUILDS(number, Number)
FERRY_BUILDS(bool_true, True)
FERRY_BUILDS(bool_false, False)
FERRY_BUILDS(list, List)
FERRY_BUILDS(call, Call)
FERRY_BUILDS(field_name, Field)
FERRY_BUILDS(key_string, Key)
FERRY_BUILDS(path, Path)
FERRY_BUILDS(paren, Paren)
FERRY_BUILDS(op_add, Add)
FERRY_BUILDS(op_sub, Sub)
FERRY_BUILDS(sum, Sum)
FERRY_BUILDS(op_eq, Eq)
FERRY_BUILDS(op_ne, Ne)
FERRY_BUILDS(op_lt, Lt)
FERRY_BUILDS(op_le, Le)
FERRY_BUILDS(op_gt, Gt)
FERRY_BUILDS(op_ge, Ge)
FERRY_BUILDS(op_startswith, StartsWith)
FERRY_BUILDS(op_endswith, EndsWith)
FERRY_BUILDS(op_contains, Contains)
FERRY_BUILDS(op_matches, Matches)
FERRY_BUILDS(op_like, Like)
FERRY_BUILDS(op_in, In)
FERRY_BUILDS(op_not_in, NotIn)
FERRY_BUILDS(cmp, Cmp)
FERRY_BUILDS(quant_any, Any)
FERRY_BUILDS(quant_all, All)
FERRY_BUILDS(quant, Quant)
FERRY_BUILDS(not_expr, Not)
FERRY_BUILDS(and_expr, And)
FERRY_BUILDS(or_expr, Or)
FERRY_BUILDS(reference, Reference)
FERRY_BUILDS(push_action, Push)
FERRY_BUILDS(block_action, Block)
FERRY_BUILDS(block_reason, Reason)
FERRY_BUILDS(rule, Rule)
FERRY_BUILDS(repo_pattern, Pattern)
FERRY_BUILDS(scope_open, ScopeOpen)
FERRY_BUILDS(comment, Comment)
#undef FERRY_BUILDS

// Length of the token at `at`, for the caret under a syntax error.
uint32_t token_length(const char* at, const char* end) {
  if (at == end) return 0;
  const auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  const char* p = at;
  if (is_word(*p)) {
    while (p != end && is_word(*p)) ++p;
  } else {
    ++p;
    while (p != end && (static_cast<unsigned char>(*p) & 0xC0) == 0x80) ++p;  // the rest of a UTF-8 character
  }
  return static_cast<uint32_t>(p - at);
}

// Connects the grammar to the AST builder and turns `must<>` failures into syntax errors
// with the message of errors.h.
template <class Rule>
struct control : pegtl::normal<Rule> {
  template <class Input>
  static void start(const Input& in, Builder& b) {
    if constexpr (std::is_same_v<Rule, ws>) b.whitespace_start(in.current());
    if constexpr (construct_of<Rule>.has_value()) b.open(*construct_of<Rule>, in.current());
  }
  template <class Input>
  static void success(const Input& in, Builder& b) {
    if constexpr (std::is_same_v<Rule, ws>) b.whitespace_end(in.current());
    if constexpr (construct_of<Rule>.has_value()) b.finish(*construct_of<Rule>, in.current());
  }
  template <class Input>
  static void failure(const Input&, Builder& b) {
    if constexpr (construct_of<Rule>.has_value()) b.rollback();
  }
  template <class Input>
  [[noreturn]] static void raise(const Input& in, Builder& b) {
    static_assert(error_info<Rule>.message != nullptr, "every rule under must<> needs a message in errors.h");
    const uint32_t at = b.offset(in.current());
    Span span{at, at + token_length(in.current(), in.end())};
    if constexpr (std::is_same_v<Rule, escape_code>) {
      span.begin = at - 1;  // from the backslash
    }
    if constexpr (std::is_same_v<Rule, string_close>) {
      // Point at the whole unterminated string, from its opening quote.
      span = {b.offset(b.innermost_start()), at};
    }
    throw SyntaxError{error_info<Rule>.code, span, error_info<Rule>.message};
  }
};

// A backstop under the builder's own nesting limit: no rule recursion may go deeper
// than this, whatever the grammar does.
template <class Rule>
struct depth_limit : pegtl::limit_depth<4000> {};

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool starts_word(std::string_view text, size_t pos, std::string_view word) {
  return text.substr(pos, word.size()) == word && (pos + word.size() >= text.size() || !is_word_char(text[pos + word.size()]));
}

// True when a line starting at `pos` (blanks skipped) continues an expression or a rule
// rather than starting one.
bool continues(std::string_view text, size_t pos) {
  static constexpr std::string_view kContinuations[] = {"and", "or", "in", "as", "push", "block", "startswith",
                                                        "endswith", "contains", "matches", "like"};
  if (std::string_view("=!<>+-,)]:.").find(text[pos]) != std::string_view::npos) return true;
  for (const auto word : kContinuations) {
    if (starts_word(text, pos, word)) return true;
  }
  if (starts_word(text, pos, "not")) {
    size_t p = pos + 3;
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    return starts_word(text, p, "in");
  }
  return false;
}

// After a syntax error in the item that started at `item_start`, finds where to resume:
// a `}` at or after the error, or the first line, from the error's own when the error is
// at its start, that starts a rule or scope outside any brackets the broken item opened.
// Lines are only considered after `item_start`, so parsing always moves forward.
size_t resynchronize(std::string_view text, size_t item_start, size_t error_at) {
  int depth = 0;
  bool at_line_start = false;
  for (size_t i = item_start; i < text.size(); ++i) {
    const char c = text[i];
    if (at_line_start && i > item_start && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '#' && i >= error_at) {
      if (starts_word(text, i, "on") || starts_word(text, i, "rule") || c == '}') return i;
      if (depth <= 0 && !continues(text, i)) return i;
    }
    if (c == '\n') {
      at_line_start = true;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\r') at_line_start = false;
    if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if (c == '"') {
      while (i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '"') i += text[i + 1] == '\\' ? 2 : 1;
      if (i + 1 < text.size() && text[i + 1] == '"') ++i;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      --depth;
    } else if (c == '}' && depth <= 0 && i >= error_at) {
      return i;
    }
  }
  return text.size();
}

class Driver {
 public:
  Driver(const SourceFile& file, ParseResult& out)
      : file_(file), text_(file.text()), out_(out), builder_(out.ast, out.diagnostics, file.text().data()) {}

  void run() {
    pos_ = parse_at<leading>(0);
    while (pos_ < text_.size()) {
      const size_t item_start = pos_;
      const size_t exprs_before = out_.ast.exprs.size();
      try {
        item();
      } catch (const SyntaxError& e) {
        out_.diagnostics.report(e.code, at_end_of_text(e.span), e.message + keyword_hint(e));
        recover(item_start, exprs_before, e.span.begin);
      } catch (const pegtl::parse_error& e) {
        // Only limit_depth throws PEGTL's own errors; the builder's limit is lower, so this
        // is a backstop that should never be reached.
        const auto at = static_cast<uint32_t>(item_start + (e.positions().empty() ? 0 : e.positions().front().byte));
        out_.diagnostics.report(DiagCode::E0103, {at, at}, "expression nested too deeply");
        recover(item_start, exprs_before, at);
      }
    }
    for (const int32_t scope : scopes_) {
      out_.diagnostics.report(DiagCode::E0108, out_.ast.scopes[scope].span,
                              "this scope is never closed; expected `}` after its last rule");
    }
  }

 private:
  void item() {
    if (text_[pos_] == '}') {
      if (scopes_.empty()) {
        // Reported, then skipped: the rest of the file still parses.
        out_.diagnostics.report(DiagCode::E0108, {offset(pos_), offset(pos_) + 1}, "`}` without a matching `on ... {`");
      } else {
        scopes_.pop_back();
      }
      pos_ = parse_at<scope_close>(pos_);
    } else if (starts_word(text_, pos_, "on")) {
      const size_t start = pos_;
      pos_ = parse_at<scope_open>(pos_);
      if (!scopes_.empty()) {
        // Reported, then treated as a scope of its own so its rules and braces stay paired.
        const LineCol open = file_.locate(out_.ast.scopes[scopes_.back()].span.begin);
        out_.diagnostics.report(DiagCode::E0108, {offset(start), offset(start) + 2},
                                fmt::format("scopes cannot be nested; close the scope opened at {}:{} with `}}` first",
                                            open.line, open.column));
      }
      out_.ast.scopes.push_back(builder_.last_scope());
      scopes_.push_back(static_cast<int32_t>(out_.ast.scopes.size() - 1));
    } else {
      pos_ = parse_at<rule>(pos_);
      out_.ast.rules.back().scope = scopes_.empty() ? -1 : scopes_.back();
    }
  }

  // An error at the end of the file is shown just after the last token, not on the
  // blank or comment lines that follow it.
  Span at_end_of_text(Span span) const {
    if (span.begin < text_.size()) return span;
    uint32_t end = 0;
    for (uint32_t i = 0; i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == '#') {
        while (i + 1 < text_.size() && text_[i + 1] != '\n') ++i;
      } else if (c == '"') {
        while (i + 1 < text_.size() && text_[i + 1] != '\n' && text_[i + 1] != '"') i += text_[i + 1] == '\\' ? 2 : 1;
        i = std::min<uint32_t>(i + 1, static_cast<uint32_t>(text_.size()) - 1);
        end = i + 1;
      } else if (!std::isspace(static_cast<unsigned char>(c))) {
        end = i + 1;
      }
    }
    return {end, end};
  }

  // "; did you mean `and`?" when the text where parsing stopped is a misspelt keyword,
  // the usual reason a condition ends early (`tag endswith "x" adn ...`).
  std::string keyword_hint(const SyntaxError& e) const {
    if (e.code != DiagCode::E0100 || e.span.size() == 0) return "";
    const std::string_view word = std::string_view(text_).substr(e.span.begin, e.span.size());
    if (!std::all_of(word.begin(), word.end(), is_word_char)) return "";
    static const std::vector<std::string> keywords = {"and", "or", "not", "in", "any", "all", "push", "block", "as",
                                                      "startswith", "endswith", "contains", "matches", "like"};
    return did_you_mean(word, keywords);
  }

  void recover(size_t item_start, size_t exprs_before, size_t error_at) {
    builder_.reset();
    out_.ast.exprs.resize(exprs_before);
    const size_t next = resynchronize(text_, item_start, error_at);
    pos_ = next < text_.size() ? parse_at<leading>(next) : next;
    // Never loop on the same spot.
    if (pos_ <= item_start) pos_ = text_.size();
  }

  template <class Rule>
  size_t parse_at(size_t pos) {
    pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf> in(text_.data() + pos,
                                                                             text_.data() + text_.size(), file_.path());
    pegtl::parse<Rule, depth_limit, control>(in, builder_);
    return static_cast<size_t>(in.current() - text_.data());
  }

  static uint32_t offset(size_t pos) { return static_cast<uint32_t>(pos); }

  const SourceFile& file_;
  const std::string& text_;
  ParseResult& out_;
  Builder builder_;
  size_t pos_ = 0;
  std::vector<int32_t> scopes_;  // open scopes, innermost last
};

}  // namespace
}  // namespace grammar

ParseResult parse_policy(const SourceFile& file) {
  ParseResult result;
  const std::string& text = file.text();
  if (text.size() > kMaxPolicyBytes) {
    result.diagnostics.report(DiagCode::E0104, {0, 0},
                              fmt::format("policy file is {} bytes; ferry reads policy files of at most 16 MiB "
                                          "({} bytes)",
                                          text.size(), kMaxPolicyBytes));
    return result;
  }
  if (const auto bad = first_invalid_utf8(text)) {
    const auto at = static_cast<uint32_t>(*bad);
    result.diagnostics.report(DiagCode::E0105, {at, at + 1},
                              fmt::format("invalid UTF-8 (byte 0x{:02X}); policy files must be UTF-8 text",
                                          static_cast<unsigned char>(text[*bad])));
    return result;
  }
  grammar::Driver(file, result).run();
  return result;
}

}  // namespace ferry
