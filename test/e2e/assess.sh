# Assessment (考核评价): three cities on the sample decision over two quarters, scored by the
# default rules (data/rules/scoring.tsv 2019.1), must match the table worked out by hand below;
# the same ledger gives byte-identical JSON; a changed threshold in an override rules file
# changes the score as worked out; an item under an approved 容错 request does not count;
# --save keeps the result with an audit entry; the JSON API gives the same numbers, narrowed to
# each person's reach as the page narrows them.

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

# The scenario. Every item enters the ledger on 2019-01-01; only five have a lead unit, each
# reporting quarterly (due on the quarter's last day). Start of the span for 序时进度: 01-01.
#   绵阳 (A): a1 deadline 2019-06-30, a2 deadline 2019-12-31   - on time, good progress
#   宜宾 (B): b1 deadline 2019-06-30                          - a late report, then a returned one
#   泸州 (C): c1 deadline 2019-02-28 (overdue, red), c2 deadline 2019-03-31 (容错 for 2019Q1)
assess_setup() {
  db="$TMP/a.db"
  L() { "$LUOSHI" "$@" --db "$db"; }
  L import "$SAMPLE" --quiet 2>/dev/null || return 1
  L unit seed >/dev/null || return 1
  L ledger create 1 >/dev/null || return 1
  sql "$db" "update ledger_items set created_at='2019-01-01T00:00:00Z', lead_unit_id=NULL, deadline=NULL" || return 1
  set -- $(sql "$db" "select id from ledger_items order by id limit 5")
  a1=$1 a2=$2 b1=$3 c1=$4 c2=$5
  L ledger assign "$a1" --lead 绵阳市人民政府 --deadline 2019-06-30 >/dev/null || return 1
  L ledger assign "$a2" --lead 绵阳市人民政府 --deadline 2019-12-31 >/dev/null || return 1
  L ledger assign "$b1" --lead 宜宾市人民政府 --deadline 2019-06-30 >/dev/null || return 1
  L ledger assign "$c1" --lead 泸州市人民政府 --deadline 2019-02-28 >/dev/null || return 1
  L ledger assign "$c2" --lead 泸州市人民政府 --deadline 2019-03-31 >/dev/null || return 1
  for i in $a1 $a2 $b1 $c1 $c2; do L item cycle "$i" quarter >/dev/null || return 1; done
  # report ITEM PERIOD PROGRESS SUBMIT-DATE: file, submit on that business date; prints the id
  report() {
    r=$(L report file "$1" --period "$2" --progress "$3" --json | jq -r .report) || return 1
    LUOSHI_TODAY=$4 L report submit "$r" >/dev/null || return 1
    echo "$r"
  }
  # ---- 2019Q1 ----
  ra1=$(report "$a1" 2019Q1 60 2019-03-25) && L report accept "$ra1" >/dev/null || return 1
  ra2=$(report "$a2" 2019Q1 100 2019-03-25) && L report accept "$ra2" >/dev/null || return 1
  rb1=$(report "$b1" 2019Q1 45 2019-04-10) || return 1           # after 03-31: late
  L report return "$rb1" --reason 佐证不足 >/dev/null || return 1  # returned once
  L report file "$b1" --period 2019Q1 --progress 45 >/dev/null || return 1
  LUOSHI_TODAY=2019-04-12 L report submit "$rb1" >/dev/null || return 1
  L report accept "$rb1" >/dev/null || return 1
  rc1=$(report "$c1" 2019Q1 50 2019-03-20) && L report accept "$rc1" >/dev/null || return 1
  L request tolerance "$c2" --period 2019Q1 --claims policy,law,procedure,no-gain,remedy \
    --reason 先行先试 >/dev/null || return 1
  tol=$(sql "$db" "select id from requests where kind='tolerance'")
  L request approve "$tol" --note 符合容错情形 >/dev/null || return 1
  L warnings run --date 2019-03-31 >/dev/null || return 1
  L escalate run --date 2019-03-31 >/dev/null || return 1
  # ---- 2019Q2 ----
  ra1q2=$(report "$a1" 2019Q2 100 2019-07-05) && L report accept "$ra1q2" >/dev/null || return 1  # late
  rb1q2=$(report "$b1" 2019Q2 100 2019-06-25) && L report accept "$rb1q2" >/dev/null || return 1
  rc1q2=$(report "$c1" 2019Q2 80 2019-06-20) && L report accept "$rc1q2" >/dev/null || return 1
  L warnings run --date 2019-06-30 >/dev/null || return 1
}

# unit NAME's FIELD (jq path under the unit) in result FILE
unit_field() { jq -r --arg n "$2" ".groups[] | select(.group==\"city\") | .units[] | select(.name==\$n) | $3" "$1"; }

# The hand-computed table (rules 2019.1: base 100).
#
# 2019Q1 (01-01 .. 03-31; 序时进度 at 03-31 for a 06-30 deadline: 89 of 180 days = 49 %)
#   绵阳: a2 done in 2019Q1 (report at 100), deadline 12-31:
#           done-on-time +1 (Q1 starts 01-01 <= 12-31)
#           done-ahead   +1 (Q1 ends 03-31, 03-31 + 30 days <= 12-31)
#         a1 60 % against 49 %: not behind; reported, no warning
#         100 + 1 + 1                                                      = 102
#   宜宾: b1 report 2019Q1 first submitted 04-10 > due 03-31: late-report -1
#         returned once (then resubmitted, accepted):                returned-report -2
#         45 % against 49 %: gap 4 < 10, not behind; no warning
#         100 - 1 - 2                                                      = 97
#   泸州: c1 open past 02-28:                                       overdue -2
#         warned red on 03-31 (overdue, behind-far):                 warned-red -1 x 2 = -2
#         escalated: 预警通知 (level 2) on 03-31:                    notice -1
#         c2 exempt (容错 2019Q1 approved): its overdue-free but red, behind-far, notice facts
#         do not count
#         100 - 2 - 2 - 1                                                  = 95
#   ranks 1 绵阳 102 (红榜: top 3, at most half of 3 = 1), 2 宜宾 97, 3 泸州 95 (黑榜: bottom 1)
#   previous period 2018Q4: no items yet, so no comparison (null)
#
# 2019Q2 (04-01 .. 06-30)
#   绵阳: a1 done in 2019Q2 (starts 04-01 <= 06-30):                 done-on-time +1
#         (not ahead: 06-30 + 30 > 06-30); its Q2 report submitted 07-05: late-report -1
#         a2 done before the period: nothing
#         100 + 1 - 1                                                      = 100
#   宜宾: b1 done in 2019Q2, on time:                                done-on-time +1
#         100 + 1                                                          = 101
#   泸州: c1 still open (80 %) past 02-28: overdue -2; red on 06-30: warned-red -2
#         c2 counts again (容错 covered 2019Q1 only): overdue -2, no report in Q2: no-report -1,
#         red on 06-30: warned-red -2
#         completion -4, reports -1, warnings -4: 100 - 9                  = 91
#   ranks 1 宜宾 101 (+4 from 97, rank +1, 红榜), 2 绵阳 100 (-2 from 102, rank -1),
#         3 泸州 91 (-4 from 95, rank 0, 黑榜)
t_scores_and_rankings_match_the_hand_computed_table() {
  assess_setup || return 1
  L assess --period 2019Q1 --group cities --json >"$TMP/q1.json" || return 1
  L assess --period 2019Q2 --group cities --json >"$TMP/q2.json" || return 1
  expect_eq "$(jq -r '[.groups[] | .group] | join(",")' "$TMP/q1.json")" "city" "groups"
  expect_eq "$(jq -r '.groups[0].units | map("\(.rank) \(.name) \(.score) \(.list)") | join("; ")' "$TMP/q1.json")" \
    "1 绵阳市人民政府 102 red; 2 宜宾市人民政府 97 ; 3 泸州市人民政府 95 black" "2019Q1"
  expect_eq "$(jq -r '.groups[0].units | map("\(.rank) \(.name) \(.score) \(.list) \(.change.score) \(.change.rank)") | join("; ")' "$TMP/q2.json")" \
    "1 宜宾市人民政府 101 red 4 1; 2 绵阳市人民政府 100  -2 -1; 3 泸州市人民政府 91 black -4 0" "2019Q2"
  expect_eq "$(jq -r '.groups[0].units | map(.previous) | unique | tostring' "$TMP/q1.json")" "[null]" "no 2018Q4"
  # the lines behind each score, with their facts
  expect_eq "$(unit_field "$TMP/q1.json" 绵阳市人民政府 '[.lines[] | "\(.rule)=\(.points):\(.facts|map(.item)|join("+"))"] | join(" ")')" \
    "done-on-time=1:$a2 done-ahead=1:$a2"
  expect_eq "$(unit_field "$TMP/q1.json" 宜宾市人民政府 '[.lines[] | "\(.rule)=\(.points):\(.facts|map(.report)|join("+"))"] | join(" ")')" \
    "late-report=-1:$rb1 returned-report=-2:$rb1"
  expect_eq "$(unit_field "$TMP/q1.json" 泸州市人民政府 '[.lines[] | "\(.rule)=\(.points):\(.facts|map(.item)|join("+"))"] | join(" ")')" \
    "overdue=-2:$c1 warned-red=-2:$c1 notice=-1:$c1"
  expect_eq "$(unit_field "$TMP/q2.json" 泸州市人民政府 '[.lines[] | "\(.rule)=\(.points):\(.facts|map(.item)|join("+"))"] | join(" ")')" \
    "overdue=-4:$c1+$c2 no-report=-1:$c2 warned-red=-4:$c1+$c2"
  expect_eq "$(unit_field "$TMP/q2.json" 泸州市人民政府 '[.components[] | "\(.component)=\(.points)"] | join(" ")')" \
    "completion=-4 progress=0 reports=-1 targets=0 warnings=-4 escalation=0"
  expect_eq "$(jq -r .rules.version "$TMP/q1.json")" "2019.1"
  # the text form says the same
  L assess --period 2019Q2 >"$TMP/q2.txt" || return 1
  expect_contains "$(cat "$TMP/q2.txt")" "1  101 (+4, rank +1)  宜宾市人民政府  [红榜]"
}

t_the_exempted_item_does_not_count() {
  assess_setup || return 1
  L assess --period 2019Q1 --json >"$TMP/q1.json" || return 1
  expect_eq "$(unit_field "$TMP/q1.json" 泸州市人民政府 '"\(.items) \(.exempt | map("\(.item):\(.request)") | join(","))"')" \
    "1 $c2:$tol"
  expect_eq "$(unit_field "$TMP/q1.json" 泸州市人民政府 "[.lines[].facts[] | select(.item==$c2)] | length")" "0"
  # the month 2019-02 lies in the quarter the request covers: exempt there too
  L assess --period 2019-02 --json >"$TMP/m2.json" || return 1
  expect_eq "$(unit_field "$TMP/m2.json" 泸州市人民政府 '.exempt | length')" "1"
  # without the request approved, c2 counts in 2019Q1: not overdue (its deadline 03-31 is the
  # period's last day), but 100 points behind 100 % 序时进度 (behind-far -2), no report (-1),
  # warned red (-2) and a 预警通知 (-1): 95 - 6 = 89
  sql "$db" "update requests set state='rejected' where id=$tol" || return 1
  L assess --period 2019Q1 --json >"$TMP/q1b.json" || return 1
  expect_eq "$(unit_field "$TMP/q1b.json" 泸州市人民政府 .score)" "89" "without the exemption"
}

t_same_ledger_same_bytes_and_save() {
  assess_setup || return 1
  L assess --period 2019Q2 --json >"$TMP/1.json" || return 1
  L assess --period 2019Q2 --json >"$TMP/2.json" || return 1
  cmp "$TMP/1.json" "$TMP/2.json" || { fail "two runs differ"; return 1; }
  L assess --period 2019Q2 --json --save >"$TMP/3.json" 2>"$TMP/save.err" || return 1
  cmp "$TMP/1.json" "$TMP/3.json" || { fail "--save changed the output"; return 1; }
  expect_contains "$(cat "$TMP/save.err")" "saved as assessment 1"
  L assess show 1 >"$TMP/shown.json" || return 1
  cmp "$TMP/1.json" "$TMP/shown.json" || { fail "the saved result differs"; return 1; }
  expect_eq "$(L assess list --json | jq -r '.[0] | "\(.period) \(.rules_version) \(.rules_sha256|length)"')" "2019Q2 2019.1 64"
  expect_eq "$(sql "$db" "select action||' '||entity from audit_log where entity='assessment'")" "save assessment"
  expect_eq "$(sql "$db" "select after from audit_log where entity='assessment'" | jq -r .rules_version)" "2019.1" \
    "the audit entry's rules_version"
  expect_status 0 "$LUOSHI" audit verify --db "$db" || return 1
  # a saved assessment is never changed
  if sql "$db" "update assessments set result='{}'" >"$TMP/out" 2>"$TMP/err"; then
    fail "a saved assessment took an update"
    return 1
  fi
  expect_contains "$(cat "$TMP/err")" "a saved assessment is never changed"
}

t_a_changed_threshold_changes_the_score_by_hand() {
  assess_setup || return 1
  # behind from 10 points to 3: 宜宾's b1 in 2019Q1 is 4 points behind 49 %: behind -1,
  # 97 - 1 = 96; nobody else moves (a1 is ahead of plan, 泸州's items are overdue)
  mkdir -p "$TMP/data/rules" || return 1
  sed 's/^rule\tbehind\tprogress\tbehind\t10\t/rule\tbehind\tprogress\tbehind\t3\t/; s/^version\t2019.1/version\t2019.1-test/' \
    "$ROOT/data/rules/scoring.tsv" >"$TMP/data/rules/scoring.tsv" || return 1
  LUOSHI_DATA="$TMP/data" L assess --period 2019Q1 --json >"$TMP/q1.json" || return 1
  expect_eq "$(jq -r .rules.version "$TMP/q1.json")" "2019.1-test"
  expect_eq "$(jq -r '.groups[] | select(.group=="city") | .units | map("\(.name) \(.score)") | join("; ")' "$TMP/q1.json")" \
    "绵阳市人民政府 102; 宜宾市人民政府 96; 泸州市人民政府 95"
  expect_eq "$(unit_field "$TMP/q1.json" 宜宾市人民政府 '.lines[] | select(.rule=="behind") | .facts[0] | "\(.expected) \(.progress)"')" "49 45"
  # --data-dir does the same
  L assess --period 2019Q1 --json --data-dir "$TMP/data" >"$TMP/q1d.json" || return 1
  cmp "$TMP/q1.json" "$TMP/q1d.json" || fail "--data-dir and LUOSHI_DATA differ"
  # a bad rules file is refused, naming the line
  printf 'version\tx\nrule\tbad\tcompletion\tnonsense\t0\t-1\tx\n' >"$TMP/data/rules/scoring.tsv"
  LUOSHI_DATA="$TMP/data" expect_status 1 "$LUOSHI" assess --period 2019Q1 --db "$db" || return 1
  expect_contains "$(cat "$TMP/err")" "rules/scoring.tsv line 2: unknown condition"
}

t_bad_periods_and_groups_are_refused() {
  db="$TMP/e.db"
  "$LUOSHI" unit seed --db "$db" >/dev/null || return 1
  expect_status 1 "$LUOSHI" assess --period 2019Q5 --db "$db" || return 1
  expect_contains "$(cat "$TMP/err")" "is not a period"
  expect_status 1 "$LUOSHI" assess --period 2019 --group provinces --db "$db" || return 1
  expect_contains "$(cat "$TMP/err")" "is not a unit group"
  expect_status 2 "$LUOSHI" assess --db "$db" || return 1
  # an empty ledger: no unit is ranked
  "$LUOSHI" assess --period 2019 --json --db "$db" >"$TMP/o.json" || return 1
  expect_eq "$(jq -c .groups "$TMP/o.json")" "[]"
}

t_the_assessment_page_shows_rankings_and_breakdowns() {
  assess_setup || return 1
  echo 'pass-word-1' | L user add sup 督查员 supervisor >/dev/null || return 1
  echo 'pass-word-2' | L user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  DB=$db
  web_login sup pass-word-1 || return 1
  web_req GET '/assess?period=2019Q2&group=cities'
  expect_eq "$WEB_STATUS" 200 "status" || return 1
  body=$(cat "$TMP/body")
  expect_contains "$body" '<td data-label="名次">1</td><td data-label="单位"><a href="#unit-'
  expect_contains "$body" '宜宾市人民政府</a></td><td data-label="得分">101</td><td data-label="较上期">+4（↑1）</td>'
  expect_contains "$body" '泸州市人民政府</a></td><td data-label="得分">91</td>'
  expect_contains "$body" '<span class="badge black">黑榜</span>'
  expect_contains "$body" "<a href=\"/items/$c2\">"
  expect_contains "$body" "（<a href=\"/items/$a1#report-$ra1q2\">报告 $ra1q2</a>）"
  # a reporter sees their own unit only
  web_login yb pass-word-2 || return 1
  web_req GET '/assess?period=2019Q2'
  expect_eq "$WEB_STATUS" 200 "status" || return 1
  body=$(cat "$TMP/body")
  expect_contains "$body" '宜宾市人民政府'
  case "$body" in *泸州市人民政府*|*绵阳市人民政府*) fail "a reporter sees other units" ;; esac
  # a bad period is a 400 with the ledger's message
  web_req GET '/assess?period=2019Q9'
  expect_eq "$WEB_STATUS" 400 "bad period"
  # nobody logged in: the login page
  WEB_COOKIE= web_req GET '/assess?period=2019Q2'
  expect_eq "$WEB_STATUS" 303 "anonymous"
}

# The JSON API gives the CLI's numbers (the same object as `assess --json`) to the office, and
# narrows them as the page does: a reporter or a leader sees the units they answer for, with
# the ranks those units hold; another unit is refused; nobody logged in is refused.
t_the_assessment_api_gives_the_cli_numbers_within_each_reach() {
  assess_setup || return 1
  echo 'pass-word-1' | L user add sup 督查员 supervisor >/dev/null || return 1
  echo 'pass-word-2' | L user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  echo 'pass-word-3' | L user add lz 泸州领导 leader --unit 泸州市人民政府 >/dev/null || return 1
  DB=$db
  L unit list --json >"$TMP/u.json" || return 1
  unit_id() { jq -r --arg n "$1" '.[] | select(.name==$n) | .id' "$TMP/u.json"; }
  yibin=$(unit_id 宜宾市人民政府) luzhou=$(unit_id 泸州市人民政府) chengdu=$(unit_id 成都市人民政府)
  WEB_COOKIE= WEB_AUTH=$(L token sup) || return 1
  # the office: every unit, exactly what the command line prints
  web_req GET '/api/v1/assessment?period=2019Q2&group=cities'
  expect_eq "$WEB_STATUS" 200 "status" || return 1
  L assess --period 2019Q2 --group cities --json >"$TMP/q2.json" || return 1
  expect_eq "$(jq -S -c .item "$TMP/body")" "$(jq -S -c . "$TMP/q2.json")" "the API and assess --json"
  expect_eq "$(jq -r '.item.groups[0].units | map("\(.rank) \(.name) \(.score) \(.list) \(.change.score) \(.change.rank)") | join("; ")' "$TMP/body")" \
    "1 宜宾市人民政府 101 red 4 1; 2 绵阳市人民政府 100  -2 -1; 3 泸州市人民政府 91 black -4 0" "2019Q2"
  expect_eq "$(jq -r '.item.groups[0] | "\(.red | join(",")) / \(.black | join(","))"' "$TMP/body")" \
    "宜宾市人民政府 / 泸州市人民政府" "红黑榜"
  expect_eq "$(jq -r '.item.groups[0].units[] | select(.name=="泸州市人民政府") | [.lines[] | "\(.rule)=\(.points):\(.facts | map(.item) | join("+"))"] | join(" ")' "$TMP/body")" \
    "overdue=-4:$c1+$c2 no-report=-1:$c2 warned-red=-4:$c1+$c2" "泸州's lines and their items"
  # one unit: its score, lines, exemption and the comparison with 2018Q4 (none)
  web_req GET "/api/v1/assessment/units/$luzhou?period=2019Q1"
  expect_eq "$WEB_STATUS" 200 "one unit" || return 1
  expect_eq "$(jq -r '.item | "\(.period) \(.previous) \(.group) \(.unit.rank) \(.unit.score) \(.unit.list) \(.unit.change)"' "$TMP/body")" \
    "2019Q1 2018Q4 city 3 95 black null"
  expect_eq "$(jq -r '.item.unit | [.lines[] | "\(.rule)=\(.points)"] + [.exempt[] | "exempt \(.item):\(.request)"] | join(" ")' "$TMP/body")" \
    "overdue=-2 warned-red=-2 notice=-1 exempt $c2:$tol"
  # a unit that led nothing is not assessed; an unknown unit is a 404
  web_req GET "/api/v1/assessment/units/$chengdu?period=2019Q1"
  expect_eq "$WEB_STATUS:$(jq -c '[.item.group, .item.unit]' "$TMP/body")" "200:[null,null]" "成都 (no items)"
  web_req GET '/api/v1/assessment/units/999999?period=2019Q1'
  expect_eq "$WEB_STATUS" 404 "an unknown unit"
  # bad input: the ledger's messages in the error envelope
  web_req GET '/api/v1/assessment?period=2019Q9'
  expect_eq "$WEB_STATUS:$(jq -r .error.status "$TMP/body")" "400:400" "a bad period"
  expect_contains "$(jq -r .error.message "$TMP/body")" "'2019Q9' is not a period"
  web_req GET '/api/v1/assessment?period=2019Q2&group=provinces'
  expect_eq "$WEB_STATUS" 400 "a bad group"
  expect_contains "$(jq -r .error.message "$TMP/body")" "is not a unit group"
  # a reporter of 宜宾: their unit only, at the rank it holds among the three cities
  WEB_AUTH=$(L token yb) || return 1
  web_req GET '/api/v1/assessment?period=2019Q2'
  expect_eq "$WEB_STATUS" 200 "reporter" || return 1
  expect_eq "$(jq -r '[.item.groups[] | .group as $g | .units[] | "\($g) \(.rank) \(.name) \(.score) \(.list)"] | join("; ")' "$TMP/body")" \
    "city 1 宜宾市人民政府 101 red" "what the reporter sees"
  expect_eq "$(jq -c '[.item.groups[] | .red, .black]' "$TMP/body")" '[["宜宾市人民政府"],[]]' "the reporter's 红黑榜"
  case "$(cat "$TMP/body")" in *泸州*|*绵阳*) fail "a reporter sees another unit in the API" ;; esac
  web_req GET "/api/v1/assessment/units/$yibin?period=2019Q1"
  expect_eq "$WEB_STATUS:$(jq -r '"\(.item.unit.score) \(.item.unit.lines | map(.rule) | join(","))"' "$TMP/body")" \
    "200:97 late-report,returned-report" "the reporter's own unit"
  web_req GET "/api/v1/assessment/units/$luzhou?period=2019Q1"
  expect_eq "$WEB_STATUS" 403 "the reporter asks for 泸州"
  # a leader answering for 泸州: 泸州 only, on the black list
  WEB_AUTH=$(L token lz) || return 1
  web_req GET '/api/v1/assessment?period=2019Q2'
  expect_eq "$(jq -r '[.item.groups[].units[] | "\(.rank) \(.name) \(.score)"] | join("; ")' "$TMP/body")" \
    "3 泸州市人民政府 91" "what the leader sees"
  expect_eq "$(jq -c '[.item.groups[] | .red, .black]' "$TMP/body")" '[[],["泸州市人民政府"]]' "the leader's 红黑榜"
  web_req GET "/api/v1/assessment/units/$yibin?period=2019Q2"
  expect_eq "$WEB_STATUS" 403 "the leader asks for 宜宾"
  # nobody logged in
  WEB_AUTH= web_req GET '/api/v1/assessment?period=2019Q2'
  expect_eq "$WEB_STATUS" 401 "anonymous"
}
