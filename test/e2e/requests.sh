# End-to-end tests of extensions, close-outs, fault tolerance, reopening and accountability.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_requests() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/r.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 7 --lead 宜宾 --deadline 2019-06-30 --db "$TMP/r.db" >/dev/null || return 1
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/r.db" >/dev/null || return 1
  echo 'pass-word-2' | "$LUOSHI" user add sup 督查员 supervisor --unit 省委办公厅 --db "$TMP/r.db" >/dev/null
}

t_extension_only_before_the_deadline_and_later() {
  setup_requests || return 1
  expect_status 1 "$LUOSHI" request extension 7 --to 2019-12-31 --reason 征地延误 --date 2019-07-02 --db "$TMP/r.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "has passed"
  expect_status 1 "$LUOSHI" request extension 7 --to 2019-05-31 --reason 征地延误 --date 2019-05-01 --db "$TMP/r.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "later"
  expect_status 0 "$LUOSHI" request extension 7 --to 2019-12-31 --reason 征地延误 --date 2019-05-01 --db "$TMP/r.db" --as yb || return 1
  expect_status 1 "$LUOSHI" request extension 7 --to 2020-03-31 --reason 再延 --date 2019-05-02 --db "$TMP/r.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "pending extension request already"
  expect_status 1 "$LUOSHI" request approve 1 --db "$TMP/r.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "may not review"
  expect_status 0 "$LUOSHI" request approve 1 --db "$TMP/r.db" --as sup || return 1
  expect_eq "$(sql "$TMP/r.db" 'select deadline from ledger_items where id=7')" "2019-12-31"
}

t_closeout_needs_evidence_and_a_verdict_and_can_be_reopened() {
  setup_requests || return 1
  expect_status 1 "$LUOSHI" request closeout 7 --reason 已完成 --db "$TMP/r.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "needs evidence"
  printf '验收报告' >"$TMP/acceptance.txt"
  "$LUOSHI" report file 7 --period 2019-06 --progress 100 --evidence "$TMP/acceptance.txt" --db "$TMP/r.db" --as yb >/dev/null || return 1
  expect_status 0 "$LUOSHI" request closeout 7 --reason 已完成 --db "$TMP/r.db" --as yb || return 1
  id=$(sed -n 's/^request //p' "$TMP/out")
  expect_status 1 "$LUOSHI" request approve "$id" --db "$TMP/r.db" --as sup || return 1
  expect_contains "$(cat "$TMP/err")" "needs a verdict"
  expect_status 0 "$LUOSHI" request approve "$id" --verdict achieved --note 验收合格 --db "$TMP/r.db" --as sup || return 1
  expect_eq "$(sql "$TMP/r.db" 'select status||verdict from ledger_items where id=7')" "已销号achieved"
  expect_status 0 "$LUOSHI" item reopen 7 --reason 复查发现问题 --db "$TMP/r.db" --as sup || return 1
  expect_eq "$(sql "$TMP/r.db" "select status||coalesce(verdict,'-') from ledger_items where id=7")" "推进中-"
  expect_status 1 "$LUOSHI" item reopen 7 --reason 再开 --db "$TMP/r.db" --as sup || return 1
}

t_tolerance_records_each_condition_and_rejections_say_why() {
  setup_requests || return 1
  expect_status 1 "$LUOSHI" request tolerance 7 --period 2019Q2 --claims policy,bogus --reason 先行先试 --db "$TMP/r.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "'bogus' is no condition"
  expect_status 0 "$LUOSHI" request tolerance 7 --period 2019Q2 --claims policy,law,procedure,no-gain --reason 先行先试 --db "$TMP/r.db" --as yb || return 1
  expect_eq "$(sql "$TMP/r.db" "select checklist from requests where kind='tolerance'")" \
    '{"law":true,"no-gain":true,"policy":true,"procedure":true,"remedy":false}'
  expect_status 1 "$LUOSHI" request reject 1 --db "$TMP/r.db" --as sup || return 1
  expect_contains "$(cat "$TMP/err")" "needs a note"
  expect_status 0 "$LUOSHI" request reject 1 --note 未主动挽回损失 --db "$TMP/r.db" --as sup || return 1
  expect_eq "$(sql "$TMP/r.db" "select state from requests where id=1")" "rejected"
}

t_accountability_records_and_the_chain() {
  setup_requests || return 1
  expect_status 0 "$LUOSHI" accountability add 7 --kind 约谈 --unit 宜宾 --person 某某 --reason 进度滞后 --db "$TMP/r.db" --as sup || return 1
  expect_status 1 "$LUOSHI" accountability add 7 --kind 警告 --reason x --db "$TMP/r.db" --as sup || return 1
  expect_status 1 "$LUOSHI" accountability add 7 --kind 约谈 --reason x --db "$TMP/r.db" --as yb || return 1
  expect_eq "$(sql "$TMP/r.db" "select a.kind||' '||u.name from accountability a join units u on u.id=a.unit_id")" "约谈 宜宾市人民政府"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/r.db" || return 1
}
