#include "runtime/render.h"

#include <fmt/format.h>

#include "runtime/timefmt.h"

namespace ferry {
namespace {

constexpr const char* kTimestamp = "%Y%m%dT%H%M%SZ";

bool is_tag_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// The value of one placeholder, or nullopt with `error` set.
std::optional<std::string> placeholder(const TemplatePart& part, const ImageFacts& image, int64_t now,
                                       std::string& error) {
  const auto need = [&](FactId id) {
    if (image.has(id)) return true;
    error = fmt::format("`<{}>` needs `{}`, which is unknown for this image", fact_info(id).name, fact_info(id).name);
    return false;
  };
  const auto hex = [&]() -> std::optional<std::string> {
    if (!need(FactId::Digest)) return std::nullopt;
    const size_t colon = image.digest.find(':');
    return colon == std::string::npos ? image.digest : image.digest.substr(colon + 1);
  };
  const auto time = [&](int64_t t, const char* fallback) -> std::optional<std::string> {
    auto s = format_time(t, part.has_arg ? part.text : fallback);
    if (!s) error = fmt::format("time format \"{}\" renders nothing", part.text);
    return s;
  };
  switch (part.placeholder) {
    case PlaceholderKind::Tag:
      if (!need(FactId::Tag)) return std::nullopt;
      return image.tag;
    case PlaceholderKind::Repo:
      if (!need(FactId::Repo)) return std::nullopt;
      return image.repo;
    case PlaceholderKind::Registry:
      if (!need(FactId::Registry)) return std::nullopt;
      return image.registry;
    case PlaceholderKind::Digest:
      return hex();
    case PlaceholderKind::ShortDigest: {
      auto h = hex();
      if (h) h = h->substr(0, 12);
      return h;
    }
    case PlaceholderKind::Timestamp:
      return time(now, kTimestamp);
    case PlaceholderKind::Date:
      return format_time(now, "%Y%m%d");
    case PlaceholderKind::Created:
      if (!need(FactId::Created)) return std::nullopt;
      return time(image.created, kTimestamp);
    case PlaceholderKind::Now:
      return time(now, kTimestamp);
    case PlaceholderKind::Label: {
      const std::string* value = image.label(part.text);
      if (!value) {
        error = fmt::format("`<label:{}>`: the image has no label \"{}\"", part.text, part.text);
        return std::nullopt;
      }
      return *value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> render(const std::vector<TemplatePart>& parts, const ImageFacts& image, int64_t now,
                                  bool in_tag, std::string& error) {
  std::string out;
  for (const auto& part : parts) {
    if (part.literal) {
      out += part.text;
      continue;
    }
    auto value = placeholder(part, image, now, error);
    if (!value) return std::nullopt;
    if (in_tag) {
      for (auto& c : *value) c = c == '/' ? '-' : c;
    }
    out += *value;
  }
  return out;
}

// Lowercase path components of [a-z0-9] separated by `.`, `_`, `__` or `-`s, as the
// checker demands of the literal text; checked again once placeholders have values.
bool is_valid_repository(std::string_view path) {
  if (path.empty() || path.size() > 255) return false;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') continue;
    const std::string_view c = path.substr(start, i - start);
    if (c.empty()) return false;
    const auto alnum = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); };
    if (!alnum(c.front()) || !alnum(c.back())) return false;
    for (size_t k = 0; k < c.size(); ++k) {
      const char ch = c[k];
      if (alnum(ch) || ch == '-') continue;
      if (ch != '.' && ch != '_') return false;
      if (!alnum(c[k - 1]) && !(ch == '_' && c[k - 1] == '_' && k >= 2 && alnum(c[k - 2]))) return false;
    }
    start = i + 1;
  }
  return true;
}

}  // namespace

bool is_valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128 || tag[0] == '.' || tag[0] == '-') return false;
  for (char c : tag) {
    if (!is_tag_char(c)) return false;
  }
  return true;
}

std::optional<PushAction> render_push(const CompiledAction& action, const ImageFacts& image, int64_t now,
                                      std::string& error) {
  PushAction out;
  auto destination = render(action.destination, image, now, false, error);
  if (!destination) return std::nullopt;
  std::string_view path = *destination;
  if (action.destination_has_host) {
    path = path.substr(path.find('/') + 1);
  } else {
    if (!image.has(FactId::Registry)) {
      error = "the destination is on the source registry, and `registry` is unknown for this image";
      return std::nullopt;
    }
    destination = image.registry + "/" + *destination;
    path = std::string_view(*destination).substr(image.registry.size() + 1);
  }
  if (!is_valid_repository(path)) {
    error = fmt::format("the destination renders as \"{}\", which is not a valid repository", *destination);
    return std::nullopt;
  }
  out.destination = std::move(*destination);
  if (action.has_tag) {
    auto tag = render(action.tag, image, now, true, error);
    if (!tag) return std::nullopt;
    out.tag = std::move(*tag);
  } else {
    if (!image.has(FactId::Tag)) {
      error = "the push keeps the source tag, and `tag` is unknown for this image";
      return std::nullopt;
    }
    out.tag = image.tag;
  }
  if (!is_valid_tag(out.tag)) {
    error = fmt::format("the tag renders as \"{}\", which is not a valid tag", out.tag);
    return std::nullopt;
  }
  return out;
}

}  // namespace ferry
