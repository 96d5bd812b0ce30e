# End-to-end tests of 挂图作战 (GET /), the timeline (GET /timeline) and the public page
# (GET /public, GET /api/v1/public/items), through `luoshi http` (test/lib.sh web_req).

PW='dashboard-pass'
export LUOSHI_TODAY=2019-09-30

L() { "$LUOSHI" --db "$DB" "$@"; }

# The sample's ledger, a supervisor (sup) and a reporter of 宜宾 (yb); item $YB (the first item
# whose sentence names 宜宾) is led by 宜宾市人民政府 and overdue, so the warnings run of today
# makes it red.
setup_dash() {
  web_db "$TMP/d.db" || return 1
  echo "$PW" | L user add sup 督查员 supervisor --unit 省委办公厅 >/dev/null || return 1
  echo "$PW" | L user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  YB=$(L ledger list 1 --place 511500 --json | jq -r '.[0].id')
  [ -n "$YB" ] && [ "$YB" != null ] || return 1
  L ledger assign "$YB" --lead 宜宾市人民政府 --deadline 2019-06-30 >/dev/null || return 1
  L warnings run --date "$LUOSHI_TODAY" >/dev/null || return 1
}

# Is $TMP/body well-formed enough? xmllint's HTML parser (libxml2 2.9) knows no HTML5 or SVG
# element names, so "Tag X invalid" is ignored; anything else it says is an error. Each inline
# <svg> must also parse as XML, and the request must have written nothing to stderr (sanitizers).
expect_well_formed() {
  [ ! -s "$TMP/resp.err" ] || fail "$1: stderr: $(head -c 400 "$TMP/resp.err")"
  errs=$(xmllint --html --noout "$TMP/body" 2>&1 | grep -a 'error' | grep -av 'Tag [a-z]* invalid')
  [ -z "$errs" ] || fail "$1: xmllint: $(printf '%s' "$errs" | head -c 400)"
  python3 - "$TMP/body" "$1" <<'PY' || fail "$1: an <svg> is not well-formed XML"
import re, sys, xml.dom.minidom
html = open(sys.argv[1], encoding='utf-8').read()
for svg in re.findall(r'<svg\b.*?</svg>', html, re.S):
    xml.dom.minidom.parseString(svg)
PY
}

t_dashboard_needs_login() {
  setup_dash || return 1
  web_req GET /
  expect_eq "$WEB_STATUS" 303 "status"
  expect_contains "$(cat "$TMP/resp")" "Location: /login?next=%2F"
}

t_dashboard_map_colours_divisions_by_worst_warning() {
  setup_dash || return 1
  Z=$(L ledger list 1 --json | jq -r '.[2].id')
  L ledger assign "$Z" --deadline 2019-09-20 >/dev/null || return 1
  web_login sup "$PW" || return 1
  web_req GET /
  expect_eq "$WEB_STATUS" 200 "status"
  # the province's 21 prefecture-level divisions, each a path with its code
  expect_eq "$(grep -o '<path [^>]*class="div[ "][^>]*data-code="[0-9]*"' "$TMP/body" | wc -l)" 21 "divisions"
  # 宜宾 holds the overdue item: red, and its label counts it
  expect_contains "$(grep -o '<path [^>]*class="div[^>]*data-code="511500"[^>]*>' "$TMP/body")" 'fill="#d64541"'
  expect_contains "$(cat "$TMP/body")" '红</text>'
  expect_contains "$(cat "$TMP/body")" 'href="/ledger?place=511500"'
  expect_contains "$(cat "$TMP/body")" 'id="zones-toggle"'
  expect_contains "$(cat "$TMP/body")" 'class="zones"'
  # the legend says what the colour means
  expect_contains "$(cat "$TMP/body")" '最严重的预警'
  # counts beside the map link to the ledger lists that show the same items
  expect_contains "$(cat "$TMP/body")" 'href="/ledger?warning=red"><b>1</b>'
  # due this month: the one item, and no other
  expect_contains "$(sed -n '/dash-deadlines/,/<\/section>/p' "$TMP/body")" "/items/$Z\""
  expect_contains "$(cat "$TMP/body")" '本月到期未完成共 1 项'
  # not reported this cycle: every open item (no report was filed at all)
  expect_contains "$(cat "$TMP/body")" '本期未报送 '
  expect_contains "$(cat "$TMP/body")" '各项措施推进情况'
  expect_contains "$(cat "$TMP/body")" '（3）壮大区域发展重要支点'
  # every division's count is what the ledger's place filter lists
  for code in $(grep -o 'class="division-row" data-code="[0-9]*"' "$TMP/body" | grep -o '[0-9]\{6\}'); do
    shown=$(grep -o "data-code=\"$code\"><td[^>]*><a[^>]*>[^<]*</a></td><td class=\"num\"[^>]*>[0-9]*" "$TMP/body" |
      sed 's/.*>//')
    listed=$(L ledger list 1 --place "$code" --json | jq length)
    expect_eq "$shown" "$listed" "items of $code on the map and in the ledger"
  done
  # an item led by a county's unit counts in its city: the map and the ledger agree again
  before=$(L ledger list 1 --place 511500 --json | jq length)
  last=$(L ledger list 1 --json | jq -r '.[-1].id')
  L ledger assign "$last" --lead 翠屏区人民政府 >/dev/null || return 1
  expect_eq "$(L ledger list 1 --place 511500 --json | jq length)" "$((before + 1))" "宜宾 with a county's item"
  expect_eq "$(L ledger list 1 --place 511502 --json | jq -r '.[].id')" "$last" "翠屏区's items"
  web_req GET /
  expect_contains "$(cat "$TMP/body")" "data-code=\"511500\"><td data-label=\"市（州）\"><a href=\"/ledger?place=511500\">宜宾市</a></td><td class=\"num\" data-label=\"事项\">$((before + 1))<"
  expect_well_formed "dashboard"
}

t_dashboard_reporter_counts_only_their_items() {
  setup_dash || return 1
  web_login yb "$PW" || return 1
  web_req GET /
  expect_eq "$WEB_STATUS" 200 "status"
  expect_contains "$(cat "$TMP/body")" '只统计您负责或参与的事项'
  # only the items 宜宾 leads reach its reporter: the map and the counts know only them
  n=$(L ledger list 1 --unit 宜宾市人民政府 --json | jq length)
  expect_contains "$(cat "$TMP/body")" "href=\"/ledger\"><b>$n</b>"
  expect_contains "$(grep -o '<path [^>]*class="div[^>]*data-code="511500"[^>]*>' "$TMP/body")" 'fill="#d64541"'
  expect_contains "$(grep -o '<path [^>]*class="div[^>]*data-code="510100"[^>]*>' "$TMP/body")" 'nofill'
  n=$(grep -o 'data-code="510100"><td[^>]*><a[^>]*>[^<]*</a></td><td class="num"[^>]*>[0-9]*' "$TMP/body" | sed 's/.*>//')
  expect_eq "$n" 0 "成都 for 宜宾's reporter"
  # another unit's item is not listed anywhere on the page
  other=$(L ledger list 1 --place 510100 --json | jq -r '.[0].id')
  case "$(cat "$TMP/body")" in *"/items/$other\""*) fail "another unit's item $other is linked" ;; esac
  # a document that does not exist
  web_req GET '/?doc=99'
  expect_eq "$WEB_STATUS" 404 "unknown document"
}

t_dashboard_basemap_from_the_environment() {
  setup_dash || return 1
  web_login sup "$PW" || return 1
  # a basemap of two divisions in the TSV format
  grep -E '^(511500|510500)	' "$ROOT/data/geo/sichuan-prefectures.tsv" >"$TMP/two.tsv"
  LUOSHI_BASEMAP=$TMP/two.tsv web_req GET /
  expect_eq "$(grep -o '<path [^>]*class="div[ "]' "$TMP/body" | wc -l)" 2 "divisions of the custom map"
  expect_contains "$(grep -o '<path [^>]*class="div[^>]*data-code="511500"[^>]*>' "$TMP/body")" 'fill="#d64541"'
  # an office's own GeoJSON basemap (adcode and name, as the national platforms publish them)
  cat >"$TMP/two.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"adcode": 511500, "name": "宜宾市"},
  "geometry": {"type": "Polygon", "coordinates": [[[104.0,28.0],[105.0,28.0],[105.0,29.0],[104.0,29.0],[104.0,28.0]]]}},
 {"type": "Feature", "properties": {"adcode": 510500, "name": "泸州市"},
  "geometry": {"type": "MultiPolygon", "coordinates": [[[[105.0,28.0],[106.0,28.0],[106.0,29.0],[105.0,29.0],[105.0,28.0]]]]}}]}
JSON
  LUOSHI_BASEMAP=$TMP/two.geojson web_req GET /
  expect_eq "$(grep -o '<path [^>]*class="div[ "]' "$TMP/body" | wc -l)" 2 "divisions of the GeoJSON map"
  expect_contains "$(grep -o '<path [^>]*class="div[^>]*data-code="511500"[^>]*>' "$TMP/body")" 'fill="#d64541"'
  case "$(cat "$TMP/body")" in *底图文件*) fail "a notice for a good GeoJSON basemap" ;; esac
  printf '{"type": "FeatureCollection", "features": [' >"$TMP/bad.geojson"
  LUOSHI_BASEMAP=$TMP/bad.geojson web_req GET /
  expect_contains "$(cat "$TMP/body")" '底图文件' "the notice for broken GeoJSON"
  expect_eq "$(grep -o '<path [^>]*class="div[ "]' "$TMP/body" | wc -l)" 21 "divisions after broken GeoJSON"
  # a broken one: a notice, and the built-in map
  printf '511500\t宜宾市\tx\ty\tM 0 0 Q\n' >"$TMP/bad.tsv"
  LUOSHI_BASEMAP=$TMP/bad.tsv web_req GET /
  expect_eq "$WEB_STATUS" 200 "status with a broken basemap"
  expect_contains "$(cat "$TMP/body")" '底图文件'
  expect_eq "$(grep -o '<path [^>]*class="div[ "]' "$TMP/body" | wc -l)" 21 "divisions after the fallback"
  LUOSHI_BASEMAP=$TMP/missing.tsv web_req GET /
  expect_contains "$(cat "$TMP/body")" '无法读取底图文件'
  expect_eq "$(grep -o '<path [^>]*class="div[ "]' "$TMP/body" | wc -l)" 21 "divisions without the file"
}

t_timeline_today_milestones_paging_and_scope() {
  setup_dash || return 1
  L milestone add "$YB" --due 2019-08-31 --title 完成可研批复 >/dev/null || return 1
  m=$(L milestone add "$YB" --due 2019-07-31 --title 完成选址 --json | jq -r .milestone)
  L milestone reach "$m" --on 2019-07-20 >/dev/null || return 1
  L milestone add "$YB" --due 2019-12-31 --title 开工建设 >/dev/null || return 1
  web_login sup "$PW" || return 1
  web_req GET "/timeline?measure=3"
  expect_eq "$WEB_STATUS" 200 "status"
  expect_contains "$(cat "$TMP/body")" 'class="today"'
  expect_contains "$(cat "$TMP/body")" '2019-09-30'
  expect_contains "$(cat "$TMP/body")" 'class="mark missed"'
  expect_contains "$(cat "$TMP/body")" 'class="mark open"'
  expect_contains "$(cat "$TMP/body")" 'class="mark reached"'
  expect_contains "$(cat "$TMP/body")" '完成可研批复'
  expect_contains "$(cat "$TMP/body")" '壮大区域发展重要支点'
  expect_well_formed "timeline"
  # the whole ledger is more than one chart: paged
  web_req GET /timeline
  total=$(L ledger list 1 --json | jq length)
  expect_contains "$(cat "$TMP/body")" "共 $total 项"
  expect_contains "$(cat "$TMP/body")" 'href="/timeline?offset=300"'
  expect_eq "$(grep -o '<g class="row">' "$TMP/body" | wc -l)" 300 "rows of the first page"
  web_req GET "/timeline?offset=300"
  expect_eq "$(grep -o '<g class="row">' "$TMP/body" | wc -l)" "$((total - 300))" "rows of the second page"
  n=$(L ledger list 1 --unit 宜宾市人民政府 --json | jq length)
  web_req GET "/timeline?unit=宜宾市人民政府"
  expect_eq "$WEB_STATUS" 200 "unit filter"
  expect_eq "$(grep -o '<g class="row">' "$TMP/body" | wc -l)" "$n" "rows of 宜宾"
  # a reporter sees only their own items
  web_login yb "$PW" || return 1
  web_req GET /timeline
  expect_eq "$(grep -o '<g class="row">' "$TMP/body" | wc -l)" "$n" "rows for 宜宾's reporter"
  expect_contains "$(cat "$TMP/body")" "/items/$YB"
}

t_public_shows_exactly_the_published_items() {
  setup_dash || return 1
  ids=$(L ledger list 1 --json | jq -r '.[].id')
  A=$(echo "$ids" | sed -n 5p) B=$YB C=$(echo "$ids" | sed -n 7p)
  # C is never published; its text is made unmistakable
  L ledger edit "$C" --text '内部未公开事项甲乙丙' >/dev/null || return 1
  # B has a person as responsible leader, a report and a red warning: none of that is public
  L ledger assign "$B" --leader 张某某 >/dev/null || return 1
  r=$(L report file "$B" --period 2019-09 --progress 35 --done '报告正文机密内容' --problems '内部问题' --as yb --json | jq -r .report)
  L report submit "$r" --as yb >/dev/null || return 1
  L warnings run --date "$LUOSHI_TODAY" >/dev/null || return 1
  L ledger publish "$A" >/dev/null || return 1
  L ledger publish "$B" >/dev/null || return 1
  web_req GET /public
  expect_eq "$WEB_STATUS" 200 "status without login"
  expect_eq "$(grep -o 'id="item-[0-9]*"' "$TMP/body" | sort | tr '\n' ' ')" \
    "$(printf 'id="item-%s"\n' "$A" "$B" | sort | tr '\n' ' ')" "items on the public page"
  body=$(cat "$TMP/body")
  expect_contains "$body" "$(L ledger list 1 --json | jq -r ".[] | select(.id==$A) | .text")"
  expect_contains "$body" '宜宾市人民政府'
  expect_contains "$body" 'value="35"'
  expect_contains "$body" 'class="source"'
  expect_contains "$body" '<b>2</b>公开事项'
  for secret in 内部未公开事项甲乙丙 张某某 报告正文机密内容 内部问题 逾期 "item-$C\"" '/items/' '/ledger' \
    '/units' '/review' 'badge red'; do
    case "$body" in *"$secret"*) fail "the public page shows [$secret]" ;; esac
  done
  expect_well_formed "public"
  # the API: the same items, the same silence
  web_req GET /api/v1/public/items
  expect_eq "$WEB_STATUS" 200 "api status"
  expect_eq "$(jq -c '[.items[].id] | sort' "$TMP/body")" "$(printf '%s\n' "$A" "$B" | sort -n | jq -sc .)" "api items"
  expect_eq "$(jq -r '.total, .limit, .offset' "$TMP/body" | tr '\n' ' ')" "2 50 0 " "api envelope"
  expect_eq "$(jq -r ".items[] | select(.id==$B) | .progress" "$TMP/body")" 35 "progress"
  expect_contains "$(jq -r ".items[] | select(.id==$B) | .source.sentence" "$TMP/body")" 宜宾
  expect_eq "$(jq -c '[.items[] | keys] | add | unique' "$TMP/body")" \
    '["id","lead_unit","number","progress","source","status","text","url"]' "api fields"
  api=$(cat "$TMP/body")
  for secret in 内部未公开事项甲乙丙 张某某 报告正文机密内容 内部问题 逾期; do
    case "$api" in *"$secret"*) fail "the public API shows [$secret]" ;; esac
  done
  web_req GET "/api/v1/public/items?limit=1&offset=1"
  expect_eq "$(jq -r '.items | length' "$TMP/body")" 1 "paged"
  web_req GET "/api/v1/public/items?limit=abc"
  expect_eq "$WEB_STATUS" 400 "bad limit"
  # an unpublished item's id gives nothing: no route by id, no filter leaks it
  web_req GET "/api/v1/public/items/$C"
  expect_eq "$WEB_STATUS" 404 "public item by id"
  web_req GET "/api/v1/public/items?id=$C&item=$C"
  case "$(cat "$TMP/body")" in *内部未公开事项甲乙丙*) fail "an unpublished item leaks by id" ;; esac
  web_req GET "/public?item=$C&offset=0"
  case "$(cat "$TMP/body")" in *内部未公开事项甲乙丙*) fail "an unpublished item leaks by id" ;; esac
  # taken off again, it is gone
  L ledger publish "$A" --off >/dev/null || return 1
  web_req GET /api/v1/public/items
  expect_eq "$(jq -c '[.items[].id]' "$TMP/body")" "[$B]" "after unpublishing"
}

t_pages_are_well_formed_in_english_too() {
  setup_dash || return 1
  web_login sup "$PW" || return 1
  WEB_LANG=en
  for p in / /timeline /public; do
    web_req GET "$p"
    expect_eq "$WEB_STATUS" 200 "$p"
    expect_well_formed "$p (en)"
  done
  web_req GET /
  expect_contains "$(cat "$TMP/body")" 'Each division shows its items'
}
