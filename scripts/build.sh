#!/usr/bin/env bash
# Configures and builds ferry in build/ (Release with debug info, tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFERRY_TESTS=ON >/dev/null
cmake --build build -j2
