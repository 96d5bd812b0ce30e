/*
** GET /api/v1/public/items: what the public page (page_public.c) shows, as JSON, paged by
** ?limit= (default 50, at most 500) and ?offset=. Each item: id, number, text, lead_unit (its
** name or null), status, progress (or null), and source {sentence, lines} (or null for an item
** added by hand). Nothing else leaves: no warning, no report, no person. No login needed; only
** items marked public are read (publicOnly), so an unpublished item's id finds nothing here.
*/
#include "web.h"
#include "cache.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX 500

/* Parameter zName as a whole number in [0, max] into *pOut (kept when absent). 0, or -1 after
** answering 400. */
static int param_count(Req *r, const char *zName, long long max, long long *pOut) {
  const char *z = req_param(r, zName);
  if (!z) return 0;
  long long v = 0;
  size_t n = strlen(z);
  if (n == 0 || n > 15) goto bad;
  for (const char *p = z; *p; p++) {
    if (*p < '0' || *p > '9') goto bad;
    v = v * 10 + (*p - '0');
  }
  *pOut = v > max ? max : v;
  return 0;
bad:
  req_fail(r, 400, "limit and offset are whole numbers");
  return -1;
}

typedef struct PublicJson {
  Req *r;
  json_t *a;
  Err *e;
  int rc;
} PublicJson;

static int public_one(void *ctx, const StoreItem *it) {
  PublicJson *p = ctx;
  Buf sentence = BUF_INIT;
  int lineFirst = 0, lineLast = 0;
  if (store_item_source(p->r->s, it->id, &sentence, &lineFirst, &lineLast, p->e)) {
    p->rc = -1;
    buf_free(&sentence);
    return 1;
  }
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(it->id));
  json_object_set_new(o, "number", json_string(it->zNumber));
  json_object_set_new(o, "text", json_string(it->zText));
  json_object_set_new(o, "lead_unit", it->zLeadUnit[0] ? json_string(it->zLeadUnit) : json_null());
  json_object_set_new(o, "status", json_string(it->zStatus));
  json_object_set_new(o, "progress", it->progress >= 0 ? json_integer(it->progress) : json_null());
  json_object_set_new(o, "source", sentence.n ? json_pack("{s:s, s:[i, i]}", "sentence",
                                                          buf_str(&sentence), "lines", lineFirst,
                                                          lineLast)
                                              : json_null());
  json_object_set_new(o, "url", json_sprintf("/public#item-%lld", it->id));
  json_array_append_new(p->a, o);
  buf_free(&sentence);
  return 0;
}

void api_public_items(Req *r) {
  long long limit = API_LIMIT_DEFAULT, offset = 0;
  if (param_count(r, "limit", API_LIMIT_MAX, &limit) ||
      param_count(r, "offset", 1LL << 30, &offset)) {
    return;
  }
  if (limit == 0) limit = API_LIMIT_DEFAULT;
  Err e;
  err_clear(&e);
  LedgerFilter f = {0};
  f.publicOnly = 1;
  long long nTotal = 0;
  if (cache_ledger_count(r, &f, &nTotal, &e)) {
    req_fail_err(r, &e);
    return;
  }
  f.limit = (int)limit;
  f.offset = (int)offset;
  PublicJson ctx = {r, json_array(), &e, 0};
  if (store_ledger_list(r->s, &f, public_one, &ctx, &e) || ctx.rc) {
    json_decref(ctx.a);
    req_fail_err(r, &e);
    return;
  }
  json_t *j = json_pack("{s:o, s:I, s:I, s:I}", "items", ctx.a, "total", (json_int_t)nTotal,
                        "limit", (json_int_t)limit, "offset", (json_int_t)offset);
  char *z = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  if (!z) {
    req_fail(r, 500, "the answer could not be written as JSON");
    return;
  }
  r->zType = "application/json";
  buf_puts(&r->out, z);
  buf_putc(&r->out, '\n');
  free(z);
}
