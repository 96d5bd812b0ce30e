/*
** Words: small word-list matching (see words.h).
*/
#include "words.h"

#include "../base/utf8.h"

#include <string.h>

size_t words_at(const char *const *az, const char *z, size_t n, size_t i, int *pk) {
  size_t best = 0;
  for (int k = 0; az[k]; k++) {
    size_t m = strlen(az[k]);
    if (m > best && i + m <= n && memcmp(z + i, az[k], m) == 0) {
      best = m;
      if (pk) *pk = k;
    }
  }
  return best;
}

size_t words_before(const char *const *az, const char *z, size_t s, size_t e) {
  size_t best = 0;
  for (int k = 0; az[k]; k++) {
    size_t m = strlen(az[k]);
    if (m > best && e >= s + m && memcmp(z + e - m, az[k], m) == 0) best = m;
  }
  return best;
}

int words_lit(const char *z, size_t n, size_t i, const char *lit) {
  size_t m = strlen(lit);
  return i + m <= n && memcmp(z + i, lit, m) == 0;
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
  int len;
  words_cp(z, n, i, &len);
  return i + (size_t)(len ? len : 1);
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

int words_cn_number(const char *z, size_t n, size_t i, size_t *pLen) {
  static const char *const azDigit[] = {"零", "一", "二", "三", "四", "五",
                                        "六", "七", "八", "九", NULL};
  int total = 0, cur = -1;
  size_t j = i;
  int seen = 0;
  while (j < n) {
    int k = -1;
    size_t m = words_at(azDigit, z, n, j, &k);
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
