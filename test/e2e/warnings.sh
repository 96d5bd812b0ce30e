# End-to-end tests of the warning rules: each colour from its rule, with the facts it used.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_warnings() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/w.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/w.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/w.db" >/dev/null || return 1
  sql "$TMP/w.db" "update ledger_items set created_at='2018-07-01T00:00:00Z', deadline=NULL" || return 1
  "$LUOSHI" ledger assign 1 --deadline 2019-06-30 --db "$TMP/w.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 2 --deadline 2018-12-31 --db "$TMP/w.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 3 --deadline 2019-04-12 --db "$TMP/w.db" >/dev/null || return 1
  "$LUOSHI" report file 1 --period 2019-03 --progress 60 --db "$TMP/w.db" >/dev/null || return 1
  "$LUOSHI" report submit 1 --db "$TMP/w.db" || return 1
  "$LUOSHI" warnings run --date 2019-03-29 --db "$TMP/w.db" >/dev/null || return 1
  "$LUOSHI" warnings list --json --db "$TMP/w.db" >"$TMP/w.json"
}

rules_of() { jq -r "[.[] | select(.item==$1) | .rule] | join(\",\")" "$TMP/w.json"; }

t_each_colour_from_its_rule() {
  setup_warnings || return 1
  expect_eq "$(rules_of 2)" "overdue,behind-far,no-report" "item past its deadline"
  expect_eq "$(rules_of 3)" "behind-far,no-report,due-soon" "item due in 9 working days"
  expect_eq "$(rules_of 1)" "behind" "item reported at 60% with 74% expected"
  expect_eq "$(rules_of 4)" "no-report" "item without deadline or report"
}

t_warnings_say_which_rule_and_facts() {
  setup_warnings || return 1
  expect_eq "$(jq -c '.[] | select(.item==1) | [.colour, .rules_version, .data]' "$TMP/w.json")" \
    '["yellow","2018.4",{"expected":74,"gap":14,"progress":60}]'
  # 清明 (2019-04-05) is no working day: 9 are left, not 10
  expect_eq "$(jq -r '.[] | select(.item==3 and .rule=="due-soon") | .data.workdays_left' "$TMP/w.json")" "9"
  expect_eq "$(jq -r '.[] | select(.item==2 and .rule=="overdue") | .data.days_over' "$TMP/w.json")" "88"
}

t_thresholds_are_data_an_office_can_change() {
  mkdir -p "$TMP/data/rules"
  sed -e 's/^version\t2018.4/version\t2019.2/' -e 's/^behind\tyellow\tbehind\t10/behind\tyellow\tbehind\t20/' \
    "$ROOT/data/rules/warnings.tsv" >"$TMP/data/rules/warnings.tsv"
  setup_warnings || return 1
  "$LUOSHI" warnings run --date 2019-03-29 --db "$TMP/w.db" --data-dir "$TMP/data" >/dev/null || return 1
  "$LUOSHI" warnings list --json --db "$TMP/w.db" >"$TMP/w2.json" || return 1
  expect_eq "$(jq -r '[.[] | select(.item==1)] | length' "$TMP/w2.json")" "0" "a 14-point gap under a 20-point rule"
  expect_eq "$(jq -r '[.[].rules_version] | unique | join(",")' "$TMP/w2.json")" "2019.2"
}

t_completed_items_raise_nothing_and_reruns_replace() {
  setup_warnings || return 1
  sql "$TMP/w.db" "update ledger_items set status='已完成' where id=2" || return 1
  n1=$(sql "$TMP/w.db" "select count(*) from warnings")
  "$LUOSHI" warnings run --date 2019-03-29 --db "$TMP/w.db" >/dev/null || return 1
  expect_eq "$(sql "$TMP/w.db" "select count(*) from warnings where item_id=2")" "0"
  expect_eq "$(sql "$TMP/w.db" "select count(*) from warnings")" "$((n1 - 3))"
  expect_status 1 "$LUOSHI" warnings run --date 2019-02-30 --db "$TMP/w.db" || return 1
  expect_contains "$(cat "$TMP/err")" "not a date"
}

t_red_makes_an_item_lagging_until_it_clears() {
  setup_warnings || return 1
  st() { sql "$TMP/w.db" "select status from ledger_items where id=$1"; }
  expect_eq "$(st 2)" "滞后" "item 2 overdue (red) on 2019-03-29" || return 1
  expect_eq "$(st 1)" "未启动" "item 1 only yellow" || return 1
  expect_eq "$(sql "$TMP/w.db" "select after from audit_log where action='compute' order by seq desc limit 1" | jq -c '.now_lagging | index(2) != null')" "true" || return 1
  # an earlier date does not move status back
  "$LUOSHI" warnings run --date 2018-08-01 --db "$TMP/w.db" >/dev/null || return 1
  expect_eq "$(st 2)" "滞后" "a rerun of an older date" || return 1
  # the deadline moved and progress accepted: no red on a later date, back to 推进中
  sql "$TMP/w.db" "update ledger_items set deadline='2019-12-31' where id=2" || return 1
  id=$("$LUOSHI" report file 2 --period 2019-04 --progress 60 --db "$TMP/w.db" | sed -n 's/^report //p')
  "$LUOSHI" report submit "$id" --db "$TMP/w.db" || return 1
  "$LUOSHI" report accept "$id" --db "$TMP/w.db" || return 1
  expect_eq "$(st 2)" "滞后" "acceptance alone does not clear 滞后" || return 1
  "$LUOSHI" warnings run --date 2019-04-10 --db "$TMP/w.db" >/dev/null || return 1
  expect_eq "$(st 2)" "推进中" "no red any more" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/w.db"
}
