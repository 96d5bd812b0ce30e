#!/bin/bash
# bench/make-corpus.sh OUTFILE MB — builds the benchmark corpus: at least MB megabytes (2^20
# bytes) of policy text that looks like many newspaper pages, from the sample documents in
# test/corpus/*.txt and test/corpus/variants/*.txt.
#
# Only valid UTF-8 pages are used: a file that `iconv -f UTF-8 -t UTF-8` rejects (a GB18030
# variant) is skipped, and so is a record file whose first line starts "word<TAB>". Each source
# is laid out in several ways: as it is, and re-typeset by awk at other column widths (28 to 60
# display columns, a CJK character counting 2) with column breaks (a blank line) every 38 to 62
# lines, so the reader's column-width estimate and paragraph joining meet more than one layout.
# The layouts are then appended in a fixed cycle, pages separated by two blank lines, until the
# corpus reaches MB megabytes.
#
# Deterministic: the same sources and MB give the same bytes (no randomness, sources sorted in
# the C locale). Bash, coreutils, iconv and awk only (mawk is enough: the awk runs in the C
# locale and walks UTF-8 by bytes). Used by bench/run.sh, which caches the result in build/bench/.
# Exit status: 0 ok, 1 no usable source, 2 usage.
set -euo pipefail
export LC_ALL=C

if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
  echo "usage: bench/make-corpus.sh OUTFILE MB" >&2
  exit 2
fi
out=$1
nMB=$2
root=$(cd "$(dirname "$0")/.." && pwd)

sources=()
nSkip=0
nRecord=0
shopt -s nullglob
for f in "$root"/test/corpus/*.txt "$root"/test/corpus/variants/*.txt; do   # C-locale order
  [ -s "$f" ] || continue
  # Not a page: a record file such as variants/sichuan-paragraphs.txt ("para<TAB>text" lines).
  if head -n 1 "$f" | grep -q $'^[a-z]*\t'; then nRecord=$((nRecord + 1)); continue; fi
  if iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
    sources+=("$f")
  else
    nSkip=$((nSkip + 1))
  fi
done
if [ ${#sources[@]} -eq 0 ]; then
  echo "make-corpus: no UTF-8 .txt file in test/corpus or test/corpus/variants" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Re-typesets one document at WIDTH display columns with a column break every HEIGHT lines.
# Source lines are joined into paragraphs: a line ends its paragraph when it is shorter than
# half the source's usual column (its most frequent width), or a little shorter than the column
# and closed by 。！？：；”） — otherwise it runs on (a source whose lines are mostly over 80
# columns has a paragraph a line). Blank lines are column breaks and vanish; a numbered heading
# (“3. ”, “一、”, “（一）”) starts a paragraph; a page-marker line (（上接第…版） / （下转第…版）)
# stays a line of its own. As in newspaper typesetting, closing punctuation never starts a line
# (it hangs past the margin) and opening punctuation never ends one.
# shellcheck disable=SC2016,SC1112  # an awk program; its quotes are Chinese punctuation
rewrap='
BEGIN {
  for (i = 128; i < 256; i++) byteOf[sprintf("%c", i)] = i
  hang = "，。、；：？！）》”’…"
  opener = "（《“‘"
  closer = "。！？：；”）"
  markFrom = "（上接第"; markTo = "（下转第"
  heading = "^([0-9]+\\. |(一|二|三|四|五|六|七|八|九|十)+、|（(一|二|三|四|五|六|七|八|九|十)+）)"
}
# Splits s into whole UTF-8 characters ch[1..n] with display widths cw[1..n]; returns n.
function chars(s,    nb, b, k, n, c, lead, need, j) {
  nb = split(s, b, "")
  n = 0; k = 1
  while (k <= nb) {
    c = b[k]; lead = (c in byteOf) ? byteOf[c] : 0
    need = lead >= 240 ? 4 : lead >= 224 ? 3 : lead >= 192 ? 2 : 1
    n++; ch[n] = c; cw[n] = lead >= 224 ? 2 : 1
    for (j = 1; j < need && k + j <= nb; j++) ch[n] = ch[n] b[k + j]
    k += need
  }
  return n
}
function width(s,    n, w, i) {
  n = chars(s); w = 0
  for (i = 1; i <= n; i++) w += cw[i]
  return w
}
function emit(line) {
  print line
  if (++nOut % height == 0) print ""
}
function flush(    n, i, line, w) {
  if (para == "") return
  n = chars(para); line = ""; w = 0
  for (i = 1; i <= n; i++) {
    if (w + cw[i] > wrap && line != "" && index(hang, ch[i]) == 0) {
      if (i > 1 && index(opener, ch[i - 1]) && length(line) > length(ch[i - 1])) {
        emit(substr(line, 1, length(line) - length(ch[i - 1])))
        line = ch[i - 1]; w = cw[i - 1]
      } else {
        emit(line); line = ""; w = 0
      }
    }
    line = line ch[i]; w += cw[i]
  }
  if (line != "") emit(line)
  para = ""
}
{
  sub(/\r$/, ""); src[NR] = $0
  if ($0 != "") { w = width($0); if (w >= 16) count[w]++; nLine++; if (w > 80) nLong++ }
}
END {
  best = 0
  for (w in count) {
    if (count[w] > best || (count[w] == best && w + 0 > col)) { best = count[w]; col = w + 0 }
  }
  if (col == 0) col = 40
  perLine = nLong * 2 > nLine   # a paragraph a line, as word processors export
  para = ""; nOut = 0
  for (r = 1; r <= NR; r++) {
    line = src[r]
    if (line == "") continue
    sub(/^[ \t]+/, "", line); sub(/[ \t]+$/, "", line)
    if (index(line, markFrom) == 1 || index(line, markTo) == 1) {
      flush(); emit(line); continue
    }
    if (line ~ heading) flush()
    para = para line
    w = width(line)
    n = chars(line)
    if (perLine || w < col / 2 || (w < col - 2 && index(closer, ch[n]))) flush()
  }
  flush()
}'

# Layouts, in the order the pages cycle through them: 0 is the source as it is.
widths=(0 36 0 28 52 0 44 60)
heights=(0 38 0 62 45 0 54 40)
nLayout=${#widths[@]}
for ((s = 0; s < ${#sources[@]}; s++)); do
  for ((l = 0; l < nLayout; l++)); do
    f="$tmp/$s.$l"
    if [ "${widths[l]}" -eq 0 ]; then
      cat "${sources[s]}" > "$f"
    else
      awk -v wrap="${widths[l]}" -v height="${heights[l]}" "$rewrap" "${sources[s]}" > "$f"
    fi
    printf '\n\n' >> "$f"
    sizes[s * nLayout + l]=$(stat -c %s "$f")
  done
done

target=$((nMB * 1048576))
total=0
nPage=0
: > "$out.tmp"
while [ "$total" -lt "$target" ]; do
  s=$((nPage % ${#sources[@]}))
  l=$(((nPage / ${#sources[@]}) % nLayout))
  cat "$tmp/$s.$l" >> "$out.tmp"
  total=$((total + sizes[s * nLayout + l]))
  nPage=$((nPage + 1))
done
mv "$out.tmp" "$out"
echo "make-corpus: $out: $total bytes, $nPage pages from ${#sources[@]} UTF-8 sources" \
  "($nSkip not UTF-8 and $nRecord record files skipped), $nLayout layouts" >&2
