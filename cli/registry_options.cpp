#include "cli/registry_options.h"

#include <algorithm>
#include <iostream>

namespace ferry::cli {

using namespace ferry::registry;

std::optional<ClientOptions> client_options(const std::string& registry, const RegistryOptions& options,
                                            const std::string& creds) {
  ClientOptions out;
  out.insecure = std::find(options.insecure.begin(), options.insecure.end(), registry) != options.insecure.end();
  out.tls = find_tls_files(registry, options.cert_dirs);
  out.upload_chunk = static_cast<uint64_t>(options.upload_chunk_mib) * 1024 * 1024;
  if (!creds.empty()) {
    out.credentials = parse_creds(creds);
    if (!out.credentials) {
      std::cerr << "ferry: credentials are USER:PASSWORD\n";
      return std::nullopt;
    }
    return out;
  }
  std::string error;
  out.credentials = find_credentials(registry, error);
  if (!error.empty()) {
    std::cerr << "ferry: " << error << '\n';
    return std::nullopt;
  }
  return out;
}

}  // namespace ferry::cli
