/*
** The request handlers: POST /items/{id}/request (extension, close-out, 容错, asked by the
** item's unit) and POST /requests/{id}/decide (approve or reject, by a supervisor). Both hand
** the form's values to the ledger layer (requests.h), which holds every rule: who may ask, an
** extension only before the deadline and to a later date, a close-out only with evidence, the
** conditions of data/rules/tolerance.tsv, a verdict to close and a note to reject. A refusal
** shows the page the form was on again, with the ledger's message and the values typed. The
** decide form they post from is drawn by page_request_parts.c.
*/
#include "html.h"
#include "page.h"
#include "web.h"
#include "../ledger/requests.h"

#include <stdio.h>
#include <string.h>

void page_request_post(Req *r) {
  Err e;
  err_clear(&e);
  const char *zKind = req_param(r, "kind");
  const char *zReason = req_param(r, "reason");
  long long id = 0;
  /* who may ask is answered before anything about the form */
  int rc = auth_item_report(r->s, &r->actor, r->id, &e);
  if (rc) {
    req_fail_err(r, &e);
    return;
  }
  if (zKind && strcmp(zKind, "extension") == 0) {
    const char *zTo = req_param(r, "to");
    rc = request_extension(r->s, &r->actor, r->id, zTo ? zTo : "", r->zToday, zReason, &id, &e);
  } else if (zKind && strcmp(zKind, "closeout") == 0) {
    rc = request_closeout(r->s, &r->actor, r->id, zReason, &id, &e);
  } else if (zKind && strcmp(zKind, "tolerance") == 0) {
    /* the checked conditions, as the command line's --claims lists them */
    Buf claims = BUF_INIT;
    for (int i = 0; i < r->nParam; i++) {
      const Param *p = &r->aParam[i];
      if (!p->bForm || p->zFile || strcmp(p->zName, "claim") != 0) continue;
      if (claims.n) buf_putc(&claims, ',');
      buf_puts(&claims, p->zValue);
    }
    rc = request_tolerance(r->s, &r->actor, r->id, req_param(r, "period"), buf_str(&claims),
                           zReason, &id, &e);
    buf_free(&claims);
  } else {
    rc = err_set(&e, LUOSHI_EINVAL, "kind is extension, closeout or tolerance");
  }
  if (rc == 0) {
    char zTo[64];
    snprintf(zTo, sizeof zTo, "/items/%lld?requested=1", r->id);
    req_redirect(r, zTo);
    return;
  }
  if (e.code == LUOSHI_EDENIED) {
    req_fail_err(r, &e);
    return;
  }
  page__item_show(r, e.zMsg, page__err_status(&e));
}

void page_decide_post(Req *r) {
  Err e;
  err_clear(&e);
  const char *zAction = req_param(r, "action");
  const char *zBack = req_param(r, "back");
  int bItem = zBack && strcmp(zBack, "item") == 0;
  const char *zVerdict = req_param(r, "verdict");
  if (zVerdict && !*zVerdict) zVerdict = NULL;
  int rc;
  if (zAction && (strcmp(zAction, "approve") == 0 || strcmp(zAction, "reject") == 0)) {
    rc = request_decide(r->s, &r->actor, r->id, zAction[0] == 'a', req_param(r, "note"),
                        zVerdict, &e);
  } else {
    rc = err_set(&e, LUOSHI_EINVAL, "action is approve or reject");
  }
  /* the item the request is on, to go back to */
  long long itemId = 0;
  StoreRequest q;
  Buf strings = BUF_INIT;
  Err e2;
  err_clear(&e2);
  if (store_request_get(r->s, r->id, &q, &strings, &e2) == 0) itemId = q.itemId;
  buf_free(&strings);
  if (rc == 0) {
    char zTo[64];
    if (bItem && itemId) snprintf(zTo, sizeof zTo, "/items/%lld?decided=1", itemId);
    else snprintf(zTo, sizeof zTo, "/review?done=decided");
    req_redirect(r, zTo);
    return;
  }
  if (e.code == LUOSHI_EDENIED) {
    req_fail_err(r, &e);
    return;
  }
  if (bItem && itemId) {
    r->id = itemId;
    page__item_show(r, e.zMsg, page__err_status(&e));
  } else {
    page__review_show(r, e.zMsg, page__err_status(&e));
  }
}
