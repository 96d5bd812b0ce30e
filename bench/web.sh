#!/bin/bash
# bench/web.sh BUILD_DIR — the web application under load, against nginx in the same run.
#
# On the sample decision plus a generated ledger of ITEMS (default 50,000) items with a year of
# monthly reports (bench/gen-ledger.sh), `luoshi serve` answers, for CONNS (default 64)
# connections over DURATION seconds (default 10) with wrk on loopback:
#   - the 挂图作战 dashboard (GET /, logged in as the supervisor: every item in reach);
#   - a 100-row page of the API (GET /api/v1/items?limit=100, bearer token);
# and nginx serves a static file of the dashboard's size from the same machine: the peer.
# Reports req/s, p99 latency and luoshi's peak resident memory, and checks the goals: the
# dashboard at ≥ 30% of nginx's static rate, p99 under 20 ms at 64 connections, memory under
# 64 MB. A benchmark is not a test: missed goals still exit 0; only a run that cannot start
# exits 1. Needs what `make deps-bench` installs (wrk, nginx, curl).
set -euo pipefail
export LC_ALL=C
B=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ITEMS=${ITEMS:-50000}
CONNS=${CONNS:-64}
SECONDS_RUN=${DURATION:-10}
THREADS=${THREADS:-2}
L="$root/$B/luoshi"
. bench/lib.sh
out=$root/$B/bench
mkdir -p "$out"
db=$out/web-$ITEMS.db
bench_need web.sh wrk nginx curl
bash bench/gen-ledger.sh "$L" "$db" "$ITEMS" 1
export LUOSHI_TODAY=2019-09-30
bench_prepare "$db"
token=$BENCH_TOKEN

work=$(mktemp -d)
# (no errexit on wait: the rest must run whatever status the server ends with)
cleanup() {
  if [ -n "${lpid:-}" ] && kill "$lpid" 2>/dev/null; then wait "$lpid" 2>/dev/null || true; fi
  bench_nginx_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT
BENCH_WRK_OUT=$work/wrk.txt

bench_serve "$db" "$work" 2>/dev/null || { echo "bench/web.sh: the server did not start"; exit 1; }
lpid=$SERVE_PID
base=$SERVE_BASE
session=$(bench_login "$base" "$work")
[ -n "$session" ] || { echo "bench/web.sh: could not log in"; exit 1; }
curl -s -H "Cookie: luoshi_session=$session" -o "$work/dashboard.html" "$base/"
size=$(stat -c %s "$work/dashboard.html")
curl -s -H "Authorization: Bearer $token" -o "$work/api.json" "$base/api/v1/items?limit=100"
rows=$(jq '.items | length' "$work/api.json")

# nginx, the peer: the same number of bytes as a static file.
bench_nginx_static "$work" "$size"
bench_nginx_start "$work" || { echo "bench/web.sh: nginx did not start"; exit 1; }
port=$NGINX_PORT

# run LABEL URL [HEADER]: wrk; prints a line and leaves the figures in RPS and P99 (ms).
run() {
  bench_wrk "$2" "${3:-}"
  printf '  %-46s %9.0f req/s  p99 %7.2f ms  %s%s\n' "$1" "$RPS" "$P99" \
    "${NON2XX:+non-2xx: $NON2XX }" "$SOCKERR"
}

echo "web under load: $ITEMS generated items + the sample; $CONNS connections, ${SECONDS_RUN}s each, wrk -t$THREADS; luoshi --threads $THREADS, nginx $THREADS workers"
echo "  dashboard page: $size bytes; API page: $rows rows"
run "nginx: static file of the dashboard's size" "http://127.0.0.1:$port/index.html"
prps=$RPS
run "luoshi: dashboard (GET /)" "$base/" "Cookie: luoshi_session=$session"
drps=$RPS dp99=$P99
run "luoshi: API, 100 items (GET /api/v1/items)" "$base/api/v1/items?limit=100" "Authorization: Bearer $token"
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$lpid/status")
echo "  luoshi peak resident memory: $((rss / 1024)) MB"
ratio=$(echo "scale=3; $drps / $prps" | bc)
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo MISS; fi; }
echo "goals:"
echo "  dashboard rate >= 30% of nginx static: $(printf '%.0f%%' "$(echo "$ratio * 100" | bc)")  $(verdict "$(echo "$ratio >= 0.30" | bc)")"
echo "  dashboard p99 < 20 ms at $CONNS connections: ${dp99} ms  $(verdict "$(echo "$dp99 < 20" | bc)")"
echo "  memory < 64 MB: $((rss / 1024)) MB  $(verdict "$([ "$rss" -lt 65536 ] && echo 1 || echo 0)")"
