#!/usr/bin/env bash
# Exit codes and output formats of `ferry check` (LANGUAGE.md section 7), run on the
# real executable.
set -u
ferry=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
. "$src/tests/expect.sh"

expect 0 "clean examples" -- "$ferry" check "$src"/examples/*.ferry
expect 1 "a policy with errors" -- "$ferry" check "$src/tests/golden/types.ferry"
expect 0 "warnings alone do not fail" -- "$ferry" check "$src/tests/golden/rules.ferry"
expect 2 "a missing file" -- "$ferry" check "$tmp/nope.ferry"
expect 0 "a directory of clean policies" -- "$ferry" check "$src/examples"
grep -q "6 files, 0 errors" "$tmp/err" || { echo "FAIL: directory not expanded"; cat "$tmp/err"; failures=$((failures + 1)); }
expect 1 "a directory with a broken policy" -- "$ferry" check "$src/tests/golden"
expect 2 "a directory without policies" -- "$ferry" check "$src/docs"
expect 2 "no file" -- "$ferry" check
expect 2 "an unknown subcommand" -- "$ferry" frobnicate
expect 2 "an unknown format" -- "$ferry" check --format xml "$src/examples/promote-stable.ferry"
expect 0 "help" -- "$ferry" --help
expect 0 "version" -- "$ferry" --version

printf 'tg == "x" => push qa/x\n' >"$tmp/bad.ferry"
"$ferry" check --color never "$tmp/bad.ferry" 2>"$tmp/err"
if ! grep -q "bad.ferry:1:1: error\[E0201\]: unknown name \`tg\`; did you mean \`tag\`?" "$tmp/err"; then
  echo "FAIL: text diagnostic"; cat "$tmp/err"; failures=$((failures + 1))
fi
if grep -q $'\033' "$tmp/err"; then echo "FAIL: colour when not a terminal"; failures=$((failures + 1)); fi
"$ferry" check --color always "$tmp/bad.ferry" 2>"$tmp/err"
if ! grep -q $'\033' "$tmp/err"; then echo "FAIL: --color always"; failures=$((failures + 1)); fi

"$ferry" check --format json "$tmp/bad.ferry" >"$tmp/out"
if ! python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["errors"] == 1 and d["warnings"] == 0 and d["files"] == 1, d
x = d["diagnostics"][0]
assert (x["line"], x["column"], x["end_column"], x["code"], x["severity"]) == (1, 1, 3, "E0201", "error"), x
' "$tmp/out"; then
  echo "FAIL: json output"; cat "$tmp/out"; failures=$((failures + 1))
fi

printf 'tag == "x" => push qa/x\n' | "$ferry" check - 2>"$tmp/err"
if [ $? != 0 ]; then echo "FAIL: standard input"; cat "$tmp/err"; failures=$((failures + 1)); fi

head -c 17000000 /dev/zero | tr '\0' ' ' >"$tmp/big.ferry"
expect 1 "a file over 16 MiB" -- "$ferry" check "$tmp/big.ferry"
grep -q "E0104" "$tmp/err" || { echo "FAIL: E0104 not reported"; failures=$((failures + 1)); }

# ferry eval: golden outputs (FERRY_UPDATE_GOLDEN=1 rewrites them) and exit codes.
cd "$src"
now=2026-11-26T17:40:15Z
golden() {  # golden NAME COMMAND...: stdout must equal tests/eval/NAME.expected
  local name=$1
  shift
  "$@" >"$tmp/golden" 2>/dev/null
  if [ -n "${FERRY_UPDATE_GOLDEN:-}" ]; then cp "$tmp/golden" "tests/eval/$name.expected"; fi
  if ! diff -u "tests/eval/$name.expected" "$tmp/golden"; then
    echo "FAIL: eval golden $name"; failures=$((failures + 1))
  else
    echo "ok: eval golden $name"
  fi
}
golden single.json "$ferry" eval examples/promote-stable.ferry --image examples/images/website-stable.json --now $now --format json
golden examples.json "$ferry" eval examples/*.ferry --images examples/images/images.jsonl --now $now --format json
golden examples.text "$ferry" eval examples/*.ferry --images examples/images/images.jsonl --now $now
golden explain.text "$ferry" eval examples/*.ferry --image examples/images/website-unscanned.json --now $now --explain
golden explain.json "$ferry" eval examples/*.ferry --image examples/images/website-unscanned.json --now $now --explain --format json
expect 1 "eval: a malformed record is reported and skipped" -- "$ferry" eval examples --images examples/images/images.jsonl --now $now
grep -q "images.jsonl:6: error: \`tag\` must be a string, found a number" "$tmp/err" || { echo "FAIL: malformed record message"; cat "$tmp/err"; failures=$((failures + 1)); }
[ "$(wc -l <"$tmp/out")" -gt 5 ] || { echo "FAIL: the other records were not evaluated"; failures=$((failures + 1)); }
expect 0 "eval: standard input" -- bash -c "'$ferry' eval examples --image - --now $now < examples/images/website-stable.json"
expect 2 "eval: no image" -- "$ferry" eval examples
expect 2 "eval: --image and --images" -- "$ferry" eval examples --image a.json --images b.jsonl
expect 2 "eval: a bad --now" -- "$ferry" eval examples --image examples/images/website-stable.json --now yesterday
expect 2 "eval: a missing image file" -- "$ferry" eval examples --image "$tmp/none.json"
head -c 17000000 /dev/zero | tr '\0' ' ' >"$tmp/big.json"
expect 2 "eval: an image over 16 MiB" -- "$ferry" eval examples --image "$tmp/big.json"
{ cat examples/images/website-stable.json | tr -d '\n'; echo; head -c 17000000 /dev/zero | tr '\0' ' '; echo; } >"$tmp/big.jsonl"
expect 1 "eval: a record over 16 MiB is skipped" -- "$ferry" eval examples --images "$tmp/big.jsonl" --now $now
grep -q "big.jsonl:2: error: the record is larger than 16 MiB; skipped" "$tmp/err" || { echo "FAIL: big record"; cat "$tmp/err"; failures=$((failures + 1)); }
expect 1 "eval: a policy with errors" -- "$ferry" eval tests/golden/types.ferry --image examples/images/website-stable.json
# ferry test and ferry diff on the example policy repository.
expect 0 "test: the example repository's cases pass" -- "$ferry" test examples/repo --coverage
grep -q "6 cases, 6 passed, 0 failed" "$tmp/out" || { echo "FAIL: test summary"; cat "$tmp/out"; failures=$((failures + 1)); }
grep -q 'rule "backup everything" .*never kept from firing' "$tmp/out" || { echo "FAIL: coverage gap"; cat "$tmp/out"; failures=$((failures + 1)); }
expect 1 "test: failing and broken cases" -- "$ferry" test examples/repo tests/cases/failing.test.json
golden test.text "$ferry" test examples/repo tests/cases/failing.test.json
golden test.json "$ferry" test examples/repo tests/cases/failing.test.json --format json --coverage
golden test.junit "$ferry" test examples/repo tests/cases/failing.test.json --format junit
python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); assert r.get("failures") == "3", r.attrib' tests/eval/test.junit.expected \
  || { echo "FAIL: junit is not XML with 3 failures"; failures=$((failures + 1)); }
expect 2 "test: no case file" -- "$ferry" test examples/repo/promotion.ferry
printf '{"not": "a list"}' >"$tmp/bad.test.json"
expect 2 "test: a case file that is not a list" -- "$ferry" test examples/repo/promotion.ferry "$tmp/bad.test.json"
next="examples/repo/backup.ferry tests/cases/next-licenses.ferry tests/cases/next-promotion.ferry"
golden diff.text "$ferry" diff examples/repo --new $next --images examples/repo/catalog.jsonl --now $now
golden diff.json "$ferry" diff examples/repo --new $next --images examples/repo/catalog.jsonl --now $now --format json
golden diff.markdown "$ferry" diff examples/repo --new $next --images examples/repo/catalog.jsonl --now $now --format markdown
expect 0 "diff: changes, without --exit-code" -- "$ferry" diff examples/repo --new $next --images examples/repo/catalog.jsonl
expect 1 "diff: changes, with --exit-code" -- "$ferry" diff examples/repo --new $next --images examples/repo/catalog.jsonl --exit-code
expect 0 "diff: no change" -- "$ferry" diff examples/repo --new examples/repo --images examples/repo/catalog.jsonl --exit-code
grep -q "5 images, 0 changed" "$tmp/out" || { echo "FAIL: no-change summary"; cat "$tmp/out"; failures=$((failures + 1)); }
expect 1 "diff: a malformed record is reported" -- "$ferry" diff examples/repo --new $next --images examples/images/images.jsonl
expect 2 "diff: a missing catalog" -- "$ferry" diff examples/repo --new $next --images "$tmp/none.jsonl"
expect 2 "diff: no --new" -- "$ferry" diff examples/repo --images examples/repo/catalog.jsonl

# ferry lint: formats, levels, suppressions; SARIF validated against the 2.1.0 schema.
expect 0 "lint: the example repository is clean" -- "$ferry" lint examples/repo --fail-level warning
grep -q "3 files, 0 errors, 0 warnings, 0 infos" "$tmp/err" || { echo "FAIL: lint summary"; cat "$tmp/err"; failures=$((failures + 1)); }
expect 0 "lint: warnings do not fail by default" -- "$ferry" lint tests/lint/L0408.bad.ferry
grep -q "tests/lint/L0408.bad.ferry:2:60: warning\[L0408\]" "$tmp/err" || { echo "FAIL: lint text"; cat "$tmp/err"; failures=$((failures + 1)); }
expect 1 "lint: --fail-level warning" -- "$ferry" lint tests/lint/L0408.bad.ferry --fail-level warning
expect 0 "lint: infos never fail" -- "$ferry" lint tests/lint/L0411.bad.ferry --fail-level warning
expect 1 "lint: errors fail" -- "$ferry" lint tests/golden/types.ferry
expect 0 "lint --format sarif" -- "$ferry" lint tests/lint --format sarif
python3 - "$tmp/out" tests/data/sarif-schema-2.1.0.json <<'PY' || { echo "FAIL: SARIF"; failures=$((failures + 1)); }
import json, sys, jsonschema
log = json.load(open(sys.argv[1]))
jsonschema.validate(log, json.load(open(sys.argv[2])))
results = log["runs"][0]["results"]
rules = log["runs"][0]["tool"]["driver"]["rules"]
assert any(r["ruleId"] == "L0406" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3 for r in results), results
assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
assert {r["level"] for r in results} == {"warning", "note"}, {r["level"] for r in results}
PY
expect 0 "lint --format github" -- "$ferry" lint tests/lint/L0408.bad.ferry tests/lint/L0411.bad.ferry --format github
grep -qx '::warning file=tests/lint/L0408.bad.ferry,line=2,col=60,endLine=2,endColumn=68,title=L0408::`<date>` is the same for every image promoted on one day: the second overwrites the first; add `<tag>` or `<short_digest>`' "$tmp/out" \
  && grep -q '^::notice file=tests/lint/L0411.bad.ferry,line=2,col=1,' "$tmp/out" || { echo "FAIL: github annotations"; cat "$tmp/out"; failures=$((failures + 1)); }
expect 0 "lint --format json" -- "$ferry" lint tests/lint/L0410.bad.ferry --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["infos"] == 2 and d["diagnostics"][0]["severity"] == "info", d' "$tmp/out" \
  || { echo "FAIL: lint json"; cat "$tmp/out"; failures=$((failures + 1)); }
printf '{"lint": {"L0408": "error", "L0411": "off"}}' >"$tmp/levels.json"
expect 1 "lint: .ferry.json turns a warning into an error" -- "$ferry" lint tests/lint/L0408.bad.ferry tests/lint/L0411.bad.ferry --config "$tmp/levels.json"
grep -q "error\[L0408\]" "$tmp/err" && ! grep -q "\[L0411\]" "$tmp/err" || { echo "FAIL: lint levels"; cat "$tmp/err"; failures=$((failures + 1)); }
mkdir -p "$tmp/repo/sub" && cp tests/lint/L0411.bad.ferry "$tmp/repo/sub/" && printf '{"lint": {"L0411": "off"}}' >"$tmp/repo/.ferry.json"
expect 0 "lint: .ferry.json found in a parent directory" -- bash -c "cd '$tmp/repo/sub' && '$ferry' lint L0411.bad.ferry"
grep -q "0 infos" "$tmp/err" || { echo "FAIL: .ferry.json not found"; cat "$tmp/err"; failures=$((failures + 1)); }
printf '{"lint": {"E0201": "off"}}' >"$tmp/bad-levels.json"
expect 2 "lint: an error code cannot be turned off" -- "$ferry" lint tests/lint/L0411.bad.ferry --config "$tmp/bad-levels.json"
printf '{"lint": {"L9999": "off"}}' >"$tmp/bad-levels.json"
expect 2 "lint: an unknown code in .ferry.json" -- "$ferry" lint tests/lint/L0411.bad.ferry --config "$tmp/bad-levels.json"
grep -q "bad-levels.json: \`lint.L9999\`: unknown diagnostic code" "$tmp/err" || { echo "FAIL: config message"; cat "$tmp/err"; failures=$((failures + 1)); }

# ferry fmt: the canonical layout (the fuzzer fuzz/fmt_fuzzer.cpp checks meaning and
# idempotence on random input; these check the command).
golden fmt.ferry "$ferry" fmt tests/cases/messy.ferry
expect 0 "fmt --check: the examples are formatted" -- "$ferry" fmt --check examples
expect 1 "fmt --check: a file that is not" -- "$ferry" fmt --check tests/cases/messy.ferry
grep -qx "tests/cases/messy.ferry" "$tmp/out" || { echo "FAIL: fmt --check lists the file"; cat "$tmp/out"; failures=$((failures + 1)); }
cp tests/cases/messy.ferry "$tmp/messy.ferry"
expect 0 "fmt --diff" -- "$ferry" fmt --diff "$tmp/messy.ferry"
grep -q "^@@ -1," "$tmp/out" && grep -q '^+rule "a": tag == "x" and size < 1GiB => push qa/a  # trailing comment$' "$tmp/out" \
  || { echo "FAIL: fmt --diff output"; cat "$tmp/out"; failures=$((failures + 1)); }
expect 0 "fmt --write" -- "$ferry" fmt --write "$tmp/messy.ferry"
cmp -s "$tmp/messy.ferry" tests/eval/fmt.ferry.expected || { echo "FAIL: fmt --write wrote something else"; failures=$((failures + 1)); }
expect 0 "fmt --check after --write" -- "$ferry" fmt --check "$tmp/messy.ferry"
printf 'rule "x": tag == => push qa/x\n' >"$tmp/broken.ferry"
cp "$tmp/broken.ferry" "$tmp/broken.orig"
expect 1 "fmt: a file that does not parse is left alone" -- "$ferry" fmt --write "$tmp/broken.ferry"
cmp -s "$tmp/broken.ferry" "$tmp/broken.orig" || { echo "FAIL: fmt changed a broken file"; failures=$((failures + 1)); }
expect 2 "fmt: --check and --write" -- "$ferry" fmt --check --write examples

expect 0 "compile --emit bytecode" -- "$ferry" compile examples/promote-stable.ferry --emit bytecode
grep -q "JumpIfFalse" "$tmp/out" || { echo "FAIL: bytecode listing"; failures=$((failures + 1)); }
expect 0 "compile --emit ast" -- "$ferry" compile examples/promote-stable.ferry --emit ast
grep -q "vulns.critical (fact 13) : int" "$tmp/out" || { echo "FAIL: ast listing"; cat "$tmp/out"; failures=$((failures + 1)); }

echo "cli tests: $failures failed"
[ "$failures" = 0 ]
