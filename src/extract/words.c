/*
** Words: small word-list matching (see words.h).
*/
#include "words.h"

#include "../base/mem.h"
#include "../base/utf8.h"

#include <stdlib.h>

#include <string.h>

static const Lex *list_lex(WordList *w) {
  Lex *x = atomic_load_explicit(&w->pLex, memory_order_acquire);
  if (x) return x;
  x = lex_new();
  for (int k = 0; w->az[k]; k++) lex_add(x, w->az[k], strlen(w->az[k]), k);
  Lex *expected = NULL;
  if (!atomic_compare_exchange_strong(&w->pLex, &expected, x)) {
    lex_free(x);   /* another thread built it first */
    return expected;
  }
  return x;
}

size_t words_at(WordList *w, const char *z, size_t n, size_t i, int *pk) {
  if (i >= n) return 0;
  int v = -1;
  size_t m = lex_longest(list_lex(w), z + i, n - i, &v);
  if (m && pk) *pk = v;
  return m;
}

int words_any(WordList *w, const char *z, size_t s, size_t e) {
  const Lex *x = list_lex(w);
  for (size_t i = s; i < e; i++) {
    if (((unsigned char)z[i] & 0xC0) == 0x80) continue;
    int v;
    if (lex_longest(x, z + i, e - i, &v)) return 1;
  }
  return 0;
}

struct WordSetIndex {
  Lex *pLex;          /* every word of every list -> index into aMask */
  unsigned *aMask;    /* lists the word, or any word that is a prefix of it, belongs to */
};

static const WordSetIndex *set_index(WordSet *ws) {
  WordSetIndex *x = atomic_load_explicit(&ws->pIndex, memory_order_acquire);
  if (x) return x;
  x = xcalloc(1, sizeof(WordSetIndex));
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
  memcpy(aOwn, x->aMask, sizeof(unsigned) * nWord);
  for (size_t a = 0; a < nWord; a++) {
    for (size_t b = 0; b < nWord; b++) {
      size_t nb = strlen(azWord[b]);
      if (a != b && nb < strlen(azWord[a]) && memcmp(azWord[a], azWord[b], nb) == 0) {
        x->aMask[a] |= aOwn[b];
      }
    }
  }
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

unsigned words_mask(WordSet *ws, const char *z, size_t s, size_t e) {
  const WordSetIndex *x = set_index(ws);
  unsigned mask = 0;
  for (size_t i = s; i < e; i++) {
    if (((unsigned char)z[i] & 0xC0) == 0x80) continue;
    int v;
    if (lex_longest(x->pLex, z + i, e - i, &v)) mask |= x->aMask[v];
  }
  return mask;
}

size_t words_before(const WordList *w, const char *z, size_t s, size_t e) {
  size_t best = 0;
  for (int k = 0; w->az[k]; k++) {
    size_t m = strlen(w->az[k]);
    if (m > best && e >= s + m && memcmp(z + e - m, w->az[k], m) == 0) best = m;
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

size_t words_next(const char *z, size_t n, size_t i) {
  /* Step by the lead byte; the text was validated when it was decoded. */
  unsigned char c = (unsigned char)z[i];
  size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return i + len > n ? n : i + len;
}

size_t words_number(const char *z, size_t n, size_t i, double *pv) {
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
