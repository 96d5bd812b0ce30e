# End-to-end tests of milestones (节点) and report cycles: a missed milestone raises its warning
# and reaching it clears it; an item's own cycle and due day decide when "no report" fires and
# which reports are late; bad input changes nothing.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_milestones() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/m.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/m.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/m.db" >/dev/null || return 1
  sql "$TMP/m.db" "update ledger_items set created_at='2018-07-01T00:00:00Z', deadline=NULL" || return 1
}

# rules that fired for item $1 on date $2, comma-separated
fired() {
  "$LUOSHI" warnings run --date "$2" --db "$TMP/m.db" >/dev/null || return 1
  "$LUOSHI" warnings list --json --db "$TMP/m.db" >"$TMP/w.json" || return 1
  jq -r "[.[] | select(.item==$1) | .rule] | join(\",\")" "$TMP/w.json"
}

t_missed_milestone_warns_until_reached() {
  setup_milestones || return 1
  expect_status 0 "$LUOSHI" milestone add 1 --due 2019-03-15 --title 完成规划编制 --db "$TMP/m.db" || return 1
  first=$(sed -n 's/^milestone //p' "$TMP/out")
  expect_status 0 "$LUOSHI" milestone add 1 --due 2019-06-30 --title 项目开工 --db "$TMP/m.db" || return 1
  expect_eq "$(fired 1 2019-03-10)" "no-report" "before the milestone's date"
  expect_eq "$(fired 1 2019-03-29)" "no-report,milestone-missed" "two weeks after it"
  expect_eq "$(jq -c '.[] | select(.item==1 and .rule=="milestone-missed") | [.colour, .data]' "$TMP/w.json")" \
    '["yellow",{"days_over":14,"due":"2019-03-15","milestone":"完成规划编制"}]'
  expect_status 0 "$LUOSHI" milestone reach "$first" --on 2019-03-20 --db "$TMP/m.db" || return 1
  expect_eq "$(fired 1 2019-03-29)" "no-report" "the missed one reached, the next not yet due"
  expect_eq "$(fired 1 2019-07-03)" "no-report,milestone-missed" "the next one missed"
  expect_eq "$(jq -r '.[] | select(.item==1 and .rule=="milestone-missed") | .data.milestone' "$TMP/w.json")" "项目开工"
  "$LUOSHI" milestone list 1 --json --db "$TMP/m.db" >"$TMP/ms.json" || return 1
  expect_eq "$(jq -c '[.[] | [.title, .done_on]]' "$TMP/ms.json")" '[["完成规划编制","2019-03-20"],["项目开工",null]]'
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/m.db" || return 1
  expect_eq "$(sql "$TMP/m.db" "select group_concat(action) from (select action from audit_log where entity='milestone' order by seq) t")" "add,add,reach"
}

t_item_cycle_and_due_day_decide_no_report_and_late() {
  setup_milestones || return 1
  expect_status 0 "$LUOSHI" item cycle 4 quarter --due-day 10 --db "$TMP/m.db" || return 1
  expect_eq "$(fired 4 2019-02-20)" "" "a quarterly item in the quarter's second month"
  expect_eq "$(fired 4 2019-03-10)" "" "on its due day"
  expect_eq "$(fired 4 2019-03-11)" "no-report" "the day after"
  expect_eq "$(jq -c '.[] | select(.item==4) | .data' "$TMP/w.json")" '{"cycle":"quarter","due":"2019-03-10","period":"2019Q1"}'
  expect_eq "$(fired 5 2019-02-20)" "no-report" "an item on the rules' monthly default"
  # a report submitted after its due date is marked late; one before it is not
  "$LUOSHI" report file 4 --period 2019Q1 --progress 40 --db "$TMP/m.db" >/dev/null || return 1
  "$LUOSHI" report file 4 --period 2099Q4 --progress 50 --db "$TMP/m.db" >/dev/null || return 1
  for r in $("$LUOSHI" report list 4 --json --db "$TMP/m.db" | jq -r '.[].id'); do
    "$LUOSHI" report submit "$r" --db "$TMP/m.db" || return 1
  done
  expect_eq "$("$LUOSHI" report list 4 --json --db "$TMP/m.db" | jq -c '[.[] | [.period, .late]]')" \
    '[["2019Q1",true],["2099Q4",false]]'
  expect_contains "$("$LUOSHI" report list 4 --db "$TMP/m.db")" "late"
  expect_eq "$(fired 4 2019-03-29)" "" "reported for the quarter"
}

t_bad_milestones_and_cycles_change_nothing() {
  setup_milestones || return 1
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/m.db" >/dev/null || return 1
  other=$("$LUOSHI" ledger list 1 --json --db "$TMP/m.db" | jq -r '[.[] | select(.lead!="宜宾市人民政府" and .lead!=null)][0].id')
  before=$(sql "$TMP/m.db" "select count(*) from audit_log")
  expect_status 1 "$LUOSHI" milestone add 99999 --due 2019-03-15 --title 节点 --db "$TMP/m.db" || return 1
  expect_contains "$(cat "$TMP/err")" "99999"
  expect_status 1 "$LUOSHI" milestone add 1 --due 2019-02-30 --title 节点 --db "$TMP/m.db" || return 1
  expect_contains "$(cat "$TMP/err")" "not a date"
  expect_status 1 "$LUOSHI" milestone add 1 --due 2019-03-15 --title "$(printf '节点\001')" --db "$TMP/m.db" || return 1
  expect_contains "$(cat "$TMP/err")" "control character"
  expect_status 1 "$LUOSHI" milestone add 1 --due 2019-03-15 --title "$(printf '\377\376')" --db "$TMP/m.db" || return 1
  expect_contains "$(cat "$TMP/err")" "not UTF-8"
  expect_status 1 "$LUOSHI" milestone add 1 --due 2019-03-15 --title "$(head -c 400 /dev/zero | tr '\0' x)" --db "$TMP/m.db" || return 1
  expect_contains "$(cat "$TMP/err")" "at most 300 bytes"
  expect_status 1 "$LUOSHI" milestone add "$other" --due 2019-03-15 --title 节点 --db "$TMP/m.db" --as yb || return 1
  expect_status 1 "$LUOSHI" item cycle 1 weekly --db "$TMP/m.db" || return 1
  expect_contains "$(cat "$TMP/err")" "month or quarter"
  expect_status 1 "$LUOSHI" item cycle 1 month --due-day 31 --db "$TMP/m.db" || return 1
  expect_status 1 "$LUOSHI" item cycle 1 month --db "$TMP/m.db" --as yb || return 1
  expect_status 1 "$LUOSHI" milestone reach 99999 --db "$TMP/m.db" || return 1
  expect_eq "$(sql "$TMP/m.db" "select count(*) from milestones")" "0"
  expect_eq "$(sql "$TMP/m.db" "select count(*) from ledger_items where report_cycle is not null")" "0"
  expect_eq "$(sql "$TMP/m.db" "select count(*) from audit_log")" "$before" "no audit entry for a refused change"
  # reaching a milestone twice is refused
  "$LUOSHI" milestone add 1 --due 2019-03-15 --title 节点 --db "$TMP/m.db" >/dev/null || return 1
  "$LUOSHI" milestone reach 1 --on 2019-03-14 --db "$TMP/m.db" || return 1
  expect_status 1 "$LUOSHI" milestone reach 1 --on 2019-03-16 --db "$TMP/m.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no open milestone"
}
