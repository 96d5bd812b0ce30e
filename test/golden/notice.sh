# Golden tests on a notice that issues a plan (test/corpus/notice-with-plan.txt): a header of
# title, document number, addressees and signature, then the plan with 一、/（一）/１．/第一条
# levels, 一是/二是 enumerations, count targets and assignment notes of both forms.

DOC="$ROOT/test/corpus/notice-with-plan.txt"

doc() { "$LUOSHI" import "$DOC" --dry-run --json >"$TMP/doc.json" || return 1; }

t_notice_title_and_the_plan_title() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '.document.title')" "四川省人民政府办公厅关于印发四川省推进数字经济发展实施方案的通知"
  expect_eq "$(jqr "$TMP/doc.json" '[.blocks[] | select(.kind=="title") | .lines | tostring] | join(",")')" "[1,2],[11,11]"
}

t_header_lines_are_not_tasks() {
  doc || return 1
  # Neither the number, the addressees, the sender and date, nor the sentence passing the plan
  # on ("现印发给你们，请认真贯彻执行"): the plan's own items are the tasks.
  expect_eq "$(jqr "$TMP/doc.json" '[.tasks[] | select(.lines[0] < 11)] | length')" "0"
  expect_eq "$(jqr "$TMP/doc.json" '.tasks[0].text')" "全面贯彻党的十九大精神"
}

t_levels_including_articles() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '[.blocks[] | select(.kind=="heading") | "\(.level):\(.number)"] | join(" ")')" \
    "section:一 subsection:（一） subsection:（二） section:二 subsection:（三） measure:１ measure:２ subsection:（四） measure:第一条"
}

t_enumerated_directives_lose_their_enumerator() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '[.tasks[] | select(.measure==2) | .text] | join("|")')" \
    "建设国家数字经济创新发展试验区|完善试验区建设方案|开展数字经济统计监测|出台支持试验区建设的若干政策措施"
}

t_targets_with_counts() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '[.targets[] | "\(.metric)|\(.value)|\(.unit)|\(.comparator)|\(.deadline)"] | join("\n")')" \
"数字经济总量|2|万亿元|>|2022
占GDP比重|40|%|>=|2022
5G基站|5|万个|>=|2022
百亿级数字经济企业|10|家|>=|2022"
}

t_both_note_forms_assign() {
  doc || return 1
  expect_eq "$(jqr "$TMP/doc.json" '.tasks[] | select(.text=="推进5G网络建设") | .units.lead | join(",")')" \
    "省通信管理局,省经济和信息化厅,各市〔州〕人民政府"
  expect_eq "$(jqr "$TMP/doc.json" '.tasks[] | select(.text=="开展数字经济统计监测") | "\(.units.lead)|\(.units.cooperating)"')" \
    '["省发展改革委"]|["省统计局"]'
  expect_eq "$(jqr "$TMP/doc.json" '.tasks[] | select(.text|startswith("支持德阳")) | [.actors[].code] | join(",")')" "510600,510300"
}
