# Browser tests: the web application in Debian's headless Chromium, driven by playwright-core
# (test/browser/walk.mjs). Each test sets up a ledger of the sample decision with one account of
# every role, starts `luoshi serve` on a free port, lets the browser walk one part of the
# product's acceptance criteria through the real pages and forms, and stops the server with
# SIGTERM. walk.mjs asserts on what the pages show (text, attributes, the map's fills) and exits
# non-zero on the first difference; screenshots go to $ROOT/build-artefacts/screenshots/.
#
# Needs node, /usr/bin/chromium and test/browser/node_modules (scripts/install-deps.sh, which
# `make check` runs first); a test fails with a message when any is missing.

BROWSER_PASSWORD=pass-word-1
# The server's clock, and the date of the warnings run in the setup: the sample is a 2018
# decision, so its ledger runs in 2019.
BROWSER_TODAY=2019-09-30

# browser_setup: the database $TMP/b.db — the sample decision, its ledger, the unit tree, the
# accounts admin, supervisor, leader and yibin (reporter of 宜宾市人民政府), item 3-20 (支持宜宾
# 建设…, which names 宜宾 and so counts on 511500) assigned to 宜宾 with a deadline of 2019-12-31,
# and published, and the warnings of $BROWSER_TODAY. Sets DB and ITEM (the item's id).
browser_setup() {
  DB=$TMP/b.db
  "$LUOSHI" --db "$DB" import "$ROOT/test/corpus/sichuan-2018-decision-page.txt" --quiet \
    >/dev/null 2>&1 || { fail "import failed"; return 1; }
  "$LUOSHI" --db "$DB" unit seed >/dev/null
  "$LUOSHI" --db "$DB" ledger create 1 >/dev/null
  local login name role unit
  while read -r login name role unit; do
    echo "$BROWSER_PASSWORD" | "$LUOSHI" --db "$DB" user add "$login" "$name" "$role" \
      --unit "$unit" >/dev/null || { fail "user add $login"; return 1; }
  done <<'EOF'
admin 系统管理员 admin 省委办公厅
supervisor 督查室 supervisor 省委办公厅
leader 分管副省长 leader 省发展改革委
yibin 宜宾市填报员 reporter 宜宾市人民政府
EOF
  ITEM=$("$LUOSHI" --db "$DB" ledger list 1 --place 511500 --json |
    jq -r '.[] | select(.number == "3-20") | .id')
  [ -n "$ITEM" ] || { fail "no item 3-20 naming 宜宾"; return 1; }
  "$LUOSHI" --db "$DB" ledger assign "$ITEM" --lead 宜宾市人民政府 --deadline 2019-12-31 \
    --leader 分管副省长 >/dev/null || { fail "ledger assign"; return 1; }
  "$LUOSHI" --db "$DB" ledger publish "$ITEM" >/dev/null || { fail "ledger publish"; return 1; }
  "$LUOSHI" --db "$DB" warnings run --date "$BROWSER_TODAY" >/dev/null ||
    { fail "warnings run"; return 1; }
}

# browser_serve: start `luoshi serve` on a free port with today = $BROWSER_TODAY; sets BASE
# and SERVE_PID. The first line of its output names the address.
browser_serve() {
  coproc SERVE { LUOSHI_TODAY=$BROWSER_TODAY exec "$LUOSHI" --db "$DB" serve \
    --listen 127.0.0.1:0 2>"$TMP/serve.err"; }
  local line
  read -r line <&"${SERVE[0]}"
  BASE=$(printf '%s' "$line" | grep -o 'http://[0-9.:]*')
  [ -n "$BASE" ] || { fail "serve printed no address: [$line] $(cat "$TMP/serve.err")"; return 1; }
}

# browser_walk SCENARIO: set up, serve, run walk.mjs SCENARIO, stop the server; fails when the
# walk fails or the server does not stop cleanly.
browser_walk() {
  command -v node >/dev/null || { fail "node is not installed (scripts/install-deps.sh)"; return 1; }
  [ -x /usr/bin/chromium ] || { fail "/usr/bin/chromium is missing (scripts/install-deps.sh)"; return 1; }
  [ -d "$ROOT/test/browser/node_modules/playwright-core" ] ||
    { fail "test/browser/node_modules is missing (scripts/install-deps.sh)"; return 1; }
  browser_setup || return 1
  browser_serve || return 1
  mkdir -p "$ROOT/build-artefacts/screenshots"
  BASE=$BASE LUOSHI=$LUOSHI DB=$DB ITEM=$ITEM PASSWORD=$BROWSER_PASSWORD \
    SHOTS="$ROOT/build-artefacts/screenshots" timeout 100 node "$ROOT/test/browser/walk.mjs" "$1"
  local status=$?
  kill -TERM "$SERVE_PID"
  wait "$SERVE_PID"
  local served=$?
  [ "$status" = 0 ] || fail "walk $1 failed (status $status); server log: $(tail -c 600 "$TMP/serve.err")"
  expect_eq "$served" 0 "the server's exit status after SIGTERM"
}

t_browser_each_role_logs_in_and_sees_its_navigation() { browser_walk roles; }
t_browser_report_cycle_return_resubmit_accept() { browser_walk cycle; }
t_browser_map_colour_follows_the_worst_warning() { browser_walk map; }
t_browser_report_form_works_without_javascript() { browser_walk nojs; }
t_browser_screenshots_of_the_main_pages() { browser_walk screens; }
