# End-to-end tests of the report cycle: a unit files with evidence, the supervisor returns it,
# the unit resubmits, the supervisor accepts; and who may do what.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_reports() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/l.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/l.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/l.db" >/dev/null || return 1
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/l.db" >/dev/null || return 1
  echo 'pass-word-2' | "$LUOSHI" user add sup 督查员 supervisor --unit 省委办公厅 --db "$TMP/l.db" >/dev/null || return 1
  ITEM=$("$LUOSHI" ledger list 1 --json --db "$TMP/l.db" | jq -r '[.[] | select(.lead=="宜宾市人民政府")][0].id')
  OTHER=$("$LUOSHI" ledger list 1 --json --db "$TMP/l.db" | jq -r '[.[] | select(.lead=="德阳市人民政府")][0].id')
  [ -n "$ITEM" ] && [ "$ITEM" != null ]
}

t_report_cycle_return_and_resubmit() {
  setup_reports || return 1
  printf '会议纪要' >"$TMP/minutes.txt"
  expect_status 0 "$LUOSHI" report file "$ITEM" --period 2019-03 --progress 30 --done 完成规划编制 \
    --evidence "$TMP/minutes.txt" --db "$TMP/l.db" --as yb || return 1
  id=$(sed -n 's/^report //p' "$TMP/out")
  expect_status 0 "$LUOSHI" report submit "$id" --db "$TMP/l.db" --as yb || return 1
  expect_status 0 "$LUOSHI" report return "$id" --reason 缺少佐证材料 --db "$TMP/l.db" --as sup || return 1
  expect_eq "$("$LUOSHI" report list "$ITEM" --json --db "$TMP/l.db" | jq -r '.[0] | "\(.state)|\(.reason)"')" "returned|缺少佐证材料"
  expect_status 0 "$LUOSHI" report file "$ITEM" --period 2019-03 --progress 40 --done 补充材料 --db "$TMP/l.db" --as yb || return 1
  expect_status 0 "$LUOSHI" report submit "$id" --db "$TMP/l.db" --as yb || return 1
  expect_status 0 "$LUOSHI" report accept "$id" --db "$TMP/l.db" --as sup || return 1
  expect_eq "$("$LUOSHI" report list "$ITEM" --json --db "$TMP/l.db" | jq -c '.[0] | [.state, .submissions, .progress, .evidence]')" '["accepted",2,40,1]'
  # the evidence is stored whole with its hash
  expect_eq "$(sql "$TMP/l.db" 'select sha256 from evidence')" "$(sha256sum "$TMP/minutes.txt" | cut -d' ' -f1)"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/l.db" || return 1
}

t_reporters_reach_only_their_units_items() {
  setup_reports || return 1
  expect_status 1 "$LUOSHI" report file "$OTHER" --period 2019-03 --progress 10 --db "$TMP/l.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "not their unit's"
  "$LUOSHI" report file "$ITEM" --period 2019-03 --progress 10 --db "$TMP/l.db" --as yb >/dev/null || return 1
  "$LUOSHI" report submit 1 --db "$TMP/l.db" --as yb || return 1
  expect_status 1 "$LUOSHI" report accept 1 --db "$TMP/l.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "may not review"
  expect_status 1 "$LUOSHI" ledger assign "$ITEM" --leader 某 --db "$TMP/l.db" --as yb || return 1
  expect_eq "$(sql "$TMP/l.db" "select coalesce(leader,'') from ledger_items where id=$ITEM")" ""
}

t_bad_reports_are_refused_and_change_nothing() {
  setup_reports || return 1
  before=$(sql "$TMP/l.db" "select count(*) from audit_log")
  expect_status 1 "$LUOSHI" report file "$ITEM" --period 2019-13 --progress 10 --db "$TMP/l.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "not a period"
  expect_status 1 "$LUOSHI" report file "$ITEM" --period 2019Q1 --progress 130 --db "$TMP/l.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "0 to 100"
  expect_status 1 "$LUOSHI" report file 99999 --period 2019Q1 --progress 10 --db "$TMP/l.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "no ledger item 99999"
  head -c $((21 * 1024 * 1024)) /dev/zero >"$TMP/big.bin"
  "$LUOSHI" report file "$ITEM" --period 2019Q1 --progress 10 --db "$TMP/l.db" --as yb >/dev/null || return 1
  after=$(sql "$TMP/l.db" "select count(*) from audit_log")
  expect_status 1 "$LUOSHI" report attach 1 "$TMP/big.bin" --db "$TMP/l.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "larger than 20 MB"
  expect_eq "$(sql "$TMP/l.db" "select count(*) from evidence")" "0"
  expect_eq "$((after - before))" "1" "only the valid report was recorded"
  # a submitted report can be neither edited nor resubmitted; a return needs a reason
  "$LUOSHI" report submit 1 --db "$TMP/l.db" --as yb || return 1
  expect_status 1 "$LUOSHI" report file "$ITEM" --period 2019Q1 --progress 50 --db "$TMP/l.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "can no longer be edited"
  expect_status 1 "$LUOSHI" report submit 1 --db "$TMP/l.db" --as yb || return 1
  expect_status 1 "$LUOSHI" report return 1 --db "$TMP/l.db" --as sup || return 1
  expect_contains "$(cat "$TMP/err")" "needs a reason"
}

t_accepted_reports_move_the_process_status() {
  setup_reports || return 1
  status() { sql "$TMP/l.db" "select status from ledger_items where id=$ITEM"; }
  seen=""
  expect_eq "$(status)" "未启动" || return 1
  for p in "2019-03 0" "2019-04 40" "2019-05 100"; do
    set -- $p
    id=$("$LUOSHI" report file "$ITEM" --period "$1" --progress "$2" --db "$TMP/l.db" --as yb | sed -n 's/^report //p')
    "$LUOSHI" report submit "$id" --db "$TMP/l.db" --as yb || return 1
    "$LUOSHI" report accept "$id" --db "$TMP/l.db" --as sup || return 1
    seen="$seen $(status)"
  done
  expect_eq "$seen" " 未启动 推进中 已完成" "status after 0 %, 40 %, 100 %" || return 1
  expect_eq "$(sql "$TMP/l.db" "select group_concat(before || '>' || after, ' ') from (select before, after from audit_log where action='status' and entity_id=$ITEM order by seq) t")" \
    '{"status":"未启动"}>{"report":2,"status":"推进中"} {"status":"推进中"}>{"report":3,"status":"已完成"}' || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/l.db"
}

t_lateness_is_judged_on_the_business_date() {
  setup_reports || return 1
  # Submitted within March (the business date LUOSHI_TODAY): on time; in mid-April: late.
  id=$(LUOSHI_TODAY=2019-03-20 "$LUOSHI" report file "$ITEM" --period 2019-03 --progress 30 --db "$TMP/l.db" --as yb --json | jq -r .report)
  LUOSHI_TODAY=2019-03-20 "$LUOSHI" report submit "$id" --db "$TMP/l.db" --as yb >/dev/null || return 1
  id2=$(LUOSHI_TODAY=2019-04-15 "$LUOSHI" report file "$ITEM" --period 2019-04 --progress 35 --db "$TMP/l.db" --as yb --json | jq -r .report)
  LUOSHI_TODAY=2019-04-15 "$LUOSHI" report submit "$id2" --db "$TMP/l.db" --as yb >/dev/null || return 1
  expect_eq "$("$LUOSHI" report list "$ITEM" --json --db "$TMP/l.db" | jq -c "[.[] | select(.id==$id or .id==$id2) | [.period, .late]] | sort")" \
    '[["2019-03",false],["2019-04",false]]' "on time"
  id4=$(LUOSHI_TODAY=2019-05-06 "$LUOSHI" report file "$OTHER" --period 2019-04 --progress 10 --db "$TMP/l.db" --as sup --json | jq -r .report)
  LUOSHI_TODAY=2019-05-06 "$LUOSHI" report submit "$id4" --db "$TMP/l.db" --as sup >/dev/null || return 1
  expect_eq "$("$LUOSHI" report list "$OTHER" --json --db "$TMP/l.db" | jq -c ".[] | select(.id==$id4) | .late")" true "submitted in May for April"
}
