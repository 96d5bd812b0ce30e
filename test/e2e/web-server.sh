# luoshi serve over a real socket: it prints its address, answers pages and the API, keeps
# connections alive, refuses oversized bodies before reading them, cuts off a client that sends
# nothing, writes the access log, and stops cleanly on SIGTERM.

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
