# End-to-end tests of --json on the commands that change something: each prints one JSON
# object on stdout naming what it created or changed (ids, counts), the same ids the listing
# commands show; errors stay on stderr with status 1 and nothing on stdout. Also the ledger
# filters of `luoshi tasks` (--unit, --status, --warning, --before) on the sample decision.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
DB="--db=$TMP/j.db"

# luoshi ARGS... --json into $TMP/j.json (status must be 0); prints filter $1 over it
jrun() {
  filter=$1
  shift
  expect_status 0 "$LUOSHI" "$@" --json "$DB" || return 1
  expect_eq "$(wc -l <"$TMP/out" | tr -d ' ')" "1" "lines of --json output of '$*'" || return 1
  cp "$TMP/out" "$TMP/j.json"
  jq -ec "$filter" "$TMP/j.json" || fail "'$*' --json: $(cat "$TMP/out")"
}

setup_json() {
  "$LUOSHI" import "$SAMPLE" "$DB" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed "$DB" >/dev/null || return 1
  "$LUOSHI" ledger create 1 "$DB" >/dev/null || return 1
}

t_json_unit_ledger_create_user_audit() {
  "$LUOSHI" import "$SAMPLE" "$DB" --quiet 2>/dev/null || return 1
  added=$(jrun .added unit seed) || return 1
  expect_eq "$("$LUOSHI" unit list --json "$DB" | jq length)" "$added" "units seeded"
  expect_eq "$(jrun 'keys' ledger create 1)" '["cooperating_unmatched","document","items","unassigned"]'
  "$LUOSHI" ledger list 1 --json "$DB" >"$TMP/l.json" || return 1
  expect_eq "$(jqr "$TMP/j.json" .items)" "$(jqr "$TMP/l.json" length)" "items created"
  expect_eq "$(jqr "$TMP/j.json" .unassigned)" "$(jqr "$TMP/l.json" '[.[] | select(.lead=="")] | length')" \
    "items without a lead unit"
  unit=$(jrun .unit unit add 测试办公室 other --parent 宜宾市人民政府) || return 1
  expect_eq "$("$LUOSHI" unit list --json "$DB" | jq -r ".[] | select(.id==$unit) | .name")" "测试办公室"
  person=$(echo 'pass-word-1' | jrun .person user add yb 宜宾填报员 reporter --unit 宜宾市人民政府) || return 1
  expect_eq "$(sql "$TMP/j.db" "select id from people where login='yb'")" "$person" "person id"
  expect_eq "$(jrun '[.ok, .entries]' audit verify)" "[true,$(sql "$TMP/j.db" "select count(*) from audit_log")]"
  expect_eq "$(jqr "$TMP/j.json" '.head | length')" "64" "head hash"
}

t_json_ledger_edits() {
  setup_json || return 1
  expect_eq "$(jrun . ledger assign 1 --lead 宜宾市人民政府 --deadline 2019-06-30)" '{"ok":true,"item":1}'
  expect_eq "$("$LUOSHI" ledger list 1 --json "$DB" | jq -c '.[] | select(.id==1) | [.lead, .deadline]')" \
    '["宜宾市人民政府","2019-06-30"]'
  expect_eq "$(jrun . ledger split 1 --unit 翠屏区 --unit 南溪区)" '{"ok":true,"item":1,"units":["翠屏区","南溪区"]}'
  expect_eq "$("$LUOSHI" ledger tree 1 --json "$DB" | jq length)" "3" "the item and its two sub-items"
  expect_eq "$(jrun . ledger edit 7 --text 改写的任务)" '{"ok":true,"item":7}'
  expect_eq "$(jrun . ledger renumber 7 99-1)" '{"item":7,"number":"99-1"}'
  expect_eq "$("$LUOSHI" ledger list 1 --json "$DB" | jq -c '.[] | select(.id==7) | [.number, .text]')" \
    '["99-1","改写的任务"]'
  expect_eq "$(jrun . ledger merge 8 10 11)" '{"item":8,"merged":[10,11]}'
  expect_eq "$("$LUOSHI" ledger list 1 --json "$DB" | jq -c '[.[] | select(.id==10 or .id==11)]')" "[]"
  id=$(jrun .id ledger add 1 --text 手工加的任务) || return 1
  expect_eq "$("$LUOSHI" ledger list 1 --json "$DB" | jq -r ".[] | select(.id==$id) | .text")" "手工加的任务"
}

t_json_reports() {
  setup_json || return 1
  echo evidence >"$TMP/ev.txt"
  rep=$(jrun .report report file 4 --period 2019-03 --progress 40 --evidence "$TMP/ev.txt") || return 1
  expect_eq "$(jqr "$TMP/j.json" '[.item, .evidence]')" "[4,1]"
  expect_eq "$("$LUOSHI" report list 4 --json "$DB" | jq -c '[.[].id]')" "[$rep]" "report list ids"
  expect_eq "$(jrun . report attach "$rep" "$TMP/ev.txt")" "{\"ok\":true,\"report\":$rep,\"file\":\"$TMP/ev.txt\"}"
  expect_eq "$(jrun .state report submit "$rep")" '"submitted"'
  expect_eq "$(jrun .state report return "$rep" --reason 证据不足)" '"returned"'
  expect_eq "$(jrun .state report submit "$rep")" '"submitted"'
  expect_eq "$(jrun . report accept "$rep")" "{\"ok\":true,\"report\":$rep,\"state\":\"accepted\"}"
  expect_eq "$("$LUOSHI" report list 4 --json "$DB" | jq -c '.[] | [.state, .evidence]')" '["accepted",2]'
}

t_json_requests_items_accountability() {
  setup_json || return 1
  "$LUOSHI" ledger assign 4 --deadline 2019-06-30 "$DB" || return 1
  req=$(jrun .request request extension 4 --to 2019-09-30 --reason 需要时间 --date 2019-03-01) || return 1
  expect_eq "$(jqr "$TMP/j.json" '[.kind, .item]')" '["extension",4]'
  expect_eq "$(sql "$TMP/j.db" "select max(id) from requests")" "$req" "request id"
  expect_eq "$(jrun . request approve "$req")" "{\"ok\":true,\"request\":$req,\"decision\":\"approved\"}"
  expect_eq "$("$LUOSHI" ledger list 1 --json "$DB" | jq -r '.[] | select(.id==4) | .deadline')" "2019-09-30"
  req=$(jrun .request request extension 4 --to 2019-12-31 --reason 再延 --date 2019-03-02) || return 1
  expect_eq "$(jrun .decision request reject "$req" --note 不同意)" '"rejected"'
  expect_eq "$(jrun . item cycle 4 quarter --due-day 10)" '{"ok":true,"item":4,"cycle":"quarter","due_day":10}'
  expect_eq "$(jrun . item cycle 5 month)" '{"ok":true,"item":5,"cycle":"month","due_day":null}'
  rec=$(jrun .record accountability add 4 --kind 约谈 --reason 进度滞后) || return 1
  expect_eq "$(sql "$TMP/j.db" "select max(id) from accountability")" "$rec" "record id"
  expect_eq "$(jqr "$TMP/j.json" '[.item, .kind]')" '[4,"约谈"]'
}

t_json_milestones() {
  setup_json || return 1
  m=$(jrun .milestone milestone add 1 --due 2019-03-15 --title 完成规划编制) || return 1
  expect_eq "$(jqr "$TMP/j.json" .item)" "1"
  expect_eq "$("$LUOSHI" milestone list 1 --json "$DB" | jq -c '[.[].id]')" "[$m]" "milestone list ids"
  expect_eq "$(jrun . milestone reach "$m" --on 2019-03-20)" "{\"ok\":true,\"milestone\":$m,\"reached\":\"2019-03-20\"}"
  expect_eq "$("$LUOSHI" milestone list --json "$DB" | jq -r '.[0].done_on')" "2019-03-20"
}

t_json_warnings_escalation_outbox() {
  setup_json || return 1
  "$LUOSHI" ledger assign 1 --lead 宜宾市人民政府 --deadline 2019-01-31 "$DB" || return 1
  n=$(jrun .warnings warnings run --date 2019-03-01) || return 1
  expect_eq "$(jqr "$TMP/j.json" .date)" "2019-03-01"
  expect_eq "$("$LUOSHI" warnings list --json "$DB" | jq length)" "$n" "warnings run count"
  jrun '[.items, .unassigned, .notices] | all(. >= 0)' escalate run --date 2019-03-01 >/dev/null || return 1
  cp "$TMP/j.json" "$TMP/esc.json"
  expect_eq "$("$LUOSHI" outbox list --json "$DB" | jq length)" "$(jqr "$TMP/esc.json" .notices)" "notices"
  expect_eq "$("$LUOSHI" warnings list --json "$DB" | jq '[.[].item] | unique | length')" \
    "$(jqr "$TMP/esc.json" .items)" "warned items"
  notices=$(jqr "$TMP/esc.json" .notices)
  # a failed delivery still reports its counts on stdout, and the error on stderr
  expect_status 1 "$LUOSHI" outbox send --dir "$TMP/missing" --json "$DB" || return 1
  expect_eq "$(cat "$TMP/out")" "{\"delivered\":0,\"failed\":$notices}" "a failed send"
  expect_contains "$(cat "$TMP/err")" "could not be delivered"
  mkdir "$TMP/mail" || return 1
  expect_eq "$(jrun . outbox send --dir "$TMP/mail")" "{\"delivered\":$notices,\"failed\":0}"
  expect_eq "$(ls "$TMP/mail" | wc -l | tr -d ' ')" "$notices" "files written"
  expect_eq "$(jrun . outbox send --dir "$TMP/mail")" '{"delivered":0,"failed":0}' "nothing left"
}

t_json_errors_stay_on_stderr() {
  setup_json || return 1
  for args in "report submit 99999" "milestone reach 99999" "request approve 99999" \
    "ledger assign 99999 --lead 宜宾市人民政府" "accountability add 99999 --kind 约谈 --reason x"; do
    # shellcheck disable=SC2086
    expect_status 1 "$LUOSHI" $args --json "$DB" || return 1
    expect_eq "$(cat "$TMP/out")" "" "stdout of '$args --json'"
    expect_contains "$(cat "$TMP/err")" "luoshi "
  done
  expect_status 1 "$LUOSHI" ledger create 1 --json "$DB" || return 1
  expect_eq "$(cat "$TMP/out")" "" "stdout of a refused ledger create"
}

t_tasks_ledger_filters() {
  "$LUOSHI" import "$SAMPLE" "$DB" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed "$DB" >/dev/null || return 1
  expect_status 1 "$LUOSHI" tasks 1 --status 未启动 "$DB" || return 1
  expect_contains "$(cat "$TMP/err")" "document 1 has no ledger yet: luoshi ledger create 1"
  "$LUOSHI" ledger create 1 "$DB" >/dev/null || return 1
  "$LUOSHI" ledger assign 1 --lead 宜宾市人民政府 --deadline 2019-01-31 "$DB" || return 1
  "$LUOSHI" ledger assign 2 --lead 翠屏区 --deadline 2019-06-30 "$DB" || return 1
  "$LUOSHI" ledger assign 3 --lead 宜宾市人民政府 --deadline 2019-02-28 "$DB" || return 1
  "$LUOSHI" warnings run --date 2019-02-15 "$DB" >/dev/null || return 1
  # task ids of the items that pass the same filter in `ledger list`
  via_ledger() { "$LUOSHI" ledger list 1 "$@" --json "$DB" | jq -c '[.[].task] | unique'; }
  tasks() { "$LUOSHI" tasks 1 "$@" --json "$DB" | jq -c '[.[].id]'; }
  expect_eq "$(tasks --unit 宜宾市人民政府)" "$(via_ledger --unit 宜宾市人民政府)" "--unit"
  expect_eq "$(tasks --unit 宜宾市人民政府 | jq 'index(2) != null')" "true" "a task led by a county below"
  expect_eq "$(tasks --unit 翠屏区)" "[2]" "--unit county"
  expect_eq "$(tasks --before 2019-03-01)" "[1,3]" "--before"
  expect_eq "$(tasks --warning red)" "[1]" "--warning red"
  expect_eq "$(tasks --warning red)" "$(via_ledger --warning red)" "--warning red as in ledger list"
  expect_eq "$(tasks --warning yellow)" "$(via_ledger --warning yellow)" "--warning yellow"
  expect_eq "$(tasks --unit 宜宾市人民政府 --before 2019-03-01)" "[1,3]" "combined"
  expect_eq "$(tasks --unit 宜宾市人民政府 --before 2019-03-01 --status 未启动)" \
    "$(via_ledger --unit 宜宾市人民政府 --before 2019-03-01 --status 未启动)" "combined with --status"
  expect_eq "$(tasks --status 未启动 | jq length)" "$(via_ledger --status 未启动 | jq length)" "--status"
  expect_eq "$(tasks --unit 宜宾市人民政府 --kind reform --warning blue --before 2000-01-01)" "[]" "empty"
  expect_eq "$("$LUOSHI" tasks 1 --status 已销号 --json "$DB" | jq -c .)" "[]" "empty but valid JSON"
  expect_status 0 "$LUOSHI" tasks 1 --warning red "$DB" || return 1
  expect_eq "$(wc -l <"$TMP/out" | tr -d ' ')" "1" "text output: one line"
  expect_status 1 "$LUOSHI" tasks 1 --warning green "$DB" || return 1
  expect_contains "$(cat "$TMP/err")" "red, yellow or blue"
  expect_status 1 "$LUOSHI" tasks 1 --unit 没有这个单位 "$DB" || return 1
}

t_json_targets() {
  setup_json || return 1
  t=$(jrun .target target add 1 --name 5G基站 --unit 个 --baseline 0 --baseline-date 2018-07-01 \
    --target 40000 --target-date 2020-12-31) || return 1
  expect_eq "$(jqr "$TMP/j.json" .item)" "1"
  expect_eq "$("$LUOSHI" target list 1 --json "$DB" | jq -c '[.[].id]')" "[$t]" "target list ids"
  v=$(jrun .value target report "$t" --value 15000 --as-of 2020-07-01) || return 1
  expect_eq "$(jqr "$TMP/j.json" .target)" "$t"
  expect_eq "$(sql "$TMP/j.db" "select max(id) from target_values")" "$v" "value id"
}
