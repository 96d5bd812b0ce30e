#!/bin/bash
# bench/sheets.sh BUILD_DIR — spreadsheet interchange at scale, against LibreOffice in the same
# run. The ledger: the sample decision plus ITEMS generated items (default 100,000), each with
# one accepted monthly report and the text of one of the sample's items (bench/gen-ledger.sh
# with GEN_TEXT=sample, cached in BUILD_DIR/bench/). Timed: the median wall and CPU (user +
# system) time of RUNS runs (default 3) and the largest peak RSS of those runs (GNU time):
#   - luoshi ledger export --xlsx, the office's 台账 sheet of the whole ledger;
#   - luoshi ledger export --csv;
#   - that sheet read back into an empty database (the unit tree only): `luoshi import` (the
#     task-division columns), `luoshi ledger create`, and `luoshi report import` of its
#     进展情况 column (one transaction);
#   - headless LibreOffice (soffice --convert-to, a profile of its own made by one untimed
#     conversion first) converting the same .xlsx to CSV, and to .xlsx (read and written again).
# Ratios: luoshi's time over LibreOffice's for the nearest work each does (reading the sheet in;
# writing an .xlsx; writing CSV), on wall and on CPU time: the machine may be shared, and CPU
# time is the steadier. A check counts the generated items' rows in each CSV. Not a test: it
# exits 0 whatever the figures, 1 only when it cannot run (no luoshi, no soffice, a step
# failing).
set -euo pipefail
export LC_ALL=C.UTF-8
B=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RUNS=${RUNS:-3}
ITEMS=${ITEMS:-100000}
if ! [[ "$RUNS" =~ ^[1-9][0-9]*$ && "$ITEMS" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench/sheets: RUNS and ITEMS are whole numbers from 1" >&2
  exit 2
fi
for tool in soffice sqlite3 /usr/bin/time; do
  command -v "$tool" >/dev/null ||
    { echo "bench/sheets: $tool is missing (sh scripts/install-deps.sh --bench)" >&2; exit 1; }
done
[ -x "$B/luoshi" ] || { echo "bench/sheets: $B/luoshi is missing: run make first" >&2; exit 1; }
out=$B/bench
work=$out/sheets
mkdir -p "$work"
# every run uses one copy of the binary, taken now, even if a build replaces $B/luoshi meanwhile
L=$work/luoshi
cp "$B/luoshi" "$L"
db=$out/ledger-$ITEMS-1month.db
GEN_TEXT=sample bash bench/gen-ledger.sh "$L" "$db" "$ITEMS" 0 1

median() {   # of the numbers on stdin, one a line
  sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# measure NAME BEFORE COMMAND...: run the shell command BEFORE (untimed: a fresh database, no
# stale output) then COMMAND under GNU time, RUNS times; sets WALL_NAME and CPU_NAME (median
# wall and user + system seconds, the process and its children) and RSS_NAME (the largest peak
# RSS of one process, MB). Exits 1 with COMMAND's messages when it fails.
measure() {
  local name=$1 before=$2 walls="" cpus="" rss=0 w m u k
  shift 2
  for _ in $(seq 1 "$RUNS"); do
    eval "$before"
    if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$@" >"$work/step.out" 2>"$work/step.err"; then
      echo "bench/sheets: '$*' failed:" >&2
      head -c 600 "$work/step.err" >&2
      exit 1
    fi
    read -r w m u k <"$work/time.txt"
    walls+="$w"$'\n'
    cpus+="$(awk -v u="$u" -v k="$k" 'BEGIN { print u + k }')"$'\n'
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf -v "WALL_$name" '%s' "$(printf '%s' "$walls" | median)"
  printf -v "CPU_$name" '%s' "$(printf '%s' "$cpus" | median)"
  printf -v "RSS_$name" '%s' "$((rss / 1024))"
}

row() {   # LABEL NAME [NOTE]
  local w="WALL_$2" c="CPU_$2" r="RSS_$2"
  printf '  %-46s %7.2f s %7.2f s %6s MB  %s\n' "$1" "${!w}" "${!c}" "${!r}" "${3:-}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0) ? a / b : 0 }'; }
mb() { awk -v n="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", n / 1048576 }'; }

xlsx=$work/ledger.xlsx
lo=$work/lo-out
# LibreOffice with a profile of its own, 30 minutes at most a conversion
SOFFICE=(timeout 1800 soffice "-env:UserInstallation=file://$(cd "$work" && pwd)/lo-profile"
  --headless --norestore)

# the empty database the imports start from: the unit tree only
rm -f "$work/empty.db" "$work/empty.db-wal" "$work/empty.db-shm"
"$L" unit seed --db "$work/empty.db" >/dev/null
fresh() { rm -f "$work/in.db" "$work/in.db-wal" "$work/in.db-shm"; cp "$work/empty.db" "$work/in.db"; }

items=$(sqlite3 "$db" 'select count(*) from ledger_items')
echo "spreadsheet interchange: $items items (the sample decision's and $ITEMS generated), median of $RUNS runs"
echo "  $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(soffice --version 2>/dev/null | head -n 1)"

measure XLSX "rm -f '$xlsx'" "$L" ledger export 1 --xlsx "$xlsx" --db "$db"
measure CSV "rm -f '$work/ledger.csv'" "$L" ledger export 1 --csv "$work/ledger.csv" --db "$db"
measure IMPORT fresh "$L" import "$xlsx" --quiet --db "$work/in.db"
# ledger create and report import start from the imported document: copy it once
cp "$work/in.db" "$work/imported.db"
measure CREATE "rm -f '$work/in.db-wal' '$work/in.db-shm'; cp '$work/imported.db' '$work/in.db'" \
  "$L" ledger create 1 --db "$work/in.db"
cp "$work/in.db" "$work/created.db"
measure REPORTS "rm -f '$work/in.db-wal' '$work/in.db-shm'; cp '$work/created.db' '$work/in.db'" \
  "$L" report import "$xlsx" --doc 1 --period 2019-01 --db "$work/in.db"
filed=$(sed -n 's/^\([0-9]*\) reports filed.*/\1/p' "$work/step.out")

# LibreOffice: one untimed conversion makes its profile
mkdir -p "$lo"
printf 'a,b\n1,2\n' >"$work/warm.csv"
"${SOFFICE[@]}" --convert-to xlsx --outdir "$lo" "$work/warm.csv" >/dev/null 2>&1 || { echo "bench/sheets: soffice does not run" >&2; exit 1; }
measure LOCSV "rm -f '$lo/ledger.csv'" "${SOFFICE[@]}" \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' --outdir "$lo" "$xlsx"
measure LOXLSX "rm -f '$lo/ledger.xlsx'" "${SOFFICE[@]}" \
  --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$lo" "$xlsx"

ours=$(grep -c '^g-' "$work/ledger.csv" || true)
theirs=$(grep -c '^g-' "$lo/ledger.csv" || true)
printf '  %-46s %9s %9s %9s\n' "" wall cpu "peak RSS"
row "luoshi ledger export --xlsx" XLSX "($(mb "$xlsx"))"
row "luoshi ledger export --csv" CSV "($(mb "$work/ledger.csv"))"
row "luoshi import of the .xlsx (empty database)" IMPORT
row "luoshi ledger create" CREATE
row "luoshi report import of its progress" REPORTS "($filed reports filed)"
row "LibreOffice: .xlsx to CSV" LOCSV "($(mb "$lo/ledger.csv"))"
row "LibreOffice: .xlsx to .xlsx" LOXLSX "($(mb "$lo/ledger.xlsx"))"
sum() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { print a + b + c }'; }
readin=$(sum "$WALL_IMPORT" "$WALL_CREATE" "$WALL_REPORTS")
readinCpu=$(sum "$CPU_IMPORT" "$CPU_CREATE" "$CPU_REPORTS")
echo "  luoshi's time over LibreOffice's for the same sheet (below 1: luoshi is faster):"
printf '    %-76s %5s %5s\n' "" wall cpu \
  "luoshi reading it in (import + create + report import) / LibreOffice to CSV" \
  "$(ratio "$readin" "$WALL_LOCSV")" "$(ratio "$readinCpu" "$CPU_LOCSV")" \
  "luoshi writing it (export --xlsx) / LibreOffice reading and writing it" \
  "$(ratio "$WALL_XLSX" "$WALL_LOXLSX")" "$(ratio "$CPU_XLSX" "$CPU_LOXLSX")" \
  "luoshi export --csv (from the database) / LibreOffice to CSV (from the sheet)" \
  "$(ratio "$WALL_CSV" "$WALL_LOCSV")" "$(ratio "$CPU_CSV" "$CPU_LOCSV")"
echo "  check: generated rows in luoshi's CSV $ours, in LibreOffice's CSV $theirs (want $ITEMS)"
