#!/bin/bash
# bench/ledger.sh BUILD_DIR — the ledger at scale: 100,000 items with five years of monthly
# reports (6,000,000 reports), generated straight into SQLite, then timed:
#   - `luoshi warnings run` over every item (the rules read each item's latest report);
#   - listing one city's items (and its counties') with the index-backed unit filter, against
#     the naive way of listing everything and filtering outside (jq);
#   - listing the items with a red warning.
# Figures are the median wall time of RUNS runs (default 3). Not a test: it always exits 0
# unless it cannot run.
set -euo pipefail
B=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RUNS=${RUNS:-3}
ITEMS=${ITEMS:-100000}
YEARS=${YEARS:-5}
out=$B/bench
mkdir -p "$out"
db=$out/ledger-$ITEMS-$YEARS.db
L="$B/luoshi"

if [ ! -s "$db" ]; then
  echo "generating $ITEMS items with $YEARS years of monthly reports into $db ..."
  rm -f "$db" "$db-wal" "$db-shm"
  "$L" import test/corpus/sichuan-2018-decision-page.txt --db "$db" --quiet 2>/dev/null
  "$L" unit seed --db "$db" >/dev/null
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
fi

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
timeit() {   # label, command...
  local label=$1
  shift
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc)")
  done
  printf '  %-58s %8.3f s\n' "$label" "$(printf '%s\n' "${times[@]}" | median)"
}

items=$(sqlite3 "$db" 'select count(*) from ledger_items')
reports=$(sqlite3 "$db" 'select count(*) from reports')
echo "ledger at scale: $items items, $reports reports ($(du -h "$db" | cut -f1) on disk); median of $RUNS runs"
timeit "warnings run (every item, latest report each)" "$L" warnings run --date 2023-06-30 --db "$db"
timeit "ledger list: one city and its counties (unit filter)" "$L" ledger list all --unit 宜宾市人民政府 --json --db "$db"
naive() { "$L" ledger list all --json --db "$db" | jq '[.[] | select(.lead=="宜宾市人民政府" or (.lead|test("^(翠屏|南溪|叙州|江安|长宁|高县|珙县|筠连|兴文|屏山)")))]'; }
timeit "  the same, naively: list everything, filter outside (jq)" naive
timeit "ledger list: items with a red warning" "$L" ledger list all --warning red --json --db "$db"
n=$("$L" ledger list all --unit 宜宾市人民政府 --json --db "$db" | jq length)
echo "  (the city's list holds $n items)"
