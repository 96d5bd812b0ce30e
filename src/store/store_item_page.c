/*
** What the item page (/items/{id}), the report form, the review queue and the reports API read
** (see store.h): an item's source paragraph and how it is run, its history from the audit
** chain, its reports with unit names, evidence files, requests with who asked and decided,
** accountability records, and the reported values of its targets. Reading only: every change
** goes through the ledger layer and the store functions that write the audit chain. Nothing
** here decides who may see what; the handlers check auth_item_read first.
*/
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

int store_item_detail(Store *s, long long itemId, StoreItemDetail *d, Buf *pStrings, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
          "SELECT i.doc_id, coalesce(i.task_id,0), coalesce(i.report_day,0), "
          "coalesce(i.merged_into,0), "
          /* strings from column 4 on */
          "coalesce(d.title,''), coalesce(b.text,''), coalesce(t.sentence,''), "
          "coalesce(t.text,''), coalesce((SELECT h.measure_title FROM blocks h WHERE "
          " h.doc_id=i.doc_id AND h.measure=i.measure AND h.measure_title IS NOT NULL "
          " ORDER BY h.id LIMIT 1),''), coalesce(i.verdict,''), coalesce(i.report_cycle,''), "
          "i.created_at, coalesce(p.number,''), coalesce(t.problem,'') "
          "FROM ledger_items i JOIN documents d ON d.id=i.doc_id "
          "LEFT JOIN tasks t ON t.doc_id=i.doc_id AND t.id=i.task_id "
          "LEFT JOIN blocks b ON b.doc_id=t.doc_id AND b.id=t.block_id "
          "LEFT JOIN ledger_items p ON p.id=i.parent_id WHERE i.id=?1", &st)) {
    return sq_error(s, e, "reading an item");
  }
  db_bind_int64(st, 1, itemId);
  int rc = 0;
  if (db_step(st) == DB_ROW) {
    enum { NSTR = 10 };
    size_t aOff[NSTR]; /* offsets first: pStrings may move while it grows */
    for (int i = 0; i < NSTR; i++) {
      aOff[i] = pStrings->n;
      buf_puts(pStrings, sq_col(st, 4 + i));
      buf_putc(pStrings, 0);
    }
    memset(d, 0, sizeof *d);
    d->docId = db_column_int64(st, 0);
    d->taskId = db_column_int64(st, 1);
    d->reportDay = db_column_int(st, 2);
    d->mergedInto = db_column_int64(st, 3);
    d->zDocTitle = pStrings->a + aOff[0];
    d->zBlockText = pStrings->a + aOff[1];
    d->zSentence = pStrings->a + aOff[2];
    d->zTaskText = pStrings->a + aOff[3];
    d->zMeasureTitle = pStrings->a + aOff[4];
    d->zVerdict = pStrings->a + aOff[5];
    d->zCycle = pStrings->a + aOff[6];
    d->zCreatedAt = pStrings->a + aOff[7];
    d->zParentNumber = pStrings->a + aOff[8];
    d->zProblem = pStrings->a + aOff[9];
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  }
  db_finalize(st);
  return rc;
}

int store_item_history(Store *s, long long itemId, int (*x)(void *, const StoreAuditEntry *),
                       void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
          "SELECT seq, at, actor, action, entity, coalesce(entity_id,0), coalesce(before,''), "
          "coalesce(after,'') FROM audit_log WHERE "
          "(entity='item' AND entity_id=?1) "
          "OR (entity='report' AND entity_id IN (SELECT id FROM reports WHERE item_id=?1)) "
          "OR (entity='evidence' AND entity_id IN (SELECT v.id FROM evidence v JOIN reports r "
          "    ON r.id=v.report_id WHERE r.item_id=?1)) "
          "OR (entity IN ('extension','closeout','tolerance','request') AND entity_id IN "
          "    (SELECT id FROM requests WHERE item_id=?1)) "
          "OR (entity='milestone' AND entity_id IN (SELECT id FROM milestones WHERE item_id=?1)) "
          "OR (entity='target' AND entity_id IN (SELECT id FROM item_targets WHERE item_id=?1)) "
          "OR (entity='accountability' AND entity_id IN (SELECT id FROM accountability WHERE "
          "    item_id=?1)) "
          "OR (entity='notice' AND entity_id IN (SELECT id FROM notices WHERE item_id=?1)) "
          "ORDER BY seq", &st)) {
    return sq_error(s, e, "reading an item's history");
  }
  db_bind_int64(st, 1, itemId);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreAuditEntry a = {db_column_int64(st, 0), sq_col(st, 1), sq_col(st, 2),
                         sq_col(st, 3), sq_col(st, 4), db_column_int64(st, 5),
                         sq_col(st, 6), sq_col(st, 7)};
    if (x(ctx, &a)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "reading an item's history") : 0;
}

/* The columns of a StoreReportRow, over reports r, ledger_items i, units u. */
#define REPORT_ROW_SQL                                                                         \
  "SELECT r.id, r.item_id, r.period, coalesce(r.unit_id,0), r.progress, r.done, r.problems, "  \
  "r.next_steps, r.state, coalesce(r.return_reason,''), r.submissions, "                      \
  "(SELECT count(*) FROM evidence v WHERE v.report_id=r.id), r.late, i.number, i.text, "      \
  "coalesce(u.name,''), r.created_by, coalesce(r.submitted_at,''), "                          \
  "coalesce(r.reviewed_by,''), coalesce(r.reviewed_at,'') "                                   \
  "FROM reports r JOIN ledger_items i ON i.id=r.item_id LEFT JOIN units u ON u.id=r.unit_id "

static int report_rows(Store *s, DbStmt *st, int (*x)(void *, const StoreReportRow *),
                       void *ctx, Err *e) {
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreReportRow w;
    memset(&w, 0, sizeof w);
    w.r.id = db_column_int64(st, 0);
    w.r.itemId = db_column_int64(st, 1);
    w.r.zPeriod = sq_col(st, 2);
    w.r.unitId = db_column_int64(st, 3);
    w.r.progress = db_column_int(st, 4);
    w.r.zDone = sq_col(st, 5);
    w.r.zProblems = sq_col(st, 6);
    w.r.zNext = sq_col(st, 7);
    w.r.zState = sq_col(st, 8);
    w.r.zReason = sq_col(st, 9);
    w.r.submissions = db_column_int(st, 10);
    w.r.nEvidence = db_column_int(st, 11);
    w.r.late = db_column_int(st, 12);
    w.zNumber = sq_col(st, 13);
    w.zItemText = sq_col(st, 14);
    w.zUnit = sq_col(st, 15);
    w.zCreatedBy = sq_col(st, 16);
    w.zSubmittedAt = sq_col(st, 17);
    w.zReviewedBy = sq_col(st, 18);
    w.zReviewedAt = sq_col(st, 19);
    if (x(ctx, &w)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing reports") : 0;
}

int store_item_reports(Store *s, long long itemId, int (*x)(void *, const StoreReportRow *),
                       void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db, REPORT_ROW_SQL "WHERE r.item_id=?1 ORDER BY r.period DESC, r.id", &st)) {
    return sq_error(s, e, "listing reports");
  }
  db_bind_int64(st, 1, itemId);
  return report_rows(s, st, x, ctx, e);
}

int store_review_queue(Store *s, int (*x)(void *, const StoreReportRow *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 REPORT_ROW_SQL "WHERE r.state='submitted' ORDER BY r.submitted_at, r.id", &st)) {
    return sq_error(s, e, "listing reports");
  }
  return report_rows(s, st, x, ctx, e);
}

#define EVIDENCE_SQL                                                                           \
  "SELECT v.id, v.report_id, r.item_id, v.name, v.sha256, v.bytes, v.added_at "               \
  "FROM evidence v JOIN reports r ON r.id=v.report_id "

static int evidence_rows(Store *s, DbStmt *st, int bContent,
                         int (*x)(void *, const StoreEvidence *), void *ctx, int *pnRow,
                         Err *e) {
  int rc, nRow = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreEvidence v = {db_column_int64(st, 0), db_column_int64(st, 1),
                       db_column_int64(st, 2), sq_col(st, 3), sq_col(st, 4),
                       db_column_int64(st, 5), sq_col(st, 6), NULL};
    if (bContent) {
      v.pData = db_column_blob(st, 7);
      v.nByte = db_column_bytes(st, 7);
      if (!v.pData) v.pData = "";
    }
    nRow++;
    if (x(ctx, &v)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  if (pnRow) *pnRow = nRow;
  return bad ? sq_error(s, e, "reading evidence") : 0;
}

int store_evidence_list(Store *s, long long itemId, long long reportId,
                        int (*x)(void *, const StoreEvidence *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 EVIDENCE_SQL "WHERE (?1=0 OR r.item_id=?1) AND (?2=0 OR v.report_id=?2) "
                                      "ORDER BY v.report_id, v.id", &st)) {
    return sq_error(s, e, "reading evidence");
  }
  db_bind_int64(st, 1, itemId);
  db_bind_int64(st, 2, reportId);
  return evidence_rows(s, st, 0, x, ctx, NULL, e);
}

int store_evidence_read(Store *s, long long id, int (*x)(void *, const StoreEvidence *),
                        void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT v.id, v.report_id, r.item_id, v.name, v.sha256, v.bytes, "
                 "v.added_at, v.content FROM evidence v JOIN reports r ON "
                 "r.id=v.report_id WHERE v.id=?1", &st)) {
    return sq_error(s, e, "reading evidence");
  }
  db_bind_int64(st, 1, id);
  int nRow = 0;
  int rc = evidence_rows(s, st, 1, x, ctx, &nRow, e);
  if (rc == 0 && nRow == 0) rc = err_set(e, LUOSHI_ENOTFOUND, "no evidence file %lld", id);
  return rc;
}

int store_request_rows(Store *s, long long itemId, const char *zState,
                       int (*x)(void *, const StoreRequestRow *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
          "SELECT q.id, q.item_id, q.kind, q.state, coalesce(q.unit_id,0), "
          "coalesce(q.new_deadline,''), coalesce(q.period,''), q.reason, "
          "coalesce(q.checklist,''), coalesce(q.evidence_report,0), i.number, i.text, "
          "coalesce(u.name,''), q.requested_by, q.requested_at, coalesce(q.decided_by,''), "
          "coalesce(q.decided_at,''), coalesce(q.decision_note,'') "
          "FROM requests q JOIN ledger_items i ON i.id=q.item_id "
          "LEFT JOIN units u ON u.id=q.unit_id "
          "WHERE (?1=0 OR q.item_id=?1) AND (?2 IS NULL OR q.state=?2) "
          "ORDER BY CASE WHEN ?1=0 THEN q.id ELSE -q.id END", &st)) {
    return sq_error(s, e, "listing requests");
  }
  db_bind_int64(st, 1, itemId);
  if (zState) db_bind_text(st, 2, zState);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreRequestRow w;
    memset(&w, 0, sizeof w);
    w.r.id = db_column_int64(st, 0);
    w.r.itemId = db_column_int64(st, 1);
    w.r.zKind = sq_col(st, 2);
    w.r.zState = sq_col(st, 3);
    w.r.unitId = db_column_int64(st, 4);
    w.r.zNewDeadline = sq_col(st, 5);
    w.r.zPeriod = sq_col(st, 6);
    w.r.zReason = sq_col(st, 7);
    w.r.zChecklist = sq_col(st, 8);
    w.r.evidenceReport = db_column_int64(st, 9);
    w.zNumber = sq_col(st, 10);
    w.zItemText = sq_col(st, 11);
    w.zUnit = sq_col(st, 12);
    w.zRequestedBy = sq_col(st, 13);
    w.zRequestedAt = sq_col(st, 14);
    w.zDecidedBy = sq_col(st, 15);
    w.zDecidedAt = sq_col(st, 16);
    w.zNote = sq_col(st, 17);
    if (x(ctx, &w)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing requests") : 0;
}

int store_item_accountability(Store *s, long long itemId,
                              int (*x)(void *, const struct StoreAccountability *), void *ctx,
                              Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT a.id, a.item_id, i.number, a.kind, coalesce(a.unit_id,0), "
                 "coalesce(u.name,''), coalesce(a.person,''), a.reason, a.recorded_at "
                 "FROM accountability a JOIN ledger_items i ON i.id=a.item_id "
                 "LEFT JOIN units u ON u.id=a.unit_id WHERE a.item_id=?1 "
                 "ORDER BY a.id DESC", &st)) {
    return sq_error(s, e, "listing accountability records");
  }
  db_bind_int64(st, 1, itemId);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreAccountability a = {db_column_int64(st, 0), db_column_int64(st, 1),
                             sq_col(st, 2), sq_col(st, 3), db_column_int64(st, 4),
                             sq_col(st, 5), sq_col(st, 6), sq_col(st, 7), sq_col(st, 8)};
    if (x(ctx, &a)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing accountability records") : 0;
}

int store_target_values(Store *s, long long targetId,
                        int (*x)(void *, double value, const char *zAsOf), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT value, as_of FROM target_values WHERE target_id=?1 "
                 "ORDER BY as_of, id", &st)) {
    return sq_error(s, e, "reading a target's values");
  }
  db_bind_int64(st, 1, targetId);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    if (x(ctx, db_column_double(st, 0), sq_col(st, 1))) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "reading a target's values") : 0;
}
