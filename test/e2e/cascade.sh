# End-to-end tests of the cascade (层层分解): splitting to sub-units, weights, roll-up, laggards.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_cascade() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/c.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/c.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/c.db" >/dev/null || return 1
  "$LUOSHI" ledger assign 7 --lead 宜宾 --db "$TMP/c.db" >/dev/null || return 1
  echo 'pass-word-1' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$TMP/c.db" >/dev/null
}

t_three_levels_roll_up_by_weight() {
  setup_cascade || return 1
  expect_status 0 "$LUOSHI" ledger split 7 --unit 翠屏区人民政府 --unit 叙州区人民政府 --weight 2 --weight 1 --db "$TMP/c.db" --as yb || return 1
  a=$(sql "$TMP/c.db" "select min(id) from ledger_items where parent_id=7")
  b=$((a + 1))
  expect_status 0 "$LUOSHI" ledger split "$a" --unit 省交通运输厅 --unit 省财政厅 --db "$TMP/c.db" || return 1
  c=$(sql "$TMP/c.db" "select min(id) from ledger_items where parent_id=$a")
  for pair in "$c:80" "$((c + 1)):40" "$b:30"; do
    "$LUOSHI" report file "${pair%%:*}" --period 2019-03 --progress "${pair##*:}" --db "$TMP/c.db" >/dev/null || return 1
  done
  for r in 1 2 3; do "$LUOSHI" report submit "$r" --db "$TMP/c.db" || return 1; done
  "$LUOSHI" ledger tree 7 --json --db "$TMP/c.db" >"$TMP/t.json" || return 1
  # level 3: 80 and 40 -> 60; level 2: (60*2 + 30*1)/3 = 50
  expect_eq "$(jq -r '.[] | "\(.number) \(.rolled) \(.holds_back)"' "$TMP/t.json" | sort)" \
"0-7 50 false
0-7-1 60 false
0-7-1-1 80 false
0-7-1-2 40 true
0-7-2 30 true"
}

t_a_unit_splits_only_to_its_own() {
  setup_cascade || return 1
  expect_status 1 "$LUOSHI" ledger split 7 --unit 成都市人民政府 --db "$TMP/c.db" --as yb || return 1
  expect_contains "$(cat "$TMP/err")" "only to units below theirs"
  expect_status 1 "$LUOSHI" ledger split 8 --unit 翠屏区人民政府 --db "$TMP/c.db" --as yb || return 1
  expect_status 1 "$LUOSHI" ledger split 7 --unit 翠屏区人民政府 --weight 0 --db "$TMP/c.db" || return 1
  expect_eq "$(sql "$TMP/c.db" "select count(*) from ledger_items where parent_id is not null")" "0"
}
