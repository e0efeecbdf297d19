#!/usr/bin/env bash
# ferry serve's benchmark (issue 7): webhooks accepted per second with the durable queue,
# and the latency from a notification to its decision (facts read from the registry, the
# policies evaluated; no copy: the policy pushes nothing), p50 and p99.
#   bench/serve_bench.sh [N]     (N webhooks for the throughput, default 4000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-4000}
scripts/setup.sh >/dev/null
scripts/build.sh >/dev/null
tmp=$(mktemp -d)
export FERRY_DEV_PORT=5301 FERRY_QA_PORT=5302 FERRY_TOK_PORT=5303 FERRY_TOKEN_PORT=5304
port=5305
secret=bench-secret-$RANDOM$RANDOM$RANDOM
serve=
trap '[ -n "$serve" ] && kill $serve 2>/dev/null; scripts/registries.sh stop "$tmp/regs"; rm -rf "$tmp"' EXIT
scripts/registries.sh start "$tmp/regs" >/dev/null
. "$tmp/regs/env"
python3 tests/registry/make_images.py "$tmp/layout"
skopeo copy -q --dest-tls-verify=false oci:"$tmp/layout":website-1.0-stable docker://$DEV/dev/website:1.0-stable
digest=sha256:$(skopeo inspect --raw --tls-verify=false docker://$DEV/dev/website:1.0-stable | sha256sum | cut -c1-64)
mkdir "$tmp/policies"
echo 'rule "never": tag == "no such tag" => push example.com/nowhere' >"$tmp/policies/p.ferry"
cat >"$tmp/serve.json" <<JSON
{"listen": "127.0.0.1:$port", "secret": "$secret", "policies": ["policies/*.ferry"], "insecure_registries": ["$DEV"],
 "state": "state.db", "workers": ${FERRY_BENCH_WORKERS:-4}, "rate_limit": {"per_second": 1000000, "burst": 1000000}}
JSON
build/cli/ferry serve --config "$tmp/serve.json" 2>"$tmp/serve.log" &
serve=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.1; done
echo "ferry serve, $(nproc) cores, state on $(df --output=fstype "$tmp" | tail -1)"
python3 bench/serve_bench.py "$port" "$secret" "$DEV" dev/website 1.0-stable "$digest" "$n" 4 200
