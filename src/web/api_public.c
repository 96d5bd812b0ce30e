/*
** GET /api/v1/public/items: what the public page (page_public.c) shows, as JSON, paged by
** ?limit= (default 50, at most 500) and ?offset=. Each item: id, number, text, lead_unit (its
** name or null), status, progress (or null), and source {sentence, lines} (or null for an item
** added by hand). Nothing else leaves: no warning, no report, no person. No login needed; only
** items marked public are read (publicOnly), so an unpublished item's id finds nothing here.
*/
#include "api.h"
#include "cache.h"
#include "web.h"

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
  ApiPage pg;
  if (api_page_params(r, &pg)) return;
  Err e;
  err_clear(&e);
  LedgerFilter f = {0};
  f.publicOnly = 1;
  long long nTotal = 0;
  if (cache_ledger_count(r, &f, &nTotal, &e)) {
    req_fail_err(r, &e);
    return;
  }
  f.limit = (int)pg.limit;
  f.offset = (int)pg.offset;
  PublicJson ctx = {r, json_array(), &e, 0};
  if (store_ledger_list(r->s, &f, public_one, &ctx, &e) || ctx.rc) {
    json_decref(ctx.a);
    req_fail_err(r, &e);
    return;
  }
  api_send_list(r, ctx.a, nTotal, &pg);
}
