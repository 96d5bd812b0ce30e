/*
** The reports API beside the report form and the review queue: GET /api/v1/items/{id}/reports
** (an item's reports with their evidence, paged), POST /api/v1/items/{id}/reports (file a
** report, and submit it with "submit": true) and POST /api/v1/reports/{id}/review (accept, or
** return with a reason). The same ledger-layer calls as the pages (report_file, report_submit,
** report_accept, report_return) make the same checks and give the same messages, in the error
** envelope of req_fail. Bodies are JSON (Content-Type application/json), at most
** API_BODY_MAX bytes and API_DEPTH_MAX levels deep; anything else is refused before parsing.
*/
#include "api.h"
#include "web.h"
#include "../ledger/reports.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define API_BODY_MAX ((size_t)1 << 20)
#define API_DEPTH_MAX 32

static int evidence_json(void *ctx, const StoreEvidence *v) {
  json_array_append_new((json_t *)ctx,
                        json_pack("{s:I, s:s, s:s, s:I, s:s, s:o}", "id", (json_int_t)v->id,
                                  "name", v->zName, "sha256", v->zSha256, "bytes",
                                  (json_int_t)v->nByte, "added_at", v->zAddedAt, "url",
                                  json_sprintf("/evidence/%lld", v->id)));
  return 0;
}

/* The JSON of one report, with its evidence files. */
static json_t *report_json(Req *r, const StoreReportRow *w) {
  json_t *ev = json_array();
  Err e;
  err_clear(&e);
  store_evidence_list(r->s, w->r.itemId, w->r.id, evidence_json, ev, &e);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(w->r.id));
  json_object_set_new(o, "item", json_integer(w->r.itemId));
  json_object_set_new(o, "period", json_string(w->r.zPeriod));
  json_object_set_new(o, "unit", w->r.unitId ? json_pack("{s:I, s:s}", "id",
                                                         (json_int_t)w->r.unitId, "name", w->zUnit)
                                             : json_null());
  json_object_set_new(o, "progress", json_integer(w->r.progress));
  json_object_set_new(o, "done", json_string(w->r.zDone));
  json_object_set_new(o, "problems", json_string(w->r.zProblems));
  json_object_set_new(o, "next", json_string(w->r.zNext));
  json_object_set_new(o, "state", json_string(w->r.zState));
  json_object_set_new(o, "reason", api_str_or_null(w->r.zReason));
  json_object_set_new(o, "submissions", json_integer(w->r.submissions));
  json_object_set_new(o, "late", json_boolean(w->r.late));
  json_object_set_new(o, "created_by", json_string(w->zCreatedBy));
  json_object_set_new(o, "submitted_at", api_str_or_null(w->zSubmittedAt));
  json_object_set_new(o, "reviewed_by", api_str_or_null(w->zReviewedBy));
  json_object_set_new(o, "reviewed_at", api_str_or_null(w->zReviewedAt));
  json_object_set_new(o, "evidence", ev);
  json_object_set_new(o, "url", json_sprintf("/items/%lld#report-%lld", w->r.itemId, w->r.id));
  return o;
}

/* ---- GET /api/v1/items/{id}/reports ------------------------------------------------------- */

typedef struct ListCtx {
  Req *r;
  json_t *a;
  ApiPage pg;
  long long wantId;          /* one report only (0: all) */
  json_t *one;
} ListCtx;

static int list_one(void *ctx, const StoreReportRow *w) {
  ListCtx *c = ctx;
  if (c->wantId) {
    if (w->r.id == c->wantId) c->one = report_json(c->r, w);
    return c->one != NULL;
  }
  if (api_page_take(&c->pg)) json_array_append_new(c->a, report_json(c->r, w));
  return 0;
}

void api_item_reports(Req *r) {
  Err e;
  err_clear(&e);
  if (auth_item_read(r->s, &r->actor, r->id, &e)) {
    req_fail_err(r, &e);
    return;
  }
  ListCtx c = {.r = r};
  if (api_page_params(r, &c.pg)) return;
  c.a = json_array();
  if (store_item_reports(r->s, r->id, list_one, &c, &e)) {
    json_decref(c.a);
    req_fail_err(r, &e);
    return;
  }
  api_send_list(r, c.a, c.pg.n, &c.pg);
}

/* Answer {"item": report reportId of item itemId}. */
static void send_report(Req *r, long long itemId, long long reportId, int status) {
  Err e;
  err_clear(&e);
  ListCtx c = {.r = r, .wantId = reportId};
  if (store_item_reports(r->s, itemId, list_one, &c, &e) || !c.one) {
    if (e.code == 0) err_set(&e, LUOSHI_ENOTFOUND, "no report %lld", reportId);
    req_fail_err(r, &e);
    return;
  }
  r->status = status;
  api_send(r, json_pack("{s:o}", "item", c.one));
}

/* ---- JSON bodies --------------------------------------------------------------------------- */

/* The body as a JSON object, or NULL after answering 400/413/415. */
static json_t *read_body(Req *r) {
  if (!r->zContentType || strncasecmp(r->zContentType, "application/json", 16) != 0) {
    req_fail(r, 415, "send the body as JSON with Content-Type: application/json");
    return NULL;
  }
  if (r->nBody > API_BODY_MAX) {
    req_fail(r, 413, "the JSON body is larger than 1 MB");
    return NULL;
  }
  /* Nesting, counted outside strings before anything is built from it. */
  int depth = 0, bString = 0;
  for (size_t i = 0; i < r->nBody; i++) {
    char ch = r->aBody[i];
    if (bString) {
      if (ch == '\\') i++;
      else if (ch == '"') bString = 0;
    } else if (ch == '"') {
      bString = 1;
    } else if (ch == '[' || ch == '{') {
      if (++depth > API_DEPTH_MAX) {
        req_fail(r, 400, "the JSON body is nested more than 32 levels deep");
        return NULL;
      }
    } else if (ch == ']' || ch == '}') {
      depth--;
    }
  }
  json_error_t je;
  json_t *j = r->aBody ? json_loadb(r->aBody, r->nBody, JSON_REJECT_DUPLICATES, &je) : NULL;
  if (!j) {
    char zMsg[300];
    if (r->aBody) {
      snprintf(zMsg, sizeof zMsg, "the body is not valid JSON: %s (line %d, column %d)", je.text,
               je.line, je.column);
    } else {
      snprintf(zMsg, sizeof zMsg, "the body is empty: send a JSON object");
    }
    req_fail(r, 400, zMsg);
    return NULL;
  }
  if (!json_is_object(j)) {
    json_decref(j);
    req_fail(r, 400, "the body must be a JSON object");
    return NULL;
  }
  return j;
}

/* Field zName of o as a string into *pz (NULL when absent or null). 0, or -1 after 400. */
static int field_string(Req *r, json_t *o, const char *zName, const char **pz) {
  json_t *v = json_object_get(o, zName);
  *pz = NULL;
  if (!v || json_is_null(v)) return 0;
  if (!json_is_string(v)) {
    char zMsg[128];
    snprintf(zMsg, sizeof zMsg, "\"%s\" must be a string", zName);
    req_fail(r, 400, zMsg);
    return -1;
  }
  if (strlen(json_string_value(v)) != json_string_length(v)) {
    char zMsg[128];
    snprintf(zMsg, sizeof zMsg, "\"%s\" holds a NUL character", zName);
    req_fail(r, 400, zMsg);
    return -1;
  }
  *pz = json_string_value(v);
  return 0;
}

/* ---- POST /api/v1/items/{id}/reports ------------------------------------------------------- */

void api_report_post(Req *r) {
  Err e;
  err_clear(&e);
  /* who may report is answered before anything about the body */
  if (auth_item_report(r->s, &r->actor, r->id, &e)) {
    req_fail_err(r, &e);
    return;
  }
  json_t *j = read_body(r);
  if (!j) return;
  StoreReport rep;
  memset(&rep, 0, sizeof rep);
  rep.itemId = r->id;
  json_t *p = json_object_get(j, "progress");
  json_t *sub = json_object_get(j, "submit");
  if (field_string(r, j, "period", &rep.zPeriod) || field_string(r, j, "done", &rep.zDone) ||
      field_string(r, j, "problems", &rep.zProblems) || field_string(r, j, "next", &rep.zNext)) {
    json_decref(j);
    return;
  }
  if (!rep.zPeriod || !p || !json_is_integer(p)) {
    json_decref(j);
    req_fail(r, 400, "\"period\" (a string) and \"progress\" (a whole number) are required");
    return;
  }
  if (sub && !json_is_boolean(sub) && !json_is_null(sub)) {
    json_decref(j);
    req_fail(r, 400, "\"submit\" must be true or false");
    return;
  }
  json_int_t progress = json_integer_value(p);
  rep.progress = progress < -1 || progress > 1000 ? -1 : (int)progress;
  long long id = 0;
  int rc = report_file(r->s, &r->actor, &rep, &id, &e);
  if (rc == 0 && json_is_true(sub)) rc = report_submit(r->s, &r->actor, id, &e);
  json_decref(j);
  if (rc) {
    req_fail_err(r, &e);
    return;
  }
  send_report(r, r->id, id, 200);
}

/* ---- POST /api/v1/reports/{id}/review ------------------------------------------------------ */

void api_report_review(Req *r) {
  Err e;
  err_clear(&e);
  json_t *j = read_body(r);
  if (!j) return;
  const char *zAction = NULL, *zReason = NULL;
  if (field_string(r, j, "action", &zAction) || field_string(r, j, "reason", &zReason)) {
    json_decref(j);
    return;
  }
  int rc;
  if (zAction && strcmp(zAction, "accept") == 0) {
    rc = report_accept(r->s, &r->actor, r->id, &e);
  } else if (zAction && strcmp(zAction, "return") == 0) {
    rc = report_return(r->s, &r->actor, r->id, zReason, &e);
  } else {
    rc = err_set(&e, LUOSHI_EINVAL, "\"action\" is \"accept\" or \"return\"");
  }
  json_decref(j);
  StoreReport rep;
  Buf strings = BUF_INIT;
  if (rc == 0) rc = store_report_get(r->s, r->id, &rep, &strings, &e);
  long long itemId = rc == 0 ? rep.itemId : 0;
  buf_free(&strings);
  if (rc) {
    req_fail_err(r, &e);
    return;
  }
  send_report(r, itemId, r->id, 200);
}
