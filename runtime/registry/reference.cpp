#include "runtime/registry/reference.h"

#include <fmt/format.h>

namespace ferry::registry {
namespace {

bool is_host(std::string_view first) {
  return first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos || first == "localhost";
}

bool valid_host(std::string_view s) {
  const size_t colon = s.find(':');
  const std::string_view host = s.substr(0, colon);
  if (host.empty()) return false;
  for (const char c : host) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  if (colon == std::string_view::npos) return true;
  const std::string_view port = s.substr(colon + 1);
  return !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string_view::npos;
}

bool valid_component(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

bool valid_tag(std::string_view s) {
  if (s.empty() || s.size() > 128 || s[0] == '.' || s[0] == '-') return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

bool valid_digest(std::string_view s) {
  if (!s.starts_with("sha256:") || s.size() != 7 + 64) return false;
  for (const char c : s.substr(7)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Splits off the registry host and checks the repository's path components.
std::optional<ImageRef> split(std::string_view name, std::string_view whole, std::string& error, bool repo_optional) {
  ImageRef out;
  const size_t slash = name.find('/');
  const std::string_view first = name.substr(0, slash);
  if (is_host(first) || (repo_optional && slash == std::string_view::npos)) {
    out.registry = first;
    out.repository = slash == std::string_view::npos ? "" : name.substr(slash + 1);
  } else {
    out.registry = "docker.io";
    out.repository = slash == std::string_view::npos ? "library/" + std::string(name) : std::string(name);
  }
  if (!valid_host(out.registry)) {
    error = fmt::format("`{}`: `{}` is not a registry host[:port]", whole, out.registry);
    return std::nullopt;
  }
  if (out.repository.empty() && !repo_optional) {
    error = fmt::format("`{}` names no repository", whole);
    return std::nullopt;
  }
  for (size_t begin = 0; !out.repository.empty() && begin <= out.repository.size();) {
    size_t end = out.repository.find('/', begin);
    if (end == std::string::npos) end = out.repository.size();
    if (!valid_component(std::string_view(out.repository).substr(begin, end - begin))) {
      error = fmt::format("`{}`: the repository `{}` must be lowercase path components of letters, digits, `.`, `_` and `-`",
                          whole, out.repository);
      return std::nullopt;
    }
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string ImageRef::text() const {
  return fmt::format("{}/{}{}{}", registry, repository, digest.empty() ? ":" : "@", digest.empty() ? tag : digest);
}

std::optional<ImageRef> parse_image_ref(std::string_view text, std::string& error) {
  std::string_view name = text;
  std::string digest;
  std::string tag = "latest";
  if (const size_t at = name.find('@'); at != std::string_view::npos) {
    digest = name.substr(at + 1);
    name = name.substr(0, at);
    if (!valid_digest(digest)) {
      error = fmt::format("`{}`: `{}` is not a sha256 digest", text, digest);
      return std::nullopt;
    }
    tag.clear();
  }
  // A tag is after the last `:` that follows the last `/` (a port's `:` comes before it).
  const size_t slash = name.rfind('/');
  const size_t colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    if (!digest.empty()) {
      error = fmt::format("`{}`: give a tag or a digest, not both", text);
      return std::nullopt;
    }
    tag = name.substr(colon + 1);
    name = name.substr(0, colon);
    if (!valid_tag(tag)) {
      error = fmt::format("`{}`: `{}` is not a valid tag", text, tag);
      return std::nullopt;
    }
  }
  auto out = split(name, text, error, false);
  if (!out) return std::nullopt;
  out->tag = tag;
  out->digest = digest;
  return out;
}

std::optional<ImageRef> parse_registry_ref(std::string_view text, std::string& error) {
  return split(text, text, error, true);
}

}  // namespace ferry::registry
