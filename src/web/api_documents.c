/*
** The API beside the document pages: GET /api/v1/documents, the imported documents (paged by
** ?limit= and ?offset=), and GET /api/v1/documents/{id}, one document's JSON as stored (the
** contract of DESIGN.md: document, diagnostics, blocks, tasks, targets) inside {"item": …}.
** Documents are public decisions, so any logged-in person may read them; the ledger items
** made from them are read through /api/v1/items, within the reader's reach. Errors go through
** req_fail, which answers the API's error envelope.
*/
#include "api.h"
#include "web.h"

#include <string.h>

/* The last component of a path: the name a document was imported from, without the server's
** directories. */
static const char *base_name(const char *z) {
  if (!z) return "";
  const char *p = strrchr(z, '/');
  return p ? p + 1 : z;
}

typedef struct ListCtx {
  json_t *a;
  ApiPage pg;
} ListCtx;

static int doc_one(void *ctx, const StoreDocRow *d) {
  ListCtx *c = ctx;
  if (!api_page_take(&c->pg)) return 0;
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
  ListCtx c = {0};
  if (api_page_params(r, &c.pg)) return;
  c.a = json_array();
  Err e;
  err_clear(&e);
  if (store_doc_list(r->s, doc_one, &c, &e)) {
    json_decref(c.a);
    req_fail_err(r, &e);
    return;
  }
  api_send_list(r, c.a, c.pg.n, &c.pg);
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
  api_send(r, json_pack("{s:o}", "item", doc));
}
