# The whole cycle on the sample decision, as an office runs it: ledger, assignment, a cascade
# three levels deep, two report cycles with a return, warnings of every colour from the right
# rule, an extension, a close-out, fault tolerance, an accountability record; the history
# verifies, and a tampered row is found.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

t_the_whole_cycle_on_the_sample_decision() {
  db="$TMP/s.db"
  L() { "$LUOSHI" "$@" --db "$db"; }
  L import "$SAMPLE" --quiet 2>/dev/null || return 1
  L unit seed >/dev/null || return 1
  echo 'pass-word-1' | L user add sup 督查员 supervisor --unit 省委办公厅 >/dev/null || return 1
  echo 'pass-word-2' | L user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  L ledger create 1 --as sup >/dev/null || return 1
  sql "$db" "update ledger_items set created_at='2019-01-01T00:00:00Z'" || return 1
  item=$(L ledger list 1 --json | jq -r '.[] | select(.text|startswith("支持宜宾建设长江上游")) | .id')
  [ -n "$item" ] || { fail "no item for 支持宜宾建设长江上游区域中心城市"; return 1; }
  L ledger assign "$item" --leader 分管副省长 --cooperating 省交通运输厅 --deadline 2019-06-30 --as sup || return 1
  # cascade: city -> two districts -> a township office under one of them
  L ledger split "$item" --unit 翠屏区人民政府 --unit 叙州区人民政府 --as yb || return 1
  child=$(sql "$db" "select min(id) from ledger_items where parent_id=$item")
  L unit add 翠屏区白沙湾街道办事处 other --parent 翠屏区人民政府 >/dev/null || return 1
  L ledger split "$child" --unit 翠屏区白沙湾街道办事处 --as yb || return 1
  expect_eq "$(L ledger tree "$item" --json | jq 'map(.number) | length')" "4" "three levels"
  # cycle 1: a report returned, resubmitted, accepted
  printf '规划初稿' >"$TMP/draft.txt"
  L report file "$item" --period 2019-02 --progress 20 --evidence "$TMP/draft.txt" --as yb >/dev/null || return 1
  L report submit 1 --as yb || return 1
  L report return 1 --reason 佐证不足 --as sup || return 1
  L report file "$item" --period 2019-02 --progress 25 --as yb >/dev/null || return 1
  L report submit 1 --as yb || return 1
  L report accept 1 --as sup || return 1
  # cycle 2
  L report file "$item" --period 2019-03 --progress 40 --as yb >/dev/null || return 1
  L report submit 2 --as yb || return 1
  L report accept 2 --as sup || return 1
  # warnings of each colour, each from its rule
  other=$(L ledger list 1 --json | jq -r '[.[] | select(.id != '"$item"')][0].id')
  L ledger assign "$other" --deadline 2019-02-28 --as sup || return 1
  L warnings run --date 2019-06-20 --as sup >/dev/null || return 1
  L warnings list --json >"$TMP/w.json" || return 1
  expect_eq "$(jq -r "[.[] | select(.item==$item) | \"\(.colour):\(.rule)\"] | join(\",\")" "$TMP/w.json")" \
    "red:behind-far,yellow:no-report,blue:due-soon"
  expect_eq "$(jq -r "[.[] | select(.item==$other and .colour==\"red\") | .rule] | join(\",\")" "$TMP/w.json")" \
    "overdue,behind-far"
  # an extension before the deadline, approved
  L request extension "$item" --to 2019-12-31 --reason 征地延误 --date 2019-06-20 --as yb >/dev/null || return 1
  L request approve 1 --as sup || return 1
  # fault tolerance for a quarter, approved
  L request tolerance "$item" --period 2019Q2 --claims policy,law,procedure,no-gain,remedy --reason 先行先试 --as yb >/dev/null || return 1
  L request approve 2 --note 符合容错情形 --as sup || return 1
  # an accountability record on the overdue item
  L accountability add "$other" --kind 约谈 --reason 逾期未完成 --as sup >/dev/null || return 1
  # a close-out with evidence and a verdict
  printf '验收意见' >"$TMP/acceptance.txt"
  L report file "$item" --period 2019-12 --progress 100 --evidence "$TMP/acceptance.txt" --as yb >/dev/null || return 1
  L report submit 3 --as yb || return 1
  L request closeout "$item" --reason 已建成 --as yb >/dev/null || return 1
  L request approve 3 --verdict achieved --as sup || return 1
  expect_eq "$(sql "$db" "select status||' '||verdict||' '||deadline from ledger_items where id=$item")" "已销号 achieved 2019-12-31"
  # the whole history verifies; a tampered row is found
  expect_status 0 "$LUOSHI" audit verify --db "$db" || return 1
  sql_unguarded "$db" "update audit_log set actor='someone-else' where action='approve' and entity_id=3" || return 1
  expect_status 1 "$LUOSHI" audit verify --db "$db" || return 1
  expect_contains "$(cat "$TMP/err")" "does not match its hash"
}
