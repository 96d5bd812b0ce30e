/*
** Reflow: lines to blocks (see reflow.h).
**
** The work goes in four passes over "pieces" (the non-blank, trimmed parts of lines; a line
** holding an inline page marker is cut into two or three pieces):
**   1. cut lines into pieces, finding page markers;
**   2. mark groups of pieces that are running titles or the document title;
**   3. estimate the column width around each line, to tell full lines from short ones;
**   4. assemble blocks: headings (run-in titles end at their first 。), paragraphs joined across
**      wraps and column breaks, using only what the text shows: sentence ends, line fullness,
**      indents, blank lines and heading numbers.
** Blocks are finally put in source order and split into fragments at page markers.
*/
#include "reflow.h"

#include "../base/buf.h"
#include "../base/utf8.h"

#include <stdlib.h>
#include <string.h>

/* One per line of text (two or three where an inline marker cuts a line), so kept small. */
typedef struct Piece {
  int line;              /* 1-based source line */
  uint32_t iStart, iEnd; /* trimmed range in Text.z */
  short width;           /* display columns of the whole trimmed line (capped) */
  short indent;          /* display columns of leading white space of the line (capped) */
  short colWidth;        /* estimated column width around this line */
  unsigned char nBlankBefore; /* blank lines between the previous piece and this one (capped) */
  unsigned char isMarker : 1;    /* a page marker */
  unsigned char bFrom : 1;       /* marker: 1 continued-from (上接), 0 continued-on (下转) */
  unsigned char firstOnLine : 1; /* the piece starts its line */
  unsigned char role : 2;        /* ROLE_* */
  unsigned char punct : 1;       /* it holds sentence or clause punctuation (has_sentence_punct) */
  unsigned char spaced : 1;      /* its trimmed line holds white space (0: surely none) */
} Piece;                 /* 20 bytes: there is one per line */

#define PIECE_CAP 30000  /* widths and counts are capped here: a longer line is simply long */

enum { ROLE_TEXT = 0, ROLE_TITLE, ROLE_RUNNING, ROLE_FURNITURE };

typedef struct Pieces {
  Piece *a;
  size_t n, cap;
} Pieces;

/* ---- small character helpers ------------------------------------------------------------- */

static uint32_t cp_at(const char *z, size_t n, size_t i, int *pLen) {
  uint32_t cp;
  int len = utf8_decode((const unsigned char *)z + i, n - i, &cp);
  if (pLen) *pLen = len;
  return cp;
}

static uint32_t cp_before(const char *z, size_t i) {
  if (i == 0) return 0;
  size_t p = utf8_prev(z, i);
  uint32_t cp;
  utf8_decode((const unsigned char *)z + p, i - p, &cp);
  return cp;
}

static int cp_width(uint32_t cp) { return utf8_is_wide(cp) ? 2 : 1; }

/* Is cp one of 零〇一二三四五六七八九十百两? (A switch: heading numbers are tested on the
** first character of every line.) */
static int is_cn_numeral(uint32_t cp) {
  switch (cp) {
    case 0x96F6: case 0x3007: case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB:
    case 0x4E94: case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: case 0x5341:
    case 0x767E: case 0x4E24:
      return 1;
    default:
      return 0;
  }
}

int reflow_chinese_number(const char *z, size_t nByte) {
  int total = 0, cur = -1, seen = 0;
  for (size_t i = 0; i < nByte;) {
    int len;
    uint32_t cp = cp_at(z, nByte, i, &len);
    i += (size_t)len;
    int d = -1;
    switch (cp) {
      case 0x96F6: case 0x3007: d = 0; break;           /* 零 〇 */
      case 0x4E00: d = 1; break;                          /* 一 */
      case 0x4E8C: case 0x4E24: d = 2; break;             /* 二 两 */
      case 0x4E09: d = 3; break;
      case 0x56DB: d = 4; break;
      case 0x4E94: d = 5; break;
      case 0x516D: d = 6; break;
      case 0x4E03: d = 7; break;
      case 0x516B: d = 8; break;
      case 0x4E5D: d = 9; break;
      case 0x5341:                                        /* 十 */
        total += (cur < 0 ? 1 : cur) * 10;
        cur = -1;
        seen = 1;
        continue;
      case 0x767E:                                        /* 百 */
        total += (cur < 0 ? 1 : cur) * 100;
        cur = -1;
        seen = 1;
        continue;
      default: return -1;
    }
    cur = (cur > 0 ? cur * 10 : 0) + d;
    seen = 1;
  }
  if (!seen) return -1;
  return total + (cur < 0 ? 0 : cur);
}

/* Is there sentence or clause punctuation in z[s..e)? */
static int has_sentence_punct(const char *z, size_t s, size_t e) {
  for (size_t i = s; i < e;) {
    if (!utf8_lead_may_be_mark((unsigned char)z[i])) {
      i += utf8_lead_len((unsigned char)z[i]);
      continue;
    }
    int len;
    uint32_t cp = cp_at(z, e, i, &len);
    if (utf8_is_sentence_end(cp) || utf8_is_clause_mark(cp)) return 1;
    i += (size_t)len;
  }
  return 0;
}

/* Skip spaces from i; returns the new offset. */
static size_t skip_spaces(const char *z, size_t n, size_t i) {
  while (i < n && utf8_lead_may_be_space((unsigned char)z[i])) {
    int len;
    uint32_t cp = cp_at(z, n, i, &len);
    if (!utf8_is_space(cp)) break;
    i += (size_t)len;
  }
  return i;
}

HeadingLevel reflow_heading_prefix(const char *z, size_t nByte, size_t *pnNumber, int *pValue) {
  int len;
  if (nByte == 0) return LEVEL_NONE;
  uint32_t c0 = cp_at(z, nByte, 0, &len);
  /* ① .. ⑳ */
  if (c0 >= 0x2460 && c0 <= 0x2473) {
    *pValue = (int)(c0 - 0x2460 + 1);
    *pnNumber = skip_spaces(z, nByte, (size_t)len);
    return LEVEL_POINT;
  }
  /* （一） （1） */
  if (c0 == 0xFF08 || c0 == '(') {
    size_t i = (size_t)len, j = i;
    int nDigit = 0, nCn = 0;
    while (j < nByte) {
      int l2;
      uint32_t c = cp_at(z, nByte, j, &l2);
      if (utf8_is_digit(c)) nDigit++;
      else if (is_cn_numeral(c)) nCn++;
      else break;
      j += (size_t)l2;
      if (nDigit + nCn > 4) return LEVEL_NONE;
    }
    if (j >= nByte || (nDigit && nCn) || (nDigit + nCn) == 0) return LEVEL_NONE;
    int l3;
    uint32_t close = cp_at(z, nByte, j, &l3);
    if (close != 0xFF09 && close != ')') return LEVEL_NONE;
    if (nCn) {
      int v = reflow_chinese_number(z + i, j - i);
      if (v <= 0) return LEVEL_NONE;
      *pValue = v;
    } else {
      int v = 0;
      for (size_t k = i; k < j;) {
        int l4;
        v = v * 10 + utf8_digit_value(cp_at(z, nByte, k, &l4));
        k += (size_t)l4;
      }
      if (v <= 0) return LEVEL_NONE;
      *pValue = v;
    }
    *pnNumber = skip_spaces(z, nByte, j + (size_t)l3);
    if (*pnNumber >= nByte) return LEVEL_NONE;  /* "（一）" alone is not a heading */
    return nCn ? LEVEL_SUBSECTION : LEVEL_ITEM;
  }
  /* 一、 十二、 */
  if (is_cn_numeral(c0)) {
    size_t j = 0;
    int n = 0;
    while (j < nByte) {
      int l2;
      uint32_t c = cp_at(z, nByte, j, &l2);
      if (!is_cn_numeral(c)) break;
      j += (size_t)l2;
      if (++n > 4) return LEVEL_NONE;
    }
    int l3;
    if (j >= nByte || cp_at(z, nByte, j, &l3) != 0x3001) return LEVEL_NONE;
    int v = reflow_chinese_number(z, j);
    if (v <= 0) return LEVEL_NONE;
    *pValue = v;
    *pnNumber = skip_spaces(z, nByte, j + (size_t)l3);
    return *pnNumber < nByte ? LEVEL_SECTION : LEVEL_NONE;
  }
  /* 第一章 第二节 第三条 */
  if (c0 == 0x7B2C /* 第 */) {
    size_t j = (size_t)len, k = j;
    int n = 0;
    while (k < nByte) {
      int l2;
      uint32_t c = cp_at(z, nByte, k, &l2);
      if (!is_cn_numeral(c) && !utf8_is_digit(c)) break;
      k += (size_t)l2;
      if (++n > 5) return LEVEL_NONE;
    }
    if (n == 0 || k >= nByte) return LEVEL_NONE;
    int l3;
    uint32_t unit = cp_at(z, nByte, k, &l3);
    HeadingLevel lv = unit == 0x7AE0 /* 章 */   ? LEVEL_SECTION
                      : unit == 0x8282 /* 节 */ ? LEVEL_SUBSECTION
                      : unit == 0x6761 /* 条 */ ? LEVEL_MEASURE
                                                : LEVEL_NONE;
    if (lv == LEVEL_NONE) return LEVEL_NONE;
    int v = reflow_chinese_number(z + j, k - j);
    if (v <= 0) {
      v = 0;
      for (size_t q = j; q < k;) {
        int l4;
        int dv = utf8_digit_value(cp_at(z, nByte, q, &l4));
        if (dv < 0) return LEVEL_NONE;
        v = v * 10 + dv;
        q += (size_t)l4;
      }
    }
    if (v <= 0) return LEVEL_NONE;
    *pValue = v;
    *pnNumber = skip_spaces(z, nByte, k + (size_t)l3);
    return *pnNumber < nByte ? lv : LEVEL_NONE;
  }
  /* 3. 12． 3、 */
  if (utf8_is_digit(c0)) {
    size_t j = 0;
    int v = 0, n = 0;
    while (j < nByte) {
      int l2;
      uint32_t c = cp_at(z, nByte, j, &l2);
      if (!utf8_is_digit(c)) break;
      v = v * 10 + utf8_digit_value(c);
      j += (size_t)l2;
      if (++n > 3) return LEVEL_NONE;
    }
    if (j >= nByte) return LEVEL_NONE;
    int l3;
    uint32_t dot = cp_at(z, nByte, j, &l3);
    if (dot != '.' && dot != 0xFF0E && dot != 0x3001) return LEVEL_NONE;
    size_t k = j + (size_t)l3;
    if (k >= nByte) return LEVEL_NONE;
    uint32_t next = cp_at(z, nByte, k, NULL);
    if (utf8_is_digit(next) || next == '%' || next == 0xFF05) return LEVEL_NONE;
    if (v <= 0) return LEVEL_NONE;
    *pValue = v;
    *pnNumber = skip_spaces(z, nByte, k);
    return *pnNumber < nByte ? LEVEL_MEASURE : LEVEL_NONE;
  }
  return LEVEL_NONE;
}

/* Does z[i..n) start with the UTF-8 string zLit? */
static int lit_at(const char *z, size_t n, size_t i, const char *zLit) {
  size_t m = strlen(zLit);
  return i + m <= n && memcmp(z + i, zLit, m) == 0;
}

size_t reflow_marker_at(const char *z, size_t nByte, int bBare, int *pbFrom) {
  size_t i = 0;
  int len;
  uint32_t c0 = cp_at(z, nByte, 0, &len);
  int bracket = (c0 == 0xFF08 || c0 == '(' || c0 == 0x3010 || c0 == '[');
  if (bracket) i = (size_t)len;
  else if (!bBare) return 0;
  i = skip_spaces(z, nByte, i);
  static const struct {
    const char *z;
    int bFrom;
  } aKey[] = {{"上接", 1}, {"紧接", 1}, {"接上", 1}, {"续", 1}, {"接", 1},
              {"下转", 0}, {"转下", 0}, {"转至", 0}, {"转", 0}};
  int found = -1;
  for (size_t k = 0; k < sizeof aKey / sizeof aKey[0]; k++) {
    if (lit_at(z, nByte, i, aKey[k].z)) {
      found = (int)k;
      i += strlen(aKey[k].z);
      break;
    }
  }
  if (found < 0) return 0;
  i = skip_spaces(z, nByte, i);
  if (lit_at(z, nByte, i, "本报")) i += strlen("本报");
  if (lit_at(z, nByte, i, "第")) i += strlen("第");
  i = skip_spaces(z, nByte, i);
  size_t numStart = i;
  int nNum = 0;
  while (i < nByte && nNum < 4) {
    int l2;
    uint32_t c = cp_at(z, nByte, i, &l2);
    if (!(utf8_is_digit(c) || is_cn_numeral(c) || utf8_is_latin(c))) break;
    i += (size_t)l2;
    nNum++;
  }
  if (i == numStart) return 0;
  i = skip_spaces(z, nByte, i);
  if (lit_at(z, nByte, i, "版")) i += strlen("版");
  else if (lit_at(z, nByte, i, "页")) i += strlen("页");
  else if (lit_at(z, nByte, i, "面")) i += strlen("面");
  else return 0;
  i = skip_spaces(z, nByte, i);
  if (bracket) {
    if (i >= nByte) return 0;
    uint32_t c = cp_at(z, nByte, i, &len);
    if (c != 0xFF09 && c != ')' && c != 0x3011 && c != ']') return 0;
    i += (size_t)len;
  }
  *pbFrom = aKey[found].bFrom;
  return i;
}

/* ---- pass 1: pieces ---------------------------------------------------------------------- */

static void piece_add(Pieces *p, int line, size_t s, size_t e, int isMarker, int bFrom,
                      int first, int width, int indent, int nBlank, int punct, int spaced) {
  if (p->n == p->cap) MEM_GROW(p->a, p->cap, p->n + 1);   /* (a call only when full) */
  Piece *x = &p->a[p->n++];
  memset(x, 0, sizeof *x);
  x->line = line;
  x->iStart = (uint32_t)s;
  x->iEnd = (uint32_t)e;
  x->isMarker = isMarker != 0;
  x->bFrom = bFrom != 0;
  x->firstOnLine = first != 0;
  x->width = (short)(width < PIECE_CAP ? width : PIECE_CAP);
  x->indent = (short)(indent < PIECE_CAP ? indent : PIECE_CAP);
  x->nBlankBefore = (unsigned char)(nBlank < 255 ? nBlank : 255);
  x->punct = punct != 0;
  x->spaced = spaced != 0;
}

/* End of z[s..e) with the white space at its end trimmed off. */
static size_t trim_end(const char *z, size_t s, size_t e) {
  while (e > s) {
    size_t p = utf8_prev(z, e);
    if (!utf8_lead_may_be_space((unsigned char)z[p])) break;
    uint32_t cp = cp_at(z, e, p, NULL);
    if (!utf8_is_space(cp)) break;
    e = p;
  }
  return e;
}

/* Trim white space off both ends of z[*ps..*pe). */
static void trim(const char *z, size_t *ps, size_t *pe) {
  *ps = skip_spaces(z, *pe, *ps);
  *pe = trim_end(z, *ps, *pe);
}

/* reflow_marker_at on the Simplified form of z[0..n) when bNorm (下轉 reads as 下转): a marker is
** short, so a small window is normalised, not the text. */
static size_t marker_here(const char *z, size_t n, int bBare, int *pbFrom, int bNorm) {
  /* Only a bracket or the start of a line can open a marker, and only these characters can
  ** follow it: look before matching (or normalising) anything. */
  int len;
  uint32_t c = cp_at(z, n, 0, &len);
  int bracket = c == 0xFF08 || c == '(' || c == 0x3010 || c == '[';
  size_t i = skip_spaces(z, n, bracket ? (size_t)len : 0);
  if (i >= n) return 0;
  c = cp_at(z, n, i, NULL);
  if (c != 0x4E0A && c != 0x4E0B && c != 0x7D27 && c != 0x7DCA && c != 0x63A5 && c != 0x8F6C &&
      c != 0x8F49 && c != 0x7EED && c != 0x7E8C) {
    return 0;  /* 上 下 紧 緊 接 转 轉 续 續 */
  }
  if (!bNorm) return reflow_marker_at(z, n, bBare, pbFrom);
  char a[64];
  size_t m = n < sizeof a ? n : sizeof a - 4;
  while (m < n && m > 0 && ((unsigned char)z[m] & 0xC0) == 0x80) m--;  /* whole characters */
  memcpy(a, z, m);
  text_normalize(a, m);
  return reflow_marker_at(a, m, bBare, pbFrom);
}

/* What one pass over a trimmed line finds (scan_line). */
typedef struct LineScan {
  int width;             /* display columns */
  size_t iOpen;          /* first character after the start that can open a page marker, or te */
  size_t iPunct;         /* first sentence or clause mark (has_sentence_punct), or te */
  int bSpaced;           /* it holds white space (utf8_is_space) */
} LineScan;

/* Measure the trimmed line z[ts..te) in one pass over its characters: its width, where the
** first character after its start that can open a page marker is (( [ 【 （), and where its
** first sentence or clause mark is, and whether it holds white space. Ideographs with the lead
** bytes E4..E9 (U+4000..U+9FFF), most of the text, are wide and none of these: they take one
** test. */
static void scan_line(const char *z, size_t ts, size_t te, LineScan *r) {
  int width = 0;
  size_t iOpen = te, iPunct = te;
  int bSpaced = 0;
  for (size_t i = ts; i < te;) {
    unsigned char c = (unsigned char)z[i];
    if ((unsigned char)(c - 0xE4) < 6) {
      width += 2;
      i += 3;
      continue;
    }
    if (c < 0x80) {
      width++;
      if (c < 0x40 || c == '[') {   /* the ASCII marks, brackets and spaces are all here */
        if (c == ' ' || (c >= '\t' && c <= '\r')) bSpaced = 1;
        if ((c == '(' || c == '[') && i > ts && iOpen == te) iOpen = i;
        if (iPunct == te && (utf8_is_sentence_end(c) || utf8_is_clause_mark(c))) iPunct = i;
      }
      i++;
      continue;
    }
    int len;
    uint32_t cp = cp_at(z, te, i, &len);
    if (utf8_is_space(cp)) bSpaced = 1;
    /* Lead byte E3 (U+3000..U+3FFF) is wide. */
    width += c == 0xE3 ? 2 : cp_width(cp);
    if ((cp == 0x3010 || cp == 0xFF08) && i > ts && iOpen == te) iOpen = i;
    if (iPunct == te && utf8_lead_may_be_mark(c) &&
        (utf8_is_sentence_end(cp) || utf8_is_clause_mark(cp))) {
      iPunct = i;
    }
    i += (size_t)len;
  }
  r->width = width;
  r->iOpen = iOpen;
  r->iPunct = iPunct;
  r->bSpaced = bSpaced;
}

/* Does the piece z[a..b) of the trimmed line starting at ts (scanned into sc) hold sentence or
** clause punctuation? */
static int piece_punct(const char *z, const LineScan *sc, size_t ts, size_t a, size_t b) {
  return a == ts ? sc->iPunct < b : has_sentence_punct(z, a, b);
}

static void cut_pieces(const Text *t, int bNorm, Pieces *p) {
  const char *z = t->z;
  /* about a piece a line: allocate once (inline markers add a few) */
  p->cap = (size_t)t->nLine + 64;
  p->a = xmalloc(sizeof(Piece) * p->cap);
  int nBlank = 0;
  for (int l = 1; l <= t->nLine; l++) {
    size_t s = t->aLine[l - 1];
    size_t e = t->aLine[l] - 1;
    if (e > t->nByte) e = t->nByte;
    /* Indent: leading white space in columns; the trimmed line starts after it. */
    int indent = 0;
    size_t ts = s;
    while (ts < e && utf8_lead_may_be_space((unsigned char)z[ts])) {
      int len;
      uint32_t cp = cp_at(z, e, ts, &len);
      if (!utf8_is_space(cp)) break;
      indent += (cp == '\t') ? 4 : cp_width(cp);
      ts += (size_t)len;
    }
    size_t te = trim_end(z, ts, e);
    if (ts >= te) {
      nBlank++;
      continue;
    }
    LineScan sc;
    scan_line(z, ts, te, &sc);
    int width = sc.width;
    /* Cut out page markers: at the start (bare allowed when the whole line is one), or at any
    ** opening bracket. */
    size_t cur = ts;
    int first = 1;
    for (size_t i = ts; i < te;) {
      /* Nothing between the start and sc.iOpen can open a marker. */
      if (i > ts && i < sc.iOpen) i = sc.iOpen;
      if (i >= te) break;
      /* Only ( [ 【 (E3 80 90) and （ (EF BC 88) can open a marker after the start. */
      unsigned char c = (unsigned char)z[i];
      if (i > ts && c != '(' && c != '[' &&
          !(i + 2 < te && (c == 0xE3 || c == 0xEF) &&
            (unsigned char)z[i + 1] == (c == 0xE3 ? 0x80 : 0xBC) &&
            (unsigned char)z[i + 2] == (c == 0xE3 ? 0x90 : 0x88))) {
        i += utf8_lead_len(c);
        continue;
      }
      int len;
      uint32_t cp = cp_at(z, te, i, &len);
      int bFrom = 0;
      size_t m = 0;
      if (cp == 0xFF08 || cp == '(' || cp == 0x3010 || cp == '[') {
        m = marker_here(z + i, te - i, 0, &bFrom, bNorm);
      } else if (i == ts) {
        size_t bare = marker_here(z + i, te - i, 1, &bFrom, bNorm);
        if (bare && skip_spaces(z, te, i + bare) == te) m = bare;
      }
      if (m == 0) {
        i += (size_t)len;
        continue;
      }
      size_t a = cur, b = i;
      trim(z, &a, &b);
      if (a < b) {
        piece_add(p, l, a, b, 0, 0, first, width, indent, nBlank, piece_punct(z, &sc, ts, a, b),
                  sc.bSpaced);
        nBlank = 0;
        first = 0;
      }
      piece_add(p, l, i, i + m, 1, bFrom, first, width, indent, nBlank,
                piece_punct(z, &sc, ts, i, i + m), sc.bSpaced);
      nBlank = 0;
      first = 0;
      i += m;
      cur = i;
    }
    /* The rest of the line (all of it, already trimmed, when it holds no marker). */
    size_t a = cur, b = te;
    if (cur != ts) trim(z, &a, &b);
    if (a < b) {
      piece_add(p, l, a, b, 0, 0, first, width, indent, nBlank, piece_punct(z, &sc, ts, a, b),
                sc.bSpaced);
      nBlank = 0;
    }
  }
}

/* ---- pass 2: titles and running titles --------------------------------------------------- */

/* Words a document title ends with. */
static const char *const azDocType[] = {
    "决定", "意见", "方案", "规划", "纲要", "通知", "办法", "条例", "决议", "报告", "公报",
    "措施", "规定", "计划", "细则", "通告", "公告", "要点", "指南", "讲话", "批复", "函"};

static int ends_with_doc_type(const char *z, size_t n) {
  /* "…实施意见（节选）", "…决定（试行）": look before a closing bracketed note. */
  if (n >= 6 && (memcmp(z + n - 3, "）", 3) == 0 || z[n - 1] == ')')) {
    size_t i = n, nAll = n;
    while (i > 0) {
      i = utf8_prev(z, i);
      /* a character near the end may be shorter than "（": compare only whole bytes we have */
      if ((nAll - i >= 3 && memcmp(z + i, "（", 3) == 0) || z[i] == '(') {
        n = i;
        break;
      }
      if (n - i > 30) break;
    }
  }
  for (size_t k = 0; k < sizeof azDocType / sizeof azDocType[0]; k++) {
    size_t m = strlen(azDocType[k]);
    if (n >= m && memcmp(z + n - m, azDocType[k], m) == 0) return 1;
  }
  return 0;
}

/* Text of a group of whole-line pieces, joined without spaces, into b. */
static void group_text(const char *z, const Piece *a, size_t n, Buf *b, int bNorm) {
  buf_reset(b);
  for (size_t k = 0; k < n; k++) {
    for (size_t i = a[k].iStart; i < a[k].iEnd;) {
      int len;
      uint32_t cp = cp_at(z, a[k].iEnd, i, &len);
      if (!utf8_is_space(cp)) buf_append(b, z + i, (size_t)len);
      i += (size_t)len;
    }
  }
  if (bNorm) text_normalize(b->a, b->n);
}

/* Is the group of whole lines a[0..n) title-like: no sentence punctuation, no heading number,
** 6..80 characters (its text, spaces removed, left in g)? */
static int title_like(const char *z, const Piece *a, size_t n, Buf *g, int bNorm) {
  for (size_t k = 0; k < n; k++) {
    if (a[k].isMarker || !a[k].firstOnLine) return 0;
    if (k + 1 < n && a[k + 1].line == a[k].line) return 0;
  }
  /* Between the pieces of such a group is only white space: their marks are all it has. */
  for (size_t k = 0; k < n; k++) {
    if (a[k].punct) return 0;
  }
  group_text(z, a, n, g, bNorm);
  size_t nChar = utf8_nchar(g->a, g->n);
  size_t nLead = 0;
  int v;
  if (reflow_heading_prefix(g->a, g->n, &nLead, &v) != LEVEL_NONE) return 0;
  return nChar >= 6 && nChar <= 80;
}

/* Is the whole-line piece x a newspaper's page furniture rather than text: a page header with
** the date and weekday ("2019年3月4日 星期一 要闻 3"), or, standing alone, the paper's name
** ("四川日报")? */
static int is_page_furniture(const char *z, const Piece *x, int isolated) {
  if (x->isMarker || !x->firstOnLine) return 0;
  size_t s = x->iStart, e = x->iEnd;
  if (x->punct) return 0;
  static const char *const azWeekday[] = {"星期一", "星期二", "星期三", "星期四", "星期五",
                                          "星期六", "星期日", "星期天", "周一", "周二", "周三",
                                          "周四", "周五", "周六", "周日", NULL};
  int hasYear = 0;
  for (size_t i = s; i + 3 <= e; i++) {
    if (memcmp(z + i, "年", 3) == 0 && i > s && z[i - 1] >= '0' && z[i - 1] <= '9') hasYear = 1;
  }
  if (hasYear) {
    for (int k = 0; azWeekday[k]; k++) {
      size_t m = strlen(azWeekday[k]);
      for (size_t i = s; i + m <= e; i++) {
        if (memcmp(z + i, azWeekday[k], m) == 0) return 1;
      }
    }
  }
  if (!isolated) return 0;
  static const char *const azPaper[] = {"日报", "晚报", "时报", "导报", "早报", NULL};
  size_t nChar = utf8_nchar(z + s, e - s);
  if (nChar > 10 || e - s > 60) return 0;
  char a[64];
  memcpy(a, z + s, e - s);
  text_normalize(a, e - s);   /* 日報 is 日报 */
  for (int k = 0; azPaper[k]; k++) {
    size_t m = strlen(azPaper[k]);
    if (e - s >= m && memcmp(a + (e - s) - m, azPaper[k], m) == 0) return 1;
  }
  return 0;
}

/* Can the text of piece x (as group_text gives it) start the title? Its first character, which
** is not a space, normalised when bNorm, must be the title's: most lines are out without
** their text being gathered. */
static int starts_like(const char *z, const Piece *x, const Buf *title, int bNorm) {
  int len;
  cp_at(z, x->iEnd, x->iStart, &len);
  if ((size_t)len > title->n) return 0;
  char a[4];
  memcpy(a, z + x->iStart, (size_t)len);
  if (bNorm) text_normalize(a, (size_t)len);
  return memcmp(a, title->a, (size_t)len) == 0;
}

/* Mark as running titles the windows of 1-3 whole lines whose text is the title's. */
static void mark_repeats(const char *z, int bNorm, Pieces *p, const Buf *title) {
  Buf g = BUF_INIT;
  for (size_t i = 0; i < p->n; i++) {
    if (p->a[i].role != ROLE_TEXT || p->a[i].isMarker || !p->a[i].firstOnLine) continue;
    /* a title has no sentence punctuation: most lines are out at once */
    if (p->a[i].punct || !starts_like(z, &p->a[i], title, bNorm)) continue;
    for (size_t n = 1; n <= 3 && i + n <= p->n; n++) {
      group_text(z, &p->a[i], 1, &g, bNorm);
      if (g.n > title->n || memcmp(g.a, title->a, g.n) != 0) break;  /* not even a prefix */
      if (!title_like(z, &p->a[i], n, &g, bNorm)) continue;
      if (g.n == title->n && memcmp(g.a, title->a, g.n) == 0) {
        for (size_t k = i; k < i + n; k++) p->a[k].role = ROLE_RUNNING;
        break;
      }
    }
  }
  buf_free(&g);
}

static void mark_titles(const char *z, int bNorm, Pieces *p) {
  Buf g = BUF_INIT;
  Buf first = BUF_INIT;  /* text of the first running title, to find its repeats */
  int seenContent = 0;
  for (size_t i = 0; i < p->n;) {
    if (p->a[i].isMarker) {
      i++;
      continue;
    }
    /* A group: pieces that are whole lines, with no blank line between them. */
    size_t j = i + 1;
    while (j < p->n && !p->a[j].isMarker && p->a[j].nBlankBefore == 0) j++;
    int isolatedBelow = (j >= p->n || p->a[j].isMarker || p->a[j].nBlankBefore > 0);
    int isolatedAbove = (i == 0 || p->a[i - 1].isMarker || p->a[i].nBlankBefore > 0);
    int role = ROLE_TEXT;
    if (j - i == 1 && is_page_furniture(z, &p->a[i], isolatedAbove && isolatedBelow)) {
      for (size_t k = i; k < j; k++) p->a[k].role = ROLE_FURNITURE;
      i = j;
      continue;
    }
    if (isolatedAbove && isolatedBelow && j - i <= 3 && title_like(z, &p->a[i], j - i, &g, bNorm)) {
      if (first.n && g.n == first.n && memcmp(g.a, first.a, g.n) == 0) {
        role = ROLE_RUNNING;
      } else if (ends_with_doc_type(g.a, g.n)) {
        /* After content: a running title, unless the document already has a title and this
        ** is another (the plan a notice issues). */
        role = (seenContent && first.n == 0) ? ROLE_RUNNING : ROLE_TITLE;
        if (first.n == 0) buf_append(&first, g.a, g.n);
      }
    }
    if (role == ROLE_TEXT && !seenContent && first.n == 0) {
      /* A title at the head of the text with no blank line under it: its first 1-3 lines. */
      for (size_t n = (j - i < 3 ? j - i : 3); n >= 1; n--) {
        if (title_like(z, &p->a[i], n, &g, bNorm) && ends_with_doc_type(g.a, g.n)) {
          for (size_t k = i; k < i + n; k++) p->a[k].role = ROLE_TITLE;
          buf_append(&first, g.a, g.n);
          j = i + n;
          role = ROLE_TITLE;
          break;
        }
      }
    }
    for (size_t k = i; k < j; k++) p->a[k].role = role;
    if (role == ROLE_TEXT) seenContent = 1;
    i = j;
  }
  /* A running title set right above a page marker with no blank line between: the last 1-3
  ** lines before the marker, when they read as a title. */
  for (size_t m = 1; m < p->n; m++) {
    if (!p->a[m].isMarker || !p->a[m].firstOnLine || p->a[m - 1].role != ROLE_TEXT) continue;
    for (size_t n = (m < 3 ? m : 3); n >= 1; n--) {
      const Piece *w = &p->a[m - n];
      if (w->isMarker || (n > 1 && p->a[m - n + 1].nBlankBefore)) continue;
      if (title_like(z, w, n, &g, bNorm) && ends_with_doc_type(g.a, g.n)) {
        for (size_t k = m - n; k < m; k++) p->a[k].role = ROLE_RUNNING;
        if (first.n == 0) buf_append(&first, g.a, g.n);
        break;
      }
    }
  }
  /* A running title set between columns with no blank lines around it. */
  if (first.n) mark_repeats(z, bNorm, p, &first);
  buf_free(&g);
  buf_free(&first);
}

/* ---- pass 3: column width ---------------------------------------------------------------- */

/* The value that sorting a[0..n) ascending would put at a[k] (0 <= k < n); reorders a.
** Quickselect (Hoare's partition around the middle element): one pass on average where the
** insertion sort it replaced moved about n*n/4 values, for every chunk of every document. */
static int select_int(int *a, int n, int k) {
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    int pivot = a[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    /* now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot */
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

#define CHUNK 32

/* Each piece gets the 75th percentile of the widths of the text lines in its chunk of 32 and
** the two chunks around it: column widths change between columns and pages. */
static void estimate_widths(Pieces *p) {
  size_t nChunk = (p->n + CHUNK - 1) / CHUNK;
  int *aW = xcalloc(nChunk ? nChunk : 1, sizeof(int));
  int sample[CHUNK * 3];
  for (size_t c = 0; c < nChunk; c++) {
    size_t lo = c > 0 ? (c - 1) * CHUNK : 0;
    size_t hi = (c + 2) * CHUNK;
    if (hi > p->n) hi = p->n;
    int n = 0;
    for (size_t k = lo; k < hi; k++) {
      const Piece *x = &p->a[k];
      if (x->isMarker || x->role != ROLE_TEXT || !x->firstOnLine || x->width < 8) continue;
      sample[n++] = x->width + x->indent;
    }
    if (n == 0) {
      aW[c] = 0;
      continue;
    }
    aW[c] = select_int(sample, n, (n * 3) / 4);
  }
  for (size_t k = 0; k < p->n; k++) {
    p->a[k].colWidth = (short)(aW[k / CHUNK] < PIECE_CAP ? aW[k / CHUNK] : PIECE_CAP);
  }
  free(aW);
}

/* Is the text hard-wrapped at all? Wrapped text has most lines within two columns of the
** estimated width; text with one paragraph per line does not. */
static int text_is_wrapped(const char *z, const Pieces *p) {
  size_t n = 0, near = 0, cut = 0;
  for (size_t k = 0; k < p->n; k++) {
    const Piece *x = &p->a[k];
    if (x->isMarker || x->role != ROLE_TEXT || !x->firstOnLine || x->colWidth == 0) continue;
    n++;
    int w = x->width + x->indent;
    if (w >= x->colWidth - 4 && w <= x->colWidth + 4) near++;
    /* A line that stops on a character rather than a mark was cut by wrapping. */
    uint32_t last = cp_at(z, x->iEnd, utf8_prev(z, x->iEnd), NULL);
    if (utf8_is_han(last) || utf8_is_digit(last) || utf8_is_latin(last)) cut++;
  }
  if (n < 4) return 1;  /* too little to tell: join what is clearly cut mid-sentence */
  return near * 2 >= n || cut * 20 >= n * 7;
}

/* Does the text mark paragraph starts by indenting them? */
static int text_uses_indent(const Pieces *p) {
  size_t nLine = 0, nIndent = 0;
  for (size_t k = 0; k < p->n; k++) {
    if (!p->a[k].firstOnLine || p->a[k].isMarker) continue;
    nLine++;
    if (p->a[k].indent >= 2) nIndent++;
  }
  return nIndent >= 2 && nIndent * 20 >= nLine;
}

/* ---- pass 4: assembly -------------------------------------------------------------------- */

typedef struct Builder {
  Doc *d;
  Buf text;              /* the block text so far */
  Seg *aSeg;
  size_t nSeg, capSeg;
  int open;              /* a block is being built */
  BlockKind kind;
  HeadingLevel level;
  int number;
  size_t nNumber;        /* bytes of the heading number at the start of text */
  int lineFirst, lineLast;
  size_t iSrcStart, iSrcEnd;
  int firstLineWidth;    /* width of its first line */
  int nLine;             /* lines contributed */
} Builder;

/* Append z[s..e) of the text to the block, dropping typesetting spaces. bSpaced: the range may
** hold white space (0 when it surely holds none, as Piece.spaced tells: then it is one run). */
static void builder_append(Builder *b, const Text *t, size_t s, size_t e, int line,
                           int bSpaced) {
  const char *z = t->z;
  if (!b->open) return;
  if (b->nLine == 0 || line != b->lineLast) b->nLine++;
  if (b->lineFirst == 0) {
    b->lineFirst = line;
    b->iSrcStart = s;
  }
  b->lineLast = line;
  b->iSrcEnd = e;
  /* Across a line break, Latin words keep a space between them. Only ASCII counts, and in
  ** UTF-8 a character is ASCII exactly when its last byte (or first) is. */
  if (b->text.n > 0) {
    unsigned char last = (unsigned char)b->text.a[b->text.n - 1];
    unsigned char next = (unsigned char)z[s];
    if (last < 0x80 && next < 0x80 && (utf8_is_latin(last) || utf8_is_digit(last)) &&
        (utf8_is_latin(next) || utf8_is_digit(next))) {
      buf_putc(&b->text, ' ');
    }
  }
  if (!bSpaced) {
    /* One run, as the loop below would find it, without looking at each character. */
    if (e > s) {
      if (b->nSeg == b->capSeg) MEM_GROW(b->aSeg, b->capSeg, b->nSeg + 1);
      b->aSeg[b->nSeg++] = (Seg){b->text.n, s, e - s};
      buf_append(&b->text, z + s, e - s);
    }
    return;
  }
  size_t runStart = s;
  size_t i = s;
  while (i <= e) {
    if (i < e) {
      unsigned char c = (unsigned char)z[i];
      /* Ideographs (lead bytes E4..E9) are never space: one test, without decoding. */
      if ((unsigned char)(c - 0xE4) < 6) {
        i += 3;
        continue;
      }
      if (!utf8_space_len((const unsigned char *)z + i, e - i)) {
        i += utf8_lead_len(c);
        continue;
      }
    }
    int len = 1;
    uint32_t cp = i < e ? cp_at(z, e, i, &len) : 0;
    if (i == e || utf8_is_space(cp)) {
      if (i > runStart) {
        if (b->nSeg == b->capSeg) MEM_GROW(b->aSeg, b->capSeg, b->nSeg + 1);
        b->aSeg[b->nSeg++] = (Seg){b->text.n, runStart, i - runStart};
        buf_append(&b->text, z + runStart, i - runStart);
      }
      if (i == e) break;
      /* A run of spaces: keep it only between two narrow (Latin, digit) characters. */
      size_t j = i;
      while (j < e) {
        int l2;
        uint32_t c = cp_at(z, e, j, &l2);
        if (!utf8_is_space(c)) break;
        j += (size_t)l2;
      }
      uint32_t before = b->text.n ? cp_before(b->text.a, b->text.n) : 0;
      uint32_t after = j < e ? cp_at(z, e, j, NULL) : 0;
      if (before && after && !utf8_is_wide(before) && !utf8_is_wide(after) &&
          !utf8_is_space(before)) {
        MEM_GROW(b->aSeg, b->capSeg, b->nSeg + 1);
        b->aSeg[b->nSeg++] = (Seg){b->text.n, i, 1};
        buf_append(&b->text, z + i, 1);
      }
      i = j;
      runStart = j;
      continue;
    }
    i += (size_t)len;
  }
}

static void builder_start(Builder *b, BlockKind kind) {
  buf_reset(&b->text);
  b->nSeg = 0;
  b->open = 1;
  b->kind = kind;
  b->level = LEVEL_NONE;
  b->number = 0;
  b->nNumber = 0;
  b->lineFirst = b->lineLast = 0;
  b->iSrcStart = b->iSrcEnd = 0;
  b->firstLineWidth = 0;
  b->nLine = 0;
}

/* Close the block being built and store it in the Doc. */
static Block *builder_close(Builder *b) {
  if (!b->open) return NULL;
  b->open = 0;
  if (b->text.n == 0) return NULL;
  Doc *d = b->d;
  Block *k = doc_block_new(d);
  k->kind = b->kind;
  /* The segments and the text in one piece of the arena (segments first, for their alignment):
  ** a piece a block less to pad. */
  k->aSeg = arena_alloc(&d->arena, sizeof(Seg) * b->nSeg + b->text.n + 1);
  memcpy(k->aSeg, b->aSeg, sizeof(Seg) * b->nSeg);
  k->zText = (char *)(k->aSeg + b->nSeg);
  memcpy(k->zText, b->text.a, b->text.n);
  k->zText[b->text.n] = 0;
  k->nText = b->text.n;
  k->nSeg = (int)b->nSeg;
  k->lineFirst = b->lineFirst;
  k->lineLast = b->lineLast;
  k->iSrcStart = b->iSrcStart;
  k->iSrcEnd = b->iSrcEnd;
  k->level = b->level;
  k->number = b->number;
  if (b->kind == BLOCK_HEADING) {
    /* The number as written, without trailing 、 . or spaces; the title after it. */
    size_t n = b->nNumber;
    size_t e = n;
    while (e > 0) {
      size_t p = utf8_prev(k->zText, e);
      uint32_t cp = cp_at(k->zText, e, p, NULL);
      if (utf8_is_space(cp) || cp == 0x3001 || cp == '.' || cp == 0xFF0E) e = p;
      else break;
    }
    k->zNumber = arena_strndup(&d->arena, k->zText, e);
    size_t ts = n, te = k->nText;
    /* The title drops its closing 。 */
    if (te > ts) {
      size_t p = utf8_prev(k->zText, te);
      if (utf8_is_sentence_end(cp_at(k->zText, te, p, NULL))) te = p;
    }
    k->zTitle = arena_strndup(&d->arena, k->zText + ts, te - ts);
    k->iTitle = ts;
  }
  return k;
}

/* Last character of z[s..e) that is not a closing mark. */
/* Last character of z[s..e) that is not a closing mark. A bracketed note that follows a
** sentence end ("…体系。（牵头单位：…）") counts as that sentence end. */
static uint32_t last_meaningful(const char *z, size_t s, size_t e) {
  size_t end = e;
  uint32_t close = 0;    /* the last character of z[s..end) */
  uint32_t last = 0;     /* the last that is not a closing mark, at lastAt */
  size_t lastAt = e;
  while (e > s) {
    size_t p = utf8_prev(z, e);
    uint32_t cp = cp_at(z, e, p, NULL);
    if (e == end) close = cp;
    if (!utf8_is_closer(cp)) {
      last = cp;
      lastAt = p;
      break;
    }
    e = p;
  }
  if (e == s) return 0;
  if (utf8_sentence_end_at(z, e, lastAt, last, e - lastAt)) last = 0x3002;
  if (!utf8_is_sentence_end(last) && (close == 0xFF09 || close == ')')) {
    /* find the opening bracket of the final note on this line */
    int depth = 0;
    for (size_t i = end; i > s;) {
      size_t p = utf8_prev(z, i);
      uint32_t cp = cp_at(z, i, p, NULL);
      if (cp == 0xFF09 || cp == ')') depth++;
      if (cp == 0xFF08 || cp == '(') {
        if (--depth == 0) {
          if (p > s) {
            uint32_t before = cp_at(z, p, utf8_prev(z, p), NULL);
            if (utf8_is_sentence_end(before)) return before;
          }
          break;
        }
      }
      i = p;
    }
  }
  return last;
}

/* Offset just past the first sentence end in z[s..e) (with any closing marks after it), or 0. */
static size_t first_sentence_end(const char *z, size_t s, size_t e) {
  int depth = 0;
  for (size_t i = s; i < e;) {
    int len;
    uint32_t cp = cp_at(z, e, i, &len);
    i += (size_t)len;
    if (cp == 0xFF08 || cp == '(' || cp == 0x300A) depth++;
    else if ((cp == 0xFF09 || cp == ')' || cp == 0x300B) && depth > 0) depth--;
    else if (depth == 0 && utf8_sentence_end_at(z, e, i - (size_t)len, cp, (size_t)len)) {
      while (i < e) {
        int l2;
        uint32_t c = cp_at(z, e, i, &l2);
        if (!utf8_is_closer(c)) break;
        i += (size_t)l2;
      }
      return i;
    }
  }
  return 0;
}

typedef struct Assembly {
  Doc *d;
  const Text *t;
  Pieces *p;
  int wrapped;
  int indented;
  Builder b;
  int lastPieceFull;     /* the last text piece appended reached the column width */
  uint32_t lastChar;     /* its last meaningful character */
  int lastHasComma;      /* it holds clause punctuation */
  int afterJoinedJump;   /* the last pieces were a 下转/上接 pair the text runs through */
  int haveLast;          /* a text piece has been appended since the last break */
} Assembly;

/* Width check: does piece x reach its column width? bFirst: it is the first line of its block
** (its indent may have been stripped). */
static int piece_full(const Assembly *a, const Piece *x, int bFirst, int slack) {
  /* The line's own indent counts; a first line whose indent the source lost counts as if
  ** it had the usual two characters. */
  int w = x->width + (x->firstOnLine ? x->indent : 0);
  if (bFirst && !a->indented) w += 4;
  return x->colWidth > 0 && w >= x->colWidth - slack;
}

/* Can a heading number at the start of piece x be a heading here (not a wrapped line that
** happens to start with "3.")? */
static int heading_allowed(const Assembly *a, size_t k) {
  const Piece *x = &a->p->a[k];
  if (!x->firstOnLine && !(k > 0 && a->p->a[k - 1].isMarker)) return 0;
  if (!a->haveLast) return 1;
  if (utf8_is_sentence_end(a->lastChar) || a->lastChar == 0xFF1A || a->lastChar == ':') return 1;
  if (!a->lastPieceFull) return 1;
  if (a->indented && x->indent >= 2) return 1;
  return 0;
}

/* Start a block at piece k from offset s (a heading when a number begins there). */
static void start_block(Assembly *a, size_t k, size_t s) {
  const Piece *x = &a->p->a[k];
  size_t nNum = 0;
  int value = 0;
  HeadingLevel lv = LEVEL_NONE;
  if (s == x->iStart && heading_allowed(a, k)) {
    lv = reflow_heading_prefix(a->t->z + s, x->iEnd - s, &nNum, &value);
  }
  builder_start(&a->b, lv ? BLOCK_HEADING : BLOCK_PARAGRAPH);
  a->b.level = lv;
  a->b.number = value;
  a->b.firstLineWidth = x->width;
  a->b.nNumber = 0;
  if (lv) {
    /* Record the number's length in block text terms after appending. */
    builder_append(&a->b, a->t, s, s + nNum, x->line, x->spaced);
    a->b.nNumber = a->b.text.n;
  }
}

/* Is there sentence or clause punctuation in piece x from offset s on? */
static int punct_from(const char *z, const Piece *x, size_t s) {
  return s == x->iStart ? x->punct : has_sentence_punct(z, s, x->iEnd);
}

/* Append piece k from offset s; headings close at their first sentence end, and what follows
** on the line starts a paragraph. Returns with the builder open. */
static void feed(Assembly *a, size_t k, size_t s) {
  const Piece *x = &a->p->a[k];
  const char *z = a->t->z;
  if (a->b.kind == BLOCK_HEADING) {
    size_t from = s;
    size_t end = first_sentence_end(z, from, x->iEnd);
    if (end) {
      builder_append(&a->b, a->t, from, end, x->line, x->spaced);
      builder_close(&a->b);
      size_t rest = skip_spaces(z, x->iEnd, end);
      a->haveLast = 1;
      a->lastChar = 0x3002;
      a->lastPieceFull = 0;
      if (rest < x->iEnd) {
        builder_start(&a->b, BLOCK_PARAGRAPH);
        builder_append(&a->b, a->t, rest, x->iEnd, x->line, x->spaced);
        a->lastChar = last_meaningful(z, rest, x->iEnd);
        a->lastHasComma = !a->wrapped && punct_from(z, x, rest);
        a->lastPieceFull = piece_full(a, x, 0, 3);
      }
      return;
    }
    builder_append(&a->b, a->t, from, x->iEnd, x->line, x->spaced);
    a->haveLast = 1;
    a->lastChar = last_meaningful(z, from, x->iEnd);
    a->lastHasComma = !a->wrapped && punct_from(z, x, from);
    a->lastPieceFull = piece_full(a, x, a->b.nLine == 1, 3);
    return;
  }
  builder_append(&a->b, a->t, s, x->iEnd, x->line, x->spaced);
  a->haveLast = 1;
  a->lastChar = last_meaningful(z, s, x->iEnd);
  a->lastHasComma = !a->wrapped && punct_from(z, x, s);
  a->lastPieceFull = piece_full(a, x, a->b.nLine == 1, 3);
}

/* Does the open heading go on with piece k? */
static int heading_continues(const Assembly *a, size_t k) {
  const Piece *x = &a->p->a[k];
  const Piece *prev = &a->p->a[k - 1];
  if (!x->firstOnLine) return 1;
  size_t nNum;
  int v;
  if (reflow_heading_prefix(a->t->z + x->iStart, x->iEnd - x->iStart, &nNum, &v)) return 0;
  if (a->indented && x->indent >= 2) return 0;
  if (utf8_is_sentence_end(a->lastChar)) return 0;
  /* A heading line well short of the column ends the heading; a blank line ends it unless the
  ** line before was completely full (a column break inside a long title). */
  if (prev->colWidth == 0 || prev->width < prev->colWidth - 12) return 0;
  if (x->nBlankBefore > 0 && prev->width < prev->colWidth - 2) return 0;
  if (a->b.nLine >= 2 && prev->width < a->b.firstLineWidth - 4) return 0;
  return 1;
}

/* Does the open paragraph go on with piece k? */
static int paragraph_continues(const Assembly *a, size_t k) {
  const Piece *x = &a->p->a[k];
  if (!x->firstOnLine) return 1;
  size_t nNum;
  int v;
  if (heading_allowed(a, k) &&
      reflow_heading_prefix(a->t->z + x->iStart, x->iEnd - x->iStart, &nNum, &v)) {
    return 0;
  }
  int ends = utf8_is_sentence_end(a->lastChar);
  if (!a->wrapped) {
    /* One paragraph per line: a line goes on only when it stops inside a sentence that has
    ** already begun (it holds a comma), never after a title-like line. */
    return !ends && a->lastHasComma;
  }
  if (!ends) {
    if (!a->lastPieceFull && a->indented && x->indent >= 2) return 0;
    return 1;
  }
  if (!a->lastPieceFull) return 0;
  if (a->indented) return x->indent < 2;
  return x->nBlankBefore == 0;
}

static int cmp_block(const void *pa, const void *pb) {
  const Block *x = pa, *y = pb;
  if (x->iSrcStart != y->iSrcStart) return x->iSrcStart < y->iSrcStart ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static Block *add_simple_block(Assembly *a, BlockKind kind, size_t k0, size_t k1) {
  Builder nb = {0};
  nb.d = a->d;
  builder_start(&nb, kind);
  for (size_t k = k0; k < k1; k++) {
    builder_append(&nb, a->t, a->p->a[k].iStart, a->p->a[k].iEnd, a->p->a[k].line,
                   a->p->a[k].spaced);
  }
  Block *blk = builder_close(&nb);
  buf_free(&nb.text);
  free(nb.aSeg);
  return blk;
}

/* After the continued-on marker at k, is the next thing (past running titles) a continued-from
** marker? Then the two pages were laid one after the other in this file ("…精深加（下转第2版）
** （上接第1版）工延伸…") and the text runs on through the jump. Returns the index of that
** marker, or 0. */
static size_t joined_jump(const Pieces *p, size_t k) {
  if (p->a[k].bFrom) return 0;
  for (size_t j = k + 1; j < p->n; j++) {
    if (p->a[j].isMarker) return p->a[j].bFrom ? j : 0;
    if (p->a[j].role == ROLE_TEXT) return 0;
  }
  return 0;
}

static void assemble(Assembly *a) {
  Pieces *p = a->p;
  a->b.d = a->d;
  for (size_t k = 0; k < p->n;) {
    Piece *x = &p->a[k];
    if (x->isMarker) {
      size_t j = joined_jump(p, k);
      if (j) {
        /* Keep the open block: the text goes on after the second marker. */
        for (size_t m = k; m <= j; m++) {
          const Piece *y = &p->a[m];
          Block *blk = add_simple_block(a, y->isMarker ? BLOCK_PAGE_MARKER : BLOCK_RUNNING_TITLE,
                                        m, m + 1);
          if (blk && y->isMarker) blk->jump = (y->bFrom ? JUMP_FROM : JUMP_TO) | JUMP_JOINED;
        }
        a->afterJoinedJump = 1;
        k = j + 1;
        continue;
      }
      if (a->b.open) {
        Block *blk = builder_close(&a->b);
        if (blk && blk->kind == BLOCK_PARAGRAPH && !utf8_is_sentence_end(a->lastChar)) {
          blk->incomplete = 1;
        }
      }
      Block *blk = add_simple_block(a, BLOCK_PAGE_MARKER, k, k + 1);
      if (blk) blk->jump = x->bFrom ? JUMP_FROM : JUMP_TO;
      a->haveLast = 0;
      k++;
      continue;
    }
    if (x->role != ROLE_TEXT) {
      size_t j = k + 1;
      while (j < p->n && p->a[j].role == x->role && !p->a[j].isMarker &&
             p->a[j].nBlankBefore == 0) {
        j++;
      }
      /* A running title between columns does not end the paragraph around it. */
      Block *blk = add_simple_block(a, x->role == ROLE_TITLE ? BLOCK_TITLE : BLOCK_RUNNING_TITLE,
                                    k, j);
      if (blk && x->role == ROLE_FURNITURE) blk->furniture = 1;
      if (j < p->n && p->a[j].nBlankBefore < 255) p->a[j].nBlankBefore += 1;
      k = j;
      continue;
    }
    if (a->b.open) {
      int more = (a->b.kind == BLOCK_HEADING) ? heading_continues(a, k) : paragraph_continues(a, k);
      /* Through a joined page jump, a sentence left open goes on. */
      if (a->afterJoinedJump && !utf8_is_sentence_end(a->lastChar)) more = 1;
      a->afterJoinedJump = 0;
      if (more) {
        feed(a, k, x->iStart);
        k++;
        continue;
      }
      builder_close(&a->b);
    }
    start_block(a, k, x->iStart);
    size_t s = x->iStart;
    if (a->b.kind == BLOCK_HEADING) s = a->b.iSrcEnd;
    feed(a, k, s);
    k++;
  }
  builder_close(&a->b);
}

/* Put blocks in source order, number them, and split them into fragments at page markers. */
static void number_fragments(Doc *d) {
  if (d->nBlock > 1) qsort(d->aBlock, (size_t)d->nBlock, sizeof(Block), cmp_block);
  for (int i = 0; i < d->nBlock; i++) d->aBlock[i].id = i + 1;
  int frag = 1;
  int contentSeen = 0;     /* content in the current fragment */
  int pendingNew = 0;      /* a continued-on marker ended the fragment */
  for (int i = 0; i < d->nBlock; i++) {
    Block *b = &d->aBlock[i];
    if (b->kind == BLOCK_PAGE_MARKER) {
      if (b->jump & JUMP_JOINED) {
        b->fragment = frag;   /* the text runs on: same fragment */
        continue;
      }
      if (b->jump & JUMP_FROM) {
        if (contentSeen || pendingNew) {
          frag++;
          /* Non-content blocks just before it (a running title) head the new fragment. */
          for (int j = i - 1; j >= 0 && !block_is_content(&d->aBlock[j]) &&
                              d->aBlock[j].kind != BLOCK_PAGE_MARKER;
               j--) {
            d->aBlock[j].fragment = frag;
          }
        }
        contentSeen = 0;
        pendingNew = 0;
      } else {
        pendingNew = 1;
      }
      b->fragment = frag;
      continue;
    }
    if (block_is_content(b) && pendingNew) {
      frag++;
      pendingNew = 0;
      contentSeen = 0;
    }
    if (block_is_content(b) && b->kind != BLOCK_TITLE) contentSeen = 1;
    b->fragment = frag;
  }
  d->nFragment = d->nBlock ? frag : 0;
}

void reflow_run(Doc *d) {
  Pieces p = {0};
  /* Markers and titles are recognised on the Simplified form of the text (下轉 is 下转). */
  const Text *t = d->pText;
  d->bTraditional = text_has_traditional(t->z, t->nByte);
  cut_pieces(t, d->bTraditional, &p);
  mark_titles(t->z, d->bTraditional, &p);
  estimate_widths(&p);
  Assembly a;
  memset(&a, 0, sizeof a);
  a.d = d;
  a.t = d->pText;
  a.p = &p;
  a.wrapped = text_is_wrapped(d->pText->z, &p);
  /* At most two blocks a piece (a run-in heading and its paragraph): reserve that much address
  ** space once; only the blocks written take memory, and no growth copies them. */
  if (d->nBlockCap < (int)(2 * p.n + 16)) {
    d->nBlockCap = (int)(2 * p.n + 16);
    d->aBlock = xrealloc(d->aBlock, sizeof(Block) * (size_t)d->nBlockCap);
  }
  a.indented = text_uses_indent(&p);
  assemble(&a);
  buf_free(&a.b.text);
  free(a.b.aSeg);
  free(p.a);
  /* Give back what doubling the block array left unused. */
  if (d->nBlock > 0 && d->nBlockCap > d->nBlock) {
    d->aBlock = xrealloc(d->aBlock, sizeof(Block) * (size_t)d->nBlock);
    d->nBlockCap = d->nBlock;
  }
  number_fragments(d);
}
