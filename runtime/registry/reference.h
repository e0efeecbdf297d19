// Image references on the command line: `HOST[:PORT]/REPO[:TAG|@DIGEST]`, with Docker's
// rule for the host (the first segment has `.` or `:`, or is `localhost`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ferry::registry {

struct ImageRef {
  std::string registry;    // host[:port]; docker.io when the reference names none
  std::string repository;  // path, e.g. dev/website
  std::string tag;         // empty when by digest
  std::string digest;      // sha256:..., empty when by tag

  std::string reference() const { return digest.empty() ? tag : digest; }  // for /manifests/
  std::string text() const;  // as a user writes it
};

// Nullopt with `error` set when `text` is not a reference.
std::optional<ImageRef> parse_image_ref(std::string_view text, std::string& error);

// `HOST[:PORT][/REPO]` for `ferry ping`: the repository may be empty.
std::optional<ImageRef> parse_registry_ref(std::string_view text, std::string& error);

}  // namespace ferry::registry
