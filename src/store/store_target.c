/*
** Targets (指标) of ledger items in the store (see store.h). A target runs in a straight line from
** its baseline on one date to its target on a later one; the units report actual values as of
** a date, and the target-behind warning rule compares the latest with the line. Each change is
** one transaction with its audit entry. No rules live here: the checks of dates, numbers and
** who may act are the ledger's (src/ledger/targets.c).
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_target_add(Store *s, const char *zActor, const StoreTarget *t, long long *pId, Err *e) {
  char zNow[32];
  sq_now(zNow);
  DbStmt *st;
  if (sq_begin(s,
               "INSERT INTO item_targets(item_id,name,unit,baseline,baseline_date,target,"
               "target_date,created_by,created_at) "
               "SELECT id,?2,?3,?4,?5,?6,?7,?8,?9 FROM ledger_items WHERE id=?1",
               &st, "adding a target", e)) {
    return LUOSHI_EIO;
  }
  const char *zUnit = t->zUnit && *t->zUnit ? t->zUnit : NULL;
  db_bind_int64(st, 1, t->itemId);
  db_bind_text(st, 2, t->zName);
  if (zUnit) db_bind_text(st, 3, zUnit);
  db_bind_double(st, 4, t->baseline);
  db_bind_text(st, 5, t->zBaselineDate);
  db_bind_double(st, 6, t->target);
  db_bind_text(st, 7, t->zTargetDate);
  db_bind_text(st, 8, zActor);
  db_bind_text(st, 9, zNow);
  char zMissing[64];
  snprintf(zMissing, sizeof zMissing, "no ledger item %lld", t->itemId);
  int rc = sq_change_one(s, st, "adding a target", zMissing, e);
  if (rc == 0) {
    *pId = db_last_insert_id(s->db);
    rc = sq_audit_json(s, zActor, "add", "target", *pId,
                       json_pack("{s:I, s:s, s:s?, s:f, s:s, s:f, s:s}", "item",
                                 (json_int_t)t->itemId, "name", t->zName, "unit", zUnit,
                                 "baseline", t->baseline, "baseline_date", t->zBaselineDate,
                                 "target", t->target, "target_date", t->zTargetDate),
                       e);
  }
  return sq_finish(s, rc, e);
}

int store_target_value_add(Store *s, const char *zActor, long long targetId, double value,
                           const char *zAsOf, long long *pId, Err *e) {
  char zNow[32];
  sq_now(zNow);
  DbStmt *st;
  if (sq_begin(s,
               "INSERT INTO target_values(target_id,value,as_of,reported_by,reported_at) "
               "SELECT id,?2,?3,?4,?5 FROM item_targets WHERE id=?1",
               &st, "reporting a target value", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, targetId);
  db_bind_double(st, 2, value);
  db_bind_text(st, 3, zAsOf);
  db_bind_text(st, 4, zActor);
  db_bind_text(st, 5, zNow);
  char zMissing[64];
  snprintf(zMissing, sizeof zMissing, "no target %lld", targetId);
  int rc = sq_change_one(s, st, "reporting a target value", zMissing, e);
  if (rc == 0) {
    *pId = db_last_insert_id(s->db);
    rc = sq_audit_json(s, zActor, "report", "target", targetId,
                       json_pack("{s:I, s:f, s:s}", "value_id", (json_int_t)*pId, "value", value,
                                 "as_of", zAsOf),
                       e);
  }
  return sq_finish(s, rc, e);
}

int store_target_item(Store *s, long long id, long long *pItemId, Err *e) {
  return sq_lookup(s, "SELECT item_id FROM item_targets WHERE id=?", id, "target", pItemId, e);
}

/* The columns both readers select, from item_targets t, ledger_items i and the latest value v
** (LEFT JOIN); the row's target starts at column `from`. */
#define TARGET_COLUMNS                                                                          \
  "t.id, t.item_id, i.number, t.name, coalesce(t.unit,''), t.baseline, t.baseline_date, "      \
  "t.target, t.target_date, v.value, coalesce(v.as_of,'') "

static void read_target(DbStmt *st, int from, StoreTarget *t) {
  t->id = db_column_int64(st, from);
  t->itemId = db_column_int64(st, from + 1);
  t->zNumber = sq_col(st, from + 2);
  t->zName = sq_col(st, from + 3);
  t->zUnit = sq_col(st, from + 4);
  t->baseline = db_column_double(st, from + 5);
  t->zBaselineDate = sq_col(st, from + 6);
  t->target = db_column_double(st, from + 7);
  t->zTargetDate = sq_col(st, from + 8);
  t->hasValue = db_column_type(st, from + 9) != DB_NULL;
  t->value = t->hasValue ? db_column_double(st, from + 9) : 0;
  t->zAsOf = sq_col(st, from + 10);
}

int store_target_list(Store *s, long long itemId, int (*x)(void *, const StoreTarget *),
                      void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT " TARGET_COLUMNS
                 "FROM item_targets t JOIN ledger_items i ON i.id=t.item_id "
                 "LEFT JOIN target_values v ON v.id=(SELECT v2.id FROM target_values v2 "
                 "  WHERE v2.target_id=t.id ORDER BY v2.as_of DESC, v2.id DESC LIMIT 1) "
                 "WHERE ?1=0 OR t.item_id=?1 ORDER BY t.item_id, t.id", &st)) {
    return sq_error(s, e, "listing targets");
  }
  db_bind_int64(st, 1, itemId);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreTarget t;
    read_target(st, 0, &t);
    if (x(ctx, &t)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing targets") : 0;
}
