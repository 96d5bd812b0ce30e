/*
** The request handlers: POST /items/{id}/request (extension, close-out, 容错, asked by the
** item's unit) and POST /requests/{id}/decide (approve or reject, by a supervisor). Both hand
** the form's values to the ledger layer (requests.h), which holds every rule: who may ask, an
** extension only before the deadline and to a later date, a close-out only with evidence, the
** conditions of data/rules/tolerance.tsv, a verdict to close and a note to reject. A refusal
** shows the page the form was on again, with the ledger's message and the values typed.
**
** Also what the item page and the review queue both draw of a request: its facts and the
** decide form (page.h), so that the form and the handler it posts to sit side by side.
*/
#include "html.h"
#include "page.h"
#include "web.h"
#include "../ledger/requests.h"

#include <stdio.h>
#include <string.h>

int page__err_status(const Err *e) {
  return e->code == LUOSHI_ENOTFOUND   ? 404
         : e->code == LUOSHI_ECONFLICT ? 409
         : e->code == LUOSHI_EIO       ? 503
                                       : 400;
}

void page__request_facts(Req *r, const StoreRequest *q) {
  Buf *b = &r->out;
  if (*q->zNewDeadline) {
    html_printf(b, "<p>%s%s</p>", L(r, "申请延期至 ", "New deadline asked: "), q->zNewDeadline);
  }
  if (*q->zPeriod) html_printf(b, "<p>%s%s</p>", L(r, "所涉期间 ", "Period: "), q->zPeriod);
  if (*q->zChecklist) page__tolerance_checklist(r, q->zChecklist, 0);
}

const char *page__verdict_name(Req *r, const char *zVerdict) {
  if (!zVerdict) return "";
  if (strcmp(zVerdict, "achieved") == 0) return L(r, "已实现", "achieved");
  if (strcmp(zVerdict, "partly") == 0) return L(r, "部分实现", "partly achieved");
  if (strcmp(zVerdict, "not achieved") == 0) return L(r, "未实现", "not achieved");
  if (strcmp(zVerdict, "not verifiable") == 0) return L(r, "无法核实", "not verifiable");
  return zVerdict;
}

void page__decide_form(Req *r, long long requestId, const char *zKind, const char *zBack) {
  Buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"/requests/%lld/decide\" class=\"decide no-print\">",
              requestId);
  page_csrf_field(r);
  html_printf(b, "<input type=\"hidden\" name=\"back\" value=\"%s\">", zBack);
  if (strcmp(zKind, "closeout") == 0) {
    html_printf(b,
                "<label>%s<select name=\"verdict\"><option value=\"\">—</option>"
                "<option value=\"achieved\">%s</option><option value=\"partly\">%s</option>"
                "<option value=\"not achieved\">%s</option>"
                "<option value=\"not verifiable\">%s</option></select></label> ",
                L(r, "验收结论", "Verdict"), page__verdict_name(r, "achieved"),
                page__verdict_name(r, "partly"), page__verdict_name(r, "not achieved"),
                page__verdict_name(r, "not verifiable"));
  }
  html_printf(b,
              "<label>%s<input name=\"note\" maxlength=\"2000\"></label> "
              "<button type=\"submit\" name=\"action\" value=\"approve\">%s</button> "
              "<button type=\"submit\" name=\"action\" value=\"reject\">%s</button></form>",
              L(r, "意见（驳回时必填）", "Note (required to reject)"), L(r, "批准", "Approve"),
              L(r, "驳回", "Reject"));
}

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
