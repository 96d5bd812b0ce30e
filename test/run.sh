#!/usr/bin/env bash
# Runs every test of luoshi against the build in directory $1 (build or build-san):
# the unit tests (one process per test), then each shell suite under test/e2e and
# test/golden (one subshell per t_* function). Ends with the line "N passed, N failed" and
# exits non-zero when anything failed. ONLY=GLOB runs just the shell suites whose name matches
# (e.g. ONLY='web-*'), without the unit tests: for working on one suite; make check runs all.
#
# LUOSHI_TEST_DB picks the backend the shell suites run against: sqlite (the default: each
# test's --db PATH is an SQLite file) or postgresql. With postgresql, one throwaway server
# (test/tools/pgtemp.sh, its socket in a short directory under /tmp) serves the whole run and is
# stopped at the end, also after a failure or an interrupt; LUOSHI is test/tools/luoshi-db,
# which gives each PATH a database of its own there, dropped once its test is over; the unit
# tests do not run (they are SQLite's). Tests and suites that only make sense on the other
# backend (a suite's BACKENDS="sqlite" or BACKENDS="postgresql", a test's only_sqlite) are
# counted as skipped, on the line before the last.
set -u
ONLY=${ONLY:-}
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ROOT
export LUOSHI="$ROOT/$B/luoshi"
export BUILD_DIR="$ROOT/$B"
export LUOSHI_DATA=""
export LC_ALL=C.UTF-8
case ${LUOSHI_TEST_DB:-sqlite} in
  sqlite) LUOSHI_TEST_DB=sqlite ;;
  postgresql | postgres | pg) LUOSHI_TEST_DB=postgresql ;;
  *)
    echo "run.sh: LUOSHI_TEST_DB=$LUOSHI_TEST_DB: want sqlite or postgresql" >&2
    exit 2
    ;;
esac
export LUOSHI_TEST_DB
passed=0
failed=0
skipped=0

# ---- the PostgreSQL server for the whole run -------------------------------------------------
pg_stop() {
  if [ -n "${LUOSHI_TEST_PGDIR:-}" ] && [ -d "$LUOSHI_TEST_PGDIR" ]; then
    if ! "$PGTEMP" stop "$LUOSHI_TEST_PGDIR" >/dev/null 2>&1; then
      # (a start that failed early leaves the directory empty)
      rmdir "$LUOSHI_TEST_PGDIR" 2>/dev/null ||
        echo "run.sh: could not stop the PostgreSQL server in $LUOSHI_TEST_PGDIR" >&2
    fi
  fi
  [ -n "${LUOSHI_TEST_PGREG:-}" ] && rm -rf "$LUOSHI_TEST_PGREG"
}

# pg_drop_test_databases: drop the databases the last test made (luoshi-db lists them in
# LUOSHI_TEST_PGREG), so that the server does not fill up over the run
pg_drop_test_databases() {
  local f name drops=""
  for f in "$LUOSHI_TEST_PGREG"/t_*; do
    [ -e "$f" ] || continue
    name=${f##*/}
    case $name in *.*) continue ;; esac
    drops+="DROP DATABASE IF EXISTS \"$name\" WITH (FORCE);"$'\n'
  done
  [ -n "$drops" ] || return 0
  printf '%s' "$drops" | psql -X -q -v ON_ERROR_STOP=1 -d "$LUOSHI_TEST_PGURI" -f - >/dev/null \
    2>"$LUOSHI_TEST_PGREG/.drop.err" ||
    echo "  (could not drop the test's databases: $(head -c 300 "$LUOSHI_TEST_PGREG/.drop.err"))"
  rm -f "$LUOSHI_TEST_PGREG"/t_*
}

if [ "$LUOSHI_TEST_DB" = postgresql ]; then
  PGTEMP=${PGTEMP:-$ROOT/test/tools/pgtemp.sh}
  export PGTEMP
  trap pg_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM HUP
  LUOSHI_TEST_PGREG=$(mktemp -d /tmp/lpgdb.XXXXXX) || exit 1
  # the server's socket lives in this directory: keep its path short (sun_path is 108 bytes)
  LUOSHI_TEST_PGDIR=$(mktemp -d /tmp/lpg.XXXXXX) || exit 1
  export LUOSHI_TEST_PGREG LUOSHI_TEST_PGDIR
  LUOSHI_TEST_PGURI=$("$PGTEMP" start "$LUOSHI_TEST_PGDIR" | grep '^postgres' | tail -n 1)
  if [ -z "$LUOSHI_TEST_PGURI" ]; then
    echo "run.sh: $PGTEMP start $LUOSHI_TEST_PGDIR gave no server" >&2
    exit 1
  fi
  export LUOSHI_TEST_PGURI
  export LUOSHI_WRAPPED="$LUOSHI"
  export LUOSHI="$ROOT/test/tools/luoshi-db"
  echo "== PostgreSQL: $LUOSHI_TEST_PGURI"
fi

if [ -z "$ONLY" ] && [ "$LUOSHI_TEST_DB" = sqlite ]; then
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
elif [ -z "$ONLY" ]; then
  echo "== unit ($B): not run on $LUOSHI_TEST_DB (the unit tests use SQLite)"
fi

. "$ROOT/test/lib.sh"
for suite in "$ROOT"/test/e2e/*.sh "$ROOT"/test/golden/*.sh; do
  [ -f "$suite" ] || continue
  name=$(basename "$suite" .sh)
  # shellcheck disable=SC2053
  [ -n "$ONLY" ] && [[ $name != $ONLY ]] && continue
  echo "== $(basename "$(dirname "$suite")")/$name"
  # the suite's tests, and the backends it runs on (BACKENDS, default all)
  listing=$(bash -c "BACKENDS=; . '$ROOT/test/lib.sh'; . '$suite'; declare -F; echo \"backends \$BACKENDS\"")
  tests=$(echo "$listing" | awk '$1 == "declare" {print $3}' | grep '^t_')
  backends=$(echo "$listing" | sed -n 's/^backends //p')
  if [ -n "$backends" ] && [[ " $backends " != *" $LUOSHI_TEST_DB "* ]]; then
    n=$(echo "$tests" | grep -c .)
    skipped=$((skipped + n))
    echo "  skipped: $n tests, for $backends only"
    continue
  fi
  for t in $tests; do
    TMP=$(mktemp -d)
    export TMP
    if (cd "$TMP" && . "$ROOT/test/lib.sh" && . "$suite" && set +e && "$t") >"$TMP/.log" 2>&1 &&
      [ ! -e "$TMP/.failed" ]; then
      if [ -e "$TMP/.skipped" ]; then
        skipped=$((skipped + 1))
        echo "  skip $t ($LUOSHI_TEST_DB)"
      else
        passed=$((passed + 1))
      fi
    else
      failed=$((failed + 1))
      echo "  FAIL $t"
      sed 's/^/    /' "$TMP/.log" | head -n 30
    fi
    rm -rf "$TMP"
    [ "$LUOSHI_TEST_DB" = postgresql ] && pg_drop_test_databases
  done
done

if [ "$LUOSHI_TEST_DB" != sqlite ] || [ "$skipped" -gt 0 ]; then
  echo "$skipped skipped"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
