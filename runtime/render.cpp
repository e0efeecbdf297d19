#include "runtime/render.h"

#include <fmt/format.h>

#include <ctime>
#include <iterator>

namespace ferry {
namespace {

constexpr const char* kTimestamp = "%Y%m%dT%H%M%SZ";

// Appends strftime's rendering of `t` (UTC); false when it renders nothing.
bool append_time(std::string& out, int64_t t, const char* format) {
  const auto seconds = static_cast<std::time_t>(t);
  std::tm tm{};
  char buffer[257];
  if (!gmtime_r(&seconds, &tm)) return false;
  const size_t n = std::strftime(buffer, sizeof buffer, format, &tm);
  out.append(buffer, n);
  return n > 0;
}

// Appends the value of one placeholder; false with `error` set when it has none.
bool append_placeholder(std::string& out, const TemplatePart& part, const ImageFacts& image, int64_t now,
                        std::string& error) {
  const auto need = [&](FactId id) {
    if (image.has(id)) return true;
    error = fmt::format("`<{}>` needs `{}`, which is unknown for this image", fact_info(id).name, fact_info(id).name);
    return false;
  };
  const auto time = [&](int64_t t) {
    if (append_time(out, t, part.has_arg ? part.text.c_str() : kTimestamp)) return true;
    error = fmt::format("time format \"{}\" renders nothing", part.text);
    return false;
  };
  switch (part.placeholder) {
    case PlaceholderKind::Tag:
      if (!need(FactId::Tag)) return false;
      out += image.tag();
      return true;
    case PlaceholderKind::Repo:
      if (!need(FactId::Repo)) return false;
      out += image.repo();
      return true;
    case PlaceholderKind::Registry:
      if (!need(FactId::Registry)) return false;
      out += image.registry();
      return true;
    case PlaceholderKind::Digest:
    case PlaceholderKind::ShortDigest: {
      if (!need(FactId::Digest)) return false;
      const size_t colon = image.digest().find(':');
      std::string_view hex = image.digest();
      if (colon != std::string::npos) hex.remove_prefix(colon + 1);
      out += part.placeholder == PlaceholderKind::ShortDigest ? hex.substr(0, 12) : hex;
      return true;
    }
    case PlaceholderKind::Timestamp:
    case PlaceholderKind::Now:
      return time(now);
    case PlaceholderKind::Date:
      return append_time(out, now, "%Y%m%d");
    case PlaceholderKind::Created:
      return need(FactId::Created) && time(image.created);
    case PlaceholderKind::Label: {
      const auto value = image.label(part.text);
      if (!value) {
        error = fmt::format("`<label:{}>`: the image has no label \"{}\"", part.text, part.text);
        return false;
      }
      out += *value;
      return true;
    }
  }
  return false;
}

bool render(const std::vector<TemplatePart>& parts, const ImageFacts& image, int64_t now, bool in_tag, std::string& out,
            std::string& error) {
  for (const auto& part : parts) {
    if (part.literal) {
      out += part.text;
      continue;
    }
    const size_t start = out.size();
    if (!append_placeholder(out, part, image, now, error)) return false;
    if (in_tag) {
      for (size_t i = start; i < out.size(); ++i) out[i] = out[i] == '/' ? '-' : out[i];
    }
  }
  return true;
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

bool render_push(const CompiledAction& action, const ImageFacts& image, int64_t now, std::string& destination,
                 std::string& tag, std::string& error) {
  size_t path_start = 0;
  if (!action.destination_has_host) {
    if (!image.has(FactId::Registry)) {
      error = "the destination is on the source registry, and `registry` is unknown for this image";
      return false;
    }
    destination = image.registry();
    destination += '/';
    path_start = destination.size();
  }
  if (!render(action.destination, image, now, false, destination, error)) return false;
  if (action.destination_has_host) path_start = destination.find('/') + 1;
  if (!is_valid_repository(std::string_view(destination).substr(path_start))) {
    error = fmt::format("the destination renders as \"{}\", which is not a valid repository", destination);
    return false;
  }
  if (action.has_tag) {
    if (!render(action.tag, image, now, true, tag, error)) return false;
  } else if (image.has(FactId::Tag)) {
    tag = image.tag();
  } else {
    error = "the push keeps the source tag, and `tag` is unknown for this image";
    return false;
  }
  if (!is_valid_tag(tag)) {
    error = fmt::format("the tag renders as \"{}\", which is not a valid tag", tag);
    return false;
  }
  return true;
}

}  // namespace ferry
