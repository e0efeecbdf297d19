#include "cli/explain.h"

#include <fmt/format.h>

#include "runtime/timefmt.h"

namespace ferry::cli {
namespace {

// A value as a policy author would write it.
std::string show(const Value& v, const EvalState& state) {
  switch (v.kind) {
    case ValueKind::Error: return "error: " + state.error(v.i).message;
    case ValueKind::Bool: return v.b ? "true" : "false";
    case ValueKind::Int: return std::to_string(v.i);
    case ValueKind::Duration: {
      const int64_t d = v.i / 86400, h = v.i % 86400 / 3600, m = v.i % 3600 / 60, s = v.i % 60;
      std::string out = d ? fmt::format("{}d", d) : "";
      if (h) out += fmt::format("{}h", h);
      if (m) out += fmt::format("{}m", m);
      if (s || out.empty()) out += fmt::format("{}s", s);
      return out;
    }
    case ValueKind::Time: return format_rfc3339(v.i);
    case ValueKind::String: return fmt::format("\"{}\"", v.s);
    case ValueKind::Semver: return fmt::format("semver(\"{}\")", v.s);
    case ValueKind::List: {
      std::string out = "[";
      for (int64_t k = 0; k < v.i && k < 8; ++k) out += (k ? ", " : "") + show(v.items()[k], state);
      return out + (v.i > 8 ? ", ...]" : "]");
    }
    case ValueKind::Map: return "labels";
    case ValueKind::Component: {
      // A component value is its image and its index (runtime/vm.cpp).
      const ComponentList list = static_cast<const ImageFacts*>(v.p)->components();
      const auto i = static_cast<size_t>(v.i);
      return fmt::format("{{name: \"{}\", version: \"{}\"}}", list.text(i, 0), list.text(i, 1));
    }
    case ValueKind::Vulns: return "vulns";
  }
  return "?";
}

// The expression's source (or, for a node the checker made, its text), on one line.
std::string source_of(const Program& program, const ExplainNode& node) {
  std::string_view text = node.text;
  if (text.empty() && node.begin < node.end && node.begin < program.source.text.size()) {
    text = std::string_view(program.source.text).substr(node.begin, node.end - node.begin);
  }
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

nlohmann::ordered_json tree(const Program& program, uint32_t index, const std::vector<std::optional<Value>>& values,
                            const EvalState& state) {
  const ExplainNode& node = program.explain[index];
  nlohmann::ordered_json out = {{"expr", source_of(program, node)}};
  const auto& value = values[node.value_pc];
  if (!value) {
    out["value"] = "not evaluated";
  } else if (value->is_error()) {
    out["value"] = "error";
    out["error"] = state.error(value->i).message;
  } else {
    out["value"] = show(*value, state);
  }
  out["children"] = nlohmann::ordered_json::array();
  for (const uint32_t child : node.children) {
    if (!program.explain[child].literal) out["children"].push_back(tree(program, child, values, state));
  }
  return out;
}

void text_of(const nlohmann::ordered_json& node, int depth, std::string& out) {
  const std::string value = node["value"];
  out += fmt::format("{:{}}{}  => {}{}\n", "", depth * 2, node["expr"].get<std::string>(), value,
                     node.contains("error") ? ": " + node["error"].get<std::string>() : "");
  for (const auto& child : node["children"]) text_of(child, depth + 1, out);
}

}  // namespace

std::vector<RuleExplanation> explain(const std::vector<const Program*>& programs, Vm& vm, const ImageFacts& image,
                                     int64_t now) {
  std::vector<RuleExplanation> out;
  for (const Program* program : programs) {
    for (size_t r = 0; r < program->rules.size(); ++r) {
      const CompiledRule& rule = program->rules[r];
      if (!rule_in_scope(*program, rule, image)) continue;
      const auto values = vm.trace(*program, r, image, now);
      out.push_back({rule.name, program->source.location(rule.span_begin),
                     tree(*program, rule.explain_root, values, vm.state())});
    }
  }
  return out;
}

std::string explanation_text(const std::vector<RuleExplanation>& rules) {
  std::string out;
  for (const auto& r : rules) {
    out += fmt::format("  {} ({}):\n", r.rule.empty() ? "unnamed rule" : fmt::format("rule \"{}\"", r.rule), r.location);
    text_of(r.tree, 2, out);
  }
  return out;
}

nlohmann::ordered_json explanation_json(const std::vector<RuleExplanation>& rules) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& r : rules) {
    out.push_back({{"rule", r.rule.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.rule)},
                   {"location", r.location},
                   {"condition", r.tree}});
  }
  return out;
}

}  // namespace ferry::cli
