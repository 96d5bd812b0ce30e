/*
** Reports and their evidence on SQLite (see store.h). A report moves draft -> submitted ->
** accepted, or -> returned (with a reason) -> submitted again; each move is one transaction
** with its audit entry, and a move from a state the report is not in changes nothing.
*/
#include "sqlite_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int store_item_get(Store *s, long long itemId, long long *pLeadUnit, Err *e) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT coalesce(lead_unit_id,0) FROM ledger_items WHERE id=?",
                         -1, &st, NULL)) {
    return sq_error(s, e, "reading an item");
  }
  sqlite3_bind_int64(st, 1, itemId);
  int rc = 0;
  if (sqlite3_step(st) == SQLITE_ROW) *pLeadUnit = sqlite3_column_int64(st, 0);
  else rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  sqlite3_finalize(st);
  return rc;
}

int store_item_cooperates(Store *s, long long itemId, long long unitId) {
  sqlite3_stmt *st;
  int yes = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM item_cooperating WHERE item_id=? AND unit_id=?",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, itemId);
    sqlite3_bind_int64(st, 2, unitId);
    yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  return yes;
}

int store_unit_within(Store *s, long long unitId, long long ancestorId) {
  sqlite3_stmt *st;
  int yes = 0;
  if (sqlite3_prepare_v2(s->db,
                         "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT u.parent_id FROM units "
                         "u JOIN up ON u.id=up.id WHERE u.parent_id IS NOT NULL) "
                         "SELECT 1 FROM up WHERE id=?2",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, unitId);
    sqlite3_bind_int64(st, 2, ancestorId);
    yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  return yes;
}

int store_report_save(Store *s, const char *zActor, const StoreReport *r, long long *pId,
                      Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  sqlite3_stmt *st;
  /* an existing report of this item, period and unit: editable while draft or returned */
  long long id = 0;
  char zState[16] = "";
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id,state FROM reports WHERE item_id=? AND period=? AND "
                         "coalesce(unit_id,0)=?",
                         -1, &st, NULL)) {
    return sq_finish(s, sq_error(s, e, "saving a report"), e);
  }
  sqlite3_bind_int64(st, 1, r->itemId);
  sqlite3_bind_text(st, 2, r->zPeriod, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, r->unitId);
  if (sqlite3_step(st) == SQLITE_ROW) {
    id = sqlite3_column_int64(st, 0);
    snprintf(zState, sizeof zState, "%s", sq_col(st, 1));
  }
  sqlite3_finalize(st);
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
  if (sqlite3_prepare_v2(s->db, zSql, -1, &st, NULL)) return sq_finish(s, sq_error(s, e, "saving a report"), e);
  sqlite3_bind_int64(st, 1, r->itemId);
  sqlite3_bind_text(st, 2, r->zPeriod, -1, SQLITE_STATIC);
  if (r->unitId) sqlite3_bind_int64(st, 3, r->unitId);
  sqlite3_bind_int(st, 4, r->progress);
  sqlite3_bind_text(st, 5, r->zDone ? r->zDone : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, r->zProblems ? r->zProblems : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, r->zNext ? r->zNext : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 8, id);
  sqlite3_bind_text(st, 9, zActor, -1, SQLITE_STATIC);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) return sq_finish(s, sq_error(s, e, "saving a report"), e);
  if (!id) id = sqlite3_last_insert_rowid(s->db);
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
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id,item_id,period,coalesce(unit_id,0),progress,state,"
                         "coalesce(return_reason,''),submissions FROM reports WHERE id=?",
                         -1, &st, NULL)) {
    return sq_error(s, e, "reading a report");
  }
  sqlite3_bind_int64(st, 1, reportId);
  int rc = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
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
    r->id = sqlite3_column_int64(st, 0);
    r->itemId = sqlite3_column_int64(st, 1);
    r->unitId = sqlite3_column_int64(st, 3);
    r->progress = sqlite3_column_int(st, 4);
    r->submissions = sqlite3_column_int(st, 7);
    r->zPeriod = pStrings->a + a;
    r->zState = pStrings->a + b;
    r->zReason = pStrings->a + c;
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no report %lld", reportId);
  }
  sqlite3_finalize(st);
  return rc;
}

/* The date a report is due, in SQL over reports (period) and its item (report_cycle ignored:
** the period says month or quarter): day report_day of the period's last month, or the
** period's last day. */
#define REPORT_LAST_MONTH_SQL                                                                  \
  "(CASE WHEN instr(reports.period,'Q') THEN printf('%s-%02d-01', substr(reports.period,1,4), " \
  "  substr(reports.period,6,1) * 3) ELSE reports.period || '-01' END)"
#define REPORT_DUE_SQL                                                                         \
  "(SELECT CASE WHEN i.report_day IS NULL THEN date(" REPORT_LAST_MONTH_SQL ", '+1 month', "   \
  "  '-1 day') ELSE date(" REPORT_LAST_MONTH_SQL ", '+' || (i.report_day - 1) || ' days') END "\
  " FROM ledger_items i WHERE i.id=reports.item_id)"

/* After report reportId is accepted, move its item's process status on: 已完成 at 100 %,
** 未启动 → 推进中 once there is progress. A change is audited with before and after. */
static int advance_status(Store *s, const char *zActor, long long reportId, Err *e) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT i.id, i.status, r.progress FROM reports r JOIN ledger_items i "
                         "ON i.id=r.item_id WHERE r.id=?",
                         -1, &st, NULL)) {
    return sq_error(s, e, "updating an item's status");
  }
  sqlite3_bind_int64(st, 1, reportId);
  long long itemId = 0;
  char zOld[32] = "";
  int progress = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    itemId = sqlite3_column_int64(st, 0);
    snprintf(zOld, sizeof zOld, "%s", sq_col(st, 1));
    progress = sqlite3_column_int(st, 2);
  }
  sqlite3_finalize(st);
  int open = strcmp(zOld, "未启动") == 0 || strcmp(zOld, "推进中") == 0 || strcmp(zOld, "滞后") == 0;
  const char *zNew = !open ? NULL
                     : progress == 100 ? "已完成"
                     : (progress > 0 && strcmp(zOld, "未启动") == 0) ? "推进中"
                                                                      : NULL;
  if (!zNew) return 0;
  if (sqlite3_prepare_v2(s->db, "UPDATE ledger_items SET status=? WHERE id=?", -1, &st, NULL)) {
    return sq_error(s, e, "updating an item's status");
  }
  sqlite3_bind_text(st, 1, zNew, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, itemId);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) return sq_error(s, e, "updating an item's status");
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
  sqlite3_stmt *st;
  char zNow[32];
  sq_now(zNow);
  int submit = strcmp(zTo, "submitted") == 0;
  const char *zSql =
      submit ? "UPDATE reports SET state=?2, submissions=submissions+1, submitted_at=?4, "
               "return_reason=NULL, late=CASE WHEN submissions>0 THEN late ELSE "
               "  ?8 > " REPORT_DUE_SQL " END WHERE id=?1 AND state IN (?5,?6)"
             : "UPDATE reports SET state=?2, return_reason=?3, reviewed_by=?7, reviewed_at=?4 "
               "WHERE id=?1 AND state IN (?5,?6)";
  if (sqlite3_prepare_v2(s->db, zSql, -1, &st, NULL)) return sq_finish(s, sq_error(s, e, "moving a report"), e);
  sqlite3_bind_int64(st, 1, reportId);
  sqlite3_bind_text(st, 2, zTo, -1, SQLITE_STATIC);
  if (zReason) sqlite3_bind_text(st, 3, zReason, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, zNow, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, zFrom1, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, zFrom2 ? zFrom2 : zFrom1, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, zActor, -1, SQLITE_STATIC);
  char zToday[11];
  sq_today(zToday);
  if (submit) sqlite3_bind_text(st, 8, zToday, -1, SQLITE_STATIC);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) return sq_finish(s, sq_error(s, e, "moving a report"), e);
  if (sqlite3_changes(s->db) != 1) {
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
  sqlite3_stmt *st;
  char zNow[32];
  sq_now(zNow);
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO evidence(report_id,name,sha256,bytes,content,added_at) "
                         "SELECT ?1,?2,?3,?4,?5,?6 WHERE EXISTS (SELECT 1 FROM reports WHERE "
                         "id=?1 AND state IN ('draft','returned'))",
                         -1, &st, NULL)) {
    return sq_finish(s, sq_error(s, e, "adding evidence"), e);
  }
  sqlite3_bind_int64(st, 1, reportId);
  sqlite3_bind_text(st, 2, zName, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, zSha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)nByte);
  sqlite3_bind_blob64(st, 5, pData, nByte, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, zNow, -1, SQLITE_STATIC);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) return sq_finish(s, sq_error(s, e, "adding evidence"), e);
  if (sqlite3_changes(s->db) != 1) {
    return sq_finish(s, err_set(e, LUOSHI_ECONFLICT,
                             "report %lld is not a draft or returned: evidence cannot be added",
                             reportId),
                  e);
  }
  long long id = sqlite3_last_insert_rowid(s->db);
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
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT r.id,r.item_id,r.period,coalesce(r.unit_id,0),r.progress,r.state,"
                         "coalesce(r.return_reason,''),r.submissions,r.done,r.problems,"
                         "r.next_steps,(SELECT count(*) FROM evidence v WHERE v.report_id=r.id),r.late "
                         "FROM reports r WHERE ?1=0 OR r.item_id=?1 ORDER BY r.item_id,r.period,"
                         "r.id",
                         -1, &st, NULL)) {
    return sq_error(s, e, "listing reports");
  }
  sqlite3_bind_int64(st, 1, itemId);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    StoreReport r = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sq_col(st, 2),
                     sqlite3_column_int64(st, 3), sqlite3_column_int(st, 4), sq_col(st, 8),
                     sq_col(st, 9), sq_col(st, 10), sq_col(st, 5), sq_col(st, 6), sqlite3_column_int(st, 7),
                     sqlite3_column_int(st, 11), sqlite3_column_int(st, 12)};
    if (x(ctx, &r)) break;
  }
  int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
  sqlite3_finalize(st);
  return bad ? sq_error(s, e, "listing reports") : 0;
}
