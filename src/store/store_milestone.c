/*
** Milestones (节点) and report cycles of ledger items in the store (see store.h). A milestone is a
** dated step of an item; reaching it is recorded with its date, and the warning rules read the
** earliest one still open. The report cycle says how often the item's lead unit reports and by
** which day; each change is one transaction with its audit entry.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_milestone_add(Store *s, const char *zActor, long long itemId, const char *zDue,
                        const char *zTitle, long long *pId, Err *e) {
  char zNow[32];
  sq_now(zNow);
  DbStmt *st;
  if (sq_begin(s,
               "INSERT INTO milestones(item_id,due,title,created_by,created_at) "
               "SELECT id,?2,?3,?4,?5 FROM ledger_items WHERE id=?1",
               &st, "adding a milestone", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, itemId);
  db_bind_text(st, 2, zDue);
  db_bind_text(st, 3, zTitle);
  db_bind_text(st, 4, zActor);
  db_bind_text(st, 5, zNow);
  char zMissing[64];
  snprintf(zMissing, sizeof zMissing, "no ledger item %lld", itemId);
  int rc = sq_change_one(s, st, "adding a milestone", zMissing, e);
  if (rc == 0) {
    *pId = db_last_insert_id(s->db);
    rc = sq_audit_json(s, zActor, "add", "milestone", *pId,
                       json_pack("{s:I, s:s, s:s}", "item", (json_int_t)itemId, "due", zDue,
                                 "title", zTitle),
                       e);
  }
  return sq_finish(s, rc, e);
}

int store_milestone_done(Store *s, const char *zActor, long long id, const char *zOn, Err *e) {
  DbStmt *st;
  if (sq_begin(s,
               "UPDATE milestones SET done_on=?2 WHERE id=?1 AND done_on IS NULL",
               &st, "recording a milestone", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, id);
  db_bind_text(st, 2, zOn);
  char zMissing[80];
  snprintf(zMissing, sizeof zMissing, "no open milestone %lld", id);
  int rc = sq_change_one(s, st, "recording a milestone", zMissing, e);
  if (rc == 0) rc = sq_audit_json(s, zActor, "reach", "milestone", id, json_pack("{s:s}", "done_on", zOn), e);
  return sq_finish(s, rc, e);
}

int store_milestone_item(Store *s, long long id, long long *pItemId, Err *e) {
  return sq_lookup(s, "SELECT item_id FROM milestones WHERE id=?", id, "milestone", pItemId, e);
}

int store_milestone_list(Store *s, long long itemId, int (*x)(void *, const StoreMilestone *),
                         void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT m.id, m.item_id, i.number, m.due, m.title, coalesce(m.done_on,'') "
                 "FROM milestones m JOIN ledger_items i ON i.id=m.item_id "
                 "WHERE ?1=0 OR m.item_id=?1 ORDER BY m.item_id, m.due, m.id", &st)) {
    return sq_error(s, e, "listing milestones");
  }
  db_bind_int64(st, 1, itemId);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreMilestone m = {db_column_int64(st, 0), db_column_int64(st, 1), sq_col(st, 2),
                        sq_col(st, 3), sq_col(st, 4), sq_col(st, 5)};
    if (x(ctx, &m)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing milestones") : 0;
}

int store_item_cycle(Store *s, const char *zActor, long long itemId, const char *zCycle,
                     int dueDay, Err *e) {
  DbStmt *st;
  if (sq_begin(s,
               "UPDATE ledger_items SET report_cycle=?2, report_day=?3 WHERE id=?1",
               &st, "setting a report cycle", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, itemId);
  db_bind_text(st, 2, zCycle);
  if (dueDay > 0) db_bind_int(st, 3, dueDay);
  char zMissing[64];
  snprintf(zMissing, sizeof zMissing, "no ledger item %lld", itemId);
  int rc = sq_change_one(s, st, "setting a report cycle", zMissing, e);
  if (rc == 0) {
    rc = sq_audit_json(s, zActor, "cycle", "item", itemId,
                       json_pack("{s:s, s:o}", "report_cycle", zCycle, "report_day",
                                 dueDay > 0 ? json_integer(dueDay) : json_null()),
                       e);
  }
  return sq_finish(s, rc, e);
}
