#!/usr/bin/env bash
# Builds ferry and its tests with AddressSanitizer + UndefinedBehaviorSanitizer in
# build-asan/ and runs the test suite once under them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFERRY_SANITIZE=ON -DFERRY_TESTS=ON >/dev/null
cmake --build build-asan -j2
cd build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j2
