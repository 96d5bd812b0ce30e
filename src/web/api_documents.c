/*
** The API beside the document pages: GET /api/v1/documents, the imported documents (paged by
** ?limit= and ?offset=), and GET /api/v1/documents/{id}, one document's JSON as stored (the
** contract of DESIGN.md: document, diagnostics, blocks, tasks, targets) inside {"item": …}.
** Documents are public decisions, so any logged-in person may read them; the ledger items
** made from them are read through /api/v1/items, within the reader's reach. Errors go through
** req_fail, which answers the API's error envelope.
*/
#include "web.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX 500

/* Send j (taking the reference) as the response body. */
static void send_json(Req *r, json_t *j) {
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

/* Parameter zName as a whole number in [0, max] into *pOut (kept when absent). 0, or -1 after
** answering 400. */
static int param_count(Req *r, const char *zName, long long max, long long *pOut) {
  const char *z = req_param(r, zName);
  if (!z) return 0;
  long long v = 0;
  size_t n = strlen(z);
  int bad = n == 0 || n > 15;
  for (size_t i = 0; !bad && i < n; i++) {
    if (z[i] < '0' || z[i] > '9') bad = 1;
    else v = v * 10 + (z[i] - '0');
  }
  if (bad) {
    req_fail(r, 400, "limit and offset are whole numbers");
    return -1;
  }
  *pOut = v > max ? max : v;
  return 0;
}

/* The last component of a path: the name a document was imported from, without the server's
** directories. */
static const char *base_name(const char *z) {
  if (!z) return "";
  const char *p = strrchr(z, '/');
  return p ? p + 1 : z;
}

typedef struct ListCtx {
  json_t *a;
  long long n, limit, offset;
} ListCtx;

static int doc_one(void *ctx, const StoreDocRow *d) {
  ListCtx *c = ctx;
  long long i = c->n++;
  if (i < c->offset || i >= c->offset + c->limit) return 0;
  json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s}", "id",
                        (json_int_t)d->id, "title", d->zTitle ? d->zTitle : "", "kind",
                        d->zKind ? d->zKind : "", "sha256", d->zSha256 ? d->zSha256 : "",
                        "file", base_name(d->zFileName), "encoding",
                        d->zEncoding ? d->zEncoding : "", "chars", (json_int_t)d->nChar,
                        "tasks", (json_int_t)d->nTask, "targets", (json_int_t)d->nTarget,
                        "imported_at", d->zImportedAt ? d->zImportedAt : "");
  if (o) {
    json_object_set_new(o, "url", json_sprintf("/documents/%lld", d->id));
    json_array_append_new(c->a, o);
  }
  return 0;
}

void api_documents(Req *r) {
  ListCtx c = {.limit = API_LIMIT_DEFAULT};
  if (param_count(r, "limit", API_LIMIT_MAX, &c.limit) ||
      param_count(r, "offset", 1LL << 40, &c.offset)) {
    return;
  }
  if (c.limit == 0) c.limit = API_LIMIT_DEFAULT;
  c.a = json_array();
  Err e;
  err_clear(&e);
  if (store_doc_list(r->s, doc_one, &c, &e)) {
    json_decref(c.a);
    req_fail_err(r, &e);
    return;
  }
  send_json(r, json_pack("{s:o, s:I, s:I, s:I}", "items", c.a, "total", (json_int_t)c.n, "limit",
                         (json_int_t)c.limit, "offset", (json_int_t)c.offset));
}

void api_document(Req *r) {
  Err e;
  err_clear(&e);
  Buf js = BUF_INIT;
  if (store_doc_json(r->s, r->id, &js, &e)) {
    buf_free(&js);
    req_fail_err(r, &e);
    return;
  }
  json_error_t je;
  json_t *doc = json_loadb(js.a, js.n, 0, &je);
  buf_free(&js);
  if (!doc) {
    req_fail(r, 500, "the stored document is not valid JSON");
    return;
  }
  json_object_set_new(doc, "id", json_integer(r->id));
  send_json(r, json_pack("{s:o}", "item", doc));
}
