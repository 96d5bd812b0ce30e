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

#endif
