/*
** Words: matching small fixed word lists in normalised Chinese text.
**
** Extraction recognises verbs, document types, comparators and units from short lists that
** live in the code next to the rule that uses them:
**
**   static WordList wlUnit = WORDS("公里", "%", "亿元");
**
** words_at() finds the longest listed word at a position with one trie walk (the list's Lex is
** built on first use, safely when threads race), words_before() a listed word ending at a
** position; the other helpers step over characters and read numbers.
*/
#ifndef LUOSHI_EXTRACT_WORDS_H
#define LUOSHI_EXTRACT_WORDS_H

#include "../base/lex.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

typedef struct WordIndex WordIndex;
typedef struct WordList {
  const char *const *az;          /* the words, NULL-terminated */
  _Atomic(WordIndex *) pIndex;    /* their Lex and lengths, built on first use */
} WordList;

/* A WordList initialiser: static WordList wl = WORDS("a", "b"); */
#define WORDS(...) {(const char *const[]){__VA_ARGS__, NULL}, NULL}

/* Length in bytes of the longest word of w that starts at z[i], or 0; the word's index goes to
** *pk when pk is not NULL. */
size_t words_at(WordList *w, const char *z, size_t n, size_t i, int *pk);

/* Does any word of w occur in z[s..e)? */
int words_any(WordList *w, const char *z, size_t s, size_t e);

/* The first character start p in [i, e) where a word of w begins: returns p with the longest
** such word within z[..e) (its length in *pLen, its index in *pk when pk is not NULL), or e
** when there is none. The same as trying words_at(w, z, e, p, pk) at every character from i,
** in one call (scans stepping a character at a time paid a call for each). */
size_t words_find(WordList *w, const char *z, size_t i, size_t e, size_t *pLen, int *pk);

/* Several word lists searched in one pass: list k of aList sets bit k of the result. */
typedef struct WordSetIndex WordSetIndex;
typedef struct WordSet {
  WordList *const *aList;          /* the lists, NULL-terminated (at most 32) */
  _Atomic(WordSetIndex *) pIndex;  /* built on first use */
} WordSet;

/* Bits of the lists of ws that have a word occurring in z[s..e). */
unsigned words_mask(WordSet *ws, const char *z, size_t s, size_t e);

/* The dictionary of every word of ws (built on first use; lives as long as ws), for a LexSet. */
const Lex *words_set_lex(WordSet *ws);

/* The lists of every hit of pHits (the hits of words_set_lex(ws) over some text), as bits:
** which lists have a word anywhere in that text. */
unsigned words_hits_mask(WordSet *ws, const LexHits *pHits);

/* words_mask answered from pHits, the hits of words_set_lex(ws) that lex_set_scan found over a
** text whose start is z and which reaches at least to e; pHits NULL scans as words_mask.
** pNext, when not NULL, is where reading the hits may start (lex_cursor_resume; any value is
** safe, 0 to begin): it is left where this call stopped, so that a caller going through
** the text range after range reads each hit about once. */
unsigned words_mask_hits(WordSet *ws, const LexHits *pHits, size_t *pNext, const char *z, size_t s,
                         size_t e);

/* Length of the longest word of w that ends exactly at z[e] (i.e. occupies z[e-len..e)), not
** reaching before s; 0 when none. */
size_t words_before(WordList *w, const char *z, size_t s, size_t e);

/* Does z[i..n) start with lit? (Inline, so that a literal's length is known when compiling.) */
static inline int words_lit(const char *z, size_t n, size_t i, const char *lit) {
  size_t m = __builtin_strlen(lit);
  return i + m <= n && __builtin_memcmp(z + i, lit, m) == 0;
}

/* The code point at z[i] (0 at the end) and its length. */
uint32_t words_cp(const char *z, size_t n, size_t i, int *pLen);

/* Offset of the character after the one at i. (Inline: loops step through text with it.) */
static inline size_t words_next(const char *z, size_t n, size_t i) {
  /* Step by the lead byte; the text was validated when it was decoded. */
  unsigned char c = (unsigned char)z[i];
  size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return i + len > n ? n : i + len;
}

/* Parse a number (ASCII or full-width digits, one decimal point) at z[i]; returns the bytes
** consumed (0 if none) and the value in *pv. */
size_t words__number(const char *z, size_t n, size_t i, double *pv);
static inline size_t words_number(const char *z, size_t n, size_t i, double *pv) {
  /* Callers step through text trying every position: reject here by the first byte, which for
  ** a digit is '0'..'9' or 0xEF (full-width ０-９ is EF BC 90..99); words__number reads it. */
  if (i >= n) return 0;
  unsigned char c = (unsigned char)z[i];
  if ((c < '0' || c > '9') && c != 0xEF) return 0;
  return words__number(z, n, i, pv);
}

/* Offset of the first digit in z[s..e): an ASCII '0'..'9' or a full-width ０-９ (EF BC 90..99)
** lying whole inside z[s..e); e when there is none. Scans that try words_number at every
** character jump to it: in text at character starts the positions are the same (neither
** starts with a continuation byte, and words_number reads nothing but a digit), and most of a
** text has no digit. */
size_t words_skip_to_digit(const char *z, size_t s, size_t e);

/* Is there an ASCII or full-width digit in z[s..e)? */
int words_has_digit(const char *z, size_t s, size_t e);

/* Value of a small Chinese numeral at z[i] (一..九十九), bytes consumed in *pLen; -1 if none. */
int words_cn_number(const char *z, size_t n, size_t i, size_t *pLen);

#endif
