#!/usr/bin/env bash
# README's first command: set up, build, and run ferry's main job on a local demo. The
# examples check clean, a broken policy shows what ferry reports, `ferry eval` decides
# what would be promoted for a set of example images; then two real registries start on
# loopback (dev over HTTP, qa over TLS with a login), a stable and an unstable build are
# pushed to dev, dev notifies `ferry serve`, whose policy decides (with the scan data of a
# CI scanner step) and which copies the stable build to qa.
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
echo "== the seed scenario: dev and qa registries on loopback, ferry serve between them"
# dev notifies every push to ferry serve (scripts/registries.sh with FERRY_NOTIFY_URL).
port=5999
secret=demo-secret-$RANDOM$RANDOM$RANDOM
export FERRY_NOTIFY_URL=http://127.0.0.1:$port/webhook FERRY_NOTIFY_SECRET=$secret
scripts/registries.sh start "$tmp/regs"
. "$tmp/regs/env"
python3 tests/registry/make_images.py "$tmp/layout"

mkdir "$tmp/policies" "$tmp/scans"
cat >"$tmp/policies/promote.ferry" <<POLICY
# Stable builds with fewer than 3 critical vulnerabilities go to QA, tagged with the time.
on dev/** {
  rule "promote stable builds":
    tag endswith "-stable" and vulns.critical < 3
    => push $QA/qa/website as "<timestamp>"
}
POLICY
cat >"$tmp/serve.json" <<JSON
{
  "listen": "127.0.0.1:$port",
  "secret": "$secret",
  "policies": ["policies/*.ferry"],
  "auth_file": "$AUTH",
  "cert_dirs": ["$CERTS"],
  "insecure_registries": ["$DEV"],
  "state": "state.db",
  "workers": 2,
  "scan": {"facts_dir": "scans", "wait": "1m"}
}
JSON
echo "ferry serve --config $tmp/serve.json (its log follows)"
build/cli/ferry serve --config "$tmp/serve.json" 2>"$tmp/serve.log" &
serve=$!
trap 'kill $serve 2>/dev/null || true; scripts/registries.sh stop "$tmp/regs" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.2; done

# The CI scanner's step: a Trivy report per build, in the facts directory by digest (here
# the same real report, 1 critical vulnerability, for both).
for image in website-1.0-stable website-1.1-unstable; do
  digest=$(python3 -c 'import json,sys; print([m["digest"] for m in json.load(open(sys.argv[1]))["manifests"] if m["annotations"]["org.opencontainers.image.ref.name"] == sys.argv[2]][0])' "$tmp/layout/index.json" "$image")
  cp tests/data/scans/trivy-debian-buster.json "$tmp/scans/sha256-${digest#sha256:}.trivy.json"
done

echo
echo "== the development team pushes two builds to dev"
skopeo copy -q --dest-tls-verify=false oci:"$tmp/layout":website-1.0-stable docker://$DEV/dev/website:1.0-stable
skopeo copy -q --dest-tls-verify=false oci:"$tmp/layout":website-1.1-unstable docker://$DEV/dev/website:1.1-unstable
echo "dev/website: $(skopeo list-tags --tls-verify=false docker://$DEV/dev/website | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["Tags"]))')"

echo
echo "== ferry serve: notified, decides, copies (waiting for the copy to arrive)"
for _ in $(seq 1 150); do
  skopeo list-tags --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/qa/website >"$tmp/qa.json" 2>/dev/null && break
  sleep 0.2
done
sleep 1  # the last lines of the log
cat "$tmp/serve.log"
kill "$serve"
wait "$serve" || true

echo
echo "== what arrived in qa (the stable build only, tagged with the time)"
cat "$tmp/qa.json"
