/*
** The API beside the unit pages, and the API's front door: GET /api/v1 (what the API offers,
** from the route table), GET /api/v1/units (the unit tree with item counts, as /units shows
** it) and GET /api/v1/warnings (the warnings of the latest run on the items within the
** reader's reach). JSON through jansson; lists are {"items", "total", "limit", "offset"};
** errors through req_fail. Same store calls and the same reach (auth_scope) as the pages.
*/
#include "api.h"
#include "web.h"

#include <stdlib.h>
#include <string.h>

/* ---- GET /api/v1 -------------------------------------------------------------------------- */

void api_index(Req *r) {
  int n;
  const Route *a = web_routes(&n);
  json_t *aEnd = json_array();
  for (int i = 0; i < n; i++) {
    if (strncmp(a[i].zPattern, "/api/", 5) != 0) continue;
    const char *zPerm = a[i].perm == PERM_PUBLIC      ? "public"
                        : a[i].perm == PERM_USER      ? "user"
                        : a[i].perm == PERM_SUPERVISE ? "supervise"
                                                      : "admin";
    json_array_append_new(aEnd, json_pack("{s:s, s:s, s:s, s:s}", "method", a[i].zMethod,
                                          "path", a[i].zPattern, "permission", zPerm, "what",
                                          a[i].zWhat));
  }
  api_send(r, json_pack("{s:s, s:s, s:s, s:o}", "name", "luoshi", "version", "v1", "docs",
                         "docs/api.md", "endpoints", aEnd));
}

/* ---- GET /api/v1/units -------------------------------------------------------------------- */

typedef struct UnitsCtx {
  json_t *a;
  ApiPage pg;
} UnitsCtx;

static int unit_json(void *ctx, const StoreUnitCount *c) {
  UnitsCtx *p = ctx;
  if (!api_page_take(&p->pg)) return 0;
  json_array_append_new(
      p->a, json_pack("{s:I, s:s, s:s, s:I, s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:I}", "id",
                      (json_int_t)c->u.id, "name", c->u.zName, "kind", c->u.zKind, "parent",
                      (json_int_t)c->u.parentId, "code", c->u.zCode, "depth", c->depth,
                      "children", c->nChild, "items", (json_int_t)c->nItem, "own",
                      (json_int_t)c->nOwn, "red", (json_int_t)c->nRed, "yellow",
                      (json_int_t)c->nYellow, "blue", (json_int_t)c->nBlue));
  return 0;
}

void api_units(Req *r) {
  UnitsCtx p = {0};
  if (api_page_params(r, &p.pg)) return;
  LedgerFilter f = {0};
  auth_scope(&r->actor, &f);
  p.a = json_array();
  Err e;
  err_clear(&e);
  if (store_unit_counts(r->s, &f, unit_json, &p, &e)) {
    json_decref(p.a);
    req_fail_err(r, &e);
    return;
  }
  api_send_list(r, p.a, p.pg.n, &p.pg);
}

/* ---- GET /api/v1/warnings ----------------------------------------------------------------- */

typedef struct WarnCtx {
  json_t *a;
  ApiPage pg;
  long long *aReach;   /* sorted ids of the items within reach; NULL: every item */
  int nReach, nAlloc;
  int bScoped;
} WarnCtx;

static int reach_add(void *ctx, const StoreItem *it) {
  WarnCtx *p = ctx;
  if (p->nReach == p->nAlloc) {
    p->nAlloc = p->nAlloc ? p->nAlloc * 2 : 64;
    p->aReach = xrealloc(p->aReach, sizeof(long long) * (size_t)p->nAlloc);
  }
  p->aReach[p->nReach++] = it->id;
  return 0;
}

static int id_cmp(const void *pa, const void *pb) {
  long long a = *(const long long *)pa, b = *(const long long *)pb;
  return a < b ? -1 : a > b;
}

static int warning_json(void *ctx, const StoreWarning *w) {
  WarnCtx *p = ctx;
  if (p->bScoped && (p->nReach == 0 || !bsearch(&w->itemId, p->aReach, (size_t)p->nReach,
                                                 sizeof(long long), id_cmp))) {
    return 0;
  }
  if (!api_page_take(&p->pg)) return 0;
  json_t *data = json_loads(w->zData, 0, NULL);
  json_array_append_new(
      p->a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "item", (json_int_t)w->itemId,
                      "number", w->zNumber, "rule", w->zRule, "colour", w->zColour, "message",
                      w->zMessage, "rules_version", w->zVersion, "as_of", w->zAsOf, "data",
                      data ? data : json_null()));
  return 0;
}

void api_warnings(Req *r) {
  WarnCtx p = {0};
  if (api_page_params(r, &p.pg)) return;
  const char *zColour = req_param(r, "colour");
  if (zColour && !*zColour) zColour = NULL;
  if (zColour && strcmp(zColour, "red") != 0 && strcmp(zColour, "yellow") != 0 &&
      strcmp(zColour, "blue") != 0) {
    req_fail(r, 400, "colour is red, yellow or blue");
    return;
  }
  Err e;
  err_clear(&e);
  /* The reach: the items the reader may read (merged ones too: their warnings stay theirs). */
  LedgerFilter f = {.all = 1};
  auth_scope(&r->actor, &f);
  p.bScoped = f.reachUnitId != 0 || f.zReachLeader != NULL;
  int rc = 0;
  if (p.bScoped) {
    rc = store_ledger_list(r->s, &f, reach_add, &p, &e);
    if (rc == 0 && p.nReach) qsort(p.aReach, (size_t)p.nReach, sizeof(long long), id_cmp);
  }
  p.a = json_array();
  if (rc == 0) rc = store_warning_list(r->s, NULL, zColour, warning_json, &p, &e);
  free(p.aReach);
  if (rc) {
    json_decref(p.a);
    req_fail_err(r, &e);
    return;
  }
  api_send_list(r, p.a, p.pg.n, &p.pg);
}
