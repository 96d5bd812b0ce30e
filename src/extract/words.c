/*
** Words: small word-list matching (see words.h).
*/
#include "words.h"

#include "../base/mem.h"
#include "../base/utf8.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* What a WordList builds on first use. */
struct WordIndex {
  Lex *pLex;              /* word -> index in az */
  unsigned char *aLen;    /* length in bytes of each word (words_before compares from it) */
  int nWord;              /* words in az */
};

/* Build w's index (the first use of w). Kept out of line: list_index runs on every lookup, and
** with this inlined it saved and restored registers on each call. */
static __attribute__((noinline, cold)) const WordIndex *list_build(WordList *w) {
  WordIndex *x = xcalloc(1, sizeof(WordIndex));
  x->pLex = lex_new();
  while (w->az[x->nWord]) x->nWord++;
  x->aLen = xmalloc((size_t)x->nWord + 1);
  for (int k = 0; k < x->nWord; k++) {
    size_t m = strlen(w->az[k]);
    assert(m > 0 && m <= 255);   /* the lists are short words in the code */
    x->aLen[k] = (unsigned char)m;
    lex_add(x->pLex, w->az[k], m, k);
  }
  WordIndex *expected = NULL;
  if (!atomic_compare_exchange_strong(&w->pIndex, &expected, x)) {
    lex_free(x->pLex);   /* another thread built it first */
    free(x->aLen);
    free(x);
    return expected;
  }
  return x;
}

static inline const WordIndex *list_index(WordList *w) {
  WordIndex *x = atomic_load_explicit(&w->pIndex, memory_order_acquire);
  return x ? x : list_build(w);
}

static const Lex *list_lex(WordList *w) { return list_index(w)->pLex; }

size_t words_at(WordList *w, const char *z, size_t n, size_t i, int *pk) {
  if (i >= n) return 0;
  int v = -1;
  size_t m = lex_longest(list_lex(w), z + i, n - i, &v);
  if (m && pk) *pk = v;
  return m;
}

int words_any(WordList *w, const char *z, size_t s, size_t e) {
  size_t m;
  int v;
  return lex_next(list_lex(w), z, e, s, &m, &v) < e;
}

size_t words_find(WordList *w, const char *z, size_t i, size_t e, size_t *pLen, int *pk) {
  int v = -1;
  size_t p = lex_next(list_lex(w), z, e, i, pLen, &v);
  if (p < e && pk) *pk = v;
  return p;
}

struct WordSetIndex {
  Lex *pLex;          /* every word of every list -> index into aMask */
  unsigned *aMask;    /* lists the word, or any word that is a prefix of it, belongs to */
};

/* Build ws's index (its first use); out of line as list_build is. */
static __attribute__((noinline, cold)) const WordSetIndex *set_build(WordSet *ws) {
  WordSetIndex *x = xcalloc(1, sizeof(WordSetIndex));
  x->pLex = lex_new();
  size_t nWord = 0, cap = 0;
  const char **azWord = NULL;
  for (int k = 0; ws->aList[k]; k++) {
    for (int j = 0; ws->aList[k]->az[j]; j++) {
      const char *zw = ws->aList[k]->az[j];
      int v = lex_get(x->pLex, zw, strlen(zw));
      if (v < 0) {
        MEM_GROW(azWord, cap, nWord + 1);
        x->aMask = xrealloc(x->aMask, sizeof(unsigned) * (nWord + 1));
        x->aMask[nWord] = 0;
        azWord[nWord] = zw;
        lex_add(x->pLex, zw, strlen(zw), (int)nWord);
        v = (int)nWord++;
      }
      x->aMask[v] |= 1u << k;
    }
  }
  /* The longest word found at a position stands for the shorter ones it begins with. */
  unsigned *aOwn = xmalloc(sizeof(unsigned) * (nWord ? nWord : 1));
  size_t *aLen = xmalloc(sizeof(size_t) * (nWord ? nWord : 1));
  memcpy(aOwn, x->aMask, sizeof(unsigned) * nWord);
  for (size_t a = 0; a < nWord; a++) aLen[a] = strlen(azWord[a]);
  for (size_t a = 0; a < nWord; a++) {
    for (size_t b = 0; b < nWord; b++) {
      if (aLen[b] < aLen[a] && memcmp(azWord[a], azWord[b], aLen[b]) == 0) {
        x->aMask[a] |= aOwn[b];
      }
    }
  }
  free(aLen);
  free(aOwn);
  free(azWord);
  WordSetIndex *expected = NULL;
  if (!atomic_compare_exchange_strong(&ws->pIndex, &expected, x)) {
    lex_free(x->pLex);
    free(x->aMask);
    free(x);
    return expected;
  }
  return x;
}

static inline const WordSetIndex *set_index(WordSet *ws) {
  WordSetIndex *x = atomic_load_explicit(&ws->pIndex, memory_order_acquire);
  return x ? x : set_build(ws);
}

unsigned words_mask(WordSet *ws, const char *z, size_t s, size_t e) {
  return words_mask_hits(ws, NULL, NULL, z, s, e);
}

const Lex *words_set_lex(WordSet *ws) { return set_index(ws)->pLex; }

unsigned words_hits_mask(WordSet *ws, const LexHits *pHits) {
  const WordSetIndex *x = set_index(ws);
  unsigned mask = 0;
  for (size_t k = 0; k < pHits->n; k++) mask |= x->aMask[pHits->a[k].value];
  return mask;
}

unsigned words_mask_hits(WordSet *ws, const LexHits *pHits, size_t *pNext, const char *z, size_t s,
                         size_t e) {
  const WordSetIndex *x = set_index(ws);
  LexCursor c;
  lex_cursor_init(&c, x->pLex, pHits, 0);
  if (pHits && pNext) lex_cursor_resume(&c, *pNext);
  unsigned mask = 0;
  for (size_t i = s; i < e;) {
    size_t m;
    int v;
    size_t p = lex_cursor_next(&c, z, e, i, &m, &v);
    if (p >= e) break;
    mask |= x->aMask[v];
    i = p + 1;   /* every position: a word inside a longer one counts too */
  }
  if (pHits && pNext) *pNext = lex_cursor_where(&c);
  return mask;
}

size_t words_before(WordList *w, const char *z, size_t s, size_t e) {
  if (e <= s) return 0;
  const WordIndex *x = list_index(w);
  /* A word ends with the text's last byte before its bytes are compared: most do not. */
  unsigned char last = (unsigned char)z[e - 1];
  size_t best = 0;
  for (int k = 0; k < x->nWord; k++) {
    size_t m = x->aLen[k];
    if (m > best && m <= e - s && (unsigned char)w->az[k][m - 1] == last &&
        memcmp(z + e - m, w->az[k], m) == 0) {
      best = m;
    }
  }
  return best;
}

uint32_t words_cp(const char *z, size_t n, size_t i, int *pLen) {
  if (i >= n) {
    if (pLen) *pLen = 0;
    return 0;
  }
  uint32_t cp;
  int len = utf8_decode((const unsigned char *)z + i, n - i, &cp);
  if (pLen) *pLen = len;
  return cp;
}


size_t words__number(const char *z, size_t n, size_t i, double *pv) {
  size_t j = i;
  double v = 0, scale = 0;
  int nDigit = 0;
  while (j < n) {
    int len;
    uint32_t cp = words_cp(z, n, j, &len);
    int d = utf8_digit_value(cp);
    if (d >= 0) {
      if (scale > 0) {
        v += d * scale;
        scale /= 10;
      } else {
        v = v * 10 + d;
      }
      nDigit++;
      j += (size_t)len;
      continue;
    }
    if ((cp == '.' || cp == 0xFF0E) && scale == 0 && nDigit > 0) {
      uint32_t next = words_cp(z, n, j + (size_t)len, NULL);
      if (utf8_digit_value(next) < 0) break;
      scale = 0.1;
      j += (size_t)len;
      continue;
    }
    break;
  }
  if (nDigit == 0) return 0;
  *pv = v;
  return j - i;
}

/* Is there a digit at z[i] of z[0..e), i < e? (see words_skip_to_digit) */
static inline int digit_at(const char *z, size_t i, size_t e) {
  unsigned char c = (unsigned char)z[i];
  if (c >= '0' && c <= '9') return 1;
  /* full-width digits: EF BC 90..99 */
  return c == 0xEF && i + 2 < e && (unsigned char)z[i + 1] == 0xBC &&
         (unsigned char)z[i + 2] >= 0x90 && (unsigned char)z[i + 2] <= 0x99;
}

/* Sixteen bytes, as a vector the compiler maps to SSE2 (or NEON) registers. */
typedef unsigned char Bytes16 __attribute__((vector_size(16)));

/* Index of the first of the eight bytes of x (as loaded from text) that is not 0; x != 0. */
static inline unsigned first_nonzero_byte(uint64_t x) {
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return (unsigned)__builtin_clzll(x) >> 3;
#else
  return (unsigned)__builtin_ctzll(x) >> 3;
#endif
}

/* Index of the first digit starting in p[0..16), as digit_at finds them, or 16. Reads p[0..18):
** a full-width digit starting at 14 or 15 ends past p[16]. A byte '0'..'9' is c - '0' below 10
** (bytes wrap); a full-width digit is EF, then BC, then 90..99, read from the same text loaded
** one and two bytes further on. */
static inline unsigned digit16(const char *p) {
  Bytes16 v0, v1, v2;
  memcpy(&v0, p, 16);
  memcpy(&v1, p + 1, 16);
  memcpy(&v2, p + 2, 16);
  Bytes16 hit = (Bytes16)(((Bytes16)(v0 - '0') < 10) |
                          ((v0 == 0xEF) & (v1 == 0xBC) & ((Bytes16)(v2 - 0x90) < 10)));
  uint64_t half[2];
  memcpy(half, &hit, 16);
  if (half[0]) return first_nonzero_byte(half[0]);
  if (half[1]) return 8 + first_nonzero_byte(half[1]);
  return 16;
}

size_t words_skip_to_digit(const char *z, size_t s, size_t e) {
  /* Sixteen positions at a time (these scans run over every task's text). The last sixteen
  ** that lie whole inside z[s..e) may overlap those before, which hold no digit; the last two
  ** bytes can only be ASCII digits and are tested one by one. (Word arithmetic on eight bytes
  ** at a time, stopping at every EF byte to test it, took 40% more instructions: most EF
  ** bytes lead full-width punctuation, ，：；（）.) */
  size_t i = s;
  while (i + 18 <= e) {
    unsigned k = digit16(z + i);
    if (k < 16) return i + k;
    i += 16;
    if (i + 18 > e && i + 2 < e) i = e - 18;
  }
  for (; i < e; i++) {
    if (digit_at(z, i, e)) return i;
  }
  return e;
}

int words_has_digit(const char *z, size_t s, size_t e) { return words_skip_to_digit(z, s, e) < e; }

static WordList wlDigit = WORDS("零", "一", "二", "三", "四", "五", "六", "七", "八", "九");

int words_cn_number(const char *z, size_t n, size_t i, size_t *pLen) {
  int total = 0, cur = -1;
  size_t j = i;
  int seen = 0;
  while (j < n) {
    int k = -1;
    size_t m = words_at(&wlDigit, z, n, j, &k);
    if (m) {
      cur = k;
      j += m;
      seen = 1;
      continue;
    }
    if (words_lit(z, n, j, "两")) {
      cur = 2;
      j += 3;
      seen = 1;
      continue;
    }
    if (words_lit(z, n, j, "十")) {
      total += (cur < 0 ? 1 : cur) * 10;
      cur = -1;
      j += 3;
      seen = 1;
      continue;
    }
    break;
  }
  if (!seen) return -1;
  *pLen = j - i;
  return total + (cur < 0 ? 0 : cur);
}
