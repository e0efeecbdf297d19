// The registry client options of a command line: transport, trust and credentials.
#pragma once

#include <optional>
#include <string>

#include "cli/commands.h"
#include "runtime/registry/client.h"

namespace ferry::cli {

// The client for `registry`: plain HTTP only when it is named insecure, its CA and client
// certificate from certs.d, credentials from `creds` (USER:PASSWORD) or the auth file.
// Nullopt, after saying why on stderr, for unusable credentials.
std::optional<registry::ClientOptions> client_options(const std::string& registry, const RegistryOptions& options,
                                                      const std::string& creds);

}  // namespace ferry::cli
