#!/usr/bin/env bash
# Re-typesets the Sichuan sample page (../sichuan-2018-decision-page.txt) into the variants
# of this folder, so that the golden suite test/golden/variants.sh can check the reading
# pipeline on the same content laid out, encoded and written in other ways.
#
# Run by hand from anywhere; the tests use only the committed outputs. Needs bash, awk (any
# POSIX awk; it runs byte-wise under LC_ALL=C), iconv and opencc (Debian package `opencc`).
# Deterministic: the same input gives the same bytes.
#
#   bash make.sh            write the variants from sichuan-paragraphs.txt
#   bash make.sh recover    first rebuild sichuan-paragraphs.txt from the original, with
#                           build/luoshi and jq (check the result by eye before committing)
#
# sichuan-paragraphs.txt holds the page's units in order, one a line, "KIND<TAB>TEXT":
#   title    one line of the running title        marker   a page marker
#   section  a section heading (十二、…)           measure  a measure heading on its own line
#   runin    a measure heading run into the paragraph on the next record
#   para     a paragraph
# TEXT is the source lines joined as printed (stray spaces before digits kept).
#
# Not made here, written by hand: other-province-opinions.txt (a Guizhou city's opinions),
# assignment-plan.txt (a Henan city's task-division plan), and data-guizhou/, data-henan/
# (--data-dir overrides making that province the home province).
set -eu
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SRC="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
PARAS="$HERE/sichuan-paragraphs.txt"

recover() {
  local blocks
  blocks=$(mktemp)
  "$ROOT/build/luoshi" import "$SRC" --dry-run --json |
    jq -r '.blocks[] | [.kind, (.level // "-"), .lines[0], .lines[1], .text] | @tsv' >"$blocks"
  awk -F '\t' '
    function trim(s) { sub(/^ +/, "", s); sub(/ +$/, "", s); return s }
    function join(a, b,   s, l) { s = ""; for (l = a; l <= b; l++) s = s trim(S[l]); return s }
    NR == FNR { n++; K[n] = $1; V[n] = $2; A[n] = $3; B[n] = $4; T[n] = $5; next }
    { sub(/\r$/, ""); S[FNR] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        if (K[i] == "running-title") { for (l = A[i]; l <= B[i]; l++) print "title\t" trim(S[l]); continue }
        if (K[i] == "page-marker") { print "marker\t" T[i]; continue }
        if (K[i] == "heading" && V[i] == "section") { print "section\t" join(A[i], B[i]); continue }
        if (K[i] == "heading" && K[i+1] == "paragraph" && A[i+1] == B[i]) {
          s = join(A[i], B[i+1]); p = index(s, "。") + length("。") - 1
          print "runin\t" substr(s, 1, p); s = substr(s, p + 1); i++
        } else if (K[i] == "heading") { print "measure\t" join(A[i], B[i]); continue }
        else s = join(A[i], B[i])
        if (K[i+1] == "page-marker" && A[i+1] == B[i]) {
          m = T[i+1]; if (substr(s, length(s) - length(m) + 1) == m) s = substr(s, 1, length(s) - length(m))
        }
        print "para\t" s
      }
    }' "$blocks" "$SRC" >"$PARAS"
  rm -f "$blocks"
}

# wrap.awk over sichuan-paragraphs.txt. Variables:
#   W        column width in full-width characters (ASCII counts half); 0: no wrapping
#   indent   1: first line of each paragraph and heading indented by two U+3000
#   blank    1: a blank line between paragraphs (none after 上接 or before 下转 markers)
#   colbreak N: a blank line after every N lines (a column break, even mid-sentence)
#   headown  1: run-in measure headings ("3. 壮大….") put on lines of their own
#   half     1: ，。；：（） of paragraph text (not headings) written half-width
#   inline   1: 上接 marker glued before measure 3, 下转 after the last line, and the
#            running title repeated inside the first paragraph of measure 7
#   tjoin    1: the running title on one line
WRAP='
function init(   i) { for (i = 1; i < 256; i++) ORD[sprintf("%c", i)] = i }
function clen(c,   b) { b = ORD[c]; return b < 128 ? 1 : b < 224 ? 2 : b < 240 ? 3 : 4 }
function is_word(c) { return c ~ /^[0-9A-Za-z%.]$/ }
function is_closer(t) { return index("，。、；：？！）”’》」』,.;:!?)", t) > 0 && t != "" }
function is_opener(t) { return t != "" && index("（“‘《「『(", t) > 0 }
# Split s into tokens TK[1..nTK] with widths TW (half-width units): an ASCII word with an
# optional space before it is one token; every other character is one.
function tokenize(s,   i, n, c, t, w) {
  nTK = 0; i = 1; n = length(s)
  while (i <= n) {
    c = substr(s, i, 1)
    if ((c == " " && is_word(substr(s, i + 1, 1))) || is_word(c)) {
      t = c; w = 1; i++
      while (i <= n && is_word(substr(s, i, 1))) { t = t substr(s, i, 1); w++; i++ }
    } else {
      w = clen(c); t = substr(s, i, w); i += w; w = (w == 1) ? 1 : 2
    }
    TK[++nTK] = t; TW[nTK] = w
  }
}
# Wrap s into lines LN[1..nLN]; prefix (width pw) starts the first line.
function wrap(s, prefix, pw,   lim, cur, cw, prev, pwid, last, k, t, w) {
  tokenize(s); nLN = 0
  lim = (W > 0) ? 2 * W : 1e9
  cur = prefix; cw = pw; last = ""
  for (k = 1; k <= nTK; k++) {
    t = TK[k]; w = TW[k]
    if (cw + w <= lim || last == "") { prev = cur; pwid = cw; cur = cur t; cw += w; last = t; continue }
    if (is_closer(t)) {                       # hanging punctuation
      cur = cur t
      while (k < nTK && is_closer(TK[k + 1])) cur = cur TK[++k]
      LN[++nLN] = cur; cur = ""; cw = 0; last = ""; continue
    }
    if (is_opener(last) && prev != "") {      # an opening bracket never ends a line
      LN[++nLN] = prev; cur = last t; cw = cw - pwid + w; prev = last; pwid = cw - w; last = t; continue
    }
    LN[++nLN] = cur; prev = ""; pwid = 0; cur = t; cw = w; last = t
  }
  if (cur != "") LN[++nLN] = cur
}
function emit(s) {
  if (colbreak > 0 && pend) {
    pend = 0
    if (s != "") { print ""; col = 0 } else { print ""; return }
  }
  print s
  if (colbreak > 0 && ++col == colbreak) { pend = 1; col = 0 }
}
function halfw(s) {
  gsub(/，/, ",", s); gsub(/。/, ".", s); gsub(/；/, ";", s); gsub(/：/, ":", s)
  gsub(/（/, "(", s); gsub(/）/, ")", s)
  return s
}
BEGIN { FS = "\t"; init() }
{ KD[NR] = $1; TX[NR] = $2 }
END {
  nu = 0; head = ""
  for (r = 1; r <= NR; r++) {
    k = KD[r]; x = TX[r]
    if (k == "title") {
      if (nu > 0 && UT[nu] == "title") UX[nu] = UX[nu] (tjoin ? "" : "\n") x
      else { UT[++nu] = "title"; UX[nu] = x }
      TITLE[++nTitle] = x
    } else if (k == "marker") { UT[++nu] = "marker"; UX[nu] = x }
    else if (k == "section" || k == "measure") { UT[++nu] = "text"; UX[nu] = x }
    else if (k == "runin" && headown) { UT[++nu] = "text"; UX[nu] = x }
    else if (k == "runin") head = x
    else { UT[++nu] = "text"; UX[nu] = head (half ? halfw(x) : x); head = "" }
  }
  IND = indent ? "　　" : ""
  glue = ""; last_glue = ""
  if (inline && UT[nu] == "marker") last_glue = UX[nu]
  for (u = 1; u <= nu; u++) {
    if (UT[u] == "marker" && index(UX[u], "上接")) {
      if (u > 1 && blank) emit("")
      if (inline) glue = UX[u]; else emit(UX[u])
      continue
    }
    if (UT[u] == "marker") {                  # 下转: after the last line
      if (!inline) emit(UX[u])
      continue
    }
    if (u > 1 && blank && !(UT[u-1] == "marker" && index(UX[u-1], "上接"))) emit("")
    if (UT[u] == "title") {
      n = split(UX[u], tl, "\n"); for (i = 1; i <= n; i++) emit(tl[i])
      continue
    }
    if (glue != "") { wrap(UX[u], glue, 14); glue = "" }   # （上接第1版）: 5 wide + 4 narrow
    else wrap(UX[u], IND, indent ? 4 : 0)
    at = 0
    if (inline && index(UX[u], "7. ") == 1)
      for (i = 4; i < nLN; i++) if (LN[i] !~ /(。|，|；|、)$/) { at = i; break }
    for (i = 1; i <= nLN; i++) {
      s = LN[i]
      if (u == nu || (u == nu - 1 && UT[nu] == "marker")) if (i == nLN && last_glue != "") s = s last_glue
      emit(s)
      if (i == at) { emit(""); for (j = 1; j <= nTitle; j++) emit(TITLE[j]); emit("") }
    }
  }
}'

variant() { # OUT VAR=VALUE...
  local out=$1
  shift
  local args=()
  for a in W=0 indent=0 blank=0 colbreak=0 headown=0 half=0 inline=0 tjoin=0 "$@"; do args+=(-v "$a"); done
  awk "${args[@]}" "$WRAP" "$PARAS" >"$out"
}

[ "${1:-}" = recover ] && recover

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
variant "$HERE/wrap17.txt" W=17 indent=1 headown=1
variant "$HERE/wrap28-noindent.txt" W=28 blank=1 colbreak=23
variant "$HERE/oneline.txt" blank=1 tjoin=1
variant "$T/wrap22.txt" W=22 blank=1
opencc -c s2t.json -i "$T/wrap22.txt" -o "$HERE/traditional.txt"
variant "$T/wrap20.txt" W=20 indent=1 blank=1
iconv -f UTF-8 -t GB18030 "$T/wrap20.txt" >"$HERE/gb18030.txt"
variant "$T/wrap24.txt" W=24 blank=1 half=1
sed 's/$/\r/' "$T/wrap24.txt" >"$HERE/crlf.txt"
variant "$HERE/inline-markers.txt" W=21 blank=1 inline=1
