// Validation of destination references; see templates.h.
#include <fmt/format.h>

#include "compiler/templates.h"
#include "grammar/text.h"

namespace ferry {
namespace {

// Placeholders stand for some valid text; in the shape of a reference they are this byte.
constexpr char kSlot = '\x01';

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == kSlot; }

// `origin[k]` is the offset in the reference's text of the k-th byte of `host`.
void check_host(std::string_view host, const size_t* origin, std::vector<TemplateError>& errors) {
  const size_t colon = host.find(':');
  const std::string_view name = host.substr(0, colon);
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == kSlot;
    if (!ok || (c == '.' && (i == 0 || i + 1 == name.size() || name[i - 1] == '.'))) {
      errors.push_back({DiagCode::E0216, origin[i], 1, "invalid registry host name"});
      return;
    }
  }
  if (name.empty()) {
    errors.push_back({DiagCode::E0216, origin[0], 1, "missing registry host name before `:`"});
    return;
  }
  if (colon == std::string_view::npos) return;
  const std::string_view port = host.substr(colon + 1);
  bool digits = !port.empty() && port.size() <= 5;
  for (char c : port) digits = digits && ((c >= '0' && c <= '9') || c == kSlot);
  if (!digits) errors.push_back({DiagCode::E0216, origin[colon], host.size() - colon, "a registry port is a number of at most 5 digits"});
}

// A path component: lowercase alphanumerics separated by `.`, `_`, `__` or runs of `-`.
void check_component(std::string_view component, std::string_view original, const size_t* origin,
                     std::vector<TemplateError>& errors) {
  for (size_t i = 0; i < component.size(); ++i) {
    const char c = component[i];
    if (c >= 'A' && c <= 'Z') {
      errors.push_back({DiagCode::E0217, origin[0], origin[component.size() - 1] - origin[0] + 1,
                        fmt::format("repository names are lowercase; write `{}`", ascii_lower(original))});
      return;
    }
    if (c == '@') {
      errors.push_back({DiagCode::E0216, origin[i], component.size() - i,
                        "a destination names a repository, not a digest; the image keeps its digest when copied"});
      return;
    }
    if (c == ':') {
      errors.push_back({DiagCode::E0216, origin[i], component.size() - i,
                        "a destination names a repository, not a tag; put the tag in `as \"...\"`"});
      return;
    }
    if (!is_lower_alnum(c) && c != '.' && c != '_' && c != '-') {
      errors.push_back({DiagCode::E0216, origin[i], 1,
                        fmt::format("`{}` cannot appear in a repository name", utf8_char_at(component, i))});
      return;
    }
  }
  if (!is_lower_alnum(component.front()) || !is_lower_alnum(component.back())) {
    const size_t at = is_lower_alnum(component.front()) ? component.size() - 1 : 0;
    errors.push_back({DiagCode::E0216, origin[at], 1,
                      "a repository path component starts and ends with a letter or digit"});
    return;
  }
  for (size_t i = 0; i < component.size();) {
    if (is_lower_alnum(component[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < component.size() && !is_lower_alnum(component[j])) ++j;
    const std::string_view sep = component.substr(i, j - i);
    const bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (!(sep == "." || sep == "_" || sep == "__" || dashes)) {
      errors.push_back({DiagCode::E0216, origin[i], sep.size(),
                        fmt::format("`{}` cannot separate words in a repository name; use `.`, `_`, `__` or `-`", sep)});
      return;
    }
    i = j;
  }
}

}  // namespace

ParsedTemplate parse_reference(std::string_view text) {
  ParsedTemplate out = split_template(text);
  if (!out.errors.empty()) return out;
  // The shape: literal text as written, each placeholder one slot byte; offsets map back.
  std::string shape;
  std::vector<size_t> origin;
  for (const auto& part : out.parts) {
    if (part.literal) {
      for (size_t k = 0; k < part.text.size(); ++k) {
        shape += part.text[k];
        origin.push_back(part.offset + k);
      }
    } else {
      shape += kSlot;
      origin.push_back(part.offset);
    }
  }
  origin.push_back(text.size());
  std::vector<std::pair<size_t, size_t>> segments;  // [begin, end) in shape
  size_t start = 0;
  for (size_t i = 0; i <= shape.size(); ++i) {
    if (i == shape.size() || shape[i] == '/') {
      segments.emplace_back(start, i);
      start = i + 1;
    }
  }
  for (const auto& [b, e] : segments) {
    if (b == e) {
      // A trailing `/` is the character to point at; elsewhere the empty part's start.
      out.errors.push_back({DiagCode::E0216, origin[b == shape.size() ? b - 1 : b], 1,
                            "empty path component: a reference neither starts nor ends with `/` nor has `//`"});
      return out;
    }
  }
  size_t first_path = 0;
  const std::string_view first(shape.data() + segments[0].first, segments[0].second - segments[0].first);
  const bool registry_slot = out.parts.size() > 1 && !out.parts[0].literal &&
                             out.parts[0].placeholder == PlaceholderKind::Registry && first == std::string_view(&kSlot, 1);
  if (segments.size() > 1 && (first.find_first_of(".:") != std::string_view::npos || first == "localhost" || registry_slot)) {
    check_host(first, &origin[segments[0].first], out.errors);
    first_path = 1;
    out.has_host = true;
  } else if (first.find(':') != std::string_view::npos) {
    // `website:latest` alone: a tag, not a port.
    check_component(first, text, &origin[segments[0].first], out.errors);
    return out;
  }
  size_t path_length = 0;
  for (size_t s = first_path; s < segments.size() && out.errors.empty(); ++s) {
    const auto [b, e] = segments[s];
    path_length += e - b + 1;
    check_component(std::string_view(shape).substr(b, e - b), text, &origin[b], out.errors);
  }
  if (out.errors.empty() && path_length > 256) {
    out.errors.push_back({DiagCode::E0216, 0, text.size(), "a repository name has at most 255 characters"});
  }
  return out;
}

}  // namespace ferry
