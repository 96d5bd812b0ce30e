#!/bin/bash
# bench/gen-ledger.sh LUOSHI DB ITEMS YEARS [MONTHS] — a generated ledger for the benchmarks: the
# sample decision with ITEMS extra items spread over every unit, each with YEARS years of
# accepted monthly reports (or MONTHS months when it is given, any number from 1: YEARS is then
# not used), written straight into SQLite (luoshi would take minutes to file millions of
# reports one by one). Does nothing when DB exists already. The ledger is built in DB.part and
# renamed to DB once complete, so an interrupted run leaves no DB that later runs take as done.
# GEN_TEXT=sample gives the generated items the texts of the sample decision's items in turn
# (for bench/sheets.sh, whose import reads each row's text as a task: "生成的任务N" names none);
# the default is "生成的任务N".
set -euo pipefail
L=$1 db=$2 ITEMS=$3 YEARS=$4
MONTHS=${5:-$((YEARS * 12))}
[ -s "$db" ] && exit 0
echo "generating $ITEMS items with $MONTHS monthly reports each into $db ..."
part=$db.part
rm -f "$part" "$part-wal" "$part-shm" "$part-journal"
"$L" import test/corpus/sichuan-2018-decision-page.txt --db "$part" --quiet 2>/dev/null
"$L" unit seed --db "$part" >/dev/null
"$L" ledger create 1 --db "$part" >/dev/null
nSample=$(sqlite3 "$part" "select count(*) from ledger_items")
case ${GEN_TEXT:-} in
  sample) text="(SELECT s.text FROM ledger_items s WHERE s.id = 1 + x % $nSample)" ;;
  *) text="'生成的任务' || x" ;;
esac
# The search index's triggers need luoshi's tokenizer, which the sqlite3 shell lacks: set
# them aside during the load, put them back, and let luoshi rebuild the index.
triggers=$(sqlite3 "$part" "select sql || ';' from sqlite_master where type='trigger' and name like 'items_fts%'")
sqlite3 "$part" "$(sqlite3 "$part" "select 'DROP TRIGGER ' || name || ';' from sqlite_master where type='trigger' and name like 'items_fts%'")"
# The reports go in item by item (CROSS JOIN keeps the items outside), so that their ids and
# both indexes on (item_id, period) grow at the end: in period order every month would touch
# every leaf of the indexes, which is slow once they outgrow the page cache. The load runs
# with a rollback journal (pages added at the end of the file are not journaled) instead of
# writing every page twice through the WAL; the file is put back in WAL mode afterwards.
sqlite3 "$part" >/dev/null <<SQL
PRAGMA journal_mode=DELETE;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-262144;
BEGIN;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x < $ITEMS)
INSERT INTO ledger_items(doc_id, number, text, kind, lead_unit_id, deadline, created_at)
SELECT 1, 'g-' || x, $text, 'other',
     1 + x % (SELECT count(*) FROM units),
     date('2019-06-30', '+' || (x % 2000) || ' days'), '2019-01-01T00:00:00Z'
FROM n;
WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k+1 FROM m WHERE k < $MONTHS - 1)
INSERT INTO reports(item_id, period, unit_id, progress, state, created_by, submissions)
SELECT i.id, printf('%04d-%02d', 2019 + k / 12, k % 12 + 1), i.lead_unit_id,
     min(100, (k * 3 + i.id % 7) % 101), 'accepted', 'bench', 1
FROM ledger_items i CROSS JOIN m WHERE i.number LIKE 'g-%';
COMMIT;
PRAGMA journal_mode=WAL;
SQL
sqlite3 "$part" "$triggers"
"$L" ledger reindex --db "$part" >/dev/null
sqlite3 "$part" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
rm -f "$part-wal" "$part-shm"
mv "$part" "$db"
