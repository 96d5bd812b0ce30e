# Shell test helpers, sourced by test/run.sh and the suites under test/e2e and test/golden.
#
# A suite is a file of shell functions named t_*; run.sh calls each in a subshell with
# LUOSHI (the binary), TMP (a fresh directory) and ROOT (the checkout) set. A test fails when
# its function returns non-zero or calls fail (directly or through an expect_* helper), even
# when the function goes on and returns 0. Helpers print what differs.

fail() {
  echo "    $*" >&2
  : >"$TMP/.failed"
  return 1
}

# expect_eq ACTUAL EXPECTED [WHAT]
expect_eq() {
  if [ "$1" != "$2" ]; then
    fail "${3:-value}: expected [$2], got [$1]"
    return 1
  fi
}

# expect_contains HAYSTACK NEEDLE [WHAT]
expect_contains() {
  case "$1" in
    *"$2"*) return 0 ;;
  esac
  fail "${3:-output} lacks [$2]: $(printf '%s' "$1" | head -c 400)"
}

# expect_status N CMD... : run CMD, expect exit status N; output goes to $TMP/out, $TMP/err
expect_status() {
  want=$1
  shift
  "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" != "$want" ]; then
    fail "'$*' exited $got, expected $want; stderr: $(head -c 400 "$TMP/err")"
    return 1
  fi
}

# jqr FILE FILTER : jq -r over a JSON file
jqr() { jq -rc "$2" "$1"; }

# ---- the web application through `luoshi http` (no socket) ----------------------------------
# web_req METHOD PATH [BODY] [CONTENT-TYPE]: send one request with $WEB_COOKIE (session),
# $WEB_CSRF (sent as the csrf form field is up to the caller; sent here as X-CSRF-Token when
# WEB_CSRF_HEADER=1) and $WEB_AUTH (a bearer token). The whole response goes to $TMP/resp, its
# body to $TMP/body, its status to WEB_STATUS. DB names the database.
web_req() {
  _m=$1 _p=$2 _b=${3:-} _t=${4:-application/x-www-form-urlencoded}
  {
    printf '%s %s HTTP/1.1\r\nHost: test\r\n' "$_m" "$_p"
    [ -n "${WEB_COOKIE:-}" ] && printf 'Cookie: %s\r\n' "$WEB_COOKIE"
    [ -n "${WEB_AUTH:-}" ] && printf 'Authorization: Bearer %s\r\n' "$WEB_AUTH"
    [ "${WEB_CSRF_HEADER:-0}" = 1 ] && printf 'X-CSRF-Token: %s\r\n' "${WEB_CSRF:-}"
    [ -n "${WEB_LANG:-}" ] && printf 'Accept-Language: %s\r\n' "$WEB_LANG"
    if [ -n "$_b" ]; then
      printf 'Content-Type: %s\r\nContent-Length: %s\r\n' "$_t" "$(printf '%s' "$_b" | wc -c)"
    fi
    printf '\r\n'
    printf '%s' "$_b"
  } | "$LUOSHI" --db "$DB" http >"$TMP/resp" 2>"$TMP/resp.err"
  WEB_STATUS=$(head -n 1 "$TMP/resp" | cut -d' ' -f2)
  sed '1,/^\r$/d' "$TMP/resp" >"$TMP/body"
}

# web_login LOGIN PASSWORD: log in through the real form (double-submit CSRF, argon2id check);
# sets WEB_COOKIE and WEB_CSRF for the requests that follow. Fails the test when refused.
web_login() {
  WEB_COOKIE= WEB_AUTH=
  web_req GET /login
  _c=$(grep -o 'luoshi_csrf=[0-9a-f]*' "$TMP/resp" | head -n 1 | cut -d= -f2)
  WEB_COOKIE="luoshi_csrf=$_c"
  web_req POST /login "login=$1&password=$2&csrf=$_c"
  _s=$(grep -o 'luoshi_session=[0-9a-f]*' "$TMP/resp" | head -n 1)
  if [ "$WEB_STATUS" != 303 ] || [ -z "$_s" ]; then
    fail "login as $1 refused (status $WEB_STATUS)"
    return 1
  fi
  WEB_COOKIE=$_s
  # The session's own CSRF token is in every page's <meta name="csrf-token">.
  web_req GET /public
  WEB_CSRF=$(grep -o 'name="csrf-token" content="[0-9a-f]*"' "$TMP/body" | head -n 1 |
    sed 's/.*content="//; s/"$//')
}

# web_db FILE: a database at FILE (and DB=FILE) holding the sample decision, the seeded units
# and the decision's ledger — the start of every web suite's setup. Returns 1 when a step fails.
web_db() {
  DB=$1
  "$LUOSHI" --db "$DB" import "$ROOT/test/corpus/sichuan-2018-decision-page.txt" --quiet 2>/dev/null || return 1
  "$LUOSHI" --db "$DB" unit seed >/dev/null || return 1
  "$LUOSHI" --db "$DB" ledger create 1 >/dev/null || return 1
}
