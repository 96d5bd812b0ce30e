# shellcheck shell=bash disable=SC2034
# bench/lib.sh — what the web benchmarks (bench/web.sh, bench/pg.sh) share; sourced, not run.
# The callers set L (the luoshi binary) and, for bench_wrk, THREADS, CONNS and SECONDS_RUN.
#
#   bench_need NAME TOOL...       exit 1 with a message when a tool is missing
#   bench_sql DB SQL              one query on a SQLite file or a PostgreSQL URI, rows on stdout
#   bench_prepare DB              today's warnings, the supervisor "bench" (added once), and a
#                                 new API token for it: BENCH_TOKEN
#   bench_serve DB DIR            start `luoshi serve` on DB in the background: SERVE_PID and
#                                 SERVE_BASE (http://127.0.0.1:PORT); returns 1 (with the
#                                 server's messages on stderr) when it did not start
#   bench_login BASE DIR          log in as "bench" through the form; prints the session cookie
#   bench_nginx_conf DIR SERVER   DIR/nginx.conf.in: nginx with THREADS workers, the lines of
#                                 SERVER inside its server block (listening on 127.0.0.1:0)
#   bench_nginx_static DIR BYTES  a static file of BYTES bytes, DIR/www/index.html, and the
#                                 nginx.conf.in serving it
#   bench_nginx_start DIR         start nginx on DIR/nginx.conf.in on a free port: NGINX_PORT
#   bench_nginx_stop DIR          stop it (and wait until it is gone)
#   bench_wrk URL [HEADER]        wrk -t THREADS -c CONNS -d SECONDS_RUN (--timeout WRK_TIMEOUT
#                                 when set; wrk's default is 2 s), its report written to the
#                                 file BENCH_WRK_OUT (the caller names it): RPS, P99 (ms), REQS
#                                 (the answers), NON2XX (empty when none) and SOCKERR (wrk's
#                                 "Socket errors" line, or empty)
#   bench_kb PID KEY              a figure of /proc/PID/status in kB (VmHWM, VmRSS); 0 when
#                                 the process is gone

bench_need() {
  local name=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] \
      || { echo "bench/$name: $tool is missing (make deps-bench)"; exit 1; }
  done
}

bench_sql() {
  case "$1" in
    postgresql:* | postgres:*) psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2" ;;
    *) sqlite3 "$1" "$2" ;;
  esac
}

bench_prepare() {
  local db=$1
  "$L" --db "$db" warnings run --date "$LUOSHI_TODAY" >/dev/null
  if [ "$(bench_sql "$db" "select count(*) from people where login='bench'")" = 0 ]; then
    echo bench-password | "$L" --db "$db" user add bench 压测督查 supervisor >/dev/null
  fi
  BENCH_TOKEN=$("$L" --db "$db" token bench --name bench)
}

bench_serve() {
  local db=$1 dir=$2
  mkdir -p "$dir"
  rm -f "$dir/ready"
  "$L" --db "$db" serve --listen 127.0.0.1:0 --threads "$THREADS" --access-log - \
    --ready-file "$dir/ready" >/dev/null 2>"$dir/serve.err" &
  SERVE_PID=$!
  for _ in $(seq 1 200); do [ -s "$dir/ready" ] && break; sleep 0.05; done
  if [ ! -s "$dir/ready" ]; then
    cat "$dir/serve.err" >&2
    return 1
  fi
  SERVE_BASE="http://$(cat "$dir/ready")"
}

bench_login() {
  local base=$1 dir=$2 csrf
  rm -f "$dir/jar"
  # the double-submit cookie first, then the session cookie
  csrf=$(curl -s -c "$dir/jar" "$base/login" | grep -m 1 -o 'name="csrf" value="[0-9a-f]*"' | sed 's/.*value="//; s/"//')
  curl -s -b "$dir/jar" -c "$dir/jar" -o /dev/null --data "login=bench&password=bench-password&csrf=$csrf" "$base/login"
  awk '$6 == "luoshi_session" { print $7 }' "$dir/jar"
}

bench_nginx_conf() {
  local dir=$1 server=$2
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf.in" <<NGX
worker_processes $THREADS;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:0;
$server
  }
}
NGX
}

bench_nginx_static() {
  local dir=$1 size=$2
  mkdir -p "$dir/www"
  # (no pipe into head: under pipefail its early exit would end the script with SIGPIPE)
  head -c "$size" /dev/urandom | base64 -w 100 >"$dir/random.txt"
  head -c "$size" "$dir/random.txt" >"$dir/www/index.html"
  # nginx's workers run as www-data when started by root: they must be able to read the file.
  chmod 755 "$dir" "$dir/www"
  chmod 644 "$dir/www/index.html"
  bench_nginx_conf "$dir" "    root $dir/www;"
}

bench_nginx_start() {
  local dir=$1 nginx port
  # nginx cannot pick a free port itself: try ports until one binds.
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  rm -f "$dir/nginx.pid"
  NGINX_PORT=
  for port in $(shuf -i 20000-60000 -n 20); do
    sed "s/listen 127.0.0.1:0/listen 127.0.0.1:$port/" "$dir/nginx.conf.in" >"$dir/nginx.conf"
    if "$nginx" -c "$dir/nginx.conf" -p "$dir" 2>/dev/null; then
      NGINX_PORT=$port
      break
    fi
  done
  for _ in $(seq 1 100); do [ -s "$dir/nginx.pid" ] && break; sleep 0.05; done
  [ -n "$NGINX_PORT" ] && [ -s "$dir/nginx.pid" ]
}

bench_nginx_stop() {
  local dir=$1 pid
  [ -s "$dir/nginx.pid" ] || return 0
  pid=$(cat "$dir/nginx.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  rm -f "$dir/nginx.pid"
}

bench_wrk() {
  local url=$1 header=${2:-}
  local args=(-t "$THREADS" -c "$CONNS" -d "${SECONDS_RUN}s" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  [ -n "${WRK_TIMEOUT:-}" ] && args+=(--timeout "$WRK_TIMEOUT")
  wrk "${args[@]}" "$url" >"$BENCH_WRK_OUT" 2>&1 || true
  RPS=$(awk '/^Requests\/sec/ { print $2 }' "$BENCH_WRK_OUT")
  P99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }' "$BENCH_WRK_OUT")
  REQS=$(awk '/requests in/ { print $1 }' "$BENCH_WRK_OUT")
  RPS=${RPS:-0} P99=${P99:-0} REQS=${REQS:-0}
  NON2XX=$(awk '/Non-2xx/ { print $NF }' "$BENCH_WRK_OUT")
  SOCKERR=$(grep 'Socket errors' "$BENCH_WRK_OUT" || true)
}

bench_kb() {
  awk -v k="$2" '$1 == k ":" { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}
