#!/bin/bash
# bench/run.sh BUILD_DIR — the benchmark that `make bench` runs (see bench/README.md).
#
# Measures, on one corpus of newspaper-page policy text built by bench/make-corpus.sh (cached
# in BUILD_DIR/bench/):
#   - luoshi: `luoshi import CORPUS --dry-run --quiet`, the whole reading pipeline (decode,
#     reflow, structure, extract) as one process: median wall time of RUNS runs, CPU time and
#     peak RSS (GNU time, /usr/bin/time -v); and its fixed cost (start-up, data load), the
#     median of a run on a tiny file, subtracted to give the pipeline's own throughput;
#   - the peer, Debian's libfriso segmenting the same corpus line by line (bench/friso_seg.c,
#     compiled here with cc into BUILD_DIR/bench/), complex (MMSEG, the shipped default) and
#     simple (maximum matching) modes, dictionary load excluded, median of RUNS runs.
# It prints one table and checks the project's goals (≥ 50 MB/s on one thread, peak memory
# ≤ 4× the input), PASS or MISS. A benchmark is not a test: missed goals still exit 0; only a
# benchmark that cannot run (no luoshi, luoshi failing on the corpus) exits 1.
#
# MB means 2^20 bytes throughout. Environment: RUNS (default 3), CORPUS_MB (default 32).
# Needs what `make deps-bench` installs: friso, friso-dict, libfriso-dev and time (without
# the last, peak memory is not measured; without friso, the peer rows are skipped).
set -euo pipefail
export LC_ALL=C

B=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RUNS=${RUNS:-3}
CORPUS_MB=${CORPUS_MB:-32}
out=$B/bench
luoshi=$B/luoshi
mkdir -p "$out"
if [ ! -x "$luoshi" ]; then
  echo "bench: $luoshi is missing: run make first" >&2
  exit 1
fi

# ---- helpers ---------------------------------------------------------------------------------

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan";
  else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.6f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now_ns() { date +%s%N; }
fmt() { awk -v x="$1" -v f="$2" 'BEGIN { printf f, x }'; }   # fmt VALUE PRINTF-FORMAT
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%.6f\n", a / b }'; }
have_time=0
[ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 && have_time=1

# run_luoshi FILE MODE: one timed run; sets T (wall seconds), RSS_KB, CPU_S. Exits 1 on failure.
run_luoshi() {
  local file=$1 mode=$2 t0 t1 rc=0
  t0=$(now_ns)
  if [ $have_time = 1 ]; then
    /usr/bin/time -v -o "$out/time.txt" "$luoshi" import "$file" --dry-run "$mode" \
      >"$out/luoshi.out" 2>"$out/luoshi.err" || rc=$?
  else
    "$luoshi" import "$file" --dry-run "$mode" >"$out/luoshi.out" 2>"$out/luoshi.err" || rc=$?
  fi
  t1=$(now_ns)
  if [ $rc -ne 0 ]; then
    echo "bench: luoshi import $file failed (exit $rc):" >&2
    cat "$out/luoshi.err" >&2
    exit 1
  fi
  T=$(div $((t1 - t0)) 1000000000)
  RSS_KB=nan
  CPU_S=nan
  if [ $have_time = 1 ]; then
    RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/time.txt")
    CPU_S=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 }
      END { printf "%.2f+%.2f\n", u, s }' "$out/time.txt")
  fi
}

# ---- the corpus, rebuilt only when the script, the size or a source changed -----------------

corpus=$out/corpus.txt
key=$( { cat bench/make-corpus.sh; echo "$CORPUS_MB";
         for f in test/corpus/*.txt test/corpus/variants/*.txt; do
           if [ -f "$f" ]; then echo "$f"; cat "$f"; fi
         done; } | md5sum | cut -d' ' -f1)
if [ ! -s "$corpus" ] || [ "$(cat "$out/corpus.key" 2>/dev/null)" != "$key" ]; then
  bash bench/make-corpus.sh "$corpus" "$CORPUS_MB"
  echo "$key" > "$out/corpus.key"
fi
nByte=$(stat -c %s "$corpus")
mb=$(div "$nByte" 1048576)

# A tiny document for luoshi's fixed cost: the first 40 lines of the first source.
tiny=$out/tiny.txt
first=$(ls test/corpus/*.txt | sort | head -n 1)
head -n 40 "$first" > "$tiny"

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "luoshi bench: $(nproc) cores, ${cpu:-unknown CPU}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $corpus, $(fmt "$mb" %.1f) MB ($nByte bytes); $RUNS runs each, medians"

# ---- luoshi ----------------------------------------------------------------------------------

run_luoshi "$corpus" --summary     # warm-up (page cache), and what was read
echo "luoshi read: $(cat "$out/luoshi.out")"
: > "$out/l.t"; : > "$out/l.rss"; : > "$out/l.cpu"
for ((i = 0; i < RUNS; i++)); do
  run_luoshi "$corpus" --quiet
  echo "$T" >> "$out/l.t"; echo "$RSS_KB" >> "$out/l.rss"; echo "$CPU_S" >> "$out/l.cpu"
done
lT=$(median < "$out/l.t")
lRss=$(sort -g "$out/l.rss" | tail -n 1)
lCpu=$(paste -sd' ' "$out/l.cpu")

: > "$out/f.t"
for ((i = 0; i < 11; i++)); do run_luoshi "$tiny" --quiet; echo "$T" >> "$out/f.t"; done
fT=$(median < "$out/f.t")
fRss=$RSS_KB
netT=$(awk -v a="$lT" -v b="$fT" 'BEGIN { printf "%.6f\n", a - b }')
lMBs=$(div "$mb" "$lT")
netMBs=$(div "$mb" "$netT")
rssX=$(awk -v k="$lRss" -v n="$nByte" 'BEGIN { if (k == "nan") print "nan"; else printf "%.2f\n", k * 1024 / n }')

# ---- friso -----------------------------------------------------------------------------------

friso_ok=0
if pkg-config --exists friso && [ -f /etc/friso/friso.ini ]; then
  # shellcheck disable=SC2046
  if cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra $(pkg-config --cflags friso) \
       -o "$out/friso_seg" bench/friso_seg.c $(pkg-config --libs friso); then
    friso_ok=1
  fi
fi
if [ $friso_ok = 1 ]; then
  for mode in 2 1; do
    : > "$out/s$mode.t"; : > "$out/s$mode.load"
    for ((i = 0; i < RUNS; i++)); do
      line=$("$out/friso_seg" "$corpus" /etc/friso/friso.ini $mode)
      echo "$line" | tr ' ' '\n' | awk -F= '$1 == "seg_s" { print $2 }' >> "$out/s$mode.t"
      echo "$line" | tr ' ' '\n' | awk -F= '$1 == "load_s" { print $2 }' >> "$out/s$mode.load"
      tokens=$(echo "$line" | tr ' ' '\n' | awk -F= '$1 == "tokens" { print $2 }')
    done
    eval "s${mode}T=\$(median < \"\$out/s$mode.t\")"
    eval "s${mode}Load=\$(median < \"\$out/s$mode.load\")"
    eval "s${mode}Tok=\$tokens"
  done
  s2MBs=$(div "$mb" "$s2T")
  s1MBs=$(div "$mb" "$s1T")
fi

# ---- the table -------------------------------------------------------------------------------

row() { printf '  %-44s %9s %9s   %s\n' "$@"; }
echo
row "" "seconds" "MB/s" ""
row "luoshi import --dry-run --quiet (process)" "$(fmt "$lT" %.3f)" "$(fmt "$lMBs" %.2f)" \
  "CPU user+sys per run: $lCpu s"
row "luoshi fixed cost (tiny file, start-up+data)" "$(fmt "$fT" %.3f)" "" \
  "peak RSS $(fmt "$fRss" %.0f) KB"
row "luoshi import, fixed cost excluded" "$(fmt "$netT" %.3f)" "$(fmt "$netMBs" %.2f)" ""
if [ $friso_ok = 1 ]; then
  row "friso complex (MMSEG) segmenting" "$(fmt "$s2T" %.3f)" "$(fmt "$s2MBs" %.2f)" \
    "$s2Tok tokens; dictionary load $(fmt "$s2Load" %.2f) s excluded"
  row "friso simple (max. matching) segmenting" "$(fmt "$s1T" %.3f)" "$(fmt "$s1MBs" %.2f)" \
    "$s1Tok tokens; dictionary load $(fmt "$s1Load" %.2f) s excluded"
  echo
  echo "  ratio luoshi/friso complex: $(fmt "$(div "$netMBs" "$s2MBs")" %.2f)" \
    "(luoshi net MB/s over friso MB/s); luoshi/friso simple: $(fmt "$(div "$netMBs" "$s1MBs")" %.2f)"
else
  echo
  echo "  friso: not measured (needs libfriso-dev, friso-dict and /etc/friso/friso.ini:" \
    "make deps-bench)"
fi
if [ "$lRss" = nan ]; then
  echo "  luoshi peak RSS: not measured (needs GNU time, /usr/bin/time: make deps-bench)"
else
  echo "  luoshi peak RSS: $(fmt "$(div "$lRss" 1024)" %.0f) MB = $(fmt "$rssX" %.2f)× the input"
fi

verdict() { awk -v x="$1" -v g="$2" -v op="$3" 'BEGIN { if (x == "nan") print "n/a";
  else if ((op == ">=" && x + 0 >= g) || (op == "<=" && x + 0 <= g)) print "PASS"; else print "MISS" }'; }
echo
echo "goals"
printf '  %-40s %-22s %s\n' "throughput ≥ 50 MB/s, one thread" \
  "$(fmt "$netMBs" %.2f) MB/s (net)" "$(verdict "$netMBs" 50 '>=')"
printf '  %-40s %-22s %s\n' "peak memory ≤ 4× input" "$(fmt "$rssX" %.2f)×" "$(verdict "$rssX" 4 '<=')"
exit 0
