/*
** Deadlines written in Chinese (see deadline.h).
*/
#include "deadline.h"

#include "../base/utf8.h"
#include "../text/text.h"
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
  /* an ISO date as it stands (a sheet's date cell, an exported ledger read back) */
  if (n == 10 && zText[4] == '-' && zText[7] == '-' && calendar_day(zText) >= 0) {
    memcpy(zOut, zText, 11);
    return 1;
  }
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

/* ---- recurring deadlines ------------------------------------------------------------------ */

/* zText as the recurrence patterns read it, into zOut[nOut] (cut at a character boundary):
** white space dropped, full-width forms half-width, Traditional characters Simplified (by the
** table when installed, and always for the few the patterns meet: 個 終 號). */
static void normalize(const char *zText, char *zOut, size_t nOut) {
  size_t n = strlen(zText), o = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int len = utf8_decode((const unsigned char *)zText + i, n - i, &cp);
    if (len <= 0) len = 1;
    i += (size_t)len;
    if (utf8_is_space(cp)) continue;
    cp = utf8_halfwidth(cp);
    cp = text_t2s(cp);
    if (cp == 0x500B) cp = 0x4E2A;        /* 個 -> 个 */
    else if (cp == 0x7D42) cp = 0x7EC8;   /* 終 -> 终 */
    else if (cp == 0x865F) cp = 0x53F7;   /* 號 -> 号 */
    unsigned char a[4];
    int m = utf8_encode(cp, a);
    if (o + (size_t)m + 1 > nOut) break;
    memcpy(zOut + o, a, (size_t)m);
    o += (size_t)m;
  }
  zOut[o] = 0;
}

/* The first of the words azWord (NULL-terminated) found in z, or NULL. */
static const char *find_any(const char *z, const char *const *azWord) {
  const char *zBest = NULL;
  for (int k = 0; azWord[k]; k++) {
    const char *p = strstr(z, azWord[k]);
    if (p && (!zBest || p < zBest)) zBest = p;
  }
  return zBest;
}

/* A day of the month written at z (10日, 10号, 十日), or -1. */
static int day_at(const char *z) {
  size_t n = strlen(z), i = 0;
  int d = read_number(z, n, &i);
  if (d >= 1 && d <= 31 && (starts(z, n, i, "日") || starts(z, n, i, "号"))) return d;
  return -1;
}

/* The day of the month that words after a monthly marker at z name: 10日前 -> 10, 上旬 -> 10,
** 中旬 -> 20; 底, 末, 下旬 or nothing -> 0 (the month's last day). */
static int monthly_day(const char *z) {
  int d = day_at(z);
  if (d > 0) return d;
  if (strncmp(z, "上旬", strlen("上旬")) == 0) return 10;
  if (strncmp(z, "中旬", strlen("中旬")) == 0) return 20;
  return 0;
}

/* The month and day that words after a yearly marker at z name: 3月底 -> 03-31, 6月30日 ->
** 06-30, 上半年 -> 06-30, 年底/年末/年终 or nothing -> 12-31. */
static void yearly_day(const char *z, int *pMonth, int *pDay) {
  static const int aDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  size_t n = strlen(z);
  *pMonth = 12;
  *pDay = 31;
  for (size_t i = 0; i < n && i < 24;) {
    if (starts(z, n, i, "上半年")) {
      *pMonth = 6;
      *pDay = 30;
      return;
    }
    size_t j = i;
    int m = read_number(z, n, &j);
    if (m >= 1 && m <= 12 && j > i && starts(z, n, j, "月")) {
      *pMonth = m;
      int d = day_at(z + j + strlen("月"));
      /* 2月底 is year:02-29: its occurrence is 02-28 in a common year */
      *pDay = d > 0 && d <= aDays[m - 1] ? d : aDays[m - 1];
      return;
    }
    uint32_t cp;
    int len = utf8_decode((const unsigned char *)z + i, n - i, &cp);
    i += len > 0 ? (size_t)len : 1;
  }
}

/* The length in bytes of the word of azWord that p starts with, 0 when none does. */
static size_t marker_len(const char *p, const char *const *azWord) {
  for (int k = 0; azWord[k]; k++) {
    if (strncmp(p, azWord[k], strlen(azWord[k])) == 0) return strlen(azWord[k]);
  }
  return 0;
}

int deadline_recurrence_from_text(const char *zText, char zOut[16]) {
  /* words that say "every": they count even beside a year (2020年起每年年底前) */
  static const char *const azMonthly[] = {"每月", "每个月", "按月", "逐月", "次月", NULL};
  static const char *const azQuarterly[] = {"每季", "每个季度", "按季", "逐季", NULL};
  static const char *const azHalf[] = {"每半年", "半年一次", "按半年", "每个半年", NULL};
  static const char *const azYearly[] = {"每年", "每个年度", "按年", "逐年", "年年", NULL};
  /* words that name a period's end without "every": recurring only in a text naming no year
  ** (2019年一季度末 is a date) */
  static const char *const azQuarterEnd[] = {"季度末", "季末", "季度底", NULL};
  static const char *const azMonthEnd[] = {"月度", "月末前", NULL};
  zOut[0] = 0;
  if (!zText) return 0;
  char z[512];
  normalize(zText, z, sizeof z);
  char zDate[11];
  int bYear = deadline_from_text(z, zDate);
  const char *p;
  if ((p = find_any(z, azMonthly)) != NULL) {
    /* the words after the marker: 每月10日前, 次月5日前, 每月底 */
    unsigned d = (unsigned)monthly_day(p + marker_len(p, azMonthly)) % 32u;  /* 0..31 */
    snprintf(zOut, 16, "month:%u", d);
    return 1;
  }
  if (find_any(z, azHalf)) {
    snprintf(zOut, 16, "half");
    return 1;
  }
  if ((p = find_any(z, azYearly)) != NULL) {
    int m, d;
    yearly_day(p + marker_len(p, azYearly), &m, &d);
    snprintf(zOut, 16, "year:%02u-%02u", (unsigned)m % 13u, (unsigned)d % 32u);
    return 1;
  }
  if (find_any(z, azQuarterly) || (!bYear && find_any(z, azQuarterEnd))) {
    snprintf(zOut, 16, "quarter");
    return 1;
  }
  if (!bYear && find_any(z, azMonthEnd)) {
    snprintf(zOut, 16, "month:0");
    return 1;
  }
  return 0;
}

void deadline_recurrence_words(const char *zRec, char *zOut, size_t nOut) {
  int m = 0, d = 0;
  if (strcmp(zRec, "quarter") == 0) snprintf(zOut, nOut, "每季度末");
  else if (strcmp(zRec, "half") == 0) snprintf(zOut, nOut, "每半年");
  else if (strcmp(zRec, "year:12-31") == 0) snprintf(zOut, nOut, "每年年底前");
  else if (sscanf(zRec, "year:%d-%d", &m, &d) == 2) snprintf(zOut, nOut, "每年%d月%d日前", m, d);
  else if (strcmp(zRec, "month:0") == 0) snprintf(zOut, nOut, "每月底");
  else if (sscanf(zRec, "month:%d", &d) == 1) snprintf(zOut, nOut, "每月%d日前", d);
  else snprintf(zOut, nOut, "%s", zRec);
}

const char *deadline_words(const char *zDeadline, const char *zRec, char *zBuf, size_t nBuf) {
  if (zDeadline && *zDeadline) return zDeadline;
  if (zRec && *zRec) {
    deadline_recurrence_words(zRec, zBuf, nBuf);
    return zBuf;
  }
  return "长期坚持";
}
