# luoshi db copy: a deployment built through a real cycle (import, units, ledger, split and
# merge, reports with evidence, review, milestones, targets, warnings, escalation, requests,
# accountability, a saved assessment, web tokens) moves SQLite → PostgreSQL → SQLite with every
# row, the same audit chain and the same answers; the PostgreSQL copy takes new writes. A
# non-empty target, the source itself, a missing file, a bad URI, a table the copy does not
# know and a row the target refuses are all refused with the target left as it was, and no
# message shows a password. Each test that needs PostgreSQL starts a throwaway server of its
# own (test/tools/pgtemp.sh) and stops it however the test ends; the suite itself runs on the
# SQLite backend only, its PostgreSQL being its own.
BACKENDS="sqlite"

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
SECOND="$ROOT/test/corpus/notice-with-plan.txt"
PGTEMP="$ROOT/test/tools/pgtemp.sh"

# pg_start: a server of this test's own in a short directory under /tmp (PGDIR, its URI in
# PGURI), stopped by the EXIT trap of the test's subshell. Without PostgreSQL's binaries the
# test is skipped (returns 1 with .skipped set).
pg_start() {
  if [ -z "${PGTEMP_BINDIR:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    : >"$TMP/.skipped"
    return 1
  fi
  PGDIR=$(mktemp -d /tmp/ldc.XXXXXX) || { fail "mktemp"; return 1; }
  trap pg_stop EXIT
  PGURI=$("$PGTEMP" start "$PGDIR" 2>"$TMP/pg.err" | grep '^postgres' | tail -n 1)
  [ -n "$PGURI" ] || { fail "no PostgreSQL server: $(head -c 400 "$TMP/pg.err")"; return 1; }
}

pg_stop() {
  if [ -n "${PGDIR:-}" ] && [ -d "$PGDIR" ]; then
    "$PGTEMP" stop "$PGDIR" >/dev/null 2>&1 || rmdir "$PGDIR" 2>/dev/null
  fi
  PGDIR=
}

# pg_db NAME: a new database on the test's server; prints its URI
pg_db() { "$PGTEMP" createdb "$PGDIR" "$1"; }

# pg_content URI: a digest of everything the database holds (pg_dump's per-run \restrict key
# left out)
pg_content() { pg_dump --no-owner -d "$1" | grep -v '^\\\(un\)\?restrict ' | sha256sum; }

# deployment FILE: a database at FILE that has been through a real cycle
deployment() {
  local D=$1 r
  "$LUOSHI" --db "$D" import "$SAMPLE" --quiet 2>/dev/null || return 1
  "$LUOSHI" --db "$D" unit seed >/dev/null || return 1
  "$LUOSHI" --db "$D" ledger create 1 >/dev/null || return 1
  echo 'pass-word-1' | "$LUOSHI" --db "$D" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  echo 'pass-word-2' | "$LUOSHI" --db "$D" user add sup 督查员 supervisor >/dev/null || return 1
  "$LUOSHI" --db "$D" ledger assign 1 --lead 宜宾市人民政府 --deadline 2019-06-30 \
    --cooperating 省交通运输厅,省发展改革委 >/dev/null || return 1
  for i in 2 3 4 5 6; do
    "$LUOSHI" --db "$D" ledger assign "$i" --lead 宜宾市人民政府 --deadline 2019-03-31 >/dev/null || return 1
  done
  # sub-items (parent_id) and an item merged into a later one (merged_into points forward)
  "$LUOSHI" --db "$D" ledger split 3 --unit 翠屏区人民政府 --unit 叙州区人民政府 >/dev/null || return 1
  "$LUOSHI" --db "$D" ledger merge 6 4 >/dev/null || return 1
  printf 'acceptance record\n\000\001\002 binary tail\n' >"$TMP/evidence.bin"
  r=$("$LUOSHI" --db "$D" --as yb report file 1 --period 2019-03 --progress 30 --done 完成规划编制 \
    --evidence "$TMP/evidence.bin" --json | jq -r .report) || return 1
  "$LUOSHI" --db "$D" --as yb report submit "$r" >/dev/null || return 1
  "$LUOSHI" --db "$D" --as sup report accept "$r" >/dev/null || return 1
  r=$("$LUOSHI" --db "$D" --as yb report file 2 --period 2019-03 --progress 10 --json | jq -r .report) || return 1
  "$LUOSHI" --db "$D" --as yb report submit "$r" >/dev/null || return 1
  "$LUOSHI" --db "$D" --as sup report return "$r" --reason 补充材料 >/dev/null || return 1
  "$LUOSHI" --db "$D" milestone add 1 --due 2019-03-15 --title 完成规划编制 >/dev/null || return 1
  "$LUOSHI" --db "$D" milestone reach 1 --on 2019-03-14 >/dev/null || return 1
  "$LUOSHI" --db "$D" milestone add 2 --due 2019-03-20 --title 项目开工 >/dev/null || return 1
  # values that need every digit of a double
  "$LUOSHI" --db "$D" target add 1 --name 5G基站 --baseline 100.1 --baseline-date 2018-12-31 \
    --target 1000.0000000000002 --target-date 2020-12-31 --unit 个 >/dev/null || return 1
  "$LUOSHI" --db "$D" --as yb target report 1 --value 333.3333333333333 --as-of 2019-03-31 >/dev/null || return 1
  "$LUOSHI" --db "$D" warnings run --date 2019-04-15 >/dev/null || return 1
  "$LUOSHI" --db "$D" escalate run --date 2019-04-15 >/dev/null || return 1
  "$LUOSHI" --db "$D" --as yb request extension 2 --to 2019-12-31 --reason 工期调整 --date 2019-03-01 >/dev/null || return 1
  "$LUOSHI" --db "$D" --as sup request approve 1 --note 同意 >/dev/null || return 1
  "$LUOSHI" --db "$D" accountability add 5 --kind 约谈 --unit 宜宾市人民政府 --reason 进度滞后 >/dev/null || return 1
  "$LUOSHI" --db "$D" assess --period 2019Q1 --save >/dev/null || return 1
  "$LUOSHI" --db "$D" token sup >/dev/null || return 1
  "$LUOSHI" --db "$D" unit email 宜宾市人民政府 yb@example.org >/dev/null || return 1
}

# answers DB: what the deployment at DB answers, for comparing copies (one JSON document a line)
answers() {
  local D=$1
  "$LUOSHI" --db "$D" ledger list all --all --json
  "$LUOSHI" --db "$D" ledger list all --search 交通运输 --json
  "$LUOSHI" --db "$D" report list --json
  "$LUOSHI" --db "$D" report list 1 --json
  "$LUOSHI" --db "$D" tasks 1 --json
  "$LUOSHI" --db "$D" ledger tree 3 --json
  "$LUOSHI" --db "$D" milestone list --json
  "$LUOSHI" --db "$D" target list --json
  "$LUOSHI" --db "$D" warnings list --date 2019-04-15 --json
  "$LUOSHI" --db "$D" outbox list --json
  "$LUOSHI" --db "$D" assess list --json
  "$LUOSHI" --db "$D" unit list --json
  "$LUOSHI" --db "$D" audit verify --json
}

# the tables of the SQLite database FILE that a copy must move: all but SQLite's own, the
# search index and its shadow tables
sqlite_tables() {
  sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite!_%' \
    ESCAPE '!' AND name <> 'items_fts' AND name NOT LIKE 'items!_fts!_%' ESCAPE '!' ORDER BY name"
}

t_round_trip_sqlite_postgresql_sqlite() {
  deployment "$TMP/a.db" || { fail "building the deployment"; return 1; }
  pg_start || return 0
  P=$(pg_db copy1) || { fail "createdb"; return 1; }
  expect_status 0 "$LUOSHI" db copy --from "$TMP/a.db" --to "$P" --json || return 1
  cp "$TMP/out" "$TMP/to-pg.json"
  # every table of the schema is copied (a migration adding a table the copy lacks fails here),
  # each with all its rows
  expect_eq "$(jq -r '.tables[].name' "$TMP/to-pg.json" | sort | tr '\n' ' ')" \
    "$(sqlite_tables "$TMP/a.db" | sort | tr '\n' ' ')" "the tables copied"
  for t in $(jq -r '.tables[].name' "$TMP/to-pg.json"); do
    expect_eq "$(jq -r ".tables[] | select(.name==\"$t\") | .rows" "$TMP/to-pg.json")" \
      "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM $t")" "rows of $t"
    expect_eq "$(psql -X -A -t -d "$P" -c "SELECT count(*) FROM $t")" \
      "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM $t")" "rows of $t on PostgreSQL"
  done
  for t in evidence reports ledger_items audit_log target_values; do
    [ "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM $t")" -gt 0 ] || fail "the deployment has no $t"
  done
  head=$("$LUOSHI" --db "$TMP/a.db" audit verify --json | jq -r .head)
  expect_eq "$(jq -r .audit.head "$TMP/to-pg.json")" "$head" "the copy's head"
  expect_eq "$(jq -r .audit.entries "$TMP/to-pg.json")" \
    "$(sqlite3 "$TMP/a.db" 'SELECT count(*) FROM audit_log')" "the copy's entries"
  expect_contains "$(jq -r .to "$TMP/to-pg.json")" "postgresql://" "the target named"
  # and back into a new SQLite file, printed as text
  expect_status 0 "$LUOSHI" db copy --from "$P" --to "sqlite:$TMP/b.db" || return 1
  expect_contains "$(cat "$TMP/out")" "audit chain holds: " "the text output"
  expect_contains "$(cat "$TMP/out")" "head $head" "the text output's head"
  expect_contains "$(cat "$TMP/out")" \
    "ledger_items       $(sqlite3 "$TMP/a.db" 'SELECT count(*) FROM ledger_items')" \
    "the text output's counts"
  for d in "$TMP/a.db" "$P" "$TMP/b.db"; do
    expect_status 0 "$LUOSHI" --db "$d" audit verify
    expect_contains "$(cat "$TMP/out")" "head $head" "audit verify on $d"
  done
  answers "$TMP/a.db" >"$TMP/a.ans" 2>&1
  answers "$P" >"$TMP/p.ans" 2>&1
  answers "$TMP/b.db" >"$TMP/b.ans" 2>&1
  cmp -s "$TMP/a.ans" "$TMP/p.ans" || fail "PostgreSQL answers differently: $(diff "$TMP/a.ans" "$TMP/p.ans" | head -c 600)"
  cmp -s "$TMP/a.ans" "$TMP/b.ans" || fail "the round trip answers differently: $(diff "$TMP/a.ans" "$TMP/b.ans" | head -c 600)"
  # the evidence file comes back byte for byte (blob through bytea)
  expect_eq "$(sqlite3 "$TMP/b.db" 'SELECT hex(content) FROM evidence')" \
    "$(sqlite3 "$TMP/a.db" 'SELECT hex(content) FROM evidence')" "the evidence bytes"
  expect_eq "$(sqlite3 "$TMP/b.db" 'PRAGMA foreign_key_check')" "" "the references of the copy"
  # the PostgreSQL copy takes new rows of every numbered kind (its identity sequences moved on)
  expect_status 0 "$LUOSHI" --db "$P" import "$SECOND" --quiet || return 1
  expect_status 0 "$LUOSHI" --db "$P" ledger create 2 || return 1
  expect_status 0 "$LUOSHI" --db "$P" --as yb report file 2 --period 2019-04 --progress 20 --json || return 1
  expect_eq "$(jq -r .report "$TMP/out")" "$(($(sqlite3 "$TMP/a.db" 'SELECT max(id) FROM reports') + 1))" "the new report's id"
  expect_status 0 "$LUOSHI" --db "$P" milestone add 2 --due 2019-05-01 --title 新节点 || return 1
  expect_status 0 "$LUOSHI" --db "$P" unit add 新设单位 other || return 1
  expect_status 0 "$LUOSHI" --db "$P" audit verify
  # so does the SQLite copy, its search index rebuilt
  expect_status 0 "$LUOSHI" --db "$TMP/b.db" --as yb report file 2 --period 2019-04 --progress 20 || return 1
  expect_status 0 "$LUOSHI" --db "$TMP/b.db" audit verify
  # the source was only read
  expect_eq "$("$LUOSHI" --db "$TMP/a.db" audit verify --json | jq -r .head)" "$head" "the source's head"
  return 0
}

t_sqlite_to_sqlite() {
  deployment "$TMP/a.db" || { fail "building the deployment"; return 1; }
  expect_status 0 "$LUOSHI" db copy --from "sqlite:$TMP/a.db" --to "$TMP/c.db" --json || return 1
  expect_eq "$(jq -r '.tables[].name' "$TMP/out" | sort | tr '\n' ' ')" \
    "$(sqlite_tables "$TMP/a.db" | sort | tr '\n' ' ')" "the tables copied"
  expect_eq "$(jq -r .audit.head "$TMP/out")" \
    "$("$LUOSHI" --db "$TMP/a.db" audit verify --json | jq -r .head)" "the head"
  answers "$TMP/a.db" >"$TMP/a.ans" 2>&1
  answers "$TMP/c.db" >"$TMP/c.ans" 2>&1
  cmp -s "$TMP/a.ans" "$TMP/c.ans" || fail "the copy answers differently: $(diff "$TMP/a.ans" "$TMP/c.ans" | head -c 600)"
  expect_eq "$(sqlite3 "$TMP/c.db" 'PRAGMA integrity_check')" ok "integrity of the copy"
  # every copied table holds the same rows
  for t in $(sqlite_tables "$TMP/a.db"); do
    expect_eq "$(sqlite3 "$TMP/c.db" "SELECT * FROM $t" | sort | sha256sum)" \
      "$(sqlite3 "$TMP/a.db" "SELECT * FROM $t" | sort | sha256sum)" "the rows of $t"
  done
  return 0
}

t_a_table_the_copy_does_not_know_is_refused() {
  deployment "$TMP/a.db" || { fail "building the deployment"; return 1; }
  # as a migration would: a new table, with a row
  sqlite3 "$TMP/a.db" "CREATE TABLE later_feature(id INTEGER PRIMARY KEY, x TEXT); INSERT INTO later_feature(x) VALUES('y')"
  expect_status 1 "$LUOSHI" db copy --from "$TMP/a.db" --to "$TMP/c.db"
  expect_contains "$(cat "$TMP/err")" "holds the table later_feature" "the refusal"
  [ -e "$TMP/c.db" ] && fail "a refused copy left its new target behind"
  return 0
}

t_refused_and_failed_copies_leave_the_target_unchanged() {
  deployment "$TMP/a.db" || { fail "building the deployment"; return 1; }
  "$LUOSHI" --db "$TMP/b.db" import "$SECOND" --quiet 2>/dev/null || return 1
  before=$(sqlite3 "$TMP/b.db" .dump | sha256sum)
  expect_status 1 "$LUOSHI" db copy --from "$TMP/a.db" --to "$TMP/b.db"
  expect_contains "$(cat "$TMP/err")" "is not empty" "the refusal"
  expect_contains "$(cat "$TMP/err")" "the target is unchanged" "the refusal"
  expect_eq "$(sqlite3 "$TMP/b.db" .dump | sha256sum)" "$before" "the SQLite target"
  # a target with only a unit in it (no audit entry either)
  "$LUOSHI" --db "$TMP/u.db" audit verify >/dev/null || return 1
  sqlite3 "$TMP/u.db" "INSERT INTO units(name, kind) VALUES('某单位', 'other')"
  expect_status 1 "$LUOSHI" db copy --from "$TMP/a.db" --to "$TMP/u.db"
  expect_contains "$(cat "$TMP/err")" "its table units has rows" "the refusal names the table"
  pg_start || return 0
  P=$(pg_db full) || { fail "createdb"; return 1; }
  expect_status 0 "$LUOSHI" db copy --from "$TMP/a.db" --to "$P" || return 1
  before=$(pg_content "$P")
  expect_status 1 "$LUOSHI" db copy --from "$TMP/b.db" --to "$P"
  expect_contains "$(cat "$TMP/err")" "is not empty" "the refusal on PostgreSQL"
  expect_eq "$(pg_content "$P")" "$before" "the PostgreSQL target"
  # a copy that fails halfway (a value PostgreSQL refuses, in ledger_items: documents, blocks and
  # tasks are in by then) leaves nothing behind
  cp "$TMP/a.db" "$TMP/bad.db"
  sqlite3 "$TMP/bad.db" "UPDATE ledger_items SET measure='not a number' WHERE id=7"
  P2=$(pg_db halfway) || { fail "createdb"; return 1; }
  expect_status 1 "$LUOSHI" db copy --from "$TMP/bad.db" --to "$P2"
  expect_contains "$(cat "$TMP/err")" "copying the table ledger_items" "the failure names the table"
  for t in documents blocks tasks units audit_log; do
    expect_eq "$(psql -X -A -t -d "$P2" -c "SELECT count(*) FROM $t")" 0 "rows of $t after the failure"
  done
  # a reference to a row that is not there, in the source: the target's check at the end
  # refuses it (PostgreSQL: the deferred foreign keys; SQLite: foreign_key_check)
  cp "$TMP/a.db" "$TMP/dangling.db"
  sqlite3 "$TMP/dangling.db" "INSERT INTO item_cooperating(item_id, unit_id) VALUES (5, 99999)"
  expect_status 1 "$LUOSHI" db copy --from "$TMP/dangling.db" --to "$P2"
  expect_contains "$(cat "$TMP/err")" "the copy breaks a reference" "a dangling reference"
  expect_eq "$(psql -X -A -t -d "$P2" -c "SELECT count(*) FROM units")" 0 "units after the failure"
  expect_status 1 "$LUOSHI" db copy --from "$TMP/dangling.db" --to "$TMP/new.db"
  expect_contains "$(cat "$TMP/err")" "names a missing row of units" "a dangling reference"
  [ -e "$TMP/new.db" ] && fail "a failed copy left its new SQLite target behind"
  # ... and the empty target takes the good copy afterwards, its numbering untouched
  expect_status 0 "$LUOSHI" db copy --from "$TMP/a.db" --to "$P2"
  expect_status 0 "$LUOSHI" --db "$P2" unit add 新设单位 other --json
  expect_eq "$(jq -r .unit "$TMP/out")" "$(($(sqlite3 "$TMP/a.db" 'SELECT max(id) FROM units') + 1))" \
    "the next unit's id"
  return 0
}

t_same_database_bad_targets_and_passwords() {
  deployment "$TMP/a.db" || { fail "building the deployment"; return 1; }
  expect_status 1 "$LUOSHI" db copy --from "$TMP/a.db" --to "sqlite:$TMP/a.db"
  expect_contains "$(cat "$TMP/err")" "are the same database" "a file onto itself"
  ln -s "$TMP/a.db" "$TMP/link.db"
  expect_status 1 "$LUOSHI" db copy --from "$TMP/link.db" --to "$TMP/a.db"
  expect_contains "$(cat "$TMP/err")" "are the same database" "a file onto itself by a link"
  # a missing source: a clear error, and the target is not created
  expect_status 1 "$LUOSHI" db copy --from "$TMP/none.db" --to "$TMP/new.db"
  expect_contains "$(cat "$TMP/err")" "the source $TMP/none.db does not exist" "a missing source"
  [ -e "$TMP/none.db" ] && fail "the copy created its missing source"
  [ -e "$TMP/new.db" ] && fail "a failed copy left its target behind"
  # a source whose audit chain breaks (an entry edited behind the triggers) is refused
  cp "$TMP/a.db" "$TMP/forged.db"
  sqlite3 "$TMP/forged.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='x' WHERE seq=3"
  expect_status 1 "$LUOSHI" db copy --from "$TMP/forged.db" --to "$TMP/new.db"
  expect_contains "$(cat "$TMP/err")" "breaks at entry 3" "a broken chain"
  [ -e "$TMP/new.db" ] && fail "a refused copy left its target behind"
  # usage
  expect_status 2 "$LUOSHI" db
  expect_status 2 "$LUOSHI" db copy --from "$TMP/a.db"
  expect_status 2 "$LUOSHI" db copy --to "$TMP/a.db"
  expect_status 2 "$LUOSHI" db move --from "$TMP/a.db" --to "$TMP/x.db"
  expect_status 0 "$LUOSHI" db --help
  expect_contains "$(cat "$TMP/out")" "luoshi db copy --from SRC --to DST" "db --help"
  expect_status 0 "$LUOSHI" db copy --help
  expect_contains "$(cat "$TMP/out")" "--json" "db copy --help"
  pg_start || return 0
  # an unreachable server and a database that does not exist, with a password: never shown
  expect_status 1 "$LUOSHI" db copy --from "$TMP/a.db" \
    --to "postgresql://luoshi:s3cret-pw@/luoshi?host=/nonexistent-dir"
  expect_contains "$(cat "$TMP/err")" "cannot open the database" "a bad URI"
  expect_contains "$(cat "$TMP/err")" "luoshi:***@" "the redacted URI"
  grep -q s3cret-pw "$TMP/err" "$TMP/out" && fail "the password was shown: $(cat "$TMP/err")"
  expect_status 1 "$LUOSHI" db copy --from "postgresql://luoshi:s3cret-pw@/nosuchdb?host=$PGDIR" \
    --to "$TMP/new.db"
  expect_contains "$(cat "$TMP/err")" "nosuchdb" "a missing database"
  grep -q s3cret-pw "$TMP/err" "$TMP/out" && fail "the password was shown: $(cat "$TMP/err")"
  [ -e "$TMP/new.db" ] && fail "a failed copy left its target behind"
  expect_status 1 "$LUOSHI" db copy --from "$TMP/a.db" \
    --to "host=$PGDIR dbname=nosuchdb user=luoshi password=s3cret-pw"
  grep -q s3cret-pw "$TMP/err" "$TMP/out" && fail "the password was shown: $(cat "$TMP/err")"
  # one PostgreSQL database named two ways is still one database
  P=$(pg_db same) || { fail "createdb"; return 1; }
  expect_status 0 "$LUOSHI" db copy --from "$TMP/a.db" --to "$P" || return 1
  expect_status 1 "$LUOSHI" db copy --from "$P" \
    --to "host=$PGDIR dbname=same user=luoshi password=s3cret-pw"
  expect_contains "$(cat "$TMP/err")" "are the same database" "one PostgreSQL database"
  grep -q s3cret-pw "$TMP/err" "$TMP/out" && fail "the password was shown: $(cat "$TMP/err")"
  return 0
}
