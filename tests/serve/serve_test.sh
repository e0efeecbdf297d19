#!/usr/bin/env bash
# ferry serve with real registries and real processes: dev notifies each push to ferry
# serve (scripts/registries.sh with FERRY_NOTIFY_URL), which decides and copies to qa.
set -u
ferry=$(realpath "$1")
src=$(realpath "$2")
tmp=$(mktemp -d)
base=$((10000 + $$ % 1500 * 6))  # six ports below the ephemeral range, apart from the registry test's
export FERRY_DEV_PORT=$((base + 1)) FERRY_QA_PORT=$((base + 2)) FERRY_TOK_PORT=$((base + 3)) FERRY_TOKEN_PORT=$((base + 4))
port=$((base + 5))
secret=serve-test-secret-$RANDOM$RANDOM
export FERRY_NOTIFY_URL=http://127.0.0.1:$port/webhook FERRY_NOTIFY_SECRET=$secret
serve_pid=
stop_serve() { [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null; serve_pid=; }
slow_proxy=
trap 'stop_serve; [ -n "$slow_proxy" ] && kill $slow_proxy; "$src/scripts/registries.sh" stop "$tmp/regs"; rm -rf "$tmp"' EXIT
"$src/scripts/registries.sh" start "$tmp/regs" >/dev/null || { echo "FAIL: registries did not start"; exit 1; }
. "$tmp/regs/env"
failures=0
. "$src/tests/expect.sh"
python3 "$src/tests/registry/make_images.py" "$tmp/layout"
push() { skopeo copy -q --dest-tls-verify=false oci:"$tmp/layout":"$1" docker://$DEV/dev/website:"$2"; }
qa_tags() { skopeo list-tags --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/"$1" 2>/dev/null | jq -r '.Tags[]?' | sort; }
wait_until() {  # wait_until SECONDS COMMAND...: true once COMMAND succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do [ $SECONDS -ge $deadline ] && return 1; sleep 0.2; done
}

mkdir "$tmp/policies"
cat >"$tmp/policies/promote.ferry" <<POLICY
on dev/website {
  rule "stable to qa": tag endswith "-stable" => push $QA/qa/website as "<tag>-<timestamp>"
}
POLICY
cat >"$tmp/policies/mirror.ferry" <<POLICY
on tok/polled {
  rule "mirror": tag == "1.0" => push $QA/qa/polled
}
POLICY
cat >"$tmp/policies/waited.ferry" <<POLICY
on dev/waited {
  rule "clean": vulns.critical < 3 => push $QA/qa/waited
}
POLICY
mkdir "$tmp/scans"
# A slow way to qa (tests/serve/slow_proxy.py, ~1 MB/s), trusted and logged into as qa is.
slow=127.0.0.1:$base
mkdir -p "$tmp/certs/$slow"
cp "$CERTS/$QA/ca.crt" "$tmp/certs/$slow/ca.crt"
jq --arg slow "$slow" --arg qa "$QA" '.auths[$slow] = .auths[$qa]' "$AUTH" >"$tmp/auth.json"
python3 "$src/tests/serve/slow_proxy.py" "$base" "$FERRY_QA_PORT" 1000000 &
slow_proxy=$!
cat >"$tmp/policies/slow.ferry" <<POLICY
on dev/slow {
  rule "slowly": tag == "1.0" => push $slow/qa/slow
}
POLICY
cat >"$tmp/serve.json" <<JSON
{
  "listen": "127.0.0.1:$port",
  "secret": "$secret",
  "policies": ["policies/*.ferry"],
  "auth_file": "$tmp/auth.json",
  "cert_dirs": ["$CERTS", "$tmp/certs"],
  "insecure_registries": ["$DEV"],
  "state": "state.db",
  "workers": 2,
  "max_attempts": 20,
  "retry_delay": "1s",
  "max_body": 65536,
  "poll": [{"source": "$TOK/tok/polled", "interval": "1s"}],
  "scan": {"facts_dir": "scans", "wait": "40s"},
  "log_format": "json"
}
JSON
start_serve() {  # start_serve [NAME]: with $tmp/NAME.json, logging to $tmp/NAME.log (serve)
  local name=${1:-serve}
  "$ferry" serve --config "$tmp/$name.json" >>"$tmp/$name.log" 2>&1 &
  serve_pid=$!
  wait_until 10 curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" || { fail "serve ($name) did not start"; cat "$tmp/$name.log"; exit 1; }
}
api() { curl -s -H "Authorization: Bearer $secret" "http://127.0.0.1:$port$1"; }

# The configuration is checked whole before anything starts
jq '.workers = 0' "$tmp/serve.json" >"$tmp/bad.json"
expect 2 "serve: a bad configuration" -- "$ferry" serve --config "$tmp/bad.json"
grep -q "bad.json: \`workers\`: a number from 1 to 64 was expected" "$tmp/err" || { fail "bad config message"; cat "$tmp/err"; }
jq '.colour = "blue"' "$tmp/serve.json" >"$tmp/bad.json"
expect 2 "serve: an unknown key" -- "$ferry" serve --config "$tmp/bad.json"
grep -q "\`colour\`: not a setting ferry knows" "$tmp/err" || { fail "unknown key message"; cat "$tmp/err"; }
jq 'del(.secret)' "$tmp/serve.json" >"$tmp/bad.json"
expect 2 "serve: no secret" -- "$ferry" serve --config "$tmp/bad.json"

start_serve

# A push, the notification, the copy: stable is promoted, unstable is not
push website-1.1-unstable 1.1-unstable
push website-1.0-stable 1.0-stable
if wait_until 30 sh -c "skopeo list-tags --cert-dir '$CERTS/$QA' --creds '$QA_USER:$QA_PASS' docker://$QA/qa/website 2>/dev/null | grep -q '1.0-stable-'"; then
  echo "ok: serve: pushed to dev, copied to qa"
else
  fail "serve: the stable build did not arrive"; cat "$tmp/serve.log"
fi
[ "$(qa_tags qa/website | grep -c 1.1-unstable)" = 0 ] && echo "ok: serve: the unstable build stays" || fail "the unstable build was copied"
api /jobs >"$tmp/jobs.json"
jq -e '[.jobs[] | select(.kind == "push" and .status == "done" and (.destination | contains("qa/website:1.0-stable-")))] | length == 1' "$tmp/jobs.json" >/dev/null \
  && echo "ok: serve: /jobs shows the push done" || { fail "/jobs"; cat "$tmp/jobs.json"; }
id=$(jq '[.jobs[] | select(.kind == "push")][0].id' "$tmp/jobs.json")
api "/jobs/$id" | jq -e '.status == "done" and (.result | startswith("copied to"))' >/dev/null && echo "ok: serve: /jobs/ID" || fail "/jobs/ID"

# The scanner finishes after the push: the image waits for its scan data, then is promoted
skopeo copy -q --dest-tls-verify=false oci:"$tmp/layout":website-1.0-stable docker://$DEV/dev/waited:1.0
wait_until 10 grep -q '"message":"waiting for scan data"' "$tmp/serve.log" && echo "ok: serve: an image without scan data waits" || fail "no wait for scan data"
waited=$(skopeo inspect --raw --tls-verify=false docker://$DEV/dev/waited:1.0 | sha256sum | cut -c1-64)
cp "$src/tests/data/scans/trivy-debian-buster.json" "$tmp/scans/sha256-$waited.trivy.json"
wait_until 30 sh -c "skopeo list-tags --cert-dir '$CERTS/$QA' --creds '$QA_USER:$QA_PASS' docker://$QA/qa/waited 2>/dev/null | grep -q '\"1.0\"'" \
  && echo "ok: serve: promoted once its scan data arrived" || { fail "scan wait"; grep -i scan "$tmp/serve.log" | tail -5; }

# Pull mirroring: a registry that notifies nobody (tok), polled
skopeo copy -q --dest-cert-dir "$CERTS/$TOK" --dest-creds "$QA_USER:$QA_PASS" oci:"$tmp/layout":website-1.1-unstable docker://$TOK/tok/polled:1.0
wait_until 30 sh -c "skopeo list-tags --cert-dir '$CERTS/$QA' --creds '$QA_USER:$QA_PASS' docker://$QA/qa/polled 2>/dev/null | grep -q '\"1.0\"'" \
  && echo "ok: serve: a polled source's new tag is mirrored" || { fail "poll"; grep poll "$tmp/serve.log" | tail -5; }

# Refused webhooks: nothing queued
before=$(api /jobs | jq '.jobs | length')
body='{"events": [{"action": "push", "target": {"repository": "dev/website", "tag": "9-stable", "digest": "sha256:0000000000000000000000000000000000000000000000000000000000000000"}, "request": {"host": "'$DEV'"}}]}'
code() { curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/webhook" "$@"; }
[ "$(code -d "$body")" = 401 ] && echo "ok: serve: no secret, 401" || fail "no secret"
[ "$(code -H "Authorization: Bearer wrong-$secret" -d "$body")" = 401 ] && echo "ok: serve: wrong secret, 401" || fail "wrong secret"
[ "$(code -H "Authorization: Bearer $secret" -d '{"events": [')" = 400 ] && echo "ok: serve: malformed body, 400" || fail "malformed"
[ "$(code -H "Authorization: Bearer $secret" -d '{"hello": 1}')" = 400 ] && echo "ok: serve: not a notification, 400" || fail "not a notification"
head -c 200000 /dev/zero | tr '\0' 'x' >"$tmp/huge"
[ "$(code -H "Authorization: Bearer $secret" --data-binary @"$tmp/huge")" = 413 ] && echo "ok: serve: huge body, 413" || fail "huge body"
[ "$(api /jobs | jq '.jobs | length')" = "$before" ] && echo "ok: serve: nothing queued from refused webhooks" || fail "a refused webhook queued something"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/jobs")" = 401 ] && echo "ok: serve: /jobs needs the secret" || fail "/jobs open"
curl -s "http://127.0.0.1:$port/metrics" >"$tmp/metrics"
grep -q 'ferry_webhooks_rejected_total{reason="auth"} 2' "$tmp/metrics" && grep -q 'ferry_webhooks_rejected_total{reason="body"} 3' "$tmp/metrics" \
  && grep -q 'ferry_jobs{kind="push",status="done"} 3' "$tmp/metrics" && grep -q '^ferry_copy_duration_seconds_count 3' "$tmp/metrics" \
  && echo "ok: serve: /metrics" || { fail "/metrics"; cat "$tmp/metrics"; }

# A burst of 1000 notifications of one push: all accepted and decided, one copy
digest=sha256:$(skopeo inspect --raw --tls-verify=false docker://$DEV/dev/website:1.0-stable | sha256sum | cut -c1-64)
events_done() { curl -s "http://127.0.0.1:$port/metrics" | grep 'ferry_jobs{kind="event",status="done"}' | cut -d' ' -f2; }
done_before=$(events_done)
accepted=$(python3 "$src/tests/serve/burst.py" "$port" "$secret" 1000 "$DEV" dev/website 1.0-stable "$digest")
[ "$accepted" = 1000 ] && echo "ok: serve: 1000 notifications accepted" || fail "burst: $accepted of 1000 accepted"
done_events() { [ "$(events_done)" -ge $((done_before + 1000)) ]; }
wait_until 120 done_events && echo "ok: serve: every notification decided" || { fail "burst: not all decided"; curl -s "http://127.0.0.1:$port/metrics" | grep ferry_jobs; }
[ "$(qa_tags qa/website | grep -c 1.0-stable-)" = 1 ] && echo "ok: serve: still one copy" || fail "burst: copied more than once: $(qa_tags qa/website)"

# A broken policy on SIGHUP: refused, the old one keeps serving
cp "$tmp/policies/promote.ferry" "$tmp/promote.good"
echo 'rule "oops": tag endswith => push nowhere' >"$tmp/policies/promote.ferry"
kill -HUP "$serve_pid"
wait_until 10 grep -q '"message":"policies not reloaded: the ones in force keep serving","on":"SIGHUP"' "$tmp/serve.log" \
  && echo "ok: serve: a broken policy is refused on SIGHUP" || fail "SIGHUP broken"
wait_until 10 grep -q '"message":"policies not reloaded: the ones in force keep serving","on":"a policy file changed"' "$tmp/serve.log" \
  && echo "ok: serve: a broken policy file is refused when it changes" || fail "watch broken"
push website-1.1-unstable 2.0-stable  # another image: a new digest to push
wait_until 30 sh -c "skopeo list-tags --cert-dir '$CERTS/$QA' --creds '$QA_USER:$QA_PASS' docker://$QA/qa/website 2>/dev/null | grep -q '2.0-stable-'" \
  && echo "ok: serve: the old policy kept serving" || fail "after a broken reload"
cp "$tmp/promote.good" "$tmp/policies/promote.ferry"
wait_until 10 grep -q '"message":"policies reloaded","on":"a policy file changed"' "$tmp/serve.log" \
  && echo "ok: serve: the mended policy file is reloaded" || fail "watch reload"

# kill -9 in the middle of a copy (a 5 MB layer through the slow proxy): after the
# restart the job runs again and the image arrives, once.
skopeo copy -q --dest-tls-verify=false oci:"$tmp/layout":large-1.0 docker://$DEV/dev/slow:1.0
wait_until 20 grep -q '"message":"push queued".*qa/slow' "$tmp/serve.log" || fail "the slow push was not queued"
sleep 1.5
kill -9 "$serve_pid"; wait "$serve_pid" 2>/dev/null; serve_pid=
[ -z "$(qa_tags qa/slow)" ] && echo "ok: serve: killed before the slow copy was tagged" || fail "the slow copy finished before the kill"
start_serve
wait_until 60 sh -c "skopeo list-tags --cert-dir '$CERTS/$QA' --creds '$QA_USER:$QA_PASS' docker://$QA/qa/slow 2>/dev/null | grep -q '\"1.0\"'" \
  && echo "ok: serve: after kill -9 mid-copy, the copy is done on restart" || { fail "mid-copy kill"; tail -5 "$tmp/serve.log"; }
grep -q '"message":"jobs queued again after an interruption"' "$tmp/serve.log" || fail "the running job was not queued again"
[ "$(skopeo inspect --raw --tls-verify=false docker://$DEV/dev/slow:1.0 | sha256sum)" = "$(skopeo inspect --raw --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/qa/slow:1.0 | sha256sum)" ] \
  && echo "ok: serve: the copy has the digest" || fail "qa/slow differs"

# The destination goes down; serve is killed (-9) while the push waits; both come back:
# the push is done, once.
kill "$(cat "$tmp/regs/qa.pid")"
push large-1.0 3.0-stable
wait_until 30 sh -c "curl -s -H 'Authorization: Bearer $secret' http://127.0.0.1:$port/jobs | jq -e '[.jobs[] | select(.kind == \"push\" and (.destination | contains(\"3.0-stable\")) and .attempts >= 1 and .error)] | length == 1' >/dev/null" \
  && echo "ok: serve: a push to a registry that is down fails and waits" || { fail "no failed attempt"; api /jobs | head -40; }
kill -9 "$serve_pid"; wait "$serve_pid" 2>/dev/null; serve_pid=
env -u REGISTRY_AUTH_FILE docker-registry serve "$tmp/regs/qa.yml" >>"$tmp/regs/qa.log" 2>&1 &
echo $! >"$tmp/regs/qa.pid"
start_serve
wait_until 60 sh -c "skopeo list-tags --cert-dir '$CERTS/$QA' --creds '$QA_USER:$QA_PASS' docker://$QA/qa/website 2>/dev/null | grep -q '3.0-stable-'" \
  && echo "ok: serve: after kill -9 and the destination's return, the push is done" || { fail "not done after restart"; tail -20 "$tmp/serve.log"; }
[ "$(qa_tags qa/website | grep -c 3.0-stable-)" = 1 ] && echo "ok: serve: once" || fail "3.0-stable copied more than once"

# SIGTERM: a clean stop
kill "$serve_pid"
if wait "$serve_pid"; then echo "ok: serve: SIGTERM stops it cleanly"; else fail "SIGTERM exit code"; fi
serve_pid=
grep -q '"message":"stopped"' "$tmp/serve.log" || fail "no stop logged"
if grep -q "$secret\|$QA_PASS" "$tmp/serve.log"; then fail "a secret was logged"; fi

# A job that cannot succeed is dead after max_attempts, with its error; and the rate limit:
# a burst of 4 (one for the doomed event), then 429, checked before the body is read.
# This serve listens where dev sends nothing (the slow proxy's port, free now): dev's
# notifications of earlier pulls, still being retried, would take tokens of the burst.
kill "$slow_proxy"; wait "$slow_proxy" 2>/dev/null; slow_proxy=
port=$base
jq --arg listen "127.0.0.1:$port" '.listen = $listen | .rate_limit = {"per_second": 0.1, "burst": 4} | .state = "rate.db" | .poll = [] | .max_attempts = 2' "$tmp/serve.json" >"$tmp/rate.json"
start_serve rate
doomed='{"events": [{"action": "push", "target": {"repository": "dev/website", "tag": "gone", "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111"}, "request": {"host": "'$DEV'"}}]}'
[ "$(code -H "Authorization: Bearer $secret" -d "$doomed")" = 202 ] || fail "the doomed event was not accepted"
pull='{"events": [{"action": "pull", "target": {"repository": "dev/website", "tag": "1.0-stable", "digest": "sha256:00"}, "request": {"host": "'$DEV'"}}]}'
codes=$(for _ in 1 2 3 4 5; do code -H "Authorization: Bearer $secret" -d "$pull"; echo -n " "; done)
[ "$codes" = "202 202 202 429 429 " ] && echo "ok: serve: over the rate limit, 429" || fail "rate limit: $codes"
curl -s "http://127.0.0.1:$port/metrics" | grep -q 'ferry_webhooks_rejected_total{reason="rate"} 2' || fail "rate metric"
dead() { api /jobs | jq -e '[.jobs[] | select(.status == "dead" and .attempts == 2 and (.error | contains("MANIFEST_UNKNOWN")))] | length == 1' >/dev/null; }
wait_until 30 dead && echo "ok: serve: dead after max_attempts, with the registry's error" || { fail "dead letter"; api /jobs | head -30; }
stop_serve
port=$((base + 5))

# A dead job queued again by hand: a push dies while qa is down (one attempt allowed);
# once qa is back, POST /jobs/ID/retry, and the push is done.
jq '.state = "retry.db" | .poll = [] | .max_attempts = 1' "$tmp/serve.json" >"$tmp/retry.json"
kill "$(cat "$tmp/regs/qa.pid")"
start_serve retry
push website-1.0-stable 4.0-stable
dead_push() { api /jobs | jq -e '[.jobs[] | select(.kind == "push" and .status == "dead" and (.destination | contains("4.0-stable")))][0].id'; }
wait_until 30 dead_push >/dev/null && echo "ok: serve: a push to a registry that is down, dead after one attempt" || { fail "no dead push"; api /jobs | head -30; }
id=$(dead_push)
retry() { curl -s -o "$tmp/retry.out" -w '%{http_code}' -X POST -d '' "$@"; }
[ "$(retry "http://127.0.0.1:$port/jobs/$id/retry")" = 401 ] && echo "ok: serve: a retry needs the secret" || fail "retry without the secret"
[ "$(retry -H "Authorization: Bearer $secret" "http://127.0.0.1:$port/jobs/999999/retry")" = 404 ] && echo "ok: serve: no such job, 404" || fail "retry of no job"
event=$(api /jobs | jq '[.jobs[] | select(.kind == "event" and .status == "done")][0].id')
[ "$(retry -H "Authorization: Bearer $secret" "http://127.0.0.1:$port/jobs/$event/retry")" = 409 ] && grep -q "is done: only a dead job" "$tmp/retry.out" \
  && echo "ok: serve: a job that is not dead, 409" || { fail "retry of a done job"; cat "$tmp/retry.out"; }
env -u REGISTRY_AUTH_FILE docker-registry serve "$tmp/regs/qa.yml" >>"$tmp/regs/qa.log" 2>&1 &
echo $! >"$tmp/regs/qa.pid"
wait_until 10 curl -s -o /dev/null --cacert "$CERTS/$QA/ca.crt" "https://$QA/v2/" || fail "qa did not come back"
[ "$(retry -H "Authorization: Bearer $secret" "http://127.0.0.1:$port/jobs/$id/retry")" = 202 ] && echo "ok: serve: the dead push queued again, 202" || { fail "retry"; cat "$tmp/retry.out"; }
wait_until 30 sh -c "skopeo list-tags --cert-dir '$CERTS/$QA' --creds '$QA_USER:$QA_PASS' docker://$QA/qa/website 2>/dev/null | grep -q '4.0-stable-'" \
  && api "/jobs/$id" | jq -e '.status == "done" and .attempts == 1' >/dev/null \
  && echo "ok: serve: the retried push is done" || { fail "the retried push"; api "/jobs/$id"; tail -5 "$tmp/retry.log"; }
grep -q '"message":"job queued again by hand"' "$tmp/retry.log" || fail "the retry was not logged"
stop_serve

echo "serve tests: $failures failed"
[ "$failures" = 0 ]
