# The reporting cycle on the web, through `luoshi http` with real logins and CSRF tokens: a
# 宜宾 reporter files a report with evidence and submits it; the supervisor returns it with a
# reason from /review; the reporter sees the reason, resubmits; the supervisor accepts; the
# item page shows both submissions, the evidence with its SHA-256 and the history. Refusals
# (no CSRF token, another unit, evidence over the limit, a return without reason) change
# nothing; planted markup never comes out unescaped; the API does the same with a bearer token.

# A ledger with 宜宾's item ITEM, a supervisor, a 宜宾 and a 泸州 reporter.
cycle_setup() {
  export LUOSHI_TODAY=2019-09-20
  web_db "$TMP/c.db"
  L() { "$LUOSHI" --db "$DB" "$@"; }
  echo 'pass-word-1' | L user add sup 督查员 supervisor --unit 省委办公厅 >/dev/null
  echo 'pass-word-1' | L user add yibin 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null
  echo 'pass-word-1' | L user add luzhou 泸州填报员 reporter --unit 泸州市人民政府 >/dev/null
  ITEM=$(L ledger list 1 --place 511500 --json | jq -r '.[0].id')
  L ledger assign "$ITEM" --lead 宜宾市人民政府 --deadline 2019-12-31 >/dev/null
}

# multipart_body FILENAME CONTENT FIELD=VALUE...: a multipart/form-data body (CRLF line ends)
# with the csrf field, the fields given and one evidence file; sets MP_TYPE.
MP_BOUNDARY=luoshiTestBoundary7MA4YWxk
MP_TYPE="multipart/form-data; boundary=$MP_BOUNDARY"
multipart_body() {
  _name=$1 _content=$2
  shift 2
  printf -- '--%s\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n' "$MP_BOUNDARY" "$WEB_CSRF"
  for kv in "$@"; do
    printf -- '--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' "$MP_BOUNDARY" "${kv%%=*}" "${kv#*=}"
  done
  if [ -n "$_name" ]; then
    printf -- '--%s\r\nContent-Disposition: form-data; name="evidence"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n%s\r\n' \
      "$MP_BOUNDARY" "$_name" "$_content"
  fi
  printf -- '--%s--\r\n' "$MP_BOUNDARY"
}

# report_state: the state of the item's report for 2019-09 ("" when none)
report_state() {
  "$LUOSHI" --db "$DB" report list "$ITEM" --json | jq -r '[.[] | select(.period=="2019-09")][0].state // ""'
}

t_web_report_cycle_return_resubmit_accept() {
  cycle_setup
  expect_eq "$(L ledger list 1 --json | jq -r ".[] | select(.id==$ITEM) | .status")" 未启动 "status before"
  web_login yibin pass-word-1 || return 1
  web_req GET "/items/$ITEM/report"
  expect_eq "$WEB_STATUS" 200 "the report form"
  expect_contains "$(cat "$TMP/body")" 'value="2019-09"' "the current period"
  expect_contains "$(cat "$TMP/body")" 'type="file" name="evidence" multiple' "the upload field"
  printf '验收材料 evidence' >"$TMP/ev.txt"
  body=$(multipart_body ev.txt "$(cat "$TMP/ev.txt")" period=2019-09 progress=30 done=完成可研 problems=资金缺口 next=开工 action=submit)
  web_req POST "/items/$ITEM/report" "$body" "$MP_TYPE"
  expect_eq "$WEB_STATUS" 303 "submit"
  expect_contains "$(cat "$TMP/resp")" "Location: /items/$ITEM?submitted=1" "redirect"
  expect_eq "$(report_state)" submitted "state after submit"
  REPORT=$(L report list "$ITEM" --json | jq -r '.[] | select(.period=="2019-09") | .id')

  web_login sup pass-word-1 || return 1
  web_req GET /review
  expect_eq "$WEB_STATUS" 200 "the review queue"
  expect_contains "$(cat "$TMP/body")" "资金缺口" "the report in the queue"
  expect_contains "$(cat "$TMP/body")" "action=\"/reports/$REPORT/review\"" "its forms"
  web_req POST "/reports/$REPORT/review" "csrf=$WEB_CSRF&action=return&reason=%E8%AF%B7%E8%A1%A5%E5%85%85%E5%9B%BE%E7%89%87"
  expect_eq "$WEB_STATUS" 303 "return"
  expect_eq "$(report_state)" returned "state after return"

  web_login yibin pass-word-1 || return 1
  web_req GET "/items/$ITEM/report?period=2019-09"
  expect_contains "$(cat "$TMP/body")" "请补充图片" "the return reason on the form"
  expect_contains "$(cat "$TMP/body")" "资金缺口" "the report's text kept"
  body=$(multipart_body "" "" period=2019-09 progress=35 done=完成可研并补充图片 problems=资金缺口 next=开工 action=submit)
  web_req POST "/items/$ITEM/report" "$body" "$MP_TYPE"
  expect_eq "$WEB_STATUS" 303 "resubmit"

  web_login sup pass-word-1 || return 1
  web_req GET /review
  expect_contains "$(cat "$TMP/body")" "第2次提交" "the resubmission count"
  web_req POST "/reports/$REPORT/review" "csrf=$WEB_CSRF&action=accept"
  expect_eq "$WEB_STATUS" 303 "accept"
  expect_eq "$(report_state)" accepted "state after accept"
  expect_eq "$(L ledger list 1 --json | jq -r ".[] | select(.id==$ITEM) | .status")" 推进中 "status after"

  web_req GET "/items/$ITEM"
  page=$(cat "$TMP/body")
  expect_eq "$WEB_STATUS" 200 "the item page"
  expect_contains "$page" "提交次数 2" "two submissions"
  expect_contains "$page" "$(sha256sum "$TMP/ev.txt" | cut -d' ' -f1)" "the evidence's SHA-256"
  expect_contains "$page" "<mark>" "the source sentence marked"
  expect_contains "$page" "退回报告 · 报告 $REPORT" "the return in the history"
  expect_contains "$page" "审核通过 · 报告 $REPORT" "the acceptance in the history"
  expect_contains "$page" "状态变化 · 事项 $ITEM" "the status change in the history"
  ev=$(grep -o 'href="/evidence/[0-9]*"' "$TMP/body" | head -n 1 | grep -o '[0-9]*')
  web_req GET "/evidence/$ev"
  expect_eq "$WEB_STATUS" 200 "the evidence file"
  expect_contains "$(cat "$TMP/resp")" "Content-Type: application/octet-stream" "its type"
  expect_contains "$(cat "$TMP/resp")" "Content-Disposition: attachment; filename=\"ev.txt\"" "a download"
  expect_eq "$(sha256sum <"$TMP/body" | cut -d' ' -f1)" "$(sha256sum <"$TMP/ev.txt" | cut -d' ' -f1)" "its bytes"
  expect_status 0 "$LUOSHI" --db "$DB" audit verify
}

t_web_report_refusals_change_nothing() {
  cycle_setup
  web_login yibin pass-word-1 || return 1
  # no CSRF token
  web_req POST "/items/$ITEM/report" "period=2019-09&progress=10&done=x&action=save"
  expect_eq "$WEB_STATUS" 403 "a POST without csrf"
  expect_eq "$(report_state)" "" "nothing filed"
  # another unit's reporter
  web_login luzhou pass-word-1 || return 1
  web_req POST "/items/$ITEM/report" "csrf=$WEB_CSRF&period=2019-09&progress=10&done=x&action=save"
  expect_eq "$WEB_STATUS" 403 "泸州 on 宜宾's item"
  expect_contains "$(cat "$TMP/body")" "may not report on item $ITEM" "the ledger's message"
  web_req GET "/items/$ITEM/report"
  expect_eq "$WEB_STATUS" 403 "泸州 opening the form"
  web_req GET "/items/$ITEM"
  expect_eq "$WEB_STATUS" 403 "泸州 opening the item"
  expect_eq "$(report_state)" "" "nothing filed"
  # a bad progress: the form again with the message and what was typed
  web_login yibin pass-word-1 || return 1
  web_req POST "/items/$ITEM/report" "csrf=$WEB_CSRF&period=2019-09&progress=150&done=%E5%B7%B2%E5%AE%8C%E6%88%90%E6%96%87%E5%AD%97&action=save"
  expect_eq "$WEB_STATUS" 400 "progress 150"
  expect_contains "$(cat "$TMP/body")" "progress is a percentage from 0 to 100, not 150" "the message"
  expect_contains "$(cat "$TMP/body")" "已完成文字" "the input kept"
  expect_eq "$(report_state)" "" "nothing filed"
  # evidence over the limit: refused whole, the draft saved before keeps its text
  web_req POST "/items/$ITEM/report" "csrf=$WEB_CSRF&period=2019-09&progress=20&done=%E8%8D%89%E7%A8%BF%E6%96%87%E5%AD%97&action=save"
  expect_eq "$WEB_STATUS" 303 "save a draft"
  # ... a body over the server's limit is refused before it is read,
  {
    printf 'POST /items/%s/report HTTP/1.1\r\nCookie: %s\r\nContent-Type: %s\r\nContent-Length: %s\r\n\r\n' \
      "$ITEM" "$WEB_COOKIE" "$MP_TYPE" 23000000
    head -c 23000000 /dev/zero
  } | "$LUOSHI" --db "$DB" http >"$TMP/resp" 2>/dev/null
  expect_eq "$(head -n 1 "$TMP/resp" | cut -d' ' -f2)" 413 "a 23 MB upload"
  expect_contains "$(cat "$TMP/resp")" "too large" "its message"
  # ... and a file over the evidence limit (20 MB) inside an acceptable body by the ledger's rule
  multipart_body big.bin "" period=2019-09 progress=20 done=草稿文字 action=save >"$TMP/mp"
  head -c 21000000 /dev/zero | tr '\0' x >"$TMP/big"
  # put the big content in place of the empty file content (the last part's body)
  { head -c -"$(printf -- '\r\n--%s--\r\n' "$MP_BOUNDARY" | wc -c)" "$TMP/mp"; cat "$TMP/big"; printf -- '\r\n--%s--\r\n' "$MP_BOUNDARY"; } >"$TMP/mp2"
  {
    printf 'POST /items/%s/report HTTP/1.1\r\nCookie: %s\r\nContent-Type: %s\r\nContent-Length: %s\r\n\r\n' \
      "$ITEM" "$WEB_COOKIE" "$MP_TYPE" "$(stat -c %s "$TMP/mp2")"
    cat "$TMP/mp2"
  } | "$LUOSHI" --db "$DB" http >"$TMP/resp" 2>/dev/null
  expect_eq "$(head -n 1 "$TMP/resp" | cut -d' ' -f2)" 413 "a 21,000,000-byte evidence file"
  expect_contains "$(cat "$TMP/resp")" "the limit for evidence" "its message"
  web_req GET "/items/$ITEM/report?period=2019-09"
  expect_contains "$(cat "$TMP/body")" "草稿文字" "the draft's text kept"
  expect_eq "$(report_state)" draft "still a draft"
  # a return without a reason
  body=$(multipart_body "" "" period=2019-09 progress=20 done=草稿文字 action=submit)
  web_req POST "/items/$ITEM/report" "$body" "$MP_TYPE"
  expect_eq "$WEB_STATUS" 303 "submit"
  REPORT=$(L report list "$ITEM" --json | jq -r '.[0].id')
  web_login sup pass-word-1 || return 1
  web_req POST "/reports/$REPORT/review" "csrf=$WEB_CSRF&action=return&reason="
  expect_eq "$WEB_STATUS" 400 "a return without a reason"
  expect_contains "$(cat "$TMP/body")" "a returned report needs a reason" "the ledger's message"
  expect_eq "$(report_state)" submitted "still submitted"
  # a reporter may not review
  web_login yibin pass-word-1 || return 1
  web_req POST "/reports/$REPORT/review" "csrf=$WEB_CSRF&action=accept"
  expect_eq "$WEB_STATUS" 403 "a reporter reviewing"
  expect_eq "$(report_state)" submitted "still submitted"
}

t_web_report_markup_is_escaped() {
  cycle_setup
  web_login yibin pass-word-1 || return 1
  x='<script>alert(1)</script>'
  f='<img src=x onerror=alert(3)>.html'
  body=$(multipart_body "$f" "<html><script>alert(2)</script></html>" period=2019-09 progress=10 "done=$x" "problems=$x" "next=$x" action=submit)
  web_req POST "/items/$ITEM/report" "$body" "$MP_TYPE"
  expect_eq "$WEB_STATUS" 303 "submit"
  for page in "/items/$ITEM" "/items/$ITEM/report?period=2019-09"; do
    web_req GET "$page"
    expect_eq "$WEB_STATUS" 200 "$page"
    grep -q '<script>alert' "$TMP/body" && fail "$page has the planted script unescaped"
    expect_contains "$(cat "$TMP/body")" "&lt;script&gt;alert(1)&lt;/script&gt;" "$page escapes it"
  done
  web_login sup pass-word-1 || return 1
  web_req GET /review
  grep -q '<script>alert' "$TMP/body" && fail "/review has the planted script unescaped"
  grep -q '<img src=x' "$TMP/body" && fail "/review has the planted file name unescaped"
  expect_contains "$(cat "$TMP/body")" "&lt;img src=x onerror=alert(3)&gt;.html" "/review shows the file name escaped"
  ev=$(grep -o 'href="/evidence/[0-9]*"' "$TMP/body" | head -n 1 | grep -o '[0-9]*')
  web_req GET "/evidence/$ev"
  expect_contains "$(cat "$TMP/resp")" "Content-Type: application/octet-stream" "never text/html"
  expect_contains "$(cat "$TMP/resp")" 'filename="img_src_x_onerror_alert_3_.html"' "a safe plain name"
  expect_contains "$(cat "$TMP/resp")" "filename*=UTF-8''%3Cimg%20src%3Dx%20onerror%3Dalert%283%29%3E.html" "the whole name encoded"
}

t_web_report_api_with_a_token() {
  cycle_setup
  WEB_AUTH=$("$LUOSHI" --db "$DB" token yibin)
  web_req POST "/api/v1/items/$ITEM/reports" '{"period":"2019-09","progress":45,"done":"API填报","problems":"","next":"继续","submit":true}' application/json
  expect_eq "$WEB_STATUS" 200 "file and submit"
  expect_eq "$(jqr "$TMP/body" .item.state)" submitted "state"
  REPORT=$(jqr "$TMP/body" .item.id)
  web_req POST "/api/v1/items/$ITEM/reports" '{"period":"2019-09",' application/json
  expect_eq "$WEB_STATUS" 400 "bad JSON"
  expect_eq "$(jqr "$TMP/body" .error.status)" 400 "the envelope"
  expect_contains "$(jqr "$TMP/body" .error.message)" "not valid JSON" "its message"
  deep=$(printf '%.0s[' $(seq 40))
  web_req POST "/api/v1/items/$ITEM/reports" "{\"period\":$deep" application/json
  expect_eq "$WEB_STATUS" 400 "nesting deeper than 32"
  web_req POST "/api/v1/items/$ITEM/reports" '{"period":"2019-10","progress":101}' application/json
  expect_eq "$WEB_STATUS" 400 "progress 101"
  expect_eq "$(jqr "$TMP/body" .error.message)" "progress is a percentage from 0 to 100, not 101" "the ledger's message"
  web_req POST "/api/v1/reports/$REPORT/review" '{"action":"accept"}' application/json
  expect_eq "$WEB_STATUS" 403 "a reporter reviewing"
  WEB_AUTH=$("$LUOSHI" --db "$DB" token luzhou)
  web_req POST "/api/v1/items/$ITEM/reports" '{"period":"2019-10","progress":5}' application/json
  expect_eq "$WEB_STATUS" 403 "泸州 on 宜宾's item"
  web_req GET "/api/v1/items/$ITEM/reports"
  expect_eq "$WEB_STATUS" 403 "泸州 reading 宜宾's reports"
  WEB_AUTH=$("$LUOSHI" --db "$DB" token sup)
  web_req POST "/api/v1/reports/$REPORT/review" '{"action":"return"}' application/json
  expect_eq "$WEB_STATUS" 400 "a return without a reason"
  web_req POST "/api/v1/reports/$REPORT/review" '{"action":"accept"}' application/json
  expect_eq "$WEB_STATUS" 200 "accept"
  expect_eq "$(jqr "$TMP/body" .item.state)" accepted "state"
  web_req GET "/api/v1/items/$ITEM/reports?limit=1"
  expect_eq "$(jqr "$TMP/body" '[.total, .limit, (.items | length), .items[0].progress]')" "[1,1,1,45]" "the list"
  expect_eq "$(L report list "$ITEM" --json | jq -r '.[0].state')" accepted "as the CLI sees it"
}
