#!/usr/bin/env bash
# README's first command: set up, build, and run ferry's main job on a local demo. The
# examples check clean, a broken policy shows what ferry reports, `ferry eval` decides
# what would be promoted for a set of example images; then two real registries start on
# loopback (dev over HTTP, qa over TLS with a login), a stable and an unstable build are
# pushed to dev, the policy decides, and ferry copies what it promotes to qa. Until
# `ferry serve` exists, this script hands the decisions to `ferry copy` itself.
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
trap 'scripts/registries.sh stop "$tmp/regs" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
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
echo "== ferry eval examples/*.ferry --images examples/images/images.jsonl (a dry run; the last record is malformed on purpose)"
set +e
build/cli/ferry eval examples/*.ferry --images examples/images/images.jsonl --now 2026-11-26T17:40:15Z
status=$?
set -e
echo "exit code: $status"
[ "$status" = 1 ]

echo
echo "== two registries on loopback, two builds pushed to dev"
scripts/registries.sh start "$tmp/regs"
. "$tmp/regs/env"
python3 tests/registry/make_images.py "$tmp/layout"
skopeo copy -q --dest-tls-verify=false oci:"$tmp/layout":website-1.0-stable docker://$DEV/dev/website:1.0-stable
skopeo copy -q --dest-tls-verify=false oci:"$tmp/layout":website-1.1-unstable docker://$DEV/dev/website:1.1-unstable
echo "dev/website: $(skopeo list-tags --tls-verify=false docker://$DEV/dev/website | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["Tags"]))')"

cat >"$tmp/promote.ferry" <<POLICY
# Stable builds with fewer than 3 critical vulnerabilities go to QA, tagged with the time.
on dev/** {
  rule "promote stable builds":
    tag endswith "-stable" and scanned and vulns.critical < 3
    => push $QA/qa/website as "<timestamp>"
}
POLICY
# The facts of the two builds: from the registry, plus a scanner's counts.
for tag in 1.0-stable 1.1-unstable; do
  digest=$(skopeo inspect --tls-verify=false docker://$DEV/dev/website:$tag | python3 -c 'import json,sys; print(json.load(sys.stdin)["Digest"])')
  printf '{"registry": "%s", "repo": "dev/website", "tag": "%s", "digest": "%s", "vulns": {"critical": 1, "high": 4}}\n' "$DEV" "$tag" "$digest"
done >"$tmp/pushed.jsonl"

echo
echo "== ferry eval: what the policy decides for the two pushes"
build/cli/ferry eval "$tmp/promote.ferry" --images "$tmp/pushed.jsonl"
build/cli/ferry eval "$tmp/promote.ferry" --images "$tmp/pushed.jsonl" --format json >"$tmp/decisions.jsonl"

echo
echo "== ferry copy: each promotion, dev -> qa (TLS verified with the generated CA, login from $AUTH)"
export REGISTRY_AUTH_FILE=$AUTH
python3 - "$tmp/decisions.jsonl" "$DEV" <<'PY' | while read -r from to; do
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    for a in d["actions"]:
        print(f"{sys.argv[2]}/{d['image']['repo']}:{d['image']['tag']} {a['destination']}:{a['tag']}")
PY
  build/cli/ferry copy "$from" "$to" --insecure-registry "$DEV" --cert-dir "$CERTS"
done

echo
echo "== what arrived in qa"
skopeo list-tags --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/qa/website
