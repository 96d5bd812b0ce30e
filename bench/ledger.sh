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

bash bench/gen-ledger.sh "$L" "$db" "$ITEMS" "$YEARS"

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
