#include "tests/oracle/generator.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

namespace ferry::oracle {
namespace {

const char* const kStrings[] = {"a", "1.0-stable", "web", "openssl", "dev/website", "linux/amd64", "MIT", "", "v2.1.0",
                                "1.2.3-rc.1", "zlib", "team"};
const char* const kKeys[] = {"team", "k", "mirror.skip"};
const char* const kSemvers[] = {"1.0.0", "v2.1.0", "1.2.3-rc.1", "0.9.9", "1.2.3"};
const char* const kVulnFields[] = {"critical", "high", "medium", "low", "unknown", "major", "minor", "all"};
const char* const kComponentFields[] = {"name", "version", "license", "type"};
const char* const kPatterns[] = {"[0-9.]+-stable", "v?[0-9]+\\\\.[0-9]+\\\\.[0-9]+", ".*web.*", "a|b", ""};
const char* const kGlobs[] = {"*", "dev/*", "*stable", "?.*", "linux/*", "*a*"};

class Gen {
 public:
  explicit Gen(Choices& c) : c_(c) {}

  template <size_t N>
  const char* one(const char* const (&xs)[N]) {
    return xs[c_.pick(N)];
  }
  std::string quoted(const char* s) { return fmt::format("\"{}\"", s); }

  std::string str(int d) {
    switch (c_.pick(d > 0 ? 9 : 6)) {
      case 0: return "tag";
      case 1: return "repo";
      case 2: return quoted(one(kStrings));
      case 3: return local_string().value_or("registry");
      case 4: return fmt::format("labels[\"{}\"]", one(kKeys));
      case 5: return "media_type";
      case 6: return fmt::format("lower({})", str(d - 1));
      case 7: return fmt::format("upper({})", str(d - 1));
      default: return fmt::format("label(\"{}\")", one(kKeys));
    }
  }

  std::string integer(int d) {
    switch (c_.pick(d > 0 ? 7 : 4)) {
      case 0: return "size";
      case 1: return fmt::format("vulns.{}", one(kVulnFields));
      case 2: return std::to_string(c_.pick(12));
      case 3: return fmt::format("len({})", one(kLists));
      case 4: return fmt::format("len({})", str(d - 1));
      case 5: return fmt::format("({} + {})", integer(d - 1), integer(d - 1));
      default: return fmt::format("({} - {})", integer(d - 1), integer(d - 1));
    }
  }

  std::string duration(int d) {
    switch (c_.pick(d > 0 ? 5 : 3)) {
      case 0: return "age";
      case 1: return fmt::format("{}{}", c_.pick(10), "dhms"[c_.pick(4)]);
      case 2: return "(pushed - created)";
      case 3: return fmt::format("({} + {})", duration(d - 1), duration(d - 1));
      default: return fmt::format("(now() - {})", time(d - 1));
    }
  }

  std::string time(int d) {
    switch (c_.pick(d > 0 ? 5 : 3)) {
      case 0: return "created";
      case 1: return "pushed";
      case 2: return "now()";
      case 3: return fmt::format("(now() - {})", duration(d - 1));
      default: return fmt::format("({} + {})", time(d - 1), duration(d - 1));
    }
  }

  std::string boolean(int d) {
    const char* const cmp[] = {"==", "!=", "<", "<=", ">", ">="};
    switch (c_.pick(d > 0 ? 19 : 12)) {
      case 0: return c_.pick(2) ? "true" : "false";
      case 1: return c_.pick(2) ? "signed" : "scanned";
      case 2: return fmt::format("{} {} {}", str(d - 1), one(cmp), str(d - 1));
      case 3: return fmt::format("{} {} {}", integer(d), one(cmp), integer(d));
      case 4: return fmt::format("{} {} {}", duration(d), one(cmp), duration(d));
      case 5: return fmt::format("{} {} {}", time(d), one(cmp), time(d));
      case 6: {
        const char* ops[] = {"startswith", "endswith", "contains"};
        return fmt::format("{} {} {}", str(d - 1), one(ops), str(d - 1));
      }
      case 7: return fmt::format("{} matches \"{}\"", str(d - 1), one(kPatterns));
      case 8: return fmt::format("{} like \"{}\"", str(d - 1), one(kGlobs));
      case 9: return fmt::format("{} {} [{}, {}]", str(d - 1), c_.pick(2) ? "in" : "not in", str(d - 1), quoted(one(kStrings)));
      case 10: return fmt::format("\"{}\" {} labels", one(kKeys), c_.pick(2) ? "in" : "not in");
      case 11: return fmt::format("semver({}) {} semver(\"{}\")", c_.pick(2) ? "tag" : quoted(one(kSemvers)), one(cmp), one(kSemvers));
      case 12: return fmt::format("not {}", paren(d - 1));
      case 13: return fmt::format("{} and {}", paren(d - 1), paren(d - 1));
      case 14: return fmt::format("{} or {}", paren(d - 1), paren(d - 1));
      case 15: return quantifier(d);
      case 16: return fmt::format("component.{} {} {}", one(kComponentFields), one(cmp), str(d - 1));
      case 17: return fmt::format("license {} [{}]", c_.pick(2) ? "in" : "not in", quoted(one(kStrings)));
      default: return fmt::format("platforms contains {}", str(d - 1));
    }
  }

  std::string paren(int d) { return "(" + boolean(d) + ")"; }

  std::string quantifier(int d) {
    const char* kind = c_.pick(2) ? "any" : "all";
    const std::string var = fmt::format("x{}", locals_.size());
    const int which = static_cast<int>(c_.pick(3));
    const char* collections[] = {"components", "platforms", "licenses"};
    locals_.push_back({var, which == 0});
    std::string body = paren(d - 1);
    locals_.pop_back();
    return fmt::format("{} {} in {}: {}", kind, var, collections[which], body);
  }

  std::optional<std::string> local_string() {
    if (locals_.empty()) return std::nullopt;
    const auto& l = locals_[c_.pick(static_cast<uint32_t>(locals_.size()))];
    return l.component ? fmt::format("{}.{}", l.name, one(kComponentFields)) : l.name;
  }

  std::string image() {
    std::vector<std::string> facts;
    const auto maybe = [&](const std::string& text) {
      if (c_.pick(6) != 0) facts.push_back(text);
    };
    maybe(fmt::format("\"registry\": \"dev.example.com\""));
    maybe(fmt::format("\"repo\": \"{}\"", c_.pick(2) ? "dev/website" : "team-a/api"));
    maybe(fmt::format("\"tag\": \"{}\"", one(kStrings)));
    maybe("\"digest\": \"sha256:0123456789abcdef0123\"");
    maybe("\"media_type\": \"application/vnd.oci.image.manifest.v1+json\"");
    maybe(fmt::format("\"created\": \"2026-11-{:02}T10:00:00Z\"", 1 + c_.pick(28)));
    maybe(fmt::format("\"pushed\": \"2026-11-{:02}T12:30:00Z\"", 1 + c_.pick(28)));
    maybe(fmt::format("\"size\": {}", c_.pick(12)));
    maybe(fmt::format("\"platforms\": [{}]", list_of(kStrings)));
    maybe(fmt::format("\"labels\": {{\"{}\": \"{}\", \"{}\": \"{}\"}}", one(kKeys), one(kStrings), one(kKeys), one(kStrings)));
    maybe(fmt::format("\"signed\": {}", c_.pick(2) ? "true" : "false"));
    if (c_.pick(3) != 0) {
      facts.push_back(fmt::format("\"vulns\": {{\"critical\": {}, \"high\": {}, \"medium\": {}, \"low\": {}, \"unknown\": {}}}",
                                  c_.pick(4), c_.pick(4), c_.pick(4), c_.pick(4), c_.pick(4)));
      std::string components;
      for (uint32_t n = c_.pick(4), k = 0; k < n; ++k) {
        components += fmt::format("{}{{\"name\": \"{}\", \"version\": \"{}\", \"license\": \"{}\", \"type\": \"{}\"}}",
                                  k ? ", " : "", one(kStrings), one(kSemvers), one(kStrings), one(kStrings));
      }
      facts.push_back("\"components\": [" + components + "]");
      facts.push_back(fmt::format("\"licenses\": [{}]", list_of(kStrings)));
    }
    std::string out = "{";
    for (size_t k = 0; k < facts.size(); ++k) out += (k ? ", " : "") + facts[k];
    return out + "}";
  }

 private:
  static constexpr const char* kLists[] = {"platforms", "licenses", "components", "labels"};

  template <size_t N>
  std::string list_of(const char* const (&xs)[N]) {
    std::string out;
    for (uint32_t n = c_.pick(4), k = 0; k < n; ++k) out += (k ? ", " : "") + quoted(one(xs));
    return out;
  }

  struct Local {
    std::string name;
    bool component;
  };
  Choices& c_;
  std::vector<Local> locals_;
};

}  // namespace

Case generate(Choices& choices) {
  Gen gen(choices);
  Case out;
  const uint32_t rules = 1 + choices.pick(4);
  for (uint32_t r = 0; r < rules; ++r) {
    out.policy += fmt::format("rule \"r{}\": {} => {}\n", r, gen.boolean(3),
                              choices.pick(3) == 0 ? "block \"b\"" : "push qa.example.com/qa/x as \"<tag>-<short_digest>\"");
  }
  out.image = gen.image();
  return out;
}

}  // namespace ferry::oracle
