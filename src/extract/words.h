/*
** Words: matching small fixed word lists in normalised Chinese text.
**
** Extraction recognises verbs, document types, comparators and units from short lists that
** live in the code next to the rule that uses them. These helpers find the longest listed word
** at a position, a listed word ending at a position, and step over characters. The lists are
** NULL-terminated arrays of UTF-8 strings.
*/
#ifndef LUOSHI_EXTRACT_WORDS_H
#define LUOSHI_EXTRACT_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Length in bytes of the longest word of az (NULL-terminated) that starts at z[i], or 0; the
** word's index goes to *pk when pk is not NULL. */
size_t words_at(const char *const *az, const char *z, size_t n, size_t i, int *pk);

/* Length of the longest word of az that ends exactly at z[e] (i.e. occupies z[e-len..e)), not
** reaching before s; 0 when none. */
size_t words_before(const char *const *az, const char *z, size_t s, size_t e);

/* Does z[i..n) start with lit? */
int words_lit(const char *z, size_t n, size_t i, const char *lit);

/* The code point at z[i] (0 at the end) and its length. */
uint32_t words_cp(const char *z, size_t n, size_t i, int *pLen);

/* Offset of the character after the one at i. */
size_t words_next(const char *z, size_t n, size_t i);

/* Parse a number (ASCII or full-width digits, one decimal point) at z[i]; returns the bytes
** consumed (0 if none) and the value in *pv. */
size_t words_number(const char *z, size_t n, size_t i, double *pv);

/* Value of a small Chinese numeral at z[i] (一..九十九), bytes consumed in *pLen; -1 if none. */
int words_cn_number(const char *z, size_t n, size_t i, size_t *pLen);

#endif
