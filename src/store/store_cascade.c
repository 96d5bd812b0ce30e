/*
** Cascade (层层分解) in the store (see store.h): splitting an item into sub-items for other units,
** placing an item under another (a sheet's 3-1-1 read back), and reading an item's subtree
** with each item's latest reported progress.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The audit entry of a split: item parentId gained the sub-items in made (an array of objects
** with their "id"), recorded as one "split" entry by zActor. */
static int audit_split(Store *s, const char *zActor, long long parentId, json_t *made, Err *e) {
  char *z = json_dumps(made, JSON_COMPACT | JSON_SORT_KEYS);
  int rc = sq_audit_append(s, zActor, "split", "item", parentId, NULL, z, e);
  free(z);
  return rc;
}

int store_item_split(Store *s, const char *zActor, long long parentId, const long long *aUnit,
                     const double *aWeight, int n, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  DbStmt *st;
  char zNumber[64] = "";
  long long docId = 0;
  int have = 0;
  if (db_prepare(s->db,
                 "SELECT number, doc_id, (SELECT count(*) FROM ledger_items c WHERE "
                 "c.parent_id=p.id) FROM ledger_items p WHERE id=?", &st)) {
    rc = sq_error(s, e, "splitting an item");
  } else {
    db_bind_int64(st, 1, parentId);
    if (db_step(st) == DB_ROW) {
      snprintf(zNumber, sizeof zNumber, "%s", sq_col(st, 0));
      docId = db_column_int64(st, 1);
      have = db_column_int(st, 2);
    } else {
      rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", parentId);
    }
    db_finalize(st);
  }
  char zNow[32];
  sq_now(zNow);
  st = NULL;
  if (rc == 0 && db_prepare(s->db,
                            "INSERT INTO ledger_items(doc_id,task_id,parent_id,number,text,"
                            "kind,measure,leader,lead_unit_id,deadline,weight,created_at) "
                            "SELECT doc_id,task_id,id,?2,text,kind,measure,leader,?3,"
                            "deadline,?4,?5 FROM ledger_items WHERE id=?1", &st)) {
    rc = sq_error(s, e, "splitting an item");
  }
  json_t *made = json_array();
  for (int k = 0; rc == 0 && k < n; k++) {
    char zChild[96];
    snprintf(zChild, sizeof zChild, "%s-%d", zNumber, have + k + 1);
    db_bind_int64(st, 1, parentId);
    db_bind_text_copy(st, 2, zChild);
    db_bind_int64(st, 3, aUnit[k]);
    db_bind_double(st, 4, aWeight ? aWeight[k] : 1.0);
    db_bind_text(st, 5, zNow);
    if (db_step(st) != DB_DONE) rc = sq_error(s, e, "splitting an item");
    db_reset(st);
    json_array_append_new(made, json_pack("{s:I, s:s, s:I}", "id",
                                          (json_int_t)db_last_insert_id(s->db), "number",
                                          zChild, "unit", (json_int_t)aUnit[k]));
  }
  db_finalize(st);
  (void)docId;
  if (rc == 0) rc = audit_split(s, zActor, parentId, made, e);
  json_decref(made);
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}

int store_item_parent_set(Store *s, const char *zActor, long long itemId, long long parentId,
                          Err *e) {
  DbStmt *st;
  if (sq_begin(s,
               "UPDATE ledger_items SET parent_id=?2 WHERE id=?1 AND id<>?2 AND "
               "doc_id=(SELECT doc_id FROM ledger_items WHERE id=?2)",
               &st, "placing a sub-item", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, itemId);
  db_bind_int64(st, 2, parentId);
  char zMissing[96];
  snprintf(zMissing, sizeof zMissing, "no ledger item %lld under an item %lld of its document",
           itemId, parentId);
  int rc = sq_change_one(s, st, "placing a sub-item", zMissing, e);
  if (rc == 0) {
    json_t *made = json_pack("[{s:I}]", "id", (json_int_t)itemId);
    rc = audit_split(s, zActor, parentId, made, e);
    json_decref(made);
  }
  return sq_finish(s, rc, e);
}

int store_item_subtree(Store *s, long long rootId, int (*x)(void *, const StoreNode *), void *ctx,
                       Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
          "WITH RECURSIVE tree(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT c.id, t.depth+1 "
          "  FROM ledger_items c JOIN tree t ON c.parent_id=t.id) "
          "SELECT i.id, coalesce(i.parent_id,0), t.depth, i.number, i.weight, i.status, "
          "coalesce(u.name,''), "
          "(SELECT r.progress FROM reports r WHERE r.item_id=i.id AND r.state IN "
          "  ('submitted','accepted') ORDER BY r.period DESC, r.id DESC LIMIT 1), i.text "
          "FROM tree t JOIN ledger_items i ON i.id=t.id LEFT JOIN units u ON u.id=i.lead_unit_id "
          "ORDER BY i.number", &st)) {
    return sq_error(s, e, "reading an item's subtree");
  }
  db_bind_int64(st, 1, rootId);
  int rc, n = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreNode node = {db_column_int64(st, 0), db_column_int64(st, 1),
                      db_column_int(st, 2), sq_col(st, 3), db_column_double(st, 4),
                      sq_col(st, 5), sq_col(st, 6),
                      db_column_type(st, 7) == DB_NULL ? -1 : db_column_int(st, 7),
                      sq_col(st, 8)};
    n++;
    if (x(ctx, &node)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  if (bad) return sq_error(s, e, "reading an item's subtree");
  return n ? 0 : err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", rootId);
}
