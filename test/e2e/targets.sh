# End-to-end tests of targets (指标) with a baseline and a trajectory: a unit's latest value
# behind the straight line raises target-behind with the expected and actual figures, one on
# the line does not, decreasing targets work the same way, finished and merged items raise
# nothing, and bad input is refused with a clear message and changes nothing.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_targets() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/t.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/t.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/t.db" >/dev/null || return 1
  sql "$TMP/t.db" "update ledger_items set created_at='2018-07-01T00:00:00Z', deadline=NULL" || return 1
}

# 5G基站: 0 on 2018-07-01 to 50000 on 2022-12-31 (1644 days), on item $1; prints its id
add_5g() {
  "$LUOSHI" target add "$1" --name 5G基站 --unit 个 --baseline 0 --baseline-date 2018-07-01 \
    --target 50000 --target-date 2022-12-31 --db "$TMP/t.db" | sed -n 's/^target //p'
}

# the data of the target-behind warnings of item $1 on run date $2, compact JSON a line
behind() {
  "$LUOSHI" warnings run --date "$2" --db "$TMP/t.db" >/dev/null || return 1
  "$LUOSHI" warnings list --json --db "$TMP/t.db" >"$TMP/w.json" || return 1
  jq -c ".[] | select(.item==$1 and .rule==\"target-behind\") | .data" "$TMP/w.json"
}

t_increasing_target_behind_its_trajectory_warns() {
  setup_targets || return 1
  id=$(add_5g 1)
  expect_eq "$id" "1" "the target's id" || return 1
  # 2020-07-01 is day 731 of 1644: the line stands at 22232.36
  expect_status 0 "$LUOSHI" target report "$id" --value 15000 --as-of 2020-07-01 --db "$TMP/t.db" || return 1
  expect_eq "$(behind 1 2020-09-30)" '{"actual":15000,"as_of":"2020-07-01","expected":22232.36,"target":"5G基站"}' \
    "judged on the value's own date, not the run's" || return 1
  expect_eq "$(jq -r '.[] | select(.item==1 and .rule=="target-behind") | [.colour, .rules_version] | join(",")' "$TMP/w.json")" \
    "yellow,2018.4" || return 1
  expect_contains "$(jq -r '.[] | select(.item==1 and .rule=="target-behind") | .message' "$TMP/w.json")" \
    "指标滞后于目标进度：指标“5G基站”截至2020-07-01应达22232.36个，实际15000个" || return 1
  # a value dated after the run date is not yet known to that run
  "$LUOSHI" target report "$id" --value 40000 --as-of 2020-12-31 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 1 2020-09-30 | jq -r .actual)" "15000" "a later value is not read by an earlier run" || return 1
  expect_eq "$(behind 1 2021-01-05)" "" "the latest value, ahead of the line" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/t.db" || return 1
  expect_eq "$(sql "$TMP/t.db" "select group_concat(action) from (select action from audit_log where entity='target' order by seq) t")" "add,report,report" || return 1
}

t_on_trajectory_or_within_the_threshold_raises_nothing() {
  setup_targets || return 1
  id=$(add_5g 1)
  "$LUOSHI" target report "$id" --value 22300 --as-of 2020-07-01 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 1 2020-07-10)" "" "ahead of the line" || return 1
  # 10% of 50000 is 5000: 17300 is 4932.36 short, 17200 is 5032.36
  "$LUOSHI" target report "$id" --value 17300 --as-of 2020-07-01 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 1 2020-07-10)" "" "short by less than the threshold (the later report of the day counts)" || return 1
  "$LUOSHI" target report "$id" --value 17200 --as-of 2020-07-01 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 1 2020-07-10 | jq -r .actual)" "17200" "short by more than the threshold" || return 1
  # past the target date the line holds at the target
  "$LUOSHI" target report "$id" --value 44000 --as-of 2023-03-01 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 1 2023-03-10 | jq -r .expected)" "50000" "after the target date" || return 1
  expect_eq "$(jq -r '[.[] | select(.rule=="target-behind")] | length' "$TMP/w.json")" "1" "other items have no targets" || return 1
  "$LUOSHI" target list 1 --json --db "$TMP/t.db" >"$TMP/l.json" || return 1
  expect_eq "$(jq -c '[.[] | [.name, .unit, .baseline, .target, .value, .as_of]]' "$TMP/l.json")" \
    '[["5G基站","个",0,50000,44000,"2023-03-01"]]' || return 1
  expect_contains "$("$LUOSHI" target list --db "$TMP/t.db")" "actual 44000个 as of 2023-03-01" || return 1
}

t_decreasing_target_works_the_same_way() {
  setup_targets || return 1
  # 能耗: 100 on 2018-01-01 down to 80 on 2020-12-31 (1095 days); on 2019-07-02 (day 547) the
  # line stands at 90.01, and 10% of the distance is 2
  expect_status 0 "$LUOSHI" target add 2 --name 单位GDP能耗 --baseline 100 --baseline-date 2018-01-01 \
    --target 80 --target-date 2020-12-31 --db "$TMP/t.db" || return 1
  id=$(sed -n 's/^target //p' "$TMP/out")
  "$LUOSHI" target report "$id" --value 93 --as-of 2019-07-02 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 2 2019-07-10)" '{"actual":93,"as_of":"2019-07-02","expected":90.01,"target":"单位GDP能耗"}' || return 1
  "$LUOSHI" target report "$id" --value 91.5 --as-of 2019-07-02 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 2 2019-07-10)" "" "within the threshold" || return 1
  "$LUOSHI" target report "$id" --value 85 --as-of 2019-07-02 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 2 2019-07-10)" "" "ahead of a decreasing line (lower is better)" || return 1
  "$LUOSHI" target report "$id" --value 99.5 --as-of 2019-07-02 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 2 2019-07-10 | jq -r .actual)" "99.5" || return 1
}

t_finished_and_merged_items_raise_nothing() {
  setup_targets || return 1
  a=$(add_5g 1)
  b=$(add_5g 2)
  "$LUOSHI" target report "$a" --value 100 --as-of 2020-07-01 --db "$TMP/t.db" >/dev/null || return 1
  "$LUOSHI" target report "$b" --value 100 --as-of 2020-07-01 --db "$TMP/t.db" >/dev/null || return 1
  expect_eq "$(behind 1 2020-07-10 | wc -l)" "1" "before" || return 1
  expect_eq "$(behind 2 2020-07-10 | wc -l)" "1" "before" || return 1
  sql "$TMP/t.db" "update ledger_items set status='已完成' where id=1" || return 1
  sql "$TMP/t.db" "update ledger_items set merged_into=3 where id=2" || return 1
  expect_eq "$(behind 1 2020-07-10)" "" "a completed item" || return 1
  expect_eq "$(behind 2 2020-07-10)" "" "a merged item" || return 1
  sql "$TMP/t.db" "update ledger_items set status='已销号', merged_into=NULL" || return 1
  expect_eq "$(behind 2 2020-07-10)" "" "a closed item" || return 1
}

t_bad_targets_and_values_change_nothing() {
  setup_targets || return 1
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/t.db" >/dev/null || return 1
  other=$("$LUOSHI" ledger list 1 --json --db "$TMP/t.db" | jq -r '[.[] | select(.lead!="宜宾市人民政府" and .lead!=null)][0].id')
  id=$(add_5g "$other")
  before=$(sql "$TMP/t.db" "select count(*) from audit_log")
  rows() { sql "$TMP/t.db" "select (select count(*) from item_targets) || ',' || (select count(*) from target_values)"; }
  expect_eq "$(rows)" "1,0" || return 1
  expect_status 1 "$LUOSHI" target add 99999 --name 指标 --baseline 0 --baseline-date 2018-07-01 \
    --target 10 --target-date 2022-12-31 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no ledger item 99999" || return 1
  expect_status 1 "$LUOSHI" target add 1 --name 指标 --baseline 0 --baseline-date 2022-12-31 \
    --target 10 --target-date 2018-07-01 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "the target date 2018-07-01 is not after the baseline date 2022-12-31" || return 1
  expect_status 1 "$LUOSHI" target add 1 --name 指标 --baseline 0 --baseline-date 2018-02-30 \
    --target 10 --target-date 2022-12-31 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "not a date" || return 1
  expect_status 1 "$LUOSHI" target add 1 --name 指标 --baseline 0 --baseline-date 2018-07-01 \
    --target 10万 --target-date 2022-12-31 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "the target '10万' is not a number" || return 1
  expect_status 1 "$LUOSHI" target add 1 --name 指标 --baseline nan --baseline-date 2018-07-01 \
    --target 10 --target-date 2022-12-31 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "not a finite number" || return 1
  expect_status 1 "$LUOSHI" target add 1 --name 指标 --baseline 10 --baseline-date 2018-07-01 \
    --target 10 --target-date 2022-12-31 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no trajectory" || return 1
  expect_status 1 "$LUOSHI" target add 1 --name "$(printf '指标\001')" --baseline 0 --baseline-date 2018-07-01 \
    --target 10 --target-date 2022-12-31 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "control character" || return 1
  expect_status 1 "$LUOSHI" target add "$other" --name 指标 --baseline 0 --baseline-date 2018-07-01 \
    --target 10 --target-date 2022-12-31 --db "$TMP/t.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "may not review reports or change the ledger" || return 1
  expect_status 2 "$LUOSHI" target add 1 --name 指标 --baseline 0 --db "$TMP/t.db" || return 1
  expect_status 1 "$LUOSHI" target report "$id" --value abc --as-of 2020-07-01 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "the value 'abc' is not a number" || return 1
  expect_status 1 "$LUOSHI" target report "$id" --value 5 --as-of 2020-13-01 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "not a date" || return 1
  expect_status 1 "$LUOSHI" target report 99999 --value 5 --as-of 2020-07-01 --db "$TMP/t.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no target 99999" || return 1
  expect_status 1 "$LUOSHI" target report "$id" --value 5 --as-of 2020-07-01 --db "$TMP/t.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "$other" || return 1
  expect_eq "$(rows)" "1,0" "no row for a refused change" || return 1
  expect_eq "$(sql "$TMP/t.db" "select count(*) from audit_log")" "$before" "no audit entry for a refused change" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/t.db" || return 1
}
