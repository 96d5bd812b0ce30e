/*
** The dashboard's figures in the store (see store.h): counts per prefecture-level division and in
** all, progress by measure, deadlines of a period, late and missing reports, and the two things
** the timeline and the public page read about an item (when it entered the ledger, its source
** sentence). Everything here reads; nothing writes.
**
** Each query narrows the items by DASH_SCOPE, a copy of the scope part of the ledger's filter
** (LEDGER_FROM_WHERE in store_ledger.c: ?1 document, ?16 reach unit, ?17 leader, ?11 public,
** merged items left out), so that a dashboard count equals the ledger list it links to; keep the
** two in step. The counts per division follow SQ_ITEM_IN_PLACE (store_internal.h), computed in
** one pass (see store_division_stats); test/e2e/web-dashboard.sh compares each division's count
** with the ledger's place filter.
*/
#include "store_internal.h"

#include "../base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scope on ledger item alias i: ?1 docId, ?2 reachUnitId, ?3 zReachLeader, ?4 publicOnly. */
#define DASH_SCOPE                                                                              \
  "(?1=0 OR i.doc_id=?1) AND i.merged_into IS NULL AND (?4=0 OR i.public=1) "                  \
  "AND ((?2=0 AND ?3 IS NULL) OR (?2<>0 AND (i.lead_unit_id IN (WITH RECURSIVE "               \
  "  reach(id) AS (SELECT ?2 UNION ALL SELECT c.id FROM units c JOIN reach ON "                \
  "  c.parent_id=reach.id) SELECT id FROM reach) OR i.id IN (SELECT item_id FROM "             \
  "  item_cooperating WHERE unit_id=?2))) OR (?3 IS NOT NULL AND i.leader=?3)) "

static const LedgerFilter no_scope;

static void bind_scope(DbStmt *st, const LedgerFilter *f) {
  if (!f) f = &no_scope;
  db_bind_int64(st, 1, f->docId);
  db_bind_int64(st, 2, f->reachUnitId);
  if (f->zReachLeader) db_bind_text(st, 3, f->zReachLeader);
  db_bind_int(st, 4, f->publicOnly != 0);
}

/* The latest date warnings were computed for into zAsOf[16], "" when never. */
static int latest_warnings(Store *s, char zAsOf[16], Err *e) {
  DbStmt *st;
  zAsOf[0] = 0;
  if (db_prepare(s->db, "SELECT max(as_of) FROM warnings", &st)) {
    return sq_error(s, e, "reading the warnings' date");
  }
  if (db_step(st) == DB_ROW) snprintf(zAsOf, 16, "%s", sq_col(st, 0));
  db_finalize(st);
  return 0;
}

/*
** Counting per division walks the scope's items once (lead unit, status, source task) and adds
** each to the divisions it belongs to, found in two small tables read first: for every unit,
** the prefectures of the coded units at or above it (ud); for every task, the prefectures it
** names (tp). The latest date's warnings give each item its colours. Grouping in C over these
** arrays costs one scan of the items; SQLite's GROUP BY would sort every row.
*/

typedef struct UnitPref {  /* unit id -> one prefecture code (a unit may have several rows) */
  long long id;
  int pref;                /* 511500 */
} UnitPref;

typedef struct TaskPref {  /* (document, task) -> one prefecture code */
  long long docId, taskId;
  int pref;
} TaskPref;

typedef struct ItemMask {  /* item id -> colours warned: 4 red, 2 yellow, 1 blue */
  long long id;
  int mask;
} ItemMask;

typedef struct PrefCounts {
  int pref;
  StoreCounts c;
} PrefCounts;

static int cmp_unitpref(const void *a, const void *b) {
  const UnitPref *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}
static int cmp_taskpref(const void *a, const void *b) {
  const TaskPref *x = a, *y = b;
  if (x->docId != y->docId) return x->docId < y->docId ? -1 : 1;
  return x->taskId < y->taskId ? -1 : x->taskId > y->taskId;
}
static int cmp_itemmask(const void *a, const void *b) {
  const ItemMask *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Read rows of (integer, integer[, integer]) from zSql into a growing array of elements of
** nSize bytes, filled by xFill. */
static int read_rows(Store *s, const char *zSql, const char *zAsOf, void **paOut, int *pn,
                     size_t nSize, void (*xFill)(void *, DbStmt *), Err *e) {
  DbStmt *st;
  if (db_prepare(s->db, zSql, &st)) return sq_error(s, e, "counting items");
  if (zAsOf) db_bind_text(st, 1, zAsOf);
  char *a = NULL;
  size_t n = 0, nCap = 0;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    if (n == nCap) {
      nCap = nCap ? 2 * nCap : 256;
      a = xrealloc(a, nCap * nSize);
    }
    xFill(a + n * nSize, st);
    n++;
  }
  db_finalize(st);
  *paOut = a;
  *pn = (int)n;
  return rc == DB_DONE ? 0 : sq_error(s, e, "counting items");
}

static void fill_unitpref(void *p, DbStmt *st) {
  UnitPref *u = p;
  u->id = db_column_int64(st, 0);
  u->pref = db_column_int(st, 1);
}
static void fill_taskpref(void *p, DbStmt *st) {
  TaskPref *t = p;
  t->docId = db_column_int64(st, 0);
  t->taskId = db_column_int64(st, 1);
  t->pref = db_column_int(st, 2);
}
static void fill_itemmask(void *p, DbStmt *st) {
  ItemMask *m = p;
  m->id = db_column_int64(st, 0);
  m->mask = db_column_int(st, 1);
}

static void counts_add(StoreCounts *c, int status, int mask) {
  c->nItem++;
  if (status >= 0 && status < 5) c->aStatus[status]++;
  if (mask & 4) c->nRed++;
  if (mask & 2) c->nYellow++;
  if (mask & 1) c->nBlue++;
  if (mask) c->nWarned++;
}

static PrefCounts *pref_find(PrefCounts **pa, int *pn, int *pnCap, int pref) {
  for (int k = 0; k < *pn; k++) {
    if ((*pa)[k].pref == pref) return &(*pa)[k];
  }
  if (*pn == *pnCap) {
    *pnCap = *pnCap ? 2 * *pnCap : 64;
    *pa = xrealloc(*pa, sizeof **pa * (size_t)*pnCap);
  }
  PrefCounts *p = &(*pa)[(*pn)++];
  memset(p, 0, sizeof *p);
  p->pref = pref;
  return p;
}

static int cmp_prefcounts(const void *a, const void *b) {
  const PrefCounts *x = a, *y = b;
  return x->pref < y->pref ? -1 : x->pref > y->pref;
}

int store_division_stats(Store *s, const LedgerFilter *scope,
                         int (*x)(void *, const char *zCode, const StoreCounts *), void *ctx,
                         StoreCounts *pAll, Err *e) {
  char zAsOf[16];
  StoreCounts all;
  memset(&all, 0, sizeof all);
  UnitPref *aUnit = NULL;
  TaskPref *aTask = NULL;
  ItemMask *aMask = NULL;
  PrefCounts *aPref = NULL;
  int nUnit = 0, nTask = 0, nMask = 0, nPref = 0, nPrefCap = 0;
  DbStmt *st = NULL;
  int rc = latest_warnings(s, zAsOf, e);
  if (rc == 0) {
    rc = read_rows(s,
                   "WITH RECURSIVE ud(id, pref) AS (SELECT id, substr(division_code,1,4)||'00' "
                   "FROM units WHERE " SQ_SUBPROVINCIAL("division_code") " UNION "
                   "SELECT c.id, ud.pref FROM units c JOIN ud ON c.parent_id=ud.id) SELECT id, CAST(pref AS INTEGER) FROM ud",
                   NULL, (void **)&aUnit, &nUnit, sizeof *aUnit, fill_unitpref, e);
  }
  if (rc == 0) {
    rc = read_rows(s,
                   "SELECT DISTINCT doc_id, task_id, CAST(substr(code,1,4)||'00' AS INTEGER) "
                   "FROM task_places WHERE " SQ_SUBPROVINCIAL("code"),
                   NULL, (void **)&aTask, &nTask, sizeof *aTask, fill_taskpref, e);
  }
  if (rc == 0) {
    rc = read_rows(s,
                   "SELECT item_id, CASE colour WHEN 'red' THEN 4 WHEN 'yellow' THEN 2 "
                   "ELSE 1 END FROM warnings WHERE as_of=?1",
                   zAsOf, (void **)&aMask, &nMask, sizeof *aMask, fill_itemmask, e);
  }
  if (rc == 0) {  /* one entry per item, its colours or-ed */
    if (nMask > 1) qsort(aMask, (size_t)nMask, sizeof *aMask, cmp_itemmask);
    int n = 0;
    for (int k = 0; k < nMask; k++) {
      if (n && aMask[n - 1].id == aMask[k].id) aMask[n - 1].mask |= aMask[k].mask;
      else aMask[n++] = aMask[k];
    }
    nMask = n;
  }
  /* NOT INDEXED (SQLite): the scope's terms cannot use an index, and a plain scan beats
  ** walking the merged_into index for "IS NULL". PostgreSQL's planner finds that itself. */
#define COUNT_ITEMS_SQL(HINT)                                                                  \
  "SELECT i.id, coalesce(i.lead_unit_id,0), CASE i.status WHEN '未启动' THEN 0 "             \
  "WHEN '推进中' THEN 1 WHEN '已完成' THEN 2 WHEN '已销号' THEN 3 WHEN '滞后' THEN 4 "        \
  "ELSE -1 END, i.doc_id, coalesce(i.task_id,0) FROM ledger_items i " HINT " WHERE " DASH_SCOPE
  if (rc == 0 && db_prepare(s->db,
                            db_dialect(s->db) == DB_SQLITE ? COUNT_ITEMS_SQL("NOT INDEXED")
                                                           : COUNT_ITEMS_SQL(""),
                            &st)) {
    rc = sq_error(s, e, "counting items per division");
  }
  if (rc == 0) {
    if (nUnit > 1) qsort(aUnit, (size_t)nUnit, sizeof *aUnit, cmp_unitpref);
    if (nTask > 1) qsort(aTask, (size_t)nTask, sizeof *aTask, cmp_taskpref);
    bind_scope(st, scope);
    db_stream(st);  /* every item in scope: one row at a time, not all held at once */
    int r;
    while ((r = db_step(st)) == DB_ROW) {
      ItemMask keyM = {db_column_int64(st, 0), 0};
      long long unit = db_column_int64(st, 1);
      int status = db_column_int(st, 2);
      TaskPref keyT = {db_column_int64(st, 3), db_column_int64(st, 4), 0};
      const ItemMask *m = nMask ? bsearch(&keyM, aMask, (size_t)nMask, sizeof *aMask,
                                          cmp_itemmask)
                                : NULL;
      int mask = m ? m->mask : 0;
      counts_add(&all, status, mask);
      /* The item's prefectures, each once: its lead unit's, then its task's. */
      int aSeen[16], nSeen = 0;
      UnitPref keyU = {unit, 0};
      const UnitPref *u = unit && nUnit ? bsearch(&keyU, aUnit, (size_t)nUnit, sizeof *aUnit,
                                                  cmp_unitpref)
                                        : NULL;
      while (u && u > aUnit && u[-1].id == unit) u--;
      for (; u && u < aUnit + nUnit && u->id == unit; u++) {
        int bSeen = 0;
        for (int k = 0; k < nSeen; k++) bSeen |= aSeen[k] == u->pref;
        if (bSeen) continue;
        if (nSeen < 16) aSeen[nSeen++] = u->pref;
        counts_add(&pref_find(&aPref, &nPref, &nPrefCap, u->pref)->c, status, mask);
      }
      const TaskPref *t = keyT.taskId && nTask ? bsearch(&keyT, aTask, (size_t)nTask,
                                                         sizeof *aTask, cmp_taskpref)
                                               : NULL;
      while (t && t > aTask && cmp_taskpref(&t[-1], &keyT) == 0) t--;
      for (; t && t < aTask + nTask && cmp_taskpref(t, &keyT) == 0; t++) {
        int bSeen = 0;
        for (int k = 0; k < nSeen; k++) bSeen |= aSeen[k] == t->pref;
        if (bSeen) continue;
        if (nSeen < 16) aSeen[nSeen++] = t->pref;
        counts_add(&pref_find(&aPref, &nPref, &nPrefCap, t->pref)->c, status, mask);
      }
    }
    if (r != DB_DONE) rc = sq_error(s, e, "counting items per division");
  }
  db_finalize(st);
  if (rc == 0) {
    if (nPref > 1) qsort(aPref, (size_t)nPref, sizeof *aPref, cmp_prefcounts);
    for (int k = 0; x && k < nPref; k++) {
      char zCode[16];
      snprintf(zCode, sizeof zCode, "%06d", aPref[k].pref);
      if (x(ctx, zCode, &aPref[k].c)) break;
    }
    if (pAll) *pAll = all;
  }
  free(aUnit);
  free(aTask);
  free(aMask);
  free(aPref);
  return rc;
}

/* The measures' titles: the first heading title of each (document, measure). */
#define MEASURE_TITLES                                                                         \
  "mt(doc_id, measure, title) AS (SELECT doc_id, measure, min(measure_title) FROM blocks "     \
  "  WHERE measure IS NOT NULL AND measure_title IS NOT NULL GROUP BY doc_id, measure) "

static int measure_rows(Store *s, DbStmt *st, int (*x)(void *, const StoreMeasure *),
                        void *ctx, Err *e) {
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreMeasure m = {db_column_int64(st, 0), db_column_int(st, 1), sq_col(st, 2),
                      db_column_int64(st, 3), db_column_double(st, 4)};
    if (x(ctx, &m)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  if (bad) sq_error(s, e, "listing measures");
  db_finalize(st);
  return bad ? LUOSHI_EIO : 0;
}

int store_measure_progress(Store *s, const LedgerFilter *scope,
                           int (*x)(void *, const StoreMeasure *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
          "WITH " MEASURE_TITLES ", "
          "p(doc_id, measure, prog) AS (SELECT i.doc_id, i.measure, CASE WHEN i.status IN "
          "  ('已完成','已销号') THEN 100 ELSE coalesce((SELECT r.progress FROM reports r "
          "  WHERE r.item_id=i.id AND r.state IN ('submitted','accepted') ORDER BY r.period "
          "  DESC, r.id DESC LIMIT 1), 0) END FROM ledger_items i WHERE i.measure>0 AND "
          DASH_SCOPE ") "
          "SELECT p.doc_id, p.measure, coalesce(max(mt.title),''), count(*), avg(p.prog) FROM p "
          "LEFT JOIN mt ON mt.doc_id=p.doc_id AND mt.measure=p.measure "
          "GROUP BY p.doc_id, p.measure ORDER BY p.doc_id, p.measure", &st)) {
    return sq_error(s, e, "listing measures");
  }
  bind_scope(st, scope);
  return measure_rows(s, st, x, ctx, e);
}

int store_measure_titles(Store *s, long long docId, int (*x)(void *, const StoreMeasure *),
                         void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "WITH " MEASURE_TITLES "SELECT doc_id, measure, title, 0, 0.0 FROM mt "
                 "WHERE ?1=0 OR doc_id=?1 ORDER BY doc_id, measure", &st)) {
    return sq_error(s, e, "listing measures");
  }
  db_bind_int64(st, 1, docId);
  return measure_rows(s, st, x, ctx, e);
}

int store_deadlines_between(Store *s, const LedgerFilter *scope, const char *zFrom,
                            const char *zTo, int limit, int (*x)(void *, const StoreItem *),
                            void *ctx, long long *pnTotal, Err *e) {
  char zAsOf[16];
  if (latest_warnings(s, zAsOf, e)) return LUOSHI_EIO;
  DbStmt *st;
  if (db_prepare(s->db,
          "SELECT i.id, i.doc_id, i.number, i.text, i.status, coalesce(u.name,''), i.deadline, "
          "coalesce((SELECT CASE min(CASE w.colour WHEN 'red' THEN 1 WHEN 'yellow' THEN 2 "
          "  ELSE 3 END) WHEN 1 THEN 'red' WHEN 2 THEN 'yellow' WHEN 3 THEN 'blue' END "
          "  FROM warnings w WHERE w.item_id=i.id AND w.as_of=?5), ''), count(*) OVER () "
          "FROM ledger_items i LEFT JOIN units u ON u.id=i.lead_unit_id "
          "WHERE i.deadline BETWEEN ?6 AND ?7 AND i.status NOT IN ('已完成','已销号') AND "
          DASH_SCOPE "ORDER BY i.deadline, i.id LIMIT ?8", &st)) {
    return sq_error(s, e, "listing deadlines");
  }
  bind_scope(st, scope);
  db_bind_text(st, 5, zAsOf);
  db_bind_text(st, 6, zFrom);
  db_bind_text(st, 7, zTo);
  db_bind_int(st, 8, limit > 0 ? limit : -1);
  if (pnTotal) *pnTotal = 0;
  int rc, bStop = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    if (pnTotal) *pnTotal = db_column_int64(st, 8);
    if (bStop) continue;
    StoreItem it = {0};
    it.id = db_column_int64(st, 0);
    it.docId = db_column_int64(st, 1);
    it.zNumber = sq_col(st, 2);
    it.zText = sq_col(st, 3);
    it.zKind = "";
    it.zStatus = sq_col(st, 4);
    it.zLeader = "";
    it.zLeadUnit = sq_col(st, 5);
    it.zDeadline = sq_col(st, 6);
    it.zColour = sq_col(st, 7);
    it.progress = -1;
    bStop = x(ctx, &it);
  }
  int bad = rc != DB_DONE;
  if (bad) sq_error(s, e, "listing deadlines");
  db_finalize(st);
  return bad ? LUOSHI_EIO : 0;
}

/* The term r.late=1 lets SQLite use a partial index ON reports(...) WHERE late=1 when the schema
** has one; without it this scans every report (about 40 ms for 600,000). */
int store_late_reports(Store *s, const LedgerFilter *scope, const char *zRule, int sinceMonth,
                       int limit, int (*x)(void *, const StoreLate *), void *ctx,
                       long long *pnMissing, long long *pnLate, Err *e) {
  char zAsOf[16];
  if (latest_warnings(s, zAsOf, e)) return LUOSHI_EIO;
  DbStmt *st;
  if (db_prepare(s->db,
          "WITH l(item_id, missing, period, message) AS ("
          "  SELECT w.item_id, 1, '', min(w.message) FROM warnings w WHERE w.as_of=?5 AND "
          "  w.rule=?6 GROUP BY w.item_id "
          "  UNION ALL SELECT r.item_id, 0, r.period, '' FROM reports r WHERE r.late=1 AND "
          "  r.state IN ('submitted','accepted','returned') AND " SQ_PERIOD_MONTH("r.period")
          " >= ?7) "
          "SELECT i.id, i.number, i.text, coalesce(u.name,''), l.missing, l.period, l.message, "
          "sum(l.missing) OVER (), sum(1-l.missing) OVER () "
          "FROM l JOIN ledger_items i ON i.id=l.item_id LEFT JOIN units u ON u.id=i.lead_unit_id "
          "WHERE " DASH_SCOPE "ORDER BY l.missing DESC, l.period DESC, i.id LIMIT ?8", &st)) {
    return sq_error(s, e, "listing late reports");
  }
  bind_scope(st, scope);
  db_bind_text(st, 5, zAsOf);
  db_bind_text(st, 6, zRule);
  db_bind_int(st, 7, sinceMonth);
  db_bind_int(st, 8, limit > 0 ? limit : -1);
  if (pnMissing) *pnMissing = 0;
  if (pnLate) *pnLate = 0;
  int rc, bStop = 0;
  while ((rc = db_step(st)) == DB_ROW) {
    if (pnMissing) *pnMissing = db_column_int64(st, 7);
    if (pnLate) *pnLate = db_column_int64(st, 8);
    if (bStop) continue;
    StoreLate l = {db_column_int64(st, 0), sq_col(st, 1), sq_col(st, 2), sq_col(st, 3),
                   db_column_int(st, 4), sq_col(st, 5), sq_col(st, 6)};
    bStop = x(ctx, &l);
  }
  int bad = rc != DB_DONE;
  if (bad) sq_error(s, e, "listing late reports");
  db_finalize(st);
  return bad ? LUOSHI_EIO : 0;
}

int store_items_started(Store *s, const long long *aId, int n, char (*azStart)[11], Err *e) {
  DbStmt *st;
  if (db_prepare(s->db, "SELECT substr(created_at,1,10) FROM ledger_items WHERE id=?", &st)) {
    return sq_error(s, e, "reading items' start");
  }
  int rc = 0;
  for (int k = 0; k < n; k++) {
    azStart[k][0] = 0;
    db_bind_int64(st, 1, aId[k]);
    int r = db_step(st);
    if (r == DB_ROW) snprintf(azStart[k], 11, "%s", sq_col(st, 0));
    else if (r != DB_DONE) rc = sq_error(s, e, "reading items' start");
    db_reset(st);
    if (rc) break;
  }
  db_finalize(st);
  return rc;
}

int store_item_source(Store *s, long long itemId, Buf *pSentence, int *pLineFirst,
                      int *pLineLast, Err *e) {
  *pLineFirst = *pLineLast = 0;
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT t.sentence, t.line_first, t.line_last, i.id FROM ledger_items i "
                 "LEFT JOIN tasks t ON t.doc_id=i.doc_id AND t.id=i.task_id WHERE i.id=?", &st)) {
    return sq_error(s, e, "reading an item's source");
  }
  db_bind_int64(st, 1, itemId);
  int r = db_step(st), rc = 0;
  if (r == DB_ROW) {
    if (db_column_type(st, 0) != DB_NULL) {
      buf_puts(pSentence, sq_col(st, 0));
      *pLineFirst = db_column_int(st, 1);
      *pLineLast = db_column_int(st, 2);
    }
  } else if (r == DB_DONE) {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  } else {
    rc = sq_error(s, e, "reading an item's source");
  }
  db_finalize(st);
  return rc;
}
