#!/usr/bin/env bash
# test/run-all.sh BUILD SAN_BUILD — what `make check` runs once both builds exist: the three
# runs of test/run.sh side by side, since each spends much of its time waiting on servers and
# child processes rather than on a core:
#   plain       every test against BUILD (SQLite);
#   sanitized   every test against SAN_BUILD, with LeakSanitizer;
#   postgresql  the shell suites against BUILD on a throwaway PostgreSQL server.
# The runs share nothing: each test has its own directory, servers listen on ports the kernel
# picks, and the PostgreSQL run starts its own server. Each run's output goes to a log in
# BUILD/check/, printed whole once all three have ended, so that the three never interleave.
# Ends with the line "N passed, N failed" summed over the runs and exits non-zero when any run
# failed or did not finish. CHECK_SERIAL=1 runs them one after the other instead (for a
# machine with one core, or to read a failure as it happens).
set -u
B=${1:-build}
SAN=${2:-build-san}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
logs="$ROOT/$B/check"
mkdir -p "$logs"

run_plain() { bash "$ROOT/test/run.sh" "$B"; }
run_sanitized() { ASAN_OPTIONS=detect_leaks=1 bash "$ROOT/test/run.sh" "$SAN"; }
run_postgresql() { LUOSHI_TEST_DB=postgresql bash "$ROOT/test/run.sh" "$B"; }

runs="plain sanitized postgresql"
declare -A pid status
for r in $runs; do
  if [ "${CHECK_SERIAL:-0}" = 1 ]; then
    echo "=== $r"
    "run_$r" 2>&1 | tee "$logs/$r.log"
    status[$r]=${PIPESTATUS[0]}
  else
    "run_$r" >"$logs/$r.log" 2>&1 &
    pid[$r]=$!
  fi
done

passed=0
failed=0
for r in $runs; do
  if [ "${CHECK_SERIAL:-0}" != 1 ]; then
    wait "${pid[$r]}"
    status[$r]=$?
    echo "=== $r"
    cat "$logs/$r.log"
  fi
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/$r.log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "=== $r: the run did not finish (status ${status[$r]})"
    failed=$((failed + 1))
    continue
  fi
  passed=$((passed + ${line%% passed*}))
  f=${line#*passed, }
  failed=$((failed + ${f%% failed}))
  [ "${status[$r]}" -ne 0 ] && [ "${f%% failed}" -eq 0 ] && failed=$((failed + 1))
done
echo "=== all runs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
