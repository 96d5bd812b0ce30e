# End-to-end tests of the unit pages (/units, /units/{id}) and their API (/api/v1/units,
# /api/v1/warnings): counts agree with `luoshi ledger list --unit`, report punctuality on a
# hand-made case, and a reporter's reach.

setup_units() {
  web_db "$TMP/u.db" || return 1
  echo 'pass-word-1' | "$LUOSHI" user add sup 督查员 supervisor --db "$DB" >/dev/null || return 1
  echo 'pass-word-2' | "$LUOSHI" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 --db "$DB" >/dev/null || return 1
  "$LUOSHI" unit list --json --db "$DB" >"$TMP/units.json" || return 1
}

unit_id() { jq -r --arg n "$1" '.[] | select(.name==$n) | .id' "$TMP/units.json"; }

# The number in the page's stat labelled $1.
stat_of() { grep -ao "<b>[0-9]*</b>$1" "$TMP/body" | head -n 1 | sed 's/<b>\([0-9]*\)<.*/\1/'; }

t_unit_counts_agree_with_the_ledger_list() {
  setup_units || return 1
  "$LUOSHI" warnings run --date 2019-03-20 --db "$DB" >/dev/null || return 1
  web_login sup pass-word-1 || return 1
  web_req GET /api/v1/units?limit=500
  expect_eq "$WEB_STATUS" 200 "the unit API"
  cp "$TMP/body" "$TMP/api.json"
  expect_eq "$(jq .total "$TMP/api.json")" "$(jq length "$TMP/units.json")" "units in the API"
  for name in 宜宾市人民政府 省发展改革委 省委省政府 省交通运输厅; do
    id=$(unit_id "$name")
    want=$("$LUOSHI" ledger list 1 --unit "$name" --json --db "$DB" | jq length)
    yellow=$("$LUOSHI" ledger list 1 --unit "$name" --warning yellow --json --db "$DB" | jq length)
    red=$("$LUOSHI" ledger list 1 --unit "$name" --warning red --json --db "$DB" | jq length)
    web_req GET "/units/$id"
    expect_eq "$WEB_STATUS" 200 "/units/$id"
    expect_eq "$(stat_of 牵头事项)" "$want" "items on the page of $name"
    expect_eq "$(grep -ao '<tr><td data-label="编号">' "$TMP/body" | wc -l)" "$want" "item rows of $name"
    expect_eq "$(jq -c --argjson id "$id" '.items[] | select(.id==$id) | [.items, .yellow, .red]' "$TMP/api.json")" \
      "[$want,$yellow,$red]" "API counts of $name"
  done
  # the tree shows the same counts
  web_req GET /units
  expect_eq "$WEB_STATUS" 200 "/units"
  id=$(unit_id 宜宾市人民政府)
  want=$("$LUOSHI" ledger list 1 --unit 宜宾市人民政府 --json --db "$DB" | jq length)
  expect_contains "$(cat "$TMP/body")" "<a href=\"/units/$id\">宜宾市人民政府</a> <small class=\"muted\">市</small> <span class=\"counts\">$want 项" "the tree"
}

t_punctuality_on_a_hand_made_case() {
  setup_units || return 1
  "$LUOSHI" unit add 测试办 department --db "$DB" >/dev/null || return 1
  for i in 1 2 3; do
    "$LUOSHI" ledger assign "$i" --lead 测试办 --db "$DB" >/dev/null || return 1
  done
  # two reports on time (due in 2099), one late (due in 2019, submitted today)
  for pair in 1:2099-01 2:2099-02 3:2019-03; do
    r=$("$LUOSHI" report file "${pair%%:*}" --period "${pair#*:}" --progress 20 --json --db "$DB" | jq -r .report)
    "$LUOSHI" report submit "$r" --db "$DB" >/dev/null || return 1
  done
  # a draft counts for nothing
  "$LUOSHI" report file 1 --period 2099-03 --progress 30 --db "$DB" >/dev/null || return 1
  id=$("$LUOSHI" unit list --json --db "$DB" | jq -r '.[] | select(.name=="测试办") | .id')
  web_login sup pass-word-1 || return 1
  web_req GET "/units/$id"
  expect_eq "$WEB_STATUS" 200 "the unit page"
  body=$(cat "$TMP/body")
  expect_contains "$body" 'data-on-time="2"' "on time"
  expect_contains "$body" 'data-late="1"' "late"
  expect_contains "$body" 'data-missing="0"' "missing"
  expect_contains "$body" '<b>67%</b>' "the share on time"
  # a warnings run in 2019-04 finds all three without a report for April: 2 of 6 on time
  "$LUOSHI" warnings run --date 2019-04-20 --db "$DB" >/dev/null || return 1
  web_req GET "/units/$id"
  body=$(cat "$TMP/body")
  expect_contains "$body" 'data-missing="3"' "missing after the April run"
  expect_contains "$body" '<b>33%</b>' "the share with the missing ones"
  WEB_LANG=en web_req GET "/units/$id"
  expect_contains "$(cat "$TMP/body")" "reports on time" "the English page"
}

t_a_reporter_reaches_only_their_units() {
  setup_units || return 1
  "$LUOSHI" warnings run --date 2019-03-20 --db "$DB" >/dev/null || return 1
  web_login yb pass-word-2 || return 1
  yb=$(unit_id 宜宾市人民政府)
  county=$(jq -r --argjson p "$yb" '[.[] | select(.parent==$p)][0].id' "$TMP/units.json")
  for other in 泸州市人民政府 省发展改革委 省委省政府; do
    web_req GET "/units/$(unit_id "$other")"
    expect_eq "$WEB_STATUS" 403 "the reporter opening $other"
  done
  web_req GET "/units/$yb"
  expect_eq "$WEB_STATUS" 200 "the reporter's own unit"
  web_req GET "/units/$county"
  expect_eq "$WEB_STATUS" 200 "a unit below the reporter's"
  web_req GET /units/99999
  expect_eq "$WEB_STATUS" 404 "an unknown unit"
  # the tree counts only the reporter's items, and links only to units they may open
  web_req GET /units
  mine=$("$LUOSHI" ledger list 1 --unit 宜宾市人民政府 --json --db "$DB" | jq length)
  expect_contains "$(cat "$TMP/body")" "<span>省委省政府</span> <small class=\"muted\">领导机构</small> <span class=\"counts\">$mine 项" "the top unit's count"
  if grep -aq "href=\"/units/$(unit_id 泸州市人民政府)\"" "$TMP/body"; then fail "a link to another unit's page"; fi
  # the warnings API shows only the reporter's items' warnings
  web_req GET '/api/v1/warnings?limit=500'
  expect_eq "$WEB_STATUS" 200 "the warnings API"
  "$LUOSHI" ledger list 1 --unit 宜宾市人民政府 --json --db "$DB" | jq '[.[].id] | sort' >"$TMP/mine.json"
  expect_eq "$(jq -c '[.items[].item] | unique | sort' "$TMP/body")" "$(jq -c . "$TMP/mine.json")" "warned items"
  web_req GET '/api/v1/warnings?colour=purple'
  expect_eq "$WEB_STATUS" 400 "a colour that is none"
  expect_eq "$(jq -r .error.status "$TMP/body")" 400 "the error envelope"
  web_req GET '/api/v1/units?limit=-1'
  expect_eq "$WEB_STATUS" 400 "a negative limit"
}

t_api_index_lists_the_api_routes() {
  setup_units || return 1
  WEB_COOKIE= web_req GET /api/v1
  expect_eq "$WEB_STATUS" 200 "the API index without login"
  expect_eq "$(jq -r '[.name, .version] | join(" ")' "$TMP/body")" "luoshi v1"
  expect_eq "$(jq -r '.endpoints[] | "\(.method) \(.path)"' "$TMP/body" | sort)" \
    "$("$LUOSHI" serve --routes | awk '$2 ~ /^\/api\// {print $1, $2}' | sort)" "the endpoints"
}
