# End-to-end tests of an inspection's findings (巡视反馈意见) kept as a rectification ledger
# (整改台账): the table's problem column makes the document an inspection, its measures
# (整改措施) become tasks that keep their problem, and the ledger items go through the same
# report and warning cycle as a decision's.

RECT="$ROOT/test/corpus/rectification.csv"
SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

setup_rectification() {
  "$LUOSHI" import "$RECT" --db "$TMP/r.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" ledger create 1 --db "$TMP/r.db" >/dev/null || return 1
}

t_rectification_table_imports_as_inspection() {
  expect_status 0 "$LUOSHI" import "$RECT" --dry-run --json || return 1
  expect_eq "$(jqr "$TMP/out" '.kind')" "inspection" "kind" || return 1
  expect_eq "$(jqr "$TMP/out" '.document.format')" "table" "format" || return 1
  # six rows, nine measures (a row's measures split as in a task-division table)
  expect_eq "$(jqr "$TMP/out" '[.blocks[] | select(.kind=="paragraph")] | length')" "6" "rows" || return 1
  expect_eq "$(jqr "$TMP/out" '.tasks | length')" "9" "tasks" || return 1
  # every task keeps the finding it answers; quoted cells with commas, quotes, line breaks
  expect_eq "$(jqr "$TMP/out" '[.tasks[] | select(.problem == null)] | length')" "0" "tasks without problem" || return 1
  expect_eq "$(jqr "$TMP/out" '.tasks[1].problem')" '生态环境保护压力传导不到位，部分地方"重发展、轻保护"' "quoted problem" || return 1
  expect_eq "$(jqr "$TMP/out" '.tasks[3] | "\(.problem)|\(.text)"')" "财政资金绩效管理不严，部分专项资金长期沉淀|清理盘活存量资金" "problem over two lines" || return 1
  expect_eq "$(jqr "$TMP/out" '.tasks[5].text')" "健全街道、社区党组织领导的基层治理机制，整顿软弱涣散社区党组织" "measure over two lines" || return 1
}

t_rectification_ledger_has_units_and_deadlines() {
  setup_rectification || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/r.db" >"$TMP/l.json" || return 1
  expect_eq "$(jq -r 'length' "$TMP/l.json")" "9" "items" || return 1
  got=$(jq -r '.[] | "\(.lead)|\(.deadline)|\(.text)"' "$TMP/l.json")
  # each deadline to its month's end, as the 整改时限 cell writes it
  want="省发展改革委|2019-06-30|建立省级重大项目储备库，每季度滚动更新入库项目
省生态环境厅|2019-12-31|开展长江干支流沿线环境问题专项排查整治
省生态环境厅|2019-12-31|建立问题清单并逐项销号
省财政厅|2019-09-30|清理盘活存量资金
省财政厅|2019-09-30|健全预算绩效管理制度
成都市人民政府||健全街道、社区党组织领导的基层治理机制，整顿软弱涣散社区党组织
省教育厅|2019-08-31|开展中小学校违规收费和有偿补课专项整治
省纪委监委||持续纠治“四风”
省纪委监委||建立健全作风建设长效机制"
  expect_eq "$got" "$want" "lead units and deadlines" || return 1
  "$LUOSHI" export 1 --json --db "$TMP/r.db" >"$TMP/doc.json" || return 1
  expect_eq "$(jqr "$TMP/doc.json" '.tasks[0].deadline_text')" "2019年6月底前" "deadline as written" || return 1
}

# rules that fired for item $1 on date $2, comma-separated
fired_r() {
  "$LUOSHI" warnings run --date "$2" --db "$TMP/r.db" >/dev/null || return 1
  "$LUOSHI" warnings list --json --db "$TMP/r.db" >"$TMP/w.json" || return 1
  jq -r "[.[] | select(.item==$1) | .rule] | join(\",\")" "$TMP/w.json"
}

t_rectification_item_reports_and_warnings() {
  setup_rectification || return 1
  sql "$TMP/r.db" "update ledger_items set created_at='2019-03-01T00:00:00Z'" || return 1
  ITEM=$("$LUOSHI" ledger list 1 --json --db "$TMP/r.db" | jq -r '[.[] | select(.lead=="省财政厅")][0].id')
  # as for a decision's item: no report in the month, and far behind its 2019-09-30 deadline
  # (37 % of the time gone, nothing done)
  expect_eq "$(fired_r "$ITEM" 2019-05-20)" "behind-far,no-report" "before the report" || return 1
  expect_status 0 "$LUOSHI" report file "$ITEM" --period 2019-05 --progress 60 --done 清理存量资金 --db "$TMP/r.db" || return 1
  id=$(sed -n 's/^report //p' "$TMP/out")
  expect_status 0 "$LUOSHI" report submit "$id" --db "$TMP/r.db" || return 1
  expect_status 0 "$LUOSHI" report accept "$id" --db "$TMP/r.db" || return 1
  expect_eq "$(fired_r "$ITEM" 2019-05-20)" "" "reported for the month, 60% done" || return 1
  expect_status 0 "$LUOSHI" audit verify --db "$TMP/r.db" || return 1
}

t_kinds_of_documents() {
  setup_rectification || return 1
  "$LUOSHI" import "$SAMPLE" --db "$TMP/r.db" --quiet 2>/dev/null || return 1
  expect_eq "$("$LUOSHI" docs --json --db "$TMP/r.db" | jq -c '[.[] | .kind]')" '["inspection","decision"]' "docs kinds" || return 1
  expect_contains "$("$LUOSHI" docs --db "$TMP/r.db")" "inspection" || return 1
  expect_eq "$(sql "$TMP/r.db" "select group_concat(kind) from (select kind from documents order by id) t")" "inspection,decision" || return 1
  # --kind makes any document an inspection's findings; a bad kind is refused
  expect_status 0 "$LUOSHI" import "$SAMPLE" --kind inspection --dry-run --json || return 1
  expect_eq "$(jqr "$TMP/out" '.kind')" "inspection" "--kind inspection" || return 1
  expect_status 1 "$LUOSHI" import "$SAMPLE" --kind audit --dry-run --json || return 1
}

# An inspection's feedback written in prose (巡视反馈, a newspaper's release): its enumerated
# problems (一是…五是) become tasks answered by the recommendations numbered in parallel (一要…五要).
FEEDBACK="$ROOT/test/corpus/inspection-feedback.txt"

t_feedback_prose_imports_findings() {
  expect_status 0 "$LUOSHI" import "$FEEDBACK" --kind inspection --dry-run --json || return 1
  expect_eq "$(jqr "$TMP/out" '.kind')" "inspection" "kind" || return 1
  expect_eq "$(jqr "$TMP/out" '.tasks | length')" "5" "findings" || return 1
  expect_eq "$(jqr "$TMP/out" '[.tasks[] | select(.problem == null)] | length')" "0" "tasks without problem" || return 1
  expect_eq "$(jqr "$TMP/out" '[.tasks[].finding.task_from] | unique | join(",")')" "recommendation" "task from" || return 1
  expect_eq "$(jqr "$TMP/out" '.tasks[4] | "\(.problem)|\(.text)"')" "巡视、审计等监督发现问题整改不够到位，一些问题反复出现|建立健全整改长效机制，抓好巡视、审计等监督发现问题的整改落实" "fifth finding" || return 1
  # the problem's bytes are its text in the file, its lines where it is written
  range=$(jqr "$TMP/out" '.tasks[2].finding.problem_bytes | "\(.[0]) \(.[1])"')
  set -- $range
  expect_eq "$(tail -c +$(($1 + 1)) "$FEEDBACK" | head -c $(($2 - $1)) | tr -d '\n')" "$(jqr "$TMP/out" '.tasks[2].problem')" "problem bytes" || return 1
  expect_eq "$(jqr "$TMP/out" '.tasks[2].finding.problem_lines | join("-")')" "12-13" "problem lines" || return 1
}

t_feedback_prose_ledger() {
  "$LUOSHI" import "$FEEDBACK" --kind inspection --db "$TMP/f.db" --quiet 2>/dev/null || return 1
  "$LUOSHI" unit seed --db "$TMP/f.db" >/dev/null || return 1
  expect_status 0 "$LUOSHI" ledger create 1 --db "$TMP/f.db" || return 1
  "$LUOSHI" ledger list 1 --json --db "$TMP/f.db" >"$TMP/l.json" || return 1
  expect_eq "$(jq -r 'length' "$TMP/l.json")" "5" "items" || return 1
  expect_eq "$(jq -r '.[1].text' "$TMP/l.json")" "落实全面从严治党“两个责任”，持续整治群众身边的不正之风和腐败问题，坚决纠治“四风”" "item text" || return 1
  # the stored document keeps each task's problem, as for a rectification table
  "$LUOSHI" export 1 --json --db "$TMP/f.db" >"$TMP/doc.json" || return 1
  expect_eq "$(jqr "$TMP/doc.json" '[.tasks[] | select(.problem != null)] | length')" "5" "problems stored" || return 1
  expect_eq "$("$LUOSHI" tasks 1 --json --db "$TMP/f.db" | jq -r 'length')" "5" "tasks" || return 1
  expect_eq "$("$LUOSHI" docs --json --db "$TMP/f.db" | jq -r '.[0].kind')" "inspection" "docs kind" || return 1
}

t_feedback_prose_as_decision_has_no_findings() {
  expect_status 0 "$LUOSHI" import "$FEEDBACK" --dry-run --json || return 1
  expect_eq "$(jqr "$TMP/out" '.kind')" "decision" "kind" || return 1
  expect_eq "$(jqr "$TMP/out" '[.tasks[] | select(.problem != null or .finding != null)] | length')" "0" "no findings" || return 1
}

t_feedback_prose_without_recommendations_drafts_tasks() {
  printf '巡察发现的主要问题：\n问题一：党组议事规则执行不严格。\n问题二：干部教育培训针对性不强。\n' >"$TMP/p.txt"
  expect_status 0 "$LUOSHI" import "$TMP/p.txt" --kind inspection --dry-run --json || return 1
  expect_eq "$(jqr "$TMP/out" '[.tasks[] | "\(.finding.drafted)|\(.text)"] | join(";")')" "true|针对该问题制定整改措施并抓好落实;true|针对该问题制定整改措施并抓好落实" "drafted" || return 1
  expect_eq "$(jqr "$TMP/out" '.tasks[1].problem')" "干部教育培训针对性不强" "problem" || return 1
}

# the problem each rectification task answers is stored with the task: `tasks` lists it, and
# the item page shows it above the source sentence
t_rectification_problem_in_tasks_and_on_the_item_page() {
  setup_rectification || return 1
  expect_status 0 "$LUOSHI" tasks 1 --json --db "$TMP/r.db" || return 1
  expect_eq "$(jqr "$TMP/out" '[.[] | select(.problem == null)] | length')" "0" "tasks without problem" || return 1
  expect_eq "$(jqr "$TMP/out" '.[3] | "\(.problem)|\(.text)"')" "财政资金绩效管理不严，部分专项资金长期沉淀|清理盘活存量资金" "problem in tasks --json" || return 1
  expect_status 0 "$LUOSHI" tasks 1 --db "$TMP/r.db" || return 1
  expect_contains "$(cat "$TMP/out")" '问题: 生态环境保护压力传导不到位，部分地方"重发展、轻保护"' || return 1
  # a decision's tasks have none
  expect_status 0 "$LUOSHI" import "$SAMPLE" --db "$TMP/r.db" --quiet || return 1
  expect_status 0 "$LUOSHI" tasks 2 --json --db "$TMP/r.db" || return 1
  expect_eq "$(jqr "$TMP/out" '[.[] | select(.problem != null)] | length')" "0" "decision tasks with a problem" || return 1
  # the item page
  echo 'pass-word-1' | "$LUOSHI" user add sup 督查员 supervisor --db "$TMP/r.db" >/dev/null || return 1
  DB="$TMP/r.db"
  web_login sup pass-word-1 || return 1
  ITEM=$("$LUOSHI" ledger list 1 --json --db "$TMP/r.db" | jq -r '[.[] | select(.text=="清理盘活存量资金")][0].id')
  web_req GET "/items/$ITEM"
  expect_eq "$WEB_STATUS" 200 "item page" || return 1
  body=$(cat "$TMP/body")
  expect_contains "$body" '<p class="problem"><strong>反馈问题：</strong>财政资金绩效管理不严，部分专项资金长期沉淀</p>' || return 1
  # above the source sentence
  before=${body%%<blockquote class=\"source\">*}
  expect_contains "$before" '反馈问题：' || return 1
  # quotes in the problem are escaped
  ITEM=$("$LUOSHI" ledger list 1 --json --db "$TMP/r.db" | jq -r '[.[] | select(.lead=="省生态环境厅")][0].id')
  web_req GET "/items/$ITEM"
  expect_contains "$(cat "$TMP/body")" '部分地方&quot;重发展、轻保护&quot;</p>' || return 1
  # a decision's item shows none
  expect_status 0 "$LUOSHI" ledger create 2 --db "$TMP/r.db" || return 1
  ITEM=$("$LUOSHI" ledger list 2 --json --db "$TMP/r.db" | jq -r '.[0].id')
  web_req GET "/items/$ITEM"
  expect_eq "$WEB_STATUS" 200 "decision item page" || return 1
  case "$(cat "$TMP/body")" in *'class="problem"'*) fail "a decision's item shows a problem"; return 1 ;; esac
}
