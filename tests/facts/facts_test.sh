#!/usr/bin/env bash
# Scan facts from real scanner reports and SBOMs (tests/data/scans, sources in
# tests/data/SOURCES.md): what `ferry facts` reads from each file is compared with
# counts made here, independently, with jq, following the rules of docs/facts.md. Then
# the ways in (--scan, --sbom, --facts-dir, in-toto attestations), bad input, and the
# Docker Trusted Registry criteria evaluated on real files.
set -u
ferry=$(realpath "$1")
src=$(realpath "$2")
data=$src/tests/data/scans
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
. "$src/tests/expect.sh"

lib='
def sev: ascii_downcase
  | if . == "critical" then "critical" elif . == "high" then "high"
    elif . == "medium" or . == "moderate" then "medium"
    elif . == "low" or . == "negligible" or . == "info" or . == "none" then "low" else "unknown" end;
def rank: if . == null or . == "" then 0 else {"critical": 4, "high": 3, "medium": 2, "low": 1, "unknown": 0}[sev] end;
def counts: reduce .[] as $s ({critical: 0, high: 0, medium: 0, low: 0, unknown: 0}; .[($s // "") | sev] += 1);
def ids: gsub("\\s+WITH\\s+[^\\s()]+"; "") | [scan("[^\\s()]+")]
  | map(select(. as $t | ["AND", "OR", "and", "or", "NOASSERTION", "NONE"] | index($t) | not));
def listed: map(select(. != null and . != "" and . != "NOASSERTION" and . != "NONE")) | unique | if length == 0 then null else . end;
def trivy: {
  vulns: (if any(.Results[]?; .Class == "os-pkgs" or .Class == "lang-pkgs" or has("Vulnerabilities"))
          then [.Results[]?.Vulnerabilities[]?.Severity] | counts else null end),
  components: (if any(.Results[]?; has("Packages")) then [.Results[]?.Packages[]?] | length else null end),
  licenses: ([.Results[]?.Packages[]?.Licenses[]?] + [.Results[]?.Licenses[]?.Name] | listed) };
def grype: {
  vulns: ([.matches[].vulnerability.severity] | counts),
  components: ([.matches[].artifact | [.name, .version, .type]] | unique | length),
  licenses: ([.matches[].artifact.licenses[]? | if type == "string" then . elif .spdxExpression then (.spdxExpression | ids[]) else .value end] | listed) };
def cyclonedx: {
  vulns: (if has("vulnerabilities") then
           [.vulnerabilities[] | select((.analysis.state // "") as $s | ["not_affected", "false_positive", "resolved", "resolved_with_pedigree"] | index($s) | not)
            | ([.ratings[]?.severity | select(. != null)] | max_by(rank))] | counts
          else null end),
  components: (if has("components") then [.components[] | recurse(.components[]?)] | length else null end),
  licenses: ([.components[]? | recurse(.components[]?) | .licenses[]? | if .expression then (.expression | ids[]) else (.license.id // .license.name) end] | listed) };
def spdx: {
  vulns: null,
  components: (.packages | length),
  licenses: ([.packages[] | (if (.licenseConcluded // "NOASSERTION") as $c | ["NOASSERTION", "NONE", ""] | index($c) then .licenseDeclared else .licenseConcluded end) // "" | ids[]] | listed) };
'
got() { "$ferry" facts "$@" 2>"$tmp/err" | jq -S '{vulns, components: (.components | if . == null then null else length end), licenses}'; }

for file in "$data"/*.json; do
  name=$(basename "$file")
  case $name in
    trivy-*.cdx.json | grype-*.cdx.json | cyclonedx-*) reader=cyclonedx ;;
    *.spdx.json) reader=spdx ;;
    trivy-*) reader=trivy ;;
    grype-*) reader=grype ;;
  esac
  expected=$(jq -S "$lib $reader" "$file")
  actual=$(got --scan "$file")
  if [ "$expected" = "$actual" ]; then
    echo "ok: $name ($reader): $(echo "$actual" | jq -c '{vulns, components, licenses: (.licenses | if . then length else null end)}')"
  else
    fail "$name: ferry read"; echo "$actual"; echo "expected (jq):"; echo "$expected"
  fi
done

# A few counts written out, to check the jq above as much as ferry.
check() {  # check DESCRIPTION JQ-TEST FERRY-ARGS...
  local what=$1 test=$2
  shift 2
  if "$ferry" facts "$@" 2>"$tmp/err" | jq -e "$test" >/dev/null; then echo "ok: $what"; else fail "$what"; "$ferry" facts "$@"; cat "$tmp/err"; fi
}
check "trivy alpine 3.9: 2 critical, 4 medium" '.vulns == {"critical": 2, "high": 0, "medium": 4, "low": 0, "unknown": 0}' --scan "$data/trivy-alpine-39.json"
check "grype busybox: 1 critical, 10 high, 2 medium, 2 low" '.vulns == {"critical": 1, "high": 10, "medium": 2, "low": 2, "unknown": 0}' --scan "$data/grype-busybox-1.32.1-epss.json"
check "grype: Negligible counts as low" '.vulns.low == 1 and .vulns.critical == 2 and .vulns.high == 3' --scan "$data/grype-check-all-fields.json"
check "CycloneDX VEX: not_affected and resolved are not counted" '.vulns == {"critical": 2, "high": 2, "medium": 6, "low": 0, "unknown": 0}' --scan "$data/cyclonedx-examples-cisa-case3-vex.json"
check "CycloneDX: the worst of several ratings" '.vulns.critical == 2 and .vulns.high == 1' --scan "$data/trivy-fluentd-short.cdx.json"
check "SPDX: NOASSERTION is no license" '.licenses == ["GPLv3+", "OpenSSL"] and (.components | length) == 4 and .vulns == null' --sbom "$data/trivy-centos-7.spdx.json"
check "Trivy license scan: licenses known, vulnerabilities not" '.vulns == null and (.licenses | index("GPL-2.0")) != null and .scanned' --scan "$data/trivy-alpine-3.11-license-scan.json"
check "nothing given: not scanned, nothing known" '.scanned == false and .vulns == null and .components == null and .licenses == null' --digest sha256:0000000000000000000000000000000000000000000000000000000000000000

# Several sources: each kind from the first that has it (vulnerabilities from the
# scanner, components and licenses from the SBOM).
check "--scan then --sbom" '.vulns.critical == 2 and (.components | map(.name)) == ["busybox", "libssl1.1", "ssl_client"] and .licenses == ["GPL-2.0", "OpenSSL"]' \
  --scan "$data/trivy-alpine-39.json" --sbom "$data/syft-alpine-3.10.spdx.json"
check "the first scanner's counts, not a sum" '.vulns.critical == 2' --scan "$data/trivy-alpine-39.json" --scan "$data/trivy-debian-buster.json"

# A facts directory keyed by digest
digest=sha256:$(printf 'website 1.0' | sha256sum | cut -c1-64)
mkdir "$tmp/facts"
cp "$data/trivy-debian-buster.json" "$tmp/facts/sha256-${digest:7}.trivy.json"
cp "$data/bitnami-postgresql.spdx.json" "$tmp/facts/sha256-${digest:7}.sbom.json"
cp "$data/grype-busybox-1.32.1-epss.json" "$tmp/facts/sha256-$(printf other | sha256sum | cut -c1-64).grype.json"
check "--facts-dir: the image's files only" '.vulns.critical == 1 and .vulns.low == 1 and (.components | length) == 4 and .licenses == ["LGPL-2.1-only", "MIT", "PostgreSQL"]' \
  --digest "$digest" --facts-dir "$tmp/facts"
printf '{"repo": "dev/website", "tag": "1.0", "digest": "%s", "vulns": {"critical": 9, "high": 0, "medium": 0, "low": 0, "unknown": 0}}' "$digest" >"$tmp/image.json"
check "--facts-dir over the image's own counts" '.vulns.critical == 1 and .repo == "dev/website"' --image "$tmp/image.json" --facts-dir "$tmp/facts"

# in-toto attestations: a DSSE envelope (as cosign attest writes it) whose statement carries
# a CycloneDX predicate, and cosign's vulnerability predicate carrying a Trivy report.
statement() { jq -c --arg type "$1" '{"_type": "https://in-toto.io/Statement/v0.1", "predicateType": $type, "subject": [{"name": "x", "digest": {"sha256": "00"}}], "predicate": .}'; }
envelope() { jq -c -R -s '{"payloadType": "application/vnd.in-toto+json", "payload": (. | @base64), "signatures": [{"keyid": "", "sig": "bm90IGEgc2lnbmF0dXJl"}]}'; }
statement https://cyclonedx.org/bom <"$data/trivy-fluentd-short.cdx.json" | envelope >"$tmp/cdx.att.json"
jq -c '{"scanner": {"uri": "pkg:github/aquasecurity/trivy", "version": "0.0", "result": .}, "metadata": {}}' "$data/trivy-alpine-39.json" \
  | statement https://cosign.sigstore.dev/attestation/vuln/v1 | envelope >"$tmp/vuln.att.json"
if [ "$(got --scan "$tmp/cdx.att.json")" = "$(jq -S "$lib cyclonedx" "$data/trivy-fluentd-short.cdx.json")" ]; then echo "ok: in-toto CycloneDX predicate"; else fail "in-toto CycloneDX"; fi
if [ "$(got --scan "$tmp/vuln.att.json")" = "$(jq -S "$lib trivy" "$data/trivy-alpine-39.json")" ]; then echo "ok: cosign vuln predicate"; else fail "cosign vuln predicate"; fi
grep -q "in-toto attestation of Trivy JSON .*(its signature is not verified)" "$tmp/err" || { fail "an attestation says it is not verified"; cat "$tmp/err"; }

# Bad input: a clear error naming the file and where, never a crash, never "0 vulnerabilities"
head -c 3000 "$data/trivy-alpine-39.json" >"$tmp/truncated.json"
expect 2 "facts: a truncated report" -- "$ferry" facts --scan "$tmp/truncated.json"
grep -q "truncated.json:[0-9]*:[0-9]*: not valid JSON (it ends too soon: truncated?)" "$tmp/err" || { fail "truncated: message"; cat "$tmp/err"; }
jq '.Results[0].Vulnerabilities[1].Severity = 3' "$data/trivy-alpine-39.json" >"$tmp/wrong.json"
expect 2 "facts: a report of the wrong shape" -- "$ferry" facts --scan "$tmp/wrong.json"
grep -q "wrong.json: at Results\[0\].Vulnerabilities\[1\].Severity: a string was expected, found a number" "$tmp/err" || { fail "wrong shape: message"; cat "$tmp/err"; }
jq '.matches = {}' "$data/grype-busybox-1.32.1-epss.json" >"$tmp/wrong-grype.json"
expect 2 "facts: Grype matches not a list" -- "$ferry" facts --scan "$tmp/wrong-grype.json"
grep -q "wrong-grype.json: at matches: an array was expected, found an object" "$tmp/err" || { fail "grype shape: message"; cat "$tmp/err"; }
truncate -s 65M "$tmp/huge.json"
expect 2 "facts: a report over 64 MiB" -- "$ferry" facts --scan "$tmp/huge.json"
grep -q "huge.json: 68157440 bytes, more than the 64 MiB a report may have" "$tmp/err" || { fail "huge: message"; cat "$tmp/err"; }
echo '{"hello": "world"}' >"$tmp/unknown.json"
expect 2 "facts: not a report" -- "$ferry" facts --scan "$tmp/unknown.json"
grep -q "unknown.json: not a report ferry reads" "$tmp/err" || { fail "unknown format: message"; cat "$tmp/err"; }
jq '.specVersion = "2.0"' "$data/trivy-centos-7.cdx.json" >"$tmp/cdx2.json"
expect 2 "facts: a CycloneDX version ferry does not read" -- "$ferry" facts --sbom "$tmp/cdx2.json"
grep -q "at specVersion: CycloneDX 2.0 is not one ferry reads" "$tmp/err" || { fail "cdx version: message"; cat "$tmp/err"; }
cp "$tmp/truncated.json" "$tmp/facts/sha256-${digest:7}.zz.json"
expect 2 "facts: a broken file in the facts directory is reported" -- "$ferry" facts --digest "$digest" --facts-dir "$tmp/facts"
grep -q "sha256-${digest:7}.zz.json:.*not valid JSON" "$tmp/err" || { fail "facts dir error"; cat "$tmp/err"; }
rm "$tmp/facts/sha256-${digest:7}.zz.json"

# The Docker Trusted Registry criteria on real files (tests/facts/dtr_criteria.ferry): the
# rules that push, against what jq decides from the same files. Unknown facts push nothing.
decide='
def any_name(f): if .components == null then null else any(.components[]; f) end;
def lic(f): if .licenses == null then null else any(.licenses[]; f) end;
def v(f): if .vulns == null then null else (.vulns | f) end;
[ {r: "critical == 2", t: v(.critical == 2)}, {r: "critical != 2", t: v(.critical != 2)},
  {r: "critical < 2", t: v(.critical < 2)}, {r: "critical <= 2", t: v(.critical <= 2)},
  {r: "critical > 1", t: v(.critical > 1)}, {r: "high >= 3", t: v(.high >= 3)},
  {r: "major < 5", t: v(.high < 5)}, {r: "minor >= 4", t: v(.medium + .low >= 4)},
  {r: "all == 6", t: v(.critical + .high + .medium + .low + .unknown == 6)},
  {r: "name == busybox", t: any_name(. == "busybox")}, {r: "name != busybox", t: (any_name(. == "busybox") | if . == null then null else not end)},
  {r: "name startswith lib", t: any_name(startswith("lib"))}, {r: "name endswith .1", t: any_name(endswith(".1"))},
  {r: "name contains ssl", t: any_name(contains("ssl"))}, {r: "name matches", t: any_name(test("^ssl_[a-z]+$"))},
  {r: "name like", t: any_name(test("^.*box$"))}, {r: "name in", t: any_name(. == "bash" or . == "busybox")},
  {r: "name not in", t: (any_name(. == "bash" or . == "busybox") | if . == null then null else not end)},
  {r: "license in", t: lic(. == "GPL-2.0" or . == "AGPL-3.0")},
  {r: "license not in", t: (lic(. == "GPL-2.0" or . == "AGPL-3.0") | if . == null then null else not end)} ]
| map(select(.t == true) | .r) | sort'
criteria() {  # criteria DESCRIPTION EXPECTED-FACTS-JSON FERRY-SCAN-ARGS...
  local what=$1 facts=$2
  shift 2
  local expected actual
  expected=$(echo "$facts" | jq -c "$decide")
  actual=$("$ferry" eval "$src/tests/facts/dtr_criteria.ferry" --image "$tmp/image.json" --format json --now 2026-11-27T00:00:00Z "$@" | jq -c '[.actions[].rule] | sort')
  if [ "$expected" = "$actual" ]; then echo "ok: criteria, $what: $actual"; else fail "criteria, $what"; echo "ferry: $actual"; echo "jq:    $expected"; fi
}
criteria "Trivy report and Syft SBOM" \
  "$(jq -n --slurpfile t "$data/trivy-alpine-39.json" --slurpfile s "$data/syft-alpine-3.10.spdx.json" "$lib"' {vulns: ($t[0] | trivy.vulns), components: [$s[0].packages[].name], licenses: ($s[0] | spdx.licenses)}')" \
  --scan "$data/trivy-alpine-39.json" --sbom "$data/syft-alpine-3.10.spdx.json"
criteria "Grype report alone" \
  "$(jq "$lib"' {vulns: grype.vulns, components: ([.matches[].artifact.name] | unique), licenses: grype.licenses}' "$data/grype-busybox-1.32.1-epss.json")" \
  --scan "$data/grype-busybox-1.32.1-epss.json"
criteria "CycloneDX with vulnerabilities and components" \
  "$(jq "$lib"' {vulns: cyclonedx.vulns, components: [.components[].name], licenses: cyclonedx.licenses}' "$data/trivy-fluentd-short.cdx.json")" \
  --sbom "$data/trivy-fluentd-short.cdx.json"
criteria "another Grype report" \
  "$(jq "$lib"' {vulns: grype.vulns, components: ([.matches[].artifact.name] | unique), licenses: grype.licenses}' "$data/grype-check-all-fields.json")" \
  --scan "$data/grype-check-all-fields.json"
printf '{"repo": "dev/website", "tag": "1.0", "digest": "%s"}' "$digest" >"$tmp/unscanned.json"
if [ "$("$ferry" eval "$src/tests/facts/dtr_criteria.ferry" --image "$tmp/unscanned.json" --format json | jq -c '.actions')" = "[]" ]; then
  echo "ok: criteria, not scanned: nothing pushed"
else
  fail "an image that was not scanned was promoted"
fi
"$ferry" eval "$src/tests/facts/dtr_criteria.ferry" --image "$tmp/unscanned.json" --explain >"$tmp/explain.txt"
grep -q "scan data: none: not scanned" "$tmp/explain.txt" && grep -q '`vulns` is unknown: not scanned' "$tmp/explain.txt" \
  || { fail "--explain says not scanned"; cat "$tmp/explain.txt"; }

# A negated criterion is `not any`: --explain names the middle step instead of repeating
# the rule's own text (syft's Alpine SBOM has GPL-2.0).
echo '{"repo": "dev/website", "tag": "1.0"}' >"$tmp/plain.json"
explained=$("$ferry" eval "$src/tests/facts/dtr_criteria.ferry" --image "$tmp/plain.json" --sbom "$data/syft-alpine-3.10.spdx.json" --explain --format json \
  | jq -c '.explain[] | select(.rule == "license not in") | .condition | [.expr, .value, (.children[0] | .expr, .value, [.children[].expr])]')
if [ "$explained" = '["license not in [\"GPL-2.0\", \"AGPL-3.0\"]","false","any license in licenses: license in [\"GPL-2.0\", \"AGPL-3.0\"]","true",["licenses","license in [\"GPL-2.0\", \"AGPL-3.0\"]"]]' ]; then
  echo "ok: --explain of license not in"
else
  fail "--explain of license not in: $explained"
fi

echo "facts tests: $failures failed"
[ "$failures" = 0 ]
