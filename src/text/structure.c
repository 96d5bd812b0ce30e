/*
** Structure: heading tree, sentences, leads, title and diagnostics (see structure.h).
*/
#include "structure.h"

#include "../base/utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct Growing {
  void *a;
  size_t n, cap;
} Growing;

static uint32_t cp_at(const char *z, size_t n, size_t i, int *pLen) {
  uint32_t cp;
  int len = utf8_decode((const unsigned char *)z + i, n - i, &cp);
  if (pLen) *pLen = len;
  return cp;
}

static int is_open_bracket(uint32_t cp) {
  return cp == 0xFF08 || cp == '(' || cp == 0x300A || cp == 0x3010 || cp == 0x300C ||
         cp == 0x300E || cp == 0x201C;
}

static int is_close_bracket(uint32_t cp) {
  return cp == 0xFF09 || cp == ')' || cp == 0x300B || cp == 0x3011 || cp == 0x300D ||
         cp == 0x300F || cp == 0x201D;
}

/* Room for one more element in the array *pa of *pCap elements of sz bytes, full now, which
** starts in the caller's local storage: moved to the heap when it first outgrows it, grown
** there after. Returns the array. (Most blocks never leave the local storage, and the arrays
** end up copied into the arena anyway.) */
static void *grow_local(void *pa, const void *local, size_t *pCap, size_t sz) {
  size_t cap = *pCap * 2;
  void *b;
  if (pa == local) {
    b = xmalloc(cap * sz);
    memcpy(b, pa, *pCap * sz);
  } else {
    b = xrealloc(pa, cap * sz);
  }
  *pCap = cap;
  return b;
}

/* Is c an ASCII letter or digit? Such a character is never a bracket, a sentence end (not
** even '.') or a comma. */
static int is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

void structure_sentences(Arena *a, const char *z, size_t nByte, Sentence **paSent, int *pnSent,
                         Clause **paClause, int *pnClause) {
  Sentence aSLocal[32];
  Clause aCLocal[64];
  Sentence *aS = aSLocal;
  Clause *aC = aCLocal;
  size_t nS = 0, capS = sizeof aSLocal / sizeof aSLocal[0];
  size_t nC = 0, capC = sizeof aCLocal / sizeof aCLocal[0];
  int depth = 0;
  size_t sinceOpen = 0;   /* characters since the outermost bracket opened */
  size_t sStart = 0, cStart = 0;
  size_t i = 0;
  while (i < nByte) {
    /* Most of the text is runs of ideographs with the lead bytes E4..E9 (U+4000..U+9FFF),
    ** with ASCII letters and digits among them: step over a whole run at once, counting its
    ** characters toward an open bracket's limit (what the general path below does with each;
    ** the character that ends the text is left to it). */
    size_t j = i, nChar = 0;
    while (j < nByte) {
      unsigned char c = (unsigned char)z[j];
      if ((unsigned char)(c - 0xE4) < 6 && j + 3 < nByte) j += 3;
      else if (is_ascii_alnum(c) && j + 1 < nByte) j++;
      else break;
      nChar++;
    }
    if (j > i) {
      if (depth > 0 && (sinceOpen += nChar) > 200) depth = 0;
      i = j;
      continue;
    }
    /* Brackets, sentence ends and commas are ASCII or have the lead bytes E2 (“”), E3 (。《》
    ** 【】「」『』) or EF (full-width forms). Any other character (nearly every ideograph) only
    ** counts toward an open bracket's limit, unless it ends the text: step over it without
    ** decoding. */
    unsigned char lead = (unsigned char)z[i];
    if (lead >= 0x80 && lead != 0xE2 && lead != 0xE3 && lead != 0xEF &&
        i + utf8_lead_len(lead) < nByte) {
      if (depth > 0 && ++sinceOpen > 200) depth = 0;
      i += utf8_lead_len(lead);
      continue;
    }
    int len;
    uint32_t cp = cp_at(z, nByte, i, &len);
    size_t next = i + (size_t)len;
    if (is_open_bracket(cp)) {
      if (depth == 0) sinceOpen = 0;
      depth++;
    } else if (is_close_bracket(cp)) {
      if (depth > 0) depth--;
    } else if (depth > 0 && ++sinceOpen > 200) {
      depth = 0;   /* an unbalanced bracket (OCR) must not swallow the rest */
    }
    int endS = depth == 0 && utf8_sentence_end_at(z, nByte, i, cp, (size_t)len);
    int endC = depth == 0 && (cp == 0xFF0C || cp == ',');
    if (endS) {
      while (next < nByte) {
        int l2;
        uint32_t c = cp_at(z, nByte, next, &l2);
        if (!utf8_is_closer(c) || (c == 0xFF09 || c == ')')) break;
        next += (size_t)l2;
      }
    }
    if (endS || endC || next >= nByte) {
      size_t cEnd = (endC || endS) ? i : next;
      if (endS) cEnd = i;
      if (cEnd > cStart) {
        if (nC == capC) aC = grow_local(aC, aCLocal, &capC, sizeof *aC);
        aC[nC++] = (Clause){cStart, cEnd};
      }
      cStart = next;
    }
    if (endS || next >= nByte) {
      if (next > sStart) {
        if (nS == capS) aS = grow_local(aS, aSLocal, &capS, sizeof *aS);
        aS[nS].iStart = sStart;
        aS[nS].iEnd = next;
        aS[nS].iClause = 0;
        aS[nS].nClause = 0;
        nS++;
      }
      sStart = next;
    }
    i = next;
  }
  /* Link clauses to sentences. */
  size_t c = 0;
  for (size_t s = 0; s < nS; s++) {
    while (c < nC && aC[c].iStart < aS[s].iStart) c++;
    aS[s].iClause = (int)c;
    while (c < nC && aC[c].iStart < aS[s].iEnd) {
      aS[s].nClause++;
      c++;
    }
  }
  /* Sentences and clauses in one piece of the arena: a piece a block less to pad. */
  *paSent = arena_alloc(a, sizeof(Sentence) * (nS ? nS : 1) + sizeof(Clause) * nC);
  if (nS) memcpy(*paSent, aS, sizeof(Sentence) * nS);
  *pnSent = (int)nS;
  *paClause = (Clause *)(*paSent + (nS ? nS : 1));
  if (nC) memcpy(*paClause, aC, sizeof(Clause) * nC);
  *pnClause = (int)nC;
  if (aS != aSLocal) free(aS);
  if (aC != aCLocal) free(aC);
}

/* The lead sentence of a paragraph: its first sentence, when it is short, has no comma outside
** brackets, ends with 。 and more text follows. Returns its length in bytes or 0. */
static size_t find_lead(const Block *b) {
  if (b->nSent < 2) return 0;
  const Sentence *s = &b->aSent[0];
  size_t nChar = utf8_nchar(b->zText + s->iStart, s->iEnd - s->iStart);
  if (nChar < 4 || nChar > 26) return 0;
  if (s->nClause != 1) return 0;
  int depth = 0;
  for (size_t i = s->iStart; i < s->iEnd;) {
    int len;
    uint32_t cp = cp_at(b->zText, s->iEnd, i, &len);
    if (is_open_bracket(cp)) depth++;
    else if (is_close_bracket(cp) && depth) depth--;
    else if (depth == 0 && (cp == 0xFF1A || cp == ':' || cp == 0xFF1B)) return 0;
    i += (size_t)len;
  }
  uint32_t last = 0;
  for (size_t i = s->iStart; i < s->iEnd;) {
    int len;
    uint32_t cp = cp_at(b->zText, s->iEnd, i, &len);
    if (!utf8_is_closer(cp)) last = cp;
    i += (size_t)len;
  }
  if (last != 0x3002 && last != '.') return 0;
  return s->iEnd;
}

static const char *level_label(HeadingLevel l) {
  switch (l) {
    case LEVEL_SECTION: return "section";
    case LEVEL_SUBSECTION: return "subsection";
    case LEVEL_MEASURE: return "measure";
    case LEVEL_ITEM: return "item";
    case LEVEL_POINT: return "point";
    default: return "heading";
  }
}

void structure_run(Doc *d) {
  const Block *cur[6] = {0};   /* the open heading at each level in this fragment */
  int lastNumber[6] = {0};
  /* the last number at each level before a heading above it closed it: many documents number
  ** their measures on across sections (一、 1. 2. 二、 3. 4.) */
  int carried[6] = {0};
  int frag = 0;
  for (int i = 0; i < d->nBlock; i++) {
    Block *b = &d->aBlock[i];
    if (b->fragment != frag) {
      frag = b->fragment;
      memset(cur, 0, sizeof cur);
      memset(lastNumber, 0, sizeof lastNumber);
      memset(carried, 0, sizeof carried);
    }
    if (b->kind == BLOCK_HEADING && b->level > LEVEL_NONE) {
      int lv = (int)b->level;
      if (lastNumber[lv] == 0 && b->number > 1 && b->number != carried[lv] + 1) {
        doc_diag(d, DIAG_INFO, b->lineFirst, b->lineFirst,
                 "fragment %d starts at %s %s: the %ss before it are not in this text", frag,
                 level_label(b->level), b->zNumber, level_label(b->level));
      } else if (lastNumber[lv] && b->number != lastNumber[lv] + 1 && b->number != 1) {
        doc_diag(d, DIAG_WARNING, b->lineFirst, b->lineFirst,
                 "%s %s follows %s %d: the numbering skips or repeats", level_label(b->level),
                 b->zNumber, level_label(b->level), lastNumber[lv]);
      }
      lastNumber[lv] = b->number;
      cur[lv] = b;
      for (int k = lv + 1; k < 6; k++) {
        cur[k] = NULL;
        if (lastNumber[k]) carried[k] = lastNumber[k];
        lastNumber[k] = 0;
      }
    }
    if (cur[LEVEL_SECTION]) b->zSection = cur[LEVEL_SECTION]->zNumber;
    if (cur[LEVEL_SUBSECTION]) b->zSubsection = cur[LEVEL_SUBSECTION]->zNumber;
    if (cur[LEVEL_MEASURE]) {
      b->measure = cur[LEVEL_MEASURE]->number;
      b->zMeasureTitle = cur[LEVEL_MEASURE]->zTitle;
    }
    if (block_is_content(b)) {
      size_t at = d->bTraditional ? text_traditional_at(b->zText, b->nText) : b->nText;
      if (at < b->nText) {
        b->zNorm = arena_strndup(&d->arena, b->zText, b->nText);
        text_normalize(b->zNorm + at, b->nText - at);
      } else {
        b->zNorm = b->zText;  /* nothing to normalise: share */
      }
      structure_sentences(&d->arena, b->zText, b->nText, &b->aSent, &b->nSent, &b->aClause,
                          &b->nClause);
    }
    /* A paragraph that goes on from a run-in heading ("3. 壮大…。环成都…") has no lead of its
    ** own: the heading is its title. */
    int runIn = i > 0 && d->aBlock[i - 1].kind == BLOCK_HEADING &&
                d->aBlock[i - 1].lineLast == b->lineFirst;
    if (b->kind == BLOCK_PARAGRAPH && !runIn) {
      b->nLead = find_lead(b);
      if (b->nLead) {
        size_t e = b->nLead;
        size_t p = utf8_prev(b->zText, e);
        while (p > 0 && utf8_is_closer(cp_at(b->zText, e, p, NULL))) {
          e = p;
          p = utf8_prev(b->zText, e);
        }
        b->zTitle = arena_strndup(&d->arena, b->zText, p);
      }
    }
  }
  /* Title, fragments and cut text. */
  for (int i = 0; i < d->nBlock && !d->zTitle; i++) {
    if (d->aBlock[i].kind == BLOCK_TITLE) d->zTitle = d->aBlock[i].zText;
  }
  for (int i = 0; i < d->nBlock && !d->zTitle; i++) {
    if (d->aBlock[i].kind == BLOCK_RUNNING_TITLE && !d->aBlock[i].furniture) {
      d->zTitle = d->aBlock[i].zText;
    }
  }
  for (int i = 0; i < d->nBlock; i++) {
    const Block *b = &d->aBlock[i];
    if (b->kind == BLOCK_PAGE_MARKER) {
      int bFrom = 0;
      const Block *next = (i + 1 < d->nBlock) ? &d->aBlock[i + 1] : NULL;
      (void)next;
      doc_diag(d, DIAG_INFO, b->lineFirst, b->lineLast,
               "page jump %s: the text is split into fragments here, and numbering is not "
               "carried across it", b->zText);
      (void)bFrom;
    }
    if (b->incomplete) {
      doc_diag(d, DIAG_WARNING, b->lineFirst, b->lineLast,
               "the paragraph at lines %d-%d breaks off at a page jump in mid-sentence",
               b->lineFirst, b->lineLast);
    }
    if (b->kind == BLOCK_RUNNING_TITLE) {
      doc_diag(d, DIAG_INFO, b->lineFirst, b->lineLast,
               "running title kept apart from the text: %s", b->zText);
    }
  }
  if (d->nFragment > 1) {
    doc_diag(d, DIAG_INFO, 0, 0, "the text holds %d fragments separated by page jumps",
             d->nFragment);
  }
}
