/*
** Lex: a dictionary of byte strings for longest-match scanning of text.
**
** Place names, zone names, abbreviations, verbs and department keywords are all found the same
** way: at a position in the text, which is the longest dictionary key that starts here? A Lex
** is a trie over UTF-8 characters whose edges live in one open-addressing hash table, so each
** character costs one probe whatever the alphabet (Chinese text has thousands of distinct
** characters); matching is still by bytes: a key matches where its bytes are. Each key
** carries one int chosen by the caller (an index into the caller's own table). lex_next scans
** a text for the next match.
*/
#ifndef LUOSHI_BASE_LEX_H
#define LUOSHI_BASE_LEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct Lex Lex;

/* A new empty dictionary; free it with lex_free. */
Lex *lex_new(void);
void lex_free(Lex *x);

/* Add key z[0..nByte) (nByte > 0) with value v >= 0. If the key is already present its value is
** left alone and returned; otherwise returns -1. */
int lex_add(Lex *x, const char *z, size_t nByte, int v);

/* Value of exactly the key z[0..nByte), or -1. */
int lex_get(const Lex *x, const char *z, size_t nByte);

/* The longest key that is a prefix of z[0..nByte): returns its length in bytes and stores its
** value in *pV; returns 0 (and leaves *pV alone) when no key matches. */
size_t lex_longest(const Lex *x, const char *z, size_t nByte, int *pV);

/* The first character start p in [i, nByte) (a byte that is not a UTF-8 continuation byte)
** where a key begins: returns p with the longest key's length in *pLen and its value in *pV,
** or nByte (and leaves both alone) when there is none. The same as lex_longest(x, z + p,
** nByte - p, pV) tried at every character start from i, but one call for the whole scan:
** scanning text with lex_longest per position cost a call for each. */
size_t lex_next(const Lex *x, const char *z, size_t nByte, size_t i, size_t *pLen, int *pV);

/* Number of keys. */
size_t lex_count(const Lex *x);

/* ---- several dictionaries, one scan ------------------------------------------------------ */

/* A key found in a text: z[iStart .. iStart+nByte) with its value. */
typedef struct LexHit {
  uint32_t iStart;     /* where the key starts, a character start */
  uint32_t nByte;      /* its length */
  int32_t value;       /* the key's value */
} LexHit;

/* A growable list of hits in text order; start it zeroed, free a with free(). */
typedef struct LexHits {
  LexHit *a;
  size_t n, cap;
} LexHits;

/* A LexSet scans a text once for up to LEX_SET_MAX dictionaries: at each character start one
** test of combined filters (keys of one character, the first two characters of longer keys)
** says whether any dictionary may have a key there, one table of every key's first two
** characters says which do and where their walks stand, and only those walk on. Scanning the
** same text with each dictionary's lex_next repeats the test (the whole cost of most
** positions) and the first steps of the walk once a dictionary. */
#define LEX_SET_MAX 8
typedef struct LexSet LexSet;

/* A set over aLex[0..nLex) (1 <= nLex <= LEX_SET_MAX), borrowed: they must outlive the set and
** not change. Free it with lex_set_free. */
LexSet *lex_set_new(const Lex *const *aLex, int nLex);
void lex_set_free(LexSet *s);

/* Scan z[0..nByte) (nByte < 4 GiB): aOut[k] (one per dictionary of the set, emptied first) gets,
** for every character start p where dictionary k has a key, the longest such key within
** z[0..nByte) — what lex_longest(aLex[k], z + p, nByte - p) answers — in text order. */
void lex_set_scan(const LexSet *s, const char *z, size_t nByte, LexHits *aOut);

/* Reads one dictionary's hits as a scan with lex_next would find them. With hits NULL it is
** lex_next itself. */
typedef struct LexCursor {
  const Lex *x;        /* the dictionary */
  const LexHits *pHits;/* its hits from lex_set_scan over a text T, or NULL (lex_next) */
  size_t k;            /* the next hit to look at; SIZE_MAX before the first call */
  size_t off;          /* the caller's z is T + off */
} LexCursor;

/* A cursor over x. pHits, when not NULL, are x's hits from lex_set_scan over a text T, and the
** z that lex_cursor_next is given will be T + off. */
void lex_cursor_init(LexCursor *c, const Lex *x, const LexHits *pHits, size_t off);

/* Index of the first hit of pHits (in text order) that starts at or after offset at, or
** pHits->n when there is none. */
size_t lex_hits_first(const LexHits *pHits, size_t at);

/* Where c has got to in its hits: the index of the hit it looks at next (before the first
** call, the hint given to lex_cursor_resume, or SIZE_MAX). A caller going through a text range
** after range hands it to the next range's cursor. */
size_t lex_cursor_where(const LexCursor *c);

/* Start c, before its first call, from hit index k (a value lex_cursor_where gave for the same
** hits): the first call then skips the binary search when k is at or before the first hit it
** wants. Any k is safe; one past it is only slower. */
void lex_cursor_resume(LexCursor *c, size_t k);

/* The same answer as lex_next(c->x, z, nByte, i, pLen, pV), for keys that are whole UTF-8
** characters, provided z[0..nByte) lies inside the scanned text and successive calls never
** give a smaller i. A hit that runs past nByte is looked up again within z[0..nByte). */
size_t lex_cursor_next(LexCursor *c, const char *z, size_t nByte, size_t i, size_t *pLen,
                       int *pV);

#endif
