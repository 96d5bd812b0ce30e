/*
** TSV: iterating over the lines and fields of a tab-separated data file.
**
** Data files are UTF-8, one record per line, fields separated by tabs, lines starting with '#'
** and blank lines skipped. The iterator hands out borrowed slices of the input.
*/
#ifndef LUOSHI_EXTRACT_TSV_H
#define LUOSHI_EXTRACT_TSV_H

#include <stddef.h>

#define TSV_MAX_FIELD 16

typedef struct TsvRow {
  const char *az[TSV_MAX_FIELD];  /* start of each field (not NUL-terminated) */
  size_t an[TSV_MAX_FIELD];       /* length of each field in bytes */
  int nField;                     /* fields on this line */
  int line;                       /* 1-based line number */
} TsvRow;

typedef struct TsvIter {
  const char *z;     /* the file */
  size_t n;          /* its length */
  size_t i;          /* where the next line starts */
  int line;          /* lines consumed */
} TsvIter;

void tsv_init(TsvIter *it, const char *z, size_t n);
/* Next record into *r; returns 0 at the end. Fields beyond TSV_MAX_FIELD are joined to the
** last one. A trailing CR is dropped. */
int tsv_next(TsvIter *it, TsvRow *r);
/* Field k as an int (0 when empty or not a number). */
int tsv_int(const TsvRow *r, int k);
/* Does field k equal the string z? */
int tsv_eq(const TsvRow *r, int k, const char *z);

/* Copy field k ("" when absent) into zOut[nOut], cut to fit, NUL-terminated. */
void tsv_copy(char *zOut, size_t nOut, const TsvRow *r, int k);

/* Split a comma-separated list s[0..n) (ASCII ',' or Chinese '，' '、'): calls x for each
** non-empty item. */
void tsv_split_list(const char *s, size_t n, void (*x)(void *, const char *, size_t), void *ctx);

#endif
