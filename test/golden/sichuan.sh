# Golden tests on the first real input: one newspaper page of the 2018 Sichuan decision
# (test/corpus/sichuan-2018-decision-page.txt). Each test states one thing a user relies on.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
. "$ROOT/test/golden/expect/sichuan.sh"

doc() { "$LUOSHI" import "$SAMPLE" --dry-run --json >"$TMP/doc.json" || return 1; }

t_thirteen_measures_with_exact_titles() {
  doc || return 1
  got=$(jqr "$TMP/doc.json" '.blocks[] | select(.kind=="heading" and .level=="measure") | "\(.number) \(.title)"')
  want=$MEASURES
  expect_eq "$got" "$want" "measures"
}

t_section_twelve_with_whole_title() {
  doc || return 1
  got=$(jqr "$TMP/doc.json" '.blocks[] | select(.kind=="heading" and .level=="section") | "\(.number)|\(.title)|\(.lines)"')
  expect_eq "$got" "十二|$SECTION|[69,71]" "section"
}

t_section_twelve_is_not_measure_twelve() {
  doc || return 1
  # Measure 12 lies in fragment 2 and knows no section; the paragraphs after 十二 are in it.
  expect_eq "$(jqr "$TMP/doc.json" '[.blocks[] | select(.measure==12)][0].section')" "null" "section of measure 12"
  expect_eq "$(jqr "$TMP/doc.json" '.blocks[] | select(.lines[0]==73) | .section')" "十二" "section of 强化领导责任"
  expect_eq "$(jqr "$TMP/doc.json" '.blocks[] | select(.lines[0]==73) | .measure')" "null" "measure of 强化领导责任"
}

t_markers_and_running_title_are_not_content() {
  doc || return 1
  got=$(jqr "$TMP/doc.json" '.blocks[] | select(.kind=="page-marker" or .kind=="running-title") | "\(.kind) \(.lines) \(.text)"')
  want="running-title [108,109] 中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定
page-marker [111,111] （上接第1版）
page-marker [570,570] （下转第6版）"
  expect_eq "$got" "$want" "non-content blocks"
}

t_two_fragments_split_at_the_page_jump() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '.document.fragments')" "2"
  expect_eq "$(jqr "$TMP/doc.json" '[.blocks[] | select(.fragment==1)] | last | .lines')" "[97,106]" "last block of fragment 1"
  expect_eq "$(jqr "$TMP/doc.json" '.blocks[] | select(.kind=="heading" and .number=="3") | .fragment')" "2"
  expect_contains "$(jqr "$TMP/doc.json" '.diagnostics[].message')" "fragments" "diagnostics"
}

t_title_from_the_running_title() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '.document.title')" "中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定"
}

t_no_content_character_lost_or_invented() {
  doc || return 1
  # Source less white space, markers and the running title ...
  tr -d ' \n\t' <"$SAMPLE" | sed 's/　//g' | sed -e 's/（上接第1版）//' -e 's/（下转第6版）//' \
    -e 's/中共四川省委关于深入学习贯彻习近平总书记对四川工作系列重要指示精神的决定//' >"$TMP/src"
  # ... equals the content blocks joined.
  jqr "$TMP/doc.json" '[.blocks[] | select(.kind=="heading" or .kind=="paragraph" or .kind=="title") | .text] | join("")' | tr -d ' \n' >"$TMP/content"
  cmp -s "$TMP/src" "$TMP/content" || fail "content differs from source: $(cmp "$TMP/src" "$TMP/content")"
}

t_paragraphs_joined_across_column_breaks() {
  doc || return 1
  # "环成都经 / (blank) / 济圈" and "西向南向 / (blank) / 门户枢纽机场" are each one paragraph.
  expect_contains "$(jqr "$TMP/doc.json" '.blocks[] | select(.lines[0]==112 and .kind=="paragraph") | .text')" "环成都经济圈建设"
  expect_contains "$(jqr "$TMP/doc.json" '.blocks[] | select(.lines[0]==291) | .text')" "西向南向门户枢纽机场"
  expect_eq "$(jqr "$TMP/doc.json" '.blocks[] | select(.lines[0]==291) | .lines[1]')" "299"
  # A full last line ending in 。 followed by a blank line still ends its paragraph.
  expect_eq "$(jqr "$TMP/doc.json" '.blocks[] | select(.lines[0]==354) | .lines[1]')" "362"
  expect_eq "$(jqr "$TMP/doc.json" '.blocks[] | select(.lines[0]==364) | .lines[1]')" "373"
  # A paragraph that starts without a blank line before it: 充分调动… (line 46).
  expect_eq "$(jqr "$TMP/doc.json" '.blocks[] | select(.lines[0]==46) | .lead')" "充分调动党员干部干事创业积极性主动性创造性"
}

t_typesetting_spaces_removed() {
  doc || return 1
  all=$(jqr "$TMP/doc.json" '.blocks[].text')
  expect_contains "$all" "到2022年服务业占比达到55%左右"
  expect_contains "$all" "基于IPv6的下一代互联网"
  expect_contains "$all" "和159项改革任务"
  expect_contains "$all" "加快实现5G网络"
}

t_deliverables() {
  doc || return 1
  got=$(jqr "$TMP/doc.json" '.tasks[] | select(.deliverable) | .deliverable')
  for d in $KNOWN_S; do
    expect_contains "$got" "$d" "deliverables" || return 1
  done
  # One sentence, two documents: two tasks on the same source sentence.
  expect_eq "$(jqr "$TMP/doc.json" '[.tasks[] | select(.deliverable and (.sentence|startswith("出台区域产业布局")))] | length')" "2"
  # Documents that already exist are not deliverables.
  case "$got" in *的发展规划*|*优惠政策*) fail "参照执行地方出台的发展规划 is not an order";; esac
}

t_four_dated_or_horizon_targets() {
  doc || return 1
  got=$(jqr "$TMP/doc.json" '.targets[] | "\(.metric)|\(.value)|\(.unit)|\(.comparator)|\(.deadline)|\(.horizon_years)|\(.level)"')
  want=$TARGETS_S
  expect_eq "$got" "$want" "targets"
  expect_eq "$(jqr "$TMP/doc.json" '.targets[1].tolerance > 0')" "true" "tolerance for 左右"
  expect_eq "$(jqr "$TMP/doc.json" '.targets[0].lines')" "[265,266]" "lines of the first target"
}

build_places() { "$LUOSHI" places "$1" --json | jq -r '[.[].name] | join(",")'; }

t_places_of_paragraphs() {
  doc || return 1
  p() { jqr "$TMP/doc.json" ".blocks[] | select(.lines[0]==$1 and .kind==\"paragraph\") | [.places[].name] | join(\",\")"; }
  z() { jqr "$TMP/doc.json" ".blocks[] | select(.lines[0]==$1 and .kind==\"paragraph\") | .zones | join(\",\")"; }
  expect_eq "$(p 112)" "成都市,绵阳市,德阳市,乐山市,眉山市,遂宁市,重庆市,资阳市,雅安市" "places of measure 3 ¶1"
  expect_eq "$(z 112)" "环成都经济圈,成都平原经济区" "zones of measure 3 ¶1"
  # 成渝经济区 (the 2011 plan's name) is the region 成渝地区双城经济圈, a place without a code
  expect_eq "$(p 127)" "重庆市,云南省,贵州省,宜宾市,泸州市,成渝地区双城经济圈,内江市,成都市,自贡市" "places of 川南 ¶"
  expect_eq "$(z 127)" "川南经济区" "zones of 川南 ¶"
  expect_eq "$(p 154)" "攀枝花市,凉山彝族自治州" "places of 攀西 ¶"
  expect_eq "$(p 163)" "甘孜藏族自治州,阿坝藏族羌族自治州,若尔盖县,石渠县,云南省" "places of 川西北 ¶"
  # 九寨黄龙机场 is a landmark of 松潘县, not of 九寨沟县 (the longest name wins)
  expect_contains "$(p 236)" "松潘县" "九寨黄龙机场 is in 松潘县"
  expect_eq "$(build_places 九寨沟旅游)" "九寨沟县" "九寨 alone is 九寨沟县 (阿坝州)"
  expect_contains "$(p 236)" "西昌市" "西昌"
  expect_contains "$(p 301)" "昭通市" "云南昭通"
  expect_contains "$(p 544)" "成都市,德阳市,绵阳市" "成德绵"
  # No false places hidden in words.
  all=$(jqr "$TMP/doc.json" '[.blocks[].places[].name] | unique | join(",")')
  for bad in 成县 兴城市 南部县 安居区 江安县; do
    case ",$all," in *",$bad,"*) fail "false place $bad"; return 1;; esac
  done
}

t_support_tasks_name_their_actor() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '.tasks[] | select(.text=="支持绵阳建设中国（绵阳）科技城") | "\(.kind) \(.actor.code) \(.actor.division)"')" "support 510700 绵阳市"
  expect_eq "$(jqr "$TMP/doc.json" '.tasks[] | select(.text|startswith("支持凉山州创建")) | .actor.code')" "513400"
}

t_every_task_points_to_its_source() {
  doc || return 1
  # Each task's byte range, cut from the file and stripped of white space, is its text.
  jqr "$TMP/doc.json" '.tasks[] | "\(.bytes[0]) \(.bytes[1]) \(.text)"' | while read -r s e text; do
    slice=$(tail -c +$((s + 1)) "$SAMPLE" | head -c $((e - s)) | tr -d ' \n' | sed 's/　//g')
    [ "$slice" = "$(printf '%s' "$text" | tr -d ' ')" ] || { fail "bytes $s-$e: [$slice] is not [$text]"; exit 1; }
  done
}

t_target_tasks_are_the_four_targets() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '[.tasks[] | select(.kind=="target") | .text] | join("|")')" \
    "5年建成及在建高铁里程达到2300公里以上|到2022年服务业占比达到55%左右|到2022年数字经济总量占比位居全国前列|力争2022年规模以上工业企业研发投入强度达到全国平均水平"
  # and "初步建成现代服务业强省" is a directive of its own
  expect_eq "$(jqr "$TMP/doc.json" '[.tasks[] | select(.text=="初步建成现代服务业强省")] | length')" "1"
}
