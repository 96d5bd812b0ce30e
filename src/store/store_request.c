/*
** Requests (extension, close-out, fault tolerance), decisions, reopening and accountability
** records in the store (see store.h). A decision and its effect on the item are one transaction.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_item_state(Store *s, long long itemId, StoreItemState *st, Err *e) {
  DbStmt *q;
  if (db_prepare(s->db,
                 "SELECT coalesce(deadline,''), status, coalesce(verdict,''), "
                 "(SELECT count(*) FROM evidence v JOIN reports r ON r.id=v.report_id "
                 " WHERE r.item_id=?1), (SELECT max(r.id) FROM reports r JOIN evidence v "
                 " ON v.report_id=r.id WHERE r.item_id=?1) FROM ledger_items WHERE id=?1", &q)) {
    return sq_error(s, e, "reading an item");
  }
  db_bind_int64(q, 1, itemId);
  int rc = 0;
  int step = db_step(q);
  if (step == DB_ROW) {
    snprintf(st->zDeadline, sizeof st->zDeadline, "%s", sq_col(q, 0));
    snprintf(st->zStatus, sizeof st->zStatus, "%s", sq_col(q, 1));
    snprintf(st->zVerdict, sizeof st->zVerdict, "%s", sq_col(q, 2));
    st->nEvidence = db_column_int(q, 3);
    st->lastEvidenceReport = db_column_int64(q, 4);
  } else if (step != DB_DONE) {
    rc = sq_error(s, e, "reading an item");
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  }
  db_finalize(q);
  return rc;
}

int store_request_add(Store *s, const char *zActor, const StoreRequest *r, long long *pId,
                      Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  DbStmt *st;
  /* one pending request of a kind per item */
  if (db_prepare(s->db,
                 "SELECT id FROM requests WHERE item_id=? AND kind=? AND state='pending'", &st)) {
    return sq_finish(s, sq_error(s, e, "adding a request"), e);
  }
  db_bind_int64(st, 1, r->itemId);
  db_bind_text(st, 2, r->zKind);
  long long pending = db_step(st) == DB_ROW ? db_column_int64(st, 0) : 0;
  db_finalize(st);
  if (pending) {
    return sq_finish(s, err_set(e, LUOSHI_ECONFLICT, "item %lld has a pending %s request already (%lld)",
                           r->itemId, r->zKind, pending),
                e);
  }
  char zNow[32];
  sq_now(zNow);
  if (db_prepare(s->db,
                 "INSERT INTO requests(item_id,kind,unit_id,new_deadline,period,reason,"
                 "checklist,evidence_report,requested_by,requested_at) "
                 "VALUES(?,?,?,?,?,?,?,?,?,?)", &st)) {
    return sq_finish(s, sq_error(s, e, "adding a request"), e);
  }
  db_bind_int64(st, 1, r->itemId);
  db_bind_text(st, 2, r->zKind);
  if (r->unitId) db_bind_int64(st, 3, r->unitId);
  if (r->zNewDeadline) db_bind_text(st, 4, r->zNewDeadline);
  if (r->zPeriod) db_bind_text(st, 5, r->zPeriod);
  db_bind_text(st, 6, r->zReason);
  if (r->zChecklist) db_bind_text(st, 7, r->zChecklist);
  if (r->evidenceReport) db_bind_int64(st, 8, r->evidenceReport);
  db_bind_text(st, 9, zActor);
  db_bind_text(st, 10, zNow);
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_finish(s, sq_error(s, e, "adding a request"), e);
  *pId = db_last_insert_id(s->db);
  int rc = sq_audit_json(s, zActor, "request", r->zKind, *pId,
                      json_pack("{s:I, s:s, s:s?, s:s?}", "item", (json_int_t)r->itemId, "reason",
                                r->zReason, "new_deadline", r->zNewDeadline, "period",
                                r->zPeriod),
                      e);
  return sq_finish(s, rc, e);
}

int store_request_get(Store *s, long long id, StoreRequest *r, Buf *pStrings, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT id,item_id,kind,state,coalesce(new_deadline,''),"
                 "coalesce(period,''),reason FROM requests WHERE id=?", &st)) {
    return sq_error(s, e, "reading a request");
  }
  db_bind_int64(st, 1, id);
  int rc = 0;
  if (db_step(st) == DB_ROW) {
    memset(r, 0, sizeof *r);
    size_t o[5];
    for (int k = 0; k < 5; k++) {
      o[k] = pStrings->n;
      buf_puts(pStrings, sq_col(st, 2 + k));
      buf_putc(pStrings, 0);
    }
    r->id = db_column_int64(st, 0);
    r->itemId = db_column_int64(st, 1);
    r->zKind = pStrings->a + o[0];
    r->zState = pStrings->a + o[1];
    r->zNewDeadline = pStrings->a + o[2];
    r->zPeriod = pStrings->a + o[3];
    r->zReason = pStrings->a + o[4];
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no request %lld", id);
  }
  db_finalize(st);
  return rc;
}

int store_request_decide(Store *s, const char *zActor, long long id, int approve,
                         const char *zNote, const char *zVerdict, Err *e) {
  char zNow[32];
  sq_now(zNow);
  DbStmt *st;
  if (sq_begin(s,
               "UPDATE requests SET state=?2, decided_by=?3, decided_at=?4, "
               "decision_note=?5 WHERE id=?1 AND state='pending'",
               &st, "deciding a request", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, id);
  db_bind_text(st, 2, approve ? "approved" : "rejected");
  db_bind_text(st, 3, zActor);
  db_bind_text(st, 4, zNow);
  if (zNote) db_bind_text(st, 5, zNote);
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_finish(s, sq_error(s, e, "deciding a request"), e);
  if (db_changes(s->db) != 1) {
    return sq_finish(s, err_set(e, LUOSHI_ECONFLICT, "request %lld is not pending", id), e);
  }
  int rc = 0;
  if (approve) {
    /* the effect on the item: a new deadline, or the item closed with its verdict */
    const char *zSql =
        "UPDATE ledger_items SET "
        "deadline = CASE (SELECT kind FROM requests WHERE id=?1) WHEN 'extension' "
        "  THEN (SELECT new_deadline FROM requests WHERE id=?1) ELSE deadline END, "
        "status = CASE (SELECT kind FROM requests WHERE id=?1) WHEN 'closeout' THEN '已销号' "
        "  ELSE status END, "
        "verdict = CASE (SELECT kind FROM requests WHERE id=?1) WHEN 'closeout' THEN ?2 "
        "  ELSE verdict END "
        "WHERE id=(SELECT item_id FROM requests WHERE id=?1)";
    if (db_prepare(s->db, zSql, &st)) {
      return sq_finish(s, sq_error(s, e, "deciding a request"), e);
    }
    db_bind_int64(st, 1, id);
    if (zVerdict) db_bind_text(st, 2, zVerdict);
    step = db_step(st);
    db_finalize(st);
    if (step != DB_DONE) rc = sq_error(s, e, "deciding a request");
  }
  if (rc == 0) {
    rc = sq_audit_json(s, zActor, approve ? "approve" : "reject", "request", id,
                    json_pack("{s:s?, s:s?}", "note", zNote, "verdict", zVerdict), e);
  }
  return sq_finish(s, rc, e);
}

int store_item_reopen(Store *s, const char *zActor, long long itemId, const char *zReason,
                      Err *e) {
  DbStmt *st;
  if (sq_begin(s,
               "UPDATE ledger_items SET status='推进中', verdict=NULL WHERE id=? AND "
               "status IN ('已完成','已销号')",
               &st, "reopening an item", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, itemId);
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_finish(s, sq_error(s, e, "reopening an item"), e);
  if (db_changes(s->db) != 1) {
    return sq_finish(s, err_set(e, LUOSHI_ECONFLICT, "item %lld is not completed or closed", itemId), e);
  }
  int rc = sq_audit_json(s, zActor, "reopen", "item", itemId, json_pack("{s:s}", "reason", zReason),
                      e);
  return sq_finish(s, rc, e);
}

int store_accountability_add(Store *s, const char *zActor, long long itemId, const char *zKind,
                             long long unitId, const char *zPerson, const char *zReason,
                             long long *pId, Err *e) {
  char zNow[32];
  sq_now(zNow);
  DbStmt *st;
  if (sq_begin(s,
               "INSERT INTO accountability(item_id,kind,unit_id,person,reason,"
               "recorded_by,recorded_at) VALUES(?,?,?,?,?,?,?)",
               &st, "recording accountability", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, itemId);
  db_bind_text(st, 2, zKind);
  if (unitId) db_bind_int64(st, 3, unitId);
  if (zPerson) db_bind_text(st, 4, zPerson);
  db_bind_text(st, 5, zReason);
  db_bind_text(st, 6, zActor);
  db_bind_text(st, 7, zNow);
  int step = db_step(st);
  db_finalize(st);
  if (step == DB_CONSTRAINT) {
    return sq_finish(s, err_set(e, LUOSHI_EINVAL, "unknown item %lld or kind %s (提醒谈话, 约谈, 通报, 问责)",
                           itemId, zKind),
                e);
  }
  if (step != DB_DONE) return sq_finish(s, sq_error(s, e, "recording accountability"), e);
  *pId = db_last_insert_id(s->db);
  int rc = sq_audit_json(s, zActor, "record", "accountability", *pId,
                      json_pack("{s:I, s:s, s:I, s:s?, s:s}", "item", (json_int_t)itemId, "kind",
                                zKind, "unit", (json_int_t)unitId, "person", zPerson, "reason",
                                zReason),
                      e);
  return sq_finish(s, rc, e);
}
