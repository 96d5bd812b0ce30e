# End-to-end tests of recurring deadlines (每年/每半年/每季度/每月): assigning them, reading them
# from a task-division table's 完成时限, and the warning rules over their occurrences.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

# items entered the ledger on 2019-01-01 without deadlines; item 1 recurs quarterly and reports
# quarterly; item 2 has a fixed deadline (the control for the behind rules)
setup_recurrence() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/r.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/r.db" >/dev/null || return 1
  sql "$TMP/r.db" "update ledger_items set created_at='2019-01-01T00:00:00Z', deadline=NULL" || return 1
  "$LUOSHI" ledger assign 1 --recurring quarter --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" item cycle 1 quarter --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 2 --deadline 2019-12-31 --db "$TMP/r.db" >/dev/null || return 1
}

# warnings_of ITEM DATE: run the rules for DATE, print ITEM's warnings as JSON lines
warnings_of() {
  "$LUOSHI" warnings run --date "$2" --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" warnings list --date "$2" --json --db "$TMP/r.db" | jq -c ".[] | select(.item==$1)"
}

recurrence_of() {
  "$LUOSHI" ledger list 1 --json --db "$TMP/r.db" | jq -r ".[] | select(.id==$1) | .recurrence"
}

t_missed_quarter_is_red_until_reported_then_blue_before_the_next() {
  setup_recurrence || return 1
  expect_eq "$(recurrence_of 1)" "quarter" || return 1
  w=$(warnings_of 1 2019-04-05) || return 1
  expect_eq "$(echo "$w" | jq -r 'select(.rule=="overdue") | .colour')" "red" "no report for 2019Q1" || return 1
  expect_eq "$(echo "$w" | jq -c 'select(.rule=="overdue") | .data')" \
    '{"days_over":5,"occurrence":"2019-03-31","period":"2019Q1","recurrence":"quarter"}' || return 1
  expect_contains "$(echo "$w" | jq -r 'select(.rule=="overdue") | .message')" "2019-03-31（每季度末）未见2019Q1报送" || return 1
  expect_eq "$(sql "$TMP/r.db" "select status from ledger_items where id=1")" "滞后" || return 1
  # a draft is no report; a submitted one for the quarter is
  id=$("$LUOSHI" report file 1 --period 2019Q1 --progress 30 --db "$TMP/r.db" | sed -n 's/^report //p')
  expect_eq "$(warnings_of 1 2019-04-05 | jq -r 'select(.rule=="overdue") | .colour')" "red" "a draft" || return 1
  "$LUOSHI" report submit "$id" --db "$TMP/r.db" || return 1
  expect_eq "$(warnings_of 1 2019-04-05 | jq -r 'select(.colour=="red") | .rule')" "" "reported for 2019Q1" || return 1
  expect_eq "$(sql "$TMP/r.db" "select status from ledger_items where id=1")" "未启动" "no longer 滞后" || return 1
  w=$(warnings_of 1 2019-06-25) || return 1
  expect_eq "$(echo "$w" | jq -r 'select(.colour=="red") | .rule')" "" || return 1
  expect_eq "$(echo "$w" | jq -c 'select(.rule=="due-soon") | [.colour, .data.occurrence, .data.workdays_left]')" \
    '["blue","2019-06-30",3]' "due soon before 2019-06-30" || return 1
  # well before the next occurrence: no blue; a report for 2019Q2 silences it too
  expect_eq "$(warnings_of 1 2019-05-06 | jq -r 'select(.rule=="due-soon") | .rule')" "" || return 1
  id=$("$LUOSHI" report file 1 --period 2019Q2 --progress 50 --db "$TMP/r.db" | sed -n 's/^report //p')
  "$LUOSHI" report submit "$id" --db "$TMP/r.db" || return 1
  expect_eq "$(warnings_of 1 2019-06-25 | jq -r 'select(.rule=="due-soon") | .rule')" "" "2019Q2 reported" || return 1
  # the next quarter missed: red again, naming its occurrence
  w=$(warnings_of 1 2019-10-08) || return 1
  expect_eq "$(echo "$w" | jq -r 'select(.rule=="overdue") | .data.occurrence')" "2019-09-30" || return 1
  expect_eq "$(echo "$w" | jq -r '.rules_version' | sort -u)" "2018.4" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/r.db"
}

t_behind_rules_never_fire_for_a_recurring_item() {
  setup_recurrence || return 1
  # the same fixed deadline on both: item 2 falls behind 序时进度, item 1 recurs and does not
  "$LUOSHI" ledger assign 1 --deadline 2019-12-31 --db "$TMP/r.db" >/dev/null || return 1
  for d in 2019-04-05 2019-08-20 2019-11-29; do
    expect_eq "$(warnings_of 1 $d | jq -r 'select(.rule|startswith("behind")) | .rule')" "" "item 1 on $d" || return 1
    expect_contains "$(warnings_of 2 $d | jq -r '.rule')" "behind" "item 2 on $d" || return 1
  done
  # the fixed deadline is not read while it recurs: no dated overdue after 2019-12-31 either
  expect_eq "$(warnings_of 1 2020-01-10 | jq -r 'select(.rule=="overdue") | .data.occurrence')" "2019-12-31" || return 1
  # cleared: the item is dated again, and behind applies
  "$LUOSHI" ledger assign 1 --recurring none --db "$TMP/r.db" >/dev/null || return 1
  expect_eq "$(recurrence_of 1)" "null" || return 1
  expect_contains "$(warnings_of 1 2019-11-29 | jq -r '.rule')" "behind" || return 1
}

t_forms_year_half_month_and_the_last_occurrence_before_the_item() {
  setup_recurrence || return 1
  "$LUOSHI" ledger assign 3 --recurring year:12-31 --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 4 --recurring half --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 5 --recurring month:10 --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 6 --recurring month:0 --db "$TMP/r.db" >/dev/null || return 1
  # 2018-12-31 falls before the items entered the ledger (2019-01-01): it is not missed
  expect_eq "$(warnings_of 3 2019-04-05 | jq -r 'select(.rule=="overdue") | .rule')" "" "year:12-31" || return 1
  expect_eq "$(warnings_of 4 2019-07-02 | jq -r 'select(.rule=="overdue") | .data.occurrence')" "2019-06-30" || return 1
  # month:10 under the rules' default monthly period: 2019-04-10 belongs to 2019-04
  expect_eq "$(warnings_of 5 2019-04-11 | jq -c 'select(.rule=="overdue") | [.data.occurrence, .data.period]')" \
    '["2019-04-10","2019-04"]' || return 1
  expect_eq "$(warnings_of 6 2019-02-27 | jq -r 'select(.rule=="due-soon") | .data.occurrence')" "2019-02-28" || return 1
  expect_eq "$(warnings_of 3 2019-12-20 | jq -r 'select(.rule=="due-soon") | .data.occurrence')" "2019-12-31" || return 1
  expect_eq "$(recurrence_of 3),$(recurrence_of 4),$(recurrence_of 5),$(recurrence_of 6)" \
    "year:12-31,half,month:10,month:0" || return 1
}

t_bad_recurrences_are_refused_and_change_nothing() {
  setup_recurrence || return 1
  n=$(sql "$TMP/r.db" "select count(*) from audit_log")
  for bad in yearly:13-45 year:13-01 year:02-30 month:32 weekly 'quarter;drop' ''$'\n''x'; do
    expect_status 1 "$LUOSHI" ledger assign 1 --recurring "$bad" --lead 省发展改革委 --db "$TMP/r.db" || return 1
    expect_contains "$(cat "$TMP/err")" "is not a recurrence: write year:MM-DD" || return 1
  done
  expect_contains "$(cat "$TMP/err")" "'(the value given)'" "a line break is not repeated" || return 1
  expect_status 1 "$LUOSHI" ledger assign 1 --recurring yearly:13-45 --db "$TMP/r.db" || return 1
  expect_contains "$(cat "$TMP/err")" "'yearly:13-45' is not a recurrence" || return 1
  expect_eq "$(recurrence_of 1)" "quarter" "unchanged" || return 1
  expect_eq "$(sql "$TMP/r.db" "select coalesce(lead_unit_id,0) from ledger_items where id=1")" "0" "no assignment either" || return 1
  expect_eq "$(sql "$TMP/r.db" "select count(*) from audit_log")" "$n" "no audit entry" || return 1
  expect_status 1 "$LUOSHI" ledger assign 99999 --recurring quarter --db "$TMP/r.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no ledger item 99999" || return 1
  # the database refuses a malformed value written behind the store's back
  if sql "$TMP/r.db" "update ledger_items set recurrence='yearly' where id=2" 2>/dev/null; then
    fail "the CHECK let 'yearly' in"
    return 1
  fi
  # a good one is canonical and audited with before and after
  "$LUOSHI" ledger assign 2 --recurring month:05 --db "$TMP/r.db" >/dev/null || return 1
  expect_eq "$(recurrence_of 2)" "month:5" || return 1
  expect_eq "$(sql "$TMP/r.db" "select before || after from audit_log where action='recurrence' and entity_id=2")" \
    '{"recurrence":null}{"recurrence":"month:5"}' || return 1
  # reporters may not set it
  echo 'pass-word-1' | "$LUOSHI" user add fg 发改填报员 reporter --unit 省发展改革委 --db "$TMP/r.db" >/dev/null || return 1
  expect_status 1 "$LUOSHI" ledger assign 2 --recurring quarter --as fg --db "$TMP/r.db" || return 1
  expect_eq "$(recurrence_of 2)" "month:5" || return 1
}

t_table_deadlines_give_recurrences_and_dates_stay_dates() {
  printf '%s\n' '序号,工作任务,牵头单位,完成时限' \
    '1,建立重大项目储备库并滚动更新,省发展改革委,每季度末' \
    '2,编制年度重点项目计划,省发展改革委,每年年底前' \
    '3,出台川南一体化发展指导意见,省发展改革委,2019年6月底前' \
    '4,持续纠治“四风”,省纪委监委,长期坚持' \
    '5,开展安全生产隐患排查,省应急管理厅,每月１０日前' \
    '6,开展营商环境评估,省发展改革委,每半年' >"$TMP/plan.csv"
  "$LUOSHI" import "$TMP/plan.csv" --db "$TMP/c.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/c.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/c.db" >/dev/null || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/c.db" >"$TMP/l.json" || return 1
  expect_eq "$(jq -r '.[] | [.number, .deadline, (.recurrence // "-")] | join(" ")' "$TMP/l.json")" \
    "1-1  quarter
2-1  year:12-31
3-1 2019-06-30 -
4-1  -
5-1  month:10
6-1  half" || return 1
  expect_eq "$(sql "$TMP/c.db" "select count(*) from audit_log where action='recurrence'")" "4" "each audited" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/c.db"
}

# The web shows a recurring item's 完成时限 as the office writes it, not as 长期坚持: its page,
# the ledger list and the ledger's CSV; an item with neither date nor recurrence stays 长期坚持.
t_the_web_shows_a_recurring_deadline_in_words() {
  setup_recurrence || return 1
  "$LUOSHI" ledger assign 3 --recurring month:10 --db "$TMP/r.db" >/dev/null || return 1
  echo 'pass-word-1' | "$LUOSHI" user add sup 督查员 supervisor --db "$TMP/r.db" >/dev/null || return 1
  DB="$TMP/r.db"
  web_login sup pass-word-1 || return 1
  web_req GET /items/1
  expect_eq "$WEB_STATUS" 200 || return 1
  expect_contains "$(cat "$TMP/body")" "<dd>每季度末</dd>" || return 1
  web_req GET /items/4
  expect_contains "$(cat "$TMP/body")" "<dd>长期坚持</dd>" || return 1
  web_req GET '/ledger?limit=5'
  expect_contains "$(cat "$TMP/body")" ">每季度末</td>" || return 1
  expect_contains "$(cat "$TMP/body")" ">每月10日前</td>" || return 1
  web_req GET /ledger.csv
  expect_eq "$WEB_STATUS" 200 || return 1
  expect_contains "$(sed -n 2p "$TMP/body")" ",每季度末," || return 1
}

