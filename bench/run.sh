#!/usr/bin/env bash
# The benchmark of docs/performance.md in one command:
#   bench/run.sh [IMAGES]      (default 100000)
# Builds ferry, generates IMAGES deterministic image records, measures ferry and its
# peers (CEL: @bufbuild/cel, @marcbachmann/cel-js; Cedar: @cedar-policy/cedar-wasm, on
# Node.js) on the same policy and data, checks that every peer's decisions have the same
# checksum as ferry's, and prints the table with ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
now=2026-11-26T00:00:00Z

scripts/setup.sh
command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
scripts/build.sh >/dev/null
(cd bench/peers && npm ci --no-audit --no-fund --silent)

images=build/bench/images-$n.jsonl
[ -f "$images" ] || python3 bench/generate_images.py "$n" 42 >"$images"

results=build/bench/results-$n.jsonl
{
  build/bench/ferry_bench bench/policy.ferry "$images" "$now"
  node bench/peers/peers.mjs "$images" "$now"
} | tee "$results"

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ferry = rows[0]
bad = [r["peer"] for r in rows if r["checksum"] != ferry["checksum"] or r.get("checksum_with_parsing", ferry["checksum"]) != ferry["checksum"]]
print()
print(f"{ferry['images']} images, one thread. Ratios are ferry / peer.")
print()
print("| engine | decisions/s, facts in memory | ratio | decisions/s, with JSON parsing | ratio | peak RSS MB | checksum |")
print("|---|---:|---:|---:|---:|---:|---|")
for r in rows:
    ratio = ferry["decisions_per_second"] / r["decisions_per_second"]
    ratio_p = ferry["with_parsing_per_second"] / r["with_parsing_per_second"]
    print(f"| {r['peer']} | {r['decisions_per_second']:,} | {ratio:.1f}x | {r['with_parsing_per_second']:,} | {ratio_p:.1f}x | {r['peak_rss_mb']} | {r['checksum']} |")
print()
print(f"ferry compiles a 10,000-rule policy in {ferry['compile_10k_rules_seconds']:.3f} s.")
if bad:
    print("DECISIONS DIFFER: " + ", ".join(bad))
    sys.exit(1)
print("All checksums equal: every engine made the same decisions.")
PY
