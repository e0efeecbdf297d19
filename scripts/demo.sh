#!/usr/bin/env bash
# README's first command: set up, build, and run ferry's main job on the example
# policies. Until `ferry serve` exists, the main job is a dry run: the examples check
# clean, a broken policy shows what ferry reports, and `ferry eval` decides what would
# be promoted for a set of example images.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh

echo
echo "== ferry check examples/*.ferry"
build/cli/ferry check examples/*.ferry

echo
echo "== ferry check on a policy with mistakes (exit code 1 expected)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/website.ferry" <<'POLICY'
# Promote stable builds of the website to QA.
rule "promote stable":
  tag endswith "stable" and vulns.critcal < 3
  => push qa-example.com/qa/Website as "<timestmp>"
POLICY
set +e
build/cli/ferry check "$tmp/website.ferry"
status=$?
set -e
echo "exit code: $status"
[ "$status" = 1 ]

echo
echo "== ferry eval examples --images examples/images/images.jsonl (a dry run; the last record is malformed on purpose)"
set +e
build/cli/ferry eval examples --images examples/images/images.jsonl --now 2026-11-26T17:40:15Z
status=$?
set -e
echo "exit code: $status"
[ "$status" = 1 ]
