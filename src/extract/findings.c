/*
** Findings: the problems and recommendations of a feedback written in prose (see findings.h).
**
** The reading goes in four steps. (1) Enumerators: every sentence start, and every place right
** after a "：" or "，", is tried for 一是 / 一要 / 第一， / （一） / 一、 / 1． / （1） / 问题一：; each
** style is its own numbering. (2) Lists: an enumerator numbered 1 opens a list of its style, the
** next number continues it. (3) Each list is typed by the words that introduce it — the part of
** its first sentence before it, and the sentence before when it opens a sentence: words about
** problems (问题, 不足, 差距 …) make a problem list, 意见建议 / 建议 / 整改要求 (or the 一要 style) a
** recommendation list; a list inside an item of a typed list is part of that item. (4) Items run
** from one enumerator to the next; the last runs to the end of its paragraph (for a heading, over
** its body up to the next heading as high), and stops at a sentence that turns to something else
** (the recommendations, 问题线索, the inspected party's 表示 …).
** Matching uses the Simplified text (Block.zNorm, same offsets), so Traditional text reads the
** same; strings are taken from Block.zText.
*/
#include "findings.h"

#include "../base/mem.h"
#include "../base/utf8.h"

#include <stdlib.h>
#include <string.h>

/* ---- small text helpers ------------------------------------------------------------------ */

static int lit(const char *z, size_t n, size_t i, const char *zLit) {
  size_t m = strlen(zLit);
  return i + m <= n && memcmp(z + i, zLit, m) == 0;
}

/* Does z[s..e) contain zLit? */
static int has(const char *z, size_t s, size_t e, const char *zLit) {
  size_t m = strlen(zLit);
  for (size_t i = s; i + m <= e; i++) {
    if (memcmp(z + i, zLit, m) == 0) return 1;
  }
  return 0;
}

static int has_any(const char *z, size_t s, size_t e, const char *const *az) {
  for (int k = 0; az[k]; k++) {
    if (has(z, s, e, az[k])) return 1;
  }
  return 0;
}

static uint32_t cp_at(const char *z, size_t n, size_t i, size_t *pLen) {
  uint32_t cp = 0;
  int len = i < n ? utf8_decode((const unsigned char *)z + i, n - i, &cp) : 0;
  if (len <= 0) {
    cp = i < n ? (unsigned char)z[i] : 0;
    len = i < n ? 1 : 0;
  }
  if (pLen) *pLen = (size_t)len;
  return cp;
}

static size_t next_char(const char *z, size_t n, size_t i) {
  size_t len;
  cp_at(z, n, i, &len);
  return i + (len ? len : 1);
}

static int is_space_cp(uint32_t cp) { return cp && utf8_is_space(cp); }

/* Marks to drop at the end of a range: sentence ends, clause marks, spaces, openers. */
static int is_trailing_mark(uint32_t cp) {
  return utf8_is_sentence_end(cp) || utf8_is_clause_mark(cp) || utf8_is_space(cp) ||
         utf8_is_opener(cp) || cp == 0xFF1A /* ： */ || cp == ':';
}

static size_t trim_end(const char *z, size_t s, size_t e) {
  while (e > s) {
    size_t p = utf8_prev(z, e);
    if (!is_trailing_mark(cp_at(z, e, p, NULL))) break;
    e = p;
  }
  return e;
}

static size_t skip_lead(const char *z, size_t i, size_t e) {
  while (i < e) {
    size_t len;
    uint32_t cp = cp_at(z, e, i, &len);
    if (!(utf8_is_space(cp) || cp == 0xFF0C || cp == ',' || cp == 0xFF1A || cp == ':' ||
          cp == 0x3001)) {
      break;
    }
    i += len;
  }
  return i;
}

/* A Chinese numeral 一..九十九 at z[i]: its value, bytes in *pLen; 0 when none. */
static int cn_number(const char *z, size_t n, size_t i, size_t *pLen) {
  static const char *const azDigit[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
  size_t at = i;
  int d1 = 0, d2 = 0, ten = 0;
  for (int k = 0; k < 9 && !d1; k++) {
    if (lit(z, n, at, azDigit[k])) d1 = k + 1;
  }
  if (d1) at += 3;
  if (lit(z, n, at, "十")) {
    ten = 1;
    at += 3;
    for (int k = 0; k < 9 && !d2; k++) {
      if (lit(z, n, at, azDigit[k])) d2 = k + 1;
    }
    if (d2) at += 3;
  }
  if (at == i) return 0;
  *pLen = at - i;
  return ten ? (d1 ? d1 : 1) * 10 + d2 : d1;
}

/* Digits 1..99 (ASCII or full-width) at z[i]: value, bytes in *pLen; 0 when none. */
static int ar_number(const char *z, size_t n, size_t i, size_t *pLen) {
  int v = 0, nd = 0;
  size_t at = i;
  for (;;) {
    size_t len;
    uint32_t cp = cp_at(z, n, at, &len);
    int d = cp ? utf8_digit_value(cp) : -1;
    if (d < 0 || nd == 2) break;
    v = v * 10 + d;
    nd++;
    at += len;
  }
  if (!nd || v == 0 || (nd == 2 && cp_at(z, n, at, NULL) && utf8_digit_value(cp_at(z, n, at, NULL)) >= 0)) return 0;
  *pLen = at - i;
  return v;
}

/* ---- enumerators --------------------------------------------------------------------------- */

typedef enum Style {
  STYLE_SHI = 0,   /* 一是 (一是要) */
  STYLE_YAO,       /* 一要 */
  STYLE_DI,        /* 第一， */
  STYLE_PAREN,     /* （一） */
  STYLE_DUN,       /* 一、 */
  STYLE_ARABIC,    /* 1． 1. 1、 */
  STYLE_PAREN_AR,  /* （1） */
  STYLE_WENTI,     /* 问题一： */
  STYLE_COUNT
} Style;

typedef struct Marker {
  Style style;
  int value;
  int iBlock;            /* index in Doc.aBlock */
  int iSent;             /* sentence of the block */
  uint32_t iStart;       /* the enumerator */
  uint32_t iBody;        /* the text after it */
  int atSentence;        /* opens its sentence */
} Marker;

/* Parse an enumerator at z[i] (Simplified text, block of n bytes). Returns 1 and fills *m. */
static int parse_marker(const char *z, size_t n, size_t i, int atStart, Marker *m) {
  size_t len;
  int v;
  size_t at = i;
  if (lit(z, n, at, "问题")) {
    v = cn_number(z, n, at + 6, &len);
    if (v) {
      size_t after = at + 6 + len;
      if (lit(z, n, after, "：") || lit(z, n, after, ":") || lit(z, n, after, "，") ||
          lit(z, n, after, "是") || lit(z, n, after, "、")) {
        m->style = STYLE_WENTI;
        m->value = v;
        m->iBody = (uint32_t)(after + (lit(z, n, after, ":") ? 1 : 3));
        return 1;
      }
    }
    return 0;
  }
  if (lit(z, n, at, "第")) {
    v = cn_number(z, n, at + 3, &len);
    size_t after = at + 3 + len;
    if (v && (lit(z, n, after, "，") || lit(z, n, after, "是") || lit(z, n, after, "：") ||
              lit(z, n, after, ","))) {
      m->style = STYLE_DI;
      m->value = v;
      m->iBody = (uint32_t)(after + (lit(z, n, after, ",") ? 1 : 3));
      return 1;
    }
    return 0;
  }
  if (lit(z, n, at, "（") || lit(z, n, at, "(")) {
    size_t open = at + (z[at] == '(' ? 1 : 3);
    int cn = 1;
    v = cn_number(z, n, open, &len);
    if (!v) {
      v = ar_number(z, n, open, &len);
      cn = 0;
    }
    size_t after = open + len;
    if (v && (lit(z, n, after, "）") || lit(z, n, after, ")"))) {
      m->style = cn ? STYLE_PAREN : STYLE_PAREN_AR;
      m->value = v;
      m->iBody = (uint32_t)(after + (z[after] == ')' ? 1 : 3));
      return 1;
    }
    return 0;
  }
  v = cn_number(z, n, at, &len);
  if (v) {
    size_t after = at + len;
    if (lit(z, n, after, "是")) {
      m->style = STYLE_SHI;
      m->value = v;
      m->iBody = (uint32_t)(after + (lit(z, n, after + 3, "要") ? 6 : 3));  /* 一是要 */
      return 1;
    }
    if (lit(z, n, after, "要")) {
      /* 一要 ... but not 一要素 */
      if (lit(z, n, after + 3, "素") || lit(z, n, after + 3, "件")) return 0;
      m->style = STYLE_YAO;
      m->value = v;
      m->iBody = (uint32_t)(after + 3);
      return 1;
    }
    if (atStart && lit(z, n, after, "、")) {
      m->style = STYLE_DUN;
      m->value = v;
      m->iBody = (uint32_t)(after + 3);
      return 1;
    }
    return 0;
  }
  if (!atStart) return 0;
  v = ar_number(z, n, at, &len);
  if (v) {
    size_t after = at + len;
    size_t mlen = lit(z, n, after, "．") || lit(z, n, after, "、") ? 3 : lit(z, n, after, ".") ? 1 : 0;
    if (!mlen) return 0;
    /* "1.5倍" is a number, not an enumerator */
    uint32_t c = cp_at(z, n, after + mlen, NULL);
    if (c && utf8_digit_value(c) >= 0) return 0;
    m->style = STYLE_ARABIC;
    m->value = v;
    m->iBody = (uint32_t)(after + mlen);
    return 1;
  }
  return 0;
}

static int block_usable(const Block *b) {
  return (b->kind == BLOCK_PARAGRAPH || b->kind == BLOCK_HEADING) && b->zNorm && b->nText;
}

typedef struct Reader {
  const Doc *d;
  Marker *aMark;
  int nMark, capMark;
} Reader;

static void add_marker(Reader *r, const Marker *m) {
  if (r->nMark == r->capMark) {
    r->capMark = r->capMark ? 2 * r->capMark : 32;
    r->aMark = xrealloc(r->aMark, sizeof(Marker) * (size_t)r->capMark);
  }
  r->aMark[r->nMark++] = *m;
}

static void find_markers(Reader *r) {
  for (int ib = 0; ib < r->d->nBlock; ib++) {
    const Block *b = &r->d->aBlock[ib];
    if (!block_usable(b)) continue;
    const char *z = b->zNorm;
    size_t n = b->nText;
    for (int is = 0; is < b->nSent; is++) {
      const Sentence *s = &b->aSent[is];
      size_t i = s->iStart;
      while (i < s->iEnd && is_space_cp(cp_at(z, n, i, NULL))) i = next_char(z, n, i);
      Marker m;
      memset(&m, 0, sizeof m);
      /* at the sentence start; 一、 and 1． only at the start of a block */
      int blockStart = (is == 0);
      if (parse_marker(z, s->iEnd, i, blockStart, &m)) {
        m.iBlock = ib;
        m.iSent = is;
        m.iStart = (uint32_t)i;
        m.atSentence = 1;
        add_marker(r, &m);
        continue;
      }
      /* after a "：" or a "，" inside the sentence ("巡视指出的主要问题：一是…") */
      for (size_t j = i; j < s->iEnd; j = next_char(z, n, j)) {
        size_t len;
        uint32_t cp = cp_at(z, n, j, &len);
        if (cp != 0xFF1A && cp != ':' && cp != 0xFF0C) continue;
        size_t k = j + len;
        while (k < s->iEnd && is_space_cp(cp_at(z, n, k, NULL))) k = next_char(z, n, k);
        memset(&m, 0, sizeof m);
        if (parse_marker(z, s->iEnd, k, 0, &m) &&
            (cp != 0xFF0C || m.style == STYLE_SHI || m.style == STYLE_YAO ||
             m.style == STYLE_DI)) {
          m.iBlock = ib;
          m.iSent = is;
          m.iStart = (uint32_t)k;
          m.atSentence = 0;
          add_marker(r, &m);
          break;  /* the rest of the sentence is its first item */
        }
      }
    }
  }
}

/* ---- lists ----------------------------------------------------------------------------------- */

enum { LIST_NONE = 0, LIST_PROBLEM, LIST_RECOMMENDATION };

typedef struct List {
  Style style;
  int iFirst;            /* first marker */
  int *aItem;            /* marker indexes of its items */
  int nItem, capItem;
  int type;              /* LIST_* */
  int endBlock;          /* where its last item ends: block index and offset */
  uint32_t iEnd;
  int accepted;          /* a top-level typed list */
} List;

/* Words that introduce a list of recommendations, and words about problems. */
static const char *const azRecCue[] = {"意见建议", "建议", "整改要求", "巡视组要求", "巡察组要求",
                                       "以下要求", "如下要求", "几点要求", "提出要求", "整改意见",
                                       "强调", NULL};
static const char *const azProbCue[] = {"问题", "不足", "差距", "短板", "弱项", "薄弱", NULL};
static const char *const azProbNear[] = {"指出", "发现", NULL};
static const char *const azPraise[] = {"成效", "成绩", "进展", NULL};
/* Sentences after a list that turn to something else: its last item ends before them. */
static const char *const azStopAny[] = {"问题线索", "表示", "强调", "反馈会", "主持", "诚恳接受",
                                        "举报", "反映", "巡视组要求", "巡察组要求", NULL};

/* Type of a list from its intro: the part of marker m's sentence before it, then (when m
** opens its sentence) the sentence before in the document. */
static int list_type(const Reader *r, const List *l) {
  const Marker *m = &r->aMark[l->iFirst];
  if (l->style == STYLE_WENTI) return LIST_PROBLEM;
  if (l->style == STYLE_YAO) return LIST_RECOMMENDATION;
  const Block *b = &r->d->aBlock[m->iBlock];
  const char *z = b->zNorm;
  size_t s = b->aSent[m->iSent].iStart, e = m->iStart;
  if (e > s) {
    if (has_any(z, s, e, azRecCue)) return LIST_RECOMMENDATION;
    if (has_any(z, s, e, azPraise) && !has_any(z, s, e, azProbCue)) return LIST_NONE;
    if (has_any(z, s, e, azProbCue) || has_any(z, s, e, azProbNear)) return LIST_PROBLEM;
  }
  if (!m->atSentence) return LIST_NONE;
  /* the sentence before, in this block or the last sentence of the usable block before */
  const Block *pb = b;
  int is = m->iSent - 1;
  if (is < 0) {
    pb = NULL;
    for (int k = m->iBlock - 1; k >= 0; k--) {
      if (block_usable(&r->d->aBlock[k]) && r->d->aBlock[k].nSent) {
        pb = &r->d->aBlock[k];
        break;
      }
    }
    if (!pb) return LIST_NONE;
    is = pb->nSent - 1;
  }
  z = pb->zNorm;
  s = pb->aSent[is].iStart;
  e = pb->aSent[is].iEnd;
  /* in a heading the title is the intro whole ("一、巡视发现的主要问题"); in a paragraph only
  ** a sentence that leads into the list (ends with "：") */
  int leads = pb->kind == BLOCK_HEADING || lit(z, e, trim_end(z, s, e), "：") ||
              (e >= s + 3 && lit(z, e, utf8_prev(z, e), "："));
  if (!leads) return LIST_NONE;
  if (has_any(z, s, e, azRecCue)) return LIST_RECOMMENDATION;
  if (has_any(z, s, e, azProbCue)) return LIST_PROBLEM;
  return LIST_NONE;
}

/* Where the last item of l ends (block index and offset): its paragraph's end, or for a heading
** its body up to the next heading as high; cut before a sentence that turns to other things. */
static void list_end(const Reader *r, List *l) {
  const Marker *m = &r->aMark[l->aItem[l->nItem - 1]];
  const Doc *d = r->d;
  const Block *b = &d->aBlock[m->iBlock];
  int last = m->iBlock;
  if (b->kind == BLOCK_HEADING && m->iStart <= 3) {
    for (int k = m->iBlock + 1; k < d->nBlock; k++) {
      const Block *c = &d->aBlock[k];
      if (!block_usable(c)) {
        if (c->kind == BLOCK_TITLE) break;
        continue;
      }
      if (c->kind == BLOCK_HEADING && c->level != LEVEL_NONE && c->level <= b->level) break;
      last = k;
    }
  }
  /* cut at a sentence after the item's first that turns to other things */
  for (int k = m->iBlock; k <= last; k++) {
    const Block *c = &d->aBlock[k];
    if (!block_usable(c)) continue;
    for (int is = 0; is < c->nSent; is++) {
      if (k == m->iBlock && is <= m->iSent) continue;
      const Sentence *s = &c->aSent[is];
      int stop = has_any(c->zNorm, s->iStart, s->iEnd, azStopAny);
      if (!stop && l->type == LIST_PROBLEM) stop = has_any(c->zNorm, s->iStart, s->iEnd, azRecCue);
      if (stop) {
        if (is > 0) {
          l->endBlock = k;
          l->iEnd = s->iStart;
        } else {
          /* before this block: the end of the usable block before */
          int p = k - 1;
          while (p > m->iBlock && !block_usable(&d->aBlock[p])) p--;
          l->endBlock = p;
          l->iEnd = (uint32_t)d->aBlock[p].nText;
        }
        return;
      }
    }
  }
  l->endBlock = last;
  l->iEnd = (uint32_t)d->aBlock[last].nText;
}

/* Is position (block ib, offset i) before (block jb, offset j)? */
static int pos_before(int ib, uint32_t i, int jb, uint32_t j) {
  return ib < jb || (ib == jb && i < j);
}

/* The range of item k of list l: from its enumerator's text to the next item (or the list's
** end), end marks trimmed. */
static FindingRange item_range(const Reader *r, const List *l, int k) {
  const Doc *d = r->d;
  const Marker *m = &r->aMark[l->aItem[k]];
  FindingRange g;
  g.blockFirst = m->iBlock;
  g.iStart = (uint32_t)skip_lead(d->aBlock[m->iBlock].zNorm, m->iBody, d->aBlock[m->iBlock].nText);
  int eb;
  uint32_t ei;
  if (k + 1 < l->nItem) {
    const Marker *nx = &r->aMark[l->aItem[k + 1]];
    eb = nx->iBlock;
    ei = nx->iStart;
  } else {
    eb = l->endBlock;
    ei = l->iEnd;
  }
  /* an end at a block's start is the end of the usable block before */
  for (;;) {
    const Block *c = &d->aBlock[eb];
    size_t t = trim_end(c->zNorm, 0, ei);
    if (t > 0 || eb <= g.blockFirst) {
      ei = (uint32_t)t;
      break;
    }
    eb--;
    while (eb > g.blockFirst && !block_usable(&d->aBlock[eb])) eb--;
    ei = (uint32_t)d->aBlock[eb].nText;
  }
  if (eb == g.blockFirst && ei < g.iStart) ei = g.iStart;
  g.blockLast = eb;
  g.iEnd = ei;
  /* block ids, 1-based */
  g.blockFirst = d->aBlock[g.blockFirst].id;
  g.blockLast = d->aBlock[g.blockLast].id;
  return g;
}

/* Text of a range as one line: blocks joined, "：" after a block (a heading) that ends
** without a mark. Allocated in a. */
static char *range_text(const Doc *d, const FindingRange *g, Arena *a) {
  size_t cap = 0;
  for (int k = g->blockFirst; k <= g->blockLast; k++) cap += d->aBlock[k - 1].nText + 3;
  char *z = arena_alloc(a, cap + 1);
  size_t n = 0;
  for (int k = g->blockFirst; k <= g->blockLast; k++) {
    const Block *b = &d->aBlock[k - 1];
    if (!block_usable(b)) continue;
    size_t s = k == g->blockFirst ? g->iStart : 0;
    size_t e = k == g->blockLast ? g->iEnd : b->nText;
    if (k != g->blockFirst) s = skip_lead(b->zText, s, e);
    if (e <= s) continue;
    if (n && !is_trailing_mark(cp_at(z, n, utf8_prev(z, n), NULL))) {
      memcpy(z + n, "：", 3);
      n += 3;
    }
    memcpy(z + n, b->zText + s, e - s);
    n += e - s;
  }
  z[n] = 0;
  return z;
}

/* The task range within one block: the range's first block only. */
static FindingRange first_block_of(const Doc *d, FindingRange g) {
  if (g.blockLast != g.blockFirst) {
    const Block *b = &d->aBlock[g.blockFirst - 1];
    g.iEnd = (uint32_t)trim_end(b->zNorm, g.iStart, b->nText);
    g.blockLast = g.blockFirst;
  }
  return g;
}

/* ---- a problem's own corrective clause -------------------------------------------------------- */

static const char *const azOwnOpener[] = {"需要", "必须", "应当", "应该", "务必", "亟需", "限期",
                                          "立即", "尽快", "对此要", "下一步要", NULL};

/* A clause of the problem's blocks (not its first) that orders its correction: "…，要…",
** "…，必须…", "…，限期整改到位". Returns its offset in the block with id *pBlock, or 0. */
static uint32_t own_clause(const Doc *d, const FindingRange *g, int *pBlock) {
  for (int k = g->blockFirst; k <= g->blockLast; k++) {
    const Block *b = &d->aBlock[k - 1];
    if (!block_usable(b)) continue;
    const char *z = b->zNorm;
    size_t lo = k == g->blockFirst ? g->iStart : 0;
    size_t hi = k == g->blockLast ? g->iEnd : b->nText;
    for (int c = 0; c < b->nClause; c++) {
      size_t s = b->aClause[c].iStart, e = b->aClause[c].iEnd;
      if (s <= lo || s >= hi) continue;
      s = skip_lead(z, s, e);
      int yes = 0;
      for (int w = 0; azOwnOpener[w] && !yes; w++) yes = lit(z, e, s, azOwnOpener[w]);
      if (!yes && lit(z, e, s, "要")) {
        static const char *const azNot[] = {"素", "害", "件", "点", "求", "闻", "地", "职",
                                            "务", "么", "是", "数", NULL};
        yes = 1;
        for (int w = 0; azNot[w]; w++) {
          if (lit(z, e, s + 3, azNot[w])) yes = 0;
        }
      }
      if (!yes && has(z, s, e < hi ? e : hi, "整改")) yes = 1;
      if (yes) {
        *pBlock = k;
        return (uint32_t)s;
      }
    }
  }
  return 0;
}

/* ---- matching recommendations by wording ------------------------------------------------------ */

/* Distinct Han bigrams of a range's normalised text, as 64-bit keys, sorted. */
static int bigrams(const Doc *d, const FindingRange *g, uint64_t **pa) {
  size_t cap = 0;
  for (int k = g->blockFirst; k <= g->blockLast; k++) cap += d->aBlock[k - 1].nText / 3 + 1;
  uint64_t *a = xmalloc(sizeof(uint64_t) * (cap + 1));
  int n = 0;
  for (int k = g->blockFirst; k <= g->blockLast; k++) {
    const Block *b = &d->aBlock[k - 1];
    if (!block_usable(b)) continue;
    const char *z = b->zNorm;
    size_t s = k == g->blockFirst ? g->iStart : 0;
    size_t e = k == g->blockLast ? g->iEnd : b->nText;
    uint32_t prev = 0;
    for (size_t i = s; i < e;) {
      size_t len;
      uint32_t cp = cp_at(z, e, i, &len);
      if (!len) break;
      i += len;
      if (!utf8_is_han(cp)) {
        prev = 0;
        continue;
      }
      if (prev) a[n++] = ((uint64_t)prev << 32) | cp;
      prev = cp;
    }
  }
  /* sort and make distinct */
  for (int i = 1; i < n; i++) {
    uint64_t v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (m == 0 || a[m - 1] != a[i]) a[m++] = a[i];
  }
  *pa = a;
  return m;
}

static int shared(const uint64_t *a, int na, const uint64_t *b, int nb) {
  int i = 0, j = 0, c = 0;
  while (i < na && j < nb) {
    if (a[i] == b[j]) {
      c++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return c;
}

/* Words common to every item of a feedback: they say nothing about which problem is which. */
static int bigram_is_common(uint64_t v) {
  static const char *const az[] = {"问题", "落实", "工作", "建设", "不够", "到位", "加强", "推动",
                                   "巡视", "整改", "责任", "坚持", "存在", "党的", "全面", NULL};
  for (int k = 0; az[k]; k++) {
    uint32_t c1, c2;
    utf8_decode((const unsigned char *)az[k], 3, &c1);
    utf8_decode((const unsigned char *)az[k] + 3, 3, &c2);
    if (v == (((uint64_t)c1 << 32) | c2)) return 1;
  }
  return 0;
}

static int drop_common(uint64_t *a, int n) {
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (!bigram_is_common(a[i])) a[m++] = a[i];
  }
  return m;
}

/* ---- reading ------------------------------------------------------------------------------- */

static void list_add(List *l, int iMark) {
  if (l->nItem == l->capItem) {
    l->capItem = l->capItem ? 2 * l->capItem : 8;
    l->aItem = xrealloc(l->aItem, sizeof(int) * (size_t)l->capItem);
  }
  l->aItem[l->nItem++] = iMark;
}

int findings_read(const Doc *d, Findings *f) {
  memset(f, 0, sizeof *f);
  arena_init(&f->arena);
  Reader r;
  memset(&r, 0, sizeof r);
  r.d = d;
  find_markers(&r);
  /* (2) lists: per style, 1 opens a list, the next number continues it */
  List *aList = NULL;
  int nList = 0, capList = 0;
  int aOpen[STYLE_COUNT];
  for (int s = 0; s < STYLE_COUNT; s++) aOpen[s] = -1;
  for (int i = 0; i < r.nMark; i++) {
    const Marker *m = &r.aMark[i];
    if (m->value == 1) {
      if (nList == capList) {
        capList = capList ? 2 * capList : 8;
        aList = xrealloc(aList, sizeof(List) * (size_t)capList);
      }
      List *l = &aList[nList];
      memset(l, 0, sizeof *l);
      l->style = m->style;
      l->iFirst = i;
      list_add(l, i);
      aOpen[m->style] = nList++;
    } else if (aOpen[m->style] >= 0) {
      List *l = &aList[aOpen[m->style]];
      if (r.aMark[l->aItem[l->nItem - 1]].value + 1 == m->value) list_add(l, i);
    }
  }
  /* (3) types, and the top-level typed lists */
  int iLastAccepted = -1;
  for (int k = 0; k < nList; k++) {
    List *l = &aList[k];
    if (l->nItem < 2 && l->style != STYLE_WENTI) continue;
    l->type = list_type(&r, l);
    if (l->type == LIST_NONE) continue;
    const Marker *m = &r.aMark[l->iFirst];
    int nested = 0;
    for (int j = 0; j <= iLastAccepted && !nested; j++) {
      const List *o = &aList[j];
      if (!o->accepted) continue;
      const Marker *om = &r.aMark[o->iFirst];
      if (pos_before(om->iBlock, om->iStart, m->iBlock, m->iStart) &&
          pos_before(m->iBlock, m->iStart, o->endBlock, o->iEnd)) {
        nested = 1;
      }
    }
    if (nested) continue;
    list_end(&r, l);
    l->accepted = 1;
    iLastAccepted = k;
  }
  /* (4) the problems, and the first recommendation list after the first problem list */
  int iRec = -1, firstProb = -1;
  for (int k = 0; k < nList; k++) {
    if (!aList[k].accepted) continue;
    if (aList[k].type == LIST_PROBLEM && firstProb < 0) firstProb = k;
    if (aList[k].type == LIST_RECOMMENDATION && firstProb >= 0 && iRec < 0) iRec = k;
  }
  int nProb = 0;
  for (int k = 0; k < nList; k++) {
    if (aList[k].accepted && aList[k].type == LIST_PROBLEM) nProb += aList[k].nItem;
  }
  if (nProb) {
    f->a = xmalloc(sizeof(Finding) * (size_t)nProb);
    for (int k = 0; k < nList; k++) {
      const List *l = &aList[k];
      if (!l->accepted || l->type != LIST_PROBLEM) continue;
      for (int i = 0; i < l->nItem; i++) {
        Finding *g = &f->a[f->n];
        memset(g, 0, sizeof *g);
        g->number = f->n + 1;
        g->problem = item_range(&r, l, i);
        g->from = FINDING_DRAFTED;
        f->n++;
      }
    }
    /* the recommendations: in parallel when the lists are as long, else by shared wording */
    const List *rl = iRec >= 0 ? &aList[iRec] : NULL;
    int nRec = rl ? rl->nItem : 0;
    f->nRecommendation = nRec;
    int *aUsed = xmalloc(sizeof(int) * (size_t)(nRec + 1));
    memset(aUsed, 0, sizeof(int) * (size_t)(nRec + 1));
    if (rl && nRec == f->n) {
      for (int i = 0; i < f->n; i++) {
        f->a[i].task = first_block_of(d, item_range(&r, rl, i));
        f->a[i].from = FINDING_RECOMMENDATION;
        aUsed[i] = 1;
      }
    } else if (rl) {
      uint64_t **apP = xmalloc(sizeof(uint64_t *) * (size_t)f->n);
      int *anP = xmalloc(sizeof(int) * (size_t)f->n);
      uint64_t **apR = xmalloc(sizeof(uint64_t *) * (size_t)nRec);
      int *anR = xmalloc(sizeof(int) * (size_t)nRec);
      FindingRange *aRec = xmalloc(sizeof(FindingRange) * (size_t)nRec);
      for (int i = 0; i < f->n; i++) {
        anP[i] = bigrams(d, &f->a[i].problem, &apP[i]);
        anP[i] = drop_common(apP[i], anP[i]);
      }
      for (int j = 0; j < nRec; j++) {
        aRec[j] = item_range(&r, rl, j);
        anR[j] = bigrams(d, &aRec[j], &apR[j]);
        anR[j] = drop_common(apR[j], anR[j]);
      }
      int *aTaken = xmalloc(sizeof(int) * (size_t)f->n);
      memset(aTaken, 0, sizeof(int) * (size_t)f->n);
      /* greedy: the best pair left, while it shares enough */
      for (;;) {
        int bi = -1, bj = -1, best = 0;
        for (int i = 0; i < f->n; i++) {
          if (aTaken[i]) continue;
          for (int j = 0; j < nRec; j++) {
            if (aUsed[j]) continue;
            int c = shared(apP[i], anP[i], apR[j], anR[j]);
            if (c > best) {
              best = c;
              bi = i;
              bj = j;
            }
          }
        }
        if (bi < 0 || best < 3 || best * 5 < anR[bj]) break;
        aTaken[bi] = 1;
        aUsed[bj] = 1;
        f->a[bi].task = first_block_of(d, aRec[bj]);
        f->a[bi].from = FINDING_MATCHED;
      }
      for (int i = 0; i < f->n; i++) free(apP[i]);
      for (int j = 0; j < nRec; j++) free(apR[j]);
      free(apP);
      free(anP);
      free(apR);
      free(anR);
      free(aRec);
      free(aTaken);
    }
    for (int j = 0; j < nRec; j++) f->nUnused += !aUsed[j];
    free(aUsed);
    /* the problem's own clause, else a drafted task; then the problem's text */
    for (int i = 0; i < f->n; i++) {
      Finding *g = &f->a[i];
      if (g->from == FINDING_DRAFTED) {
        int blk = 0;
        uint32_t c = own_clause(d, &g->problem, &blk);
        if (c) {
          g->from = FINDING_CLAUSE;
          g->task.blockFirst = g->task.blockLast = blk;
          g->task.iStart = c;
          const Block *b = &d->aBlock[blk - 1];
          g->task.iEnd = blk == g->problem.blockLast ? g->problem.iEnd
                                                     : (uint32_t)trim_end(b->zNorm, c, b->nText);
          /* the problem ends before it */
          g->problem.blockLast = blk;
          g->problem.iEnd = (uint32_t)trim_end(b->zNorm, blk == g->problem.blockFirst ? g->problem.iStart : 0, c);
        } else {
          g->task = first_block_of(d, g->problem);
        }
      }
      g->zProblem = range_text(d, &g->problem, &f->arena);
    }
  }
  for (int k = 0; k < nList; k++) free(aList[k].aItem);
  free(aList);
  free(r.aMark);
  return f->n;
}

void findings_free(Findings *f) {
  free(f->a);
  arena_free(&f->arena);
  memset(f, 0, sizeof *f);
}

/* ---- findings as tasks ------------------------------------------------------------------------ */

/* The block's place hits inside [s, e): they are in text order, so a range. */
static void places_in(const Extraction *x, Task *t) {
  const BlockPlaces *bp = &x->aBlockPlaces[t->block - 1];
  int lo = 0;
  while (lo < bp->n && bp->a[lo].iStart < t->iStart) lo++;
  int k = lo;
  while (k < bp->n && bp->a[k].iEnd <= t->iEnd) k++;
  t->iHit = (uint32_t)lo;
  t->nHit = (uint16_t)(k - lo < 65535 ? k - lo : 65535);
}

int findings_apply(Doc *d, Extraction *x) {
  Findings f;
  if (findings_read(d, &f) == 0) {
    findings_free(&f);
    return 0;
  }
  Task *aOld = x->aTask;
  int nOld = x->nTask;
  Target *aOldTarget = x->aTarget;
  Task *aNew = xmalloc(sizeof(Task) * (size_t)f.n);
  Target *aTarget = NULL;
  size_t nTarget = 0, capTarget = 0;
  for (int i = 0; i < f.n; i++) {
    const Finding *g = &f.a[i];
    Task *t = &aNew[i];
    memset(t, 0, sizeof *t);
    t->id = i + 1;
    t->block = g->task.blockFirst;
    t->iStart = g->task.iStart;
    t->iEnd = g->task.iEnd;
    t->aSuggested[0] = t->aSuggested[1] = -1;
    const Block *b = &d->aBlock[t->block - 1];
    for (int s = 0; s < b->nSent; s++) {
      if (b->aSent[s].iStart <= t->iStart) t->sentence = (uint32_t)s;
    }
    places_in(x, t);
    /* what the extracted tasks the text covers say: kind, deadline, units, targets */
    const Task *first = NULL;
    for (int k = 0; k < nOld; k++) {
      const Task *o = &aOld[k];
      if (o->block != t->block || o->iEnd <= t->iStart || o->iStart >= t->iEnd) continue;
      if (!first) first = o;
      if (!t->deadline && g->from != FINDING_DRAFTED) t->deadline = o->deadline;
      if (g->from == FINDING_DRAFTED) continue;
      for (int j = 0; j < o->nTarget; j++) {
        const Target *tg = &aOldTarget[o->iTarget + j];
        if (tg->iStart < t->iStart || tg->iEnd > t->iEnd) continue;
        MEM_GROW(aTarget, capTarget, nTarget + 1);
        if (!t->nTarget) t->iTarget = (int)nTarget;
        aTarget[nTarget] = *tg;
        aTarget[nTarget].id = (int)nTarget + 1;
        aTarget[nTarget].task = t->id;
        nTarget++;
        t->nTarget++;
      }
    }
    if (first) {
      t->aSuggested[0] = first->aSuggested[0];
      t->aSuggested[1] = first->aSuggested[1];
      if (g->from != FINDING_DRAFTED) t->kind = first->kind;
    }
    TaskMore *more = task_more(&x->arena, t);
    if (first && g->from != FINDING_DRAFTED && first->pMore) {
      more->zDeliverable = first->pMore->zDeliverable;
      more->pActor = first->pMore->pActor;
    }
    Finding *copy = arena_alloc(&x->arena, sizeof(Finding));
    *copy = *g;
    copy->zProblem = arena_strndup(&x->arena, g->zProblem, strlen(g->zProblem));
    more->pFinding = copy;
    TaskUnits *u = arena_alloc(&x->arena, sizeof(TaskUnits));
    memset(u, 0, sizeof *u);
    if (first && first->pMore && first->pMore->pUnits && g->from != FINDING_DRAFTED) *u = *first->pMore->pUnits;
    u->zProblem = copy->zProblem;
    more->pUnits = u;
  }
  if (f.nUnused) {
    doc_diag(d, DIAG_INFO, 0, 0,
             "%d of the %d recommendations answer none of the %d problems: they are not tasks",
             f.nUnused, f.nRecommendation, f.n);
  }
  free(aOld);
  free(aOldTarget);
  x->aTask = aNew;
  x->nTask = f.n;
  x->aTarget = aTarget;
  x->nTarget = (int)nTarget;
  findings_free(&f);
  return x->nTask;
}
