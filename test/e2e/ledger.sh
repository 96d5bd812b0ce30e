# End-to-end tests of the organisation, the ledger and the audit chain from the command line.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_ledger() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/l.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/l.db" --as admin >/dev/null || return 1
}

t_seed_has_departments_cities_and_counties() {
  setup_ledger || return 1
  expect_eq "$(sql "$TMP/l.db" "select count(*) from units where kind='city'")" "21"
  expect_eq "$(sql "$TMP/l.db" "select count(*) from units where kind='county'")" "183"
  expect_eq "$(sql "$TMP/l.db" "select p.name from units c join units p on p.id=c.parent_id where c.division_code='513401'")" "凉山州人民政府"
  # seeding again adds nothing
  expect_status 0 "$LUOSHI" unit seed --db "$TMP/l.db" || return 1
  expect_eq "$(cat "$TMP/out")" "0 units added"
}

t_people_get_argon2id_hashes_and_checked_input() {
  setup_ledger || return 1
  echo 'correct horse battery' | "$LUOSHI" user add wang 王督查 supervisor --unit 省委办公厅 --db "$TMP/l.db" >/dev/null || return 1
  expect_contains "$(sql "$TMP/l.db" "select password_hash from people where login='wang'")" '$argon2id$'
  # the password is in no audit entry
  expect_eq "$(sql "$TMP/l.db" "select count(*) from audit_log where lower(after) like '%horse%' or lower(after) like '%argon%'")" "0"
  echo 'short' | expect_status 1 "$LUOSHI" user add li 李 reporter --unit 省发展改革委 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "at least 8"
  echo 'long enough pass' | expect_status 1 "$LUOSHI" user add li 李 reporter --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "belongs to a unit"
  echo 'long enough pass' | expect_status 1 "$LUOSHI" user add wang 另一个 leader --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "taken"
}

t_ledger_from_tasks_with_numbers_and_leads() {
  setup_ledger || return 1
  expect_status 0 "$LUOSHI" ledger create 1 --db "$TMP/l.db" || return 1
  n=$(jq '.tasks | length' <("$LUOSHI" export 1 --json --db "$TMP/l.db"))
  expect_contains "$(cat "$TMP/out")" "$n items"
  "$LUOSHI" ledger list 1 --json --db "$TMP/l.db" >"$TMP/items.json" || return 1
  # numbered by measure, then by section where there is no measure
  # (3-N: N is the task's place among measure 3's tasks)
  pos=$("$LUOSHI" tasks 1 --measure 3 --json --db "$TMP/l.db" | jq -r '[.[].text] | index("出台川南一体化发展指导意见") + 1')
  expect_eq "$pos" "24" "place of 出台川南一体化发展指导意见 in measure 3"
  expect_eq "$(jq -r '.[] | select(.text=="出台川南一体化发展指导意见") | .number' "$TMP/items.json")" "3-$pos"
  expect_eq "$(jq -r '.[] | select(.text=="建立健全由省领导负责的重点工作推进机制") | .number' "$TMP/items.json")" "十二-2"
  # a supported place's government leads its support task; each item links to its task
  expect_eq "$(jq -r '.[] | select(.text=="支持德阳打造世界级重大装备制造基地") | .lead' "$TMP/items.json")" "德阳市人民政府"
  expect_eq "$(jq '[.[] | select(.task == 0)] | length' "$TMP/items.json")" "0"
  # creating it twice is refused and changes nothing
  expect_status 1 "$LUOSHI" ledger create 1 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "has a ledger already"
  expect_eq "$(sql "$TMP/l.db" "select count(*) from ledger_items")" "$n"
}

t_assignment_is_recorded_with_before_and_after() {
  setup_ledger || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/l.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" ledger assign 5 --lead 宜宾 --cooperating 省交通运输厅，省发展改革委 \
    --leader 张副省长 --deadline 2020-12-31 --db "$TMP/l.db" --as wang || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/l.db" >"$TMP/items.json" || return 1
  expect_eq "$(jq -r '.[] | select(.id==5) | "\(.lead)|\(.leader)|\(.deadline)|\(.cooperating)"' "$TMP/items.json")" \
    "宜宾市人民政府|张副省长|2020-12-31|省发展改革委、省交通运输厅"
  expect_eq "$(sql "$TMP/l.db" "select actor||' '||action||' '||entity_id from audit_log order by seq desc limit 1")" "wang assign 5"
  expect_contains "$(sql "$TMP/l.db" "select after from audit_log order by seq desc limit 1")" '"leader":"张副省长"'
}

t_bad_assignments_change_nothing() {
  setup_ledger || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/l.db" >/dev/null || return 1
  before=$(sql "$TMP/l.db" "select count(*) from audit_log")
  expect_status 1 "$LUOSHI" ledger assign 99999 --leader 某 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no ledger item 99999"
  expect_status 1 "$LUOSHI" ledger assign 5 --lead 不存在的单位 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no unit named 不存在的单位"
  expect_status 1 "$LUOSHI" ledger assign 5 --deadline 2020/12/31 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "YYYY-MM-DD"
  expect_eq "$(sql "$TMP/l.db" "select count(*) from audit_log")" "$before"
  expect_eq "$(sql "$TMP/l.db" "select coalesce(leader,'') from ledger_items where id=5")" ""
}

t_audit_chain_detects_an_edited_and_a_deleted_entry() {
  setup_ledger || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/l.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 5 --leader 张副省长 --db "$TMP/l.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/out")" "the chain holds"
  # the log refuses changes ...
  sql "$TMP/l.db" "update audit_log set actor='x' where seq=3" 2>"$TMP/err" && { fail "the log took an update"; return 1; }
  expect_contains "$(cat "$TMP/err")" "append-only"
  # ... and someone who removes the guard is found out: an edited entry (then put back) ...
  sql_unguarded "$TMP/l.db" "update audit_log set after=replace(after,'张副省长','李副省长') where action='assign'" || return 1
  expect_status 1 "$LUOSHI" audit verify --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "does not match its hash"
  sql_unguarded "$TMP/l.db" "update audit_log set after=replace(after,'李副省长','张副省长') where action='assign'" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/l.db" || return 1
  # ... and a deleted one
  sql_unguarded "$TMP/l.db" "delete from audit_log where seq=3" || return 1
  expect_status 1 "$LUOSHI" audit verify --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "entry 4"
}

t_two_writers_at_once_keep_one_chain() {
  setup_ledger || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/l.db" >/dev/null || return 1
  ( for i in $(seq 1 20); do "$LUOSHI" ledger assign "$i" --leader 甲 --db "$TMP/l.db" || exit 1; done ) &
  a=$!
  ( for i in $(seq 21 40); do "$LUOSHI" ledger assign "$i" --leader 乙 --db "$TMP/l.db" || exit 1; done ) &
  b=$!
  wait $a || return 1
  wait $b || return 1
  expect_eq "$(sql "$TMP/l.db" "select count(*) from ledger_items where leader in ('甲','乙')")" "40"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/l.db" || return 1
}

t_ledger_filters_by_unit_status_warning_deadline() {
  setup_ledger || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/l.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 5 --lead 翠屏区 --deadline 2019-01-31 --db "$TMP/l.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 6 --lead 宜宾 --deadline 2019-12-31 --db "$TMP/l.db" >/dev/null || return 1
  # a city's list holds its counties' items too
  expect_eq "$("$LUOSHI" ledger list 1 --unit 宜宾 --json --db "$TMP/l.db" | jq -r '[.[] | select(.id==5 or .id==6) | .id] | join(",")')" "5,6"
  expect_eq "$("$LUOSHI" ledger list 1 --unit 翠屏区人民政府 --json --db "$TMP/l.db" | jq -r 'map(.id) | join(",")')" "5"
  expect_eq "$("$LUOSHI" ledger list all --before 2019-06-30 --json --db "$TMP/l.db" | jq -r 'map(.id) | join(",")')" "5"
  "$LUOSHI" warnings run --date 2019-03-01 --db "$TMP/l.db" >/dev/null || return 1
  expect_eq "$("$LUOSHI" ledger list 1 --warning red --json --db "$TMP/l.db" | jq -r 'map(.id) | join(",")')" "5"
  expect_eq "$("$LUOSHI" ledger list 1 --status 已销号 --json --db "$TMP/l.db" | jq length)" "0"
  expect_status 1 "$LUOSHI" ledger list 1 --unit 火星 --db "$TMP/l.db" || return 1
}

t_ledger_of_a_notice_whose_plan_restarts_its_numbering() {
  # the notice's measures, then its attached plan's, come back to group 1: numbers stay unique
  "$LUOSHI" import "$ROOT/test/corpus/notice-with-plan.txt" --db "$TMP/n.db" --quiet 2>/dev/null || return 1
  expect_status 0 "$LUOSHI" ledger create 1 --db "$TMP/n.db" || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/n.db" >"$TMP/n.json" || return 1
  expect_eq "$(jq '[.[].number] | length' "$TMP/n.json")" "$(jq '[.[].number] | unique | length' "$TMP/n.json")"
  expect_eq "$(jq -r '[.[] | select(.number | startswith("1-"))] | last | .number' "$TMP/n.json")" "1-4"
}

# a task-division table's 配合单位 become the items' cooperating units where the unit tree
# knows them; a name it does not know is counted, as a lead that matches no unit is
t_ledger_from_a_division_table_keeps_cooperating_units() {
  printf '%s' '序号,任务内容,牵头单位,配合单位,完成时限
1-1,制定区域协同发展指导意见,省发展改革委,省财政厅,2019年6月底前
1-2,修订完善相关规划,省自然资源厅,,2019年12月底前
2-1,建设中国（四川）自由贸易试验区,省商务厅,"省发展改革委、省财政厅、省不存在局",2020年底前
2-2,清理整合散弱荒园区,省经济和信息化厅,省经济和信息化厅,长期坚持
' >"$TMP/division.csv"
  "$LUOSHI" unit seed --db "$TMP/d.db" >/dev/null || return 1
  "$LUOSHI" import "$TMP/division.csv" --db "$TMP/d.db" --quiet 2>/dev/null || return 1
  expect_status 0 "$LUOSHI" ledger create 1 --db "$TMP/d.db" || return 1
  expect_eq "$(cat "$TMP/out")" "4 items, 0 without a lead unit, 1 cooperating unit name(s) matching no unit" || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/d.db" >"$TMP/l.json" || return 1
  # the lead is not its own cooperating unit
  got=$(jq -r '.[] | "\(.number)|\(.lead)|\(.cooperating | split("、") | sort | join("、"))"' "$TMP/l.json")
  want="1-1|省发展改革委|省财政厅
1-2|省自然资源厅|
2-1|省商务厅|省发展改革委、省财政厅
2-2|省经济和信息化厅|"
  expect_eq "$got" "$want" "cooperating units" || return 1
  # the cooperating unit reaches the item (scope) and the assignment is in the audit chain
  expect_eq "$(sql "$TMP/d.db" "select count(*) from item_cooperating")" "3" "cooperating rows" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/d.db" || return 1
  # --json counts the names that matched no unit
  rm -f "$TMP/d2.db"
  "$LUOSHI" unit seed --db "$TMP/d2.db" >/dev/null || return 1
  "$LUOSHI" import "$TMP/division.csv" --db "$TMP/d2.db" --quiet 2>/dev/null || return 1
  expect_status 0 "$LUOSHI" ledger create 1 --json --db "$TMP/d2.db" || return 1
  expect_eq "$(jqr "$TMP/out" '"\(.items) \(.unassigned) \(.cooperating_unmatched)"')" "4 0 1" "ledger create --json" || return 1
}
