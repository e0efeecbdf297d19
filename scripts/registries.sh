#!/usr/bin/env bash
# Real registries on loopback for the tests and the demo (../shared/notes/registries.md):
#   scripts/registries.sh start DIR    dev: plain HTTP, no auth (the source)
#                                      qa:  TLS with a CA generated here, htpasswd (the destination)
#                                      tok: TLS, Bearer tokens from tests/registry/token_server.py
#   scripts/registries.sh stop DIR
# DIR receives the CA (DIR/certs.d/HOST:PORT/ca.crt, as ferry and skopeo read it), a Docker
# auth file with qa's credentials (DIR/auth.json), the registries' storage and logs, and
# DIR/env with DEV, QA, TOK, CERTS, AUTH for scripts to source. Ports: FERRY_DEV_PORT
# (5101), FERRY_QA_PORT (5102), FERRY_TOK_PORT (5103), FERRY_TOKEN_PORT (5104, the token server).
set -euo pipefail
cmd=${1:?start or stop}
dir=$(mkdir -p "${2:?directory}" && cd "$2" && pwd)
dev_port=${FERRY_DEV_PORT:-5101}
qa_port=${FERRY_QA_PORT:-5102}
tok_port=${FERRY_TOK_PORT:-5103}
token_port=${FERRY_TOKEN_PORT:-5104}
here=$(cd "$(dirname "$0")" && pwd)

stop() {
  for name in dev qa tok token; do
    if [ -f "$dir/$name.pid" ]; then
      kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
      rm -f "$dir/$name.pid"
    fi
  done
}

wait_for() {  # wait_for URL CURL-OPTIONS...: until the registry answers /v2/ (30 s at most: a busy CI machine)
  local url=$1
  shift
  for _ in $(seq 1 300); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url" || true)
    [ "$code" = 200 ] || [ "$code" = 401 ] && return 0
    sleep 0.1
  done
  echo "registries: $url did not come up" >&2
  return 1
}

if [ "$cmd" = stop ]; then
  stop
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
stop

# A CA and a server certificate for 127.0.0.1 and localhost.
certs=$dir/certs.d/127.0.0.1:$qa_port
mkdir -p "$certs" "$dir/tls"
if [ ! -f "$dir/tls/server.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=ferry test CA" \
    -addext basicConstraints=critical,CA:TRUE -keyout "$dir/tls/ca.key" -out "$dir/tls/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$dir/tls/ext.cnf"
  openssl x509 -req -in "$dir/tls/server.csr" -CA "$dir/tls/ca.crt" -CAkey "$dir/tls/ca.key" -CAcreateserial \
    -days 30 -extfile "$dir/tls/ext.cnf" -out "$dir/tls/server.crt" 2>/dev/null
fi
cp "$dir/tls/ca.crt" "$certs/ca.crt"
mkdir -p "$dir/certs.d/127.0.0.1:$tok_port"
cp "$dir/tls/ca.crt" "$dir/certs.d/127.0.0.1:$tok_port/ca.crt"
# The key that signs tokens, and its certificate: the tok registry's rootcertbundle.
if [ ! -f "$dir/tls/token.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=ferry test token issuer" \
    -keyout "$dir/tls/token.key" -out "$dir/tls/token.crt" 2>/dev/null
fi

# qa's one user, and an auth file in Docker's format that holds it.
user=ferry
pass=ferry-secret-$(date +%s)
htpasswd -Bbn "$user" "$pass" >"$dir/htpasswd" 2>/dev/null
login=$(printf '%s:%s' "$user" "$pass" | base64 -w0)
printf '{"auths": {"127.0.0.1:%s": {"auth": "%s"}, "127.0.0.1:%s": {"auth": "%s"}}}\n' "$qa_port" "$login" "$tok_port" "$login" >"$dir/auth.json"

# Variables in the environment override the configuration file.
for v in $(env | grep -o '^REGISTRY_[A-Z_]*' || true); do unset "$v"; done

cat >"$dir/dev.yml" <<YML
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/dev-storage}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$dev_port}
YML
# With FERRY_NOTIFY_URL (and FERRY_NOTIFY_SECRET), dev notifies each push there, as a
# registry notifies `ferry serve`; blob events and pulls are left out.
if [ -n "${FERRY_NOTIFY_URL:-}" ]; then
  cat >>"$dir/dev.yml" <<YML
notifications:
  endpoints:
    - name: ferry
      url: $FERRY_NOTIFY_URL
      headers: {Authorization: [Bearer ${FERRY_NOTIFY_SECRET:-}]}
      timeout: 5s
      threshold: 3
      backoff: 1s
      ignore:
        mediatypes: [application/octet-stream]
        actions: [pull]
YML
fi
cat >"$dir/qa.yml" <<YML
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/qa-storage}
  delete: {enabled: true}
http:
  addr: 127.0.0.1:$qa_port
  tls: {certificate: $dir/tls/server.crt, key: $dir/tls/server.key}
auth:
  htpasswd: {realm: ferry-qa, path: $dir/htpasswd}
YML
cat >"$dir/tok.yml" <<YML
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/tok-storage}
  delete: {enabled: true}
http:
  addr: 127.0.0.1:$tok_port
  tls: {certificate: $dir/tls/server.crt, key: $dir/tls/server.key}
auth:
  token: {realm: "http://127.0.0.1:$token_port/token", service: ferry-test, issuer: ferry-test-issuer, rootcertbundle: $dir/tls/token.crt}
YML
python3 "$here/../tests/registry/token_server.py" "$token_port" "$dir/tls/token.key" "$dir/tls/token.crt" "$user" "$pass" \
  ferry-test-issuer ferry-test >"$dir/token.log" 2>&1 &
echo $! >"$dir/token.pid"
docker-registry serve "$dir/tok.yml" >"$dir/tok.log" 2>&1 &
echo $! >"$dir/tok.pid"
docker-registry serve "$dir/dev.yml" >"$dir/dev.log" 2>&1 &
echo $! >"$dir/dev.pid"
docker-registry serve "$dir/qa.yml" >"$dir/qa.log" 2>&1 &
echo $! >"$dir/qa.pid"
wait_for "http://127.0.0.1:$dev_port/v2/"
wait_for "https://127.0.0.1:$qa_port/v2/" --cacert "$certs/ca.crt"
wait_for "https://127.0.0.1:$tok_port/v2/" --cacert "$certs/ca.crt"
wait_for "http://127.0.0.1:$token_port/token"

cat >"$dir/env" <<ENV
DEV=127.0.0.1:$dev_port
QA=127.0.0.1:$qa_port
TOK=127.0.0.1:$tok_port
CERTS=$dir/certs.d
AUTH=$dir/auth.json
QA_USER=$user
QA_PASS=$pass
ENV
echo "registries: dev http://127.0.0.1:$dev_port, qa https://127.0.0.1:$qa_port, tok https://127.0.0.1:$tok_port (CA and auth in $dir)"
