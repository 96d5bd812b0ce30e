/*
** Calendar: working-day arithmetic (see calendar.h).
*/
#include "calendar.h"

#include "../base/data.h"
#include "../base/mem.h"
#include "../extract/tsv.h"

#include <stdlib.h>
#include <string.h>

typedef struct Special {
  long day;
  int bWork;           /* 1 workday, 0 holiday */
} Special;

static Special *g_aSpecial;  /* sorted by day; built once */
static size_t g_nSpecial;
static int g_loaded;

/* Days from civil date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

long calendar_day(const char *z) {
  if (!z || strlen(z) != 10 || z[4] != '-' || z[7] != '-') return -1;
  for (int i = 0; i < 10; i++) {
    if (i != 4 && i != 7 && (z[i] < '0' || z[i] > '9')) return -1;
  }
  long y = (z[0] - '0') * 1000 + (z[1] - '0') * 100 + (z[2] - '0') * 10 + (z[3] - '0');
  unsigned m = (unsigned)((z[5] - '0') * 10 + (z[6] - '0'));
  unsigned d = (unsigned)((z[8] - '0') * 10 + (z[9] - '0'));
  static const unsigned aDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > aDays[m - 1]) return -1;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return -1;
  return days_from_civil(y, m, d);
}

void calendar_iso(long z, char zOut[11]) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  zOut[0] = (char)('0' + y / 1000 % 10);
  zOut[1] = (char)('0' + y / 100 % 10);
  zOut[2] = (char)('0' + y / 10 % 10);
  zOut[3] = (char)('0' + y % 10);
  zOut[4] = '-';
  zOut[5] = (char)('0' + m / 10);
  zOut[6] = (char)('0' + m % 10);
  zOut[7] = '-';
  zOut[8] = (char)('0' + d / 10);
  zOut[9] = (char)('0' + d % 10);
  zOut[10] = 0;
}

static int cmp_special(const void *a, const void *b) {
  long x = ((const Special *)a)->day, y = ((const Special *)b)->day;
  return (x > y) - (x < y);
}

static void load(void) {
  if (g_loaded) return;
  g_loaded = 1;
  size_t n = 0, cap = 0;
  const char *z = data_get("calendar/cn-holidays.tsv", &n);
  if (!z) return;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField < 3 || r.an[0] != 10 || r.an[1] != 10) continue;
    char a[11], b[11];
    memcpy(a, r.az[0], 10);
    memcpy(b, r.az[1], 10);
    a[10] = b[10] = 0;
    long d0 = calendar_day(a), d1 = calendar_day(b);
    int bWork = tsv_eq(&r, 2, "workday");
    for (long d = d0; d0 >= 0 && d <= d1 && d - d0 < 60; d++) {
      MEM_GROW(g_aSpecial, cap, g_nSpecial + 1);
      g_aSpecial[g_nSpecial++] = (Special){d, bWork};
    }
  }
  if (g_nSpecial > 1) qsort(g_aSpecial, g_nSpecial, sizeof(Special), cmp_special);
}

int calendar_is_workday(long d) {
  load();
  Special key = {d, 0};
  const Special *s = bsearch(&key, g_aSpecial, g_nSpecial, sizeof(Special), cmp_special);
  if (s) return s->bWork;
  long dow = ((d % 7) + 7 + 4) % 7;  /* 1970-01-01 was a Thursday: 0 = Sunday */
  return dow >= 1 && dow <= 5;
}

long calendar_workdays_between(long a, long b) {
  long n = 0;
  if (b >= a) {
    for (long d = a + 1; d <= b; d++) n += calendar_is_workday(d);
    return n;
  }
  for (long d = b + 1; d <= a; d++) n -= calendar_is_workday(d);
  return n;
}

long calendar_add_workdays(long d, long n) {
  while (n > 0) {
    d++;
    if (calendar_is_workday(d)) n--;
  }
  return d;
}
