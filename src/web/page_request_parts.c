/*
** What the item page and the review queue both draw of a request (declared in page.h): its
** facts beyond the reason (new deadline, period, the tolerance checklist), the words for a
** close-out verdict, and the approve/reject form that posts to /requests/{id}/decide
** (page_requests.c); also the status a refused POST is answered with. Drawing only: every
** fragment writes through the escaping writer into r->out and decides nothing.
*/
#include "html.h"
#include "page.h"
#include "web.h"
#include "../base/data.h"
#include "../extract/tsv.h"

#include <jansson.h>
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

/* The conditions of data/rules/tolerance.tsv: as checkboxes named "claim" (bForm), or, with
** zChecklist (the JSON a request recorded), as a list saying which were claimed met. */
void page__tolerance_checklist(Req *r, const char *zChecklist, int bForm) {
  size_t n = 0;
  const char *z = data_get("rules/tolerance.tsv", &n);
  if (!z) return;
  json_t *check = zChecklist && *zChecklist ? json_loads(zChecklist, 0, NULL) : NULL;
  html_printf(&r->out, bForm ? "<fieldset class=\"checklist\"><legend>%s</legend>"
                             : "<ul class=\"checklist\" aria-label=\"%s\">",
              L(r, "容错条件（逐条说明是否符合）", "Conditions (state each one met)"));
  TsvIter it;
  TsvRow row;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &row)) {
    if (row.nField < 2) continue;
    char zKey[64], zText[256];
    tsv_copy(zKey, sizeof zKey, &row, 0);
    tsv_copy(zText, sizeof zText, &row, 1);
    if (bForm) {
      const char *zSel = NULL;
      for (int i = 0; i < r->nParam; i++) {
        if (r->aParam[i].bForm && strcmp(r->aParam[i].zName, "claim") == 0 &&
            strcmp(r->aParam[i].zValue, zKey) == 0) {
          zSel = " checked";
        }
      }
      html_printf(&r->out,
                  "<label><input type=\"checkbox\" name=\"claim\" value=\"%s\"%s> %s</label>",
                  zKey, zSel ? zSel : "", zText);
    } else {
      json_t *v = check ? json_object_get(check, zKey) : NULL;
      html_printf(&r->out, "<li>%s %s</li>",
                  json_is_true(v) ? L(r, "✔ 符合：", "✔ met: ") : L(r, "✘ 未说明符合：", "✘ not claimed: "),
                  zText);
    }
  }
  html_printf(&r->out, bForm ? "</fieldset>" : "</ul>");
  json_decref(check);
}
