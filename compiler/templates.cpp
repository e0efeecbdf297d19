#include "compiler/templates.h"

#include <fmt/format.h>

#include "grammar/suggest.h"
#include "grammar/text.h"

namespace ferry {
namespace {

enum class ArgRule : uint8_t { None, Required, Optional };

struct PlaceholderSpec {
  std::string_view name;
  PlaceholderKind kind;
  ArgRule arg;
};

constexpr PlaceholderSpec kPlaceholders[] = {
    {"tag", PlaceholderKind::Tag, ArgRule::None},
    {"repo", PlaceholderKind::Repo, ArgRule::None},
    {"registry", PlaceholderKind::Registry, ArgRule::None},
    {"digest", PlaceholderKind::Digest, ArgRule::None},
    {"short_digest", PlaceholderKind::ShortDigest, ArgRule::None},
    {"timestamp", PlaceholderKind::Timestamp, ArgRule::None},
    {"date", PlaceholderKind::Date, ArgRule::None},
    {"created", PlaceholderKind::Created, ArgRule::Optional},
    {"label", PlaceholderKind::Label, ArgRule::Required},
    {"now", PlaceholderKind::Now, ArgRule::Required},
};

void check_time_format(const TemplatePart& part, size_t arg_offset, std::vector<TemplateError>& errors) {
  const std::string& format = part.text;
  for (size_t i = 0; i < format.size(); ++i) {
    const size_t at = arg_offset + i;
    if (format[i] == '%') {
      if (i + 1 >= format.size()) {
        errors.push_back({DiagCode::E0215, at, 1, "the time format ends with a lone `%`"});
        return;
      }
      const char code = format[++i];
      if (kTagSafeTimeCodes.find(code) == std::string_view::npos) {
        errors.push_back({DiagCode::E0215, at, 2,
                          fmt::format("`%{}` is not a time code ferry can put in a tag; use one of {}", code,
                                      [] {
                                        std::string all;
                                        for (char c : kTagSafeTimeCodes) all += fmt::format("%{} ", c);
                                        all.pop_back();
                                        return all;
                                      }())});
        return;
      }
    } else if (!is_tag_char(format[i])) {
      const std::string_view c = utf8_char_at(format, i);
      errors.push_back({DiagCode::E0214, at, c.size(),
                        fmt::format("`{}` cannot appear in a tag; tags use letters, digits, `_`, `.` and `-`", c)});
      return;
    }
  }
}

}  // namespace

ParsedTemplate split_template(std::string_view text) {
  ParsedTemplate out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '<') {
      const size_t next = text.find('<', i);
      const size_t end = next == std::string_view::npos ? text.size() : next;
      out.parts.push_back({true, std::string(text.substr(i, end - i)), PlaceholderKind::Tag, false, i, end - i});
      i = end;
      continue;
    }
    const size_t close = text.find('>', i);
    if (close == std::string_view::npos) {
      out.errors.push_back({DiagCode::E0215, i, text.size() - i, "placeholder is not closed; expected `>`"});
      return out;
    }
    const std::string_view inside = text.substr(i + 1, close - i - 1);
    const size_t colon = inside.find(':');
    const std::string_view name = inside.substr(0, colon);
    TemplatePart part{false, "", PlaceholderKind::Tag, colon != std::string_view::npos, i, close - i + 1};
    if (part.has_arg) part.text = std::string(inside.substr(colon + 1));
    const PlaceholderSpec* spec = nullptr;
    for (const auto& candidate : kPlaceholders) {
      if (candidate.name == name) spec = &candidate;
    }
    if (!spec) {
      out.errors.push_back({DiagCode::E0213, i, part.length,
                            fmt::format("unknown placeholder `<{}>`{}", name, [&]() -> std::string {
                              const auto best = closest_name(name, placeholder_names());
                              return best ? "; did you mean `<" + *best + ">`?" : "";
                            }())});
    } else {
      part.placeholder = spec->kind;
      if (spec->arg == ArgRule::None && part.has_arg) {
        out.errors.push_back({DiagCode::E0215, i, part.length, fmt::format("`<{}>` takes no argument", name)});
      } else if (spec->arg == ArgRule::Required && (!part.has_arg || part.text.empty())) {
        out.errors.push_back({DiagCode::E0215, i, part.length,
                              spec->kind == PlaceholderKind::Label
                                  ? std::string("`<label:KEY>` needs the label's key, as in `<label:version>`")
                                  : std::string("`<now:FORMAT>` needs a strftime format, as in `<now:%Y%m%d>`; "
                                                "`<timestamp>` is the promotion time")});
      } else if (spec->arg == ArgRule::Optional && part.has_arg && part.text.empty()) {
        out.errors.push_back({DiagCode::E0215, i, part.length,
                              fmt::format("`<{}:>` has an empty format; write `<{}>` or `<{}:%Y%m%d>`", name, name, name)});
      } else if ((spec->kind == PlaceholderKind::Now || spec->kind == PlaceholderKind::Created) && part.has_arg) {
        check_time_format(part, i + colon + 2, out.errors);
      }
    }
    out.parts.push_back(std::move(part));
    i = close + 1;
  }
  return out;
}

std::vector<std::string> placeholder_names() {
  std::vector<std::string> names;
  for (const auto& p : kPlaceholders) names.emplace_back(p.name);
  return names;
}

ParsedTemplate parse_tag_template(std::string_view text) {
  ParsedTemplate out = split_template(text);
  if (text.empty()) {
    out.errors.push_back({DiagCode::E0214, 0, 0, "an empty tag template renders an empty tag"});
    return out;
  }
  size_t literal_length = 0;
  for (const auto& part : out.parts) {
    if (!part.literal) continue;
    literal_length += part.text.size();
    for (size_t k = 0; k < part.text.size(); ++k) {
      const char c = part.text[k];
      if (!is_tag_char(c)) {
        const std::string_view bad = utf8_char_at(part.text, k);
        out.errors.push_back({DiagCode::E0214, part.offset + k, bad.size(),
                              fmt::format("`{}` cannot appear in a tag; tags use letters, digits, `_`, `.` and `-`", bad)});
        return out;
      }
    }
    if (part.offset == 0 && (part.text[0] == '.' || part.text[0] == '-')) {
      out.errors.push_back({DiagCode::E0214, 0, 1,
                            fmt::format("a tag cannot start with `{}`", part.text[0])});
      return out;
    }
  }
  if (literal_length > 128) {
    out.errors.push_back({DiagCode::E0214, 0, text.size(),
                          fmt::format("the literal text alone is {} characters; a tag has at most 128", literal_length)});
  }
  return out;
}

}  // namespace ferry
