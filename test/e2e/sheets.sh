# End-to-end tests of spreadsheet interchange: the ledger exported as the office's .xlsx and
# CSV, a task-division table imported from .xlsx (unknown units listed), progress imported from
# a filled-in sheet in one transaction, the round trip export → import into an empty database →
# export giving the same cells (compared with `luoshi sheet dump`), for a ledger made from a
# task-division table and for one made from a decision (measure headings, the office's numbering,
# 责任领导, recurring deadlines, sub-items, progress, status and warnings), as .xlsx and as CSV,
# and bad sheets: formulas,
# dates as text and as serial numbers, odd merges, a 50 MB sheet and a zip bomb refused with
# nothing imported.

# mk_xlsx OUT SHEET_XML [SHARED_STRINGS_XML]: a minimal workbook (python3 zipfile). Styles: 0
# plain, 1 a date (numFmt 14).
mk_xlsx() {
  python3 - "$@" <<'PY'
import sys, zipfile
out, sheet = sys.argv[1], sys.argv[2]
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('xl/workbook.xml', '<workbook %s><sheets><sheet name="分工" sheetId="1" r:id="rId1"/></sheets></workbook>' % ns)
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr('xl/styles.xml', '<styleSheet %s><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>' % ns)
    if sheet.startswith('@'):
        z.write(sheet[1:], 'xl/worksheets/sheet1.xml')
    else:
        z.writestr('xl/worksheets/sheet1.xml', '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (ns, sheet))
PY
}

# an inline-string cell
ic() { printf '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' "$1" "$2"; }

DIVISION='序号,任务内容,牵头单位,配合单位,完成时限
1-1,制定区域协同发展指导意见,省发展改革委,省财政厅,2019年6月底前
1-2,修订完善相关规划,省自然资源厅,,2019年12月底前
2-1,建设中国（四川）自由贸易试验区,省商务厅,"省发展改革委、省财政厅",2020年底前
2-2,清理整合散弱荒园区,省经济和信息化厅,,长期坚持
'

setup_sheets() {
  printf '%s' "$DIVISION" >"$TMP/division.csv"
  "$LUOSHI" unit seed --db "$TMP/a.db" >/dev/null || return 1
  "$LUOSHI" import "$TMP/division.csv" --db "$TMP/a.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/a.db" >/dev/null || return 1
  "$LUOSHI" report file 1 --period 2019-06 --progress 60 --done 完成初稿 --db "$TMP/a.db" >/dev/null &&
    "$LUOSHI" report submit 1 --db "$TMP/a.db" >/dev/null || return 1
}

t_sheet_export_xlsx_layout() {
  setup_sheets || return 1
  expect_status 0 "$LUOSHI" ledger export 1 --xlsx "$TMP/a.xlsx" --db "$TMP/a.db" || return 1
  expect_eq "$(cat "$TMP/out")" "4 items written to $TMP/a.xlsx"
  "$LUOSHI" sheet dump "$TMP/a.xlsx" >"$TMP/a.tsv" || return 1
  expect_eq "$(sed -n 2p "$TMP/a.tsv")" "$(printf '序号\t任务内容\t责任领导\t牵头单位\t配合单位\t完成时限\t进展情况\t状态\t预警')"
  expect_eq "$(awk -F'\t' '$1=="1-1"{print $4 "|" $5 "|" $6 "|" $7}' "$TMP/a.tsv")" "省发展改革委|省财政厅|2019-06-30|60%：完成初稿"
  expect_eq "$(awk -F'\t' '$1=="2-2"{print $6}' "$TMP/a.tsv")" "长期坚持"
  # frozen header, print setup, merged title
  mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q -o ../a.xlsx) || return 1
  sheet=$(cat "$TMP/x/xl/worksheets/sheet1.xml")
  expect_contains "$sheet" 'ySplit="2"'
  expect_contains "$sheet" 'paperSize="9"'
  expect_contains "$sheet" 'orientation="landscape"'
  expect_contains "$sheet" 'fitToPage="1"'
  expect_contains "$sheet" 'fitToHeight="0"'
  expect_contains "$sheet" 'gridLines="1"'
  expect_contains "$sheet" '<mergeCell ref="A1:I1"/>'
  expect_contains "$(cat "$TMP/x/xl/workbook.xml")" "_xlnm.Print_Titles"
  # the filters of ledger list
  expect_status 0 "$LUOSHI" ledger export 1 --measure 2 --xlsx "$TMP/m.xlsx" --db "$TMP/a.db" || return 1
  expect_eq "$(cat "$TMP/out")" "2 items written to $TMP/m.xlsx"
  expect_status 2 "$LUOSHI" ledger export 1 --db "$TMP/a.db" || return 1
}

t_sheet_export_csv() {
  setup_sheets || return 1
  "$LUOSHI" ledger add 1 --text '=HYPERLINK("http://x")' --db "$TMP/a.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" ledger export 1 --csv "$TMP/a.csv" --db "$TMP/a.db" || return 1
  expect_eq "$(head -c 3 "$TMP/a.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
  expect_contains "$(cat "$TMP/a.csv")" '序号,任务内容,责任领导,牵头单位,配合单位,完成时限,进展情况,状态,预警'
  expect_contains "$(cat "$TMP/a.csv")" '"'"'"'=HYPERLINK(""http://x"")"'
  expect_contains "$(cat "$TMP/a.csv")" '2-1,建设中国（四川）自由贸易试验区,,省商务厅,省发展改革委、省财政厅,2020-12-31'
  # read back, the quote that kept the formula from running is not part of the text
  "$LUOSHI" unit seed --db "$TMP/q.db" >/dev/null || return 1
  "$LUOSHI" import "$TMP/a.csv" --db "$TMP/q.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/q.db" >/dev/null || return 1
  expect_eq "$("$LUOSHI" ledger list 1 --json --db "$TMP/q.db" | jq -r '.[-1].text')" '=HYPERLINK("http://x")'
}

t_sheet_round_trip() {
  setup_sheets || return 1
  "$LUOSHI" ledger export 1 --xlsx "$TMP/a.xlsx" --db "$TMP/a.db" >/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/b.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" import "$TMP/a.xlsx" --db "$TMP/b.db" --quiet || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/b.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" report import "$TMP/a.xlsx" --period 2019-06 --submit --db "$TMP/b.db" || return 1
  expect_contains "$(cat "$TMP/out")" "1 reports filed and submitted for 2019-06"
  "$LUOSHI" ledger export 1 --xlsx "$TMP/b.xlsx" --db "$TMP/b.db" >/dev/null || return 1
  "$LUOSHI" sheet dump "$TMP/a.xlsx" >"$TMP/a.tsv" && "$LUOSHI" sheet dump "$TMP/b.xlsx" >"$TMP/b.tsv" || return 1
  expect_eq "$(diff "$TMP/a.tsv" "$TMP/b.tsv")" "" "difference between the two exports"
  expect_eq "$(wc -l <"$TMP/b.tsv")" "6"
  expect_eq "$("$LUOSHI" docs --json --db "$TMP/b.db" | jq -r '.[0].title')" "$(head -1 "$TMP/a.tsv" | cut -f1)"
}

# setup_decision_ledger: the Sichuan decision's ledger in $TMP/d.db, assigned, split, reported on
# and warned about as an office runs it, exported to $TMP/d.xlsx and $TMP/d.csv.
setup_decision_ledger() {
  "$LUOSHI" unit seed --db "$TMP/d.db" >/dev/null || return 1
  "$LUOSHI" import "$ROOT/test/corpus/sichuan-2018-decision-page.txt" --db "$TMP/d.db" --quiet || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/d.db" >/dev/null || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/d.db" >"$TMP/d.json" || return 1
  id_of() { jq -r --arg n "$1" '.[] | select(.number == $n) | .id' "$TMP/d.json"; }
  L() { "$LUOSHI" "$@" --db "$TMP/d.db" >/dev/null; }
  L ledger assign "$(id_of 3-1)" --leader 王晓晖 --lead 省发展改革委 --cooperating 省财政厅,省商务厅 \
    --deadline 2019-06-30 || return 1
  L ledger assign "$(id_of 3-2)" --leader 罗文 --lead 省交通运输厅 --recurring quarter || return 1
  L ledger assign "$(id_of 3-3)" --lead 省商务厅 --recurring year:12-31 || return 1
  L ledger assign "$(id_of 十二-2)" --leader 王晓晖 --lead 省委办公厅 --recurring month:10 || return 1
  L ledger assign "$(id_of 3-26)" --leader 王晓晖 --lead 省经济和信息化厅 --deadline 2020-12-31 || return 1
  L ledger split "$(id_of 3-1)" --unit 成都市 --unit 绵阳市 || return 1
  for row in "3-1 60 完成初稿" "3-26 30 已启动"; do
    set -- $row
    r=$("$LUOSHI" report file "$(id_of "$1")" --period 2019-06 --progress "$2" --done "$3" --json \
      --db "$TMP/d.db" | jq -r .report) || return 1
    L report submit "$r" || return 1
  done
  L warnings run --date 2019-07-15 || return 1
  L ledger export 1 --xlsx "$TMP/d.xlsx" || return 1
  L ledger export 1 --csv "$TMP/d.csv"
}

t_sheet_round_trip_of_a_decision_ledger() {
  setup_decision_ledger || return 1
  "$LUOSHI" unit seed --db "$TMP/n.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" import "$TMP/d.xlsx" --db "$TMP/n.db" --quiet || return 1
  expect_status 0 "$LUOSHI" ledger create 1 --db "$TMP/n.db" || return 1
  expect_eq "$(cat "$TMP/out")" "499 items, 115 without a lead unit"
  expect_status 0 "$LUOSHI" report import "$TMP/d.xlsx" --period 2019-06 --submit --db "$TMP/n.db" || return 1
  expect_contains "$(cat "$TMP/out")" "2 reports filed and submitted for 2019-06"
  "$LUOSHI" warnings run --date 2019-07-15 --db "$TMP/n.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" ledger export 1 --xlsx "$TMP/n.xlsx" --db "$TMP/n.db" || return 1
  expect_eq "$(cat "$TMP/out")" "499 items written to $TMP/n.xlsx"
  "$LUOSHI" sheet dump "$TMP/d.xlsx" >"$TMP/d.tsv" && "$LUOSHI" sheet dump "$TMP/n.xlsx" >"$TMP/n.tsv" || return 1
  expect_eq "$(diff "$TMP/d.tsv" "$TMP/n.tsv")" "" "difference between the two exports"
  # the same sheet, not only the same cells: merges, styles, row heights, strings
  mkdir -p "$TMP/dx" "$TMP/nx" && (cd "$TMP/dx" && unzip -q -o ../d.xlsx) && (cd "$TMP/nx" && unzip -q -o ../n.xlsx) || return 1
  for part in xl/worksheets/sheet1.xml xl/sharedStrings.xml; do
    expect_eq "$(cmp "$TMP/dx/$part" "$TMP/nx/$part" 2>&1)" "" "$part of the two exports"
  done
  expect_eq "$(grep -o '<mergeCell ' "$TMP/nx/xl/worksheets/sheet1.xml" | wc -l)" "15" "title and heading merges"
  # title, header, 14 measure headings (三 twice: before the sub-items), 499 items
  expect_eq "$(wc -l <"$TMP/n.tsv")" "515"
  expect_eq "$(head -1 "$TMP/n.tsv" | cut -f1,9)" "$(printf '中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定\t中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定')"
  expect_eq "$(grep -c '^[一二三四五六七八九十]*、' "$TMP/n.tsv")" "14"
  expect_eq "$(grep -c "^$(printf '三、壮大区域发展重要支点\t三、壮大区域发展重要支点\t')" "$TMP/n.tsv")" "2"
  expect_contains "$(cat "$TMP/n.tsv")" "$(printf '3-1\t环成都经济圈建设与成都有机融合、一体发展的现代经济集中发展区\t王晓晖\t省发展改革委\t省财政厅、省商务厅\t2019-06-30\t60%%：完成初稿\t滞后\t红色预警')"
  expect_contains "$(cat "$TMP/n.tsv")" "$(printf '3-2\t带动其他经济区梯次发展\t罗文\t省交通运输厅\t\t每季度末\t\t未启动\t黄色预警')"
  expect_eq "$(awk -F'\t' '$1 == "3-3" || $1 == "十二-2" || $1 == "3-26" {print $1 "|" $3 "|" $6 "|" $7}' "$TMP/n.tsv")" "十二-2|王晓晖|每月10日前|
3-3||每年年底前|
3-26|王晓晖|2020-12-31|30%：已启动"
  expect_eq "$(awk -F'\t' '$1 ~ /^3-1-/ {print $1 "|" $4 "|" $6}' "$TMP/n.tsv")" "3-1-1|成都市人民政府|2019-06-30
3-1-2|绵阳市人民政府|2019-06-30"
  # what came back is the ledger's own data, not a picture of it
  "$LUOSHI" ledger list 1 --json --db "$TMP/n.db" >"$TMP/n.json" || return 1
  expect_eq "$(jq -r '.[] | select(.number == "3-2" or .number == "十二-2") | .recurrence' "$TMP/n.json" | sort)" "month:10
quarter"
  expect_eq "$(sql "$TMP/n.db" "select count(*) from blocks where measure=3 and measure_title='壮大区域发展重要支点'")" "65"
  # the sub-items are sub-items again, under the item they were split from
  "$LUOSHI" ledger tree "$(jq -r '.[] | select(.number == "3-1") | .id' "$TMP/n.json")" --json --db "$TMP/n.db" >"$TMP/tree.json" || return 1
  expect_eq "$(jq -r '[.[] | "\(.number) \(.lead) \(.children)"] | join(",")' "$TMP/tree.json")" "3-1 省发展改革委 2,3-1-1 成都市人民政府 0,3-1-2 绵阳市人民政府 0"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/n.db" || return 1
  expect_eq "$("$LUOSHI" docs --json --db "$TMP/n.db" | jq -r '.[0].title')" "中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定"
}

t_sheet_csv_round_trip_of_a_decision_ledger() {
  setup_decision_ledger || return 1
  "$LUOSHI" unit seed --db "$TMP/c.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" import "$TMP/d.csv" --db "$TMP/c.db" --quiet || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/c.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" report import "$TMP/d.csv" --period 2019-06 --submit --db "$TMP/c.db" || return 1
  expect_contains "$(cat "$TMP/out")" "2 reports filed and submitted for 2019-06"
  "$LUOSHI" warnings run --date 2019-07-15 --db "$TMP/c.db" >/dev/null || return 1
  "$LUOSHI" ledger export 1 --csv "$TMP/c.csv" --db "$TMP/c.db" >/dev/null || return 1
  expect_eq "$(cmp "$TMP/d.csv" "$TMP/c.csv" 2>&1)" "" "difference between the two CSV exports"
  expect_eq "$(wc -l <"$TMP/c.csv")" "500"
  expect_contains "$(cat "$TMP/c.csv")" '3-26,川东北经济区建设东向北向出川综合交通枢纽和川渝陕甘结合部区域经济中心,王晓晖,省经济和信息化厅,,2020-12-31,30%：已启动,未启动,黄色预警'
  # the sheet dump reads the CSV as report import does
  expect_eq "$("$LUOSHI" sheet dump "$TMP/c.csv" | awk -F'\t' '$1 == "3-1-2" {print $3 "|" $4}')" "王晓晖|绵阳市人民政府"
}

t_sheet_import_table_units_dates_formulas_merges() {
  "$LUOSHI" unit seed --db "$TMP/c.db" >/dev/null || return 1
  rows="<row r=\"1\">$(ic A1 '关于印发重点任务分工方案的通知')</row>"
  rows="$rows<row r=\"2\">$(ic A2 序号)$(ic B2 工作任务)$(ic C2 牵头单位)$(ic D2 配合单位)$(ic E2 完成时限)</row>"
  rows="$rows<row r=\"3\">$(ic A3 '一、扩大开放')</row>"
  rows="$rows<row r=\"4\"><c r=\"A4\"><f>ROW()-3</f><v>1</v></c>$(ic B4 制定区域协同发展指导意见)$(ic C4 省发展改革委)$(ic D4 不存在的局)<c r=\"E4\" s=\"1\"><v>43646</v></c></row>"
  rows="$rows<row r=\"5\"><c r=\"A5\"><v>2</v></c>$(ic B5 修订完善相关规划)$(ic D5 省财政厅)$(ic E5 2019年12月底前)</row>"
  rows="$rows<row r=\"6\"><c r=\"A6\"><v>3</v></c>$(ic B6 修订完善相关规划)$(ic C6 '省商务厅、虚构办公室')$(ic E6 2020年底前)</row>"
  mk_xlsx "$TMP/div.xlsx" "$rows" || return 1
  # lead unit merged down over rows 4-5 (an odd place for a merge, but offices do it)
  python3 - "$TMP/div.xlsx" <<'PY' || return 1
import sys, zipfile, shutil
p = sys.argv[1]
zin = zipfile.ZipFile(p); parts = {n: zin.read(n) for n in zin.namelist()}; zin.close()
s = parts['xl/worksheets/sheet1.xml'].decode()
s = s.replace('</sheetData>', '</sheetData><mergeCells><mergeCell ref="C4:C5"/><mergeCell ref="A3:E3"/></mergeCells>')
parts['xl/worksheets/sheet1.xml'] = s.encode()
with zipfile.ZipFile(p, 'w', zipfile.ZIP_DEFLATED) as z:
    for n, b in parts.items(): z.writestr(n, b)
PY
  expect_status 0 "$LUOSHI" sheet dump "$TMP/div.xlsx" || return 1
  expect_contains "$(cat "$TMP/out")" "$(printf '1\t制定区域协同发展指导意见\t省发展改革委\t不存在的局\t2019-06-30')"
  expect_contains "$(cat "$TMP/out")" "$(printf '2\t修订完善相关规划\t省发展改革委\t省财政厅\t2019年12月底前')"
  expect_status 0 "$LUOSHI" import "$TMP/div.xlsx" --summary --db "$TMP/c.db" || return 1
  expect_contains "$(cat "$TMP/err")" "units not in the unit tree (2): 不存在的局 虚构办公室"
  expect_eq "$("$LUOSHI" docs --json --db "$TMP/c.db" | jq -r '.[0].title')" "关于印发重点任务分工方案的通知"
  "$LUOSHI" ledger create 1 --db "$TMP/c.db" >/dev/null || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/c.db" >"$TMP/l.json" || return 1
  expect_eq "$(jq -r '.[0].lead + "|" + .[0].deadline' "$TMP/l.json")" "省发展改革委|2019-06-30"
  expect_eq "$(jq -r '.[1].lead + "|" + .[1].deadline' "$TMP/l.json")" "省发展改革委|2019-12-31"
  # the heading row is no task; the duplicate row text is kept as its own row (two tasks)
  expect_eq "$(jq length "$TMP/l.json")" "3"
  # the JSON names the unmatched units too
  "$LUOSHI" import "$TMP/div.xlsx" --json --dry-run --db "$TMP/c.db" >"$TMP/d.json" 2>/dev/null
  "$LUOSHI" unit seed --db "$TMP/e.db" >/dev/null
  "$LUOSHI" import "$TMP/div.xlsx" --json --db "$TMP/e.db" >"$TMP/e.json" 2>/dev/null || return 1
  expect_eq "$(jq -c .unmatched_units "$TMP/e.json")" '["不存在的局","虚构办公室"]'
}

t_sheet_report_import_bad_rows_import_nothing() {
  setup_sheets || return 1
  echo 'pass-word-1' | "$LUOSHI" user add fg 发改填报员 reporter --unit 省发展改革委 --db "$TMP/a.db" >/dev/null || return 1
  rows="<row r=\"1\">$(ic A1 序号)$(ic B1 任务内容)$(ic C1 进展情况)</row>"
  rows="$rows<row r=\"2\">$(ic A2 1-1)$(ic C2 '80%：印发实施')</row>"
  rows="$rows<row r=\"3\">$(ic A3 9-9)$(ic C3 '10%')</row>"
  rows="$rows<row r=\"4\">$(ic A4 1-1)$(ic C4 '90%')</row>"
  rows="$rows<row r=\"5\">$(ic A5 1-2)$(ic C5 '20%')</row>"
  rows="$rows<row r=\"6\">$(ic A6 2-1)<c r=\"C6\"><v>120</v></c></row>"
  rows="$rows<row r=\"7\">$(ic A7 2-2)</row>"
  mk_xlsx "$TMP/bad.xlsx" "$rows" || return 1
  before=$(sql "$TMP/a.db" 'select count(*) from reports')
  expect_status 1 "$LUOSHI" report import "$TMP/bad.xlsx" --period 2019-09 --db "$TMP/a.db" --as fg || return 1
  err=$(cat "$TMP/err")
  expect_contains "$err" "row 3 (9-9): no item numbered 9-9"
  expect_contains "$err" "row 4 (1-1): item 1-1 appears twice (rows 2 and 4)"
  expect_contains "$err" "row 5 (1-2):"
  expect_contains "$err" "row 6 (2-1): progress '120' is not a percentage"
  expect_contains "$err" "4 bad rows in sheet '分工': nothing imported"
  expect_eq "$(sql "$TMP/a.db" 'select count(*) from reports')" "$before"
  expect_status 1 "$LUOSHI" report import "$TMP/bad.xlsx" --period 2019-09 --json --db "$TMP/a.db" --as fg || return 1
  expect_eq "$(jq -c '[.ok, .filed, (.bad | map(.row))]' "$TMP/out")" '[false,0,[3,4,5,6]]'
  # the good rows alone: filed and submitted as the reporter
  rows="<row r=\"1\">$(ic A1 序号)$(ic B1 任务内容)$(ic C1 进展情况)</row>"
  rows="$rows<row r=\"2\">$(ic A2 1-1)$(ic C2 '80%：印发实施')</row>"
  mk_xlsx "$TMP/good.xlsx" "$rows" || return 1
  expect_status 0 "$LUOSHI" report import "$TMP/good.xlsx" --period 2019-09 --submit --db "$TMP/a.db" --as fg || return 1
  expect_eq "$(sql "$TMP/a.db" "select progress||'|'||done||'|'||state from reports where period='2019-09'")" "80|印发实施|submitted"
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/a.db" || return 1
}

t_sheet_limits_refuse_big_sheets_and_zip_bombs() {
  "$LUOSHI" unit seed --db "$TMP/f.db" >/dev/null || return 1
  # a 51 MB sheet that compresses poorly: over the 50 MB limit
  python3 - "$TMP/big.xml" <<'PY' || return 1
import os, sys
with open(sys.argv[1], 'w') as f:
    f.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
    f.write(os.urandom(26 * 1024 * 1024).hex()[:51 * 1024 * 1024])
    f.write('</t></is></c></row></sheetData></worksheet>')
PY
  mk_xlsx "$TMP/big.xlsx" "@$TMP/big.xml" || return 1
  rm -f "$TMP/big.xml"
  expect_status 1 "$LUOSHI" import "$TMP/big.xlsx" --db "$TMP/f.db" || return 1
  expect_contains "$(cat "$TMP/err")" "over the limit of 50 MB: refused, nothing read"
  expect_status 1 "$LUOSHI" sheet dump "$TMP/big.xlsx" || return 1
  rm -f "$TMP/big.xlsx"
  # a zip bomb: 300 MB of spaces deflated to a few hundred kilobytes
  python3 - "$TMP/bomb.xlsx" <<'PY' || return 1
import sys, zipfile
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/workbook.xml', '<workbook %s><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>' % ns)
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr('xl/worksheets/sheet1.xml', '<worksheet>' + ' ' * (300 << 20) + '</worksheet>')
PY
  expect_status 1 "$LUOSHI" import "$TMP/bomb.xlsx" --db "$TMP/f.db" || return 1
  expect_contains "$(cat "$TMP/err")" "zip bomb guard"
  expect_status 1 "$LUOSHI" report import "$TMP/bomb.xlsx" --period 2019-09 --db "$TMP/f.db" || return 1
  expect_contains "$(cat "$TMP/err")" "zip bomb guard"
  expect_eq "$(sql "$TMP/f.db" 'select count(*) from documents')" "0"
}
