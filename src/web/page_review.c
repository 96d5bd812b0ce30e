/*
** The supervisors' review queue (/review): every submitted report, the longest waiting first,
** with what was done, problems, next steps and its evidence, each with an accept form and a
** return form (a return needs a reason); and the pending requests (extension, close-out, 容错)
** with approve and reject forms. The forms post to page_review_post and page_decide_post
** (page_requests.c), which call the ledger layer (report_accept, report_return,
** request_decide) and come back here with a notice; a refusal shows this page again with the
** ledger's message. The route admits supervisors and admins only.
*/
#include "html.h"
#include "page.h"
#include "web.h"
#include "../ledger/reports.h"

#include <stdio.h>
#include <string.h>

typedef struct QueueCtx {
  Req *r;
  int n;
} QueueCtx;

static int queue_row(void *ctx, const StoreReportRow *w) {
  QueueCtx *c = ctx;
  Req *r = c->r;
  Buf *b = &r->out;
  c->n++;
  html_printf(b,
              "<article class=\"card review\" id=\"report-%lld\"><h3><a href=\"/items/%lld\">%s</a> "
              "%s</h3><p class=\"muted\">%s · %s %s · %s %d%%",
              w->r.id, w->r.itemId, w->zNumber, w->zItemText, w->zUnit,
              L(r, "报告期", "period"), w->r.zPeriod, L(r, "进度", "progress"), w->r.progress);
  if (w->r.late) html_printf(b, " <span class=\"badge red\">%s</span>", L(r, "迟报", "late"));
  if (w->r.submissions > 1) {
    html_printf(b, " <span class=\"badge yellow\">%s%d%s</span>", L(r, "第", "resubmitted, "),
                w->r.submissions, L(r, "次提交", " submissions"));
  }
  html_printf(b, " · %s %s</p>", L(r, "提交于", "submitted"), w->zSubmittedAt);
  html_printf(b,
              "<dl class=\"report\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
              "<dd>%s</dd></dl>",
              L(r, "完成情况", "Done"), w->r.zDone, L(r, "存在问题", "Problems"), w->r.zProblems,
              L(r, "下步打算", "Next steps"), w->r.zNext);
  page__evidence_list(r, w->r.itemId, w->r.id);
  html_printf(b, "<div class=\"actions no-print\"><form method=\"post\" action=\"/reports/%lld/review\" "
                 "class=\"inline\">",
              w->r.id);
  page_csrf_field(r);
  html_printf(b,
              "<button type=\"submit\" name=\"action\" value=\"accept\">%s</button></form> "
              "<form method=\"post\" action=\"/reports/%lld/review\" class=\"return\">",
              L(r, "审核通过", "Accept"), w->r.id);
  page_csrf_field(r);
  html_printf(b,
              "<label class=\"field\">%s<textarea name=\"reason\" required maxlength=\"20000\">"
              "</textarea></label><button type=\"submit\" name=\"action\" value=\"return\">%s"
              "</button></form></div></article>",
              L(r, "退回原因（必填）", "Reason for returning (required)"),
              L(r, "退回修改", "Return"));
  return 0;
}

static int pending_row(void *ctx, const StoreRequestRow *w) {
  QueueCtx *c = ctx;
  Req *r = c->r;
  Buf *b = &r->out;
  c->n++;
  html_printf(b,
              "<article class=\"card request\" id=\"request-%lld\"><h3>%s · <a href=\"/items/%lld\">"
              "%s</a> %s</h3><p class=\"muted\">%s %s %s %s</p><p>%s</p>",
              w->r.id, page__request_kind(r, w->r.zKind), w->r.itemId, w->zNumber, w->zItemText,
              w->zUnit, w->zRequestedBy, L(r, "申请于", "asked on"), w->zRequestedAt,
              w->r.zReason);
  page__request_facts(r, &w->r);
  if (w->r.evidenceReport) {
    html_printf(b, "<p>%s</p>", L(r, "佐证材料：", "Evidence:"));
    page__evidence_list(r, w->r.itemId, w->r.evidenceReport);
  }
  page__decide_form(r, w->r.id, w->r.zKind, "review");
  html_printf(b, "</article>");
  return 0;
}

static void notices(Req *r) {
  const char *z = req_param(r, "done");
  if (!z) return;
  const char *zMsg = strcmp(z, "accepted") == 0   ? L(r, "报告已审核通过。", "The report was accepted.")
                     : strcmp(z, "returned") == 0 ? L(r, "报告已退回。", "The report was returned.")
                     : strcmp(z, "decided") == 0  ? L(r, "已作出决定。", "The decision was recorded.")
                                                  : NULL;
  if (zMsg) html_printf(&r->out, "<p class=\"notice\" role=\"status\">%s</p>", zMsg);
}

void page__review_show(Req *r, const char *zError, int status) {
  Err e;
  err_clear(&e);
  if (auth_supervise(&r->actor, &e)) {
    req_fail_err(r, &e);
    return;
  }
  page_begin(r, L(r, "审核", "Review"), "review");
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1>", L(r, "审核", "Review"));
  if (zError) page__alert(r, L(r, "未能办理：", "Refused: "), zError);
  else notices(r);
  html_printf(b, "<section id=\"queue\"><h2>%s</h2>", L(r, "待审核的报告", "Reports to review"));
  QueueCtx c = {r, 0};
  store_review_queue(r->s, queue_row, &c, &e);
  if (c.n == 0) html_printf(b, "<p class=\"muted\">%s</p>", L(r, "没有待审核的报告。", "Nothing to review."));
  html_printf(b, "</section><section id=\"pending\"><h2>%s</h2>",
              L(r, "待决定的申请", "Requests to decide"));
  c.n = 0;
  store_request_rows(r->s, 0, "pending", pending_row, &c, &e);
  if (c.n == 0) html_printf(b, "<p class=\"muted\">%s</p>", L(r, "没有待决定的申请。", "No pending requests."));
  html_printf(b, "</section>");
  page_end(r);
  if (status) r->status = status;
}

void page_review(Req *r) { page__review_show(r, NULL, 0); }

void page_review_post(Req *r) {
  Err e;
  err_clear(&e);
  const char *zAction = req_param(r, "action");
  int rc;
  if (zAction && strcmp(zAction, "accept") == 0) {
    rc = report_accept(r->s, &r->actor, r->id, &e);
  } else if (zAction && strcmp(zAction, "return") == 0) {
    rc = report_return(r->s, &r->actor, r->id, req_param(r, "reason"), &e);
  } else {
    rc = err_set(&e, LUOSHI_EINVAL, "action is accept or return");
  }
  if (rc == 0) {
    req_redirect(r, zAction[0] == 'a' ? "/review?done=accepted" : "/review?done=returned");
    return;
  }
  if (e.code == LUOSHI_EDENIED) {
    req_fail_err(r, &e);
    return;
  }
  page__review_show(r, e.zMsg, page__err_status(&e));
}
