#!/usr/bin/env bash
# Build the libFuzzer targets of test/fuzz/ and run each one for SECONDS (default 60; 0 only
# builds them).
#
#   bash test/fuzz/run.sh SECONDS [TARGET...]
#
# TARGET: import, docx, docx_xml, http, api_json, xlsx, rules (default: all)
#
# The library is built with clang, -fsanitize=fuzzer-no-link,address,undefined into build-fuzz/
# by the Makefile itself (so the object list and the generated embedded.c are the ones `make`
# uses); each target is linked with -fsanitize=fuzzer,address,undefined. The targets run in
# parallel, one process each, on a copy of the seed corpus in build-fuzz/corpus/TARGET (inputs
# found on earlier runs are kept there; test/fuzz/corpus/ is never written). A crash, leak,
# sanitizer report, timeout or out-of-memory stops that target and leaves its reproducer in
# build-fuzz/artifacts/TARGET/; the other targets keep running. Logs: build-fuzz/TARGET.log.
# Exit status: 0 when no target found anything, 1 otherwise, 2 on a build or usage error.
# Reproduce a finding with: build-fuzz/fuzz_TARGET FILE
set -u
cd "$(dirname "$0")/../.." || exit 2

SECONDS_EACH=${1:-60}
shift || true
case $SECONDS_EACH in ''|*[!0-9]*) echo "usage: $0 SECONDS [import|docx|docx_xml|http|api_json|xlsx|rules]..." >&2; exit 2 ;; esac
TARGETS=${*:-import docx docx_xml http api_json xlsx rules}
B=build-fuzz
PKGS="sqlite3 libpq libzip expat jansson libsodium libcurl libmicrohttpd libcrypto"
CC=${FUZZ_CC:-clang}
# UBSan findings abort (as in `make san`) so that libFuzzer records them as crashes.
SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

# make does not see flag changes: start afresh when the flags differ from the last build's.
stamp="$CC $SAN"
if [ "$(cat $B/.fuzzflags 2>/dev/null)" != "$stamp" ]; then
  rm -rf $B/obj $B/libluoshi.a
  mkdir -p $B
  printf '%s\n' "$stamp" >$B/.fuzzflags
fi
# clang's -Wformat=2 warns where gcc does not, so warnings do not stop the fuzz build.
if ! make -s -j"$(nproc)" B=$B CC="$CC" WERROR= OPT=-O1 XCFLAGS="$SAN" $B/libluoshi.a; then
  echo "fuzz: building $B/libluoshi.a failed" >&2
  exit 2
fi
for t in $TARGETS; do
  [ -f test/fuzz/fuzz_$t.c ] || { echo "fuzz: no target test/fuzz/fuzz_$t.c" >&2; exit 2; }
  # shellcheck disable=SC2046
  if ! $CC -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Isrc $(pkg-config --cflags $PKGS) \
      -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
      -o $B/fuzz_$t test/fuzz/fuzz_$t.c $B/libluoshi.a $(pkg-config --libs $PKGS) -lm; then
    echo "fuzz: linking $B/fuzz_$t failed" >&2
    exit 2
  fi
done

if [ "$SECONDS_EACH" -eq 0 ]; then
  echo "fuzz: built $(printf "$B/fuzz_%s " $TARGETS)(SECONDS 0: not running them)"
  exit 0
fi

declare -A PID
for t in $TARGETS; do
  mkdir -p $B/corpus/$t $B/artifacts/$t
  cp -p test/fuzz/corpus/$t/* $B/corpus/$t/
  dict=()
  [ -f test/fuzz/$t.dict ] && dict=(-dict=test/fuzz/$t.dict)
  echo "fuzz: running fuzz_$t for ${SECONDS_EACH}s (log $B/$t.log)"
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    $B/fuzz_$t -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=30 \
      -print_final_stats=1 -artifact_prefix=$B/artifacts/$t/ "${dict[@]}" \
      $B/corpus/$t >$B/$t.log 2>&1 &
  PID[$t]=$!
done

fail=0
for t in $TARGETS; do
  wait "${PID[$t]}"
  rc=$?
  log=$B/$t.log
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(printf '%s\n' "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+')
  echo "fuzz: $t: ${runs:-?} executions, ${eps:-?} exec/s, ${cov:-no coverage line}, exit $rc"
  if [ $rc -ne 0 ]; then
    fail=1
    grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY' "$log" |
      sed "s/^/fuzz: $t: /"
    ls $B/artifacts/$t/ 2>/dev/null | sed "s|^|fuzz: $t: reproducer $B/artifacts/$t/|"
  fi
done
exit $fail
