#!/usr/bin/env bash
# Installs what ferry needs to build and test on Debian 12 (run as root).
#   scripts/setup.sh          build and test dependencies
#   scripts/setup.sh --fuzz   also clang 14 and its sanitizer runtimes, for the fuzzers
set -euo pipefail

packages=(g++ cmake ninja-build ccache pkg-config python3
          tao-pegtl-dev libfmt-dev nlohmann-json3-dev libre2-dev libcli11-dev catch2 libsimdjson-dev
          python3-jsonschema  # the SARIF schema test of ferry lint
          libcurl4-openssl-dev libssl-dev libsqlite3-dev libcpp-httplib-dev
          docker-registry skopeo apache2-utils openssl curl  # real registries for the tests
          jq)  # independent counts in the scan facts test
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
