/*
** The API beside the ledger page: GET /api/v1/items, the ledger items with the same filters as
** /ledger (ledger_query.h) paged by ?limit= and ?offset=, and GET /api/v1/items/{id}, one item
** with its assignment, progress, warning colour and its source (document, task, the sentence
** and its lines; /documents/DOC#task-N shows it in place).
**
** Lists are narrowed to the reader's reach (auth_scope) like the page; one item is read only
** after auth_item_read (403 for another unit's item, 404 for an unknown one). JSON through
** jansson; errors through req_fail, which answers the API's error envelope.
*/
#include "api.h"
#include "cache.h"
#include "ledger_query.h"
#include "web.h"

#include <string.h>

/* Names joined with 、 as a JSON array. */
static json_t *name_array(const char *z) {
  json_t *a = json_array();
  while (z && *z) {
    const char *zEnd = strstr(z, "、");
    size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
    if (n) json_array_append_new(a, json_stringn(z, n));
    z = zEnd ? zEnd + strlen("、") : NULL;
  }
  return a;
}

/* The JSON of one ledger item (the fields of StoreItem, by the API's names). */
static json_t *item_json(const StoreItem *it) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(it->id));
  json_object_set_new(o, "document", json_integer(it->docId));
  json_object_set_new(o, "task", it->taskId ? json_integer(it->taskId) : json_null());
  json_object_set_new(o, "number", json_string(it->zNumber));
  json_object_set_new(o, "text", json_string(it->zText));
  json_object_set_new(o, "kind", json_string(it->zKind));
  json_object_set_new(o, "measure", it->measure ? json_integer(it->measure) : json_null());
  json_object_set_new(o, "status", json_string(it->zStatus));
  json_object_set_new(o, "leader", api_str_or_null(it->zLeader));
  json_object_set_new(o, "lead_unit",
                      it->leadUnitId ? json_pack("{s:I, s:s}", "id", (json_int_t)it->leadUnitId,
                                                 "name", it->zLeadUnit)
                                     : json_null());
  json_object_set_new(o, "cooperating", name_array(it->zCooperating));
  json_object_set_new(o, "deadline", api_str_or_null(it->zDeadline));
  json_object_set_new(o, "progress", it->progress >= 0 ? json_integer(it->progress) : json_null());
  json_object_set_new(o, "warning", api_str_or_null(it->zColour));
  json_object_set_new(o, "public", json_boolean(it->isPublic));
  json_object_set_new(o, "parent", it->parentId ? json_integer(it->parentId) : json_null());
  json_object_set_new(o, "url", json_sprintf("/items/%lld", it->id));
  return o;
}

/* ---- GET /api/v1/items -------------------------------------------------------------------- */

static int list_one(void *ctx, const StoreItem *it) {
  json_array_append_new((json_t *)ctx, item_json(it));
  return 0;
}

void api_items(Req *r) {
  LedgerQuery q;
  if (ledger_query_parse(r, &q)) {
    req_fail(r, 400, q.zError);
    return;
  }
  ApiPage pg;
  if (api_page_params(r, &pg)) return;
  Err e;
  err_clear(&e);
  long long nTotal = 0;
  json_t *a = json_array();
  q.f.limit = (int)pg.limit;
  q.f.offset = (int)pg.offset;
  if (cache_ledger_count(r, &q.f, &nTotal, &e) ||
      store_ledger_list(r->s, &q.f, list_one, a, &e)) {
    json_decref(a);
    req_fail_err(r, &e);
    return;
  }
  api_send_list(r, a, nTotal, &pg);
}

/* ---- GET /api/v1/items/{id} --------------------------------------------------------------- */

static int take_one(void *ctx, const StoreItem *it) {
  json_t **pj = ctx;
  *pj = item_json(it);
  return 1;
}

void api_item(Req *r) {
  Err e;
  err_clear(&e);
  if (auth_item_read(r->s, &r->actor, r->id, &e)) {
    req_fail_err(r, &e);
    return;
  }
  LedgerFilter f = {.itemId = r->id, .all = 1};
  json_t *o = NULL;
  if (store_ledger_list(r->s, &f, take_one, &o, &e)) {
    json_decref(o);
    req_fail_err(r, &e);
    return;
  }
  if (!o) {
    req_fail(r, 404, L(r, "没有这个事项", "no such item"));
    return;
  }
  Buf sentence = BUF_INIT;
  int lineFirst = 0, lineLast = 0;
  if (store_item_source(r->s, r->id, &sentence, &lineFirst, &lineLast, &e)) {
    buf_free(&sentence);
    json_decref(o);
    req_fail_err(r, &e);
    return;
  }
  json_t *jTask = json_object_get(o, "task");
  json_t *jDoc = json_object_get(o, "document");
  if (json_is_integer(jTask)) {
    json_object_set_new(
        o, "source",
        json_pack("{s:O, s:O, s:s, s:[i,i], s:o}", "document", jDoc, "task", jTask, "sentence",
                  buf_str(&sentence), "lines", lineFirst, lineLast, "url",
                  json_sprintf("/documents/%lld#task-%lld", (long long)json_integer_value(jDoc),
                               (long long)json_integer_value(jTask))));
  } else {
    json_object_set_new(o, "source", json_null());
  }
  buf_free(&sentence);
  api_send(r, json_pack("{s:o}", "item", o));
}
