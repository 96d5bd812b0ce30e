#!/bin/bash
# bench/web-load.sh BUILD_DIR — luoshi serve under many connections and under slow clients.
#
# On the generated ledger of bench/web.sh (ITEMS, default 50,000 items with a year of reports):
#   1. CONNS (default 1000) connections for DURATION seconds (default 60) with wrk -t2 on
#      loopback, against the 挂图作战 dashboard (GET /, logged in as a supervisor) and against
#      the public page (GET /public, anonymous): req/s, p99, non-2xx answers and socket errors
#      (connect/read/write errors are failures; wrk's "timeout" only counts answers slower than
#      --timeout, WRK_TIMEOUT, default 30 s);
#   2. the server's memory: VmRSS before (after one warm-up request per page), the peak
#      (VmHWM) and VmRSS a few seconds after the load;
#   3. SLOW (default 100) slow clients — each sends the start of a request and then one header
#      byte a second, never finishing it — while wrk measures normal requests (NORMAL_CONNS,
#      default 32 connections, SLOW_DURATION seconds, default 20) on the dashboard: req/s and p99
#      without and with them, and how many slow connections the server still holds at the end.
# The server is started under a soft file-descriptor limit of 1024 (Debian's default), so that
# the run shows it raising the limit itself to take its connection limit (2000). A benchmark
# is not a test: it exits 0 whatever the figures; only a run that cannot start exits 1. Needs
# wrk and curl (make deps-bench).
set -euo pipefail
export LC_ALL=C
B=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ITEMS=${ITEMS:-50000}
CONNS=${CONNS:-1000}
SECONDS_RUN=${DURATION:-60}
THREADS=${THREADS:-2}
SLOW=${SLOW:-100}
NORMAL_CONNS=${NORMAL_CONNS:-32}
SLOW_SECONDS=${SLOW_DURATION:-20}
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
L="$root/$B/luoshi"
out=$root/$B/bench
mkdir -p "$out"
db=$out/web-$ITEMS.db
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench/web-load.sh: $tool is missing (make deps-bench)"; exit 1; }
done
bash bench/gen-ledger.sh "$L" "$db" "$ITEMS" 1
export LUOSHI_TODAY=2019-09-30
"$L" --db "$db" warnings run --date "$LUOSHI_TODAY" >/dev/null
if ! sqlite3 "$db" "select 1 from people where login='bench'" | grep -q 1; then
  echo bench-password | "$L" --db "$db" user add bench 压测督查 supervisor >/dev/null
fi

work=$(mktemp -d)
cleanup() {
  touch "$work/slow-stop"
  [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
  [ -n "${lpid:-}" ] && kill "$lpid" 2>/dev/null && wait "$lpid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# wrk holds CONNS sockets itself: this shell (and so wrk) takes the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# The server starts with the usual soft limit of 1024 and must raise it itself.
(ulimit -Sn 1024 && exec "$L" --db "$db" serve --listen 127.0.0.1:0 --threads "$THREADS" \
  --access-log - --ready-file "$work/ready") >/dev/null 2>"$work/serve.err" &
lpid=$!
for _ in $(seq 1 200); do [ -s "$work/ready" ] && break; sleep 0.05; done
[ -s "$work/ready" ] || { echo "bench/web-load.sh: the server did not start: $(cat "$work/serve.err")"; exit 1; }
addr=$(cat "$work/ready")
base="http://$addr"
csrf=$(curl -s -c "$work/jar" "$base/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -n 1 | sed 's/.*value="//; s/"//')
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data "login=bench&password=bench-password&csrf=$csrf" "$base/login"
session=$(awk '$6 == "luoshi_session" { print $7 }' "$work/jar")
[ -n "$session" ] || { echo "bench/web-load.sh: could not log in"; exit 1; }
dsize=$(curl -s -o /dev/null -w '%{size_download}' -H "Cookie: luoshi_session=$session" "$base/")
psize=$(curl -s -o /dev/null -w '%{size_download}' "$base/public")
kb() { awk -v k="$1" '$1 == k ":" { print $2 }' "/proc/$lpid/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
rss0=$(kb VmRSS)
nofile=$(awk '/Max open files/ { print $4 }' "/proc/$lpid/limits")

# settle: wait (at most 120 s) until the server has used under 20 ms of CPU in half a second:
# after wrk stops, the server still answers the requests queued on its connections.
settle() {
  local t0 t1
  for _ in $(seq 1 240); do
    t0=$(awk '{ print $14 + $15 }' "/proc/$lpid/stat")
    sleep 0.5
    t1=$(awk '{ print $14 + $15 }' "/proc/$lpid/stat")
    [ $((t1 - t0)) -le 2 ] && return 0
  done
}

# run LABEL CONNS SECONDS URL [HEADER]: wrk; prints a line, leaves RPS, P99 (ms) and FAILED.
run() {
  local label=$1 conns=$2 secs=$3 url=$4 header=${5:-}
  local args=(-t "$THREADS" -c "$conns" -d "${secs}s" --timeout "$WRK_TIMEOUT" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" "$url" >"$work/wrk.txt" 2>&1
  RPS=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk.txt")
  P99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }' "$work/wrk.txt")
  local errors total
  errors=$(grep 'Socket errors' "$work/wrk.txt" | sed 's/^ *//' || true)
  total=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
  # connect, read and write errors are failures (timeouts are answers slower than --timeout)
  FAILED=$(awk '/Non-2xx/ { s += $NF } /Socket errors/ { gsub(/,/, ""); s += $4 + $6 + $8 } END { print s + 0 }' "$work/wrk.txt")
  printf '  %-44s %8.0f req/s  p99 %8.2f ms  %s requests, %s failed%s\n' "$label" "$RPS" "$P99" \
    "$total" "$FAILED" "${errors:+ ($errors)}"
}

echo "luoshi serve under load: $ITEMS generated items + the sample; wrk -t$THREADS --timeout $WRK_TIMEOUT; luoshi --threads $THREADS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  open-file limit: started with soft 1024, the server runs with $nofile"
echo "  dashboard page: $dsize bytes; public page: $psize bytes; VmRSS before: $(mb "$rss0")"
echo "$CONNS connections, ${SECONDS_RUN}s each:"
run "dashboard (GET /, logged in)" "$CONNS" "$SECONDS_RUN" "$base/" "Cookie: luoshi_session=$session"
settle
run "public page (GET /public)" "$CONNS" "$SECONDS_RUN" "$base/public"
settle
echo "  memory: VmRSS before $(mb "$rss0"), peak (VmHWM) $(mb "$(kb VmHWM)"), after $(mb "$(kb VmRSS)")"

# Slow clients: one bash process holds SLOW connections and adds a header byte to each a second.
slow_clients() {
  trap '' PIPE
  local fds=() fd i n
  for i in $(seq 1 "$SLOW"); do
    exec {fd}<>"/dev/tcp/${addr%:*}/${addr#*:}" || continue
    printf 'GET /public HTTP/1.1\r\nHost: x\r\nX-Slow: ' >&"$fd" && fds+=("$fd")
  done
  echo "${#fds[@]}" >"$work/slow-open"
  while [ ! -e "$work/slow-stop" ]; do
    n=0
    for fd in "${fds[@]}"; do printf a >&"$fd" 2>/dev/null && n=$((n + 1)); done
    echo "$n" >"$work/slow-alive"
    sleep 1
  done
}
echo "normal requests ($NORMAL_CONNS connections, ${SLOW_SECONDS}s) without and with $SLOW slow clients:"
run "dashboard, no slow clients" "$NORMAL_CONNS" "$SLOW_SECONDS" "$base/" "Cookie: luoshi_session=$session"
settle
slow_clients &
spid=$!
for _ in $(seq 1 200); do [ -s "$work/slow-open" ] && break; sleep 0.05; done
sleep 2
run "dashboard, $SLOW slow clients" "$NORMAL_CONNS" "$SLOW_SECONDS" "$base/" "Cookie: luoshi_session=$session"
sleep 1
echo "  slow clients: $(cat "$work/slow-open" 2>/dev/null || echo 0) connected, $(cat "$work/slow-alive" 2>/dev/null || echo 0) still held by the server after $((SLOW_SECONDS + 3)) s (serve's header_timeout, default 20 s, cuts off headers that are not whole by then)"
touch "$work/slow-stop"
wait "$spid" 2>/dev/null || true
spid=
if grep -q 'Too many open files\|resource limit' "$work/serve.err"; then
  echo "  the server ran out of file descriptors:"
  sed 's/^/    /' "$work/serve.err" | head -n 5
fi
