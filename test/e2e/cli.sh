# End-to-end tests of the command line: set-up, storing, reading back, and bad input.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

t_help_lists_commands() {
  expect_status 0 "$LUOSHI" help || return 1
  expect_contains "$(cat "$TMP/out")" "import"
  expect_status 0 "$LUOSHI" import --help || return 1
  expect_contains "$(cat "$TMP/out")" "--json"
  expect_status 2 "$LUOSHI" no-such-command
}

t_import_stores_and_reads_back() {
  expect_status 0 "$LUOSHI" import "$SAMPLE" --db "$TMP/l.db" --summary || return 1
  expect_contains "$(cat "$TMP/err")" "stored as document 1"
  expect_status 0 "$LUOSHI" docs --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/out")" "中共四川省委关于深入学习贯彻"
  expect_status 0 "$LUOSHI" tasks 1 --kind deliverable --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/out")" "川南一体化发展指导意见"
  expect_status 0 "$LUOSHI" tasks 1 --place 宜宾 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/out")" "支持宜宾建设长江上游区域中心城市"
  expect_status 0 "$LUOSHI" show 1 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/out")" "measure 15"
}

t_export_equals_import_json() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/l.db" --json >"$TMP/a.json" || return 1
  sha=$(jq -r .document.sha256 "$TMP/a.json")
  "$LUOSHI" export "${sha:0:10}" --json --db "$TMP/l.db" >"$TMP/b.json" || return 1
  expect_eq "$(jq -S . "$TMP/a.json" | md5sum)" "$(jq -S . "$TMP/b.json" | md5sum)" "export vs import JSON"
}

t_same_bytes_stored_once() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/l.db" --quiet 2>/dev/null || return 1
  expect_status 0 "$LUOSHI" import "$SAMPLE" --db "$TMP/l.db" --quiet || return 1
  expect_contains "$(cat "$TMP/err")" "already stored as document 1"
  expect_eq "$(sql "$TMP/l.db" 'select count(*) from documents')" "1"
}

t_empty_file_refused_nothing_stored() {
  : >"$TMP/empty.txt"
  expect_status 1 "$LUOSHI" import "$TMP/empty.txt" --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "empty"
  expect_eq "$(sql "$TMP/l.db" 'select count(*) from documents' 2>/dev/null || echo 0)" "0"
}

t_binary_file_refused() {
  head -c 4096 /bin/ls >"$TMP/bin.txt"
  expect_status 1 "$LUOSHI" import "$TMP/bin.txt" --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "binary"
}

t_invalid_utf8_names_byte_and_line() {
  { printf '第一行文字。\n第二行'; printf '\xff\xfe'; printf '文字。\n'; cat "$SAMPLE"; } >"$TMP/bad.txt"
  expect_status 1 "$LUOSHI" import "$TMP/bad.txt" --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "byte 28"
  expect_contains "$(cat "$TMP/err")" "line 2"
}

t_truncated_gb18030_reported() {
  iconv -f UTF-8 -t GB18030 "$SAMPLE" >"$TMP/gb.txt" || return 1
  size=$(stat -c %s "$TMP/gb.txt")
  head -c $((size - 2)) "$TMP/gb.txt" >"$TMP/cut.txt"
  printf '\xb0' >>"$TMP/cut.txt"
  expect_status 1 "$LUOSHI" import "$TMP/cut.txt" --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "truncated"
}

t_gb18030_reads_like_utf8() {
  iconv -f UTF-8 -t GB18030 "$SAMPLE" >"$TMP/gb.txt" || return 1
  "$LUOSHI" import "$TMP/gb.txt" --dry-run --json >"$TMP/gb.json" || return 1
  "$LUOSHI" import "$SAMPLE" --dry-run --json >"$TMP/u8.json" || return 1
  expect_eq "$(jq -r .document.encoding "$TMP/gb.json")" "GB18030"
  expect_eq "$(jq -c '[.blocks[].text]' "$TMP/gb.json" | md5sum)" "$(jq -c '[.blocks[].text]' "$TMP/u8.json" | md5sum)" "blocks"
  expect_eq "$(jq -c '[.tasks[].lines]' "$TMP/gb.json" | md5sum)" "$(jq -c '[.tasks[].lines]' "$TMP/u8.json" | md5sum)" "task lines"
  # Bytes count in the GB18030 file: the first task's range cut from it is its text.
  s=$(jq -r '.tasks[0].bytes[0]' "$TMP/gb.json"); e=$(jq -r '.tasks[0].bytes[1]' "$TMP/gb.json")
  expect_eq "$(tail -c +$((s + 1)) "$TMP/gb.txt" | head -c $((e - s)) | iconv -f GB18030 -t UTF-8 | tr -d '\n ')" "$(jq -r '.tasks[0].text' "$TMP/gb.json")"
}

t_utf8_bom_accepted() {
  { printf '\xef\xbb\xbf'; cat "$SAMPLE"; } >"$TMP/bom.txt"
  "$LUOSHI" import "$TMP/bom.txt" --dry-run --json >"$TMP/bom.json" || return 1
  expect_eq "$(jq -r .document.encoding "$TMP/bom.json")" "UTF-8 BOM"
  expect_eq "$(jq -r '.blocks[0].bytes[0]' "$TMP/bom.json")" "4" "first block starts after BOM and the leading space"
}

t_oversized_file_refused_cleanly() {
  head -c $((3 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$TMP/big.txt"
  expect_status 1 "$LUOSHI" import "$TMP/big.txt" --max-size 2 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "larger than 2 MB"
}

t_long_line_without_break() {
  # 10 MB on one line with no punctuation: one paragraph, no crash, no hang.
  yes '推进成都平原经济区协同发展' | head -n 300000 | tr -d '\n' >"$TMP/line.txt"
  expect_status 0 "$LUOSHI" import "$TMP/line.txt" --dry-run --summary || return 1
  expect_contains "$(cat "$TMP/out")" "1 blocks"
}

t_places_command() {
  expect_status 0 "$LUOSHI" places 支持西昌建设 成德绵 九寨 --json || return 1
  expect_eq "$(jq -r '[.[].code] | join(",")' "$TMP/out")" "513401,510100,510600,510700,513225"
  expect_eq "$(jq -r '.[0].prefecture.name' "$TMP/out")" "凉山彝族自治州"
}

t_unknown_document_is_a_clear_error() {
  "$LUOSHI" import "$SAMPLE" --db "$TMP/l.db" --quiet 2>/dev/null || return 1
  expect_status 1 "$LUOSHI" show 99 --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no document '99'"
}

t_task_division_table_csv() {
  printf '序号,工作任务,牵头单位,配合单位,完成时限\r\n1,出台川南一体化发展指导意见,省发展改革委,"省经济和信息化厅、省交通运输厅",2019年6月底前\r\n2,"加快建设天府国际机场，到2021年建成投运",省发展改革委,成都市人民政府,2021年\r\n' >"$TMP/plan.csv"
  "$LUOSHI" import "$TMP/plan.csv" --dry-run --json >"$TMP/plan.json" || return 1
  expect_eq "$(jqr "$TMP/plan.json" '.document.format')" "table"
  expect_eq "$(jqr "$TMP/plan.json" '.tasks[0] | "\(.deliverable)|\(.units.lead)|\(.units.cooperating)|\(.deadline)|\(.deadline_text)"')" \
    '川南一体化发展指导意见|["省发展改革委"]|["省经济和信息化厅","省交通运输厅"]|2019|2019年6月底前'
  expect_eq "$(jqr "$TMP/plan.json" '.tasks[1] | "\(.kind)|\(.lines)|\(.units.suggested)"')" 'project|[3,3]|[]'
  # the task cell's bytes, cut from the file, are the task's sentence
  s=$(jqr "$TMP/plan.json" '.blocks[1].bytes[0]'); e=$(jqr "$TMP/plan.json" '.blocks[1].bytes[1]')
  expect_eq "$(tail -c +$((s + 1)) "$TMP/plan.csv" | head -c $((e - s)))" "加快建设天府国际机场，到2021年建成投运"
}

t_task_division_table_tsv_in_gb18030() {
  printf '序号\t任务内容\t责任单位\t协办单位\t完成时间\n1\t编制全省乡村振兴战略规划\t省农业农村厅\t省发展改革委\t2018年底前\n' | iconv -f UTF-8 -t GB18030 >"$TMP/plan.tsv"
  "$LUOSHI" import "$TMP/plan.tsv" --dry-run --json >"$TMP/plan.json" || return 1
  expect_eq "$(jqr "$TMP/plan.json" '.document.encoding')" "GB18030"
  expect_eq "$(jqr "$TMP/plan.json" '.tasks[0] | "\(.deliverable)|\(.units.lead)|\(.deadline)"')" '全省乡村振兴战略规划|["省农业农村厅"]|2018'
}

t_table_without_task_column_is_refused() {
  printf '名称,单位\n一,二\n' >"$TMP/bad.csv"
  expect_status 1 "$LUOSHI" import "$TMP/bad.csv" --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "no task column"
}

t_docx_reads_numbering_and_title() {
  "$LUOSHI" import "$ROOT/test/corpus/docx/measures.docx" --dry-run --json >"$TMP/d.json" || return 1
  expect_eq "$(jqr "$TMP/d.json" '.document.encoding')" "docx"
  expect_eq "$(jqr "$TMP/d.json" '.document.title')" "关于加快推进绿色建筑发展的实施意见（节选）"
  expect_eq "$(jqr "$TMP/d.json" '[.blocks[] | select(.kind=="heading") | "\(.level) \(.number)"] | join(",")')" "section 一,measure 1,measure 2"
  expect_eq "$(jqr "$TMP/d.json" '.targets[0] | "\(.value)\(.unit) \(.comparator) \(.deadline)"')" "55% ~ 2022"
}

t_two_hundred_megabyte_file_refused_quickly() {
  truncate -s 200M "$TMP/huge.txt"
  expect_status 1 "$LUOSHI" import "$TMP/huge.txt" --db "$TMP/l.db" || return 1
  expect_contains "$(cat "$TMP/err")" "larger than"
  expect_eq "$(sql "$TMP/l.db" 'select count(*) from documents' 2>/dev/null || echo 0)" "0"
}

t_fuzz_findings_stay_fixed() {
  for f in "$ROOT"/test/fuzz/findings/*; do
    case "$f" in *.md) continue ;; esac
    "$LUOSHI" import "$f" --dry-run --quiet >"$TMP/out" 2>"$TMP/err"
    status=$?
    [ "$status" -le 1 ] || { fail "$(basename "$f"): exit status $status"; return 1; }
    [ "$status" -eq 0 ] || expect_contains "$(cat "$TMP/err")" "luoshi import" || return 1
  done
}
