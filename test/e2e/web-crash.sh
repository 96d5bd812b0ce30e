# Crash consistency of luoshi serve: a client files and submits reports over HTTP — through the
# JSON API (bearer token) and through the report form (session cookie and CSRF token) — on four
# connections at once, and after a random number of acknowledged writes the server is killed
# with SIGKILL while the other requests are in flight; then it is started again, 200 times.
# Every write the server acknowledged (200 with the report's id, or the form's 303) must be
# there afterwards, the database whole and the audit chain unbroken. The kill comes from the
# client (test/tools/http_burst) at its Nth acknowledgement: a count, not a timer.

WEB_CRASH_ROUNDS=${WEB_CRASH_ROUNDS:-200}

t_serve_kill_9_loses_no_acknowledged_write() {
  local burst
  burst="$BUILD_DIR/http_burst"
  [ -x "$burst" ] || { fail "$burst is missing (make $(basename "$BUILD_DIR")/http_burst)"; return 1; }
  web_db "$TMP/c.db" || return 1
  echo 'pass-word-1' | "$LUOSHI" --db "$DB" user add sup 督查员 supervisor >/dev/null || return 1
  local tok
  tok=$("$LUOSHI" --db "$DB" token sup) || return 1
  web_login sup pass-word-1 || return 1
  [ -n "$WEB_CSRF" ] || { fail "no CSRF token after login"; return 1; }
  local api="Content-Type: application/json|Authorization: Bearer $tok"
  local form="Content-Type: application/x-www-form-urlencoded|Cookie: $WEB_COOKIE"
  : >"$TMP/responses"
  : >"$TMP/serve.err"
  local k=0 kills=0 round n line addr pid status item period i
  for round in $(seq 1 "$WEB_CRASH_ROUNDS"); do
    coproc SRV { exec "$LUOSHI" --db "$DB" serve --listen 127.0.0.1:0 --threads 4 --access-log - 2>>"$TMP/serve.err"; }
    pid=$SRV_PID
    read -r line <&"${SRV[0]}"
    addr=$(printf '%s' "$line" | grep -o '127\.0\.0\.1:[0-9]*')
    [ -n "$addr" ] || { fail "round $round: serve printed no address: [$line] $(tail -n 3 "$TMP/serve.err")"; return 1; }
    # Each write its own (item, period), so that none is refused; one in three by the form.
    n=$((RANDOM % 24 + 1))
    for i in $(seq 1 $((2 * n + 12))); do
      k=$((k + 1))
      item=$((k % 8 + 1))
      period=$(printf '%04d-%02d' $((2000 + k / 12)) $((k % 12 + 1)))
      if [ $((k % 3)) = 0 ]; then
        printf 'f%d\t/items/%d/report\t%s\tperiod=%s&progress=%d&done=w%d&action=submit&csrf=%s\n' \
          "$k" "$item" "$form" "$period" $((k % 101)) "$k" "$WEB_CSRF"
      else
        printf 'a%d\t/api/v1/items/%d/reports\t%s\t{"period":"%s","progress":%d,"done":"w%d","submit":true}\n' \
          "$k" "$item" "$api" "$period" $((k % 101)) "$k"
      fi
    done >"$TMP/requests"
    "$burst" "$addr" 4 "$pid" "$n" <"$TMP/requests" >>"$TMP/responses"
    status=$?
    wait "$pid"
    [ $? = 137 ] && kills=$((kills + 1))
    [ "$status" = 0 ] || { fail "round $round: the client stopped with status $status before its kill"; return 1; }
  done
  # Acknowledged: the API's 200 with the report's id, the form's 303; nothing else may come back.
  local bad
  bad=$(awk '$2 != 200 && $2 != 303' "$TMP/responses" | head -n 3)
  [ -z "$bad" ] || { fail "unexpected answers: $bad"; return 1; }
  awk '$2 == 200 { if (match($0, /"item":\{"id":[0-9]+/)) print "w" substr($1, 2), substr($0, RSTART + 13, RLENGTH - 13); else print "noid", $0 }' \
    "$TMP/responses" | sort >"$TMP/acked-api"
  awk '$2 == 303 { print "w" substr($1, 2) }' "$TMP/responses" | sort >"$TMP/acked-form"
  grep -q '^noid' "$TMP/acked-api" && { fail "a 200 without the report's id: $(grep -m1 '^noid' "$TMP/acked-api")"; return 1; }
  local nApi nForm
  nApi=$(wc -l <"$TMP/acked-api")
  nForm=$(wc -l <"$TMP/acked-form")
  echo "web-crash: $kills kills, $nApi API and $nForm form writes acknowledged"
  expect_eq "$kills" "$WEB_CRASH_ROUNDS" "rounds whose server was killed by the client"
  [ "$nForm" -ge "$WEB_CRASH_ROUNDS" ] || fail "only $nForm form writes were acknowledged"
  # What is stored, read back through the CLI: "done id" of every report of the eight items.
  for item in 1 2 3 4 5 6 7 8; do
    "$LUOSHI" --db "$DB" report list "$item" --json | jq -r '.[] | "\(.done) \(.id) \(.state)"'
  done >"$TMP/stored"
  sort -o "$TMP/stored" "$TMP/stored"
  local lost
  lost=$(awk '{ print $1, $2 }' "$TMP/stored" | sort | comm -13 - "$TMP/acked-api" | head -n 5)
  [ -z "$lost" ] || fail "acknowledged API writes lost (done id): $lost"
  lost=$(awk '$3 == "submitted" { print $1 }' "$TMP/stored" | sort | comm -13 - "$TMP/acked-form" | head -n 5)
  [ -z "$lost" ] || fail "acknowledged form writes lost or not submitted: $lost"
  echo "web-crash: $(wc -l <"$TMP/stored") reports stored, $(grep -c ' draft$' "$TMP/stored") of them drafts (a form write cut off between saving and submitting)"
  if [ "$LUOSHI_TEST_DB" = sqlite ]; then
    expect_eq "$(sqlite3 "$DB" 'pragma integrity_check')" ok "integrity_check"
  fi
  expect_status 0 "$LUOSHI" audit verify --db "$DB"
}
