#!/bin/bash
# bench/pg.sh BUILD_DIR — the web application on SQLite and on PostgreSQL, at two sizes, against
# nginx in the same run.
#
# Sizes: the ledger of bench/web.sh (the sample decision plus ITEMS generated items, default
# 50,000, with a year of monthly reports; the same cached file), and a scale ledger of
# SCALE_ITEMS items (default 1,000,000) with SCALE_MONTHS monthly reports each (default 120:
# 120 million reports), generated into SQLite by bench/gen-ledger.sh and cached in BUILD_DIR/
# bench. SCALE_ITEMS=0 leaves the scale size out.
#
# PostgreSQL is a throwaway server (test/tools/pgtemp.sh) that this script restarts with
# settings for the machine: fsync on, shared_buffers 1 GB, work_mem 32 MB and the others in
# PG_SETTINGS. Each size is loaded into it from the SQLite ledger: the sample decision, the
# units and the ledger made through luoshi, then the generated items and reports streamed from
# sqlite3 as CSV into psql's COPY (PG_LOAD=copy, the default), or the whole database copied by
# `luoshi db copy` (PG_LOAD=dbcopy, more than ten times slower: see bench/README.md). Then
# VACUUM ANALYZE, today's warnings and the supervisor "bench", as on SQLite.
#
# For each size, wrk (-t THREADS -c CONNS, DURATION seconds, default 10) on loopback drives the
# two loads of bench/web.sh — the 挂图作战 dashboard (GET /, logged in as the supervisor) and a
# 100-row page of the API (GET /api/v1/items?limit=100, bearer token) — against:
#   (a) SQLite, one `luoshi serve --threads THREADS`;
#   (b) PostgreSQL, one `luoshi serve`;
#   (c) PostgreSQL, two `luoshi serve` processes behind nginx (round robin, keepalive);
# and, the peer, nginx serving a static file of the dashboard's size. Prints req/s, p99 and the
# share of nginx's static rate for each load, the peak resident memory (VmHWM) of each luoshi
# serve, the time each load of the databases took, and the growth of every figure from the
# first size to the scale size. A benchmark is not a test: it exits 0 whatever the figures;
# only a run that cannot start exits 1. Needs what `make deps-bench` installs (wrk, nginx, curl)
# and PostgreSQL's server and client (Debian's postgresql).
set -euo pipefail
export LC_ALL=C
B=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ITEMS=${ITEMS:-50000}
SCALE_ITEMS=${SCALE_ITEMS:-1000000}
SCALE_MONTHS=${SCALE_MONTHS:-120}
CONNS=${CONNS:-64}
SECONDS_RUN=${DURATION:-10}
THREADS=${THREADS:-2}
# answers slower than wrk's default 2 s would count as timeouts, not in the p99: the API on a
# large ledger can be that slow
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
PG_LOAD=${PG_LOAD:-copy}
PG_SETTINGS=${PG_SETTINGS:-shared_buffers=1GB work_mem=32MB maintenance_work_mem=512MB effective_cache_size=8GB max_wal_size=4GB}
L="$root/$B/luoshi"
. bench/lib.sh
out=$root/$B/bench
mkdir -p "$out"
bench_need pg.sh wrk nginx curl jq sqlite3 psql
[ -x "$L" ] || { echo "bench/pg.sh: no $L (make B=$B $B/luoshi)"; exit 1; }
case "$PG_LOAD" in copy | dbcopy) ;; *) echo "bench/pg.sh: PG_LOAD is copy or dbcopy"; exit 1 ;; esac
export LUOSHI_TODAY=2019-09-30
t_start=$(date +%s.%N)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

die() {
  echo "bench/pg.sh: $*"
  exit 1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
mbytes() { awk -v b="$1" 'BEGIN { if (b >= 1073741824) printf "%.1f GB", b / 1073741824; else printf "%.0f MB", b / 1048576 }'; }

work=$(mktemp -d /tmp/lpgb.XXXXXX)
chmod 755 "$work"
pgdir=$work/pg
pids=()
ngdirs=()
cleanup() {
  local p d
  for p in "${pids[@]}"; do stop_serve "$p"; done
  for d in "${ngdirs[@]}"; do bench_nginx_stop "$d"; done
  [ -f "$pgdir/.pgtemp" ] && sh test/tools/pgtemp.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
BENCH_WRK_OUT=$work/wrk.txt

# The PostgreSQL server. pgtemp.sh starts it with fsync off on its command line, which no
# ALTER SYSTEM can override: stop it and start it again on the same data and socket with
# fsync on and this machine's settings (as the user pgtemp.sh gave the data to, when root).
sh test/tools/pgtemp.sh start "$pgdir" >/dev/null || die "the PostgreSQL server did not start"
if [ -n "${PGTEMP_BINDIR:-}" ]; then pgbin=$PGTEMP_BINDIR; else pgbin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1); fi
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$(stat -c %U "$pgdir/data")" -- "$@"; else "$@"; fi
}
pg_base="-k $pgdir -c listen_addresses='' -c max_connections=200 -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
pg_opts=$pg_base
for s in $PG_SETTINGS; do pg_opts+=" -c $s"; done
as_pg "$pgbin/pg_ctl" -w -s -D "$pgdir/data" -m fast stop
pgnote=
if ! as_pg "$pgbin/pg_ctl" -w -s -D "$pgdir/data" -l "$pgdir/log" -o "$pg_opts" start 2>/dev/null; then
  # (a machine without the memory for PG_SETTINGS: PostgreSQL's defaults, fsync still on)
  pgnote=" — NOT the settings asked for ($PG_SETTINGS), which it did not start with: $(grep -m 1 -E 'FATAL|ERROR' "$pgdir/log" || true)"
  as_pg "$pgbin/pg_ctl" -w -s -D "$pgdir/data" -l "$pgdir/log" -o "$pg_base" start ||
    die "the PostgreSQL server did not start again (log: $(tail -n 3 "$pgdir/log"))"
fi
pguri() { echo "postgresql:///$1?host=$pgdir&user=luoshi"; }
pgshow=$(bench_sql "$(pguri postgres)" "select string_agg(name || '=' || current_setting(name), ' '
  order by name) from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers',
  'work_mem', 'maintenance_work_mem', 'effective_cache_size', 'max_wal_size')")
pgver=$(bench_sql "$(pguri postgres)" "show server_version")

# The columns of a table on PostgreSQL, comma-separated (both databases are at luoshi's schema).
columns() {
  bench_sql "$1" "select string_agg(column_name, ',' order by ordinal_position)
    from information_schema.columns where table_schema = 'public' and table_name = '$2'"
}

# copy_rows SQLITE URI TABLE WHERE: the table's rows (those matching WHERE) from SQLite into
# PostgreSQL as CSV through COPY, in one transaction that drops the table's foreign keys and
# adds them back after the rows (PostgreSQL then checks each key once over the whole table
# instead of once a row).
copy_rows() {
  local db=$1 uri=$2 t=$3 where=$4 cols drops adds
  cols=$(columns "$uri" "$t")
  drops=$(bench_sql "$uri" "select coalesce(string_agg(format('ALTER TABLE %I DROP CONSTRAINT %I',
    '$t', conname), '; '), 'SELECT 1') from pg_constraint where conrelid = '$t'::regclass and contype = 'f'")
  adds=$(bench_sql "$uri" "select coalesce(string_agg(format('ALTER TABLE %I ADD CONSTRAINT %I %s',
    '$t', conname, pg_get_constraintdef(oid)), '; '), 'SELECT 1')
    from pg_constraint where conrelid = '$t'::regclass and contype = 'f'")
  sqlite3 -csv -nullvalue '\N' "$db" "select $cols from $t where $where order by id" |
    psql -X -q -1 -v ON_ERROR_STOP=1 -d "$uri" -c "$drops" \
      -c "\\copy $t($cols) from stdin (format csv, null '\\N')" -c "$adds"
}

# pg_load SQLITE URI: the SQLite ledger into the empty database URI; prints what it did.
pg_load() {
  local db=$1 uri=$2 t0 t1 base items reports vac n m
  t0=$(now)
  if [ "$PG_LOAD" = dbcopy ]; then
    "$L" db copy --from "$db" --to "$uri" >/dev/null || die "luoshi db copy failed"
    reports=$(since "$t0")
    t1=$(now)
    bench_sql "$uri" "VACUUM (ANALYZE)" >/dev/null
    vac=$(since "$t1")
    LOADED="luoshi db copy $reports s, VACUUM ANALYZE $vac s"
    return 0
  fi
  # The sample decision, the units and its ledger through luoshi, as gen-ledger.sh makes them:
  # the same ids, which the generated rows refer to.
  "$L" import test/corpus/sichuan-2018-decision-page.txt --db "$uri" --quiet 2>/dev/null
  "$L" unit seed --db "$uri" >/dev/null
  "$L" ledger create 1 --db "$uri" >/dev/null
  n="select count(*), max(id) from ledger_items where number not like 'g-%'; select count(*), max(id) from units"
  [ "$(bench_sql "$db" "$n" | tr '|' ' ')" = "$(bench_sql "$uri" "$n" | tr '|' ' ')" ] ||
    die "the ledger made on PostgreSQL differs from the SQLite one's start (items, units)"
  base=$(since "$t0")
  t1=$(now)
  copy_rows "$db" "$uri" ledger_items "number like 'g-%'"
  items=$(since "$t1")
  t1=$(now)
  copy_rows "$db" "$uri" reports 1
  reports=$(since "$t1")
  # identity columns: the next ids after the copied ones
  bench_sql "$uri" "select setval(pg_get_serial_sequence('ledger_items', 'id'), (select max(id) from ledger_items));
    select setval(pg_get_serial_sequence('reports', 'id'), greatest(1, (select max(id) from reports)))" >/dev/null
  m="select count(*) from ledger_items; select count(*) from reports"
  [ "$(bench_sql "$db" "$m" | tr '\n' ' ')" = "$(bench_sql "$uri" "$m" | tr '\n' ' ')" ] ||
    die "PostgreSQL does not hold the SQLite ledger's items and reports after the load"
  t1=$(now)
  bench_sql "$uri" "VACUUM (ANALYZE)" >/dev/null
  vac=$(since "$t1")
  LOADED="luoshi (decision, units, ledger) $base s, COPY items $items s, COPY reports $reports s, VACUUM ANALYZE $vac s"
}

# measure CONFIG LABEL BASE SESSION TOKEN: the two loads on the size $sz, into R.
# (The API goes last: when wrk stops, the server still answers the requests it had queued;
# stop_serve waits for them.)
measure() {
  local cfg=$1 label=$2 base=$3 session=$4 token=$5
  bench_wrk "$base/" "Cookie: luoshi_session=$session"
  R[$cfg.$sz.drps]=$RPS R[$cfg.$sz.dp99]=$P99
  line "$label: dashboard"
  bench_wrk "$base/api/v1/items?limit=100" "Authorization: Bearer $token"
  R[$cfg.$sz.arps]=$RPS R[$cfg.$sz.ap99]=$P99
  line "$label: API, 100 items"
}
# line LABEL: the figures of the last wrk run.
line() {
  printf '  %-50s %8.0f req/s  p99 %8.2f ms  %7s answers %s%s\n' "$1" "$RPS" "$P99" "$REQS" \
    "${NON2XX:+non-2xx: $NON2XX }" "$SOCKERR"
}
# warm BASE SESSION TOKEN WHAT: one dashboard (a server's first fills its cache) and one API
# page; fails when either is not answered with 200. Prints their times.
warm() {
  local td ta
  td=$(curl -sf -w '%{time_total}' -H "Cookie: luoshi_session=$2" -o /dev/null "$1/") || return 1
  ta=$(curl -sf -w '%{time_total}' -H "Authorization: Bearer $3" -o /dev/null "$1/api/v1/items?limit=100") || return 1
  awk -v w="$4" -v d="$td" -v a="$ta" 'BEGIN { printf "  %s: first dashboard %.1f ms, first API page %.1f ms\n", w, d * 1000, a * 1000 }'
}
stop_serve() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
declare -A R  # R[config.size.figure]: the figures, for the tables at the end
labels=()     # the sizes' labels
sizes=(1)
[ "$SCALE_ITEMS" -gt 0 ] && sizes+=(2)

echo "luoshi serve on SQLite and PostgreSQL against nginx: $CONNS connections, ${SECONDS_RUN}s each, wrk -t$THREADS --timeout $WRK_TIMEOUT; luoshi --threads $THREADS (each process), nginx $THREADS workers"
echo "  PostgreSQL $pgver (throwaway server, unix socket): $pgshow$pgnote"
echo "  load average at the start: $load_start ($(nproc) cores)"

for sz in "${sizes[@]}"; do
  if [ "$sz" = 1 ]; then
    n_items=$ITEMS n_months=12 db=$out/web-$ITEMS.db
  else
    n_items=$SCALE_ITEMS n_months=$SCALE_MONTHS db=$out/ledger-${SCALE_ITEMS}x$SCALE_MONTHS.db
  fi
  labels[sz]="$n_items items × $n_months months"
  echo
  echo "size $sz: the sample decision + $n_items generated items × $n_months monthly reports = $((n_items * n_months)) reports"
  t0=$(now)
  if [ -s "$db" ]; then
    gen="cached"
  else
    bash bench/gen-ledger.sh "$L" "$db" "$n_items" 0 "$n_months" >/dev/null
    gen="generated in $(since "$t0") s"
  fi
  t0=$(now)
  bench_prepare "$db"
  tok_sqlite=$BENCH_TOKEN
  echo "  SQLite: $db, $gen, $(mbytes "$(stat -c %s "$db")"); warnings run, user, token $(since "$t0") s"
  dbname=bench$sz
  uri=$(sh test/tools/pgtemp.sh createdb "$pgdir" "$dbname") || die "createdb $dbname failed"
  t0=$(now)
  pg_load "$db" "$uri"
  ltime=$(since "$t0")
  t0=$(now)
  bench_prepare "$uri"
  tok_pg=$BENCH_TOKEN
  echo "  PostgreSQL: loaded in $ltime s ($LOADED), $(mbytes "$(bench_sql "$uri" "select pg_database_size('$dbname')")"); warnings run, user, token $(since "$t0") s"
  R[load.$sz]=$ltime

  # (a) SQLite, one process; the dashboard's size for nginx's file.
  d=$work/s$sz-sqlite
  bench_serve "$db" "$d" || die "luoshi serve did not start on $db"
  pids+=("$SERVE_PID")
  spid=$SERVE_PID sbase=$SERVE_BASE
  session=$(bench_login "$sbase" "$d")
  [ -n "$session" ] || die "could not log in on SQLite"
  warm "$sbase" "$session" "$tok_sqlite" "SQLite" || die "the dashboard or the API failed on SQLite"
  curl -sf -H "Cookie: luoshi_session=$session" -o "$d/dashboard.html" "$sbase/" || die "the dashboard failed on SQLite"
  curl -sf -H "Authorization: Bearer $tok_sqlite" -o "$d/api.json" "$sbase/api/v1/items?limit=100" || die "the API failed on SQLite"
  dsize=$(stat -c %s "$d/dashboard.html")
  echo "  dashboard page $dsize bytes, API page $(jq '.items | length' "$d/api.json") rows ($(stat -c %s "$d/api.json") bytes) on SQLite"

  # nginx, the peer: a static file of the dashboard's size.
  ng=$work/s$sz-static
  bench_nginx_static "$ng" "$dsize"
  ngdirs+=("$ng")
  bench_nginx_start "$ng" || die "nginx did not start"
  bench_wrk "http://127.0.0.1:$NGINX_PORT/index.html"
  R[nginx.$sz.drps]=$RPS R[nginx.$sz.dp99]=$P99
  line "nginx: static file of the dashboard's size"
  bench_nginx_stop "$ng"

  measure sqlite "SQLite, 1 luoshi serve" "$sbase" "$session" "$tok_sqlite"
  rss=$(bench_kb "$spid" VmHWM)
  R[sqlite.$sz.rss]=$rss R[sqlite.$sz.rsst]=$((rss / 1024))
  stop_serve "$spid"

  # (b) PostgreSQL, one process.
  d=$work/s$sz-pg1
  bench_serve "$uri" "$d" || die "luoshi serve did not start on PostgreSQL"
  pids+=("$SERVE_PID")
  ppid=$SERVE_PID pbase=$SERVE_BASE
  session=$(bench_login "$pbase" "$d")
  [ -n "$session" ] || die "could not log in on PostgreSQL"
  warm "$pbase" "$session" "$tok_pg" "PostgreSQL" || die "the dashboard or the API failed on PostgreSQL"
  curl -sf -H "Cookie: luoshi_session=$session" -o "$d/dashboard.html" "$pbase/" || die "the dashboard failed on PostgreSQL"
  curl -sf -H "Authorization: Bearer $tok_pg" -o "$d/api.json" "$pbase/api/v1/items?limit=100" || die "the API failed on PostgreSQL"
  echo "  dashboard page $(stat -c %s "$d/dashboard.html") bytes, API page $(jq '.items | length' "$d/api.json") rows ($(stat -c %s "$d/api.json") bytes) on PostgreSQL"
  measure pg1 "PostgreSQL, 1 luoshi serve" "$pbase" "$session" "$tok_pg"
  rss=$(bench_kb "$ppid" VmHWM)
  R[pg1.$sz.rss]=$rss R[pg1.$sz.rsst]=$((rss / 1024))
  stop_serve "$ppid"

  # (c) PostgreSQL, two processes behind nginx.
  bench_serve "$uri" "$work/s$sz-pg2a" || die "luoshi serve did not start on PostgreSQL"
  pids+=("$SERVE_PID")
  apid=$SERVE_PID a=${SERVE_BASE#http://}
  bench_serve "$uri" "$work/s$sz-pg2b" || die "luoshi serve did not start on PostgreSQL"
  pids+=("$SERVE_PID")
  bpid=$SERVE_PID b=${SERVE_BASE#http://}
  ng=$work/s$sz-proxy
  # Buffers for a whole dashboard page in memory (no temporary files), HTTP/1.1 with
  # keepalive connections to the two servers.
  bench_nginx_conf "$ng" "    location / {
      proxy_pass http://luoshi;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host \$http_host;
      proxy_buffer_size 16k;
      proxy_buffers 64 16k;
      proxy_busy_buffers_size 64k;
      proxy_max_temp_file_size 0;
    }"
  sed -i "s|^http {|http {\n  upstream luoshi { server $a; server $b; keepalive 64; }|" "$ng/nginx.conf.in"
  ngdirs+=("$ng")
  bench_nginx_start "$ng" || die "nginx (the proxy) did not start: $(cat "$ng/nginx-error.log" 2>/dev/null)"
  xbase=http://127.0.0.1:$NGINX_PORT
  session=$(bench_login "$xbase" "$ng")
  [ -n "$session" ] || die "could not log in through nginx"
  # each server directly (nginx's workers each keep their own round robin)
  warm "http://$a" "$session" "$tok_pg" "PostgreSQL, server 1 of 2" || die "the dashboard or the API failed on PostgreSQL"
  warm "http://$b" "$session" "$tok_pg" "PostgreSQL, server 2 of 2" || die "the dashboard or the API failed on PostgreSQL"
  warm "$xbase" "$session" "$tok_pg" "PostgreSQL, through nginx (warm)" || die "the dashboard or the API failed through nginx"
  measure pg2 "PostgreSQL, 2 luoshi serve + nginx" "$xbase" "$session" "$tok_pg"
  ra=$(bench_kb "$apid" VmHWM) rb=$(bench_kb "$bpid" VmHWM)
  R[pg2.$sz.rss]=$((ra + rb))
  R[pg2.$sz.rsst]="$((ra / 1024))+$((rb / 1024))"
  bench_nginx_stop "$ng"
  stop_serve "$apid"
  stop_serve "$bpid"
  bench_sql "$(pguri postgres)" "DROP DATABASE $dbname" >/dev/null
done

configs=(sqlite pg1 pg2)
declare -A NAME=([nginx]="nginx, static file (the peer)" [sqlite]="SQLite, 1 luoshi serve" [pg1]="PostgreSQL, 1 luoshi serve" [pg2]="PostgreSQL, 2 luoshi serve + nginx")
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) printf "-"; else if (100 * a / b >= 1) printf "%.1f%%", 100 * a / b; else printf "%.2g%%", 100 * a / b }'; }
fac() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f×", b / a; else printf "-" }'; }
echo
echo "figures (req/s; p99 in ms; share of nginx's static rate; peak RSS = VmHWM of luoshi serve, MB):"
for sz in "${sizes[@]}"; do
  echo " size $sz: ${labels[sz]}"
  printf '  %-38s %27s  %27s  %9s\n' "" "------- dashboard -------" "---- API, 100 items -----" "peak RSS"
  printf '  %-38s %8s %8s %9s  %8s %8s %9s\n' "" "req/s" "p99" "of nginx" "req/s" "p99" "of nginx"
  ng=${R[nginx.$sz.drps]}
  printf '  %-38s %8.0f %8.2f %9s\n' "${NAME[nginx]}" "$ng" "${R[nginx.$sz.dp99]}" "100%"
  for c in "${configs[@]}"; do
    printf '  %-38s %8.0f %8.2f %9s  %8.0f %8.2f %9s  %9s\n' "${NAME[$c]}" \
      "${R[$c.$sz.drps]}" "${R[$c.$sz.dp99]}" "$(pct "${R[$c.$sz.drps]}" "$ng")" \
      "${R[$c.$sz.arps]}" "${R[$c.$sz.ap99]}" "$(pct "${R[$c.$sz.arps]}" "$ng")" "${R[$c.$sz.rsst]}"
  done
done
if [ "${#sizes[@]}" = 2 ]; then
  echo
  echo "growth from size 1 to size 2 (size 2's figure over size 1's: $(awk -v a="$SCALE_ITEMS" -v b="$ITEMS" 'BEGIN { printf "%.4g", a / b }')× the items, $(awk -v a="$((SCALE_ITEMS * SCALE_MONTHS))" -v b="$((ITEMS * 12))" 'BEGIN { printf "%.4g", a / b }')× the reports; req/s under 1× is a slowdown, p99 and memory over 1× a growth):"
  printf '  %-38s %8s %8s  %8s %8s  %9s\n' "" "dash r/s" "dash p99" "API r/s" "API p99" "peak RSS"
  printf '  %-38s %8s %8s\n' "${NAME[nginx]}" "$(fac "${R[nginx.1.drps]}" "${R[nginx.2.drps]}")" "$(fac "${R[nginx.1.dp99]}" "${R[nginx.2.dp99]}")"
  for c in "${configs[@]}"; do
    printf '  %-38s %8s %8s  %8s %8s  %9s\n' "${NAME[$c]}" \
      "$(fac "${R[$c.1.drps]}" "${R[$c.2.drps]}")" "$(fac "${R[$c.1.dp99]}" "${R[$c.2.dp99]}")" \
      "$(fac "${R[$c.1.arps]}" "${R[$c.2.arps]}")" "$(fac "${R[$c.1.ap99]}" "${R[$c.2.ap99]}")" \
      "$(fac "${R[$c.1.rss]}" "${R[$c.2.rss]}")"
  done
  echo "  PostgreSQL load time: $(fac "${R[load.1]}" "${R[load.2]}")"
fi
echo
echo "run time $(since "$t_start") s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
