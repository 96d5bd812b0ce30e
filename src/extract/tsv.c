/*
** TSV iteration over data files (see tsv.h).
*/
#include "tsv.h"

#include <string.h>

void tsv_init(TsvIter *it, const char *z, size_t n) {
  it->z = z;
  it->n = n;
  it->i = 0;
  it->line = 0;
}

int tsv_next(TsvIter *it, TsvRow *r) {
  while (it->i < it->n) {
    size_t s = it->i;
    size_t e = s;
    while (e < it->n && it->z[e] != '\n') e++;
    it->i = e + 1;
    it->line++;
    if (e > s && it->z[e - 1] == '\r') e--;
    if (e == s || it->z[s] == '#') continue;
    r->line = it->line;
    r->nField = 0;
    size_t f = s;
    for (size_t k = s; k <= e; k++) {
      if (k == e || (it->z[k] == '\t' && r->nField < TSV_MAX_FIELD - 1)) {
        r->az[r->nField] = it->z + f;
        r->an[r->nField] = k - f;
        r->nField++;
        f = k + 1;
      }
    }
    return 1;
  }
  return 0;
}

int tsv_int(const TsvRow *r, int k) {
  if (k >= r->nField) return 0;
  int v = 0;
  for (size_t i = 0; i < r->an[k]; i++) {
    char c = r->az[k][i];
    if (c < '0' || c > '9') return 0;
    if (v > 100000000) return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

int tsv_eq(const TsvRow *r, int k, const char *z) {
  size_t n = strlen(z);
  return k < r->nField && r->an[k] == n && memcmp(r->az[k], z, n) == 0;
}

void tsv_copy(char *zOut, size_t nOut, const TsvRow *r, int k) {
  size_t n = k < r->nField ? r->an[k] : 0;
  if (n >= nOut) n = nOut - 1;
  memcpy(zOut, k < r->nField ? r->az[k] : "", n);
  zOut[n] = 0;
}

void tsv_split_list(const char *s, size_t n, void (*x)(void *, const char *, size_t), void *ctx) {
  size_t f = 0;
  size_t k = 0;
  while (k <= n) {
    size_t sep = 0;
    if (k == n) sep = 0;
    else if (s[k] == ',') sep = 1;
    else if (k + 3 <= n && (memcmp(s + k, "，", 3) == 0 || memcmp(s + k, "、", 3) == 0)) sep = 3;
    if (k == n || sep) {
      size_t a = f, b = k;
      while (a < b && (s[a] == ' ')) a++;
      while (b > a && (s[b - 1] == ' ')) b--;
      if (b > a) x(ctx, s + a, b - a);
      if (k == n) break;
      k += sep;
      f = k;
      continue;
    }
    k++;
  }
}
