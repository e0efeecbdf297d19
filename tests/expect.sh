# Shared by the shell tests (tests/cli_test.sh, tests/registry/registry_test.sh), which
# set `tmp` to a scratch directory and count `failures`.

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

expect() {  # expect EXIT DESCRIPTION -- COMMAND...: stdout in $tmp/out, stderr in $tmp/err
  local want=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    fail "$what: exit $got, expected $want"; cat "$tmp/out" "$tmp/err"
  else
    echo "ok: $what"
  fi
}
