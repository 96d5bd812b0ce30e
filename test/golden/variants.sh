# Golden tests on documents the pipeline was not tuned on (test/corpus/variants/):
#
# - the Sichuan sample page re-typeset seven ways by test/corpus/variants/make.sh (other column
#   widths, indents or none, no blank lines, column breaks mid-sentence, one line per paragraph,
#   Traditional characters, GB18030, CRLF with half-width punctuation, page markers glued to
#   the text and a running title inside a paragraph). Each must read exactly like the original:
#   same measures, section, deliverables, targets, markers, fragments, content and provenance.
#   The tests are generated below as t_<variant>_<check>, one per variant and check.
# - three hand-written documents of the same kind: a Guizhou city's implementation opinions
#   (other-province-opinions.txt), a Henan city's task-division plan (assignment-plan.txt) and a
#   city's 责任分解 notice with labelled lines under each item (labelled-breakdown.txt), checked
#   for what a reader of them would expect.

VAR="$ROOT/test/corpus/variants"
ORIG="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
RT_S="中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定"
RT_T="中共四川省委關於深入學習貫徹習近平總書記對四川工作系列重要指示精神的決定"
. "$ROOT/test/golden/expect/sichuan.sh"
VARIANTS="wrap17 wrap28-noindent oneline traditional gb18030 crlf inline-markers"

# The deliverables in Traditional characters.
KNOWN_T="川南一體化發展指導意見 區域產業佈局指導意見 區域產業佈局引導目錄 成都平原軌道交通規劃
四川自貿試驗區條例 全省鄉村振興戰略規劃 全省新興產業指導目錄 5G產業發展行動計劃
新一代人工智能發展實施方案 加快服務業發展的若干意見 對外開放工作激勵辦法
暢通南向通道深化南向開放合作實施意見 打造中西部投資首選地實施意見
現代服務業集聚區發展規劃 現代服務業集聚區認定管理辦法 旅遊產業發展激勵辦法"
# As opencc wrote them into traditional.txt (里程 became 裏程 there).
TARGETS_T="建成及在建高鐵裏程|2300|公里|>=|null|5|null
服務業佔比|55|%|~|2022|null|null
數字經濟總量佔比|null|null|rank|2022|null|全國前列
規模以上工業企業研發投入強度|null|null|reach|2022|null|全國平均水平"

# vjson FILE [ARGS...]: import test/corpus/variants/FILE into $TMP/FILE.json.
vjson() {
  f=$1
  shift
  "$LUOSHI" import "$VAR/$f" --dry-run --json "$@" >"$TMP/$f.json" 2>"$TMP/$f.err" ||
    fail "import $f failed: $(head -c 300 "$TMP/$f.err")"
}
# utf8 : stdin as UTF-8 without CR (GB18030 when $ENC says so).
utf8() {
  if [ "${ENC:-}" = gb18030 ]; then iconv -f GB18030 -t UTF-8; else cat; fi | tr -d '\r'
}
# setv FILE: set ENC, RT (running title), M1/M2 (page markers), T1/T2 (title lines) for a variant.
setv() {
  ENC=
  case "$1" in gb18030.txt) ENC=gb18030 ;; esac
  if [ "$1" = traditional.txt ]; then
    RT=$RT_T T1="中共四川省委關於深入學習貫徹" T2="習近平總書記對四川工作系列重要指示精神的決定" M2="（下轉第6版）"
  else
    RT=$RT_S T1="中共四川省委关于深入学习贯彻" T2="习近平总书记对四川工作系列重要指示精神的决定" M2="（下转第6版）"
  fi
  M1="（上接第1版）"
}
# strip : stdin less white space (ASCII and U+3000), page markers and running titles.
strip() {
  tr -d ' \n\t\r' | sed 's/　//g' | sed -e "s/$M1//g" -e "s/$M2//g" -e "s/$RT//g"
}

check_measures() {
  vjson "$1" || return 1
  got=$(jqr "$TMP/$1.json" '.blocks[] | select(.kind=="heading" and .level=="measure") | "\(.number) \(.title)"')
  if [ "$1" = traditional.txt ]; then
    # Titles come out in Traditional characters (see t_traditional_titles_in_source_characters).
    expect_eq "$(printf '%s\n' "$got" | cut -d' ' -f1 | tr '\n' ' ')" "3 4 5 6 7 8 9 10 11 12 13 14 15 " "measure numbers" || return 1
    expect_eq "$(printf '%s\n' "$got" | awk '$2 != ""' | wc -l)" "13" "measures with a title"
  else
    expect_eq "$got" "$MEASURES" "measures"
  fi
}

check_section() {
  vjson "$1" || return 1
  setv "$1"
  # The heading's lines: from the line holding 十二、 to the first one ending in 落实 (落實).
  a=$(utf8 <"$VAR/$1" | grep -n '十二、' | head -n 1 | cut -d: -f1)
  b=$(utf8 <"$VAR/$1" | awk -v a="$a" 'NR >= a && /(落实|落實)$/ { print NR; exit }')
  got=$(jqr "$TMP/$1.json" '.blocks[] | select(.kind=="heading" and .level=="section") | "\(.number)|\(.title)|\(.lines)"')
  if [ "$1" = traditional.txt ]; then
    expect_eq "$(printf '%s\n' "$got" | cut -d'|' -f1,3)" "十二|[$a,$b]" "section"
  else
    expect_eq "$got" "十二|$SECTION|[$a,$b]" "section"
  fi
}

check_deliverables() {
  vjson "$1" || return 1
  got=$(jqr "$TMP/$1.json" '.tasks[] | select(.deliverable) | .deliverable' | sed -e 's/(/（/g' -e 's/)/）/g' | sort)
  "$LUOSHI" import "$ORIG" --dry-run --json >"$TMP/orig.json" || return 1
  want=$(jqr "$TMP/orig.json" '.tasks[] | select(.deliverable) | .deliverable' | sort)
  if [ "$1" = traditional.txt ]; then
    expect_eq "$(printf '%s\n' "$got" | wc -l)" "$(printf '%s\n' "$want" | wc -l)" "number of deliverables" || return 1
    known=$KNOWN_T
  else
    if [ "$got" != "$want" ]; then
      fail "deliverables differ from the original's (< original, > $1): $(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
      return 1
    fi
    known=$KNOWN_S
  fi
  for d in $known; do
    expect_contains "$got" "$d" "deliverables" || return 1
  done
}

check_targets() {
  vjson "$1" || return 1
  got=$(jqr "$TMP/$1.json" '.targets[] | "\(.metric)|\(.value)|\(.unit)|\(.comparator)|\(.deadline)|\(.horizon_years)|\(.level)"')
  if [ "$1" = traditional.txt ]; then want=$TARGETS_T; else want=$TARGETS_S; fi
  expect_eq "$got" "$want" "targets"
}

check_noncontent() {
  vjson "$1" || return 1
  setv "$1"
  utf8 <"$VAR/$1" >"$TMP/src"
  {
    grep -n -x -F "$T1" "$TMP/src" | cut -d: -f1 | while read -r n; do
      echo "$n running-title [$n,$((n + 1))] $RT"
    done
    grep -n -x -F "$T1$T2" "$TMP/src" | cut -d: -f1 | while read -r n; do
      echo "$n running-title [$n,$n] $RT"
    done
    for m in "$M1" "$M2"; do
      grep -n -F "$m" "$TMP/src" | cut -d: -f1 | while read -r n; do echo "$n page-marker [$n,$n] $m"; done
    done
  } | sort -n | cut -d' ' -f2- >"$TMP/want"
  jqr "$TMP/$1.json" '.blocks[] | select(.kind=="page-marker" or .kind=="running-title") | "\(.kind) \(.lines) \(.text)"' >"$TMP/got"
  expect_eq "$(cat "$TMP/got")" "$(cat "$TMP/want")" "non-content blocks"
}

check_fragments() {
  vjson "$1" || return 1
  expect_eq "$(jqr "$TMP/$1.json" '.document.fragments')" "2" "fragments" || return 1
  expect_eq "$(jqr "$TMP/$1.json" '.blocks[] | select(.kind=="heading" and .number=="3") | .fragment')" "2" "fragment of measure 3"
}

check_content() {
  vjson "$1" || return 1
  setv "$1"
  utf8 <"$VAR/$1" | strip >"$TMP/src"
  jqr "$TMP/$1.json" '[.blocks[] | select(.kind!="page-marker" and .kind!="running-title") | .text] | join("")' | tr -d ' \n' >"$TMP/content"
  same_content
}
# same_content : compare $TMP/src and $TMP/content, showing where they part.
same_content() {
  cmp -s "$TMP/src" "$TMP/content" && return 0
  off=$(cmp "$TMP/src" "$TMP/content" 2>&1 | grep -o 'byte [0-9]*' | head -n 1 | cut -d' ' -f2)
  off=${off:-1}
  ctx() { tail -c +$((off > 45 ? off - 45 : 1)) "$1" | head -c 120 | iconv -f UTF-8 -t UTF-8 -c 2>/dev/null; }
  fail "content differs from source at byte $off: source [$(ctx "$TMP/src")] content [$(ctx "$TMP/content")]"
}

# Each task's byte range, cut from the file (then decoded) and stripped of white space (and,
# for a sentence that runs across them, of page markers and running titles), is its text. Slices are cut in bash with
# LC_ALL=C (byte offsets), to keep hundreds of tasks fast.
check_provenance() {
  vjson "$1" || return 1
  setv "$1"
  provenance "$VAR/$1" "$TMP/$1.json"
}
# provenance FILE JSON: uses ENC, RT, M1, M2.
provenance() {
  jqr "$2" '.tasks[] | "\(.bytes[0]) \(.bytes[1]) \(.text)"' >"$TMP/spans"
  (
    export LC_ALL=C
    src=$(cat "$1"; echo .)
    n=0
    while read -r s e text; do
      n=$((n + 1))
      slice=${src:$s:$((e - s))}
      [ "$ENC" = gb18030 ] && slice=$(printf '%s' "$slice" | iconv -f GB18030 -t UTF-8 2>&1)
      for w in ' ' $'\n' $'\r' $'\t' '　'; do slice=${slice//"$w"/}; done
      [ "$slice" = "${text// /}" ] && continue
      for w in "$M1" "$M2" "$RT"; do slice=${slice//"$w"/}; done
      [ "$slice" = "${text// /}" ] || echo "bytes $s-$e: [$slice] is not [$text]"
    done <"$TMP/spans" >"$TMP/bad"
    [ ! -s "$TMP/bad" ] || { echo "    $(wc -l <"$TMP/bad") of $n tasks: $(head -n 3 "$TMP/bad")" >&2; exit 1; }
  )
}

# Paragraphs recovered exactly: as many as the page has, with the same text (Simplified,
# full-width variants), or the same number (traditional, crlf). Not for wrap28-noindent, where a
# column break after a full line ending in 。 cannot be told from a paragraph end.
check_paragraphs() {
  vjson "$1" || return 1
  grep '^para' "$VAR/sichuan-paragraphs.txt" | cut -f2 | tr -d ' ' >"$TMP/want"
  jqr "$TMP/$1.json" '.blocks[] | select(.kind=="paragraph") | .text' | tr -d ' ' >"$TMP/got"
  case $1 in
    traditional.txt | crlf.txt)
      expect_eq "$(wc -l <"$TMP/got")" "$(wc -l <"$TMP/want")" "paragraphs" ;;
    *)
      cmp -s "$TMP/got" "$TMP/want" ||
        fail "paragraphs differ (< original, > $1): $(diff "$TMP/want" "$TMP/got" | grep '^[<>]' | cut -c1-62 | head -n 6 | iconv -f UTF-8 -t UTF-8 -c 2>/dev/null | tr '\n' ' ')" ;;
  esac
}

for v in $VARIANTS; do
  for c in measures section deliverables targets noncontent fragments content provenance; do
    eval "t_${v//-/_}_$c() { check_$c $v.txt; }"
  done
  [ "$v" = wrap28-noindent ] || eval "t_${v//-/_}_paragraphs() { check_paragraphs $v.txt; }"
done

t_traditional_titles_in_source_characters() {
  vjson traditional.txt || return 1
  got=$(jqr "$TMP/traditional.txt.json" '.blocks[] | select(.kind=="heading") | "\(.number) \(.title)"')
  want="十二 切實加強組織領導，層層壓緊壓實責任，推動習近平總書記對四川工作系列重要指示精神落地落實
3 壯大區域發展重要支點
4 突出重點推動全域開放合作
5 高水平建設中國（四川）自由貿易試驗區
6 發展更高層次開放型經濟
7 突破高鐵瓶頸打造現代綜合交通運輸體系
8 推進鄉村振興重點突破
9 優化調整工業結構和佈局
10 大力發展現代服務業
11 搶佔數字經濟發展制高點
12 推動品質革命和品牌創建
13 創建國家軍民融合創新示範區
14 集聚和用好戰略科技創新資源
15 加大企業創新主體培育力度"
  expect_eq "$got" "$want" "headings"
}

t_traditional_places_found() {
  vjson traditional.txt || return 1
  # Measure 3's first paragraph names the same cities as in the original (成都 … 雅安).
  got=$(jqr "$TMP/traditional.txt.json" '.blocks[] | select(.kind=="paragraph" and .measure==3) | [.places[].code] | join(",")' | head -n 1)
  expect_eq "$got" "510100,510700,510600,511100,511400,510900,500000,512000,511800" "places of measure 3 ¶1"
}

t_gb18030_encoding_reported() {
  vjson gb18030.txt || return 1
  expect_eq "$(jqr "$TMP/gb18030.txt.json" '.document.encoding')" "GB18030" "encoding"
}

t_wrap28_noindent_paragraph_joined_across_column_break() {
  vjson wrap28-noindent.txt || return 1
  # Line 24 "…一起打、受" / blank / "贿行贿一起查…": one paragraph.
  expect_contains "$(jqr "$TMP/wrap28-noindent.txt.json" '.blocks[] | select(.kind=="paragraph") | .text')" "受贿行贿一起查" "paragraphs"
  # "…加快建设旅游强省和世界重要旅游目的" / blank / "地。制定促进全域旅游发展指导意见".
  expect_contains "$(jqr "$TMP/wrap28-noindent.txt.json" '.blocks[] | select(.kind=="paragraph") | .text')" "世界重要旅游目的地。制定促进全域旅游发展指导意见" "paragraphs"
}

t_inline_markers_paragraph_joined_around_running_title() {
  vjson inline-markers.txt || return 1
  r=0
  # "…西安经达州、广安至重" / blank / running title / blank / "庆高铁建设…": one paragraph.
  got=$(jqr "$TMP/inline-markers.txt.json" '.blocks[] | select(.kind=="paragraph" and (.text|contains("全力打通高铁进出川大通道"))) | .text')
  expect_contains "$got" "广安至重庆高铁建设" "measure 7 ¶1" || r=1
  expect_contains "$got" "形成成都通往昆明的高速铁路大通道" "measure 7 ¶1" || r=1
  return $r
}

t_inline_markers_glued_marker_leaves_measure_three_whole() {
  vjson inline-markers.txt || return 1
  expect_eq "$(jqr "$TMP/inline-markers.txt.json" '.blocks[] | select(.kind=="heading" and .number=="3") | "\(.lines) \(.text)"')" \
    "[105,105] 3.壮大区域发展重要支点。" "measure 3 heading"
  expect_eq "$(jqr "$TMP/inline-markers.txt.json" '[.blocks[] | select(.kind=="paragraph" and .measure==15)] | last | .text | endswith("达到全国平均水平。")')" \
    "true" "measure 15 ends with 达到全国平均水平。 (without the marker)"
}

# ---- other-province-opinions.txt: 中共遵义市委 遵义市人民政府 关于加快推进新型工业化高质量发展的实施意见

OP=other-province-opinions.txt
opj() { vjson $OP "$@"; }

t_op_title() {
  opj || return 1
  r=0
  got=$(jqr "$TMP/$OP.json" '.document.title')
  expect_contains "$got" "关于加快推进新型工业化高质量发展的实施意见" "title" || r=1
  case "$got" in 中共遵义市委*) ;; *) fail "title should start with the issuer 中共遵义市委: [$got]"; r=1 ;; esac
  return $r
}

t_op_heading_tree() {
  opj || return 1
  got=$(jqr "$TMP/$OP.json" '.blocks[] | select(.kind=="heading") | if .level=="item" then "item|\(.number)" else "\(.level)|\(.number)|\(.title)" end')
  want="section|一|总体要求
subsection|（一）|指导思想
subsection|（二）|主要目标
section|二|重点任务
subsection|（一）|做强白酒主导产业
measure|1|扩大优质酱香白酒产能
measure|2|提升白酒品牌影响力
subsection|（二）|壮大新材料和装备制造产业
measure|1|延伸铝及铝加工产业链
item|（1）
item|（2）
measure|2|提升装备制造配套能力
subsection|（三）|推动工业绿色低碳转型
measure|1|加快园区循环化改造
section|三|保障措施
subsection|（一）|强化要素保障
subsection|（二）|强化组织领导"
  expect_eq "$got" "$want" "headings"
}

t_op_five_measures() {
  opj || return 1
  expect_eq "$(jqr "$TMP/$OP.json" '[.blocks[] | select(.kind=="heading" and .level=="measure")] | length')" "5" "measures"
}

t_op_structure_carries_across_the_page_jump() {
  opj || return 1
  r=0
  # 下转第2版 and 上接第1版 follow each other: the text is continuous, "精深加 / 工延伸" is one
  # word, and what follows the jump still lies in 二、（二）.
  expect_contains "$(jqr "$TMP/$OP.json" '.blocks[] | select(.kind!="page-marker") | .text')" "推动铝产业向精深加工延伸，重点建设两个产业集群" "text across the jump" || r=1
  got=$(jqr "$TMP/$OP.json" '.blocks[] | select(.kind!="page-marker" and .lines[0] >= 34 and .lines[0] <= 43) | "\(.section) \(.subsection)"' | sort -u)
  expect_eq "$got" "二 （二）" "section and subsection of the blocks after the jump (lines 35–43)" || r=1
  return $r
}

t_op_page_markers_not_content() {
  opj || return 1
  got=$(jqr "$TMP/$OP.json" '.blocks[] | select(.kind=="page-marker" or .kind=="running-title") | "\(.kind) \(.lines) \(.text)"')
  expect_eq "$got" "page-marker [31,31] （下转第2版）
page-marker [33,33] （上接第1版）" "non-content blocks"
}

t_op_targets() {
  opj || return 1
  got=$(jqr "$TMP/$OP.json" '.targets[] | "\(.value)|\(.unit)|\(.comparator)|\(.deadline)|\(.metric)"')
  want="8|%|>=|2025|规模以上工业增加值年均增长
35|%|~|2025|工业投资占固定资产投资比重
1000|亿元|>=|2027|新材料产业产值
60|%|>=|2025|一般工业固体废物综合利用率"
  # The metric may keep or drop the 全市 in front.
  expect_eq "$(printf '%s\n' "$got" | sed 's/|全市/|/')" "$want" "targets"
}

t_op_deliverables() {
  opj || return 1
  got=$(jqr "$TMP/$OP.json" '.tasks[] | select(.deliverable) | .deliverable' | sort)
  want=$(printf '%s\n' 遵义市白酒产业高质量发展实施方案 白酒产区地理标志保护管理办法 新材料产业链招商引资专项行动计划 \
    全市工业园区布局规划 支持工业企业技术改造的若干措施 工业用地“标准地”出让管理办法 | sort)
  expect_eq "$got" "$want" "deliverables"
}

t_op_units_from_notes() {
  opj || return 1
  r=0
  u() { jqr "$TMP/$OP.json" ".tasks[] | select(.deliverable==\"$1\") | \"\(.units.lead|join(\",\"))|\(.units.cooperating|join(\",\"))\""; }
  expect_eq "$(u 遵义市白酒产业高质量发展实施方案)" "市工业和信息化局|市发展改革委,市市场监管局" "units of 实施方案" || r=1
  expect_eq "$(u 白酒产区地理标志保护管理办法)" "市市场监管局|市工业和信息化局,市商务局" "units of 管理办法" || r=1
  expect_eq "$(u 新材料产业链招商引资专项行动计划)" "市投资促进局|市工业和信息化局,各县（市、区）人民政府" "units of 行动计划" || r=1
  expect_eq "$(u 全市工业园区布局规划)" "市发展改革委|市生态环境局,市自然资源局" "units of 布局规划" || r=1
  expect_eq "$(u 工业用地“标准地”出让管理办法)" "市自然资源局|市工业和信息化局" "units of 标准地 办法" || r=1
  # A note is no task of its own, and a task far from any note has no lead unit.
  expect_eq "$(jqr "$TMP/$OP.json" '[.tasks[] | select(.text|contains("牵头单位"))] | length')" "0" "tasks holding a note" || r=1
  expect_eq "$(jqr "$TMP/$OP.json" '.tasks[] | select(.text|contains("链长制")) | .units.lead | length')" "0" "lead of 链长制" || r=1
  return $r
}

t_op_places() {
  opj || return 1
  r=0
  bp() { jqr "$TMP/$OP.json" "[.blocks[] | select(.kind!=\"page-marker\" and (.text|contains(\"$1\"))) | .places[] | \"\(.name) \(.code)\"] | join(\",\")"; }
  expect_contains "$(bp 支持仁怀市建设)" "仁怀市 520382,习水县 520330,播州区 520304,汇川区 520303" "places of 白酒产能 ¶" || r=1
  expect_eq "$(bp 以桐梓县、绥阳县为重点)" "桐梓县 520322,绥阳县 520323" "places of item (2)" || r=1
  expect_eq "$(bp 加快建设汇川区航天)" "汇川区 520303,红花岗区 520302,重庆市 500000,泸州市 510500" "places of 装备制造 ¶" || r=1
  expect_eq "$(jqr "$TMP/$OP.json" '.tasks[] | select(.text|startswith("支持仁怀市建设")) | "\(.kind) \(.actor.code)"')" "support 520382" "actor of 支持仁怀市" || r=1
  # Nothing of the home province (Sichuan) is invented: every place is in Guizhou, or is 重庆 or 泸州.
  bad=$(jqr "$TMP/$OP.json" '[.blocks[].places[], .tasks[].places[]] | map(select((.code|tostring|test("^52[0-9]{4}$|^500000$|^510500$"))|not)) | map("\(.name) \(.code)") | unique | join(",")')
  expect_eq "$bad" "" "places outside Guizhou, 重庆, 泸州" || r=1
  return $r
}

t_op_short_names_with_guizhou_home() {
  opj --data-dir "$VAR/data-guizhou" || return 1
  # With Guizhou as the home province, "结合遵义实际" names 遵义市.
  expect_contains "$(jqr "$TMP/$OP.json" '.blocks[] | select(.kind=="paragraph" and (.text|startswith("为深入贯彻"))) | [.places[] | "\(.name) \(.code)"] | join(",")')" \
    "遵义市 520300" "places of the preamble"
}

t_op_content_and_provenance() {
  ENC= RT=XXXX M1="（上接第1版）" M2="（下转第2版）"
  opj || return 1
  strip <"$VAR/$OP" >"$TMP/src"
  jqr "$TMP/$OP.json" '[.blocks[] | select(.kind!="page-marker" and .kind!="running-title") | .text] | join("")' | tr -d ' \n' >"$TMP/content"
  same_content || return 1
  provenance "$VAR/$OP" "$TMP/$OP.json"
}

# ---- assignment-plan.txt: 洛阳市加快制造业高质量发展若干措施任务分工方案

AP=assignment-plan.txt
apj() { vjson $AP "$@"; }

t_ap_title() {
  apj || return 1
  expect_eq "$(jqr "$TMP/$AP.json" '.document.title')" "洛阳市加快制造业高质量发展若干措施任务分工方案" "title"
}

t_ap_heading_tree() {
  apj || return 1
  got=$(jqr "$TMP/$AP.json" '.blocks[] | select(.kind=="heading") | if .level=="measure" then "measure|\(.number)|\(.section)|\(.subsection)" else "\(.level)|\(.number)|\(.title)" end')
  want="section|一|主要目标
section|二|重点任务
subsection|（一）|壮大先进制造业集群
measure|1|二|（一）
measure|2|二|（一）
measure|3|二|（一）
measure|4|二|（一）
subsection|（二）|强化科技创新支撑
measure|5|二|（二）
measure|6|二|（二）
measure|7|二|（二）
subsection|（三）|优化要素保障
measure|8|二|（三）
measure|9|二|（三）
measure|10|二|（三）
section|三|工作要求"
  expect_eq "$got" "$want" "headings"
}

t_ap_targets() {
  apj || return 1
  got=$(jqr "$TMP/$AP.json" '.targets[] | "\(.value)|\(.unit)|\(.comparator)|\(.deadline)|\(.metric)"')
  want="30|%|>=|2025|制造业增加值占地区生产总值比重
2.6|%|>=|2025|研究与试验发展经费投入强度
80|%|~|2024|规模以上工业企业数字化改造覆盖率"
  expect_eq "$(printf '%s\n' "$got" | sed 's/|全市/|/')" "$want" "targets"
}

t_ap_deliverables() {
  apj || return 1
  got=$(jqr "$TMP/$AP.json" '.tasks[] | select(.deliverable) | .deliverable' | sort)
  want=$(printf '%s\n' 洛阳市制造业高质量发展三年行动计划 支持先进制造业集群发展的若干政策 洛阳都市圈产业协同发展规划 \
    工业用地弹性出让实施细则 市级工业发展专项资金管理办法 | sort)
  expect_eq "$got" "$want" "deliverables"
}

t_ap_units_of_every_numbered_task() {
  apj || return 1
  want="1 市发展改革委|市财政局,市自然资源局
2 市工业和信息化局|偃师区人民政府,孟津区人民政府
3 市工业和信息化局|市财政局,市税务局
4 栾川县人民政府,嵩县人民政府|市工业和信息化局,市自然资源局
5 市科技局|市教育局,市人力资源社会保障局
6 市科技局|洛阳高新区管委会,各县（市、区）人民政府
7 市发展改革委|市工业和信息化局,市商务局
8 市自然资源局|市发展改革委,市工业和信息化局
9 市财政局|市工业和信息化局,市审计局
10 各县（市、区）人民政府|"
  # Every task of item N carries item N's note (and only one distinct assignment per item).
  got=$(for n in 1 2 3 4 5 6 7 8 9 10; do
    jqr "$TMP/$AP.json" "[.tasks[] | select(.measure==$n) | \"\(.units.lead|join(\",\"))|\(.units.cooperating|join(\",\"))\"] | unique | \"$n \" + join(\" / \")"
  done)
  expect_eq "$got" "$want" "units by item"
}

t_ap_working_requirements_assign_nobody() {
  apj || return 1
  r=0
  # "各牵头单位要会同配合单位…" speaks of units but is no assignment note.
  expect_eq "$(jqr "$TMP/$AP.json" '[.tasks[] | select(.section=="三") | .units.lead[]] | length')" "0" "lead units in 三、工作要求" || r=1
  expect_eq "$(jqr "$TMP/$AP.json" '[.tasks[] | select(.text|test("牵头单位：|配合单位："))] | length')" "0" "tasks holding a note" || r=1
  return $r
}

t_ap_deadlines_from_notes() {
  apj || return 1
  r=0
  d() { jqr "$TMP/$AP.json" "[.tasks[] | select(.measure==$1) | .deadline | tostring] | unique | join(\",\")"; }
  expect_contains "$(d 1)" "2023" "deadline of item 1 (完成时限：2023年 9月底前)" || r=1
  expect_contains "$(d 7)" "2024" "deadline of item 7 (完成时限：2024年 6月底前)" || r=1
  return $r
}

t_ap_page_jump_joins_item_seven() {
  apj || return 1
  r=0
  got=$(jqr "$TMP/$AP.json" '.blocks[] | select(.kind=="page-marker" or .kind=="running-title") | "\(.kind) \(.lines) \(.text)"')
  expect_eq "$got" "page-marker [28,28] （下转02版）
page-marker [30,30] （紧接01版）" "non-content blocks" || r=1
  expect_contains "$(jqr "$TMP/$AP.json" '.blocks[] | select(.kind!="page-marker") | .text')" "推动与郑州市、三门峡市、平顶山市共建产业合作园区" "item 7" || r=1
  return $r
}

t_ap_places() {
  apj || return 1
  r=0
  # Places of item N: of its blocks, the heading included (its text may be the whole task).
  mp() { jqr "$TMP/$AP.json" "[.blocks[] | select(.kind!=\"page-marker\" and .measure==$1) | .places[] | \"\(.name) \(.code)\"] | unique | join(\",\")"; }
  expect_eq "$(mp 2)" "偃师区 410307,孟津区 410308" "places of item 2" || r=1
  expect_eq "$(mp 7)" "三门峡市 411200,平顶山市 410400,洛阳市 410300,郑州市 410100" "places of item 7 (洛阳都市圈; 三门峡 and 平顶山市 after the page jump)" || r=1
  expect_contains "$(mp 4)" "栾川县 410324" "places of item 4" || r=1
  # No place outside Henan is invented (龙门实验室 is not 龙门县, Guangdong).
  bad=$(jqr "$TMP/$AP.json" '[.blocks[].places[], .tasks[].places[]] | map(select((.code|tostring|test("^41[0-9]{4}$"))|not)) | map("\(.name) \(.code)") | unique | join(",")')
  expect_eq "$bad" "" "places outside Henan" || r=1
  return $r
}

t_ap_two_character_county_with_henan_home() {
  apj --data-dir "$VAR/data-henan" || return 1
  got=$(jqr "$TMP/$AP.json" '[.blocks[] | select(.kind!="page-marker" and .measure==4) | .places[] | "\(.name) \(.code)"] | unique | join(",")')
  expect_eq "$got" "嵩县 410325,栾川县 410324" "places of item 4 (栾川县、嵩县)"
}

t_ap_content_and_provenance() {
  ENC= RT=XXXX M1="（紧接01版）" M2="（下转02版）"
  apj || return 1
  strip <"$VAR/$AP" >"$TMP/src"
  jqr "$TMP/$AP.json" '[.blocks[] | select(.kind!="page-marker" and .kind!="running-title") | .text] | join("")' | tr -d ' \n' >"$TMP/content"
  same_content || return 1
  provenance "$VAR/$AP" "$TMP/$AP.json"
}

# ---- labelled-breakdown.txt: a city's 责任分解 notice, each item followed by labelled lines ----
#
# "1．…。" then "牵头负责领导：…。", "牵头责任单位：…。", "协同责任单位：…。" on lines of their own
# (or "分管市领导：…" and "部门分工：X牵头，Y配合。"), item numbers running on across sections.

LB=labelled-breakdown.txt
lbj() { vjson $LB "$@"; }

t_lb_every_item_is_a_task_with_its_labels() {
  lbj || return 1
  want="1|陈某某|市发展改革委|市统计局,市财政局
2|陈某某|市工业和信息化局|各县（市、区）人民政府
3|刘某|市国资委|市财政局,市人力资源社会保障局
4|周某|市农业农村局|
5|陈某某|市发展改革委|市工商联,市市场监管局"
  got=$(jqr "$TMP/$LB.json" '.tasks[] | select(.measure!=null) | "\(.measure)|\(.leader)|\(.units.lead|join(","))|\(.units.cooperating|join(","))"')
  expect_eq "$got" "$want" "item, leader, lead and cooperating units"
}

t_lb_labels_make_no_tasks() {
  lbj || return 1
  expect_eq "$(jqr "$TMP/$LB.json" '[.tasks[] | select(.text|test("领导：|单位：|分工：|时限："))] | length')" "0" \
    "tasks made of label lines"
}

t_lb_item_title_alone_is_kept() {
  lbj || return 1
  # "4．推进乡村全面振兴。" names no document, project or target, but it is the whole item.
  expect_eq "$(jqr "$TMP/$LB.json" '[.tasks[] | select(.measure==4) | .text] | join("|")')" "推进乡村全面振兴" "item 4"
}

t_lb_time_limit_label() {
  lbj || return 1
  expect_eq "$(jqr "$TMP/$LB.json" '.tasks[] | select(.measure==5) | "\(.deadline) \(.deadline_text)"')" "2024 2024年6月底前" "item 5's deadline"
}

t_lb_numbering_across_sections_is_no_gap() {
  lbj || return 1
  # 3. follows 2. across 二、: not "the measures before it are not in this text"
  expect_eq "$(jqr "$TMP/$LB.json" '[.diagnostics[] | select(.message|test("measure"))] | length')" "0" "numbering diagnostics"
}
