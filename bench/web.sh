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
out=$root/$B/bench
mkdir -p "$out"
db=$out/web-$ITEMS.db
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "bench/web.sh: $tool is missing (make deps-bench)"; exit 1; }
done
bash bench/gen-ledger.sh "$L" "$db" "$ITEMS" 1
export LUOSHI_TODAY=2019-09-30
"$L" --db "$db" warnings run --date "$LUOSHI_TODAY" >/dev/null
if [ "$(sqlite3 "$db" "select count(*) from people where login='bench'")" = 0 ]; then
  echo bench-password | "$L" --db "$db" user add bench 压测督查 supervisor >/dev/null
fi
token=$("$L" --db "$db" token bench --name bench)

work=$(mktemp -d)
cleanup() {
  [ -n "${lpid:-}" ] && kill "$lpid" 2>/dev/null && wait "$lpid" 2>/dev/null
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$L" --db "$db" serve --listen 127.0.0.1:0 --threads "$THREADS" --access-log - \
  --ready-file "$work/ready" >/dev/null 2>&1 &
lpid=$!
for _ in $(seq 1 200); do [ -s "$work/ready" ] && break; sleep 0.05; done
addr=$(cat "$work/ready")
base="http://$addr"
# Log in through the form: the double-submit cookie first, then the session cookie.
csrf=$(curl -s -c "$work/jar" "$base/login" | grep -m 1 -o 'name="csrf" value="[0-9a-f]*"' | sed 's/.*value="//; s/"//')
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data "login=bench&password=bench-password&csrf=$csrf" "$base/login"
session=$(awk '$6 == "luoshi_session" { print $7 }' "$work/jar")
[ -n "$session" ] || { echo "bench/web.sh: could not log in"; exit 1; }
curl -s -H "Cookie: luoshi_session=$session" -o "$work/dashboard.html" "$base/"
size=$(stat -c %s "$work/dashboard.html")
curl -s -H "Authorization: Bearer $token" -o "$work/api.json" "$base/api/v1/items?limit=100"
rows=$(jq '.items | length' "$work/api.json")

# nginx, the peer: the same number of bytes as a static file.
mkdir -p "$work/www" "$work/tmp"
# (no pipe into head: under pipefail its early exit would end the script with SIGPIPE)
head -c "$size" /dev/urandom | base64 -w 100 >"$work/random.txt"
head -c "$size" "$work/random.txt" >"$work/www/index.html"
# nginx's workers run as www-data when started by root: they must be able to read the file.
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/index.html"
cat >"$work/nginx.conf" <<NGX
worker_processes $THREADS;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:0; root $work/www; }
}
NGX
# nginx cannot pick a free port itself: try ports until one binds.
nginx=$(command -v nginx || echo /usr/sbin/nginx)
cp "$work/nginx.conf" "$work/nginx.conf.in"
for port in $(shuf -i 20000-60000 -n 20); do
  sed "s/listen 127.0.0.1:0/listen 127.0.0.1:$port/" "$work/nginx.conf.in" >"$work/nginx.conf"
  "$nginx" -c "$work/nginx.conf" -p "$work" 2>/dev/null && break
done
for _ in $(seq 1 100); do [ -s "$work/nginx.pid" ] && break; sleep 0.05; done

# run LABEL URL [HEADER]: wrk; prints a line and leaves the figures in RPS and P99 (ms).
run() {
  local label=$1 url=$2 header=${3:-}
  local args=(-t "$THREADS" -c "$CONNS" -d "${SECONDS_RUN}s" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" "$url" >"$work/wrk.txt" 2>&1
  RPS=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk.txt")
  P99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }' "$work/wrk.txt")
  local non2xx errors
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.txt")
  errors=$(grep 'Socket errors' "$work/wrk.txt" || true)
  printf '  %-46s %9.0f req/s  p99 %7.2f ms  %s%s\n' "$label" "$RPS" "$P99" \
    "${non2xx:+non-2xx: $non2xx }" "$errors"
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
