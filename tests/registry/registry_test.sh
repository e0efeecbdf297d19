#!/usr/bin/env bash
# ferry ping and ferry copy against real registries on loopback (scripts/registries.sh):
# dev over plain HTTP, qa over TLS with a generated CA and htpasswd. Test images are made
# offline (make_images.py) and pushed with skopeo; skopeo also checks the results.
set -u
ferry=$(realpath "$1")
src=$(realpath "$2")
tmp=$(mktemp -d)
# Five ports below the ephemeral range (32768 and up), where no outgoing connection takes them.
base=$((20000 + $$ % 2000 * 5))
export FERRY_DEV_PORT=$base FERRY_QA_PORT=$((base + 2)) FERRY_TOK_PORT=$((base + 3)) FERRY_TOKEN_PORT=$((base + 4))
trap '"$src/scripts/registries.sh" stop "$tmp/regs"; rm -rf "$tmp"' EXIT
"$src/scripts/registries.sh" start "$tmp/regs" >/dev/null || { echo "FAIL: registries did not start"; exit 1; }
. "$tmp/regs/env"
failures=0
. "$src/tests/expect.sh"

python3 "$src/tests/registry/make_images.py" "$tmp/layout"
push() { skopeo copy -q "$@" --dest-tls-verify=false; }
push oci:"$tmp/layout":website-1.0-stable docker://$DEV/dev/website:1.0-stable
push --all oci:"$tmp/layout":multi-1.0 docker://$DEV/dev/multi:1.0
push --format v2s2 oci:"$tmp/layout":website-1.1-unstable docker://$DEV/dev/website:1.1-unstable
push oci:"$tmp/layout":large-1.0 docker://$DEV/dev/large:1.0
# Attached things (tests/registry/attach.py, made offline): cosign's signature and SBOM tags
# and a Notation signature as an OCI referrer on dev/signed; the referrer alone on dev/notary.
push oci:"$tmp/layout":website-1.0-stable docker://$DEV/dev/signed:1.0
push oci:"$tmp/layout":website-1.0-stable docker://$DEV/dev/notary:1.0
attached=($(python3 "$src/tests/registry/attach.py" "$DEV" dev/signed 1.0 sig sbom notation))
python3 "$src/tests/registry/attach.py" "$DEV" dev/notary 1.0 notation >/dev/null
# Scan data attached (issue 6): a vulnerability attestation and an SBOM by cosign's tags on
# dev/scanned:1.0; another attestation and an SBOM as an OCI referrer on 1.1; nothing on
# `unscanned`; a truncated SBOM on `broken`.
scans=$src/tests/data/scans
push oci:"$tmp/layout":website-1.0-stable docker://$DEV/dev/scanned:1.0
push oci:"$tmp/layout":website-1.1-unstable docker://$DEV/dev/scanned:1.1
push oci:"$tmp/layout":large-1.0 docker://$DEV/dev/scanned:unscanned
push --all oci:"$tmp/layout":multi-1.0 docker://$DEV/dev/scanned:broken
python3 "$src/tests/registry/attach.py" "$DEV" dev/scanned 1.0 "att=$scans/trivy-alpine-39.json" "sbom=$scans/syft-alpine-3.10.spdx.json" >/dev/null
python3 "$src/tests/registry/attach.py" "$DEV" dev/scanned 1.1 "att=$scans/grype-busybox-1.32.1-epss.json" "sbom-referrer=$scans/bitnami-postgresql.spdx.json" >/dev/null
head -c 500 "$scans/syft-alpine-3.10.spdx.json" >"$tmp/truncated.spdx.json"
python3 "$src/tests/registry/attach.py" "$DEV" dev/scanned broken "sbom=$tmp/truncated.spdx.json" >/dev/null

raw_dev() { skopeo inspect --raw --tls-verify=false "docker://$DEV/$1"; }
raw_qa() { skopeo inspect --raw --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" "docker://$QA/$1"; }
same_manifest() {  # same_manifest DEV-REF QA-REF: byte for byte, so the digests agree
  if [ "$(raw_dev "$1" | sha256sum)" = "$(raw_qa "$2" 2>/dev/null | sha256sum)" ]; then echo "ok: $2 has the digest of $1"; else fail "$2 differs from $1"; fi
}

export REGISTRY_AUTH_FILE=$AUTH
trust=(--insecure-registry "$DEV" --cert-dir "$CERTS")

# ferry ping
expect 0 "ping: plain HTTP registry named insecure" -- "$ferry" ping "$DEV" --insecure-registry "$DEV"
expect 3 "ping: plain HTTP refused unless named insecure" -- "$ferry" ping "$DEV"
expect 0 "ping: TLS, login and push permission" -- "$ferry" ping "$QA/qa/website" --cert-dir "$CERTS"
grep -q "push to qa/website: allowed" "$tmp/out" || fail "ping did not check push"
expect 3 "ping: without the CA" -- "$ferry" ping "$QA"
grep -q "certificate: subject CN *= *127.0.0.1, issuer CN *= *ferry test CA" "$tmp/out" || { fail "ping without the CA names the certificate"; cat "$tmp/out"; }
expect 3 "ping: without credentials" -- env REGISTRY_AUTH_FILE=/nonexistent "$ferry" ping "$QA" --cert-dir "$CERTS"
grep -q "needs credentials" "$tmp/out" || fail "ping without credentials says why"
expect 3 "ping: wrong password" -- "$ferry" ping "$QA" --cert-dir "$CERTS" --creds "$QA_USER:not-the-password"
grep -q "HTTP 401" "$tmp/out" || fail "ping with a wrong password names the status"

# Bearer tokens: a registry that trusts tests/registry/token_server.py
expect 0 "ping: Bearer token registry, push permission" -- "$ferry" ping "$TOK/tok/website" --cert-dir "$CERTS"
grep -q "push to tok/website: allowed" "$tmp/out" || { fail "token ping"; cat "$tmp/out"; }
expect 0 "copy: to a Bearer token registry" -- "$ferry" copy "$DEV/dev/multi:1.0" "$TOK/tok/multi:1.0" "${trust[@]}"
if [ "$(raw_dev dev/multi:1.0 | sha256sum)" = "$(skopeo inspect --raw --cert-dir "$CERTS/$TOK" --creds "$QA_USER:$QA_PASS" docker://$TOK/tok/multi:1.0 | sha256sum)" ]; then
  echo "ok: tok/multi:1.0 has the digest of dev/multi:1.0"
else
  fail "tok/multi:1.0 differs"
fi
# A mount needs pull on the other repository too: one token with both scopes.
expect 0 "copy: within a Bearer token registry, blobs mounted" -- "$ferry" copy "$TOK/tok/multi:1.0" "$TOK/tok/mirror:1.0" --cert-dir "$CERTS"
grep -q "0 blobs copied (0 bytes), [0-9]* already there, [1-9][0-9]* mounted" "$tmp/out" || { fail "no mount on the token registry"; cat "$tmp/out"; }
expect 3 "copy: the token server refuses a wrong password" -- "$ferry" copy "$DEV/dev/multi:1.0" "$TOK/tok/x:1" "${trust[@]}" --dest-creds "$QA_USER:wrong-token-password"
grep -q "getting a token from http://127.0.0.1:$FERRY_TOKEN_PORT/token: HTTP 401" "$tmp/err" || { fail "token refusal message"; cat "$tmp/err"; }

# ferry copy: every kind of manifest, digests kept
expect 0 "copy: OCI manifest, TLS + Basic destination" -- "$ferry" copy "$DEV/dev/website:1.0-stable" "$QA/qa/website:1.0-stable" "${trust[@]}"
same_manifest dev/website:1.0-stable qa/website:1.0-stable
expect 0 "copy: OCI index of two platforms" -- "$ferry" copy "$DEV/dev/multi:1.0" "$QA/qa/multi:1.0" "${trust[@]}"
same_manifest dev/multi:1.0 qa/multi:1.0
for child in $(raw_dev dev/multi:1.0 | python3 -c 'import json,sys; print(" ".join(m["digest"] for m in json.load(sys.stdin)["manifests"]))'); do
  same_manifest "dev/multi@$child" "qa/multi@$child"
done
# The options first: a repeatable option takes one value, not the references after it.
expect 0 "copy: one blob at a time (--jobs 1)" -- "$ferry" copy "${trust[@]}" --jobs 1 "$DEV/dev/website:1.0-stable" "$QA/qa/sequential:1.0"
same_manifest dev/website:1.0-stable qa/sequential:1.0
expect 0 "copy: Docker schema 2" -- "$ferry" copy "$DEV/dev/website:1.1-unstable" "$QA/qa/website:1.1-unstable" "${trust[@]}"
same_manifest dev/website:1.1-unstable qa/website:1.1-unstable
grep -q "blobs copied ([0-9]* bytes), 1 already there" "$tmp/out" || { fail "the shared base layer was copied again"; cat "$tmp/out"; }
raw_qa qa/website:1.1-unstable | grep -q "application/vnd.docker.distribution.manifest.v2+json" || fail "the Docker manifest kept its type"
expect 0 "copy: again, the destination tag already names the digest" -- "$ferry" copy "$DEV/dev/website:1.0-stable" "$QA/qa/website:1.0-stable" "${trust[@]}"
grep -q "nothing to copy" "$tmp/out" || { fail "second copy sent something"; cat "$tmp/out"; }
logged=$(wc -l <"$tmp/regs/qa.log")
expect 0 "copy: to a new tag, every blob already there" -- "$ferry" copy "$DEV/dev/website:1.0-stable" "$QA/qa/website:again" "${trust[@]}"
# One HEAD for the manifest by digest, none per blob.
grep -q "0 blobs copied (0 bytes), 0 already there, 0 mounted; 1 manifests pushed, 1 already there" "$tmp/out" || { fail "a copy to a new tag uploaded again"; cat "$tmp/out"; }
# Over TLS the credentials go with the first request: qa never had to answer 401.
if tail -n +$((logged + 1)) "$tmp/regs/qa.log" | grep -q '" 401 '; then fail "a 401 before the credentials were sent"; else echo "ok: no 401 round trip over TLS"; fi
expect 0 "copy: within one registry, blobs mounted" -- "$ferry" copy "$QA/qa/website:1.0-stable" "$QA/qa/mirror:1.0" --cert-dir "$CERTS"
grep -q "3 mounted" "$tmp/out" || { fail "no mount"; cat "$tmp/out"; }
arm=$(raw_dev dev/multi:1.0 | python3 -c 'import json,sys; print([m["digest"] for m in json.load(sys.stdin)["manifests"] if m["platform"]["architecture"] == "arm64"][0])')
expect 0 "copy: one platform of an index" -- "$ferry" copy "$DEV/dev/multi:1.0" "$QA/qa/arm:1.0" --platform linux/arm64 "${trust[@]}"
grep -q "($arm)" "$tmp/out" || { fail "the arm64 image is what the tag names"; cat "$tmp/out"; }
expect 0 "copy: --log-format json" -- "$ferry" copy "$DEV/dev/website:1.0-stable" "$QA/qa/website:1.0-stable" "${trust[@]}" --log-format json
python3 -c 'import json,sys; e=[json.loads(l) for l in open(sys.argv[1])]; assert any(x["event"] == "tag_up_to_date" and x["digest"].startswith("sha256:") for x in e), e' "$tmp/err" || { fail "json events"; cat "$tmp/err"; }

# ferry plan: facts from the registry, decisions, destinations checked, nothing written
cat >"$tmp/plan.ferry" <<POLICY
on dev/** {
  rule "stable": tag endswith "-stable" and "linux/amd64" in platforms and labels["team"] == "web" => push $QA/qa/website
  rule "arm": "linux/arm64" in platforms and created >= now() - 30d and not signed => push $QA/qa/planned as "<tag>-<date>"
}
POLICY
before=$(skopeo list-tags --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/qa/website)
logged=$(wc -l <"$tmp/regs/dev.log")
expect 0 "plan: every tag of a repository" -- "$ferry" plan "$tmp/plan.ferry" --source "$DEV/dev/website" "${trust[@]}" --now 2026-11-26T17:40:15Z
grep -q "dev/website:1.0-stable (sha256:.*): push" "$tmp/out" && grep -q "already there, would skip: $QA/qa/website:1.0-stable" "$tmp/out" \
  && grep -q "dev/website:1.1-unstable (sha256:.*): none" "$tmp/out" || { fail "plan of dev/website"; cat "$tmp/out"; }
# The tags listed for the plan say which signature, SBOM and referrer tags exist: none is asked for.
if tail -n +$((logged + 1)) "$tmp/regs/dev.log" | grep -q 'HEAD /v2/dev/website/manifests/sha256-'; then
  fail "plan asked for attached tags one by one"
else
  echo "ok: plan: attached tags known from the tag list"
fi
expect 0 "plan: an index, facts of both platforms" -- "$ferry" plan "$tmp/plan.ferry" --source "$DEV/dev/multi:1.0" "${trust[@]}" --now 2026-11-26T17:40:15Z --format json
python3 - "$tmp/out" <<'PY' || { fail "plan json"; cat "$tmp/out"; }
import json, sys
d = json.loads(open(sys.argv[1]).read())
plans = {(a["destination"].split("/", 1)[1], a["tag"]): a["plan"] for a in d["actions"]}
assert plans == {("qa/planned", "1.0-20261126"): "copy"}, plans
PY
expect 0 "plan --explain" -- "$ferry" plan "$tmp/plan.ferry" --source "$DEV/dev/multi:1.0" "${trust[@]}" --now 2026-11-26T17:40:15Z --explain
grep -q '"linux/arm64" in platforms  => true' "$tmp/out" && grep -q 'signed  => false' "$tmp/out" || { fail "plan explain"; cat "$tmp/out"; }
[ "$(skopeo list-tags --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/qa/website)" = "$before" ] || fail "plan wrote to qa/website"
if skopeo inspect --raw --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/qa/planned:1.0-20261126 >/dev/null 2>&1; then fail "plan copied"; fi
expect 3 "plan: a missing repository" -- "$ferry" plan "$tmp/plan.ferry" --source "$DEV/dev/nothing" "${trust[@]}"

# ferry run: the pushes, once per (digest, destination, rule), whatever the template renders
cat >"$tmp/run.ferry" <<POLICY
on dev/** {
  rule "promote stable": tag endswith "-stable" => push $QA/qa/promoted as "<tag>-<timestamp>"
  rule "keep": tag == "1.0-stable" => push $QA/qa/website
}
POLICY
expect 0 "run: copies what the policies promote" -- "$ferry" run "$tmp/run.ferry" --source "$DEV/dev/website" "${trust[@]}" --state "$tmp/state.db"
grep -q "copied to $QA/qa/promoted:1.0-stable-" "$tmp/out" && grep -q "already there: $QA/qa/website:1.0-stable" "$tmp/out" \
  || { fail "first run"; cat "$tmp/out"; }
tags() { skopeo list-tags --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/qa/promoted | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["Tags"]))'; }
[ "$(tags)" = 1 ] || fail "first run: one tag in qa/promoted, found $(tags)"
sleep 1  # a later <timestamp>
expect 0 "run: a second run copies nothing new" -- "$ferry" run "$tmp/run.ferry" --source "$DEV/dev/website" "${trust[@]}" --state "$tmp/state.db"
grep -q "done before (as 1.0-stable-" "$tmp/out" && ! grep -q "copied to" "$tmp/out" || { fail "second run"; cat "$tmp/out"; }
[ "$(tags)" = 1 ] || fail "second run: still one tag in qa/promoted, found $(tags)"
expect 0 "run --format json" -- "$ferry" run "$tmp/run.ferry" --source "$DEV/dev/website:1.0-stable" "${trust[@]}" --state "$tmp/state.db" --format json
python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read()); assert d["actions"] and all(a["result"].startswith("done before") and a["plan"] == "done" for a in d["actions"]), d' "$tmp/out" || { fail "run json"; cat "$tmp/out"; }
expect 2 "run: a state store that cannot be opened" -- "$ferry" run "$tmp/run.ferry" --source "$DEV/dev/website" "${trust[@]}" --state /proc/ferry/state.db

# On a terminal (script(1) gives it one), a progress display ending in a summary line;
# not otherwise.
script -qfec "$(printf '%q ' "$ferry" copy "$DEV/dev/large:1.0" "$QA/qa/large:1.0" "${trust[@]}")" "$tmp/typescript" >/dev/null
if grep -aq "2 blobs uploaded (5.2 MB in [0-9.]* s, [0-9.]* MB/s), 0 already there or mounted" "$tmp/typescript"; then
  echo "ok: copy: progress on a terminal"
else
  fail "no progress summary on a terminal"; cat -v "$tmp/typescript"
fi
expect 0 "copy: no progress display when stderr is not a terminal" -- "$ferry" copy "$DEV/dev/large:1.0" "$QA/qa/large:again" "${trust[@]}"
if grep -q "uploaded" "$tmp/err"; then fail "progress printed to a file"; fi

# Signatures, SBOMs and referrers travel with the image
digest=$(raw_dev dev/signed:1.0 | sha256sum | cut -c1-64)
expect 0 "copy: with cosign's tags and an OCI referrer" -- "$ferry" copy "$DEV/dev/signed:1.0" "$QA/qa/signed:1.0" "${trust[@]}"
grep -q "; 3 attached" "$tmp/out" || { fail "three things attached"; cat "$tmp/out"; }
same_manifest "dev/signed:sha256-$digest.sig" "qa/signed:sha256-$digest.sig"
same_manifest "dev/signed:sha256-$digest.sbom" "qa/signed:sha256-$digest.sbom"
same_manifest "dev/signed@${attached[2]}" "qa/signed@${attached[2]}"
raw_qa "qa/signed:sha256-$digest" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [m["digest"] for m in d["manifests"]] == [sys.argv[1]] and d["manifests"][0]["artifactType"] == "application/vnd.cncf.notary.signature", d' "${attached[2]}" \
  && echo "ok: the referrers tag at the destination lists the referrer" || fail "the destination's referrers tag"
expect 0 "copy: again, nothing attached is sent twice" -- "$ferry" copy "$DEV/dev/signed:1.0" "$QA/qa/signed:1.0" "${trust[@]}"
grep -q "nothing to copy" "$tmp/out" || { fail "attachments copied twice"; cat "$tmp/out"; }
expect 0 "copy: --no-referrers" -- "$ferry" copy "$DEV/dev/signed:1.0" "$QA/qa/bare:1.0" "${trust[@]}" --no-referrers
[ "$(skopeo list-tags --cert-dir "$CERTS/$QA" --creds "$QA_USER:$QA_PASS" docker://$QA/qa/bare | python3 -c 'import json,sys; print(json.load(sys.stdin)["Tags"])')" = "['1.0']" ] \
  && echo "ok: --no-referrers copies the image alone" || fail "--no-referrers copied attachments"
cat >"$tmp/signed.ferry" <<POLICY
on dev/** {
  rule "signed": signed => push $QA/qa/signed-copies
}
POLICY
for repo in signed notary website; do
  expect 0 "plan: signed, dev/$repo" -- "$ferry" plan "$tmp/signed.ferry" --source "$DEV/dev/$repo" "${trust[@]}" --format json
  # JSON Lines, an image a line; the signature and referrer tags are not listed as images.
  python3 -c 'import json,sys; ds=[json.loads(l) for l in open(sys.argv[1])]; tags=sorted(a["tag"] for d in ds for a in d["actions"]); assert tags == sys.argv[2:], tags; assert not any(d["image"]["tag"].startswith("sha256-") for d in ds)' "$tmp/out" \
    $(case $repo in signed | notary) echo 1.0 ;; website) ;; esac) || { fail "signed facts of dev/$repo (cosign tag, Notation referrer, none)"; cat "$tmp/out"; }
done

# Scan facts from what the registry has attached: vulnerabilities and licenses decide
cat >"$tmp/scanned.ferry" <<POLICY
on dev/** {
  rule "few critical": vulns.critical < 2 => push $QA/qa/few-critical
  rule "no gpl": license not in ["GPL-2.0", "GPL-3.0-only"] => push $QA/qa/no-gpl
}
POLICY
expect 0 "plan: scan data attached in the registry" -- "$ferry" plan "$tmp/scanned.ferry" --source "$DEV/dev/scanned" "${trust[@]}" --format json --explain
python3 - "$tmp/out" <<'PY' || { fail "plan with attached scan data"; cat "$tmp/out"; }
import json, sys
images = {d["image"]["tag"]: d for d in map(json.loads, open(sys.argv[1]))}
fired = {tag: sorted(a["rule"] for a in d["actions"]) for tag, d in images.items()}
# 1.0: 2 critical (Trivy, in an attestation), GPL-2.0 (Syft SBOM, cosign tag): neither rule.
# 1.1: 1 critical (Grype attestation), LGPL-2.1-only, MIT, PostgreSQL (SBOM referrer): both.
# unscanned and broken: the facts are unknown, nothing is pushed.
assert fired == {"1.0": [], "1.1": ["few critical", "no gpl"], "unscanned": [], "broken": []}, fired
assert any("in-toto attestation of Trivy JSON" in s and "not verified" in s for s in images["1.0"]["scan_data"]), images["1.0"]["scan_data"]
assert any("SPDX-2.3" in s and "@sha256:" in s for s in images["1.1"]["scan_data"]), images["1.1"]["scan_data"]
assert images["unscanned"]["scan_data"] == ["scan data: none: not scanned (vulns, components and licenses are unknown)"], images["unscanned"]
assert any("sha256-" in e and ".sbom layer" in e and "not valid JSON" in e for e in images["broken"]["scan_errors"]), images["broken"]
PY

# The Docker Trusted Registry criteria (every operator) decide the same on the data attached
# in the registry as on the same files given to eval.
sed "s|qa.example.com|$QA|" "$src/tests/facts/dtr_criteria.ferry" >"$tmp/dtr.ferry"
expect 0 "plan: the DTR criteria on attached scan data" -- "$ferry" plan "$tmp/dtr.ferry" --source "$DEV/dev/scanned:1.0" "${trust[@]}" --format json --explain
from_registry=$(jq -c '[.actions[].rule] | sort' "$tmp/out")
echo '{"repo": "dev/scanned", "tag": "1.0"}' >"$tmp/scanned-image.json"
from_files=$("$ferry" eval "$tmp/dtr.ferry" --image "$tmp/scanned-image.json" --format json --scan "$scans/trivy-alpine-39.json" --sbom "$scans/syft-alpine-3.10.spdx.json" | jq -c '[.actions[].rule] | sort')
if [ "$from_registry" = "$from_files" ] && [ "$(echo "$from_registry" | jq length)" -gt 5 ]; then
  echo "ok: the same rules fire from the registry as from the files: $from_registry"
else
  fail "DTR criteria: registry $from_registry, files $from_files"
  jq -c '[.scan_data, .scan_errors]' "$tmp/out"
fi

# Failures: named, and nothing tagged
expect 3 "copy: wrong destination password" -- "$ferry" copy "$DEV/dev/website:1.0-stable" "$QA/qa/x:1" "${trust[@]}" --dest-creds "$QA_USER:wrong-password-123"
grep -q "127.0.0.1:$FERRY_QA_PORT/qa/x" "$tmp/err" && grep -q "HTTP 401" "$tmp/err" || { fail "auth failure names registry and status"; cat "$tmp/err"; }
if grep -rq "wrong-password-123\|$QA_PASS" "$tmp/out" "$tmp/err"; then fail "a password was printed"; fi
mkdir -p "$tmp/other-ca/$QA"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=another CA" -keyout "$tmp/other-ca/key" -out "$tmp/other-ca/$QA/ca.crt" 2>/dev/null
expect 3 "copy: a destination whose certificate the given CA did not sign" -- "$ferry" copy "$DEV/dev/website:1.0-stable" "$QA/qa/y:1" --insecure-registry "$DEV" --cert-dir "$tmp/other-ca"
grep -q "issuer CN *= *ferry test CA" "$tmp/err" || { fail "a refused certificate is named"; cat "$tmp/err"; }
expect 3 "copy: a missing source tag" -- "$ferry" copy "$DEV/dev/website:nope" "$QA/qa/z:1" "${trust[@]}"
grep -q "HTTP 404 MANIFEST_UNKNOWN" "$tmp/err" || { fail "missing tag names the registry's error code"; cat "$tmp/err"; }
# A blob corrupted in the source registry's storage: refused, and the tag never appears.
layer=$(raw_dev dev/website:1.1-unstable | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["digest"][7:])')
data="$tmp/regs/dev-storage/docker/registry/v2/blobs/sha256/${layer:0:2}/$layer/data"
printf 'X' | dd of="$data" bs=1 seek=10 conv=notrunc 2>/dev/null
expect 3 "copy: a corrupted blob is refused" -- "$ferry" copy "$DEV/dev/website:1.1-unstable" "$QA/qa/corrupt:1" "${trust[@]}"
grep -q "has the digest .*: refused" "$tmp/err" || { fail "corrupt blob message"; cat "$tmp/err"; }
if raw_qa qa/corrupt:1 >/dev/null 2>&1; then fail "a tag was pushed after a failed copy"; fi
expect 2 "copy: a bad reference" -- "$ferry" copy "$DEV/Dev/Website" "$QA/qa/x:1"

# The destination goes away and comes back: the copy waits (backoff) and completes.
kill "$(cat "$tmp/regs/qa.pid")"; sleep 0.3
"$ferry" copy "$DEV/dev/multi:1.0" "$QA/qa/after-restart:1.0" "${trust[@]}" >"$tmp/restart.out" 2>&1 &
copier=$!
sleep 1.5
# REGISTRY_AUTH_FILE is ferry's, but the registry would read it as its auth.file setting.
env -u REGISTRY_AUTH_FILE docker-registry serve "$tmp/regs/qa.yml" >>"$tmp/regs/qa.log" 2>&1 &
echo $! >"$tmp/regs/qa.pid"
if wait "$copier"; then
  echo "ok: copy: retried while the destination restarted"
  same_manifest dev/multi:1.0 qa/after-restart:1.0
else
  fail "copy did not survive a destination restart"; cat "$tmp/restart.out"
fi

# A connection drops between two chunks of an upload: the upload resumes where the
# registry has it: 1 MiB chunks, one blob at a time (the config's PATCH is the first),
# and the fourth PATCH, the layer's third chunk, cut by tests/registry/cut_proxy.py.
proxy_port=$((FERRY_DEV_PORT + 1))
python3 "$src/tests/registry/cut_proxy.py" "$proxy_port" "$FERRY_DEV_PORT" 4 &
proxy=$!
until (exec 3<>"/dev/tcp/127.0.0.1/$proxy_port") 2>/dev/null; do sleep 0.05; done
expect 0 "copy: an upload resumed after a dropped connection" -- "$ferry" copy "$DEV/dev/large:1.0" "127.0.0.1:$proxy_port/dev/resumed:1.0" \
  --insecure-registry "$DEV" --insecure-registry "127.0.0.1:$proxy_port" --upload-chunk 1 --jobs 1 --verbose
kill "$proxy"
grep -q "upload resumed at byte 2097152" "$tmp/err" || { fail "the upload did not resume after the second chunk of the layer"; cat "$tmp/err"; }
if [ "$(raw_dev dev/large:1.0 | sha256sum)" = "$(raw_dev dev/resumed:1.0 | sha256sum)" ]; then echo "ok: the resumed copy has the digest"; else fail "dev/resumed differs"; fi

echo "registry tests: $failures failed"
[ "$failures" = 0 ]
