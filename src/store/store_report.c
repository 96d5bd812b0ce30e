/*
** Reports and their evidence in the store (see store.h). A report moves draft -> submitted ->
** accepted, or -> returned (with a reason) -> submitted again; each move is one transaction
** with its audit entry, and a move from a state the report is not in changes nothing.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int store_item_get(Store *s, long long itemId, long long *pLeadUnit, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db, "SELECT coalesce(lead_unit_id,0) FROM ledger_items WHERE id=?", &st)) {
    return sq_error(s, e, "reading an item");
  }
  db_bind_int64(st, 1, itemId);
  int step = db_step(st), rc = 0;
  if (step == DB_ROW) *pLeadUnit = db_column_int64(st, 0);
  else if (step == DB_DONE) rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  else rc = sq_error(s, e, "reading an item");
  db_finalize(st);
  return rc;
}

/* 1 when zSql, bound to a and b, answers a row; 0 when it answers none; LUOSHI_EIO. */
static int row_exists(Store *s, const char *zSql, long long a, long long b) {
  DbStmt *st;
  if (db_prepare(s->db, zSql, &st) != DB_OK) return LUOSHI_EIO;
  db_bind_int64(st, 1, a);
  db_bind_int64(st, 2, b);
  int step = db_step(st);
  db_finalize(st);
  return step == DB_ROW ? 1 : step == DB_DONE ? 0 : LUOSHI_EIO;
}

int store_item_cooperates(Store *s, long long itemId, long long unitId) {
  return row_exists(s, "SELECT 1 FROM item_cooperating WHERE item_id=?1 AND unit_id=?2", itemId,
                    unitId);
}

int store_unit_within(Store *s, long long unitId, long long ancestorId) {
  return row_exists(s,
                    "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT u.parent_id FROM units "
                    "u JOIN up ON u.id=up.id WHERE u.parent_id IS NOT NULL) "
                    "SELECT 1 FROM up WHERE id=?2",
                    unitId, ancestorId);
}

int store_report_save(Store *s, const char *zActor, const StoreReport *r, long long *pId,
                      Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  DbStmt *st;
  /* an existing report of this item, period and unit: editable while draft or returned */
  long long id = 0;
  char zState[16] = "";
  if (db_prepare(s->db,
                 "SELECT id,state FROM reports WHERE item_id=? AND period=? AND "
                 "coalesce(unit_id,0)=?", &st)) {
    return sq_finish(s, sq_error(s, e, "saving a report"), e);
  }
  db_bind_int64(st, 1, r->itemId);
  db_bind_text(st, 2, r->zPeriod);
  db_bind_int64(st, 3, r->unitId);
  if (db_step(st) == DB_ROW) {
    id = db_column_int64(st, 0);
    snprintf(zState, sizeof zState, "%s", sq_col(st, 1));
  }
  db_finalize(st);
  if (id && strcmp(zState, "draft") != 0 && strcmp(zState, "returned") != 0) {
    return sq_finish(s, err_set(e, LUOSHI_ECONFLICT,
                             "the report for %s is %s: it can no longer be edited", r->zPeriod,
                             zState),
                  e);
  }
  const char *zSql = id ? "UPDATE reports SET progress=?4, done=?5, problems=?6, next_steps=?7 "
                          "WHERE id=?8"
                        : "INSERT INTO reports(item_id,period,unit_id,progress,done,problems,"
                          "next_steps,created_by) VALUES(?1,?2,?3,?4,?5,?6,?7,?9)";
  if (db_prepare(s->db, zSql, &st)) return sq_finish(s, sq_error(s, e, "saving a report"), e);
  db_bind_int64(st, 1, r->itemId);
  db_bind_text(st, 2, r->zPeriod);
  if (r->unitId) db_bind_int64(st, 3, r->unitId);
  db_bind_int(st, 4, r->progress);
  db_bind_text(st, 5, r->zDone ? r->zDone : "");
  db_bind_text(st, 6, r->zProblems ? r->zProblems : "");
  db_bind_text(st, 7, r->zNext ? r->zNext : "");
  db_bind_int64(st, 8, id);
  db_bind_text(st, 9, zActor);
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_finish(s, sq_error(s, e, "saving a report"), e);
  if (!id) id = db_last_insert_id(s->db);
  *pId = id;
  json_t *j = json_pack("{s:I, s:s, s:i}", "item", (json_int_t)r->itemId, "period", r->zPeriod,
                        "progress", r->progress);
  char *z = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
  rc = sq_audit_append(s, zActor, "save", "report", id, NULL, z, e);
  free(z);
  json_decref(j);
  return sq_finish(s, rc, e);
}

int store_report_get(Store *s, long long reportId, StoreReport *r, Buf *pStrings, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT id,item_id,period,coalesce(unit_id,0),progress,state,"
                 "coalesce(return_reason,''),submissions FROM reports WHERE id=?", &st)) {
    return sq_error(s, e, "reading a report");
  }
  db_bind_int64(st, 1, reportId);
  int rc = 0;
  int step = db_step(st);
  if (step == DB_ROW) {
    memset(r, 0, sizeof *r);
    size_t a = pStrings->n;
    buf_puts(pStrings, sq_col(st, 2));
    buf_putc(pStrings, 0);
    size_t b = pStrings->n;
    buf_puts(pStrings, sq_col(st, 5));
    buf_putc(pStrings, 0);
    size_t c = pStrings->n;
    buf_puts(pStrings, sq_col(st, 6));
    buf_putc(pStrings, 0);
    r->id = db_column_int64(st, 0);
    r->itemId = db_column_int64(st, 1);
    r->unitId = db_column_int64(st, 3);
    r->progress = db_column_int(st, 4);
    r->submissions = db_column_int(st, 7);
    r->zPeriod = pStrings->a + a;
    r->zState = pStrings->a + b;
    r->zReason = pStrings->a + c;
  } else if (step != DB_DONE) {
    rc = sq_error(s, e, "reading a report");
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no report %lld", reportId);
  }
  db_finalize(st);
  return rc;
}

/* The date a report for zPeriod ("2019-03" or "2019Q1") is due, into zDue[11]: day
** reportDay (> 0) of the period's last month, counted on into the next month when that month
** is shorter, or with reportDay 0 the period's last day. "" for a period of another shape. */
static void report_due_date(const char *zPeriod, int reportDay, char zDue[11]) {
  zDue[0] = 0;
  int year = 0, month = 0, q = 0;
  char cTail = 0;
  if (sscanf(zPeriod, "%4dQ%1d%c", &year, &q, &cTail) == 2 && q >= 1 && q <= 4) month = q * 3;
  else if (sscanf(zPeriod, "%4d-%2d%c", &year, &month, &cTail) != 2) return;
  if (year < 1 || month < 1 || month > 12) return;
  struct tm tm = {0};
  tm.tm_year = year - 1900;
  tm.tm_mon = reportDay > 0 ? month - 1 : month;  /* day 0 of the next month: the last day */
  tm.tm_mday = reportDay > 0 ? reportDay : 0;
  tm.tm_hour = 12;
  time_t t = timegm(&tm);
  gmtime_r(&t, &tm);
  strftime(zDue, 11, "%Y-%m-%d", &tm);
}

/* Whether report reportId, submitted on zToday, comes after its due date; -1 when it is not
** found or its period has no due date (then lateness is left as it was). */
static int report_is_late(Store *s, long long reportId, const char *zToday) {
  DbStmt *st;
  int late = -1;
  if (db_prepare(s->db,
                 "SELECT r.period, coalesce(i.report_day, 0) FROM reports r JOIN ledger_items i "
                 "ON i.id=r.item_id WHERE r.id=?1", &st)) {
    return -1;
  }
  db_bind_int64(st, 1, reportId);
  if (db_step(st) == DB_ROW) {
    char zDue[11];
    report_due_date(sq_col(st, 0), db_column_int(st, 1), zDue);
    if (zDue[0]) late = strcmp(zToday, zDue) > 0;
  }
  db_finalize(st);
  return late;
}

/* After report reportId is accepted, move its item's process status on: 已完成 at 100 %,
** 未启动 → 推进中 once there is progress. A change is audited with before and after. */
static int advance_status(Store *s, const char *zActor, long long reportId, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT i.id, i.status, r.progress FROM reports r JOIN ledger_items i "
                 "ON i.id=r.item_id WHERE r.id=?", &st)) {
    return sq_error(s, e, "updating an item's status");
  }
  db_bind_int64(st, 1, reportId);
  long long itemId = 0;
  char zOld[32] = "";
  int progress = 0;
  if (db_step(st) == DB_ROW) {
    itemId = db_column_int64(st, 0);
    snprintf(zOld, sizeof zOld, "%s", sq_col(st, 1));
    progress = db_column_int(st, 2);
  }
  db_finalize(st);
  int open = strcmp(zOld, "未启动") == 0 || strcmp(zOld, "推进中") == 0 || strcmp(zOld, "滞后") == 0;
  const char *zNew = !open ? NULL
                     : progress == 100 ? "已完成"
                     : (progress > 0 && strcmp(zOld, "未启动") == 0) ? "推进中"
                                                                      : NULL;
  if (!zNew) return 0;
  if (db_prepare(s->db, "UPDATE ledger_items SET status=? WHERE id=?", &st)) {
    return sq_error(s, e, "updating an item's status");
  }
  db_bind_text(st, 1, zNew);
  db_bind_int64(st, 2, itemId);
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_error(s, e, "updating an item's status");
  json_t *before = json_pack("{s:s}", "status", zOld);
  json_t *after = json_pack("{s:s, s:I}", "status", zNew, "report", (json_int_t)reportId);
  char *zBefore = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
  char *zAfter = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
  int rc = sq_audit_append(s, zActor, "status", "item", itemId, zBefore, zAfter, e);
  free(zBefore);
  free(zAfter);
  json_decref(before);
  json_decref(after);
  return rc;
}

int store_report_move(Store *s, const char *zActor, long long reportId, const char *zFrom1,
                      const char *zFrom2, const char *zTo, const char *zReason, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  DbStmt *st;
  char zNow[32];
  sq_now(zNow);
  int submit = strcmp(zTo, "submitted") == 0;
  const char *zSql =
      submit ? "UPDATE reports SET state=?2, submissions=submissions+1, submitted_at=?4, "
               "return_reason=NULL, late=CASE WHEN submissions>0 OR ?8 < 0 THEN late ELSE ?8 "
               "END WHERE id=?1 AND state IN (?5,?6)"
             : "UPDATE reports SET state=?2, return_reason=?3, reviewed_by=?7, reviewed_at=?4 "
               "WHERE id=?1 AND state IN (?5,?6)";
  if (db_prepare(s->db, zSql, &st)) return sq_finish(s, sq_error(s, e, "moving a report"), e);
  db_bind_int64(st, 1, reportId);
  db_bind_text(st, 2, zTo);
  if (zReason) db_bind_text(st, 3, zReason);
  db_bind_text(st, 4, zNow);
  db_bind_text(st, 5, zFrom1);
  db_bind_text(st, 6, zFrom2 ? zFrom2 : zFrom1);
  db_bind_text(st, 7, zActor);
  char zToday[11];
  sq_today(zToday);
  if (submit) db_bind_int(st, 8, report_is_late(s, reportId, zToday));
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_finish(s, sq_error(s, e, "moving a report"), e);
  if (db_changes(s->db) != 1) {
    return sq_finish(s, err_set(e, LUOSHI_ECONFLICT, "report %lld is not %s%s%s: it cannot become %s",
                             reportId, zFrom1, zFrom2 ? " or " : "", zFrom2 ? zFrom2 : "", zTo),
                  e);
  }
  json_t *j = json_pack("{s:s, s:s?}", "state", zTo, "reason", zReason);
  char *z = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
  int rc = sq_audit_append(s, zActor, zTo, "report", reportId, NULL, z, e);
  free(z);
  json_decref(j);
  if (rc == 0 && strcmp(zTo, "accepted") == 0) rc = advance_status(s, zActor, reportId, e);
  return sq_finish(s, rc, e);
}

int store_evidence_add(Store *s, const char *zActor, long long reportId, const char *zName,
                       const void *pData, size_t nByte, const char *zSha256, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  DbStmt *st;
  char zNow[32];
  sq_now(zNow);
  if (db_prepare(s->db,
                 "INSERT INTO evidence(report_id,name,sha256,bytes,content,added_at) "
                 "SELECT ?1,?2,?3,?4,?5,?6 WHERE EXISTS (SELECT 1 FROM reports WHERE "
                 "id=?1 AND state IN ('draft','returned'))", &st)) {
    return sq_finish(s, sq_error(s, e, "adding evidence"), e);
  }
  db_bind_int64(st, 1, reportId);
  db_bind_text(st, 2, zName);
  db_bind_text(st, 3, zSha256);
  db_bind_int64(st, 4, (long long)nByte);
  db_bind_blob(st, 5, pData, (long long)nByte);
  db_bind_text(st, 6, zNow);
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_finish(s, sq_error(s, e, "adding evidence"), e);
  if (db_changes(s->db) != 1) {
    return sq_finish(s, err_set(e, LUOSHI_ECONFLICT,
                             "report %lld is not a draft or returned: evidence cannot be added",
                             reportId),
                  e);
  }
  long long id = db_last_insert_id(s->db);
  json_t *j = json_pack("{s:I, s:s, s:s, s:I}", "report", (json_int_t)reportId, "name", zName,
                        "sha256", zSha256, "bytes", (json_int_t)nByte);
  char *z = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
  int rc = sq_audit_append(s, zActor, "add", "evidence", id, NULL, z, e);
  free(z);
  json_decref(j);
  return sq_finish(s, rc, e);
}

int store_report_list(Store *s, long long itemId, int (*x)(void *, const StoreReport *),
                      void *ctx, Err *e) {
  DbStmt *st;
  /* One item's reports through the index on (item_id, period); "?1=0 OR item_id=?1" would
  ** scan every report for each item (an export of the ledger calls this once an item). */
#define REPORT_LIST_SELECT                                                                   \
  "SELECT r.id,r.item_id,r.period,coalesce(r.unit_id,0),r.progress,r.state,"                \
  "coalesce(r.return_reason,''),r.submissions,r.done,r.problems,"                          \
  "r.next_steps,(SELECT count(*) FROM evidence v WHERE v.report_id=r.id),r.late FROM reports r "
  const char *zSql = itemId ? REPORT_LIST_SELECT "WHERE r.item_id=?1 ORDER BY r.period,r.id"
                            : REPORT_LIST_SELECT "ORDER BY r.item_id,r.period,r.id";
#undef REPORT_LIST_SELECT
  if (db_prepare(s->db, zSql, &st)) return sq_error(s, e, "listing reports");
  if (itemId) db_bind_int64(st, 1, itemId);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreReport r = {db_column_int64(st, 0), db_column_int64(st, 1), sq_col(st, 2),
                     db_column_int64(st, 3), db_column_int(st, 4), sq_col(st, 8),
                     sq_col(st, 9), sq_col(st, 10), sq_col(st, 5), sq_col(st, 6), db_column_int(st, 7),
                     db_column_int(st, 11), db_column_int(st, 12)};
    if (x(ctx, &r)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing reports") : 0;
}
