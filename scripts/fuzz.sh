#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 14 (ASan + UBSan) in build-fuzz/ and runs each
# policy fuzzer for SECONDS (default 60), seeded from the golden policies and the
# examples, and each scan report reader's fuzzer for half that, seeded from the real
# reports in tests/data/scans. A crash
# fails the script; its input is saved under fuzz/regressions/ (commit it: ctest then
# replays it) and printed in base64 so it can be recovered from a CI log.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/setup.sh --fuzz
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFERRY_FUZZ=ON >/dev/null
report_fuzzers=(trivy_report_fuzzer grype_report_fuzzer cyclonedx_report_fuzzer spdx_report_fuzzer intoto_report_fuzzer)
cmake --build build-fuzz -j2 --target parse_fuzzer check_fuzzer vm_fuzzer fmt_fuzzer "${report_fuzzers[@]}"

# The text fuzzers start from the golden policies and a dictionary of tokens; the VM
# fuzzer's bytes are choices for its policy generator, so it starts from nothing.
fuzz_options() {
  case $1 in
    vm_fuzzer) echo "-max_len=512" ;;
    *_report_fuzzer) echo "-max_len=262144 -dict=fuzz/report.dict" ;;
    *) echo "-max_len=4096 -dict=fuzz/ferry.dict" ;;
  esac
}
seeds() {
  case $1 in
    vm_fuzzer) ;;
    *_report_fuzzer) echo "tests/data/scans" ;;
    *) echo "tests/golden examples fuzz/regressions" ;;
  esac
}

status=0
for target in parse_fuzzer check_fuzzer vm_fuzzer fmt_fuzzer "${report_fuzzers[@]}"; do
  time=$seconds
  case $target in *_report_fuzzer) time=$((seconds / 2)) ;; esac
  corpus=build-fuzz/corpus/$target
  artifacts=build-fuzz/artifacts/$target/
  mkdir -p "$corpus" "$artifacts"
  echo "== $target for ${time}s"
  # -entropic=0: the entropic schedule spent 70% of the time in its own bookkeeping on
  # this target (measured with perf), five times fewer executions for the same minute.
  if ! build-fuzz/fuzz/$target -entropic=0 -max_total_time="$time" -timeout=10 -rss_limit_mb=4096 \
      $(fuzz_options $target) -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" $(seeds $target) \
      2>build-fuzz/$target.log; then
    status=1
    tail -n 40 build-fuzz/$target.log
    for crash in "$artifacts"*; do
      [ -f "$crash" ] || continue
      cp "$crash" "fuzz/regressions/$target-$(basename "$crash")"
      echo "saved fuzz/regressions/$target-$(basename "$crash"); base64:"
      base64 -w0 "$crash"; echo
    done
  else
    grep -E "stat::number_of_executed_units|Done" build-fuzz/$target.log | tail -n 2
  fi
done
exit $status
