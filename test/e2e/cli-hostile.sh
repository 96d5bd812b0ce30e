# Hostile strings through every command-line field: script tags, SQL, terminal escapes and other
# control characters, line breaks, bidi overrides, C1 controls, invalid UTF-8 (bad bytes,
# overlong forms, surrogates), an option's name as a value, the empty string and the longest
# argument the kernel passes (128 KiB; a 1 MB title cannot be an argument, so it comes in a
# file). Each value goes into each field that takes free text or a name, and the contract is
# one of two: refused (non-zero exit, a message on stderr, the database unchanged; invalid UTF-8
# with exit 1 and a message naming its option) or stored exactly (read back byte for byte
# through --json). Either way no control character reaches the terminal: plain-text output and
# error messages show them as U+FFFD. Then the stored values are listed by every plain-text
# command and shown on a web page through `luoshi serve`, and they come in by file: a decision
# whose title and text hold them (and a 1 MB first line), and spreadsheet cells.

# ---- the values --------------------------------------------------------------------------

HV_NAMES=(markup escape lines bidi invalid option empty long)
HV=(
  "<script>alert(1)</script><img src=x onerror=alert(2)>\"&amp;'); DROP TABLE ledger_items; -- ' OR '1'='1"
  "$(printf '红\033[2J\033[31m\033]0;pwn\007\010\001字')"
  "$(printf '第一行\r\n第二行\n\t第三行\r完')"
  "$(printf 'RLO\342\200\256gpj.exe \342\201\246iso\342\201\251 csi\302\23331m\302\205')"
  "$(printf 'bad\377\376')"
  --json
  ''
  "$(head -c 131000 /dev/zero | tr '\0' 'x')"
)
# more forms of invalid UTF-8 (overlong, surrogate, above U+10FFFF, cut short), for one field
HV_INVALID=("$(printf '\300\257')" "$(printf '\355\240\200')" "$(printf '\364\220\200\200')" "$(printf '中\344\270')")

# ---- helpers -----------------------------------------------------------------------------

lu() { "$LUOSHI" --db "$DB" "$@"; }

# raw_controls FILE [html]: does FILE hold a control character a terminal would obey (C0 but
# tab and line feed, a CR that is not part of CR LF, DEL, C1) or a bidi control? Prints the
# first. With html, what the web's policy (src/web/html.c) keeps out of a page: C0 but tab and
# line ends, DEL, bidi controls.
raw_controls() {
  local re='[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]'
  [ "${2:-}" = html ] && re='[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]'
  RE=$re perl -0777 -ne 'if (/($ENV{RE})/) { printf "%vX at byte %d\n", $1, $-[0]; exit 0 } exit 1' "$1"
}

# fingerprint: what the database holds, enough to see any change (the audit chain records
# every change; the counts catch one that is not audited)
fingerprint() {
  sql "$DB" "SELECT (SELECT count(*) FROM audit_log), (SELECT max(hash) FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)), (SELECT count(*) FROM units), (SELECT count(*) FROM people), (SELECT count(*) FROM ledger_items), (SELECT count(*) FROM reports), (SELECT count(*) FROM requests), (SELECT count(*) FROM milestones), (SELECT count(*) FROM targets), (SELECT count(*) FROM accountability), (SELECT count(*) FROM api_tokens), (SELECT count(*) FROM documents)"
}

# wid KEY: a value of the last write's JSON ($TMP/w.json)
wid() { jq -r ".$1" "$TMP/w.json"; }
# pick ID FIELD: FIELD of the element of a JSON array (stdin) whose id is ID, raw
pick() { jq -j --argjson id "$1" ".[] | select(.id == \$id) | $2"; }
# sqlv SQL: one value from the database, as stored
sqlv() { printf '%s' "$(sql "$DB" "$1")"; }

# fresh_item: a new item of document 1 led by 宜宾市人民政府 with a deadline; prints its id
fresh_item() {
  local id
  id=$(lu ledger add 1 --text 事项 --deadline 2030-12-31 --json | jq .id) || return 1
  lu ledger assign "$id" --lead 宜宾市人民政府 >/dev/null || return 1
  echo "$id"
}

# setup: a short notice (document 1), the seeded units, its ledger, a supervisor and a
# reporter, an evidence file; DB names the database
setup_hostile() {
  DB=$TMP/h.db
  lu import "$ROOT/test/corpus/notice-with-plan.txt" --quiet 2>/dev/null || return 1
  lu unit seed >/dev/null || return 1
  lu ledger create 1 >/dev/null || return 1
  echo 'pass-word-1' | lu user add sup 督查员 supervisor >/dev/null || return 1
  echo 'pass-word-2' | lu user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  printf 'acceptance record\n' >"$TMP/ev.txt"
  N=0
}

# ---- the fields --------------------------------------------------------------------------
# One line per field: NAME ¦ PREP ¦ WRITE ¦ READ, each a piece of shell run with V (the hostile
# value), K (the value's number, 1..), N (a counter over all cases) and ITEM (a fresh item for
# the field). A field named "... (file)" takes V as a file's text, not as an argument. PREP
# makes what the write needs (before the database is fingerprinted); WRITE stores V and prints
# JSON (to $TMP/w.json); READ prints what was stored, exactly, or for a field that names a unit
# or a person, the name of the one found. READ "-" is a field that stores nothing (a filter):
# it must leave the database unchanged. The lookups come after the
# fields that create units and people with hostile names (so some are found), and before the
# codes and short names (which would find a unit by another name).
fields() {
  cat <<'EOF'
import --title ¦ printf '关于第%s号测试的通知\n一、加强管理。\n' "$N" >"$TMP/d$N.txt" ¦ lu import "$TMP/d$N.txt" --title "$V" --quiet && echo '{}' ¦ lu docs --json | jq -j --arg f "$TMP/d$N.txt" '.[] | select(.file == $f) | .title'
unit add NAME ¦ : ¦ lu unit add "$V" other --json ¦ lu unit list --json | pick "$(wid unit)" .name
unit add KIND ¦ : ¦ lu unit add "单位$N" "$V" --json ¦ lu unit list --json | pick "$(wid unit)" .kind
unit add --parent ¦ : ¦ lu unit add "单位$N" other --parent "$V" --json ¦ lu unit list --json | jq -j --argjson id "$(wid unit)" '(.[] | select(.id == $id) | .parent) as $p | .[] | select(.id == $p) | .name'
unit email ADDRESS ¦ : ¦ lu unit email 宜宾市人民政府 "$V" --json ¦ lu unit email 宜宾市人民政府 --json | jq -j '.email // ""'
user add LOGIN ¦ : ¦ echo pass-word-9 | lu user add "$V" 姓名 supervisor --json ¦ sqlv "SELECT login FROM people WHERE id = $(wid person)"
user add NAME ¦ : ¦ echo pass-word-9 | lu user add "u$N" "$V" supervisor --json ¦ sqlv "SELECT name FROM people WHERE id = $(wid person)"
user add --unit ¦ : ¦ echo pass-word-9 | lu user add "u$N" 姓名 reporter --unit "$V" --json ¦ sqlv "SELECT u.name FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $(wid person)"
token --name ¦ : ¦ lu token sup --name "$V" --json ¦ sqlv "SELECT name FROM api_tokens WHERE token_hash = '$(printf %s "$(wid token)" | sha256sum | cut -c1-64)'"
token LOGIN ¦ : ¦ lu token "$V" --json ¦ sqlv "SELECT p.login FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.token_hash = '$(printf %s "$(wid token)" | sha256sum | cut -c1-64)'"
ledger add --text ¦ : ¦ lu ledger add 1 --text "$V" --json ¦ lu ledger list 1 --json | pick "$(wid id)" .text
ledger add --number ¦ : ¦ lu ledger add 1 --text 事项 --number "$V" --json ¦ lu ledger list 1 --json | pick "$(wid id)" .number
ledger add --kind ¦ : ¦ lu ledger add 1 --text 事项 --kind "$V" --json ¦ lu ledger list 1 --json | pick "$(wid id)" .kind
ledger edit --text ¦ : ¦ lu ledger edit "$ITEM" --text "$V" --json ¦ lu ledger list 1 --json | pick "$ITEM" .text
ledger renumber NUMBER ¦ : ¦ lu ledger renumber "$ITEM" "$V" --json ¦ lu ledger list 1 --json | pick "$ITEM" .number
ledger assign --leader ¦ : ¦ lu ledger assign "$ITEM" --leader "$V" --json ¦ lu ledger list 1 --json | pick "$ITEM" .leader
ledger assign --lead ¦ : ¦ lu ledger assign "$ITEM" --lead "$V" --json ¦ lu ledger list 1 --json | pick "$ITEM" .lead
ledger assign --cooperating ¦ : ¦ lu ledger assign "$ITEM" --cooperating "$V" --json ¦ lu ledger list 1 --json | pick "$ITEM" .cooperating
ledger split --unit ¦ : ¦ lu ledger split "$ITEM" --unit "$V" --json ¦ lu ledger tree "$ITEM" --json | jq -j '.[-1].lead'
ledger list --search ¦ : ¦ lu ledger list all --search "$V" ¦ -
ledger list --unit ¦ : ¦ lu ledger list 1 --unit "$V" ¦ -
ledger list --place ¦ : ¦ lu ledger list 1 --place "$V" ¦ -
ledger list --status ¦ : ¦ lu ledger list 1 --status "$V" ¦ -
warnings list --colour ¦ : ¦ lu warnings list --colour "$V" ¦ -
sheet dump --sheet ¦ [ -e "$TMP/s.xlsx" ] || lu ledger export 1 --xlsx "$TMP/s.xlsx" >/dev/null ¦ lu sheet dump "$TMP/s.xlsx" --sheet "$V" ¦ -
tasks --place ¦ : ¦ lu tasks 1 --place "$V" ¦ -
places TEXT ¦ : ¦ lu places "$V" ¦ -
report file --done ¦ : ¦ lu report file "$ITEM" --period "2019-$(printf %02d "$K")" --progress 10 --done "$V" --json ¦ lu report list "$ITEM" --json | pick "$(wid report)" .done
report file --problems ¦ : ¦ lu report file "$ITEM" --period "2019-$(printf %02d "$K")" --progress 10 --problems "$V" --json ¦ lu report list "$ITEM" --json | pick "$(wid report)" .problems
report file --next ¦ : ¦ lu report file "$ITEM" --period "2019-$(printf %02d "$K")" --progress 10 --next "$V" --json ¦ lu report list "$ITEM" --json | pick "$(wid report)" .next
report return --reason ¦ R=$(lu report file "$ITEM" --period "2019-$(printf %02d "$K")" --progress 10 --json | jq .report) && lu report submit "$R" >/dev/null ¦ lu report return "$R" --reason "$V" --json ¦ lu report list "$ITEM" --json | pick "$R" .reason
request extension --reason ¦ : ¦ lu request extension "$ITEM" --to "2031-01-$(printf %02d "$K")" --reason "$V" --date 2019-03-01 --json ¦ sqlv "SELECT reason FROM requests WHERE id = $(wid request)"
request closeout --reason ¦ ITEM=$(fresh_item) && lu report file "$ITEM" --period 2019-03 --progress 100 --evidence "$TMP/ev.txt" >/dev/null ¦ lu request closeout "$ITEM" --reason "$V" --json ¦ sqlv "SELECT reason FROM requests WHERE id = $(wid request)"
request tolerance --claims ¦ : ¦ lu request tolerance "$ITEM" --period "2019-$(printf %02d "$K")" --claims "$V" --reason 理由 --json ¦ -
request tolerance --reason ¦ : ¦ lu request tolerance "$ITEM" --period "2019-$(printf %02d "$K")" --claims policy --reason "$V" --json ¦ sqlv "SELECT reason FROM requests WHERE id = $(wid request)"
request approve --note ¦ ITEM=$(fresh_item) && R=$(lu request extension "$ITEM" --to "2031-02-$(printf %02d "$K")" --reason 理由 --date 2019-03-01 --json | jq .request) ¦ lu request approve "$R" --note "$V" --json ¦ sqlv "SELECT decision_note FROM requests WHERE id = $R"
request approve --verdict ¦ ITEM=$(fresh_item) && lu report file "$ITEM" --period 2019-03 --progress 100 --evidence "$TMP/ev.txt" >/dev/null && R=$(lu request closeout "$ITEM" --reason 理由 --json | jq .request) ¦ lu request approve "$R" --verdict "$V" --json ¦ lu ledger list 1 --all --json | pick "$ITEM" .status
request reject --note ¦ ITEM=$(fresh_item) && R=$(lu request extension "$ITEM" --to "2031-03-$(printf %02d "$K")" --reason 理由 --date 2019-03-01 --json | jq .request) ¦ lu request reject "$R" --note "$V" --json ¦ sqlv "SELECT decision_note FROM requests WHERE id = $R"
item reopen --reason ¦ ITEM=$(fresh_item) && R=$(lu report file "$ITEM" --period 2019-03 --progress 100 --json | jq .report) && lu report submit "$R" >/dev/null && lu report accept "$R" >/dev/null ¦ lu item reopen "$ITEM" --reason "$V" --json ¦ sqlv "SELECT after FROM audit_log WHERE action = 'reopen' AND entity_id = $ITEM" | jq -j .reason
milestone add --title ¦ : ¦ lu milestone add "$ITEM" --due 2030-06-30 --title "$V" --json ¦ lu milestone list "$ITEM" --json | pick "$(wid milestone)" .title
target add --name ¦ : ¦ lu target add "$ITEM" --name "$V" --baseline 0 --baseline-date 2018-07-01 --target 100 --target-date 2020-12-31 --json ¦ lu target list "$ITEM" --json | pick "$(wid target)" .name
target add --unit ¦ : ¦ lu target add "$ITEM" --name 指标 --unit "$V" --baseline 0 --baseline-date 2018-07-01 --target 100 --target-date 2020-12-31 --json ¦ lu target list "$ITEM" --json | pick "$(wid target)" .unit
accountability add --kind ¦ : ¦ lu accountability add "$ITEM" --kind "$V" --reason 理由 --json ¦ sqlv "SELECT kind FROM accountability WHERE id = $(wid record)"
accountability add --person ¦ : ¦ lu accountability add "$ITEM" --kind 约谈 --person "$V" --reason 理由 --json ¦ sqlv "SELECT person FROM accountability WHERE id = $(wid record)"
accountability add --reason ¦ : ¦ lu accountability add "$ITEM" --kind 约谈 --reason "$V" --json ¦ sqlv "SELECT reason FROM accountability WHERE id = $(wid record)"
accountability add --unit ¦ : ¦ lu accountability add "$ITEM" --kind 约谈 --unit "$V" --reason 理由 --json ¦ sqlv "SELECT u.name FROM accountability a JOIN units u ON u.id = a.unit_id WHERE a.id = $(wid record)"
bulletin notes (file) ¦ printf '%s' "$V" >"$TMP/notes.txt" ¦ lu bulletin notes --period 2019-03 --file "$TMP/notes.txt" --json ¦ lu bulletin notes --period 2019-03 --json | jq -j .notes
--as LOGIN ¦ : ¦ lu --as "$V" ledger assign "$ITEM" --leader 某某 --json ¦ sqlv "SELECT actor FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"
unit add --code ¦ : ¦ lu unit add "单位$N" other --code "$V" --json ¦ lu unit list --json | pick "$(wid unit)" .code
unit add --short ¦ : ¦ lu unit add "单位$N" other --short "$V" --json ¦ sqlv "SELECT short_names FROM units WHERE id = $(wid unit)"
EOF
}

# option_of FIELD: the option a field's value is given with ("--text"), or "argument" for a
# positional one (NAME, LOGIN, ...)
option_of() {
  case $1 in
    --*) echo "${1%% *}" ;;
    *' --'*) local o=--${1#* --}; echo "${o%% *}" ;;
    *) echo argument ;;
  esac
}

# check_shown CASE FILE...: no file holds a control character a terminal would obey
check_shown() {
  local what=$1 f bad
  shift
  for f in "$@"; do
    bad=$(raw_controls "$f") && fail "$what: $(basename "$f") passes a raw control character ($bad)"
  done
  return 0
}

t_every_text_field_refuses_or_keeps_hostile_values() {
  setup_hostile || return 1
  local line name prep write read rest k vn st before after opt nCase=0 nStored=0 nRefused=0
  while IFS= read -r line; do
    name=${line%% ¦ *} rest=${line#* ¦ }
    prep=${rest%% ¦ *} rest=${rest#* ¦ }
    write=${rest%% ¦ *} read=${rest#* ¦ }
    case $line in *ITEM*) ITEM=$(fresh_item) || { fail "$name: no item to work on"; continue; } ;; esac
    after=
    for k in "${!HV[@]}"; do
      V=${HV[$k]} K=$((k + 1)) vn=${HV_NAMES[$k]} N=$((N + 1)) nCase=$((nCase + 1))
      eval "$prep" || { fail "$name/$vn: the preparation failed"; continue; }
      # the state before: the last case's after, unless a preparation changed it since
      if [ "$prep" = : ] && [ -n "$after" ]; then before=$after; else before=$(fingerprint); fi
      eval "$write" >"$TMP/w.json" 2>"$TMP/w.err"
      st=$?
      after=$(fingerprint)
      # the message, and a listing (not JSON, which is exact by design), are shown safely
      case $write in
        *--json*) check_shown "$name/$vn" "$TMP/w.err" ;;
        *) check_shown "$name/$vn" "$TMP/w.err" "$TMP/w.json" ;;
      esac
      # (a file's text is not an argument: the command that reads it refuses it)
      if [ "$vn" = invalid ] && [ "${name% (file)}" = "$name" ]; then
        opt=$(option_of "$name")
        [ "$st" = 1 ] || fail "$name/$vn: invalid UTF-8 gave exit $st, not 1"
        [ "$opt" = argument ] && opt="argument [0-9]*" || opt="the value of $opt"
        grep -q "$opt is not UTF-8 (byte [0-9]*)" "$TMP/w.err" ||
          fail "$name/$vn: the message does not name $opt: $(head -c 200 "$TMP/w.err")"
      fi
      # "" leaves an optional field at its default; "--json" where a positional argument
      # belongs is the --json flag (and changes nothing)
      [ "$st" = 0 ] && [ "$vn" = empty ] && continue
      [ "$st" = 0 ] && [ "$vn" = option ] && [ "$after" = "$before" ] && continue
      if [ "$st" != 0 ]; then
        nRefused=$((nRefused + 1))
        [ -s "$TMP/w.err" ] || fail "$name/$vn: exit $st and no message"
        [ "$after" = "$before" ] || fail "$name/$vn: refused (exit $st) but the database changed"
      elif [ "$read" = - ]; then
        [ "$after" = "$before" ] || fail "$name/$vn: a lookup changed the database"
      else
        nStored=$((nStored + 1))
        eval "$read" >"$TMP/r.out" 2>"$TMP/r.err"
        printf '%s' "$V" >"$TMP/v.exp"
        # a file's CR LF line ends are its lines: they are kept as LF
        [ "${name% (file)}" = "$name" ] || perl -0777 -pi -e 's/\r\n/\n/g' "$TMP/v.exp"
        cmp -s "$TMP/r.out" "$TMP/v.exp" ||
          fail "$name/$vn: accepted but read back as [$(head -c 120 "$TMP/r.out" | od -An -c | tr -s ' ' | head -c 300)] $(head -c 200 "$TMP/r.err")"
      fi
    done
  done < <(fields)
  echo "$nCase cases: $nStored stored exactly, $nRefused refused"
  # every field has a value it keeps and one it refuses: the table is not vacuous
  [ "$nStored" -gt 80 ] || fail "only $nStored values were stored"
  [ "$nRefused" -gt 80 ] || fail "only $nRefused values were refused"
}

t_invalid_utf8_is_refused_naming_the_option_but_paths_are_bytes() {
  setup_hostile || return 1
  local before v
  before=$(fingerprint)
  for v in "${HV_INVALID[@]}"; do
    expect_status 1 lu ledger add 1 --text "事项$v" || continue
    expect_contains "$(cat "$TMP/err")" "luoshi ledger: the value of --text is not UTF-8 (byte " "ledger add --text"
    expect_status 1 lu ledger add 1 "--text=事项$v" || continue
    expect_contains "$(cat "$TMP/err")" "the value of --text is not UTF-8" "ledger add --text=VALUE"
    expect_status 1 lu unit add "单位$v" other || continue
    expect_contains "$(cat "$TMP/err")" "luoshi unit: argument 2 is not UTF-8" "unit add NAME"
    expect_status 1 lu --as "$v" ledger list 1 || continue
    expect_contains "$(cat "$TMP/err")" "the value of --as is not UTF-8" "--as"
  done
  expect_eq "$(fingerprint)" "$before" "the database after the refusals"
  # a file name is bytes, not text: a GBK name is read as GB18030, another shown with U+FFFD
  printf '关于加强管理的通知\n一、加强管理。\n' >"$TMP/$(printf 'g\261\344.txt')"
  printf '关于加强服务的通知\n一、加强服务。\n' >"$TMP/$(printf 'h\377.txt')"
  expect_status 0 lu import "$TMP/$(printf 'g\261\344.txt')" --quiet || return 1
  expect_status 0 lu import "$TMP/$(printf 'h\377.txt')" --quiet || return 1
  expect_eq "$(lu docs --json | jq -r '.[-2:][] | .file' | sed "s|^$TMP/||")" "$(printf 'g变.txt\nh\357\277\275.txt')" "the stored file names"
}

# Output (and messages) of every plain-text listing after hostile values were stored: no
# control character or bidi override reaches the terminal; they show as U+FFFD.
t_plain_output_shows_control_characters() {
  setup_hostile || return 1
  local b item r out=0
  b=$(printf 'RLO\342\200\256x csi\302\233m')
  item=$(fresh_item) || return 1
  lu ledger edit "$item" --text "加快推进$b建设" >/dev/null || return 1
  lu ledger assign "$item" --leader "领导$b" >/dev/null || return 1
  lu milestone add "$item" --due 2030-06-30 --title "节点$b" >/dev/null || return 1
  lu target add "$item" --name "指标$b" --baseline 0 --baseline-date 2018-07-01 --target 100 \
    --target-date 2020-12-31 >/dev/null || return 1
  r=$(lu report file "$item" --period 2019-03 --progress 10 --done "$(printf '完成\r\n%s' "$b")" --json | jq .report)
  lu report submit "$r" >/dev/null || return 1
  lu token sup --name "$(printf 'tok\033[2J')" >/dev/null || return 1
  # a decision whose title and text hold a terminal escape and an override
  printf '关于\033[31m加强\342\200\256测试的通知\n一、加强管理。各地要加强\033[2J管理\342\200\256。\n' >"$TMP/e.txt"
  lu import "$TMP/e.txt" --quiet 2>/dev/null || return 1
  for cmd in "ledger list 1" "ledger list all --search 推进" "ledger tree $item" "report list $item" \
    "milestone list $item" "target list $item" "unit list" "docs" "show 1" "show 2" "tasks 2" \
    "import $TMP/e.txt --dry-run" "import $TMP/e.txt --summary --dry-run" "warnings run --date 2019-03-20" \
    "warnings list --date 2019-03-20" "bulletin --period 2019-03" "assess --period 2019-03"; do
    out=$((out + 1))
    # shellcheck disable=SC2086
    lu $cmd >"$TMP/o$out" 2>"$TMP/e$out" || fail "luoshi $cmd: exit $? $(head -c 200 "$TMP/e$out")"
    check_shown "luoshi $cmd" "$TMP/o$out" "$TMP/e$out"
  done
  # 3000 overrides in one text: the output's buffer ends inside some of them, and each still
  # comes out as U+FFFD
  lu ledger edit "$item" --text "$(for _ in $(seq 3000); do printf '\342\200\256'; done)" >/dev/null || return 1
  lu ledger list 1 >"$TMP/many" || return 1
  check_shown "3000 overrides" "$TMP/many"
  expect_eq "$(grep -ao "$(printf '\357\277\275')" "$TMP/many" | wc -l)" 3000 "U+FFFD in the listing"
  grep -aq "加快推进RLO$(printf '\357\277\275')x csi$(printf '\357\277\275')m建设" "$TMP/o1" ||
    fail "ledger list does not show the override and the C1 control as U+FFFD: $(grep -a 加快推进 "$TMP/o1")"
  grep -aq "关于$(printf '\357\277\275')\[31m加强" "$TMP/o4" || grep -aq "关于$(printf '\357\277\275')\[31m加强" "$TMP/o8" ||
    fail "the escape in the title is not shown as U+FFFD"
  # error messages that repeat a hostile name
  expect_status 1 lu ledger list 1 --unit "$(printf 'x\033[2Jy\342\200\256z')"
  check_shown "an unknown unit's message" "$TMP/err"
  expect_contains "$(cat "$TMP/err")" "x$(printf '\357\277\275')[2Jy$(printf '\357\277\275')z" "the message"
  # --json stays exact: the stored override comes back as it was
  expect_eq "$(lu ledger list 1 --json | jq -r --argjson id "$item" '.[] | select(.id == $id) | .leader')" "领导$b" "the leader under --json"
}

# A decision file carrying hostile text: stored exactly, its 1 MB first line too; a NUL makes
# it a binary file, refused with nothing stored.
t_a_hostile_decision_file() {
  setup_hostile || return 1
  local t before
  t="关于<script>alert(1)</script>$(printf '\033[31m')加强$(printf '\342\200\256')测试的通知"
  printf '%s\n一、加强管理。各地要加强管理。\n' "$t" >"$TMP/h.txt"
  expect_status 0 lu import "$TMP/h.txt" --quiet || return 1
  expect_eq "$(lu docs --json | jq -r '.[-1].title')" "$t" "the stored title"
  # a 1 MB first line: kept byte for byte in the document
  head -c 1048000 /dev/zero | tr '\0' 'x' >"$TMP/big.line"
  { printf '关于'; cat "$TMP/big.line"; printf '的通知\n一、加强管理。\n'; } >"$TMP/big.txt"
  expect_status 0 lu import "$TMP/big.txt" --quiet || return 1
  lu export 3 --json | jq -j '.blocks[0].sentences | map(.text) | join("")' >"$TMP/big.got"
  grep -c x "$TMP/big.got" >/dev/null || fail "the 1 MB line is not in the document"
  expect_eq "$(tr -cd x <"$TMP/big.got" | wc -c)" 1048000 "the 1 MB line's bytes"
  before=$(fingerprint)
  printf '通知\n一、加\000强\n' >"$TMP/nul.txt"
  expect_status 1 lu import "$TMP/nul.txt" || return 1
  expect_contains "$(cat "$TMP/err")" "binary file" "a NUL"
  expect_eq "$(fingerprint)" "$before" "the database after a refused file"
}

# Spreadsheet cells: a hostile item's text and report go out in the office's .xlsx and come
# back exactly, as a report (report import) and as a task-division table (import).
t_hostile_spreadsheet_cells() {
  setup_hostile || return 1
  local h item r
  h="<script>alert(1)</script>'); DROP TABLE reports; --RLO$(printf '\342\200\256')x"
  item=$(fresh_item) || return 1
  lu ledger edit "$item" --text "加快推进<script>alert(1)</script>RLO$(printf '\342\200\256')x数据中心建设" >/dev/null || return 1
  r=$(lu report file "$item" --period 2019-03 --progress 40 --done "完成$h" --json | jq .report)
  lu report submit "$r" >/dev/null && lu report accept "$r" >/dev/null || return 1
  expect_status 0 lu ledger export 1 --xlsx "$TMP/s.xlsx" || return 1
  expect_status 0 lu sheet dump "$TMP/s.xlsx" || return 1
  check_shown "sheet dump" "$TMP/out"
  expect_status 0 lu report import "$TMP/s.xlsx" --period 2019-04 --json || return 1
  expect_eq "$(lu report list "$item" --json | jq -r '.[] | select(.period == "2019-04") | .done')" "完成$h" "the report imported from the cell"
  DB=$TMP/t.db
  expect_status 0 lu import "$TMP/s.xlsx" --quiet || return 1
  # (a sentence mark would split the task: the table's one is markup and an override)
  expect_eq "$(lu tasks 1 --json | jq -r '.[] | select(.text | contains("<script>")) | .text')" "加快推进<script>alert(1)</script>RLO$(printf '\342\200\256')x数据中心建设" "the task imported from the cell"
}

# The stored hostile values through the web: one page fetched from `luoshi serve` escapes the
# markup and shows control characters and overrides as U+FFFD (src/web/html.c).
t_hostile_values_are_inert_on_the_web_page() {
  setup_hostile || return 1
  local h item tok line base bad
  h="<script>alert(1)</script>$(printf 'RLO\342\200\256x')"
  item=$(fresh_item) || return 1
  lu ledger edit "$item" --text "加快推进$h建设" >/dev/null || return 1
  lu ledger assign "$item" --leader "领导$h" >/dev/null || return 1
  lu milestone add "$item" --due 2030-06-30 --title "节点$h" >/dev/null || return 1
  lu report file "$item" --period 2019-03 --progress 10 --done "完成$h" >/dev/null || return 1
  tok=$(lu token sup) || return 1
  coproc SERVE { exec "$LUOSHI" --db "$DB" serve --listen 127.0.0.1:0 2>"$TMP/serve.err"; }
  read -r line <&"${SERVE[0]}"
  base=$(printf '%s' "$line" | grep -o 'http://[0-9.:]*')
  [ -n "$base" ] || { fail "serve printed no address: $(cat "$TMP/serve.err")"; return 1; }
  expect_eq "$(curl -s -o "$TMP/page" -w '%{http_code}' -H "Authorization: Bearer $tok" "$base/items/$item")" 200 "GET /items/$item"
  kill -TERM "$SERVE_PID"
  wait "$SERVE_PID"
  grep -aqF '<script>alert(1)' "$TMP/page" && fail "raw <script> on the item page"
  bad=$(raw_controls "$TMP/page" html) && fail "the item page passes a raw control character ($bad)"
  expect_contains "$(cat "$TMP/page")" "加快推进&lt;script&gt;alert(1)&lt;/script&gt;RLO$(printf '\357\277\275')x建设" "the item's text"
  expect_contains "$(cat "$TMP/page")" "节点&lt;script&gt;" "the milestone"
}
