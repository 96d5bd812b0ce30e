# End-to-end tests of escalation (催办 → 督办): the ladder gives each warned item the step its
# colour and days in warning reach, once per episode; notices go to the lead unit through the
# outbox and are delivered as mail files; a failed delivery stays for the next attempt.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_escalation() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/e.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/e.db" >/dev/null || return 1
  sql "$TMP/e.db" "update ledger_items set created_at='2018-07-01T00:00:00Z', deadline=NULL" || return 1
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
  sql "$TMP/e.db" "update ledger_items set deadline='2019-12-31' where id=2" || return 1
  "$LUOSHI" report file 2 --period 2019-03 --progress 60 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" report submit "$("$LUOSHI" report list 2 --json --db "$TMP/e.db" | jq -r '.[0].id')" --db "$TMP/e.db" || return 1
  escalate_on 2019-03-01 || return 1
  expect_eq "$(jq -r '[.[] | select(.item==2)] | length' <("$LUOSHI" warnings list --json --db "$TMP/e.db"))" "0" "no warning on 2019-03-01"
  sql "$TMP/e.db" "update ledger_items set deadline='2019-03-05' where id=2" || return 1
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

t_two_senders_at_once_deliver_each_notice_once() {
  setup_escalation || return 1
  for i in $(seq 3 40); do
    "$LUOSHI" ledger assign "$i" --lead 宜宾市人民政府 --deadline 2018-12-31 --db "$TMP/e.db" >/dev/null || return 1
  done
  escalate_on 2019-01-10 || return 1
  total=$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq length)
  expect_eq "$([ "$total" -ge 30 ] && echo many)" many "notices to send: $total" || return 1
  # one notice claimed a moment ago by a sender still at work: neither run takes it
  held=$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq -r '.[0].id')
  sql "$TMP/e.db" "update notices set claimed_by='other', claimed_at='$(date -u +%Y-%m-%dT%H:%M:%SZ)' where id=$held" || return 1
  mkdir -p "$TMP/a" "$TMP/b" || return 1
  "$LUOSHI" outbox send --dir "$TMP/a" --db "$TMP/e.db" >"$TMP/a.out" 2>&1 &
  pa=$!
  "$LUOSHI" outbox send --dir "$TMP/b" --db "$TMP/e.db" >"$TMP/b.out" 2>&1 &
  pb=$!
  wait "$pa" || fail "sender a: $(cat "$TMP/a.out")"
  wait "$pb" || fail "sender b: $(cat "$TMP/b.out")"
  na=$(ls "$TMP/a" | grep -c '\.eml$')
  nb=$(ls "$TMP/b" | grep -c '\.eml$')
  expect_eq "$((na + nb))" "$((total - 1))" "delivered by a ($na) and b ($nb), the held one left"
  expect_eq "$(cd "$TMP/a" && ls | grep '\.eml$' | sort >"$TMP/la"; cd "$TMP/b" && ls | grep '\.eml$' | sort >"$TMP/lb"; comm -12 "$TMP/la" "$TMP/lb" | wc -l)" 0 "a notice delivered twice"
  expect_eq "$("$LUOSHI" outbox list --state sent --json --db "$TMP/e.db" | jq '[.[] | select(.attempts==1)] | length')" "$((total - 1))"
  expect_eq "$(sql "$TMP/e.db" "select count(*) from notices where claimed_by is not null")" 1 "only the held claim remains"
  # a claim left by a sender that died long ago is taken over
  sql "$TMP/e.db" "update notices set claimed_at='2000-01-01T00:00:00Z' where id=$held" || return 1
  expect_status 0 "$LUOSHI" outbox send --dir "$TMP/a" --db "$TMP/e.db" || return 1
  expect_eq "$([ -f "$TMP/a/notice-$held.eml" ] && echo sent)" sent "the stale claim's notice"
  expect_eq "$("$LUOSHI" outbox list --state sent --json --db "$TMP/e.db" | jq length)" "$total"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/e.db"
}

t_only_the_office_escalates() {
  setup_escalation || return 1
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" warnings run --date 2019-01-10 --db "$TMP/e.db" >/dev/null || return 1
  expect_status 1 "$LUOSHI" escalate run --date 2019-01-10 --db "$TMP/e.db" --as yb || return 1
  expect_status 1 "$LUOSHI" outbox send --dir "$TMP" --db "$TMP/e.db" --as yb || return 1
  expect_status 1 "$LUOSHI" escalate run --date 2019-13-01 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "not a date"
  expect_eq "$(sql "$TMP/e.db" "select count(*) from notices")" "0"
}

# start the webhook receiver answering HTTP $2, its requests into file $1; sets PORT
start_hook() {
  coproc HOOK { "$BUILD_DIR/hook_server" "$1" "$2"; }
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

# ---- delivery by SMTP ---------------------------------------------------------------------------

# start the SMTP receiver writing messages into directory $1; sets PORT
start_sink() {
  mkdir -p "$1" || return 1
  coproc SINK { "$BUILD_DIR/smtp_sink" "$1"; }
  read -r PORT <&"${SINK[0]}"
  [ -n "$PORT" ] && [ "$PORT" != 0 ]
}
stop_sink() {
  local pid=$SINK_PID
  eval "exec ${SINK[1]}>&-"
  wait "$pid"
}

# the received message (file) of item $2 in directory $1
mail_of_item() {
  grep -l "^X-Luoshi-Item: $2"$'\r'"\$" "$1"/*.eml
}
# the RFC 2047 words of header $2 in message $1, decoded
decoded_header() {
  sed -n "/^$2:/,/^[A-Z]/p" "$1" | sed '$d' | grep -o '=?UTF-8?B?[^?]*?=' |
    sed 's/=?UTF-8?B?//; s/?=//' | while read -r w; do printf '%s' "$w" | base64 -d; done
}
# the body of message $1, base64 decoded, LF line ends
decoded_body() {
  sed '1,/^\r$/d' "$1" | tr -d '\r' | base64 -d | tr -d '\r'
}
notice_field() {
  "$LUOSHI" outbox list --json --db "$TMP/e.db" | jq -r ".[] | select(.item==$1) | .$2"
}

# items 2 (宜宾, red) and 3 (德阳) escalated on 2019-01-10, both units with an address
setup_smtp() {
  setup_escalation || return 1
  "$LUOSHI" ledger assign 3 --lead 德阳市人民政府 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" unit email 宜宾市人民政府 duban@yibin.gov.cn --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" unit email 德阳市人民政府 ban@deyang.gov.cn --db "$TMP/e.db" >/dev/null || return 1
  escalate_on 2019-01-10 || return 1
}

t_smtp_delivers_each_notice_to_its_units_address() {
  setup_smtp || return 1
  mine=$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq '[.[] | select(.unit_name=="宜宾市人民政府" or .unit_name=="德阳市人民政府")] | length')
  [ "$mine" -ge 2 ] || { fail "only $mine notices for the two units"; return 1; }
  start_sink "$TMP/mail" || return 1
  # the other units have no address: those notices fail, so the send exits 1
  expect_status 1 "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --from duban@sc.gov.cn --db "$TMP/e.db"
  stop_sink
  expect_contains "$(cat "$TMP/out")" "$mine notice(s) delivered to smtp://127.0.0.1:$PORT"
  expect_eq "$(ls "$TMP/mail" | grep -c '\.eml$')" "$mine" "one message per notice of a unit with an address"
  m=$(mail_of_item "$TMP/mail" 2)
  [ -n "$m" ] || { fail "no message for item 2"; return 1; }
  expect_eq "$(head -n 1 "$m" | tr -d '\r')" "X-Envelope-To: duban@yibin.gov.cn"
  expect_eq "$(sed -n 2p "$m" | tr -d '\r')" "X-Envelope-From: duban@sc.gov.cn"
  expect_contains "$(grep '^To:' "$m")" "<duban@yibin.gov.cn>"
  expect_contains "$(grep '^From:' "$m")" "<duban@sc.gov.cn>"
  expect_contains "$(cat "$m")" "Content-Type: text/plain; charset=UTF-8"
  expect_contains "$(cat "$m")" "Content-Transfer-Encoding: base64"
  expect_contains "$(cat "$m")" "MIME-Version: 1.0"
  expect_contains "$(grep '^Message-ID:' "$m")" "@sc.gov.cn>"
  expect_eq "$(grep -c '^Date: [A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] 20[0-9][0-9] ' "$m")" "1" "a Date header"
  # every header is ASCII; the Chinese is in encoded words
  expect_eq "$(sed '/^\r$/q' "$m" | LC_ALL=C grep -c '[^ -~'$'\r'$'\t'']')" "0" "non-ASCII in the headers"
  expect_eq "$(decoded_header "$m" Subject)" "$(notice_field 2 subject)"
  expect_contains "$(decoded_header "$m" Subject)" "第0-2项"
  expect_eq "$(decoded_header "$m" To)" "宜宾市人民政府"
  expect_eq "$(decoded_header "$m" From)" "落实督办系统"
  body=$(decoded_body "$m")
  expect_contains "$body" "宜宾市人民政府："
  expect_contains "$body" "第0-2项"
  expect_eq "$body" "$(notice_field 2 body)" "the body decodes to the notice's text"
  # base64 lines are at most 76 characters
  expect_eq "$(sed '1,/^\r$/d' "$m" | tr -d '\r' | awk 'length > 76' | wc -l)" "0"
  expect_eq "$(head -n 1 "$(mail_of_item "$TMP/mail" 3)" | tr -d '\r')" "X-Envelope-To: ban@deyang.gov.cn"
  expect_eq "$(notice_field 2 state)" "sent"
  expect_contains "$(notice_field 2 sent_at)" "T"
  expect_eq "$("$LUOSHI" outbox list --state sent --json --db "$TMP/e.db" | jq length)" "$mine"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/e.db" || return 1
}

t_smtp_leaves_a_unit_without_address_unsent_with_the_reason() {
  setup_smtp || return 1
  "$LUOSHI" unit email 德阳市人民政府 "" --db "$TMP/e.db" >/dev/null || return 1
  expect_contains "$("$LUOSHI" unit email 德阳市人民政府 --db "$TMP/e.db")" "no mail address"
  start_sink "$TMP/mail" || return 1
  expect_status 1 "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --db "$TMP/e.db"
  stop_sink
  expect_contains "$(cat "$TMP/err")" "could not be delivered"
  expect_eq "$(notice_field 3 state)" "failed"
  expect_contains "$(notice_field 3 error)" "德阳市人民政府 has no mail address"
  expect_eq "$(notice_field 3 sent_at)" "null"
  expect_eq "$(grep -l 'X-Luoshi-Item: 3'$'\r' "$TMP/mail"/*.eml | wc -l)" "0" "nothing sent for item 3"
  expect_eq "$(notice_field 2 state)" "sent"
  # the default sender
  expect_contains "$(grep '^From:' "$(mail_of_item "$TMP/mail" 2)")" "<noreply@luoshi.invalid>"
}

t_smtp_rejected_recipient_stays_unsent_until_fixed() {
  setup_smtp || return 1
  "$LUOSHI" unit email 德阳市人民政府 nobody@reject.test --db "$TMP/e.db" >/dev/null || return 1
  start_sink "$TMP/mail" || return 1
  expect_status 1 "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --db "$TMP/e.db" || { stop_sink; return 1; }
  expect_eq "$(notice_field 3 state)" "failed"
  expect_contains "$(notice_field 3 error)" "refused nobody@reject.test (550)"
  expect_eq "$(grep -l 'X-Luoshi-Item: 3'$'\r' "$TMP/mail"/*.eml | wc -l)" "0"
  expect_eq "$(notice_field 2 state)" "sent" "a refusal does not stop the others"
  # a corrected address: the next send delivers it, once
  "$LUOSHI" unit email 德阳市人民政府 ban@deyang.gov.cn --db "$TMP/e.db" >/dev/null || { stop_sink; return 1; }
  "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --db "$TMP/e.db" >/dev/null 2>&1
  stop_sink
  expect_eq "$(notice_field 3 state)" "sent"
  expect_eq "$(notice_field 3 attempts)" "2"
  expect_eq "$(grep -l 'X-Luoshi-Item: 3'$'\r' "$TMP/mail"/*.eml | wc -l)" "1"
}

t_smtp_sending_twice_sends_nothing_the_second_time() {
  setup_smtp || return 1
  # only the two units' notices remain unsent (the others count as sent already)
  ids=$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq -r '[.[] | select(.unit_name=="宜宾市人民政府" or .unit_name=="德阳市人民政府") | .id] | join(",")')
  sql "$TMP/e.db" "update notices set state='sent', sent_at='2019-01-10T00:00:00Z' where id not in ($ids)" || return 1
  n=$(echo "$ids" | tr ',' '\n' | wc -l)
  start_sink "$TMP/mail" || return 1
  expect_status 0 "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --json --db "$TMP/e.db" || { stop_sink; return 1; }
  expect_eq "$(jq -c . "$TMP/out")" "{\"delivered\":$n,\"failed\":0}"
  expect_status 0 "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --db "$TMP/e.db"
  stop_sink
  expect_contains "$(cat "$TMP/out")" "0 notice(s) delivered"
  expect_eq "$(ls "$TMP/mail" | grep -c '\.eml$')" "$n" "the second send sends nothing"
}

t_smtp_refuses_bad_urls_senders_and_no_server() {
  setup_smtp || return 1
  expect_status 1 "$LUOSHI" outbox send --smtp "http://127.0.0.1:25" --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "smtp:// or smtps://"
  expect_status 1 "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:25" --from 'a@b.c>'$'\r\n''RCPT TO:<x@y.z' --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "--from is not a mail address"
  expect_status 2 "$LUOSHI" outbox send --dir "$TMP" --from a@b.c --db "$TMP/e.db" || return 1
  expect_eq "$("$LUOSHI" outbox list --state pending --json --db "$TMP/e.db" | jq length)" \
    "$("$LUOSHI" outbox list --json --db "$TMP/e.db" | jq length)" "nothing attempted"
  # no server listening: the notices fail with the reason and stay
  start_sink "$TMP/mail" || return 1
  stop_sink
  expect_status 1 "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --db "$TMP/e.db" || return 1
  expect_eq "$(notice_field 2 state)" "failed"
  expect_contains "$(notice_field 2 error)" "smtp: "
  # only the office sends
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/e.db" >/dev/null || return 1
  expect_status 1 "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --db "$TMP/e.db" --as yb || return 1
}

t_unit_email_refuses_line_breaks_and_non_addresses() {
  setup_escalation || return 1
  for bad in $'a@b.c\r\nBcc: x@y.z' $'a@b.c\nBcc: x@y.z' 'a b@c.d' '<a@b.c>' 'a@b@c.d' 'noat' '@b.c' 'a@' \
    'a@b.c,d@e.f' '"x"@b.c' "$(printf 'a%.0s' $(seq 250))@b.cn" '宜宾@yibin.gov.cn'; do
    expect_status 1 "$LUOSHI" unit email 宜宾市人民政府 "$bad" --db "$TMP/e.db" || return 1
    expect_contains "$(cat "$TMP/err")" "not a mail address"
  done
  expect_eq "$(sql "$TMP/e.db" "select count(*) from units where email is not null")" "0"
  expect_status 1 "$LUOSHI" unit email 没有这个单位 a@b.cn --db "$TMP/e.db" || return 1
  expect_status 0 "$LUOSHI" unit email 宜宾市人民政府 duban@yibin.gov.cn --json --db "$TMP/e.db" || return 1
  expect_eq "$(jq -r .email "$TMP/out")" "duban@yibin.gov.cn"
  expect_eq "$(sql "$TMP/e.db" "select count(*) from audit_log where action='email' and entity='unit'")" "1" "audited"
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/e.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/e.db" || return 1
}

t_smtp_keeps_line_breaks_out_of_headers() {
  setup_escalation || return 1
  # a unit whose name holds CR/LF and a header, and an address, written behind the store's back
  # (`unit add` refuses such a name)
  "$LUOSHI" unit add 坏单位 other --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 3 --lead 坏单位 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" unit email 坏单位 bad@unit.test --db "$TMP/e.db" >/dev/null || return 1
  sql "$TMP/e.db" "update units set name='坏单位"$'\r\n'"Bcc: evil@evil.test' where name='坏单位'" || return 1
  "$LUOSHI" unit email 宜宾市人民政府 duban@yibin.gov.cn --db "$TMP/e.db" >/dev/null || return 1
  sql "$TMP/e.db" "update units set email='duban@yibin.gov.cn"$'\r\n'"Bcc: evil@evil.test' where name='宜宾市人民政府'" || return 1
  escalate_on 2019-01-10 || return 1
  start_sink "$TMP/mail" || return 1
  "$LUOSHI" outbox send --smtp "smtp://127.0.0.1:$PORT" --db "$TMP/e.db" >/dev/null 2>&1
  stop_sink
  expect_eq "$(notice_field 2 state)" "failed"
  expect_contains "$(notice_field 2 error)" "not valid"
  m=$(mail_of_item "$TMP/mail" 3)
  [ -n "$m" ] || { fail "no message for item 3"; return 1; }
  expect_eq "$(ls "$TMP/mail" | grep -c '\.eml$')" "1" "only the one valid notice"
  expect_eq "$(head -n 1 "$m" | tr -d '\r')" "X-Envelope-To: bad@unit.test"
  expect_eq "$(grep -ci '^Bcc:' "$m")" "0" "no injected header"
  expect_eq "$(decoded_header "$m" To)" $'坏单位\r\nBcc: evil@evil.test' "the name survives, encoded"
}
