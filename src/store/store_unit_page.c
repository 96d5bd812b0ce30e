/*
** What the unit pages (/units, /units/{id}) and their API read (see store.h): one unit by id,
** the unit tree with item counts narrowed by a ledger filter, and the requests and
** accountability records on the items a unit leads. The counts go through store_ledger_list,
** so they follow exactly the ledger's own filter (the same rule as `ledger list --unit` and
** the reach of auth_scope); nothing here decides who may see what.
*/
#include "store_internal.h"

#include "../base/mem.h"

#include <stdlib.h>
#include <string.h>

int store_unit_get(Store *s, long long id, StoreUnit *u, Buf *pStrings, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT id,name,kind,coalesce(parent_id,0),coalesce(division_code,''),"
                 "coalesce(short_names,'') FROM units WHERE id=?1", &st)) {
    return sq_error(s, e, "reading a unit");
  }
  db_bind_int64(st, 1, id);
  int rc = 0;
  if (db_step(st) == DB_ROW) {
    /* Offsets first: pStrings may move while it grows. */
    size_t aOff[5];
    for (int i = 0; i < 5; i++) {
      aOff[i] = pStrings->n;
      buf_puts(pStrings, sq_col(st, i + 1));
      buf_putc(pStrings, 0);
    }
    u->id = db_column_int64(st, 0);
    u->parentId = db_column_int64(st, 3);
    u->zName = pStrings->a + aOff[0];
    u->zKind = pStrings->a + aOff[1];
    u->zCode = pStrings->a + aOff[3];
    u->zShort = pStrings->a + aOff[4];
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no unit %lld", id);
  }
  db_finalize(st);
  return rc;
}

/* ---- the tree with counts ------------------------------------------------------------------ */

typedef struct CountUnit {
  StoreUnitCount c;
  int iParent;        /* index in the array, -1 for a top unit */
  int iFirstChild;    /* -1 when none */
  int iNextSibling;   /* -1 when none */
  int iLastChild;
} CountUnit;

typedef struct CountCtx {
  CountUnit *a;
  int n, nAlloc;
  Arena arena;
} CountCtx;

static int count_unit_add(void *ctx, const StoreUnit *u) {
  CountCtx *p = ctx;
  if (p->n == p->nAlloc) {
    p->nAlloc = p->nAlloc ? p->nAlloc * 2 : 64;
    p->a = xrealloc(p->a, sizeof(CountUnit) * (size_t)p->nAlloc);
  }
  CountUnit *cu = &p->a[p->n++];
  memset(cu, 0, sizeof *cu);
  cu->c.u.id = u->id;
  cu->c.u.parentId = u->parentId;
  cu->c.u.zName = arena_strndup(&p->arena, u->zName, strlen(u->zName));
  cu->c.u.zKind = arena_strndup(&p->arena, u->zKind, strlen(u->zKind));
  cu->c.u.zCode = arena_strndup(&p->arena, u->zCode, strlen(u->zCode));
  cu->c.u.zShort = arena_strndup(&p->arena, u->zShort ? u->zShort : "",
                                 u->zShort ? strlen(u->zShort) : 0);
  cu->iParent = cu->iFirstChild = cu->iNextSibling = cu->iLastChild = -1;
  return 0;
}

static int unit_by_id_cmp(const void *pa, const void *pb) {
  long long a = ((const long long *)pa)[0], b = ((const long long *)pb)[0];
  return a < b ? -1 : a > b;
}

typedef struct IdIndex {
  long long id;
  long long i;
} IdIndex;

/* Index of unit id in the sorted index, or -1. */
static int index_of(const IdIndex *aIdx, int n, long long id) {
  IdIndex key = {id, 0};
  const IdIndex *p = bsearch(&key, aIdx, (size_t)n, sizeof *aIdx, unit_by_id_cmp);
  return p ? (int)p->i : -1;
}

typedef struct CountItems {
  CountCtx *p;
  IdIndex *aIdx;
} CountItems;

static int count_item(void *ctx, const StoreItem *it) {
  CountItems *q = ctx;
  int i = it->leadUnitId ? index_of(q->aIdx, q->p->n, it->leadUnitId) : -1;
  if (i >= 0) q->p->a[i].c.nOwn++;
  int nStep = 0;
  while (i >= 0 && nStep++ < 64) { /* 64: a guard against a cycle, which the schema forbids */
    StoreUnitCount *c = &q->p->a[i].c;
    c->nItem++;
    if (strcmp(it->zColour, "red") == 0) c->nRed++;
    else if (strcmp(it->zColour, "yellow") == 0) c->nYellow++;
    else if (strcmp(it->zColour, "blue") == 0) c->nBlue++;
    i = q->p->a[i].iParent;
  }
  return 0;
}

int store_unit_counts(Store *s, const LedgerFilter *f, int (*x)(void *, const StoreUnitCount *),
                      void *ctx, Err *e) {
  CountCtx p = {0};
  arena_init(&p.arena);
  IdIndex *aIdx = NULL;
  int rc = store_unit_list(s, count_unit_add, &p, e);
  if (rc) goto cleanup;
  aIdx = xmalloc(sizeof *aIdx * (size_t)(p.n ? p.n : 1));
  for (int i = 0; i < p.n; i++) aIdx[i] = (IdIndex){p.a[i].c.u.id, i};
  qsort(aIdx, (size_t)p.n, sizeof *aIdx, unit_by_id_cmp);
  for (int i = 0; i < p.n; i++) {
    CountUnit *cu = &p.a[i];
    int iParent = cu->c.u.parentId ? index_of(aIdx, p.n, cu->c.u.parentId) : -1;
    cu->iParent = iParent;
    if (iParent < 0) continue;
    CountUnit *par = &p.a[iParent];
    if (par->iLastChild < 0) par->iFirstChild = i;
    else p.a[par->iLastChild].iNextSibling = i;
    par->iLastChild = i;
    par->c.nChild++;
  }
  LedgerFilter g = f ? *f : (LedgerFilter){0};
  g.unitId = 0;
  g.limit = g.offset = 0;
  g.zSort = NULL;
  CountItems q = {&p, aIdx};
  rc = store_ledger_list(s, &g, count_item, &q, e);
  if (rc) goto cleanup;
  /* Depth-first, in the order store_unit_list gave: a parent, then its subtree. */
  int *aStack = xmalloc(sizeof(int) * (size_t)(p.n ? p.n : 1));
  int nStack = 0;
  for (int top = p.n - 1; top >= 0; top--) {
    if (p.a[top].iParent < 0) aStack[nStack++] = top;
  }
  int bStop = 0;
  while (nStack > 0 && !bStop) {
    int i = aStack[--nStack];
    int depth = 0;
    for (int k = p.a[i].iParent; k >= 0 && depth < 64; k = p.a[k].iParent) depth++;
    p.a[i].c.depth = depth;
    bStop = x(ctx, &p.a[i].c) != 0;
    /* Push the children in reverse so the first comes out first. */
    int nChild = 0;
    for (int k = p.a[i].iFirstChild; k >= 0; k = p.a[k].iNextSibling) nChild++;
    nStack += nChild;
    int j = nStack - 1;
    for (int k = p.a[i].iFirstChild; k >= 0; k = p.a[k].iNextSibling) aStack[j--] = k;
  }
  free(aStack);
cleanup:
  free(aIdx);
  free(p.a);
  arena_free(&p.arena);
  return rc;
}

/* ---- requests and accountability on a unit's items ---------------------------------------- */

/* The items led by unit ?1 or a unit below it. */
#define UNIT_ITEMS_SQL                                                                          \
  "(SELECT i.id FROM ledger_items i WHERE i.lead_unit_id IN (WITH RECURSIVE down(id) AS "       \
  "(SELECT ?1 UNION ALL SELECT c.id FROM units c JOIN down ON c.parent_id=down.id) "           \
  "SELECT id FROM down))"

int store_unit_requests(Store *s, long long unitId, int (*x)(void *, const StoreUnitRequest *),
                        void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT q.id,q.item_id,q.kind,q.state,coalesce(q.unit_id,0),"
                 "coalesce(q.new_deadline,''),coalesce(q.period,''),q.reason,"
                 "coalesce(q.checklist,''),coalesce(q.evidence_report,0),i.number,"
                 "q.requested_at,coalesce(q.decided_at,''),coalesce(q.decision_note,'') "
                 "FROM requests q JOIN ledger_items i ON i.id=q.item_id "
                 "WHERE q.item_id IN " UNIT_ITEMS_SQL " ORDER BY q.id DESC", &st)) {
    return sq_error(s, e, "listing a unit's requests");
  }
  db_bind_int64(st, 1, unitId);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreUnitRequest q = {
        {db_column_int64(st, 0), db_column_int64(st, 1), sq_col(st, 2), sq_col(st, 3),
         db_column_int64(st, 4), sq_col(st, 5), sq_col(st, 6), sq_col(st, 7),
         sq_col(st, 8), db_column_int64(st, 9)},
        sq_col(st, 10), sq_col(st, 11), sq_col(st, 12), sq_col(st, 13)};
    if (x(ctx, &q)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing a unit's requests") : 0;
}

int store_unit_accountability(Store *s, long long unitId,
                              int (*x)(void *, const StoreAccountability *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT a.id,a.item_id,i.number,a.kind,coalesce(a.unit_id,0),"
                 "coalesce(u.name,''),coalesce(a.person,''),a.reason,a.recorded_at "
                 "FROM accountability a JOIN ledger_items i ON i.id=a.item_id "
                 "LEFT JOIN units u ON u.id=a.unit_id "
                 "WHERE a.item_id IN " UNIT_ITEMS_SQL " ORDER BY a.id DESC", &st)) {
    return sq_error(s, e, "listing a unit's accountability records");
  }
  db_bind_int64(st, 1, unitId);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreAccountability a = {db_column_int64(st, 0), db_column_int64(st, 1),
                             sq_col(st, 2),                sq_col(st, 3),
                             db_column_int64(st, 4), sq_col(st, 5),
                             sq_col(st, 6),                sq_col(st, 7),
                             sq_col(st, 8)};
    if (x(ctx, &a)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing a unit's accountability records") : 0;
}
