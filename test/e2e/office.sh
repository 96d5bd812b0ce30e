# LibreOffice reads what luoshi writes. The ledger of the sample decision and a task-division
# table, with units, reports and warnings, is exported as the office's .xlsx; headless
# LibreOffice converts it to CSV, and every cell equals the ledger: the title, the merged measure
# headings, Chinese text, dates, progress percentages, statuses and warnings, row by row. Saved
# again as .xlsx by LibreOffice, the sheet reads back the same in luoshi (merges kept) and files
# the same progress. The sheet and the bulletin (.docx) convert to PDF with their title and key
# figures in the text, and page 1 of each is rendered to PNG in $ROOT/build-artefacts/office/
# for a person to look at.
#
# Needs soffice (libreoffice-calc-nogui, libreoffice-writer-nogui), pdftotext, pdfinfo and
# pdftoppm (poppler-utils), which scripts/install-deps.sh installs (`make check` runs it first): a test
# fails with a message when any is missing. Each soffice call has a profile of its own under
# $TMP, so that runs side by side do not share one, and a time limit.

OFFICE_SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
OFFICE_ARTEFACTS="$ROOT/build-artefacts/office"

# the task-division table (分工方案), imported as a second document
OFFICE_DIVISION='序号,任务内容,牵头单位,配合单位,完成时限
1-1,制定区域协同发展指导意见,省发展改革委,省财政厅,2019年6月底前
1-2,修订完善相关规划,省自然资源厅,,2019年12月底前
2-1,建设中国（四川）自由贸易试验区,省商务厅,"省发展改革委、省财政厅",2020年底前
2-2,清理整合散弱荒园区,省经济和信息化厅,,长期坚持
'

# A report's 完成情况 with the characters CSV must quote: an ASCII comma and double quotes.
OFFICE_DONE='完成初稿，报送审议；"征求意见", 已汇总'

# office_tools: fail the test unless soffice, pdftotext, pdfinfo and pdftoppm are there.
office_tools() {
  local t
  for t in soffice pdftotext pdfinfo pdftoppm; do
    command -v "$t" >/dev/null 2>&1 ||
      { fail "$t is not installed: run sh scripts/install-deps.sh"; return 1; }
  done
}

# office_convert FORMAT FILE: LibreOffice converts FILE to FORMAT (soffice's --convert-to) into
# $TMP/lo-out/, with a profile of its own in $TMP/lo-profile, in 120 s at most. Fails the test
# when soffice fails or writes nothing; prints the converted file's path.
office_convert() {
  local format=$1 file=$2 ext base out
  ext=${format%%:*}
  base=$(basename "${file%.*}")
  out="$TMP/lo-out/$base.$ext"
  mkdir -p "$TMP/lo-out"
  rm -f "$out"
  timeout 120 soffice -env:UserInstallation="file://$TMP/lo-profile" --headless --norestore \
    --convert-to "$format" --outdir "$TMP/lo-out" "$file" >"$TMP/lo.log" 2>&1 ||
    { fail "soffice --convert-to $format $file failed: $(head -c 400 "$TMP/lo.log")"; return 1; }
  [ -s "$out" ] || { fail "soffice wrote no $out: $(head -c 400 "$TMP/lo.log")"; return 1; }
  printf '%s\n' "$out"
}

# office_png PDF NAME: page 1 of PDF as $OFFICE_ARTEFACTS/NAME.png (96 dpi); fails the test
# unless the picture is there.
office_png() {
  mkdir -p "$OFFICE_ARTEFACTS"
  rm -f "$OFFICE_ARTEFACTS/$2.png"
  pdftoppm -f 1 -l 1 -r 96 -singlefile -png "$1" "$OFFICE_ARTEFACTS/$2" ||
    { fail "pdftoppm could not render page 1 of $1"; return 1; }
  [ -s "$OFFICE_ARTEFACTS/$2.png" ] || { fail "no $OFFICE_ARTEFACTS/$2.png"; return 1; }
}

# pdf_text PDF: the PDF's text with all white space taken out (LibreOffice sets a space between
# Chinese and digits, and wraps table cells)
pdf_text() { pdftotext -raw "$1" - | sed 's/[[:space:]　]//g' | tr -d '\n\f'; }

# pdf_page PDF: the size of the PDF's first page, as "A4 landscape" or "A4 portrait"
pdf_page() {
  pdfinfo "$1" | awk '/^Page size:/ { print ($NF == "(A4)" ? "A4" : "not A4"), ($3 > $5 ? "landscape" : "portrait") }'
}

# office_setup: the database $TMP/a.db (Ld runs luoshi on it): the unit tree, the sample
# decision (document 1) and the division table (document 2) with their ledgers, every item
# entered on 2019-01-01; item 3-1 assigned (a leader, a lead and two cooperating units,
# deadline 2019-06-30) and reported at 60 % with OFFICE_DONE, accepted; 3-2 due 2019-02-28 and
# reported at 10 % (overdue: red); 1-1 of the table done (100 %); an item added by hand whose
# text looks like a formula; the warnings of 2019-03-31. Sets I31, I32, I11 (the items' ids).
office_setup() {
  db="$TMP/a.db"
  Ld() { "$LUOSHI" "$@" --db "$db"; }
  printf '%s' "$OFFICE_DIVISION" >"$TMP/division.csv"
  Ld unit seed >/dev/null || return 1
  Ld import "$OFFICE_SAMPLE" --quiet 2>/dev/null || return 1
  Ld import "$TMP/division.csv" --quiet 2>/dev/null || return 1
  Ld ledger create 1 >/dev/null && Ld ledger create 2 >/dev/null || return 1
  Ld ledger add 2 --number 补-1 --text '=SUM(1,2) 以公式开头的任务' >/dev/null || return 1
  sql "$db" "update ledger_items set created_at='2019-01-01T00:00:00Z'" || return 1
  Ld ledger list all --json >"$TMP/l0.json" || return 1
  I31=$(jq -r '.[] | select(.document==1 and .number=="3-1") | .id' "$TMP/l0.json")
  I32=$(jq -r '.[] | select(.document==1 and .number=="3-2") | .id' "$TMP/l0.json")
  I11=$(jq -r '.[] | select(.document==2 and .number=="1-1") | .id' "$TMP/l0.json")
  [ -n "$I31" ] && [ -n "$I32" ] && [ -n "$I11" ] || { fail "items 3-1, 3-2, 1-1 not found"; return 1; }
  Ld ledger assign "$I31" --leader 张明 --lead 成都市人民政府 --cooperating 省财政厅,省商务厅 \
    --deadline 2019-06-30 >/dev/null || return 1
  Ld ledger assign "$I32" --deadline 2019-02-28 >/dev/null || return 1
  local r
  r=$(Ld report file "$I31" --period 2019Q1 --progress 60 --done "$OFFICE_DONE" --json | jq -r .report) &&
    LUOSHI_TODAY=2019-03-25 Ld report submit "$r" >/dev/null && Ld report accept "$r" >/dev/null || return 1
  r=$(Ld report file "$I32" --period 2019Q1 --progress 10 --json | jq -r .report) &&
    LUOSHI_TODAY=2019-03-20 Ld report submit "$r" >/dev/null || return 1
  r=$(Ld report file "$I11" --period 2019Q1 --progress 100 --done 印发实施 --json | jq -r .report) &&
    LUOSHI_TODAY=2019-03-20 Ld report submit "$r" >/dev/null && Ld report accept "$r" >/dev/null || return 1
  Ld warnings run --date 2019-03-31 >/dev/null || return 1
}

# office_expected_rows: the rows the ledger's sheet must have, as JSON arrays of nine cells, one a
# line, into $TMP/expected.jsonl, from luoshi's own CSV export ($TMP/a.csv: every cell of every
# item), ledger list --json ($TMP/l.json: the same cells again, and each item's document and
# task) and the documents' JSON ($TMP/doc1.json, $TMP/doc2.json: each task's measure and the
# measure's title): the title row, the header, and for each item in order a heading row
# "三、壮大区域发展重要支点" where its measure starts, then the item's row. A cell of the CSV
# that differs from the list's JSON fails here (完成时限 of a recurring item is in words:
# the CSV's is taken).
office_expected_rows() {
  python3 - "$TMP" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
with open(tmp + '/a.csv', encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
items = json.load(open(tmp + '/l.json'))
if isinstance(items, dict): items = items['items']
measure_of, title_of = {}, {}
for d in (1, 2):
    doc = json.load(open('%s/doc%d.json' % (tmp, d)))
    for t in doc['tasks']:
        measure_of[(d, t['id'])] = t.get('measure') or 0
    for b in doc['blocks']:
        if b.get('measure') and b.get('measure_title'):
            title_of[(d, b['measure'])] = b['measure_title']
digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九']
def chinese(n):
    return (digits[n // 10] if n >= 20 else '') + ('十' if n >= 10 else '') + digits[n % 10]
def undefused(cell):  # the CSV writer puts ' before a leading = + - @ against formulas
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in '=+-@\t\r' else cell
header, body = rows[0], rows[1:]
if len(body) != len(items):
    sys.exit('the CSV has %d items, ledger list %d' % (len(body), len(items)))
out = [['督查督办台账'] + [''] * 8, header]
last = None
for it, row in zip(items, body):
    row = [undefused(c) for c in row]
    want = [it['number'], it['text'], it['leader'], it['lead'], it['cooperating'],
            None if it.get('recurrence') else it['deadline'] or '长期坚持', None, it['status'], None]
    for i, w in enumerate(want):
        if w is not None and row[i] != w:
            sys.exit('item %s: CSV column %s is %r, ledger list says %r' % (it['number'], header[i], row[i], w))
    key = (it['document'], measure_of.get((it['document'], it['task']), 0))  # task 0: added by hand
    if key[1] > 0 and key != last and key in title_of:
        out.append([chinese(key[1]) + '、' + title_of[key]] + [''] * 8)
    last = key
    out.append(row)
with open(tmp + '/expected.jsonl', 'w') as f:
    for r in out: f.write(json.dumps(r, ensure_ascii=False) + '\n')
PY
}

# csv_rows CSV: the rows of a CSV file as JSON arrays, one a line (trailing empty rows dropped)
csv_rows() {
  python3 - "$1" <<'PY'
import csv, json, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
while rows and not any(rows[-1]): rows.pop()
for r in rows: print(json.dumps(r, ensure_ascii=False))
PY
}

t_office_xlsx_opens_in_libreoffice_with_every_cell_of_the_ledger() {
  office_tools || return 1
  office_setup || return 1
  Ld ledger export all --xlsx "$TMP/a.xlsx" >/dev/null && Ld ledger export all --csv "$TMP/a.csv" >/dev/null || return 1
  Ld ledger list all --json >"$TMP/l.json" && Ld export 1 --json >"$TMP/doc1.json" &&
    Ld export 2 --json >"$TMP/doc2.json" || return 1
  office_expected_rows || { fail "the expected rows could not be made"; return 1; }
  # separator , (44), quote " (34), UTF-8 (76), from line 1, cells as shown
  lo=$(office_convert 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' "$TMP/a.xlsx") || return 1
  csv_rows "$lo" >"$TMP/got.jsonl" || { fail "LibreOffice's CSV does not parse"; return 1; }
  expect_eq "$(wc -l <"$TMP/got.jsonl")" "$(wc -l <"$TMP/expected.jsonl")" "rows in LibreOffice's CSV"
  expect_eq "$(diff "$TMP/expected.jsonl" "$TMP/got.jsonl" | head -n 12)" "" "cells that differ (< the ledger, > LibreOffice)"
  # what the office sees, row by row
  got=$(cat "$TMP/got.jsonl")
  expect_contains "$got" '["三、壮大区域发展重要支点", "", "", "", "", "", "", "", ""]'
  expect_contains "$got" '["十五、加大企业创新主体培育力度", "", "", "", "", "", "", "", ""]'
  expect_contains "$got" '["3-1", "环成都经济圈建设与成都有机融合、一体发展的现代经济集中发展区", "张明", "成都市人民政府", "省财政厅、省商务厅", "2019-06-30", "60%：完成初稿，报送审议；\"征求意见\", 已汇总", "推进中",'
  expect_contains "$got" '["3-2", "带动其他经济区梯次发展", "", "省发展改革委", "", "2019-02-28", "10%", "滞后", "红色预警"]'
  expect_contains "$got" '["1-1", "制定区域协同发展指导意见", "", "省发展改革委", "省财政厅", "2019-06-30", "100%：印发实施", "已完成", ""]'
  expect_contains "$got" '["2-2", "清理整合散弱荒园区", "", "省经济和信息化厅", "", "长期坚持", "", "未启动",'
  # text that looks like a formula stays text: LibreOffice shows it, it does not compute it
  expect_contains "$got" '["补-1", "=SUM(1,2) 以公式开头的任务", "",'
  # the heading of measure 3 comes right before its first item
  expect_eq "$(grep -A1 '^\["三、' "$TMP/got.jsonl" | tail -n 1 | jq -r '.[0]')" "3-1" "the row after 三、"
}

t_office_xlsx_saved_again_by_libreoffice_reads_back_the_same() {
  office_tools || return 1
  office_setup || return 1
  mkdir -p "$TMP/src" && Ld ledger export 1 --xlsx "$TMP/src/ledger.xlsx" >/dev/null || return 1
  lo=$(office_convert 'xlsx:Calc MS Excel 2007 XML' "$TMP/src/ledger.xlsx") || return 1
  expect_status 0 "$LUOSHI" sheet dump "$TMP/src/ledger.xlsx" || return 1
  mv "$TMP/out" "$TMP/ours.tsv"
  expect_status 0 "$LUOSHI" sheet dump "$lo" || return 1
  # every cell, the merged title and headings spread over their nine columns in both
  expect_eq "$(diff "$TMP/ours.tsv" "$TMP/out" | head -n 12)" "" "cells that differ (< luoshi's, > LibreOffice's)"
  expect_eq "$(head -n 1 "$TMP/out" | cut -f 9)" "中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定" "the merged title in column I"
  expect_eq "$(grep -c . "$TMP/out")" "$(($(Ld ledger list 1 --json | jq length) + 2 + 13))" "rows: title, header, 13 headings, the items"
  # the office fills in LibreOffice's copy and sends it back: its progress files as reports
  expect_status 0 "$LUOSHI" report import "$lo" --doc 1 --period 2019Q2 --submit --db "$db" || return 1
  expect_contains "$(cat "$TMP/out")" "2 reports filed and submitted for 2019Q2"
  expect_eq "$(sql "$db" "select progress||'|'||done from reports where period='2019Q2' and item_id=$I31")" \
    "60|${OFFICE_DONE}"
}

t_office_sheet_and_bulletin_convert_to_pdf_and_png() {
  office_tools || return 1
  office_setup || return 1
  Ld ledger export 1 --xlsx "$TMP/ledger.xlsx" >/dev/null || return 1
  Ld bulletin --period 2019Q1 --docx "$TMP/bulletin.docx" 2>/dev/null || return 1
  Ld bulletin --period 2019Q1 --json >"$TMP/b.json" || return 1
  # the sheet: A4 landscape, its title, a heading and an item in the text
  pdf=$(office_convert pdf "$TMP/ledger.xlsx") || return 1
  expect_eq "$(pdf_page "$pdf")" "A4 landscape" "the sheet's page"
  text=$(pdf_text "$pdf")
  expect_contains "$text" "中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定" "the sheet's PDF"
  expect_contains "$text" "三、壮大区域发展重要支点" "the sheet's PDF"
  expect_contains "$text" "带动其他经济区梯次发展" "the sheet's PDF"
  expect_contains "$text" "红色预警" "the sheet's PDF"
  office_png "$pdf" ledger-sheet || return 1
  # a row of long text is as high as its wrapped lines (0-2: two lines of 任务内容), which
  # LibreOffice does not work out itself; a short one keeps the default height
  sheet=$(unzip -p "$TMP/ledger.xlsx" xl/worksheets/sheet1.xml)
  expect_contains "$sheet" '<row r="3" spans="1:9">' "row 3 (0-1)"
  expect_contains "$sheet" '<row r="4" spans="1:9" ht="30" customHeight="1">' "row 4 (0-2)"
  # the bulletin: A4 portrait, its title, number and the figures of its JSON
  pdf=$(office_convert pdf "$TMP/bulletin.docx") || return 1
  expect_eq "$(pdf_page "$pdf")" "A4 portrait" "the bulletin's page"
  text=$(pdf_text "$pdf")
  expect_contains "$text" "$(jq -r .title "$TMP/b.json")" "the bulletin's PDF"
  expect_contains "$text" "第1期（2019Q1）" "the bulletin's PDF"
  expect_contains "$text" "纳入台账的任务共$(jq -r .overall.items "$TMP/b.json")项，其中已完成$(jq -r .overall.completed "$TMP/b.json")项" "the bulletin's PDF"
  expect_contains "$text" "进度滞后$(jq -r .overall.behind "$TMP/b.json")项" "the bulletin's PDF"
  expect_contains "$text" "本期发出红色预警$(jq -r .warnings.red "$TMP/b.json")项" "the bulletin's PDF"
  expect_contains "$text" "3-2带动其他经济区梯次发展省发展改革委2019-02-2810%" "the behind item's row"
  expect_eq "$(jq -r '.overall.items' "$TMP/b.json")" "502" "items in the bulletin"
  office_png "$pdf" bulletin || return 1
  # the measures' table gives the names (名称) the room, not the numbers (措施, 任务数)
  set -- $(unzip -p "$TMP/bulletin.docx" word/document.xml | grep -o '<w:gridCol w:w="[0-9]*"/>' |
    head -n 4 | tr -dc '0-9\n')
  [ "$#" = 4 ] && [ "$2" -gt $(($1 * 3)) ] && [ "$2" -gt $(($3 * 3)) ] ||
    fail "the measures' table's column widths are [$*]: 名称 is not the widest"
}
