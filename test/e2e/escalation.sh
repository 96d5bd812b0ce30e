# End-to-end tests of escalation (催办 → 督办): the ladder gives each warned item the step its
# colour and days in warning reach, once per episode; notices go to the lead unit through the
# outbox and are delivered as mail files; a failed delivery stays for the next attempt.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_escalation() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/e.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/e.db" >/dev/null || return 1
  sqlite3 "$TMP/e.db" "update ledger_items set created_at='2018-07-01T00:00:00Z', deadline=NULL" || return 1
  # item 2 overdue (red); item 4 led by a unit, reported on time (no warning)
  "$LUOSHI" ledger assign 2 --lead 宜宾市人民政府 --deadline 2018-12-31 --db "$TMP/e.db" >/dev/null || return 1
}

# escalate on date $1 (after running the warning rules for it)
escalate_on() {
  "$LUOSHI" warnings run --date "$1" --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" escalate run --date "$1" --db "$TMP/e.db" >"$TMP/esc.out" || return 1
}

steps_of() {
  "$LUOSHI" outbox list --json --db "$TMP/e.db" | jq -r "[.[] | select(.item==$1) | .step] | join(\",\")"
}

t_ladder_climbs_with_days_in_red_once_per_step() {
  setup_escalation || return 1
  escalate_on 2019-01-10 || return 1
  expect_eq "$(steps_of 2)" "notice" "red on its first day: 预警通知"
  escalate_on 2019-01-25 || return 1
  expect_eq "$(steps_of 2)" "notice" "15 days in red: still the same step, not repeated"
  escalate_on 2019-02-15 || return 1
  expect_eq "$(steps_of 2)" "notice,letter" "36 days in red: 督办函"
  escalate_on 2019-03-15 || return 1
  expect_eq "$(steps_of 2)" "notice,letter,interview" "64 days in red: 约谈"
  "$LUOSHI" outbox list --json --db "$TMP/e.db" >"$TMP/o.json" || return 1
  expect_eq "$(jq -r '[.[] | select(.item==2)][2] | [.unit_name, .since, .ladder, .colour] | join("|")' "$TMP/o.json")" \
    "宜宾市人民政府|2019-01-10|2018.1|red"
  expect_contains "$(jq -r '[.[] | select(.item==2)][2].subject' "$TMP/o.json")" "【约谈通知】第"
  expect_contains "$(jq -r '[.[] | select(.item==2)][2].body' "$TMP/o.json")" "逾期未完成"
  # rerunning a date adds nothing
  n=$(jq length "$TMP/o.json")
  escalate_on 2019-03-15 || return 1
  expect_eq "$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq length)" "$n"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/e.db" || return 1
}

t_a_new_episode_starts_the_ladder_again() {
  setup_escalation || return 1
  escalate_on 2019-01-10 || return 1
  escalate_on 2019-02-15 || return 1
  # an extension and a good report clear the red; the item is back in red later: a new episode
  sqlite3 "$TMP/e.db" "update ledger_items set deadline='2019-12-31' where id=2" || return 1
  "$LUOSHI" report file 2 --period 2019-03 --progress 60 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" report submit "$("$LUOSHI" report list 2 --json --db "$TMP/e.db" | jq -r '.[0].id')" --db "$TMP/e.db" || return 1
  escalate_on 2019-03-01 || return 1
  expect_eq "$(jq -r '[.[] | select(.item==2)] | length' <("$LUOSHI" warnings list --json --db "$TMP/e.db"))" "0" "no warning on 2019-03-01"
  sqlite3 "$TMP/e.db" "update ledger_items set deadline='2019-03-05' where id=2" || return 1
  escalate_on 2019-03-08 || return 1
  "$LUOSHI" outbox list --json --db "$TMP/e.db" >"$TMP/o.json" || return 1
  expect_eq "$(jq -c '[.[] | select(.item==2 and .colour=="red") | [.step, .since]]' "$TMP/o.json")" \
    '[["notice","2019-01-10"],["letter","2019-01-10"],["notice","2019-03-08"]]'
}

t_items_without_a_unit_get_no_notice() {
  setup_escalation || return 1
  escalate_on 2019-01-10 || return 1
  expect_contains "$(cat "$TMP/esc.out")" "have no lead unit"
  expect_eq "$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq '[.[] | select(.unit==0)] | length')" "0"
}

t_delivery_writes_mail_and_keeps_failures() {
  setup_escalation || return 1
  escalate_on 2019-01-10 || return 1
  id=$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq -r '.[] | select(.item==2) | .id')
  total=$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq length)
  # a directory that cannot be written: every notice fails and stays undelivered
  expect_status 1 "$LUOSHI" outbox send --dir "$TMP/missing/dir" --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "could not be delivered"
  expect_eq "$("$LUOSHI" outbox list --state failed --json --db "$TMP/e.db" | jq length)" "$total"
  expect_contains "$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq -r ".[] | select(.id==$id) | .error")" "missing/dir"
  mkdir -p "$TMP/mail" || return 1
  expect_status 0 "$LUOSHI" outbox send --dir "$TMP/mail" --db "$TMP/e.db" || return 1
  expect_eq "$(ls "$TMP/mail" | grep -c '\.eml$')" "$total"
  expect_eq "$(ls -A "$TMP/mail" | grep -c '\.tmp$')" "0" "no temporary file left"
  m="$TMP/mail/notice-$id.eml"
  expect_contains "$(cat "$m")" "Content-Type: text/plain; charset=UTF-8"
  expect_contains "$(cat "$m")" "Date: Thu, 10 Jan 2019 09:00:00 +0800"
  # the subject decodes back to the notice's subject
  subject=$(sed -n '/^Subject:/,/^[A-Z]/p' "$m" | grep -o '=?UTF-8?B?[^?]*?=' | sed 's/=?UTF-8?B?//; s/?=//' | while read -r w; do printf '%s' "$w" | base64 -d; done)
  expect_eq "$subject" "$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq -r ".[] | select(.id==$id) | .subject")"
  expect_contains "$(cat "$m")" "宜宾市人民政府："
  # all sent: a second send delivers nothing
  expect_status 0 "$LUOSHI" outbox send --dir "$TMP/mail" --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/out")" "0 notice(s) delivered"
  expect_eq "$("$LUOSHI" outbox list --state sent --json --db "$TMP/e.db" | jq '[.[] | select(.attempts==2)] | length')" "$total"
}

t_only_the_office_escalates() {
  setup_escalation || return 1
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" warnings run --date 2019-01-10 --db "$TMP/e.db" >/dev/null || return 1
  expect_status 1 "$LUOSHI" escalate run --date 2019-01-10 --db "$TMP/e.db" --as yb || return 1
  expect_status 1 "$LUOSHI" outbox send --dir "$TMP" --db "$TMP/e.db" --as yb || return 1
  expect_status 1 "$LUOSHI" escalate run --date 2019-13-01 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "not a date"
  expect_eq "$(sqlite3 "$TMP/e.db" "select count(*) from notices")" "0"
}

# start the webhook receiver answering HTTP $2, its requests into file $1; sets PORT
start_hook() {
  coproc HOOK { "$(dirname "$LUOSHI")/hook_server" "$1" "$2"; }
  read -r PORT <&"${HOOK[0]}"
  [ -n "$PORT" ] && [ "$PORT" != 0 ]
}
stop_hook() {
  local pid=$HOOK_PID
  eval "exec ${HOOK[1]}>&-"
  wait "$pid"
}

t_webhook_delivery_posts_json_and_keeps_refusals() {
  setup_escalation || return 1
  "$LUOSHI" ledger assign 3 --lead 德阳市人民政府 --db "$TMP/e.db" >/dev/null || return 1
  escalate_on 2019-01-10 || return 1
  total=$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq length)
  [ "$total" -ge 2 ] || { fail "only $total notices"; return 1; }
  # a receiver that refuses: nothing is sent, each notice keeps the answer as its error
  start_hook "$TMP/refused" 500 || return 1
  expect_status 1 "$LUOSHI" outbox send --webhook "http://127.0.0.1:$PORT/hook" --db "$TMP/e.db"
  stop_hook
  expect_eq "$(wc -l <"$TMP/refused")" "$total"
  expect_eq "$("$LUOSHI" outbox list --state failed --json --db "$TMP/e.db" | jq -r '[.[].error] | unique | join(",")')" \
    "webhook: the server answered HTTP 500"
  # one that takes them: every notice POSTed once as JSON, then marked sent
  start_hook "$TMP/taken" 200 || return 1
  expect_status 0 "$LUOSHI" outbox send --webhook "http://127.0.0.1:$PORT/hook" --db "$TMP/e.db" || { stop_hook; return 1; }
  expect_status 0 "$LUOSHI" outbox send --webhook "http://127.0.0.1:$PORT/hook" --db "$TMP/e.db"
  stop_hook
  expect_eq "$(wc -l <"$TMP/taken")" "$total" "the second send posts nothing"
  expect_eq "$(sed -n 1p "$TMP/taken" | cut -c1-5)" "POST "
  sed -n 1p "$TMP/taken" | cut -c6- >"$TMP/first.json"
  id=$(jq -r .id "$TMP/first.json")
  expect_eq "$(grep -c '"item":2,' "$TMP/taken")" "1" "item 2's notice posted once"
  expect_eq "$(grep '"item":2,' "$TMP/taken" | cut -c6- | jq -r '[.step, .unit_name, .colour] | join("|")')" \
    "notice|宜宾市人民政府|red"
  expect_eq "$(jq -r .subject "$TMP/first.json")" \
    "$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq -r ".[] | select(.id==$id) | .subject")"
  expect_eq "$("$LUOSHI" outbox list --state sent --json --db "$TMP/e.db" | jq length)" "$total"
  # no receiver at all, and a URL that is no web address
  "$LUOSHI" warnings run --date 2019-02-15 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" escalate run --date 2019-02-15 --db "$TMP/e.db" >/dev/null || return 1
  expect_status 1 "$LUOSHI" outbox send --webhook "http://127.0.0.1:$PORT/hook" --db "$TMP/e.db" || return 1
  expect_contains "$("$LUOSHI" outbox list --state failed --json --db "$TMP/e.db" | jq -r '.[0].error')" "webhook:"
  expect_status 1 "$LUOSHI" outbox send --webhook "ftp://127.0.0.1/" --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "http:// or https://"
}
