# The ledger page (/ledger), its CSV export (/ledger.csv), the items API, and the document
# pages with their API, through `luoshi http` (no socket): every filter narrows the list, a
# reporter sees only their unit's items, paging totals add up, the CSV holds the same rows as
# the page and defuses formulas, planted markup is escaped, the document page keeps page
# markers apart and links every task sentence to its item, and every request written as an
# example in docs/api.md answers 200 with JSON.

# A ledger with assignments, a report, warnings and two planted items; sets DB, SUP (a bearer
# token of the supervisor), YIBIN (the 宜宾 unit's id), NYIBIN (its items), NALL (all items).
setup_ledger() {
  export LUOSHI_TODAY=2019-09-30
  web_db "$TMP/l.db"
  L() { "$LUOSHI" --db "$DB" "$@"; }
  echo 'pass-word-1' | L user add sup 督查员 supervisor >/dev/null
  echo 'pass-word-2' | L user add yibin 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null
  echo 'pass-word-3' | L user add luzhou 泸州填报员 reporter --unit 泸州市人民政府 >/dev/null
  for id in $(L ledger list 1 --place 511500 --json | jq -r '.[].id' | head -n 4); do
    L ledger assign "$id" --lead 宜宾市人民政府 --deadline 2019-12-31 --leader 分管副省长 >/dev/null
  done
  for id in $(L ledger list 1 --place 510500 --json | jq -r '.[].id' | head -n 3); do
    L ledger assign "$id" --lead 泸州市人民政府 --deadline 2019-09-15 >/dev/null
  done
  first=$(L ledger list 1 --unit 宜宾市人民政府 --json | jq -r '.[0].id')
  rep=$(L report file "$first" --period 2019-08 --progress 40 --done 开工 --as yibin --json |
    jq -r .report)
  L report submit "$rep" --as yibin >/dev/null
  L report accept "$rep" --as sup >/dev/null
  L ledger add 1 --text '=HYPERLINK("x")' >/dev/null
  L ledger add 1 --text '<script>alert(1)</script>' >/dev/null
  L warnings run --date 2019-09-30 >/dev/null
  SUP=$(L token sup)
  YIBIN=$(L unit list --json | jq -r '.[] | select(.name=="宜宾市人民政府") | .id')
  NYIBIN=$(L ledger list 1 --unit 宜宾市人民政府 --json | jq length)
  NALL=$(L ledger list 1 --json | jq length)
}

# api PATH: GET PATH with the supervisor's token; body in $TMP/body.
api() { WEB_COOKIE= WEB_AUTH=$SUP web_req GET "$1"; }
# total PATH: the "total" of an API list.
total() { api "$1" && jq -r .total "$TMP/body"; }
# shown PATH: the "共 N 项" of a ledger page (as the logged-in person).
# (In $(…), so check WEB_STATUS with its own web_req.)
shown() {
  web_req GET "$1"
  c=$(grep -o '共 [0-9]* 项' "$TMP/body" | head -n 1 | tr -dc 0-9)
  if [ -n "$c" ]; then echo "$c"; elif grep -q '没有符合条件的事项' "$TMP/body"; then echo 0; fi
}

t_every_filter_narrows_the_ledger_and_the_page_agrees_with_the_api() {
  setup_ledger || return 1
  expect_eq "$(total /api/v1/items)" "$NALL" "all items"
  web_login sup pass-word-1 || return 1
  for f in "status=%E6%8E%A8%E8%BF%9B%E4%B8%AD" "unit=$YIBIN" "measure=3" "warning=red" \
    "before=2019-12-31" "kind=project" "place=511500" "doc=1&measure=7&sort=deadline" \
    "q=%E4%BA%A4%E9%80%9A"; do
    n=$(total "/api/v1/items?$f&limit=500")
    [ "$n" -gt 0 ] && [ "$n" -lt "$NALL" ] || fail "$f: $n of $NALL items"
    expect_eq "$(jq '.items | length' "$TMP/body")" "$n" "$f: items listed"
    expect_eq "$(shown "/ledger?$f")" "$n" "$f: the page's count"
    web_req GET "/ledger?$f"
    expect_eq "$WEB_STATUS" 200 "$f: page status"
  done
  # Each filter holds for every item it lets through.
  api "/api/v1/items?status=%E6%8E%A8%E8%BF%9B%E4%B8%AD&limit=500"
  expect_eq "$(jq '[.items[] | select(.status != "推进中")] | length' "$TMP/body")" 0 "status"
  api "/api/v1/items?unit=$YIBIN&limit=500"
  expect_eq "$(jq -r '[.items[].lead_unit.name] | unique | join(",")' "$TMP/body")" 宜宾市人民政府 "unit"
  expect_eq "$(jq '.total' "$TMP/body")" "$NYIBIN" "unit count"
  api "/api/v1/items?measure=3&limit=500"
  expect_eq "$(jq '[.items[] | select(.measure != 3)] | length' "$TMP/body")" 0 "measure"
  api "/api/v1/items?warning=red&limit=500"
  expect_eq "$(jq '[.items[] | select(.warning != "red")] | length' "$TMP/body")" 0 "warning"
  api "/api/v1/items?before=2019-12-31&limit=500"
  expect_eq "$(jq '[.items[] | select(.deadline == null or .deadline > "2019-12-31")] | length' \
    "$TMP/body")" 0 "before"
  api "/api/v1/items?kind=project&limit=500"
  expect_eq "$(jq '[.items[] | select(.kind != "project")] | length' "$TMP/body")" 0 "kind"
  api "/api/v1/items?sort=deadline&limit=3"
  expect_eq "$(jq -r '.items[0].deadline' "$TMP/body")" 2019-09-15 "sorted by deadline"
  # The dashboard's map link, and the same place by name.
  expect_eq "$(total '/api/v1/items?place=511500')" "$(L ledger list 1 --place 511500 --json | jq length)" "place"
  # Search words are marked in the text.
  web_req GET '/ledger?q=%E4%BA%A4%E9%80%9A'
  expect_contains "$(cat "$TMP/body")" "<mark>交通</mark>" "the marked search"
}

t_bad_filter_values_get_a_message_not_a_500() {
  setup_ledger || return 1
  web_login sup pass-word-1 || return 1
  for f in before=2019-02-30 before=soon status=done warning=green kind=x sort=size \
    page=0 unit=99999 doc=77 measure=-1; do
    web_req GET "/ledger?$f"
    expect_eq "$WEB_STATUS" 400 "/ledger?$f"
    grep -q 'role="alert"' "$TMP/body" || fail "/ledger?$f: no message"
    grep -q 'name="before"' "$TMP/body" || fail "/ledger?$f: no filter form"
    api "/api/v1/items?$f"
    expect_eq "$WEB_STATUS" 400 "/api/v1/items?$f"
    expect_eq "$(jq -r '.error.status' "$TMP/body")" 400 "the error envelope"
  done
  web_req GET '/ledger?status=%E6%BB%9E%E5%90%8E&before=nope'
  expect_contains "$(cat "$TMP/body")" "YYYY-MM-DD" "the date message"
  web_req GET '/ledger.csv?status=nope'
  expect_eq "$WEB_STATUS" 400 "CSV with a bad filter"
}

t_a_reporter_sees_only_their_units_items() {
  setup_ledger || return 1
  web_login yibin pass-word-2 || return 1
  expect_eq "$(shown /ledger)" "$NYIBIN" "the reporter's ledger"
  grep -o 'data-label="牵头单位">[^<]*' "$TMP/body" | sort -u >"$TMP/leads"
  expect_eq "$(cat "$TMP/leads")" 'data-label="牵头单位">宜宾市人民政府' "lead units shown"
  WEB_CSRF_HEADER=0 web_req GET /api/v1/items
  expect_eq "$(jq .total "$TMP/body")" "$NYIBIN" "the reporter's API list"
  # Even a filter asking for another unit stays within reach.
  luzhou=$(L unit list --json | jq -r '.[] | select(.name=="泸州市人民政府") | .id')
  expect_eq "$(shown "/ledger?unit=$luzhou")" 0 "another unit's items"
  other=$(L ledger list 1 --unit 泸州市人民政府 --json | jq -r '.[0].id')
  web_req GET "/api/v1/items/$other"
  expect_eq "$WEB_STATUS" 403 "another unit's item"
  expect_eq "$(jq -r .error.status "$TMP/body")" 403 "its envelope"
  web_req GET /api/v1/items/99999
  expect_eq "$WEB_STATUS" 404 "an unknown item"
  own=$(L ledger list 1 --unit 宜宾市人民政府 --json | jq -r '.[0].id')
  web_req GET "/api/v1/items/$own"
  expect_eq "$WEB_STATUS" 200 "their own item"
  expect_eq "$(jq -r .item.lead_unit.name "$TMP/body")" 宜宾市人民政府 "its lead unit"
  expect_eq "$(jq -r .item.progress "$TMP/body")" 40 "its progress"
  [ -n "$(jq -r '.item.source.sentence // empty' "$TMP/body")" ] || fail "no source sentence"
  expect_contains "$(jq -r .item.source.url "$TMP/body")" "/documents/1#task-" "source link"
  # The reporter's CSV holds their rows only.
  web_req GET /ledger.csv
  expect_eq "$(($(sed 1d "$TMP/body" | wc -l)))" "$NYIBIN" "CSV rows"
}

t_paging_totals_add_up() {
  setup_ledger || return 1
  web_login sup pass-word-1 || return 1
  pages=$(((NALL + 49) / 50))
  web_req GET /ledger
  expect_contains "$(cat "$TMP/body")" "第 1–50 项，共 $NALL 项" "page 1"
  expect_eq "$(grep -o '<tr id="item-' "$TMP/body" | wc -l)" 50 "rows on page 1"
  seen=0
  for p in $(seq 1 "$pages"); do
    web_req GET "/ledger?page=$p"
    seen=$((seen + $(grep -o '<tr id="item-' "$TMP/body" | wc -l)))
  done
  expect_eq "$seen" "$NALL" "rows over every page"
  web_req GET "/ledger?page=$pages"
  expect_contains "$(cat "$TMP/body")" "第 $(((pages - 1) * 50 + 1))–$NALL 项，共 $NALL 项" "last page"
  expect_contains "$(cat "$TMP/body")" 'rel="prev" href="/ledger?page=' "a link back"
  web_req GET '/ledger?kind=project&page=1'
  expect_contains "$(cat "$TMP/body")" 'href="/ledger.csv?kind=project"' "export keeps the filter"
  api "/api/v1/items?limit=7&offset=$((NALL - 3))"
  expect_eq "$(jq -c '[(.items|length), .total, .limit, .offset]' "$TMP/body")" \
    "[3,$NALL,7,$((NALL - 3))]" "API paging"
  api "/api/v1/items?limit=9999"
  expect_eq "$(jq -c '[(.items|length), .limit]' "$TMP/body")" "[$( [ "$NALL" -lt 500 ] && echo "$NALL" || echo 500),500]" "limit capped"
}

t_csv_is_what_the_page_shows_with_bom_quoting_and_formula_defence() {
  setup_ledger || return 1
  web_login sup pass-word-1 || return 1
  web_req GET /ledger.csv
  expect_eq "$WEB_STATUS" 200 "status"
  expect_eq "$(head -c 3 "$TMP/body" | od -An -tx1 | tr -d ' ')" efbbbf "the BOM"
  expect_contains "$(cat "$TMP/resp")" 'Content-Disposition: attachment; filename="luoshi-ledger-2019-09-30.csv"' "header"
  expect_contains "$(cat "$TMP/resp")" 'Content-Type: text/csv; charset=utf-8' "type"
  expect_eq "$(head -n 1 "$TMP/body" | tail -c +4 | tr -d '\r')" \
    "序号,任务内容,牵头单位,配合单位,责任领导,完成时限,进展,状态,预警" "columns"
  expect_eq "$(($(sed 1d "$TMP/body" | wc -l)))" "$NALL" "every page's rows"
  grep -q "\"'=HYPERLINK(\"\"x\"\")\"" "$TMP/body" || fail "the formula is not defused: $(grep HYPERLINK "$TMP/body")"
  grep -q '^[^,]*,=' "$TMP/body" && fail "a field begins with ="
  # The same rows, in the same order, as the page under a filter.
  web_req GET '/ledger?place=511500&sort=deadline'
  grep -o '<tr id="item-[0-9]*"><td data-label="序号" class="nowrap">[^<]*' "$TMP/body" |
    sed 's/.*>//' >"$TMP/page"
  web_req GET '/ledger.csv?place=511500&sort=deadline'
  sed 1d "$TMP/body" | cut -d, -f1 >"$TMP/csv"
  [ -s "$TMP/page" ] || fail "no rows on the page"
  expect_eq "$(cat "$TMP/csv")" "$(cat "$TMP/page")" "CSV rows against the page"
  sed 1d "$TMP/body" | grep -q '0%\|40%' || true
  # RFC 4180: a field with a comma or quote is quoted (the python csv module reads it back).
  web_req GET /ledger.csv
  n=$(tail -c +4 "$TMP/body" | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); print(len(r)-1, set(len(x) for x in r))')
  expect_eq "$n" "$NALL {9}" "rows and columns as a CSV reader sees them"
}

t_planted_markup_is_escaped() {
  setup_ledger || return 1
  web_login sup pass-word-1 || return 1
  for p in /ledger?page=10 '/ledger?q=script' '/ledger?q=alert' /documents/1; do
    web_req GET "$p"
    grep -q '<script>alert' "$TMP/body" && fail "$p: raw script"
  done
  web_req GET "/ledger?page=$(((NALL + 49) / 50))"
  expect_contains "$(cat "$TMP/body")" '&lt;script&gt;alert(1)&lt;/script&gt;' "the escaped text"
  web_req GET '/ledger?q=script'
  grep -q '&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;' "$TMP/body" ||
    grep -q '&lt;script&gt;' "$TMP/body" || fail "search result not escaped"
  web_req GET '/ledger?place=%22%3E%3Cscript%3Ex%3C/script%3E'
  grep -q '"><script>x' "$TMP/body" && fail "the place filter echoed raw"
  true
}

t_the_document_page_shows_its_structure_and_links_every_task() {
  setup_ledger || return 1
  web_login sup pass-word-1 || return 1
  web_req GET /documents
  expect_eq "$WEB_STATUS" 200 "/documents"
  expect_contains "$(cat "$TMP/body")" 'href="/documents/1"' "the list links the document"
  web_req GET /documents/1
  expect_eq "$WEB_STATUS" 200 "/documents/1"
  body=$(cat "$TMP/body")
  # Page markers and the running title are blocks of their own, labelled as layout marks.
  expect_eq "$(grep -o '<p class="doc-marker muted" id="block-[0-9]*"><span class="badge">版面标记' "$TMP/body" | wc -l)" 3 "layout marks"
  expect_contains "$body" '版面标记 · 转版</span> （上接第1版）' "the page jump"
  expect_contains "$body" 'class="doc-fragment" id="fragment-2"' "the fragment mark"
  expect_contains "$body" '导入诊断' "diagnostics"
  expect_contains "$body" '<h3 class="doc-heading" id="block-11">3.壮大区域发展重要支点。' "a measure"
  # Every task's anchor is there, and every item made from a task is linked.
  api "/api/v1/documents/1"
  jq -r '.item.tasks[].id' "$TMP/body" >"$TMP/tasks"
  missing=0
  while read -r t; do
    grep -q "id=\"task-$t\"" <<<"$body" || missing=$((missing + 1))
  done <"$TMP/tasks"
  expect_eq "$missing" 0 "task anchors missing"
  api "/api/v1/items?doc=1&limit=500"
  jq -r '.items[] | select(.task != null) | .id' "$TMP/body" >"$TMP/items"
  unlinked=0
  while read -r i; do
    grep -q "href=\"/items/$i\"" <<<"$body" || unlinked=$((unlinked + 1))
  done <"$TMP/items"
  expect_eq "$unlinked" 0 "items not linked from their sentence"
  # The link sits in the sentence that made the task.
  api "/api/v1/items/$(head -n 1 "$TMP/items")"
  t=$(jq -r .item.task "$TMP/body")
  grep -o "<mark class=\"task-sentence\" id=\"task-$t\"[^>]*>\(<span id=\"task-[0-9]*\"></span>\)*<a href=\"/items/$(head -n 1 "$TMP/items")\">" <<<"$body" >/dev/null ||
    fail "task $t's sentence does not link its item"
  web_req GET /documents/99
  expect_eq "$WEB_STATUS" 404 "an unknown document"
  # A reporter reads the document but has links only to their items.
  web_login yibin pass-word-2 || return 1
  web_req GET /documents/1
  expect_eq "$(grep -o 'href="/items/' "$TMP/body" | sort -u | wc -l)" 1 "link form"
  n=$(grep -o 'class="item-link" href="/items/[0-9]*"' "$TMP/body" | sort -u | wc -l)
  [ "$n" -le "$NYIBIN" ] || fail "the reporter gets $n item links for $NYIBIN items"
}

t_documents_api() {
  setup_ledger || return 1
  api /api/v1/documents
  expect_eq "$(jq -c '[.total, .items[0].id, .items[0].tasks, .limit, .offset]' "$TMP/body")" \
    "[1,1,497,50,0]" "the list"
  api /api/v1/documents/1
  expect_eq "$(jq -r '.item.blocks | map(.kind) | unique | join(",")' "$TMP/body")" \
    "heading,page-marker,paragraph,running-title" "block kinds"
  api /api/v1/documents/5
  expect_eq "$WEB_STATUS" 404 "unknown"
  expect_eq "$(jq -r .error.status "$TMP/body")" 404 "envelope"
  WEB_AUTH= WEB_COOKIE= web_req GET /api/v1/documents
  expect_eq "$WEB_STATUS" 401 "without a token"
}

# Every request written as an example in docs/api.md — a line "GET /api/…" opening a fenced
# block tagged http — answers 200 with valid JSON, run with a supervisor's bearer token on this
# suite's demo ledger. Generic: sections others add are checked the same way.
t_every_api_md_example_runs() {
  setup_ledger || return 1
  doc="$ROOT/docs/api.md"
  [ -f "$doc" ] || { fail "no docs/api.md"; return 1; }
  awk '/^```http/{getline; print}' "$doc" | tr -d '\r' >"$TMP/examples"
  n=$(wc -l <"$TMP/examples")
  [ "$n" -ge 5 ] || fail "only $n examples in docs/api.md"
  while read -r method path _; do
    [ "$method" = GET ] || continue
    api "$path"
    expect_eq "$WEB_STATUS" 200 "$method $path"
    jq -e . "$TMP/body" >/dev/null 2>&1 || fail "$method $path: not JSON: $(head -c 200 "$TMP/body")"
  done <"$TMP/examples"
}
