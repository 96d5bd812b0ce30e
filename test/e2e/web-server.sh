# luoshi serve over a real socket: it prints its address, answers pages and the API, keeps
# connections alive, refuses oversized bodies before reading them, cuts off a client that sends
# nothing, one that trickles its headers or its body (test/tools/slow_client.c) and one that
# reads a response slower than the minimum rate while it takes a large upload and gives a large
# download at a good rate, writes the access log, and stops cleanly on SIGTERM.

# start the server on a free port with extra flags "$@"; sets BASE and SERVE_PID
start_serve() {
  DB=$TMP/s.db
  "$LUOSHI" --db "$DB" import "$ROOT/test/corpus/sichuan-2018-decision-page.txt" --quiet 2>/dev/null
  "$LUOSHI" --db "$DB" unit seed >/dev/null
  echo 'pass-word-1' | "$LUOSHI" --db "$DB" user add sup 督查员 supervisor >/dev/null
  "$LUOSHI" --db "$DB" ledger create 1 >/dev/null
  coproc SERVE { exec "$LUOSHI" --db "$DB" serve --listen 127.0.0.1:0 --access-log "$TMP/access.log" "$@" 2>"$TMP/serve.err"; }
  SERVE_PID=$SERVE_PID
  local line
  read -r line <&"${SERVE[0]}"
  BASE=$(printf '%s' "$line" | grep -o 'http://[0-9.:]*')
  [ -n "$BASE" ] || { fail "serve printed no address: [$line] $(cat "$TMP/serve.err")"; return 1; }
}

stop_serve() {
  kill -TERM "$SERVE_PID"
  wait "$SERVE_PID"
}

t_serve_answers_pages_and_api_and_logs_them() {
  start_serve || return 1
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "GET /login"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$BASE/ledger")" \
    "303 $BASE/login?next=%2Fledger" "an anonymous ledger request"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/items")" 401 "anonymous API"
  tok=$("$LUOSHI" --db "$DB" token sup)
  expect_eq "$(curl -s -H "Authorization: Bearer $tok" "$BASE/api/v1/items?limit=3" | jq '.items | length')" 3 "API page"
  head=$(curl -s -D - -o /dev/null "$BASE/login")
  expect_contains "$head" "Content-Security-Policy: default-src 'self'" "headers"
  expect_contains "$head" "HttpOnly" "the CSRF cookie"
  stop_serve
  expect_eq $? 0 "exit status after SIGTERM"
  expect_contains "$(cat "$TMP/access.log")" "GET /api/v1/items 200" "access log"
  expect_contains "$(cat "$TMP/access.log")" " sup GET" "access log names the person"
  expect_contains "$(cat "$TMP/serve.err")" "finishing the requests in flight" "shutdown message"
}

t_serve_keeps_connections_alive() {
  start_serve || return 1
  out=$(curl -sv -o /dev/null -o /dev/null "$BASE/login" "$BASE/static/luoshi.css" 2>&1)
  expect_contains "$out" "Re-using existing connection" "the second request"
  stop_serve
}

t_serve_refuses_an_oversized_body_before_reading_it() {
  start_serve || return 1
  port=${BASE##*:}
  port=${port%/}
  # 30 MB announced and none of it sent: the answer comes at once, from the headers alone.
  exec 7<>"/dev/tcp/127.0.0.1/$port"
  printf 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 30000000\r\n\r\n' >&7
  read -r -t 30 status <&7
  exec 7<&-
  expect_contains "$status" "HTTP/1.1 413" "the answer to a 30 MB body"
  stop_serve
}

t_serve_cuts_off_a_silent_client() {
  printf 'timeout = 1\nthreads = 2\n' >"$TMP/serve.conf"
  start_serve --config "$TMP/serve.conf" || return 1
  port=${BASE##*:}
  exec 7<>"/dev/tcp/127.0.0.1/$port"
  # Send nothing; the server closes the connection after its timeout, and read sees the end.
  # (The 10 s cap on read only bounds a failure; the close is what ends the wait.)
  t0=$(date +%s)
  read -r -t 10 <&7
  status=$?
  t1=$(date +%s)
  exec 7<&-
  [ "$status" -gt 128 ] && fail "the silent connection was still open after 10 s"
  [ $((t1 - t0)) -le 5 ] || fail "closed only after $((t1 - t0)) s"
  # Others are served meanwhile and afterwards.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "after the silent client"
  stop_serve
}

t_serve_refuses_a_bad_address_and_a_bad_config() {
  expect_status 1 "$LUOSHI" --db "$TMP/x.db" serve --listen 999.1.1.1:80
  expect_contains "$(cat "$TMP/err")" "bad --listen address" "message"
  printf 'colour = red\n' >"$TMP/bad.conf"
  expect_status 1 "$LUOSHI" --db "$TMP/x.db" serve --config "$TMP/bad.conf"
  expect_contains "$(cat "$TMP/err")" "bad.conf:1: colour wants a number" "message"
  printf 'min_rate = fast\n' >"$TMP/bad.conf"
  expect_status 1 "$LUOSHI" --db "$TMP/x.db" serve --config "$TMP/bad.conf"
  expect_contains "$(cat "$TMP/err")" "bad.conf:1: min_rate wants a number" "message"
  expect_status 1 "$LUOSHI" --db "$TMP/x.db" serve --header-timeout 2s
  expect_contains "$(cat "$TMP/err")" "--header-timeout wants a whole number from 0 to 1000000" "message"
  expect_status 1 "$LUOSHI" --db "$TMP/x.db" serve --body-timeout -1
  expect_contains "$(cat "$TMP/err")" "--body-timeout wants a whole number" "message"
}

t_serve_lists_its_routes_with_permissions() {
  expect_status 0 "$LUOSHI" serve --routes
  expect_contains "$(cat "$TMP/out")" "POST /reports/{id}/review" "routes"
  expect_contains "$(grep ' /review ' "$TMP/out")" "supervise" "the review queue's permission"
  expect_contains "$(grep ' /public ' "$TMP/out")" "public" "the public page's permission"
}

t_serve_answers_300_connections_at_once() {
  start_serve || return 1
  port=${BASE##*:}
  # 300 connections open together before any request is sent on them: all accepted, all
  # answered. (Bash's /dev/tcp: each exec opens a socket; the server's limit is 2000.)
  local fds=() fd i n=0
  for i in $(seq 1 300); do
    exec {fd}<>"/dev/tcp/127.0.0.1/$port" || { fail "connection $i refused"; break; }
    fds+=("$fd")
  done
  for fd in "${fds[@]}"; do
    printf 'GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&"$fd"
  done
  for fd in "${fds[@]}"; do
    read -r -t 30 line <&"$fd" && [ "${line%%$'\r'}" = "HTTP/1.1 200 OK" ] && n=$((n + 1))
    exec {fd}<&-
  done
  expect_eq "$n" 300 "connections answered 200 (of 300 open at once)"
  # And curl's own 300 transfers in parallel, one connection each.
  for i in $(seq 1 300); do printf 'url = "%s/login?n=%d"\noutput = /dev/null\n' "$BASE" "$i"; done >"$TMP/urls"
  curl -s --parallel --parallel-immediate --parallel-max 300 -w '%{http_code}\n' -K "$TMP/urls" >"$TMP/codes"
  expect_eq "$(sort "$TMP/codes" | uniq -c | awk '{ print $1, $2 }')" "300 200" "curl --parallel: 300 answers"
  # The server is still whole afterwards.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "a request after the burst"
  stop_serve
}

t_serve_answers_others_while_slow_clients_hold_connections() {
  printf 'timeout = 2\n' >"$TMP/serve.conf"
  start_serve --config "$TMP/serve.conf" || return 1
  port=${BASE##*:}
  # 20 slow clients: ten send nothing, ten the start of a request and then nothing more.
  local fds=() fd i st closed=0
  for i in $(seq 1 20); do
    exec {fd}<>"/dev/tcp/127.0.0.1/$port" || { fail "slow client $i refused"; return 1; }
    [ $((i % 2)) = 0 ] && printf 'GET /login HTTP/1.1\r\nHost: x\r\nUser-Agent: slo' >&"$fd"
    fds+=("$fd")
  done
  # A normal request is answered while they hold their connections.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "a request beside 20 slow clients"
  tok=$("$LUOSHI" --db "$DB" token sup)
  expect_eq "$(curl -s -H "Authorization: Bearer $tok" "$BASE/api/v1/items?limit=2" | jq '.items | length')" 2 "an API request beside them"
  # Each slow client is cut off by the timeout: its read comes to the end of the stream (status
  # 1); the 30 s cap only bounds a failure (status > 128).
  for fd in "${fds[@]}"; do
    st=0
    while [ "$st" = 0 ]; do read -r -t 30 line <&"$fd"; st=$?; done
    [ "$st" = 1 ] && closed=$((closed + 1))
    exec {fd}<&-
  done
  expect_eq "$closed" 20 "slow clients whose connection the server closed"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "a request afterwards"
  stop_serve
}

# slow_started ADDR CONNS MAX_SECONDS MODE: start test/tools/slow_client in the background, its
# lines going to the pipe on fd 8, and wait for its "ready" line (all connections open and
# trickling). Sets SLOW_PID.
slow_started() {
  rm -f "$TMP/slow.fifo"
  mkfifo "$TMP/slow.fifo" || return 1
  "$BUILD_DIR/slow_client" "$@" >"$TMP/slow.fifo" &
  SLOW_PID=$!
  exec 8<"$TMP/slow.fifo"
  local line
  read -r -t 60 line <&8
  [ "$line" = ready ] || { fail "slow_client did not get ready: [$line]"; return 1; }
}

# slow_finished: wait for slow_client to end and keep its connection lines in $TMP/slow.out;
# returns its exit status
slow_finished() {
  cat <&8 >"$TMP/slow.out"
  exec 8<&-
  wait "$SLOW_PID"
}

# serve_addr: ADDR:PORT of the server start_serve started
serve_addr() { printf '%s' "${BASE#http://}" | tr -d /; }

# expect_cut_off MODE LO HI MESSAGE: one slow_client connection in MODE (headers, keepalive,
# body), a byte a second, must be ended by the server LO to HI seconds after it began (after the
# first response for keepalive), having sent at least 2 bytes, with MESSAGE on the server's
# stderr.
expect_cut_off() {
  "$BUILD_DIR/slow_client" "$(serve_addr)" 1 30 "$1" >"$TMP/slow.out"
  expect_eq $? 0 "slow_client's status (0: the server ended the connection)"
  read -r what secs bytes <<<"$(tail -n 1 "$TMP/slow.out")"
  expect_eq "$what" closed "how the slow connection ended"
  awk -v s="$secs" -v lo="$2" -v hi="$3" 'BEGIN { exit !(s >= lo && s <= hi) }' ||
    fail "cut off after $secs s, not within $2 to $3 s"
  [ "$bytes" -ge 2 ] || fail "the client sent only $bytes bytes: it should have been trickling"
  expect_contains "$(cat "$TMP/serve.err")" "$4" "the server's message"
}

t_serve_cuts_off_a_client_trickling_its_headers() {
  # The idle timeout (30 s by default) never fires: a byte arrives every second. The header
  # deadline does, 2 s after the connection opened.
  start_serve --header-timeout 2 || return 1
  expect_cut_off headers 1.9 6 "127.0.0.1: request headers still incomplete after 2 s: connection cut off"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "a request afterwards"
  stop_serve
}

t_serve_cuts_off_a_client_trickling_its_next_request_on_a_kept_alive_connection() {
  # After a first request answered on it, the connection may wait for the next one for the idle
  # timeout (3 s) plus the header deadline (2 s), however it trickles meanwhile.
  printf 'timeout = 3\n' >"$TMP/serve.conf"
  start_serve --config "$TMP/serve.conf" --header-timeout 2 || return 1
  expect_cut_off keepalive 4.9 9 "no whole request on a kept-alive connection after 5 s: connection cut off"
  expect_eq "$(grep -c ' GET /login 200 ' "$TMP/access.log")" 1 "the first request in the access log"
  stop_serve
}

t_serve_answers_others_promptly_while_100_clients_trickle() {
  start_serve --header-timeout 8 || return 1
  slow_started "$(serve_addr)" 100 60 headers || return 1
  # 100 connections are trickling their headers: normal requests are answered meanwhile, and fast.
  local i
  for i in $(seq 1 20); do
    curl -s -o /dev/null -m 30 -w '%{http_code} %{time_total}\n' "$BASE/login?n=$i"
  done >"$TMP/codes"
  tok=$("$LUOSHI" --db "$DB" token sup)
  expect_eq "$(curl -s -m 30 -H "Authorization: Bearer $tok" "$BASE/api/v1/items?limit=2" | jq '.items | length')" 2 \
    "an API request beside the trickling clients"
  expect_eq "$(awk '$1 == 200' "$TMP/codes" | wc -l)" 20 "requests answered 200 (of 20) beside 100 trickling clients"
  slowest=$(awk '{ if ($2 > m) m = $2 } END { print m + 0 }' "$TMP/codes")
  awk -v s="$slowest" 'BEGIN { exit !(s < 2) }' || fail "the slowest request took $slowest s"
  # Then every trickling client is cut off at its deadline, not before.
  slow_finished
  expect_eq $? 0 "slow_client's status (0: the server ended every connection)"
  expect_eq "$(awk '$1 == "closed" && $2 >= 7.9 && $2 <= 20' "$TMP/slow.out" | wc -l)" 100 \
    "trickling connections cut off 8 to 20 s after they opened: $(sort -k2n "$TMP/slow.out" | sed -n '1p;$p' | tr '\n' ' ')"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "a request afterwards"
  stop_serve
}

t_serve_cuts_off_a_slow_body() {
  # A POST announcing 1 MB sends one byte a second: 2 s of grace plus 1 s per 100 bytes is
  # about 2 s; the idle timeout (30 s) would never fire.
  start_serve --body-timeout 2 --min-rate 100 || return 1
  expect_cut_off body 1.9 6 "request body still incomplete after 2 s: connection cut off"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "a request afterwards"
  stop_serve
}

# big_evidence_served: start the server with extra flags "$@", log a 宜宾 reporter in over the
# socket and upload a 12 MB evidence file at 6 MB/s with a report (curl's answer in UPLOAD:
# "STATUS SECONDS"). Sets JAR (the session's cookies), EVIDENCE (its URL) and BIG (the file).
big_evidence_served() {
  export LUOSHI_TODAY=2019-09-20
  start_serve "$@" || return 1
  echo 'pass-word-1' | "$LUOSHI" --db "$DB" user add yibin 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null
  ITEM=$("$LUOSHI" --db "$DB" ledger list 1 --place 511500 --json | jq -r '.[0].id')
  "$LUOSHI" --db "$DB" ledger assign "$ITEM" --lead 宜宾市人民政府 --deadline 2019-12-31 >/dev/null
  JAR=$TMP/jar
  local csrf code
  csrf=$(curl -s -c "$JAR" "$BASE/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -n 1 |
    sed 's/.*value="//; s/"$//')
  code=$(curl -s -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' --data-urlencode login=yibin \
    --data-urlencode password=pass-word-1 --data-urlencode "csrf=$csrf" "$BASE/login")
  [ "$code" = 303 ] || { fail "login refused (status $code)"; return 1; }
  csrf=$(curl -s -b "$JAR" "$BASE/items/$ITEM/report" | grep -o 'name="csrf" value="[0-9a-f]*"' |
    head -n 1 | sed 's/.*value="//; s/"$//')
  [ -n "$csrf" ] || { fail "no CSRF field in the report form"; return 1; }
  BIG=$TMP/big.bin
  head -c 12000000 /dev/urandom >"$BIG"
  UPLOAD=$(curl -s -b "$JAR" -o /dev/null -m 120 --limit-rate 6M -w '%{http_code} %{time_total}' \
    -F "csrf=$csrf" -F period=2019-09 -F progress=30 -F done=完成可研 -F action=save \
    -F "evidence=@$BIG;filename=big.bin;type=application/octet-stream" "$BASE/items/$ITEM/report")
  tok=$("$LUOSHI" --db "$DB" token sup)
  EVIDENCE=$(curl -s -H "Authorization: Bearer $tok" "$BASE/api/v1/items/$ITEM/reports" |
    jq -r '[.. | objects | select(.url? and (.url | startswith("/evidence/")))][0].url // ""')
}

t_serve_takes_a_large_upload_and_gives_a_large_download_above_the_minimum_rate() {
  # 1 s of grace, then 1 MB/s at least: a 12 MB upload at 6 MB/s and a download of it read at
  # 4 MB/s (through a small receive buffer, so that the server cannot hand it all to the kernel
  # at once) both outlast the grace and both stay above the rate: neither is cut off.
  big_evidence_served --body-timeout 1 --min-rate 1000000 || return 1
  read -r code secs <<<"$UPLOAD"
  expect_eq "$code" 303 "the report with its 12 MB evidence file"
  awk -v s="$secs" 'BEGIN { exit !(s > 1.5) }' || fail "the upload took only $secs s: it should outlast the 1 s grace"
  [ -n "$EVIDENCE" ] || { fail "the evidence file is not listed with the report"; stop_serve; return 1; }
  curl -s -b "$JAR" -o "$TMP/down.bin" -m 60 "$BASE$EVIDENCE"
  expect_eq "$(sha256sum <"$TMP/down.bin")" "$(sha256sum <"$BIG")" "the evidence file downloaded again"
  session=$(awk '$6 == "luoshi_session" { print $7 }' "$JAR")
  "$BUILD_DIR/slow_client" "$(serve_addr)" read 60 "$EVIDENCE" 4000000 "Cookie: luoshi_session=$session" >"$TMP/read.out"
  expect_eq $? 0 "slow_client's status (0: the whole body arrived)"
  read -r what status nBody nLength secs <"$TMP/read.out"
  expect_eq "$what $status $nBody" "whole 200 12000000" "the download read at 4 MB/s"
  awk -v s="$secs" 'BEGIN { exit !(s > 1.5) }' || fail "the download took only $secs s: it should outlast the 1 s grace"
  expect_eq "$(grep -c 'cut off' "$TMP/serve.err")" 0 "connections cut off"
  stop_serve
}

t_serve_cuts_off_a_download_read_slower_than_the_minimum_rate() {
  # The same 12 MB read at 300 KB/s would take 40 s; at 1 MB/s it is due after 1 + 12 s.
  big_evidence_served --body-timeout 1 --min-rate 1000000 || return 1
  read -r code secs <<<"$UPLOAD"
  expect_eq "$code" 303 "the report with its 12 MB evidence file"
  [ -n "$EVIDENCE" ] || { fail "the evidence file is not listed with the report"; stop_serve; return 1; }
  session=$(awk '$6 == "luoshi_session" { print $7 }' "$JAR")
  "$BUILD_DIR/slow_client" "$(serve_addr)" read 60 "$EVIDENCE" 300000 "Cookie: luoshi_session=$session" >"$TMP/read.out"
  expect_eq $? 1 "slow_client's status (1: the server ended the download part way)"
  read -r what status nBody nLength secs <"$TMP/read.out"
  expect_eq "$what $status $nLength" "cut 200 12000000" "the download read at 300 KB/s"
  [ "$nBody" -lt 12000000 ] || fail "the slow reader got the whole file"
  awk -v s="$secs" 'BEGIN { exit !(s >= 12.5 && s <= 30) }' || fail "cut off after $secs s, not at the 13 s deadline"
  expect_contains "$(cat "$TMP/serve.err")" "response still not read after 13 s: connection cut off" \
    "the server's message"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200 "a request afterwards"
  stop_serve
}
