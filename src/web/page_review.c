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
#include "web.h"
#include "../ledger/reports.h"

#include <stdio.h>
#include <string.h>

/* shared with the other pages of the reporting cycle (page_report.c, page_item.c) */
const char *page__report_state(Req *r, const char *zState);
void page__evidence_list(Req *r, long long itemId, long long reportId);
void page__alert(Req *r, const char *zWhat, const char *zMessage);
const char *page__request_kind(Req *r, const char *zKind);
const char *page__request_state(Req *r, const char *zState);
void page__tolerance_checklist(Req *r, const char *zChecklist, int bForm);
/* used by page_requests.c */
void page__review_show(Req *r, const char *zError, int status);

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

static void decide_forms(Req *r, long long id, const char *zKind) {
  Buf *b = &r->out;
  html_printf(b, "<form method=\"post\" action=\"/requests/%lld/decide\" class=\"decide no-print\">",
              id);
  page_csrf_field(r);
  html_printf(b, "<input type=\"hidden\" name=\"back\" value=\"review\">");
  if (strcmp(zKind, "closeout") == 0) {
    html_printf(b,
                "<label>%s<select name=\"verdict\"><option value=\"\">—</option>"
                "<option value=\"achieved\">%s</option><option value=\"partly\">%s</option>"
                "<option value=\"not achieved\">%s</option><option value=\"not verifiable\">%s"
                "</option></select></label> ",
                L(r, "验收结论", "Verdict"), L(r, "已实现", "achieved"),
                L(r, "部分实现", "partly achieved"), L(r, "未实现", "not achieved"),
                L(r, "无法核实", "not verifiable"));
  }
  html_printf(b,
              "<label>%s<input name=\"note\" maxlength=\"2000\"></label> "
              "<button type=\"submit\" name=\"action\" value=\"approve\">%s</button> "
              "<button type=\"submit\" name=\"action\" value=\"reject\">%s</button></form>",
              L(r, "意见（驳回时必填）", "Note (required to reject)"), L(r, "批准", "Approve"),
              L(r, "驳回", "Reject"));
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
  if (*w->r.zNewDeadline) {
    html_printf(b, "<p>%s%s</p>", L(r, "申请延期至 ", "New deadline asked: "), w->r.zNewDeadline);
  }
  if (*w->r.zPeriod) html_printf(b, "<p>%s%s</p>", L(r, "所涉期间 ", "Period: "), w->r.zPeriod);
  if (*w->r.zChecklist) page__tolerance_checklist(r, w->r.zChecklist, 0);
  if (w->r.evidenceReport) {
    html_printf(b, "<p>%s</p>", L(r, "佐证材料：", "Evidence:"));
    page__evidence_list(r, w->r.itemId, w->r.evidenceReport);
  }
  decide_forms(r, w->r.id, w->r.zKind);
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
  page__review_show(r, e.zMsg, e.code == LUOSHI_ENOTFOUND ? 404 : e.code == LUOSHI_ECONFLICT ? 409 : 400);
}
