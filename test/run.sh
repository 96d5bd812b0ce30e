#!/usr/bin/env bash
# Runs every test of luoshi against the build in directory $1 (build or build-san):
# the unit tests (one process per test), then each shell suite under test/e2e and
# test/golden (one subshell per t_* function). Ends with the line "N passed, N failed" and
# exits non-zero when anything failed. ONLY=GLOB runs just the shell suites whose name matches
# (e.g. ONLY='web-*'), without the unit tests: for working on one suite; make check runs all.
set -u
ONLY=${ONLY:-}
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
export LUOSHI="$ROOT/$B/luoshi"
export LUOSHI_DATA=""
export LC_ALL=C.UTF-8
passed=0
failed=0

if [ -z "$ONLY" ]; then
echo "== unit ($B)"
out=$("$ROOT/$B/unit" 2>&1)
status=$?
echo "$out" | grep -v '^unit: ' | sed 's/^/  /'
line=$(echo "$out" | grep '^unit: ' | tail -n 1)
up=$(echo "$line" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
uf=$(echo "$line" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$up" ]; then
  echo "  the unit runner did not finish (status $status)"
  failed=$((failed + 1))
else
  echo "  $line"
  passed=$((passed + up))
  failed=$((failed + uf))
fi
fi

. "$ROOT/test/lib.sh"
for suite in "$ROOT"/test/e2e/*.sh "$ROOT"/test/golden/*.sh; do
  [ -f "$suite" ] || continue
  name=$(basename "$suite" .sh)
  # shellcheck disable=SC2053
  [ -n "$ONLY" ] && [[ $name != $ONLY ]] && continue
  echo "== $(basename "$(dirname "$suite")")/$name"
  for t in $(bash -c ". '$ROOT/test/lib.sh'; . '$suite'; declare -F" | awk '{print $3}' | grep '^t_'); do
    TMP=$(mktemp -d)
    export TMP
    if (cd "$TMP" && . "$ROOT/test/lib.sh" && . "$suite" && set +e && "$t") >"$TMP/.log" 2>&1 &&
      [ ! -e "$TMP/.failed" ]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "  FAIL $t"
      sed 's/^/    /' "$TMP/.log" | head -n 30
    fi
    rm -rf "$TMP"
  done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
