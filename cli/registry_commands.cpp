// `ferry copy SRC DEST` and `ferry ping REGISTRY[/REPO]`: the registry client on its own.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress_display.h"
#include "cli/registry_options.h"
#include "runtime/registry/copier.h"

namespace ferry::cli {
using namespace ferry::registry;

int run_copy(const CopyOptions& options) {
  std::string error;
  const auto from = parse_image_ref(options.source, error);
  const auto to = from ? parse_image_ref(options.destination, error) : std::nullopt;
  if (!from || !to) {
    std::cerr << "ferry: " << error << '\n';
    return kExitUsage;
  }
  const auto src_options = client_options(from->registry, options.registries, options.source_creds);
  const auto dst_options = client_options(to->registry, options.registries, options.destination_creds);
  if (!src_options || !dst_options) return kExitUsage;
  Client source(from->registry, *src_options);
  Client destination(to->registry, *dst_options);
  registry::CopyOptions copy;
  if (!options.platform.empty()) copy.platform = options.platform;
  copy.jobs = options.jobs;
  copy.referrers = !options.no_referrers;
  if (options.log_format == "json") {
    copy.log = [](const CopyEvent& event) { std::cerr << event.json().dump() << '\n'; };
  } else if (options.verbose) {
    copy.log = [](const CopyEvent& event) { std::cerr << "  " << event.text() << '\n'; };
  }
  // On a terminal, with no event lines asked for: the progress display.
  std::optional<ProgressDisplay> display;
  if (!copy.log && isatty(STDERR_FILENO)) {
    display.emplace(stderr);
    copy.progress = [&](const std::string& digest, uint64_t done, uint64_t total) { display->progress(digest, done, total); };
    copy.log = [&](const CopyEvent& event) { display->event(event); };
  }
  try {
    const CopyReport r = copy_image(source, *from, destination, *to, copy);
    display.reset();
    if (r.up_to_date && r.attached == 0) {
      std::cout << fmt::format("{} already names {} ({}): nothing to copy\n", to->text(), from->text(), r.digest);
      return kExitOk;
    }
    std::cout << fmt::format(
        "copied {} to {} ({}): {} blobs copied ({} bytes), {} already there, {} mounted; {} manifests pushed, {} already there; "
        "{} attached (signatures, attestations, SBOMs, referrers)\n",
        from->text(), to->text(), r.digest, r.blobs_copied, r.bytes, r.blobs_present, r.blobs_mounted, r.manifests,
        r.manifests_present, r.attached);
    return kExitOk;
  } catch (const RegistryError& e) {
    display.reset();
    std::cerr << "ferry: copy failed: " << e.what() << '\n';
    return kExitRegistry;
  }
}

int run_ping(const PingOptions& options) {
  std::string error;
  const auto target = parse_registry_ref(options.target, error);
  if (!target) {
    std::cerr << "ferry: " << error << '\n';
    return kExitUsage;
  }
  const auto client = client_options(target->registry, options.registries, options.creds);
  if (!client) return kExitUsage;
  std::cout << fmt::format("{}: {}{}, {}\n", target->registry, client->insecure ? "plain HTTP (insecure)" : "TLS verified",
                           client->tls.ca_file.empty() ? " with the system CAs" : " with CA " + client->tls.ca_file,
                           client->credentials ? "credentials found" : "no credentials");
  try {
    Client c(target->registry, *client);
    c.ping(target->repository);
    std::cout << "  /v2/: ok\n";
    if (!target->repository.empty()) {
      c.check_push(target->repository);
      std::cout << fmt::format("  push to {}: allowed\n", target->repository);
    }
    return kExitOk;
  } catch (const RegistryError& e) {
    std::cout << "  failed: " << e.what() << '\n';
    return kExitRegistry;
  }
}

}  // namespace ferry::cli
