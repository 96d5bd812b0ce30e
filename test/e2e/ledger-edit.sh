# End-to-end tests of the office editing its ledger: items added by hand, edits of text, number
# and kind, renumbering with the cascade's sub-items, merging items, and who may do it.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
OTHER="$ROOT/test/corpus/variants/assignment-plan.txt"

setup_edit() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/e.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/e.db" >/dev/null || return 1
  echo 'pass-word-1' | "$LUOSHI" user add wang 王督查 supervisor --unit 省政府办公厅 --db "$TMP/e.db" >/dev/null || return 1
  echo 'pass-word-2' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/e.db" >/dev/null || return 1
}

q() { sql "$TMP/e.db" "$1"; }
audit_count() { q "select count(*) from audit_log"; }
# the last audit entry's before or after ($1), a JSON text
last_audit() { q "select $1 from audit_log order by seq desc limit 1"; }
# the numbers of item 7 and of every sub-item, sorted, on one line
numbers_under_7() { q "select number from ledger_items where id=7 or parent_id is not null" | sort | paste -sd ' '; }

t_an_item_added_by_hand_is_numbered_after_the_last_and_listed() {
  setup_edit || return 1
  last=$(q "select number from ledger_items where parent_id is null order by id desc limit 1")
  # (not "want": expect_status in lib.sh sets that)
  expected="${last%-*}-$((${last##*-} + 1))"
  expect_status 0 "$LUOSHI" ledger add 1 --text 手工加入的事项 --deadline 2020-06-30 --json --db "$TMP/e.db" --as wang || return 1
  id=$(jq -r .id "$TMP/out")
  expect_eq "$(jq -r .number "$TMP/out")" "$expected" "number" || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/e.db" >"$TMP/items.json" || return 1
  expect_eq "$(jq -r ".[] | select(.id==$id) | \"\(.number)|\(.text)|\(.kind)|\(.task)|\(.deadline)\"" "$TMP/items.json")" \
    "$expected|手工加入的事项|other|0|2020-06-30" || return 1
  expect_eq "$(q "select count(*) from ledger_items where id=$id and task_id is null")" "1" || return 1
  expect_eq "$(q "select actor||' '||action||' '||entity_id from audit_log order by seq desc limit 1")" "wang add $id" || return 1
  # the next one follows it; a number given is used as it is
  expect_status 0 "$LUOSHI" ledger add 1 --text 第二项 --db "$TMP/e.db" || return 1
  expect_eq "$(q "select number from ledger_items where id=$(cat "$TMP/out")")" "${last%-*}-$((${last##*-} + 2))" || return 1
  expect_status 0 "$LUOSHI" ledger add 1 --text 第三项 --number 3-2-9 --kind project --db "$TMP/e.db" || return 1
  expect_eq "$(q "select number||' '||kind from ledger_items where id=$(cat "$TMP/out")")" "3-2-9 project" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/e.db" || return 1
}

t_bad_additions_change_nothing() {
  setup_edit || return 1
  n=$(q "select count(*) from ledger_items")
  a=$(audit_count)
  taken=$(q "select number from ledger_items where id=8")
  expect_status 1 "$LUOSHI" ledger add 1 --text 重复编号 --number "$taken" --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "number $taken is taken by item 8" || return 1
  expect_status 1 "$LUOSHI" ledger add 1 --text 坏日期 --deadline 2020/6/30 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "YYYY-MM-DD" || return 1
  expect_status 1 "$LUOSHI" ledger add 1 --text '  ' --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "may not be empty" || return 1
  expect_status 1 "$LUOSHI" ledger add 1 --text 坏类别 --kind 杂项 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "a kind is one of" || return 1
  expect_status 1 "$LUOSHI" ledger add 9 --text 没有的文件 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no document" || return 1
  expect_status 2 "$LUOSHI" ledger add 1 --db "$TMP/e.db" --number || return 1
  # a document without a ledger gets none by hand
  "$LUOSHI" import "$OTHER" --db "$TMP/e.db" --quiet 2>/dev/null || return 1
  expect_status 1 "$LUOSHI" ledger add 2 --text 先建台账 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "has no ledger yet" || return 1
  expect_eq "$(q "select count(*) from ledger_items")" "$n" || return 1
  expect_eq "$(audit_count)" "$((a + 1))" "audit entries (the import only)" || return 1
}

t_edits_are_audited_with_before_and_after() {
  setup_edit || return 1
  old=$(q "select number||'|'||text||'|'||kind from ledger_items where id=7")
  expect_status 0 "$LUOSHI" ledger edit 7 --text 新的表述 --number 3-2-1 --kind reform --db "$TMP/e.db" --as wang || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/e.db" >"$TMP/items.json" || return 1
  expect_eq "$(jq -r '.[] | select(.id==7) | "\(.number)|\(.text)|\(.kind)"' "$TMP/items.json")" "3-2-1|新的表述|reform" || return 1
  expect_eq "$(q "select actor||' '||action||' '||entity||' '||entity_id from audit_log order by seq desc limit 1")" "wang edit item 7" || return 1
  expect_eq "$(last_audit before | jq -r '"\(.number)|\(.text)|\(.kind)"')" "$old" || return 1
  expect_eq "$(last_audit after | jq -r '"\(.number)|\(.text)"')" "3-2-1|新的表述" || return 1
  # one field alone leaves the others
  expect_status 0 "$LUOSHI" ledger edit 7 --kind project --db "$TMP/e.db" || return 1
  expect_eq "$(q "select number||'|'||text||'|'||kind from ledger_items where id=7")" "3-2-1|新的表述|project" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/out")" "the chain holds"
}

t_a_number_in_use_is_refused_and_nothing_changes() {
  setup_edit || return 1
  taken=$(q "select number from ledger_items where id=8")
  before=$(q "select number||'|'||text from ledger_items where id=7")
  a=$(audit_count)
  expect_status 1 "$LUOSHI" ledger edit 7 --number "$taken" --text 不该写入 --db "$TMP/e.db" || return 1
  expect_eq "$(cat "$TMP/err")" "luoshi ledger: number $taken is taken by item 8 of document 1" || return 1
  expect_status 1 "$LUOSHI" ledger renumber 7 "$taken" --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "is taken by item 8" || return 1
  expect_status 1 "$LUOSHI" ledger edit 7 --number '3 2' --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "without blanks" || return 1
  expect_status 1 "$LUOSHI" ledger edit 99999 --text 无 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no ledger item 99999" || return 1
  expect_status 2 "$LUOSHI" ledger edit 7 --db "$TMP/e.db" || return 1
  expect_status 2 "$LUOSHI" ledger renumber x7 3-1 --db "$TMP/e.db" || return 1
  expect_eq "$(q "select number||'|'||text from ledger_items where id=7")" "$before" || return 1
  expect_eq "$(audit_count)" "$a" "audit entries" || return 1
}

t_renumber_moves_the_cascade_sub_items() {
  setup_edit || return 1
  old=$(q "select number from ledger_items where id=7")
  "$LUOSHI" ledger split 7 --unit 翠屏区人民政府 --unit 叙州区人民政府 --db "$TMP/e.db" >/dev/null || return 1
  c=$(q "select min(id) from ledger_items where parent_id=7")
  "$LUOSHI" ledger split "$c" --unit 省交通运输厅 --db "$TMP/e.db" >/dev/null || return 1
  expect_eq "$(numbers_under_7)" \
    "$old $old-1 $old-1-1 $old-2" || return 1
  # a number that one of the sub-items gives up in the same move is no conflict
  expect_status 0 "$LUOSHI" ledger renumber 7 "$old-1" --db "$TMP/e.db" || return 1
  expect_eq "$(numbers_under_7)" \
    "$old-1 $old-1-1 $old-1-1-1 $old-1-2" || return 1
  expect_status 0 "$LUOSHI" ledger renumber 7 3-2-1 --db "$TMP/e.db" --as wang || return 1
  expect_eq "$(numbers_under_7)" \
    "3-2-1 3-2-1-1 3-2-1-1-1 3-2-1-2" || return 1
  expect_eq "$("$LUOSHI" ledger tree 7 --json --db "$TMP/e.db" | jq -r '[.[].number] | sort | join(" ")')" \
    "3-2-1 3-2-1-1 3-2-1-1-1 3-2-1-2" || return 1
  expect_eq "$(q "select actor||' '||action||' '||entity_id from audit_log order by seq desc limit 1") $(last_audit after | jq length)" "wang renumber 7 4" || return 1
  expect_eq "$(last_audit before | jq -r '.[0].number')" "$old-1" || return 1
  # a sub-item whose new number is taken elsewhere stops the whole move
  c2=$((c + 1))
  "$LUOSHI" ledger add 1 --text 占位 --number 3-77-2 --db "$TMP/e.db" >/dev/null || return 1
  a=$(audit_count)
  expect_status 1 "$LUOSHI" ledger renumber 7 3-77 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "number 3-77-2 is taken" || return 1
  expect_eq "$(q "select number from ledger_items where id=$c2")" "3-2-1-2" || return 1
  expect_eq "$(q "select number from ledger_items where id=7")" "3-2-1" || return 1
  expect_eq "$(audit_count)" "$a" || return 1
  # renumbering a sub-item moves only its own subtree
  expect_status 0 "$LUOSHI" ledger renumber "$c" 3-2-1-5 --db "$TMP/e.db" || return 1
  expect_eq "$(numbers_under_7)" \
    "3-2-1 3-2-1-2 3-2-1-5 3-2-1-5-1" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/e.db" || return 1
}

t_merged_items_leave_the_list_and_the_warnings() {
  setup_edit || return 1
  "$LUOSHI" ledger assign 5 --lead 翠屏区 --deadline 2019-01-31 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" report file 5 --period 2019-01 --progress 10 --db "$TMP/e.db" >/dev/null || return 1
  "$LUOSHI" warnings run --date 2019-03-01 --db "$TMP/e.db" >/dev/null || return 1
  expect_eq "$(q "select case when count(*) > 0 then 1 else 0 end from warnings where item_id=5")" "1" "warnings of 5 before" || return 1
  n=$("$LUOSHI" ledger list 1 --json --db "$TMP/e.db" | jq length)
  text4=$(q "select text from ledger_items where id=4")
  expect_status 0 "$LUOSHI" ledger merge 4 5 6 --db "$TMP/e.db" --as wang || return 1
  expect_eq "$(q "select group_concat(m) from (select id||':'||merged_into as m from ledger_items where merged_into is not null order by id) t")" "5:4,6:4" || return 1
  expect_eq "$(q "select count(*) from audit_log where action='merge' and actor='wang' and after like '%\"merged_into\":4%'")" "2" || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/e.db" >"$TMP/items.json" || return 1
  expect_eq "$(jq length "$TMP/items.json")" "$((n - 2))" || return 1
  expect_eq "$(jq '[.[] | select(.id==5 or .id==6)] | length' "$TMP/items.json")" "0" || return 1
  expect_eq "$("$LUOSHI" ledger list 1 --all --json --db "$TMP/e.db" | jq '[.[] | select(.id==5 or .id==6)] | length')" "2" || return 1
  # 4's text gains nothing; 5's report and old warnings stay where they are
  expect_eq "$(q "select text from ledger_items where id=4")" "$text4" || return 1
  expect_eq "$(q "select count(*) from reports where item_id=5")" "1" || return 1
  expect_eq "$(q "select case when count(*) > 0 then 1 else 0 end from warnings where item_id=5 and as_of='2019-03-01'")" "1" || return 1
  # the rules no longer read a merged item
  "$LUOSHI" warnings run --date 2019-03-02 --db "$TMP/e.db" >/dev/null || return 1
  expect_eq "$(q "select count(*) from warnings where item_id in (5,6) and as_of='2019-03-02'")" "0" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/e.db" || return 1
}

t_bad_merges_change_nothing() {
  setup_edit || return 1
  "$LUOSHI" import "$OTHER" --db "$TMP/e.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" ledger create 2 --db "$TMP/e.db" >/dev/null || return 1
  elsewhere=$(q "select min(id) from ledger_items where doc_id=2")
  "$LUOSHI" ledger merge 4 5 --db "$TMP/e.db" >/dev/null || return 1
  a=$(audit_count)
  expect_status 1 "$LUOSHI" ledger merge 4 4 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "cannot be merged into itself" || return 1
  expect_status 1 "$LUOSHI" ledger merge 4 6 "$elsewhere" --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "only items of one document merge" || return 1
  expect_status 1 "$LUOSHI" ledger merge 4 6 5 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "item 5 is merged into item 4 already" || return 1
  expect_status 1 "$LUOSHI" ledger merge 5 6 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "item 5 is merged into item 4" || return 1
  expect_status 1 "$LUOSHI" ledger merge 4 99999 --db "$TMP/e.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no ledger item 99999" || return 1
  expect_status 2 "$LUOSHI" ledger merge 4 --db "$TMP/e.db" || return 1
  # item 6 was first in two refused merges: it is not merged
  expect_eq "$(q "select count(*) from ledger_items where merged_into is not null")" "1" || return 1
  expect_eq "$(audit_count)" "$a" || return 1
}

t_a_reporter_may_not_edit_the_ledger() {
  setup_edit || return 1
  "$LUOSHI" ledger assign 7 --lead 宜宾 --db "$TMP/e.db" >/dev/null || return 1
  a=$(audit_count)
  n=$(q "select count(*) from ledger_items")
  before=$(q "select group_concat(x, ',') from (select number||text as x from ledger_items order by id) t")
  for cmd in "add 1 --text 越权" "edit 7 --text 越权" "renumber 7 9-9" "merge 7 8"; do
    # shellcheck disable=SC2086
    expect_status 1 "$LUOSHI" ledger $cmd --db "$TMP/e.db" --as yb || return 1
    expect_eq "$(cat "$TMP/err")" "luoshi ledger: yb may not review reports or change the ledger" "$cmd" || return 1
  done
  expect_eq "$(q "select count(*) from ledger_items")" "$n" || return 1
  expect_eq "$(q "select group_concat(x, ',') from (select number||text as x from ledger_items order by id) t")" "$before" || return 1
  expect_eq "$(audit_count)" "$a" || return 1
}
