#!/bin/bash
# bench/run.sh BUILD_DIR — the benchmark that `make bench` runs (see bench/README.md).
#
# Measures, on one corpus of newspaper-page policy text built by bench/make-corpus.sh (cached
# in BUILD_DIR/bench/):
#   - luoshi: `luoshi import CORPUS --dry-run --quiet`, the whole reading pipeline (decode,
#     reflow, structure, extract) as one process: median wall time of RUNS runs, median CPU
#     time (user+sys) and peak RSS (GNU time, /usr/bin/time -v); and its fixed cost (start-up,
#     data load), the median of 11 runs on a tiny file, subtracted to give the pipeline's own
#     throughput;
#   - the peer, Debian's libfriso segmenting the same corpus line by line (bench/friso_seg.c,
#     compiled here with cc into BUILD_DIR/bench/), complex (MMSEG, the shipped default) and
#     simple (maximum matching) modes, dictionary load excluded, median of RUNS runs.
# Wall and CPU times are both shown: on a shared machine the CPU figures are the steadier.
# It prints one table and checks the project's goals (≥ 50 MB/s on one thread, peak memory
# ≤ 4× the input), PASS or MISS. Throughput is judged on CPU time with the fixed cost taken
# off: MB per second of one core, which other work on a shared machine does not distort. A benchmark is not a test: missed goals still exit 0; only a
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
if ! [[ "$RUNS" =~ ^[1-9][0-9]*$ && "$CORPUS_MB" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench: RUNS and CORPUS_MB are whole numbers from 1" >&2
  exit 2
fi
out=$B/bench
mkdir -p "$out"
if [ ! -x "$B/luoshi" ]; then
  echo "bench: $B/luoshi is missing: run make first" >&2
  exit 1
fi
# Every run uses one copy of the binary, taken now, even if a build replaces $B/luoshi meanwhile.
luoshi=$out/luoshi
cp "$B/luoshi" "$luoshi"

# ---- helpers ---------------------------------------------------------------------------------

median() {   # of the numbers on stdin, one a line
  sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan";
    else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.6f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
now_ns() { date +%s%N; }
fmt() { awk -v x="$1" -v f="$2" 'BEGIN { printf f, x }'; }   # fmt VALUE PRINTF-FORMAT
div() {   # A / B, nan when B is 0 or either is nan
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b + 0 == 0) print "nan";
    else printf "%.6f\n", a / b }'
}
minus() {   # A - B, nan when either is nan
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan") print "nan";
    else printf "%.6f\n", a - b }'
}
have_time=0
[ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 && have_time=1

# run_luoshi FILE MODE: one timed run; sets T (wall seconds), CPU_S (user+sys seconds), RSS_KB.
# Exits 1 when luoshi fails.
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
      END { printf "%.2f\n", u + s }' "$out/time.txt")
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
first=(test/corpus/*.txt)
head -n 40 "${first[0]}" > "$tiny"

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
load0=$(cut -d' ' -f1 /proc/loadavg)
echo "luoshi bench: $(nproc) cores, ${cpu:-unknown CPU};" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
echo "luoshi: $B/luoshi built $(date -r "$B/luoshi" '+%Y-%m-%d %H:%M:%S'), source tree $rev"
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
lC=$(median < "$out/l.cpu")
lRss=$(sort -g "$out/l.rss" | tail -n 1)

: > "$out/f.t"; : > "$out/f.cpu"
for ((i = 0; i < 11; i++)); do
  run_luoshi "$tiny" --quiet
  echo "$T" >> "$out/f.t"; echo "$CPU_S" >> "$out/f.cpu"
done
fT=$(median < "$out/f.t")
fC=$(median < "$out/f.cpu")
fRss=$RSS_KB
netT=$(minus "$lT" "$fT")
netC=$(minus "$lC" "$fC")
lMBs=$(div "$mb" "$lT")
netMBs=$(div "$mb" "$netT")
netCMBs=$(div "$mb" "$netC")
rssX=$(div "$lRss" "$(div "$nByte" 1024)")   # peak RSS over input size

# ---- friso -----------------------------------------------------------------------------------

field() { awk -F= -v k="$1" '$1 == k { print $2 }' "$out/friso.out"; }   # a friso_seg figure
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
    : > "$out/s$mode.t"; : > "$out/s$mode.cpu"; : > "$out/s$mode.load"
    for ((i = 0; i < RUNS; i++)); do
      if ! "$out/friso_seg" "$corpus" /etc/friso/friso.ini $mode > "$out/friso.raw"; then
        friso_ok=0
        break 2
      fi
      tr ' ' '\n' < "$out/friso.raw" > "$out/friso.out"
      field seg_s >> "$out/s$mode.t"; field seg_cpu_s >> "$out/s$mode.cpu"
      field load_s >> "$out/s$mode.load"
      tokens=$(field tokens)
    done
    sT[mode]=$(median < "$out/s$mode.t")
    sC[mode]=$(median < "$out/s$mode.cpu")
    sLoad[mode]=$(median < "$out/s$mode.load")
    sTok[mode]=$tokens
    sMBs[mode]=$(div "$mb" "${sT[mode]}")
    sCMBs[mode]=$(div "$mb" "${sC[mode]}")
  done
fi

# ---- the table -------------------------------------------------------------------------------

row() { printf '  %-42s %8s %8s %8s %8s   %s\n' "$@"; }
f3() { fmt "$1" %.3f; }
f2() { fmt "$1" %.2f; }
echo
row "" "wall s" "MB/s" "CPU s" "MB/s" ""
row "luoshi import --dry-run --quiet (process)" "$(f3 "$lT")" "$(f2 "$lMBs")" "$(f2 "$lC")" \
  "$(f2 "$(div "$mb" "$lC")")" "peak RSS $(fmt "$(div "$lRss" 1024)" %.0f) MB"
row "luoshi fixed cost (tiny file)" "$(f3 "$fT")" "" "$(f2 "$fC")" "" \
  "start-up, data load; peak RSS $(fmt "$(div "$fRss" 1024)" %.1f) MB"
row "luoshi import, fixed cost excluded" "$(f3 "$netT")" "$(f2 "$netMBs")" "$(f2 "$netC")" \
  "$(f2 "$netCMBs")" ""
if [ $friso_ok = 1 ]; then
  row "friso complex (MMSEG) segmenting" "$(f3 "${sT[2]}")" "$(f2 "${sMBs[2]}")" \
    "$(f2 "${sC[2]}")" "$(f2 "${sCMBs[2]}")" \
    "${sTok[2]} tokens; dictionary load $(f2 "${sLoad[2]}") s excluded"
  row "friso simple (max. matching) segmenting" "$(f3 "${sT[1]}")" "$(f2 "${sMBs[1]}")" \
    "$(f2 "${sC[1]}")" "$(f2 "${sCMBs[1]}")" \
    "${sTok[1]} tokens; dictionary load $(f2 "${sLoad[1]}") s excluded"
  echo
  echo "  ratio luoshi/friso (net luoshi MB/s over friso MB/s, wall | CPU):" \
    "complex $(f2 "$(div "$netMBs" "${sMBs[2]}")") | $(f2 "$(div "$netCMBs" "${sCMBs[2]}")");" \
    "simple $(f2 "$(div "$netMBs" "${sMBs[1]}")") | $(f2 "$(div "$netCMBs" "${sCMBs[1]}")")"
else
  echo
  echo "  friso: not measured (needs libfriso-dev, friso-dict and /etc/friso/friso.ini:" \
    "make deps-bench)"
fi
if [ "$lRss" = nan ]; then
  echo "  luoshi peak RSS: not measured (needs GNU time, /usr/bin/time: make deps-bench)"
else
  echo "  luoshi peak RSS: $(fmt "$(div "$lRss" 1024)" %.0f) MB = $(f2 "$rssX")× the input" \
    "($(f2 "$mb") MB)"
fi
busy=$(awk -v l="$load0" -v n="$(nproc)" 'BEGIN { print (l + 0 > n - 1) ? 1 : 0 }')
if [ "$busy" = 1 ]; then
  echo "  note: load average $load0 at the start: other work shared the cores, so wall times" \
    "include waiting; the CPU columns do not."
fi

verdict() {   # VALUE GOAL OP: PASS when VALUE OP GOAL holds, MISS when not, n/a without a value
  awk -v x="$1" -v g="$2" -v op="$3" 'BEGIN { if (x == "nan") print "n/a";
    else if ((op == ">=" && x + 0 >= g) || (op == "<=" && x + 0 <= g)) print "PASS";
    else print "MISS" }'
}
echo
echo "goals"
printf '  %-38s %-40s %s\n' "throughput ≥ 50 MB/s, one thread" \
  "$(f2 "$netCMBs") MB/s net CPU ($(f2 "$netMBs") wall)" "$(verdict "$netCMBs" 50 '>=')"
printf '  %-39s %-41s %s\n' "peak memory ≤ 4× input" \
  "$(f2 "$rssX")× ($(fmt "$(div "$lRss" 1024)" %.0f) MB)" \
  "$(verdict "$rssX" 4 '<=')"
exit 0
