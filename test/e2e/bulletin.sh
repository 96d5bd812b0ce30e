# The bulletin (督查通报): on the assessment scenario (test/e2e/assess.sh's assess_setup: three
# cities over two quarters), its figures equal the ledger's and its rankings equal `assess`'s;
# hostile notes are escaped in HTML and XML; the .docx is a sound zip that luoshi's own .docx
# reader reads back; the page is for supervisors only; the good practice notes are stored per
# period (CLI and the page's form), audited, and limited.

# assess_setup comes from the assessment suite; its tests are not run twice here
. "$ROOT/test/e2e/assess.sh"
for f in $(declare -F | awk '{print $3}' | grep '^t_'); do unset -f "$f"; done

HOSTILE='good <script>alert(1)</script> & ]]> "q" '"'"'a'"'"

t_bulletin_figures_equal_the_ledger_and_assess() {
  assess_setup || return 1
  L bulletin --period 2019Q1 --json >"$TMP/b.json" || return 1
  L ledger list all --json >"$TMP/l.json" || return 1
  # the ledger's counts by status (whatever shape ledger list has: an array or {"items"})
  items='(if type=="array" then . else .items end)'
  for st in 未启动:not_started 推进中:in_progress 已完成:completed 已销号:closed 滞后:behind; do
    want=$(jq -r "[$items[] | select(.status==\"${st%%:*}\")] | length" "$TMP/l.json")
    expect_eq "$(jq -r ".overall.${st#*:}" "$TMP/b.json")" "$want" "${st#*:}"
  done
  expect_eq "$(jq -r .overall.items "$TMP/b.json")" "$(jq -r "$items | length" "$TMP/l.json")" "items"
  expect_eq "$(jq -r '.behind | length' "$TMP/b.json")" "$(jq -r .overall.behind "$TMP/b.json")" "behind list"
  # completed in 2019Q1: a2 (its report at 100 in 2019Q1)
  expect_eq "$(jq -r '[.completed[].item] | join(",")' "$TMP/b.json")" "$a2" "completed"
  expect_eq "$(jq -r '.completed[0].unit' "$TMP/b.json")" "绵阳市人民政府"
  # warnings in the period: c1 red with a 预警通知 (c2 too is warned red on 03-31)
  expect_eq "$(jq -r '.warnings.red' "$TMP/b.json")" "2" "red"
  expect_eq "$(jq -r "[.warnings.items[] | select(.item==$c1) | \"\(.colour) \(.notice_level)\"] | join(\",\")" "$TMP/b.json")" "red 2"
  # the rankings are assess's
  L assess --period 2019Q1 --json >"$TMP/a.json" || return 1
  expect_eq "$(jq -c '[.rankings.groups[] | {group, units: [.units[] | [.rank,.name,.score,.list]], red, black}]' "$TMP/b.json")" \
    "$(jq -c '[.groups[] | {group, units: [.units[] | [.rank,.name,.score,.list]], red, black}]' "$TMP/a.json")" "rankings"
  expect_eq "$(jq -r '.rankings.groups[] | select(.group=="city") | .units | map("\(.rank) \(.name) \(.score)") | join("; ")' "$TMP/b.json")" \
    "1 绵阳市人民政府 102; 2 宜宾市人民政府 97; 3 泸州市人民政府 95"
  expect_eq "$(jq -r '"\(.number) \(.from) \(.to)"' "$TMP/b.json")" "1 2019-01-01 2019-03-31"
  # the text form
  L bulletin --period 2019Q1 >"$TMP/b.txt" || return 1
  expect_contains "$(cat "$TMP/b.txt")" "落实情况的通报"
  expect_contains "$(cat "$TMP/b.txt")" "第1期（2019Q1）"
  expect_contains "$(cat "$TMP/b.txt")" "红榜：绵阳市人民政府；黑榜：泸州市人民政府。"
}

t_bulletin_notes_make_paragraphs_and_hostile_text_is_escaped_in_the_docx() {
  assess_setup || return 1
  printf '　　一是建立清单。\n逐项销号。\n\n%s\n\n\n二是压实责任。\n' "$HOSTILE" >"$TMP/notes.txt"
  L bulletin --period 2019Q1 --notes "$TMP/notes.txt" --json >"$TMP/b.json" || return 1
  expect_eq "$(jq -r '.notes | length' "$TMP/b.json")" "3" "paragraphs"
  expect_eq "$(jq -r '.notes[0]' "$TMP/b.json")" "一是建立清单。逐项销号。"
  L bulletin --period 2019Q1 --notes "$TMP/notes.txt" --docx "$TMP/b.docx" 2>"$TMP/w.err" || return 1
  expect_contains "$(cat "$TMP/w.err")" "wrote $TMP/b.docx"
  unzip -t "$TMP/b.docx" >"$TMP/t.out" 2>&1 || { fail "unzip -t: $(cat "$TMP/t.out")"; return 1; }
  expect_contains "$(cat "$TMP/t.out")" "No errors detected"
  unzip -p "$TMP/b.docx" word/document.xml >"$TMP/doc.xml" || return 1
  expect_contains "$(cat "$TMP/doc.xml")" 'good &lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; &quot;q&quot; &apos;a&apos;'
  case "$(cat "$TMP/doc.xml")" in *"<script>"*|*"]]>"*) fail "raw hostile text in document.xml" ;; esac
  unzip -p "$TMP/b.docx" word/styles.xml >"$TMP/styles.xml" || return 1
  expect_contains "$(cat "$TMP/styles.xml")" 'w:eastAsia="仿宋_GB2312"'
  expect_contains "$(cat "$TMP/styles.xml")" 'w:eastAsia="方正小标宋简体"'
  if command -v xmllint >/dev/null; then
    for p in "\\[Content_Types\\].xml" _rels/.rels word/document.xml word/styles.xml; do
      unzip -p "$TMP/b.docx" "$p" | xmllint --noout - || fail "$p is not well-formed XML"
    done
  fi
  # luoshi's own .docx reader reads it back: the title, a unit, the hostile note as written
  L import "$TMP/b.docx" --dry-run >"$TMP/back.out" 2>&1 || { fail "import --dry-run: $(head -c 400 "$TMP/back.out")"; return 1; }
  L import "$TMP/b.docx" --dry-run --json >"$TMP/back.json" 2>/dev/null || true
  back=$(cat "$TMP/back.out" "$TMP/back.json")
  expect_contains "$back" "落实情况的通报"
  expect_contains "$back" "泸州市人民政府"
}

t_bulletin_page_is_for_supervisors_and_escapes_notes() {
  assess_setup || return 1
  echo 'pass-word-1' | L user add sup 督查员 supervisor >/dev/null || return 1
  echo 'pass-word-2' | L user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  DB=$db
  web_login sup pass-word-1 || return 1
  notes=$(jq -rn --arg v "$HOSTILE" '$v|@uri')
  web_req POST /bulletin/notes "csrf=$WEB_CSRF&period=2019Q1&notes=$notes"
  expect_eq "$WEB_STATUS $(grep -ai '^Location:' "$TMP/resp" | tr -d '\r')" \
    "303 Location: /bulletin?period=2019Q1&saved=1" "saving the notes" || return 1
  web_req GET "/bulletin?period=2019Q1&saved=1"
  expect_eq "$WEB_STATUS" 200 "status" || return 1
  body=$(cat "$TMP/body")
  expect_contains "$body" '经验做法已保存。'
  expect_contains "$body" "<textarea name=\"notes\" rows=\"8\" cols=\"72\" maxlength=\"65536\">good &lt;script&gt;"
  expect_contains "$body" '落实情况的通报</h1>'
  expect_contains "$body" '<td data-label="单位">泸州市人民政府</td><td data-label="得分">95</td><td data-label="红黑榜">黑榜</td>'
  expect_contains "$body" '<p class="bulletin-para">good &lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;'
  case "$body" in *"<script>alert"*) fail "a raw <script> on the page" ;; esac
  # the same bulletin as .docx from the page
  web_req GET "/bulletin?period=2019Q1&format=docx"
  expect_eq "$WEB_STATUS" 200 "docx status" || return 1
  cp "$TMP/body" "$TMP/p.docx"
  unzip -t "$TMP/p.docx" >/dev/null 2>&1 || fail "the page's .docx fails unzip -t"
  expect_contains "$(unzip -p "$TMP/p.docx" word/document.xml)" 'good &lt;script&gt;alert(1)&lt;/script&gt;' \
    "the page's .docx"
  # a reporter is refused, and stores nothing
  web_login yb pass-word-2 || return 1
  web_req GET '/bulletin?period=2019Q1'
  expect_eq "$WEB_STATUS" 403 "reporter"
  web_req POST /bulletin/notes "csrf=$WEB_CSRF&period=2019Q1&notes=x"
  expect_eq "$WEB_STATUS" 403 "a reporter saving notes"
  expect_eq "$(L bulletin notes --period 2019Q1 --json | jq -r .notes)" "$HOSTILE" "the notes after the reporter's try"
  # a bad period
  web_login sup pass-word-1 || return 1
  web_req GET '/bulletin?period=2019Q9'
  expect_eq "$WEB_STATUS" 400 "bad period"
}

# The good practice is stored per period (`bulletin notes --file`, or the page's form): the
# bulletin of that period — text, JSON, .docx — prints it, another period does not; each change
# is one audit entry with the text before and after; the same text again changes nothing; only
# supervisors and admins store notes; text that breaks the rules is refused and nothing changes.
t_bulletin_notes_are_stored_per_period_and_audited() {
  assess_setup || return 1
  echo 'pass-word-1' | L user add sup 督查员 supervisor >/dev/null || return 1
  echo 'pass-word-2' | L user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  printf '一是建立清单。\n逐项销号。\n\n二是压实责任。\n' >"$TMP/n1.txt"
  out=$(L bulletin notes --period 2019Q1 --file "$TMP/n1.txt" --as sup) || { fail "storing the notes"; return 1; }
  expect_eq "$out" "stored the notes of 2019Q1: 2 paragraphs"
  L bulletin --period 2019Q1 --json >"$TMP/q1.json" || return 1
  expect_eq "$(jq -c .notes "$TMP/q1.json")" '["一是建立清单。逐项销号。","二是压实责任。"]' "2019Q1's notes"
  L bulletin --period 2019Q2 --json >"$TMP/q2.json" || return 1
  expect_eq "$(jq -c .notes "$TMP/q2.json")" '[]' "2019Q2 has none"
  expect_contains "$(L bulletin --period 2019Q1)" "二是压实责任。"
  L bulletin --period 2019Q1 --docx "$TMP/q1.docx" 2>/dev/null || return 1
  expect_contains "$(unzip -p "$TMP/q1.docx" word/document.xml)" "一是建立清单。逐项销号。" "the .docx"
  # --notes FILE shows a draft in their place and stores nothing
  printf '草稿。\n' >"$TMP/draft.txt"
  expect_eq "$(L bulletin --period 2019Q1 --notes "$TMP/draft.txt" --json | jq -c .notes)" '["草稿。"]' "a draft"
  expect_eq "$(L bulletin notes --period 2019Q1)" "$(cat "$TMP/n1.txt")" "the stored text after the draft"
  # one audit entry, by sup, from no notes to the text
  audit() { sql "$db" "select actor || '|' || coalesce(before,'null') || '|' || after from audit_log where action='notes' and entity='bulletin' order by seq"; }
  expect_eq "$(audit | wc -l)" 1 "audit entries"
  expect_eq "$(audit | cut -d'|' -f1,2)" "sup|null"
  expect_eq "$(audit | cut -d'|' -f3- | jq -r '"\(.period) \(.notes)"')" "2019Q1 $(cat "$TMP/n1.txt")"
  # the same text again: nothing written
  expect_eq "$(L bulletin notes --period 2019Q1 --file "$TMP/n1.txt" --as sup --json | jq -c .)" \
    '{"period":"2019Q1","changed":false,"paragraphs":2}' "storing the same text"
  expect_eq "$(audit | wc -l)" 1 "audit entries after the same text"
  # a change through the page: CR LF from the browser is kept as LF; audited with the text before
  DB=$db
  web_login sup pass-word-1 || return 1
  web_req POST /bulletin/notes "csrf=$WEB_CSRF&period=2019Q1&notes=%E4%B8%89%E6%98%AF%E6%8A%93%E8%90%BD%E5%AE%9E%E3%80%82%0D%0A"
  expect_eq "$WEB_STATUS" 303 "saving through the page" || return 1
  expect_eq "$(L bulletin notes --period 2019Q1 --json | jq -c '[.notes, .paragraphs, .updated_by]')" \
    '["三是抓落实。\n",["三是抓落实。"],"sup"]' "the notes after the page's change"
  expect_eq "$(audit | wc -l)" 2 "audit entries after the change"
  expect_eq "$(audit | tail -n 1 | cut -d'|' -f2 | jq -r .notes)" "$(cat "$TMP/n1.txt")" "the change's before"
  expect_status 0 "$LUOSHI" audit verify --db "$db" || return 1
  # the page shows the stored text in its form, and the old ?notes= changes nothing any more
  web_req GET '/bulletin?period=2019Q1&notes=%E6%97%A7'
  expect_contains "$(cat "$TMP/body")" 'maxlength="65536">三是抓落实。'
  expect_contains "$(cat "$TMP/body")" '<p class="bulletin-para">三是抓落实。</p>'
  case "$(cat "$TMP/body")" in *'<p class="bulletin-para">旧</p>'*) fail "?notes= still reaches the bulletin" ;; esac
  # refused: a reporter; control characters (page: 400 with the text kept in the form); too
  # long; not UTF-8; a bad period — and nothing changes
  expect_status 1 "$LUOSHI" bulletin notes --period 2019Q1 --file "$TMP/n1.txt" --as yb --db "$db" || return 1
  expect_contains "$(cat "$TMP/err")" "yb may not write a bulletin's good practice notes"
  web_req POST /bulletin/notes "csrf=$WEB_CSRF&period=2019Q1&notes=bell%07here"
  expect_eq "$WEB_STATUS" 400 "a control character through the page"
  expect_contains "$(cat "$TMP/body")" 'holds a control character (byte 5)'
  expect_contains "$(cat "$TMP/body")" 'maxlength="65536">bell'
  head -c 65536 /dev/zero | tr '\0' 'a' >"$TMP/max.txt"
  head -c 65537 /dev/zero | tr '\0' 'a' >"$TMP/over.txt"
  expect_status 1 "$LUOSHI" bulletin notes --period 2019Q2 --file "$TMP/over.txt" --as sup --db "$db" || return 1
  expect_contains "$(cat "$TMP/err")" "larger than 65536 bytes"
  printf 'bad \377 byte\n' >"$TMP/latin.txt"
  expect_status 1 "$LUOSHI" bulletin notes --period 2019Q2 --file "$TMP/latin.txt" --as sup --db "$db" || return 1
  expect_contains "$(cat "$TMP/err")" "is not UTF-8 (byte 5)"
  expect_status 1 "$LUOSHI" bulletin notes --period 2019Q5 --file "$TMP/n1.txt" --as sup --db "$db" || return 1
  expect_contains "$(cat "$TMP/err")" "'2019Q5' is not a period"
  web_req POST /bulletin/notes "csrf=$WEB_CSRF&period=2019Q5&notes=x"
  expect_eq "$WEB_STATUS" 400 "a bad period through the page"
  expect_eq "$(audit | wc -l)" 2 "audit entries after the refusals"
  expect_eq "$(L bulletin notes --period 2019Q1)" "三是抓落实。" "2019Q1's notes after the refusals"
  # 64 KB exactly is taken; an empty file clears the notes (audited)
  expect_status 0 "$LUOSHI" bulletin notes --period 2019Q2 --file "$TMP/max.txt" --as sup --db "$db" || return 1
  expect_eq "$(L bulletin --period 2019Q2 --json | jq -r '.notes[0] | length')" 65536 "64 KB of notes"
  : >"$TMP/empty.txt"
  L bulletin notes --period 2019Q1 --file "$TMP/empty.txt" --as sup >/dev/null || return 1
  expect_eq "$(L bulletin --period 2019Q1 --json | jq -c .notes)" '[]' "cleared"
  expect_eq "$(audit | wc -l)" 4 "audit entries at the end"
}
