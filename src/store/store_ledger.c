/*
** The ledger (台账) on SQLite (see store.h): items made from a document's tasks, their
** assignment, and the audit entries that record both.
*/
#include "sqlite_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>


static long long count_items(Store *s, long long docId) {
  sqlite3_stmt *st;
  long long n = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM ledger_items WHERE doc_id=?", -1, &st,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, docId);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  return n;
}

int store_ledger_insert(Store *s, const char *zActor, long long docId, const StoreItem *a,
                        int n, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  long long have = count_items(s, docId);
  if (have) {
    rc = err_set(e, LUOSHI_ECONFLICT, "document %lld has a ledger already (%lld items)", docId,
                 have);
  }
  sqlite3_stmt *st = NULL;
  if (rc == 0 &&
      sqlite3_prepare_v2(s->db,
                         "INSERT INTO ledger_items(doc_id,task_id,number,text,kind,measure,leader,"
                         "lead_unit_id,deadline,created_at) VALUES(?,?,?,?,?,?,?,?,?,?)",
                         -1, &st, NULL)) {
    rc = sq_error(s, e, "creating the ledger");
  }
  char zNow[32];
  sq_now(zNow);
  for (int i = 0; rc == 0 && i < n; i++) {
    const StoreItem *it = &a[i];
    sqlite3_bind_int64(st, 1, docId);
    if (it->taskId > 0) sqlite3_bind_int64(st, 2, it->taskId);
    sqlite3_bind_text(st, 3, it->zNumber, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, it->zText, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, it->zKind, -1, SQLITE_STATIC);
    if (it->measure > 0) sqlite3_bind_int(st, 6, it->measure);
    if (it->zLeader && *it->zLeader) sqlite3_bind_text(st, 7, it->zLeader, -1, SQLITE_STATIC);
    if (it->leadUnitId > 0) sqlite3_bind_int64(st, 8, it->leadUnitId);
    if (it->zDeadline && *it->zDeadline) sqlite3_bind_text(st, 9, it->zDeadline, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, zNow, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (r != SQLITE_DONE) rc = sq_error(s, e, "creating the ledger");
  }
  sqlite3_finalize(st);
  if (rc == 0) {
    json_t *j = json_pack("{s:I, s:i}", "document", (json_int_t)docId, "items", n);
    char *z = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    rc = sq_audit_append(s, zActor, "create", "ledger", docId, NULL, z, e);
    free(z);
    json_decref(j);
  }
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}

/* The filter of store_ledger_list and store_ledger_count: parameters ?1..?12, ?16 and ?17 as bound by
** bind_filter. Literal SQL, shared so that a page's count and its rows always agree. */
#define LEDGER_FROM_WHERE                                                                       \
  "FROM ledger_items i LEFT JOIN units u ON u.id=i.lead_unit_id "                              \
  "WHERE (?1=0 OR i.doc_id=?1) "                                                               \
  "AND (?2=0 OR i.lead_unit_id IN (WITH RECURSIVE down(id) AS (SELECT ?2 UNION ALL "           \
  "  SELECT c.id FROM units c JOIN down ON c.parent_id=down.id) SELECT id FROM down)) "        \
  "AND (?3 IS NULL OR i.status=?3) "                                                           \
  "AND (?4 IS NULL OR i.id IN (SELECT w.item_id FROM warnings w WHERE w.colour=?4 AND "        \
  "  w.as_of=(SELECT max(as_of) FROM warnings))) "                                             \
  "AND (?5 IS NULL OR i.deadline<=?5) AND (?6=0 OR i.measure=?6) "                             \
  "AND (?7=1 OR i.merged_into IS NULL) "                                                       \
  "AND (?8 IS NULL OR i.kind=?8) "                                                             \
  "AND (?9 IS NULL OR i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?9)) "        \
  "AND (?10 IS NULL OR " SQ_ITEM_IN_PLACE("?10") ") "                                          \
  "AND (?11=0 OR i.public=1) AND (?12=0 OR i.id=?12) "                                        \
  "AND ((?16=0 AND ?17 IS NULL) OR (?16<>0 AND (i.lead_unit_id IN (WITH RECURSIVE "            \
  "  reach(id) AS (SELECT ?16 UNION ALL SELECT c.id FROM units c JOIN reach ON "               \
  "  c.parent_id=reach.id) SELECT id FROM reach) OR i.id IN (SELECT item_id FROM "             \
  "  item_cooperating WHERE unit_id=?16))) OR (?17 IS NOT NULL AND i.leader=?17)) "

/* Bind f's values (?1..?12, ?16, ?17) to a statement prepared from LEDGER_FROM_WHERE. *pzMatch receives the
** full-text expression (the caller frees it). Returns 1 when the filter can match nothing (a
** search without a searchable character), else 0. */
static int bind_filter(sqlite3_stmt *st, const LedgerFilter *f, char **pzMatch) {
  *pzMatch = NULL;
  sqlite3_bind_int64(st, 1, f->docId);
  sqlite3_bind_int64(st, 2, f->unitId);
  if (f->zStatus) sqlite3_bind_text(st, 3, f->zStatus, -1, SQLITE_STATIC);
  if (f->zColour) sqlite3_bind_text(st, 4, f->zColour, -1, SQLITE_STATIC);
  if (f->zBefore) sqlite3_bind_text(st, 5, f->zBefore, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 6, f->measure);
  sqlite3_bind_int(st, 7, f->all);
  if (f->zKind) sqlite3_bind_text(st, 8, f->zKind, -1, SQLITE_STATIC);
  if (f->zSearch && *f->zSearch) {
    *pzMatch = sq_search_query(f->zSearch);
    if (!*pzMatch) return 1;
    sqlite3_bind_text(st, 9, *pzMatch, -1, SQLITE_STATIC);
  }
  if (f->zPlace) sqlite3_bind_text(st, 10, f->zPlace, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 11, f->publicOnly);
  sqlite3_bind_int64(st, 12, f->itemId);
  sqlite3_bind_int64(st, 16, f->reachUnitId);
  if (f->zReachLeader) sqlite3_bind_text(st, 17, f->zReachLeader, -1, SQLITE_STATIC);
  return 0;
}

/* The columns of store_ledger_list, in StoreItem's order. */
#define LEDGER_COLUMNS                                                                          \
  "i.id, i.doc_id, coalesce(i.task_id,0), i.number, i.text, i.kind, "                          \
  "coalesce(i.measure,0), i.status, coalesce(i.leader,''), coalesce(i.lead_unit_id,0), "       \
  "coalesce(u.name,''), coalesce(i.deadline,''), "                                             \
  "(SELECT group_concat(c.name,'、') FROM item_cooperating ic JOIN units c "                   \
  "  ON c.id=ic.unit_id WHERE ic.item_id=i.id), "                                              \
  "coalesce((SELECT r.progress FROM reports r WHERE r.item_id=i.id AND r.state IN "           \
  "  ('submitted','accepted') ORDER BY r.period DESC, r.id DESC LIMIT 1), -1) AS prog, "       \
  "coalesce((SELECT CASE min(CASE w.colour WHEN 'red' THEN 1 WHEN 'yellow' THEN 2 "            \
  "  ELSE 3 END) WHEN 1 THEN 'red' WHEN 2 THEN 'yellow' WHEN 3 THEN 'blue' END "               \
  "  FROM warnings w WHERE w.item_id=i.id AND w.as_of=(SELECT max(as_of) FROM warnings)),"     \
  "  '') AS colour, i.public, coalesce(i.parent_id,0) "

static const LedgerFilter ledger_no_filter;

int store_ledger_list(Store *s, const LedgerFilter *f, int (*x)(void *, const StoreItem *),
                      void *ctx, Err *e) {
  if (!f) f = &ledger_no_filter;
  sqlite3_stmt *st;
  /* Ledger order lets SQLite walk the items in rowid order and stop at the limit; any other
  ** sort has to compute every row first, so it is a statement of its own. */
  int bSorted = f->zSort && strcmp(f->zSort, "number") != 0;
  if (sqlite3_prepare_v2(s->db,
                         bSorted ? "SELECT " LEDGER_COLUMNS LEDGER_FROM_WHERE
                                   "ORDER BY "
                                   "CASE ?13 WHEN 'deadline' THEN coalesce(i.deadline,'9999') END, "
                                   "CASE ?13 WHEN 'progress' THEN prog END, "
                                   "CASE ?13 WHEN 'warning' THEN CASE colour WHEN 'red' THEN 1 "
                                   "  WHEN 'yellow' THEN 2 WHEN 'blue' THEN 3 ELSE 4 END END, "
                                   "CASE ?13 WHEN 'status' THEN i.status END, "
                                   "i.doc_id, i.id LIMIT ?14 OFFSET ?15"
                                 : "SELECT " LEDGER_COLUMNS LEDGER_FROM_WHERE
                                   "ORDER BY i.doc_id, i.id LIMIT ?14 OFFSET ?15",
                         -1, &st, NULL)) {
    return sq_error(s, e, "listing the ledger");
  }
  char *zMatch;
  int bNone = bind_filter(st, f, &zMatch);
  if (f->zSort) sqlite3_bind_text(st, 13, f->zSort, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 14, f->limit > 0 ? f->limit : -1);
  sqlite3_bind_int(st, 15, f->offset > 0 ? f->offset : 0);
  int rc = SQLITE_DONE;
  while (!bNone && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    StoreItem it = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                    sqlite3_column_int64(st, 2), sq_col(st, 3), sq_col(st, 4), sq_col(st, 5),
                    sqlite3_column_int(st, 6), sq_col(st, 7), sq_col(st, 8),
                    sqlite3_column_int64(st, 9), sq_col(st, 10), sq_col(st, 11), sq_col(st, 12),
                    sqlite3_column_int(st, 13), sq_col(st, 14), sqlite3_column_int(st, 15),
                    sqlite3_column_int64(st, 16)};
    if (x(ctx, &it)) break;
  }
  int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
  if (bad) sq_error(s, e, "listing the ledger");
  sqlite3_finalize(st);
  free(zMatch);
  return bad ? LUOSHI_EIO : 0;
}

int store_ledger_count(Store *s, const LedgerFilter *f, long long *pN, Err *e) {
  if (!f) f = &ledger_no_filter;
  *pN = 0;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT count(*) " LEDGER_FROM_WHERE, -1, &st, NULL)) {
    return sq_error(s, e, "counting the ledger");
  }
  char *zMatch;
  int rc = bind_filter(st, f, &zMatch) ? SQLITE_DONE : sqlite3_step(st);
  if (rc == SQLITE_ROW) *pN = sqlite3_column_int64(st, 0);
  int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
  if (bad) sq_error(s, e, "counting the ledger");
  sqlite3_finalize(st);
  free(zMatch);
  return bad ? LUOSHI_EIO : 0;
}

/* The item's assignment as JSON, for the audit trail. */
static char *assignment_json(Store *s, long long itemId) {
  sqlite3_stmt *st;
  char *z = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT coalesce(leader,''), coalesce(lead_unit_id,0), "
                         "coalesce(deadline,''), (SELECT group_concat(unit_id) FROM "
                         "item_cooperating WHERE item_id=?1) FROM ledger_items WHERE id=?1",
                         -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, itemId);
    if (sqlite3_step(st) == SQLITE_ROW) {
      json_t *j = json_pack("{s:s, s:I, s:s, s:s}", "leader", sq_col(st, 0), "lead",
                            (json_int_t)sqlite3_column_int64(st, 1), "deadline", sq_col(st, 2),
                            "cooperating", sq_col(st, 3));
      z = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
      json_decref(j);
    }
    sqlite3_finalize(st);
  }
  return z;
}

int store_item_assign(Store *s, const char *zActor, long long itemId, const StoreAssignment *a,
                      Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  char *zBefore = assignment_json(s, itemId);
  if (!zBefore) rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  sqlite3_stmt *st = NULL;
  if (rc == 0 && sqlite3_prepare_v2(s->db,
                                    "UPDATE ledger_items SET leader=coalesce(?2,leader), "
                                    "lead_unit_id=coalesce(?3,lead_unit_id), "
                                    "deadline=coalesce(?4,deadline) WHERE id=?1",
                                    -1, &st, NULL)) {
    rc = sq_error(s, e, "assigning an item");
  }
  if (rc == 0) {
    sqlite3_bind_int64(st, 1, itemId);
    if (a->zLeader) sqlite3_bind_text(st, 2, a->zLeader, -1, SQLITE_STATIC);
    if (a->leadUnitId > 0) sqlite3_bind_int64(st, 3, a->leadUnitId);
    if (a->zDeadline) sqlite3_bind_text(st, 4, a->zDeadline, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = sq_error(s, e, "assigning an item");
  }
  sqlite3_finalize(st);
  if (rc == 0 && a->nCooperating >= 0) {
    sqlite3_stmt *del = NULL, *ins = NULL;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM item_cooperating WHERE item_id=?", -1, &del,
                           NULL) ||
        sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO item_cooperating VALUES(?,?)", -1,
                           &ins, NULL)) {
      rc = sq_error(s, e, "assigning an item");
    } else {
      sqlite3_bind_int64(del, 1, itemId);
      if (sqlite3_step(del) != SQLITE_DONE) rc = sq_error(s, e, "assigning an item");
      for (int k = 0; rc == 0 && k < a->nCooperating; k++) {
        sqlite3_bind_int64(ins, 1, itemId);
        sqlite3_bind_int64(ins, 2, a->aCooperating[k]);
        if (sqlite3_step(ins) != SQLITE_DONE) rc = sq_error(s, e, "assigning an item");
        sqlite3_reset(ins);
      }
    }
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
  }
  if (rc == 0) {
    char *zAfter = assignment_json(s, itemId);
    rc = sq_audit_append(s, zActor, "assign", "item", itemId, zBefore, zAfter, e);
    free(zAfter);
  }
  free(zBefore);
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}
