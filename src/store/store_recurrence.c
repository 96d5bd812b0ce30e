/*
** Recurring deadlines of ledger items in the store (see store.h): 每年年底前, 每半年, 每季度末,
** 每月10日前 as the forms year:MM-DD, half, quarter and month:DD. The forms are checked and made
** canonical here, before they are stored (migration 015's CHECK only keeps their shape), and
** every change is audited with the recurrence before and after. The occurrence arithmetic (the
** due dates around a day) is pure and lives here too, so that the warning facts
** (store_warning.c) and the ledger layer compute the same dates.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int aDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : aDays[m - 1];
}

/* The whole number written in ASCII digits at z (canonical forms and checked dates only). */
static int num(const char *z) { return (int)strtol(z, NULL, 10); }

/* Read 1 or 2 ASCII digits at *pz, advancing it; -1 when there are none or more than 2. */
static int read_digits(const char **pz) {
  const char *z = *pz;
  int v = 0, n = 0;
  while (*z >= '0' && *z <= '9') {
    if (++n > 2) return -1;
    v = v * 10 + (*z++ - '0');
  }
  *pz = z;
  return n ? v : -1;
}

int store_recurrence_parse(const char *z, char zOut[16]) {
  zOut[0] = 0;
  if (!z) return 0;
  if (strcmp(z, "half") == 0 || strcmp(z, "quarter") == 0) {
    snprintf(zOut, 16, "%s", z);
    return 1;
  }
  if (strncmp(z, "year:", 5) == 0) {
    const char *p = z + 5;
    int m = read_digits(&p);
    if (m < 1 || m > 12 || *p++ != '-') return 0;
    int d = read_digits(&p);
    /* 02-29 is allowed: in other years the occurrence is 02-28 */
    if (*p || d < 1 || d > days_in_month(2000, m)) return 0;
    snprintf(zOut, 16, "year:%02u-%02u", (unsigned)m % 13u, (unsigned)d % 32u);
    return 1;
  }
  if (strncmp(z, "month:", 6) == 0) {
    const char *p = z + 6;
    int d = read_digits(&p);
    if (*p || d < 0 || d > 31) return 0;
    snprintf(zOut, 16, "month:%u", (unsigned)d % 32u);
    return 1;
  }
  return 0;
}

/* The day of month m of year y on which canonical recurrence zRec falls due, 0 when it does not
** fall due that month. A day past the month's end is its last day (month:31 in February). */
static int due_day(const char *zRec, int y, int m) {
  int dim = days_in_month(y, m);
  if (strcmp(zRec, "half") == 0) return m == 6 || m == 12 ? dim : 0;
  if (strcmp(zRec, "quarter") == 0) return m % 3 == 0 ? dim : 0;
  if (strncmp(zRec, "year:", 5) == 0) {
    int mm = num(zRec + 5), dd = num(zRec + 8);
    return m == mm ? (dd < dim ? dd : dim) : 0;
  }
  if (strncmp(zRec, "month:", 6) == 0) {
    int dd = num(zRec + 6);
    return dd == 0 || dd > dim ? dim : dd;
  }
  return 0;
}

/* y-m-d as YYYY-MM-DD into zOut[11] (y within 1..9999: checked by the caller's date). */
static void iso(char zOut[11], int y, int m, int d) {
  char z[48];
  snprintf(z, sizeof z, "%04d-%02d-%02d", y, m, d);
  memcpy(zOut, z, 10);
  zOut[10] = 0;
}

int store_recurrence_dues(const char *zRec, const char *zAsOf, char zLast[11], char zNext[11]) {
  zLast[0] = zNext[0] = 0;
  char zCanon[16];
  if (!store_recurrence_parse(zRec, zCanon) || !zAsOf || strlen(zAsOf) != 10) return -1;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7 ? zAsOf[i] != '-' : (zAsOf[i] < '0' || zAsOf[i] > '9')) return -1;
  }
  int y = num(zAsOf), m = num(zAsOf + 5), d = num(zAsOf + 8);
  if (y < 2 || y > 9998 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
  /* every form falls due at least once in any 12 consecutive months */
  for (int k = 0; k <= 12 && !zNext[0]; k++) {
    int yy = y + (m - 1 + k) / 12, mm = (m - 1 + k) % 12 + 1;
    int dd = due_day(zCanon, yy, mm);
    if (dd && (k > 0 || dd >= d)) iso(zNext, yy, mm, dd);
  }
  for (int k = 0; k <= 12 && !zLast[0]; k++) {
    int idx = y * 12 + (m - 1) - k, yy = idx / 12, mm = idx % 12 + 1;
    int dd = due_day(zCanon, yy, mm);
    if (dd && (k > 0 || dd < d)) iso(zLast, yy, mm, dd);
  }
  return 0;
}

int store_item_recurrence_get(Store *s, long long itemId, char zOut[16], Err *e) {
  zOut[0] = 0;
  DbStmt *st;
  if (db_prepare(s->db, "SELECT coalesce(recurrence,'') FROM ledger_items WHERE id=?1", &st)) {
    return sq_error(s, e, "reading an item's recurrence");
  }
  db_bind_int64(st, 1, itemId);
  int step = db_step(st), rc = 0;
  if (step == DB_ROW) {
    snprintf(zOut, 16, "%s", sq_col(st, 0));
  } else if (step == DB_DONE) {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  } else {
    rc = sq_error(s, e, "reading an item's recurrence");
  }
  db_finalize(st);
  return rc;
}

/* Is z short printable ASCII, safe to repeat in a message? */
static int quotable(const char *z) {
  size_t n = 0;
  for (; z[n]; n++) {
    if (n >= 32 || (unsigned char)z[n] < 0x21 || (unsigned char)z[n] > 0x7e) return 0;
  }
  return 1;
}

int store_item_recurrence_set(Store *s, const char *zActor, long long itemId,
                              const char *zRecurrence, Err *e) {
  char zNew[16] = "";
  if (zRecurrence && *zRecurrence && !store_recurrence_parse(zRecurrence, zNew)) {
    return err_set(e, LUOSHI_EINVAL,
                   "'%s' is not a recurrence: write year:MM-DD (every year by that day, "
                   "year:12-31 for 每年年底前), half (by 06-30 and 12-31), quarter (by each "
                   "quarter's last day) or month:DD (every month by day DD, 1-31; month:0 for "
                   "the month's last day)",
                   quotable(zRecurrence) ? zRecurrence : "(the value given)");
  }
  char zBefore[16];
  int rc = store_item_recurrence_get(s, itemId, zBefore, e);
  if (rc) return rc;
  DbStmt *st;
  if (sq_begin(s, "UPDATE ledger_items SET recurrence=?2 WHERE id=?1", &st,
               "setting an item's recurrence", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, itemId);
  if (*zNew) db_bind_text(st, 2, zNew);
  char zMissing[64];
  snprintf(zMissing, sizeof zMissing, "no ledger item %lld", itemId);
  rc = sq_change_one(s, st, "setting an item's recurrence", zMissing, e);
  if (rc == 0) {
    json_t *jBefore = json_pack("{s:s?}", "recurrence", *zBefore ? zBefore : NULL);
    json_t *jAfter = json_pack("{s:s?}", "recurrence", *zNew ? zNew : NULL);
    char *zB = json_dumps(jBefore, JSON_COMPACT | JSON_SORT_KEYS);
    char *zA = json_dumps(jAfter, JSON_COMPACT | JSON_SORT_KEYS);
    rc = sq_audit_append(s, zActor, "recurrence", "item", itemId, zB, zA, e);
    free(zB);
    free(zA);
    json_decref(jBefore);
    json_decref(jAfter);
  }
  return sq_finish(s, rc, e);
}
