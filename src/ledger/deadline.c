/*
** Deadlines written in Chinese (see deadline.h).
*/
#include "deadline.h"

#include "../base/utf8.h"
#include "calendar.h"

#include <stdio.h>
#include <string.h>

/* The value of a Chinese numeral character 一..十, or -1. */
static int numeral(uint32_t cp) {
  static const uint32_t aCp[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341};  /* 一…十 */
  for (int k = 0; k < 10; k++) {
    if (aCp[k] == cp) return k + 1;
  }
  return -1;
}

/* Read a number of digits (either width) or Chinese numerals (up to 十二, 三十一) at z[*pi];
** -1 when there is none. */
static int read_number(const char *z, size_t n, size_t *pi) {
  int v = -1, chinese = 0;
  size_t i = *pi;
  while (i < n) {
    uint32_t cp;
    int len = utf8_decode((const unsigned char *)z + i, n - i, &cp);
    int d = utf8_digit_value(cp);
    int c = numeral(cp);
    if (d >= 0 && !chinese) {
      v = (v < 0 ? 0 : v * 10) + d;
    } else if (c > 0 && (v < 0 || chinese)) {
      chinese = 1;
      if (c == 10) v = v < 0 ? 10 : v * 10;   /* 十, 二十 */
      else v = v < 0 ? c : v + c;              /* 十二 = 10 + 2 */
    } else {
      break;
    }
    i += (size_t)len;
  }
  *pi = i;
  return v;
}

static int starts(const char *z, size_t n, size_t i, const char *zWord) {
  size_t k = strlen(zWord);
  return i + k <= n && memcmp(z + i, zWord, k) == 0;
}

int deadline_from_text(const char *zText, char zOut[11]) {
  zOut[0] = 0;
  if (!zText) return 0;
  size_t n = strlen(zText);
  for (size_t i = 0; i < n; i++) {
    size_t j = i;
    int year = read_number(zText, n, &j);
    if (year < 1970 || year > 2200 || j == i || !starts(zText, n, j, "年")) continue;
    j += strlen("年");
    int month = 12, day = 0;
    if (starts(zText, n, j, "上半年")) {
      month = 6;
    } else {
      size_t k = j;
      int m = read_number(zText, n, &k);
      if (m >= 1 && m <= 12 && starts(zText, n, k, "月")) {
        month = m;
        k += strlen("月");
        size_t q = k;
        int d = read_number(zText, n, &q);
        if (d >= 1 && d <= 31 && (starts(zText, n, q, "日") || starts(zText, n, q, "号"))) day = d;
      }
    }
    char z[16];
    if (day) {
      snprintf(z, sizeof z, "%04d-%02d-%02d", year, month, day);
      if (calendar_day(z) >= 0) {
        memcpy(zOut, z, 11);
        return 1;
      }
    }
    /* the month's last day: the first of the next month, less one */
    snprintf(z, sizeof z, "%04d-%02d-01", month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1);
    long d = calendar_day(z);
    if (d <= 0) continue;
    calendar_iso(d - 1, zOut);
    return 1;
  }
  return 0;
}
