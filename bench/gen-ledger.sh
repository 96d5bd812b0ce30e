#!/bin/bash
# bench/gen-ledger.sh LUOSHI DB ITEMS YEARS — a generated ledger for the benchmarks: the sample
# decision with ITEMS extra items spread over every unit, each with YEARS years of accepted
# monthly reports, written straight into SQLite (luoshi would take minutes to file millions of
# reports one by one). Does nothing when DB exists already.
set -euo pipefail
L=$1 db=$2 ITEMS=$3 YEARS=$4
[ -s "$db" ] && exit 0
echo "generating $ITEMS items with $YEARS years of monthly reports into $db ..."
rm -f "$db" "$db-wal" "$db-shm"
"$L" import test/corpus/sichuan-2018-decision-page.txt --db "$db" --quiet 2>/dev/null
"$L" unit seed --db "$db" >/dev/null
"$L" ledger create 1 --db "$db" >/dev/null
# The search index's triggers need luoshi's tokenizer, which the sqlite3 shell lacks: set
# them aside during the load, put them back, and let luoshi rebuild the index.
triggers=$(sqlite3 "$db" "select sql || ';' from sqlite_master where type='trigger' and name like 'items_fts%'")
sqlite3 "$db" "$(sqlite3 "$db" "select 'DROP TRIGGER ' || name || ';' from sqlite_master where type='trigger' and name like 'items_fts%'")"
sqlite3 "$db" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x < $ITEMS)
INSERT INTO ledger_items(doc_id, number, text, kind, lead_unit_id, deadline, created_at)
SELECT 1, 'g-' || x, '生成的任务' || x, 'other',
     1 + x % (SELECT count(*) FROM units),
     date('2019-06-30', '+' || (x % 2000) || ' days'), '2019-01-01T00:00:00Z'
FROM n;
WITH RECURSIVE m(k) AS (SELECT 0 UNION ALL SELECT k+1 FROM m WHERE k < $YEARS * 12 - 1)
INSERT INTO reports(item_id, period, unit_id, progress, state, created_by, submissions)
SELECT i.id, printf('%04d-%02d', 2019 + k / 12, k % 12 + 1), i.lead_unit_id,
     min(100, (k * 3 + i.id % 7) % 101), 'accepted', 'bench', 1
FROM ledger_items i, m WHERE i.number LIKE 'g-%';
COMMIT;
SQL
sqlite3 "$db" "$triggers"
"$L" ledger reindex --db "$db" >/dev/null
