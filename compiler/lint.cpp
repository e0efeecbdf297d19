#include "compiler/lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "compiler/ast_compare.h"
#include "compiler/emitter.h"
#include "runtime/glob.h"
#include "runtime/vm.h"

namespace ferry {
namespace {

// --- reading the AST ---

std::vector<ExprId> children(const Ast& ast, ExprId id) {
  const ExprNode& node = ast.expr(id).node;
  if (const auto* l = std::get_if<ListLit>(&node)) return l->items;
  if (const auto* c = std::get_if<Call>(&node)) return c->args;
  if (const auto* n = std::get_if<Not>(&node)) return {n->operand};
  if (const auto* l = std::get_if<Logical>(&node)) return l->operands;
  if (const auto* a = std::get_if<Arith>(&node)) return a->operands;
  if (const auto* c = std::get_if<Compare>(&node)) return {c->lhs, c->rhs};
  if (const auto* q = std::get_if<Quantifier>(&node)) return {q->collection, q->body};
  return {};
}

void visit(const Ast& ast, ExprId id, const std::function<void(ExprId)>& f) {
  f(id);
  for (const ExprId c : children(ast, id)) visit(ast, c, f);
}

// The operands of a top-level `and` chain (nested chains flattened), or the expression.
void conjuncts(const Ast& ast, ExprId id, std::vector<ExprId>& out) {
  const auto* l = std::get_if<Logical>(&ast.expr(id).node);
  if (!l || l->op != LogicOp::And) {
    out.push_back(id);
    return;
  }
  for (const ExprId o : l->operands) conjuncts(ast, o, out);
}

std::set<FactId> facts_read(const Ast& ast, ExprId id) {
  std::set<FactId> out;
  visit(ast, id, [&](ExprId e) {
    const auto* p = std::get_if<Path>(&ast.expr(e).node);
    if (p && p->binding.kind == Binding::Kind::Fact) out.insert(static_cast<FactId>(p->binding.index));
  });
  return out;
}

// Whether the value depends on the image or the time: otherwise it is the same for every
// image, and the VM can compute it once with no facts at all.
bool reads_image(const Ast& ast, ExprId id) {
  bool reads = false;
  visit(ast, id, [&](ExprId e) {
    const ExprNode& node = ast.expr(e).node;
    if (std::holds_alternative<Path>(node)) reads = true;
    if (const auto* c = std::get_if<Call>(&node); c && (c->callee == "now" || c->callee == "label")) reads = true;
  });
  return reads;
}

std::vector<std::string> scope_patterns(const Ast& ast, const Rule& rule) {
  std::vector<std::string> out;
  if (rule.scope >= 0) {
    for (const auto& p : ast.scopes[static_cast<size_t>(rule.scope)].patterns) out.push_back(p.text);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool has_wildcard(std::string_view pattern) { return pattern.find('*') != std::string_view::npos; }

// Whether two scopes can both match one repository. Conservative: two patterns with
// wildcards are taken to overlap.
bool scopes_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return true;
  for (const auto& p : a) {
    for (const auto& q : b) {
      if (!has_wildcard(p) ? repo_match(q, p) : !has_wildcard(q) ? repo_match(p, q) : true) return true;
    }
  }
  return false;
}

bool is_push_rule(const Rule& r) {
  return std::all_of(r.actions.begin(), r.actions.end(), [](const Action& a) { return a.kind == Action::Kind::Push; });
}
bool is_block_rule(const Rule& r) {
  return std::any_of(r.actions.begin(), r.actions.end(), [](const Action& a) { return a.kind == Action::Kind::Block; });
}

std::string rule_name(const Rule& r) { return r.name ? fmt::format("rule \"{}\"", r.name->value) : "this unnamed rule"; }

// The destination when it has no placeholder, and its repository path (host removed).
struct LiteralDestination {
  std::string text;
  std::string path;
  bool has_host;
};
std::optional<LiteralDestination> literal_destination(const CheckedAction& a) {
  std::string text;
  for (const auto& part : a.destination.parts) {
    if (!part.literal) return std::nullopt;
    text += part.text;
  }
  const size_t slash = text.find('/');
  const std::string path = a.destination.has_host && slash != std::string::npos ? text.substr(slash + 1) : text;
  return LiteralDestination{text, path, a.destination.has_host};
}

std::string tag_text(const Action& a) { return a.tag ? a.tag->value : "<tag>"; }

// --- one file's lints ---

struct Context {
  const SourceFile& file;
  const CheckedPolicy& policy;
  Diagnostics& out;
  const Ast& ast() const { return policy.ast; }
};

void constant_conditions(Context& c) {
  std::optional<Program> program;
  Vm vm;
  const ImageFacts nothing;
  for (size_t r = 0; r < c.ast().rules.size(); ++r) {
    const Rule& rule = c.ast().rules[r];
    if (reads_image(c.ast(), rule.condition)) continue;
    if (!program) program = emit_program(c.file, c.policy);
    const Value v = vm.condition(*program, r, nothing, 0);
    if (v.is_error()) continue;
    const Span at = c.ast().expr(rule.condition).span;
    if (!v.b) {
      c.out.report(DiagCode::L0401, at, "the condition is false for every image: the rule never fires");
    } else if (!std::holds_alternative<BoolLit>(c.ast().expr(rule.condition).node)) {
      // A bare `true` says what it means; a condition that only folds to true is a slip.
      c.out.report(DiagCode::L0402, at,
                   "the condition is true for every image; write `true` if the rule is meant to apply to all of them");
    }
  }
}

// `x == "a" and x == "b"`, `n < 3 and n > 5`: comparisons of one fact with literals in
// one `and` chain that no value satisfies.
void contradictions(Context& c) {
  for (const Rule& rule : c.ast().rules) {
    std::vector<ExprId> parts;
    conjuncts(c.ast(), rule.condition, parts);
    struct Range {
      int64_t lo = INT64_MIN;
      int64_t hi = INT64_MAX;
      std::optional<std::string> equal;
      std::set<std::string> unequal;
      std::vector<int64_t> unequal_ints;
      Span first;
    };
    std::map<std::string, Range> ranges;
    for (const ExprId part : parts) {
      const auto* cmp = std::get_if<Compare>(&c.ast().expr(part).node);
      if (!cmp) continue;
      const auto* path = std::get_if<Path>(&c.ast().expr(cmp->lhs).node);
      if (!path || path->binding.kind != Binding::Kind::Fact) continue;
      const ExprNode& rhs = c.ast().expr(cmp->rhs).node;
      const auto* number = std::get_if<NumberLit>(&rhs);
      const auto* text = std::get_if<StringLit>(&rhs);
      if ((!number || number->overflow) && !text) continue;
      const std::string key = path_text(*path);
      const Span at = c.ast().expr(part).span;
      auto [it, fresh] = ranges.try_emplace(key);
      Range& r = it->second;
      if (fresh) r.first = at;
      bool impossible = false;
      if (number) {
        const int64_t v = number->value;
        switch (cmp->op) {
          case CmpOp::Eq: r.lo = std::max(r.lo, v), r.hi = std::min(r.hi, v); break;
          case CmpOp::Lt: r.hi = std::min(r.hi, v == INT64_MIN ? v : v - 1), impossible = v == INT64_MIN; break;
          case CmpOp::Le: r.hi = std::min(r.hi, v); break;
          case CmpOp::Gt: r.lo = std::max(r.lo, v == INT64_MAX ? v : v + 1), impossible = v == INT64_MAX; break;
          case CmpOp::Ge: r.lo = std::max(r.lo, v); break;
          case CmpOp::Ne: r.unequal_ints.push_back(v); break;
          default: continue;
        }
        impossible |= r.lo > r.hi;
        for (const int64_t n : r.unequal_ints) impossible |= r.lo == r.hi && r.lo == n;
      } else {
        if (cmp->op == CmpOp::Eq) {
          impossible = (r.equal && *r.equal != text->value) || r.unequal.count(text->value);
          r.equal = text->value;
        } else if (cmp->op == CmpOp::Ne) {
          impossible = r.equal && *r.equal == text->value;
          r.unequal.insert(text->value);
        } else {
          continue;
        }
      }
      if (impossible) {
        c.out.report(DiagCode::L0401, at,
                     fmt::format("no value of `{}` satisfies this and the comparisons before it: the rule never fires", key),
                     {{r.first, fmt::format("the first comparison of `{}`", key)}});
        break;
      }
    }
  }
}

// A repository path component is `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`.
bool component_can_exist(std::string_view s) {
  const auto alnum = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (alnum(s[i])) continue;
    if (!alnum(s[i + 1]) && !(s[i] == '_' && s[i + 1] == '_') && !(s[i] == '-' && s[i + 1] == '-')) return false;
    if (s[i] == '_' && s[i + 1] == '_' && i + 2 < s.size() && !alnum(s[i + 2])) return false;
  }
  return true;
}

void dead_scope_patterns(Context& c) {
  for (const auto& scope : c.ast().scopes) {
    for (const auto& pattern : scope.patterns) {
      size_t begin = 0;
      while (begin <= pattern.text.size()) {
        size_t end = pattern.text.find('/', begin);
        if (end == std::string::npos) end = pattern.text.size();
        const std::string_view segment = std::string_view(pattern.text).substr(begin, end - begin);
        if (!has_wildcard(segment) && !component_can_exist(segment)) {
          c.out.report(DiagCode::L0401, pattern.span,
                       fmt::format("`{}` matches no repository: `{}` cannot be a path component (letters and digits, "
                                   "joined by `.`, `_`, `__` or `-`)",
                                   pattern.text, segment));
          break;
        }
        begin = end + 1;
      }
    }
  }
}

void pushes_to_itself(Context& c) {
  for (size_t r = 0; r < c.ast().rules.size(); ++r) {
    const Rule& rule = c.ast().rules[r];
    const auto patterns = scope_patterns(c.ast(), rule);
    for (size_t a = 0; a < rule.actions.size(); ++a) {
      const Action& action = rule.actions[a];
      const CheckedAction& checked = c.policy.actions[r][a];
      if (action.kind != Action::Kind::Push || checked.destination.has_host) continue;
      const auto& parts = checked.destination.parts;
      const bool same_repo = parts.size() == 1 && !parts[0].literal && parts[0].placeholder == PlaceholderKind::Repo;
      const auto literal = literal_destination(checked);
      const bool scoped_here = literal && patterns.size() == 1 && !has_wildcard(patterns[0]) && patterns[0] == literal->path;
      if (!same_repo && !scoped_here) continue;
      c.out.report(DiagCode::L0405, action.destination.span,
                   action.tag ? "pushes to the repository the image came from, under another tag: a retag loops back "
                                "into the same policies"
                              : "pushes the image to the repository and tag it came from: nothing to copy");
    }
  }
}

void tag_templates(Context& c) {
  for (size_t r = 0; r < c.ast().rules.size(); ++r) {
    const Rule& rule = c.ast().rules[r];
    const auto read = facts_read(c.ast(), rule.condition);
    const bool guarded = read.count(FactId::Age) || read.count(FactId::Created) || read.count(FactId::Pushed);
    for (size_t a = 0; a < rule.actions.size(); ++a) {
      const Action& action = rule.actions[a];
      if (action.kind != Action::Kind::Push || !action.tag) continue;
      bool per_image = false;
      bool per_day = false;
      bool per_second = false;
      for (const auto& part : c.policy.actions[r][a].tag.parts) {
        if (part.literal) continue;
        switch (part.placeholder) {
          case PlaceholderKind::Tag:
          case PlaceholderKind::Digest:
          case PlaceholderKind::ShortDigest:
          case PlaceholderKind::Created:
          case PlaceholderKind::Label: per_image = true; break;
          case PlaceholderKind::Date: per_day = true; break;
          case PlaceholderKind::Timestamp: per_second = true; break;
          case PlaceholderKind::Now: {
            const bool seconds = part.text.find_first_of("HMSsTcXrR") != std::string::npos;
            (seconds ? per_second : per_day) = true;
            break;
          }
          default: break;
        }
      }
      if (per_day && !per_second && !per_image) {
        c.out.report(DiagCode::L0408, action.tag->span,
                     fmt::format("`{}` is the same for every image promoted on one day: the second overwrites the first; "
                                 "add `<tag>` or `<short_digest>`",
                                 action.tag->value));
      } else if (per_second && !guarded) {
        c.out.report(DiagCode::L0409, action.tag->span,
                     "the same image evaluated again (pushed again, retried, polled) is promoted again under a new tag; "
                     "guard the rule with `age`, `created` or `pushed` if that is not wanted");
      }
    }
  }
}

void scan_facts(Context& c) {
  for (const Rule& rule : c.ast().rules) {
    const auto read = facts_read(c.ast(), rule.condition);
    if (read.count(FactId::Scanned)) continue;
    const char* what = read.count(FactId::Vulns) ? "vulns" : read.count(FactId::Components) ? "components"
                     : read.count(FactId::Licenses)                                          ? "licenses"
                                                                                             : nullptr;
    if (!what) continue;
    c.out.report(DiagCode::L0410, rule.span,
                 is_block_rule(rule)
                     ? fmt::format("`{}` is unknown for an image that has not been scanned, so this rule blocks every "
                                   "unscanned image; say so with `not scanned or ...`, or let them through with "
                                   "`scanned and ...`",
                                   what)
                     : fmt::format("`{}` is unknown for an image that has not been scanned, so this rule never pushes "
                                   "one; say so with `scanned and ...`",
                                   what));
  }
}

void style(Context& c) {
  for (const Rule& rule : c.ast().rules) {
    if (!rule.name) c.out.report(DiagCode::L0411, rule.span, "name the rule (`rule \"NAME\": ...`): decisions, logs and suppressions refer to it");
    visit(c.ast(), rule.condition, [&](ExprId e) {
      const auto* cmp = std::get_if<Compare>(&c.ast().expr(e).node);
      if (!cmp || cmp->op != CmpOp::Matches) return;
      const auto* pattern = std::get_if<StringLit>(&c.ast().expr(cmp->rhs).node);
      if (!pattern) return;
      // `LIT.*`, `.*LIT`, `.*LIT.*` or `LIT`, with `\.`-style escapes in LIT.
      std::string_view p = pattern->value;
      if (p.starts_with('^')) p.remove_prefix(1);
      if (p.ends_with('$') && !p.ends_with("\\$")) p.remove_suffix(1);
      const bool any_before = p.starts_with(".*");
      if (any_before) p.remove_prefix(2);
      const bool any_after = p.ends_with(".*") && !p.ends_with("\\.*");
      if (any_after) p.remove_suffix(2);
      std::string literal;
      for (size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '\\' && i + 1 < p.size() && std::string_view(".-/_:+*?()[]{}|^$\\").find(p[i + 1]) != std::string_view::npos) {
          literal += p[++i];
        } else if (std::string_view(".^$*+?()[]{}|\\").find(p[i]) != std::string_view::npos) {
          return;
        } else {
          literal += p[i];
        }
      }
      if (literal.empty()) return;
      const char* op = any_before && any_after ? "contains" : any_before ? "endswith" : any_after ? "startswith" : "==";
      c.out.report(DiagCode::L0412, cmp->op_span,
                   fmt::format("`matches \"{}\"` is `{} \"{}\"`, which says it plainly", pattern->value, op, literal));
    });
  }
}

// --- lints across files ---

struct RuleRef {
  size_t file;
  size_t rule;
};

void shadowed_and_duplicates(const std::vector<LintFile>& files, std::vector<Diagnostics>& out) {
  std::vector<RuleRef> all;
  for (size_t f = 0; f < files.size(); ++f) {
    for (size_t r = 0; r < files[f].policy->ast.rules.size(); ++r) all.push_back({f, r});
  }
  const auto ast = [&](const RuleRef& x) -> const Ast& { return files[x.file].policy->ast; };
  const auto rule = [&](const RuleRef& x) -> const Rule& { return ast(x).rules[x.rule]; };
  for (size_t i = 0; i < all.size(); ++i) {
    const RuleRef& x = all[i];
    const Rule& rx = rule(x);
    const auto px = scope_patterns(ast(x), rx);
    for (size_t j = 0; j < i; ++j) {
      const RuleRef& y = all[j];
      const Rule& ry = rule(y);
      if (scope_patterns(ast(y), ry) != px || !same_expr(ast(x), rx.condition, ast(y), ry.condition) ||
          rx.actions.size() != ry.actions.size()) {
        continue;
      }
      bool same_actions = true;
      for (size_t a = 0; a < rx.actions.size() && same_actions; ++a) {
        const Action& p = rx.actions[a];
        const Action& q = ry.actions[a];
        same_actions = p.kind == q.kind && p.destination.value == q.destination.value && tag_text(p) == tag_text(q) &&
                       (p.reason ? p.reason->value : "") == (q.reason ? q.reason->value : "");
      }
      if (!same_actions) continue;
      const LineCol at = files[y.file].file->locate(ry.span.begin);
      out[x.file].report(DiagCode::L0404, rx.span,
                         fmt::format("{} has the same scope, condition and actions as {} at {}:{}:{}", rule_name(rx),
                                     rule_name(ry), files[y.file].file->path(), at.line, at.column));
      break;
    }
  }
  // A push rule whose every image a block rule blocks: the block's scope holds the push's,
  // and each part of the block's condition is a part of the push's `and` chain.
  for (const RuleRef& p : all) {
    const Rule& push = rule(p);
    if (!is_push_rule(push)) continue;
    std::vector<ExprId> push_parts;
    conjuncts(ast(p), push.condition, push_parts);
    const auto push_scope = scope_patterns(ast(p), push);
    for (const RuleRef& b : all) {
      const Rule& block = rule(b);
      if (!is_block_rule(block)) continue;
      const auto block_scope = scope_patterns(ast(b), block);
      if (!block_scope.empty() && block_scope != push_scope) continue;
      std::vector<ExprId> block_parts;
      conjuncts(ast(b), block.condition, block_parts);
      const bool always = block_parts.size() == 1 && std::holds_alternative<BoolLit>(ast(b).expr(block_parts[0]).node) &&
                          std::get<BoolLit>(ast(b).expr(block_parts[0]).node).value;
      const bool covered = always || std::all_of(block_parts.begin(), block_parts.end(), [&](ExprId bp) {
                             return std::any_of(push_parts.begin(), push_parts.end(),
                                                [&](ExprId pp) { return same_expr(ast(b), bp, ast(p), pp); });
                           });
      if (!covered) continue;
      const LineCol at = files[b.file].file->locate(block.span.begin);
      out[p.file].report(DiagCode::L0403, push.span,
                         fmt::format("every image {} would push is blocked by {} at {}:{}:{}: it never pushes anything",
                                     rule_name(push), rule_name(block), files[b.file].file->path(), at.line, at.column));
      break;
    }
  }
}

struct PushRef {
  size_t file;
  size_t rule;
  size_t action;
};

void same_destination_tags(const std::vector<LintFile>& files, std::vector<Diagnostics>& out) {
  std::map<std::string, std::vector<PushRef>> by_destination;
  for (size_t f = 0; f < files.size(); ++f) {
    const auto& policy = *files[f].policy;
    for (size_t r = 0; r < policy.ast.rules.size(); ++r) {
      for (size_t a = 0; a < policy.ast.rules[r].actions.size(); ++a) {
        if (policy.ast.rules[r].actions[a].kind != Action::Kind::Push) continue;
        if (const auto d = literal_destination(policy.actions[r][a])) by_destination[d->text].push_back({f, r, a});
      }
    }
  }
  for (const auto& [destination, pushes] : by_destination) {
    for (size_t i = 1; i < pushes.size(); ++i) {
      const PushRef& x = pushes[i];
      const Ast& ax = files[x.file].policy->ast;
      const Action& act = ax.rules[x.rule].actions[x.action];
      for (size_t j = 0; j < i; ++j) {
        const PushRef& y = pushes[j];
        const Ast& ay = files[y.file].policy->ast;
        const Action& other = ay.rules[y.rule].actions[y.action];
        if (tag_text(act) == tag_text(other) ||
            !scopes_overlap(scope_patterns(ax, ax.rules[x.rule]), scope_patterns(ay, ay.rules[y.rule]))) {
          continue;
        }
        const LineCol at = files[y.file].file->locate(other.span.begin);
        out[x.file].report(DiagCode::L0407, act.span,
                           fmt::format("an image both rules accept is pushed to {} twice, as \"{}\" here and as \"{}\" by "
                                       "{} at {}:{}:{}",
                                       destination, tag_text(act), tag_text(other), rule_name(ay.rules[y.rule]),
                                       files[y.file].file->path(), at.line, at.column));
        break;
      }
    }
  }
}

// dev/a pushes to qa/a and a rule scoped on qa/* pushes back to dev/a: each copy fires
// the other rule again. Rules with no scope take part only as targets of an edge would
// make every pair a cycle, so only scoped rules are followed.
void promotion_cycles(const std::vector<LintFile>& files, std::vector<Diagnostics>& out) {
  std::vector<RuleRef> rules;
  for (size_t f = 0; f < files.size(); ++f) {
    for (size_t r = 0; r < files[f].policy->ast.rules.size(); ++r) {
      if (files[f].policy->ast.rules[r].scope >= 0) rules.push_back({f, r});
    }
  }
  const size_t n = rules.size();
  std::vector<std::vector<size_t>> edges(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& policy = *files[rules[i].file].policy;
    const Rule& from = policy.ast.rules[rules[i].rule];
    for (size_t a = 0; a < from.actions.size(); ++a) {
      const auto d = from.actions[a].kind == Action::Kind::Push ? literal_destination(policy.actions[rules[i].rule][a]) : std::nullopt;
      if (!d) continue;
      for (size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const Ast& to_ast = files[rules[j].file].policy->ast;
        const auto patterns = scope_patterns(to_ast, to_ast.rules[rules[j].rule]);
        if (std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return repo_match(p, d->path); })) {
          edges[i].push_back(j);
        }
      }
    }
  }
  // Tarjan's strongly connected components; each with two rules or more is a cycle.
  std::vector<int> index(n, -1), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  int counter = 0;
  std::function<void(size_t)> connect = [&](size_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (const size_t w : edges[v]) {
      if (index[w] < 0) {
        connect(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] != index[v]) return;
    std::vector<size_t> component;
    size_t w = 0;
    do {
      w = stack.back();
      stack.pop_back();
      on_stack[w] = false;
      component.push_back(w);
    } while (w != v);
    if (component.size() < 2) return;
    std::sort(component.begin(), component.end());
    const RuleRef& first = rules[component[0]];
    std::string others;
    for (size_t k = 1; k < component.size(); ++k) {
      const RuleRef& o = rules[component[k]];
      const LineCol at = files[o.file].file->locate(files[o.file].policy->ast.rules[o.rule].span.begin);
      others += fmt::format("{}{} at {}:{}:{}", k > 1 ? ", " : "", rule_name(files[o.file].policy->ast.rules[o.rule]),
                            files[o.file].file->path(), at.line, at.column);
    }
    const Rule& r = files[first.file].policy->ast.rules[first.rule];
    out[first.file].report(DiagCode::L0406, r.span,
                           fmt::format("{} and {} push images to each other's repositories: each copy can set off the "
                                       "next one",
                                       rule_name(r), others));
  };
  for (size_t v = 0; v < n; ++v) {
    if (index[v] < 0) connect(v);
  }
}

std::set<std::string> ignored_codes(std::string_view comment) {
  std::set<std::string> out;
  const size_t at = comment.find("ferry:ignore");
  if (at == std::string_view::npos) return out;
  std::string_view rest = comment.substr(at + 12);
  // Codes, separated by spaces or commas, up to the first word that is not one.
  while (true) {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == ',' || rest.front() == '\t')) rest.remove_prefix(1);
    size_t len = 0;
    while (len < rest.size() && rest[len] != ' ' && rest[len] != ',' && rest[len] != '\t') ++len;
    const std::string_view word = rest.substr(0, len);
    if (!diag_code_from_name(word)) break;
    out.emplace(word);
    rest.remove_prefix(len);
  }
  return out;
}

}  // namespace

std::vector<Diagnostics> lint_policies(const std::vector<LintFile>& files) {
  std::vector<Diagnostics> out(files.size());
  for (size_t f = 0; f < files.size(); ++f) {
    Context c{*files[f].file, *files[f].policy, out[f]};
    constant_conditions(c);
    contradictions(c);
    dead_scope_patterns(c);
    pushes_to_itself(c);
    tag_templates(c);
    scan_facts(c);
    style(c);
  }
  shadowed_and_duplicates(files, out);
  same_destination_tags(files, out);
  promotion_cycles(files, out);
  for (auto& d : out) {
    std::stable_sort(d.items.begin(), d.items.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
  }
  return out;
}

void apply_suppressions(const SourceFile& file, const Ast& ast, Diagnostics& diags) {
  // Each rule and scope header with the lines a suppression for it may stand on: the line
  // before it, its own lines.
  struct Region {
    uint32_t first_line;
    uint32_t last_line;
    Span span;
    std::set<std::string> codes;
  };
  std::vector<Region> regions;
  const auto add = [&](Span span) {
    const uint32_t first = file.locate(span.begin).line;
    regions.push_back({first > 1 ? first - 1 : first, file.locate(span.end).line, span, {}});
  };
  for (const auto& r : ast.rules) add(r.span);
  for (const auto& s : ast.scopes) add(s.span);
  for (const Span& c : ast.comments) {
    const auto codes = ignored_codes(file.text().substr(c.begin, c.end - c.begin));
    if (codes.empty()) continue;
    const uint32_t line = file.locate(c.begin).line;
    for (auto& region : regions) {
      if (line >= region.first_line && line <= region.last_line) region.codes.insert(codes.begin(), codes.end());
    }
  }
  std::erase_if(diags.items, [&](const Diagnostic& d) {
    if (d.severity() == Severity::Error) return false;
    const std::string code(diag_info(d.code).name);
    return std::any_of(regions.begin(), regions.end(), [&](const Region& r) {
      return d.span.begin >= r.span.begin && d.span.begin <= r.span.end && r.codes.count(code);
    });
  });
}

}  // namespace ferry
