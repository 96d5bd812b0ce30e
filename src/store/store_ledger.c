/*
** The ledger (台账) in the store (see store.h): items made from a document's tasks, their
** assignment, and the audit entries that record both.
*/
#include "store_internal.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>


static long long count_items(Store *s, long long docId) {
  DbStmt *st;
  long long n = 0;
  if (db_prepare(s->db, "SELECT count(*) FROM ledger_items WHERE doc_id=?", &st) == DB_OK) {
    db_bind_int64(st, 1, docId);
    if (db_step(st) == DB_ROW) n = db_column_int64(st, 0);
    db_finalize(st);
  }
  return n;
}

/* Items a statement of store_ledger_insert inserts: on SQLite each statement that fires the
** search index's trigger ends in a savepoint at which FTS5 writes out what it holds, so one
** statement an item wrote 100,000 small index segments for a large ledger (most of `ledger
** create`'s time); a few hundred rows a statement keeps the parameters well under both
** databases' limits. */
#define LEDGER_INSERT_ROWS 256
#define LEDGER_INSERT_COLS 10

/* A statement inserting nRow items (their ten parameters item after item); NULL on error. */
static DbStmt *prepare_item_insert(Store *s, int nRow) {
  Buf b = BUF_INIT;
  buf_puts(&b, "INSERT INTO ledger_items(doc_id,task_id,number,text,kind,measure,leader,"
               "lead_unit_id,deadline,created_at) VALUES");
  for (int r = 0; r < nRow; r++) buf_puts(&b, r ? ",(?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?)");
  DbStmt *st = NULL;
  if (db_prepare(s->db, b.a, &st)) st = NULL;
  buf_free(&b);
  return st;
}

/* Bind item it as row r of a statement from prepare_item_insert. */
static void bind_item(DbStmt *st, int r, long long docId, const StoreItem *it, const char *zNow) {
  int k = r * LEDGER_INSERT_COLS;
  db_bind_int64(st, k + 1, docId);
  if (it->taskId > 0) db_bind_int64(st, k + 2, it->taskId);
  else db_bind_null(st, k + 2);
  db_bind_text(st, k + 3, it->zNumber);
  db_bind_text(st, k + 4, it->zText);
  db_bind_text(st, k + 5, it->zKind);
  if (it->measure > 0) db_bind_int(st, k + 6, it->measure);
  else db_bind_null(st, k + 6);
  if (it->zLeader && *it->zLeader) db_bind_text(st, k + 7, it->zLeader);
  else db_bind_null(st, k + 7);
  if (it->leadUnitId > 0) db_bind_int64(st, k + 8, it->leadUnitId);
  else db_bind_null(st, k + 8);
  if (it->zDeadline && *it->zDeadline) db_bind_text(st, k + 9, it->zDeadline);
  else db_bind_null(st, k + 9);
  db_bind_text(st, k + 10, zNow);
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
  char zNow[32];
  sq_now(zNow);
  DbStmt *stFull = NULL;   /* LEDGER_INSERT_ROWS rows, prepared once */
  for (int i = 0; rc == 0 && i < n;) {
    int nRow = n - i < LEDGER_INSERT_ROWS ? n - i : LEDGER_INSERT_ROWS;
    DbStmt *st = nRow == LEDGER_INSERT_ROWS && stFull ? stFull : prepare_item_insert(s, nRow);
    if (!st) {
      rc = sq_error(s, e, "creating the ledger");
      break;
    }
    for (int r = 0; r < nRow; r++) bind_item(st, r, docId, &a[i + r], zNow);
    if (db_step(st) != DB_DONE) rc = sq_error(s, e, "creating the ledger");
    if (nRow == LEDGER_INSERT_ROWS) {
      stFull = st;
      db_reset(st);
    } else {
      db_finalize(st);
    }
    i += nRow;
  }
  if (stFull) db_finalize(stFull);
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

/* The search term of the filter, on each database: FTS5 on SQLite, the function of migration 013
** on PostgreSQL (?9 is sq_search_query's or sq_search_terms' result). */
#define LEDGER_SEARCH_SQLITE "i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?9)"
#define LEDGER_SEARCH_POSTGRESQL "luoshi_search_match(i.text || ' ' || i.number, ?9)"

/* The filter of store_ledger_list and store_ledger_count: parameters ?1..?12, ?16 and ?17 as
** bound by bind_filter, SEARCH one of the two above. Literal SQL, shared so that a page's count
** and its rows always agree. */
#define LEDGER_FROM_WHERE(SEARCH)                                                               \
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
  "AND (?9 IS NULL OR " SEARCH ") "                                                             \
  "AND (?10 IS NULL OR " SQ_ITEM_IN_PLACE("?10") ") "                                          \
  "AND (?11=0 OR i.public=1) AND (?12=0 OR i.id=?12) "                                        \
  "AND ((?16=0 AND ?17 IS NULL) OR (?16<>0 AND (i.lead_unit_id IN (WITH RECURSIVE "            \
  "  reach(id) AS (SELECT ?16 UNION ALL SELECT c.id FROM units c JOIN reach ON "               \
  "  c.parent_id=reach.id) SELECT id FROM reach) OR i.id IN (SELECT item_id FROM "             \
  "  item_cooperating WHERE unit_id=?16))) OR (?17 IS NOT NULL AND i.leader=?17)) "

/* Bind f's values (?1..?12, ?16, ?17) to a statement prepared from LEDGER_FROM_WHERE. *pzMatch receives the
** full-text expression (the caller frees it). Returns 1 when the filter can match nothing (a
** search without a searchable character), else 0. */
static int bind_filter(Store *s, DbStmt *st, const LedgerFilter *f, char **pzMatch) {
  *pzMatch = NULL;
  db_bind_int64(st, 1, f->docId);
  db_bind_int64(st, 2, f->unitId);
  if (f->zStatus) db_bind_text(st, 3, f->zStatus);
  if (f->zColour) db_bind_text(st, 4, f->zColour);
  if (f->zBefore) db_bind_text(st, 5, f->zBefore);
  db_bind_int(st, 6, f->measure);
  db_bind_int(st, 7, f->all);
  if (f->zKind) db_bind_text(st, 8, f->zKind);
  if (f->zSearch && *f->zSearch) {
    *pzMatch = db_dialect(s->db) == DB_POSTGRESQL ? sq_search_terms(f->zSearch)
                                                  : sq_search_query(f->zSearch);
    if (!*pzMatch) return 1;
    db_bind_text(st, 9, *pzMatch);
  }
  if (f->zPlace) db_bind_text(st, 10, f->zPlace);
  db_bind_int(st, 11, f->publicOnly);
  db_bind_int64(st, 12, f->itemId);
  db_bind_int64(st, 16, f->reachUnitId);
  if (f->zReachLeader) db_bind_text(st, 17, f->zReachLeader);
  return 0;
}

/* The columns of store_ledger_list, in StoreItem's order. */
#define LEDGER_COLUMNS                                                                          \
  "i.id AS id, i.doc_id AS doc_id, coalesce(i.task_id,0), i.number, i.text, i.kind, "        \
  "coalesce(i.measure,0), i.status AS status, coalesce(i.leader,''), "                         \
  "coalesce(i.lead_unit_id,0), coalesce(u.name,''), coalesce(i.deadline,''), "                 \
  "(SELECT group_concat(c.name,'、') FROM item_cooperating ic JOIN units c "                   \
  "  ON c.id=ic.unit_id WHERE ic.item_id=i.id), "                                              \
  "coalesce((SELECT r.progress FROM reports r WHERE r.item_id=i.id AND r.state IN "           \
  "  ('submitted','accepted') ORDER BY r.period DESC, r.id DESC LIMIT 1), -1) AS prog, "       \
  "coalesce((SELECT CASE min(CASE w.colour WHEN 'red' THEN 1 WHEN 'yellow' THEN 2 "            \
  "  ELSE 3 END) WHEN 1 THEN 'red' WHEN 2 THEN 'yellow' WHEN 3 THEN 'blue' END "               \
  "  FROM warnings w WHERE w.item_id=i.id AND w.as_of=(SELECT max(as_of) FROM warnings)),"     \
  "  '') AS colour, i.public, coalesce(i.parent_id,0), coalesce(i.recurrence,'') "

static const LedgerFilter ledger_no_filter;

int store_ledger_list(Store *s, const LedgerFilter *f, int (*x)(void *, const StoreItem *),
                      void *ctx, Err *e) {
  if (!f) f = &ledger_no_filter;
  DbStmt *st;
  /* Ledger order lets the database walk the items in index order and stop at the limit
  ** (SQLite's doc_id index ends in the rowid; PostgreSQL has migration 019's); any other sort
  ** has to compute every row first, so it is a statement of its own. */
  int bSorted = f->zSort && strcmp(f->zSort, "number") != 0;
  /* the sort keys name result columns inside expressions, which PostgreSQL allows only on a
  ** derived table's columns: hence the outer SELECT */
#define LEDGER_LIST_SORTED(SEARCH)                                                              \
  "SELECT * FROM (SELECT " LEDGER_COLUMNS ", coalesce(i.deadline,'9999') AS sort_deadline "    \
  LEDGER_FROM_WHERE(SEARCH) ") q "                                                             \
  "ORDER BY CASE ?13 WHEN 'deadline' THEN sort_deadline END, "                                 \
  "CASE ?13 WHEN 'progress' THEN prog END, "                                                   \
  "CASE ?13 WHEN 'warning' THEN CASE colour WHEN 'red' THEN 1 WHEN 'yellow' THEN 2 "            \
  "  WHEN 'blue' THEN 3 ELSE 4 END END, "                                                      \
  "CASE ?13 WHEN 'status' THEN status END, doc_id, id LIMIT ?14 OFFSET ?15"
#define LEDGER_LIST(SEARCH)                                                                     \
  "SELECT " LEDGER_COLUMNS LEDGER_FROM_WHERE(SEARCH) "ORDER BY i.doc_id, i.id LIMIT ?14 OFFSET ?15"
  int bPg = db_dialect(s->db) == DB_POSTGRESQL;
  const char *zSql = bSorted ? (bPg ? LEDGER_LIST_SORTED(LEDGER_SEARCH_POSTGRESQL)
                                    : LEDGER_LIST_SORTED(LEDGER_SEARCH_SQLITE))
                             : (bPg ? LEDGER_LIST(LEDGER_SEARCH_POSTGRESQL)
                                    : LEDGER_LIST(LEDGER_SEARCH_SQLITE));
  if (db_prepare(s->db, zSql, &st)) return sq_error(s, e, "listing the ledger");
  char *zMatch;
  int bNone = bind_filter(s, st, f, &zMatch);
  if (f->zSort) db_bind_text(st, 13, f->zSort);
  db_bind_int64(st, 14, f->limit > 0 ? f->limit : LLONG_MAX);
  db_bind_int(st, 15, f->offset > 0 ? f->offset : 0);
  int rc = DB_DONE;
  while (!bNone && (rc = db_step(st)) == DB_ROW) {
    StoreItem it = {db_column_int64(st, 0), db_column_int64(st, 1),
                    db_column_int64(st, 2), sq_col(st, 3), sq_col(st, 4), sq_col(st, 5),
                    db_column_int(st, 6), sq_col(st, 7), sq_col(st, 8),
                    db_column_int64(st, 9), sq_col(st, 10), sq_col(st, 11), sq_col(st, 12),
                    db_column_int(st, 13), sq_col(st, 14), db_column_int(st, 15),
                    db_column_int64(st, 16), sq_col(st, 17)};
    if (x(ctx, &it)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  if (bad) sq_error(s, e, "listing the ledger");
  db_finalize(st);
  free(zMatch);
  return bad ? LUOSHI_EIO : 0;
}

int store_ledger_count(Store *s, const LedgerFilter *f, long long *pN, Err *e) {
  if (!f) f = &ledger_no_filter;
  *pN = 0;
  DbStmt *st;
  const char *zSql = db_dialect(s->db) == DB_POSTGRESQL
                         ? "SELECT count(*) " LEDGER_FROM_WHERE(LEDGER_SEARCH_POSTGRESQL)
                         : "SELECT count(*) " LEDGER_FROM_WHERE(LEDGER_SEARCH_SQLITE);
  if (db_prepare(s->db, zSql, &st)) {
    return sq_error(s, e, "counting the ledger");
  }
  char *zMatch;
  int rc = bind_filter(s, st, f, &zMatch) ? DB_DONE : db_step(st);
  if (rc == DB_ROW) *pN = db_column_int64(st, 0);
  int bad = rc != DB_ROW && rc != DB_DONE;
  if (bad) sq_error(s, e, "counting the ledger");
  db_finalize(st);
  free(zMatch);
  return bad ? LUOSHI_EIO : 0;
}

/* The item's assignment as JSON, for the audit trail. */
static char *assignment_json(Store *s, long long itemId) {
  DbStmt *st;
  char *z = NULL;
  if (db_prepare(s->db,
                 "SELECT coalesce(leader,''), coalesce(lead_unit_id,0), "
                 "coalesce(deadline,''), (SELECT group_concat(unit_id) FROM "
                 "item_cooperating WHERE item_id=?1) FROM ledger_items WHERE id=?1", &st) == DB_OK) {
    db_bind_int64(st, 1, itemId);
    if (db_step(st) == DB_ROW) {
      json_t *j = json_pack("{s:s, s:I, s:s, s:s}", "leader", sq_col(st, 0), "lead",
                            (json_int_t)db_column_int64(st, 1), "deadline", sq_col(st, 2),
                            "cooperating", sq_col(st, 3));
      z = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
      json_decref(j);
    }
    db_finalize(st);
  }
  return z;
}

int store_item_assign(Store *s, const char *zActor, long long itemId, const StoreAssignment *a,
                      Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  char *zBefore = assignment_json(s, itemId);
  if (!zBefore) rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  DbStmt *st = NULL;
  if (rc == 0 && db_prepare(s->db,
                            "UPDATE ledger_items SET leader=coalesce(?2,leader), "
                            "lead_unit_id=coalesce(?3,lead_unit_id), "
                            "deadline=coalesce(?4,deadline) WHERE id=?1", &st)) {
    rc = sq_error(s, e, "assigning an item");
  }
  if (rc == 0) {
    db_bind_int64(st, 1, itemId);
    if (a->zLeader) db_bind_text(st, 2, a->zLeader);
    if (a->leadUnitId > 0) db_bind_int64(st, 3, a->leadUnitId);
    if (a->zDeadline) db_bind_text(st, 4, a->zDeadline);
    if (db_step(st) != DB_DONE) rc = sq_error(s, e, "assigning an item");
  }
  db_finalize(st);
  if (rc == 0 && a->nCooperating >= 0) {
    DbStmt *del = NULL, *ins = NULL;
    if (db_prepare(s->db, "DELETE FROM item_cooperating WHERE item_id=?", &del) ||
        db_prepare(s->db, "INSERT INTO item_cooperating VALUES(?,?) ON CONFLICT DO NOTHING",
                   &ins)) {
      rc = sq_error(s, e, "assigning an item");
    } else {
      db_bind_int64(del, 1, itemId);
      if (db_step(del) != DB_DONE) rc = sq_error(s, e, "assigning an item");
      for (int k = 0; rc == 0 && k < a->nCooperating; k++) {
        db_bind_int64(ins, 1, itemId);
        db_bind_int64(ins, 2, a->aCooperating[k]);
        if (db_step(ins) != DB_DONE) rc = sq_error(s, e, "assigning an item");
        db_reset(ins);
      }
    }
    db_finalize(del);
    db_finalize(ins);
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
