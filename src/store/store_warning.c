/*
** Warnings in the store (see store.h): the facts the rules read, and the warnings of a date,
** replaced as a whole in one transaction.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* For a recurring item, fill f's occurrences around zAsOf and whether the months and quarters
** holding them have a submitted or accepted report (st: the prepared query of the four). */
static int recurrence_facts(Store *s, DbStmt *st, const char *zAsOf, StoreItemFacts *f,
                            char zLast[11], char zNext[11], Err *e) {
  if (store_recurrence_dues(f->zRecurrence, zAsOf, zLast, zNext)) return 0;
  char azPeriod[4][16] = {"", "", "", ""};
  const char *azDue[2] = {zLast, zNext};
  for (int k = 0; k < 2; k++) {
    if (!*azDue[k]) continue;
    int month = (azDue[k][5] - '0') * 10 + (azDue[k][6] - '0');
    snprintf(azPeriod[2 * k], 16, "%.7s", azDue[k]);
    snprintf(azPeriod[2 * k + 1], 16, "%.4sQ%d", azDue[k], (month - 1) / 3 + 1);
  }
  db_reset(st);
  db_bind_int64(st, 1, f->id);
  for (int k = 0; k < 4; k++) db_bind_text_copy(st, k + 2, azPeriod[k]);
  if (db_step(st) != DB_ROW) return sq_error(s, e, "reading an item's reports");
  f->zLastDue = zLast;
  f->zNextDue = zNext;
  f->reportedLastMonth = db_column_int(st, 0);
  f->reportedLastQuarter = db_column_int(st, 1);
  f->reportedNextMonth = db_column_int(st, 2);
  f->reportedNextQuarter = db_column_int(st, 3);
  return 0;
}

int store_item_facts(Store *s, const char *zAsOf, const char *zMonth, const char *zQuarter,
                     int (*x)(void *, const StoreItemFacts *), void *ctx, Err *e) {
  DbStmt *st, *per = NULL;
  if (db_prepare(s->db,
          "SELECT i.id, i.number, coalesce(i.lead_unit_id,0), coalesce(i.deadline,''), "
          "substr(i.created_at,1,10), i.status, "
          "(SELECT r.progress FROM reports r WHERE r.item_id=i.id AND r.state IN "
          "  ('submitted','accepted') ORDER BY r.period DESC, r.id DESC LIMIT 1), "
          "EXISTS (SELECT 1 FROM reports r WHERE r.item_id=i.id AND r.period=?1 AND r.state IN "
          "  ('submitted','accepted')), "
          "EXISTS (SELECT 1 FROM reports r WHERE r.item_id=i.id AND r.period=?2 AND r.state IN "
          "  ('submitted','accepted')), "
          "coalesce(i.report_cycle,''), coalesce(i.report_day,0), "
          "m.due, m.title, coalesce(i.recurrence,'') "
          "FROM ledger_items i LEFT JOIN milestones m ON m.id=(SELECT m2.id FROM milestones m2 "
          "  WHERE m2.item_id=i.id AND m2.done_on IS NULL ORDER BY m2.due, m2.id LIMIT 1) "
          "WHERE i.merged_into IS NULL ORDER BY i.id", &st) ||
      db_prepare(s->db,
          "SELECT "
          "EXISTS (SELECT 1 FROM reports r WHERE r.item_id=?1 AND r.period=?2 AND r.state IN "
          "  ('submitted','accepted')), "
          "EXISTS (SELECT 1 FROM reports r WHERE r.item_id=?1 AND r.period=?3 AND r.state IN "
          "  ('submitted','accepted')), "
          "EXISTS (SELECT 1 FROM reports r WHERE r.item_id=?1 AND r.period=?4 AND r.state IN "
          "  ('submitted','accepted')), "
          "EXISTS (SELECT 1 FROM reports r WHERE r.item_id=?1 AND r.period=?5 AND r.state IN "
          "  ('submitted','accepted'))", &per)) {
    int rc = sq_error(s, e, "reading the ledger");
    db_finalize(st);
    db_finalize(per);
    return rc;
  }
  db_bind_text(st, 1, zMonth);
  db_bind_text(st, 2, zQuarter);
  int rc, bad = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreItemFacts f = {db_column_int64(st, 0), sq_col(st, 1), db_column_int64(st, 2),
                        sq_col(st, 3), sq_col(st, 4), sq_col(st, 5),
                        db_column_type(st, 6) == DB_NULL ? -1 : db_column_int(st, 6),
                        db_column_int(st, 7), db_column_int(st, 8), sq_col(st, 9),
                        db_column_int(st, 10), sq_col(st, 11), sq_col(st, 12),
                        sq_col(st, 13), "", "", 0, 0, 0, 0};
    char zLast[11], zNext[11];
    if (*f.zRecurrence && recurrence_facts(s, per, zAsOf, &f, zLast, zNext, e)) {
      bad = 2;
      break;
    }
    if (x(ctx, &f)) break;
  }
  if (!bad) bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  db_finalize(per);
  if (bad == 2) return LUOSHI_EIO;
  return bad ? sq_error(s, e, "reading the ledger") : 0;
}

/* The process status follows the latest warnings run: an open item with a red warning is 滞后;
** a 滞后 item without one goes back to 推进中 (or 未启动 without accepted progress). A run for
** an earlier date than the latest changes no status. The ids changed are appended to the JSON
** arrays lagging and recovered, for the run's audit entry. */
static int mark_lagging(Store *s, const char *zAsOf, json_t *lagging, json_t *recovered,
                        Err *e) {
  static const char *const azSql[] = {
      "UPDATE ledger_items SET status='滞后' WHERE status IN ('未启动','推进中') "
      "AND merged_into IS NULL AND ?1 >= (SELECT max(as_of) FROM warnings) AND id IN "
      "(SELECT item_id FROM warnings WHERE as_of=?1 AND colour='red') RETURNING id",
      "UPDATE ledger_items SET status=CASE WHEN EXISTS (SELECT 1 FROM reports r WHERE "
      "r.item_id=ledger_items.id AND r.state='accepted' AND r.progress>0) THEN '推进中' ELSE "
      "'未启动' END WHERE status='滞后' AND ?1 >= coalesce((SELECT max(as_of) FROM warnings), ?1) "
      "AND id NOT IN (SELECT item_id FROM warnings WHERE as_of=?1 AND colour='red') "
      "RETURNING id"};
  json_t *aList[] = {lagging, recovered};
  for (int k = 0; k < 2; k++) {
    DbStmt *st;
    if (db_prepare(s->db, azSql[k], &st)) {
      return sq_error(s, e, "updating process status");
    }
    db_bind_text(st, 1, zAsOf);
    int step;
    while ((step = db_step(st)) == DB_ROW) {
      json_array_append_new(aList[k], json_integer(db_column_int64(st, 0)));
    }
    db_finalize(st);
    if (step != DB_DONE) return sq_error(s, e, "updating process status");
  }
  return 0;
}

int store_warnings_replace(Store *s, const char *zActor, const char *zAsOf,
                           const char *zVersion, const StoreWarning *a, int n, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  DbStmt *del = NULL, *ins = NULL;
  char zNow[32];
  sq_now(zNow);
  if (db_prepare(s->db, "DELETE FROM warnings WHERE as_of=?", &del) ||
      db_prepare(s->db,
                 "INSERT INTO warnings(item_id,as_of,rule,colour,rules_version,message,"
                 "data,computed_at) VALUES(?,?,?,?,?,?,?,?)", &ins)) {
    rc = sq_error(s, e, "saving warnings");
  }
  if (rc == 0) {
    db_bind_text(del, 1, zAsOf);
    if (db_step(del) != DB_DONE) rc = sq_error(s, e, "saving warnings");
  }
  for (int i = 0; rc == 0 && i < n; i++) {
    db_bind_int64(ins, 1, a[i].itemId);
    db_bind_text(ins, 2, zAsOf);
    db_bind_text(ins, 3, a[i].zRule);
    db_bind_text(ins, 4, a[i].zColour);
    db_bind_text(ins, 5, zVersion);
    db_bind_text(ins, 6, a[i].zMessage);
    db_bind_text(ins, 7, a[i].zData);
    db_bind_text(ins, 8, zNow);
    if (db_step(ins) != DB_DONE) rc = sq_error(s, e, "saving warnings");
    db_reset(ins);
  }
  db_finalize(del);
  db_finalize(ins);
  json_t *lagging = json_array(), *recovered = json_array();
  if (rc == 0) rc = mark_lagging(s, zAsOf, lagging, recovered, e);
  if (rc == 0) {
    /* the status changes: each item's before and after follow from the list it is in */
    rc = sq_audit_json(s, zActor, "compute", "warnings", 0,
                       json_pack("{s:s, s:s, s:i, s:O, s:O}", "as_of", zAsOf, "rules", zVersion,
                                 "warnings", n, "now_lagging", lagging, "no_longer_lagging",
                                 recovered),
                       e);
  }
  json_decref(lagging);
  json_decref(recovered);
  return sq_finish(s, rc, e);
}

int store_warning_list(Store *s, const char *zAsOf, const char *zColour,
                       int (*x)(void *, const StoreWarning *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT w.item_id, w.rule, w.colour, w.message, w.data, w.rules_version, "
                 "w.as_of, i.number FROM warnings w JOIN ledger_items i ON i.id=w.item_id "
                 "WHERE w.as_of=coalesce(?1,(SELECT max(as_of) FROM warnings)) "
                 "AND (?2 IS NULL OR w.colour=?2) "
                 "ORDER BY CASE w.colour WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END,"
                 " w.item_id, w.id", &st)) {
    return sq_error(s, e, "listing warnings");
  }
  if (zAsOf) db_bind_text(st, 1, zAsOf);
  if (zColour) db_bind_text(st, 2, zColour);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreWarning w = {db_column_int64(st, 0), sq_col(st, 1), sq_col(st, 2), sq_col(st, 3), sq_col(st, 4),
                      sq_col(st, 5), sq_col(st, 6), sq_col(st, 7)};
    if (x(ctx, &w)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing warnings") : 0;
}

int store_target_facts(Store *s, const char *zAsOf, int (*x)(void *, const StoreTargetFacts *),
                       void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
          "SELECT i.status, t.id, t.item_id, i.number, t.name, coalesce(t.unit,''), t.baseline, "
          "t.baseline_date, t.target, t.target_date, v.value, v.as_of "
          "FROM item_targets t JOIN ledger_items i ON i.id=t.item_id "
          "JOIN target_values v ON v.id=(SELECT v2.id FROM target_values v2 "
          "  WHERE v2.target_id=t.id AND v2.as_of<=?1 ORDER BY v2.as_of DESC, v2.id DESC LIMIT 1) "
          "WHERE i.merged_into IS NULL ORDER BY t.item_id, t.id", &st)) {
    return sq_error(s, e, "reading the targets");
  }
  db_bind_text(st, 1, zAsOf);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreTargetFacts f = {sq_col(st, 0),
                          {db_column_int64(st, 1), db_column_int64(st, 2), sq_col(st, 3),
                           sq_col(st, 4), sq_col(st, 5), db_column_double(st, 6),
                           sq_col(st, 7), db_column_double(st, 8), sq_col(st, 9), 1,
                           db_column_double(st, 10), sq_col(st, 11)}};
    if (x(ctx, &f)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "reading the targets") : 0;
}
