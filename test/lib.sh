# Shell test helpers, sourced by test/run.sh and the suites under test/e2e and test/golden.
#
# A suite is a file of shell functions named t_*; run.sh calls each in a subshell with
# LUOSHI (the program to run), BUILD_DIR (the build under test, with the test tools),
# LUOSHI_TEST_DB (the backend: sqlite or postgresql), TMP (a fresh directory) and ROOT (the
# checkout) set. A test fails when its function returns non-zero or calls fail (directly or
# through an expect_* helper), even when the function goes on and returns 0. Helpers print what
# differs.
#
# Tests name databases by SQLite file paths (--db "$TMP/x.db") whatever the backend: with
# postgresql, LUOSHI is test/tools/luoshi-db, which gives each path a database of its own on
# the test server. `sql PATH SQL` reads or writes the database behind such a path; SQL there
# must run on both backends (no PRAGMA, rowid, sqlite_master, json_extract: read JSON columns
# with jq). A suite that only makes sense on SQLite (its files, WAL, backups) sets
# BACKENDS="sqlite" at its top; one test of that kind starts with `only_sqlite || return 0`.
# A suite that needs PostgreSQL (several processes on one database, a server restarted under
# them) sets BACKENDS="postgresql"; with it, run.sh exports PGTEMP (test/tools/pgtemp.sh) and
# LUOSHI_TEST_PGDIR (the server's directory, for `"$PGTEMP" restart "$LUOSHI_TEST_PGDIR"`).
# run.sh counts such tests and suites as skipped on the other backend.

LUOSHI_TEST_DB=${LUOSHI_TEST_DB:-sqlite}
BUILD_DIR=${BUILD_DIR:-$(dirname "${LUOSHI:-build/luoshi}")}

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

# ---- the database behind a test's path -------------------------------------------------------
# sql PATH SQL...: run SQL (the arguments, joined by spaces) on the database PATH names and print
# its rows as sqlite3 does by default: one a line, columns joined by '|', NULL as nothing. The
# exit status is non-zero when a statement fails (its message on stderr). SQLite: sqlite3 on
# the file; PostgreSQL: psql on the database test/tools/luoshi-db maps PATH to.
sql() {
  local _path=$1 _uri
  shift
  if [ "$LUOSHI_TEST_DB" = postgresql ]; then
    _uri=$("$ROOT/test/tools/luoshi-db" --uri "$_path") || return 1
    printf '%s\n' "$*" | psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$_uri" -f -
  else
    sqlite3 "$_path" "$*"
  fi
}

# sql_unguarded PATH SQL...: sql with the audit log's append-only guard lifted, as someone with
# direct access to the database could: SQLite drops the guarding triggers for good, PostgreSQL
# runs the statements in a session that fires no triggers (session_replication_role = replica).
sql_unguarded() {
  local _path=$1
  shift
  if [ "$LUOSHI_TEST_DB" = postgresql ]; then
    sql "$_path" "SET session_replication_role = replica; $*"
  else
    sql "$_path" "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; $*"
  fi
}

# db_bytes PATH: everything the database PATH names holds, for grep: the SQLite file and its
# WAL as they are, or a pg_dump of the PostgreSQL database
db_bytes() {
  if [ "$LUOSHI_TEST_DB" = postgresql ]; then
    local _uri
    _uri=$("$ROOT/test/tools/luoshi-db" --uri "$1") || return 1
    pg_dump --no-owner -d "$_uri"
    return
  fi
  cat "$1" "$1-wal" 2>/dev/null
  return 0
}

# only_sqlite: for a test that only makes sense on SQLite (it reads the file, its WAL, a
# backup): `only_sqlite || return 0` ends it, counted as skipped, on another backend.
only_sqlite() {
  [ "$LUOSHI_TEST_DB" = sqlite ] && return 0
  : >"$TMP/.skipped"
  return 1
}

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
