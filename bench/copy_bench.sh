#!/usr/bin/env bash
# The copy benchmark of issue 5: ferry copy against skopeo copy, in one run, from the
# plain-HTTP dev registry to the TLS + Basic qa registry (scripts/registries.sh), for a
# 200 MB single layer, a 40-layer image and a two-platform index; cold (a new repository)
# and warm (every blob already there, copied to a new tag so that the manifests are pushed
# again); wall time and peak RSS, the median of RUNS (3).
#   bench/copy_bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
scripts/setup.sh >/dev/null
scripts/build.sh >/dev/null
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
tmp=$(mktemp -d)
export FERRY_DEV_PORT=5201 FERRY_QA_PORT=5202 FERRY_TOK_PORT=5203 FERRY_TOKEN_PORT=5204
trap 'scripts/registries.sh stop "$tmp/regs"; rm -rf "$tmp"' EXIT
scripts/registries.sh start "$tmp/regs" >/dev/null
. "$tmp/regs/env"
python3 tests/registry/make_images.py "$tmp/layout" --bench
for image in big-1.0 layers-1.0 multi-1.0; do
  skopeo copy -q --all --dest-tls-verify=false oci:"$tmp/layout":$image docker://$DEV/dev/${image%-1.0}:1.0
done

measure() {  # measure OUT COMMAND...: "seconds kilobytes" of the command into OUT
  # Wall time from bash's clock (/usr/bin/time's is in hundredths, too coarse for a warm
  # copy), peak RSS from /usr/bin/time.
  local out=$1 start end
  shift
  start=$EPOCHREALTIME
  /usr/bin/time -f "%M" -o "$out.rss" "$@" >/dev/null 2>"$out.err" || { cat "$out.err"; return 1; }
  end=$EPOCHREALTIME
  echo "$(awk "BEGIN { print $end - $start }") $(cat "$out.rss")" >"$out"
}
# The command lines, run by /usr/bin/time directly (no shell in between: a warm copy
# takes some 50 ms, and a shell's startup would be a good part of it).
command_of() {  # command_of TOOL IMAGE REPO TAG: the command, in the array `cmd`
  case $1 in
    ferry) cmd=(build/cli/ferry copy "$DEV/dev/$2:1.0" "$QA/qa/$3:$4" --insecure-registry "$DEV" --cert-dir "$CERTS" --dest-creds "$QA_USER:$QA_PASS") ;;
    skopeo) cmd=(skopeo copy -q --all --src-tls-verify=false --dest-cert-dir "$CERTS/$QA" --dest-creds "$QA_USER:$QA_PASS" "docker://$DEV/dev/$2:1.0" "docker://$QA/qa/$3:$4") ;;
  esac
}

# Cold means the destination registry has none of the blobs: before each cold copy, qa
# restarts on empty storage, and skopeo forgets where it has seen blobs (its blob-info
# cache would otherwise mount them from the other tool's repository).
fresh_qa() {
  kill "$(cat "$tmp/regs/qa.pid")"
  while kill -0 "$(cat "$tmp/regs/qa.pid")" 2>/dev/null; do sleep 0.05; done
  rm -rf "$tmp/regs/qa-storage" ~/.local/share/containers/cache/blob-info-cache-v1.boltdb /var/lib/containers/cache/blob-info-cache-v1.boltdb
  env -u REGISTRY_AUTH_FILE docker-registry serve "$tmp/regs/qa.yml" >>"$tmp/regs/qa.log" 2>&1 &
  echo $! >"$tmp/regs/qa.pid"
  until curl -s -o /dev/null --cacert "$CERTS/$QA/ca.crt" "https://$QA/v2/"; do sleep 0.05; done
}

results=$tmp/results
: >"$results"
for image in big layers multi; do
  for run in $(seq 1 "$runs"); do
    for tool in ferry skopeo; do
      fresh_qa
      command_of $tool $image "$tool-$image-$run" 1.0
      measure "$tmp/m" "${cmd[@]}"
      echo "$image cold $tool $(cat "$tmp/m")" >>"$results"
      # The cold copy's writes settle first (on this machine the flush of 200 MB
      # otherwise lands in the next 50 ms measurement, whichever tool it is).
      sync
      sleep 1
      # Three warm copies a run (each to a new tag): a warm copy is some 50 ms, where one
      # busy moment of the machine weighs a lot.
      for w in 1 2 3; do
        command_of $tool $image "$tool-$image-$run" "warm$w"
        measure "$tmp/m" "${cmd[@]}"
        echo "$image warm $tool $(cat "$tmp/m")" >>"$results"
      done
    done
  done
done

python3 - "$results" "$runs" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
print(f"\nferry copy vs skopeo copy, dev (HTTP) -> qa (TLS + Basic), median of {sys.argv[2]} runs (3 warm copies each)\n")
print("| image | | ferry s | skopeo s | ferry is | ferry peak RSS MB | skopeo peak RSS MB |")
print("|---|---|---:|---:|---:|---:|---:|")
for image in ("big", "layers", "multi"):
    for phase in ("cold", "warm"):
        def med(tool, col):
            return statistics.median(float(r[col]) for r in rows if r[0] == image and r[1] == phase and r[2] == tool)
        f, s = med("ferry", 3), med("skopeo", 3)
        print(f"| {image} | {phase} | {f:.3f} | {s:.3f} | {s / f:.2f}x | {med('ferry', 4) / 1024:.0f} | {med('skopeo', 4) / 1024:.0f} |")
PY
