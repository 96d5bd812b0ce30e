# luoshi backup and restore: online backups while a writer files reports and while `luoshi
# serve` runs; each backup passes integrity_check and the audit chain and holds every report
# acknowledged before it began; restore checks the file first, refuses to replace data without
# --force or a database in use, and leaves the target untouched when the backup is damaged.
# Backups are SQLite files, read here with sqlite3: SQLite only.
BACKENDS="sqlite"

SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"

# a ledger with a reporter (yb) whose unit leads items $ITEMS (five of them)
setup_backup() {
  DB=$TMP/l.db
  "$LUOSHI" --db "$DB" import "$SAMPLE" --quiet 2>/dev/null || return 1
  "$LUOSHI" --db "$DB" unit seed >/dev/null || return 1
  "$LUOSHI" --db "$DB" ledger create 1 >/dev/null || return 1
  echo 'pass-word-1' | "$LUOSHI" --db "$DB" user add yb 宜宾填报员 reporter --unit 宜宾市人民政府 >/dev/null || return 1
  echo 'pass-word-2' | "$LUOSHI" --db "$DB" user add sup 督查员 supervisor >/dev/null || return 1
  ITEMS="1 2 3 4 5"
  for i in $ITEMS; do
    "$LUOSHI" --db "$DB" ledger assign "$i" --lead 宜宾市人民政府 >/dev/null || return 1
  done
}

# writer N: file N reports as yb through the CLI, printing each acknowledged report's id (one
# line, after the command succeeded) on stdout
writer() {
  local n=0 m i id
  for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    for i in $ITEMS; do
      [ "$n" -ge "$1" ] && return 0
      id=$("$LUOSHI" --db "$DB" --as yb report file "$i" --period "2019-$m" --progress 10 --json |
        jq -r .report) || return 1
      echo "$id"
      n=$((n + 1))
    done
  done
}

# read_acks N: read N more acknowledgements from the writer's fifo (fd 8) into ACKED
read_acks() {
  local k line
  for ((k = 0; k < $1; k++)); do
    read -r -t 60 line <&8 || { fail "the writer stopped after ${ACKED:-none}"; return 1; }
    ACKED="$ACKED $line"
  done
}

# check_backup FILE: integrity and the chain (the backup's own check, again, and audit verify
# on a copy), and every report in ACKED in it
check_backup() {
  expect_eq "$(sqlite3 -readonly "$1" 'PRAGMA integrity_check')" ok "integrity of $1" || return 1
  cp "$1" "$TMP/verify.db"
  expect_status 0 "$LUOSHI" --db "$TMP/verify.db" audit verify || return 1
  local id
  for id in $ACKED; do
    expect_eq "$(sqlite3 -readonly "$1" "SELECT count(*) FROM reports WHERE id=$id")" 1 \
      "report $id, acknowledged before the backup, in $1" || return 1
  done
}

t_backup_while_a_writer_files_reports() {
  setup_backup || return 1
  mkfifo "$TMP/acks"
  writer 40 >"$TMP/acks" 2>"$TMP/writer.err" &
  local wpid=$!
  exec 8<"$TMP/acks"
  ACKED=""
  local k
  for k in 1 2 3; do
    read_acks 5 || break
    # the backup begins after these acknowledgements; the writer goes on meanwhile
    expect_status 0 "$LUOSHI" --db "$DB" backup "$TMP/b$k.db" --json || break
    expect_eq "$(jq -r '.integrity and .audit.ok' "$TMP/out")" true "backup $k checked itself"
    n=$(jq -r .counts.reports "$TMP/out")
    [ "$n" -ge "$(echo $ACKED | wc -w)" ] || fail "backup $k holds $n reports, fewer than acknowledged"
    expect_eq "$(jq -r .audit.head "$TMP/out")" \
      "$(sqlite3 -readonly "$TMP/b$k.db" 'SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')" \
      "backup $k's head hash"
    check_backup "$TMP/b$k.db"
    [ -e "$TMP/b$k.db.tmp" ] && fail "backup $k left its .tmp behind"
  done
  cat <&8 >/dev/null  # let the writer finish
  exec 8<&-
  wait "$wpid"
  expect_eq $? 0 "the writer's status ($(cat "$TMP/writer.err"))"
  expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM reports')" 40 "reports written in all"
  expect_status 0 "$LUOSHI" --db "$DB" audit verify
}

t_backup_prints_pages_head_and_counts() {
  setup_backup || return 1
  expect_status 0 "$LUOSHI" --db "$DB" backup "$TMP/b.db" || return 1
  head=$("$LUOSHI" --db "$DB" audit verify --json | jq -r .head)
  expect_contains "$(cat "$TMP/out")" "pages" "the page count"
  expect_contains "$(cat "$TMP/out")" "head $head" "the head hash"
  expect_contains "$(cat "$TMP/out")" "documents 1, ledger_items 497, reports 0" "the counts"
  # a missing database is not created by a backup of it
  expect_status 1 "$LUOSHI" --db "$TMP/none.db" backup "$TMP/c.db"
  [ -e "$TMP/none.db" ] && fail "backup created the database it was asked to copy"
  [ -e "$TMP/c.db" ] && fail "a backup of nothing"
  expect_status 2 "$LUOSHI" --db "$DB" backup
  # the remains of a backup cut short (FILE.tmp) are replaced; a backup that fails leaves the
  # previous FILE as it was
  head -c 1000 "$TMP/b.db" >"$TMP/b.db.tmp"
  expect_status 0 "$LUOSHI" --db "$DB" backup "$TMP/b.db"
  [ -e "$TMP/b.db.tmp" ] && fail "the old .tmp is still there"
  before=$(sha256sum <"$TMP/b.db")
  mkdir "$TMP/b.db.tmp"
  expect_status 1 "$LUOSHI" --db "$DB" backup "$TMP/b.db"
  expect_eq "$(sha256sum <"$TMP/b.db")" "$before" "the previous backup after a failed one"
  rmdir "$TMP/b.db.tmp"
}

t_restore_into_a_new_path_and_refuse_to_overwrite() {
  setup_backup || return 1
  "$LUOSHI" --db "$DB" --as yb report file 1 --period 2019-01 --progress 10 >/dev/null || return 1
  "$LUOSHI" --db "$DB" backup "$TMP/b.db" --json >"$TMP/backup.json" || return 1
  expect_status 0 "$LUOSHI" --db "$TMP/new.db" restore "$TMP/b.db" --json || return 1
  expect_eq "$(jq -c .counts "$TMP/out")" "$(jq -c .counts "$TMP/backup.json")" "restored counts"
  expect_eq "$(jq -r .audit.head "$TMP/out")" "$(jq -r .audit.head "$TMP/backup.json")" "head"
  expect_status 0 "$LUOSHI" --db "$TMP/new.db" audit verify || return 1
  expect_eq "$(jq -r .head <("$LUOSHI" --db "$TMP/new.db" audit verify --json))" \
    "$(jq -r .audit.head "$TMP/backup.json")" "audit verify's head on the restored database"
  for t in documents ledger_items reports audit_log; do
    expect_eq "$(sqlite3 "$TMP/new.db" "SELECT count(*) FROM $t")" \
      "$(sqlite3 "$DB" "SELECT count(*) FROM $t")" "$t"
  done
  # the restored database works: the reporter goes on filing
  expect_status 0 "$LUOSHI" --db "$TMP/new.db" --as yb report file 1 --period 2019-02 --progress 20
  # over a database with data: refused, untouched; --force replaces it
  "$LUOSHI" --db "$DB" --as yb report file 2 --period 2019-01 --progress 10 >/dev/null
  before=$(sha256sum <"$DB")
  expect_status 1 "$LUOSHI" --db "$DB" restore "$TMP/b.db"
  expect_contains "$(cat "$TMP/err")" "give --force" "the refusal"
  expect_eq "$(sha256sum <"$DB")" "$before" "the database after the refusal"
  expect_status 0 "$LUOSHI" --db "$DB" restore "$TMP/b.db" --force
  expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM reports')" 1 "reports after --force"
  expect_status 0 "$LUOSHI" --db "$DB" audit verify
  [ -e "$DB.tmp" ] && fail "restore left its .tmp behind"
  return 0
}

t_restore_refuses_a_truncated_or_forged_backup() {
  setup_backup || return 1
  "$LUOSHI" --db "$DB" backup "$TMP/b.db" >/dev/null || return 1
  cp "$TMP/b.db" "$TMP/target.db"
  "$LUOSHI" --db "$TMP/target.db" audit verify >/dev/null || return 1  # back into WAL, in use
  before=$(sha256sum <"$TMP/target.db")
  head -c $(($(stat -c %s "$TMP/b.db") / 2)) "$TMP/b.db" >"$TMP/half.db"
  expect_status 1 "$LUOSHI" --db "$TMP/target.db" restore "$TMP/half.db" --force
  expect_contains "$(cat "$TMP/err")" "the backup $TMP/half.db" "the message names the backup"
  expect_contains "$(cat "$TMP/err")" "is untouched" "the message says the target is untouched"
  expect_eq "$(sha256sum <"$TMP/target.db")" "$before" "the target after a truncated backup"
  printf 'not a database at all, not a database at all, not one.' >"$TMP/junk.db"
  expect_status 1 "$LUOSHI" --db "$TMP/target.db" restore "$TMP/junk.db" --force
  expect_eq "$(sha256sum <"$TMP/target.db")" "$before" "the target after a junk backup"
  # an audit entry edited in the backup (the triggers bypassed): the chain breaks, refused
  cp "$TMP/b.db" "$TMP/forged.db"
  sqlite3 "$TMP/forged.db" "DROP TRIGGER audit_log_no_update;
    UPDATE audit_log SET actor='someone' WHERE seq=3"
  if [ "$(sqlite3 "$TMP/forged.db" "SELECT actor FROM audit_log WHERE seq=3")" = someone ]; then
    expect_status 1 "$LUOSHI" --db "$TMP/target.db" restore "$TMP/forged.db" --force
    expect_contains "$(cat "$TMP/err")" "audit chain breaks at entry 3" "a forged chain"
    expect_eq "$(sha256sum <"$TMP/target.db")" "$before" "the target after a forged backup"
  else
    fail "could not forge the test backup (trigger name?)"
  fi
  # a backup from a newer luoshi
  cp "$TMP/b.db" "$TMP/newer.db"
  sqlite3 "$TMP/newer.db" "PRAGMA user_version=999"
  expect_status 1 "$LUOSHI" --db "$TMP/fresh.db" restore "$TMP/newer.db"
  expect_contains "$(cat "$TMP/err")" "newer than this luoshi" "a newer schema"
  [ -e "$TMP/fresh.db" ] && fail "a refused restore created its target"
  # a target that is no database: refused without --force, replaced with it
  printf 'notes, not a database' >"$TMP/notes.db"
  expect_status 1 "$LUOSHI" --db "$TMP/notes.db" restore "$TMP/b.db"
  expect_eq "$(cat "$TMP/notes.db")" "notes, not a database" "a file that is no database"
  expect_status 0 "$LUOSHI" --db "$TMP/notes.db" restore "$TMP/b.db" --force
  expect_status 0 "$LUOSHI" --db "$TMP/notes.db" audit verify
  return 0
}

t_backup_while_serve_runs_and_restore_refused_under_it() {
  setup_backup || return 1
  ACKED=""
  coproc SERVE { exec "$LUOSHI" --db "$DB" serve --listen 127.0.0.1:0 2>"$TMP/serve.err"; }
  local spid=$SERVE_PID line
  read -r line <&"${SERVE[0]}"
  BASE=$(printf '%s' "$line" | grep -o 'http://[0-9.:]*')
  [ -n "$BASE" ] || { fail "serve printed no address: [$line] $(cat "$TMP/serve.err")"; return 1; }
  tok=$("$LUOSHI" --db "$DB" token sup)
  expect_eq "$(curl -s -H "Authorization: Bearer $tok" "$BASE/api/v1/items?limit=3" | jq '.items | length')" 3 "API before"
  expect_status 0 "$LUOSHI" --db "$DB" backup "$TMP/b.db" --json
  expect_eq "$(jq -r .integrity "$TMP/out")" true "the backup under serve"
  expect_eq "$(curl -s -H "Authorization: Bearer $tok" "$BASE/api/v1/items?limit=3" | jq '.items | length')" 3 "API after"
  # the token made while serving is in the backup (its audit entry and its row)
  expect_eq "$(sqlite3 -readonly "$TMP/b.db" 'SELECT count(*) FROM api_tokens')" 1 "the token"
  check_backup "$TMP/b.db"
  # restoring under the running server is refused, its database untouched
  expect_status 1 "$LUOSHI" --db "$DB" restore "$TMP/b.db" --force
  expect_contains "$(cat "$TMP/err")" "in use by another process" "restore under serve"
  expect_eq "$(curl -s -H "Authorization: Bearer $tok" "$BASE/api/v1/items?limit=3" | jq '.items | length')" 3 "API after the refused restore"
  kill -TERM "$spid"
  wait "$spid"
  expect_eq $? 0 "serve's exit status"
  expect_status 0 "$LUOSHI" --db "$DB" audit verify
}
