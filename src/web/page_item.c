/*
** The item page (/items/{id}): one ledger item with everything known about it — the sentence
** of the decision that ordered it, highlighted in its paragraph; its assignment, milestones,
** targets with their trajectory, cascade sub-items; every report with its evidence; the
** warnings of the latest run with the rule that fired and the facts it used; requests and
** decisions; accountability records; and its whole history from the audit chain (全程留痕).
**
** Who sees what: auth_item_read decides whether the page opens at all. Supervisors get the
** action forms (publish, decide a pending request); whoever may report on the item
** (auth_item_report) gets the report link and the request forms. The forms post to handlers
** that call the ledger layer, which checks again; this page only decides what to offer.
** Also the publish handler (POST /items/{id}/publish).
*/
#include "html.h"
#include "page.h"
#include "svg.h"
#include "web.h"
#include "../ledger/calendar.h"
#include "../ledger/deadline.h"
#include "../ledger/reports.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(Req *r, const char *zKind) {
  static const char *const az[][3] = {
      {"deliverable", "出台文件", "deliverable"}, {"project", "项目建设", "project"},
      {"reform", "改革事项", "reform"},           {"campaign", "专项行动", "campaign"},
      {"institution", "机制制度", "institution"}, {"support", "支持事项", "support"},
      {"target", "目标指标", "target"},           {"other", "其他", "other"}};
  for (size_t i = 0; zKind && i < sizeof az / sizeof az[0]; i++) {
    if (strcmp(zKind, az[i][0]) == 0) return L(r, az[i][1], az[i][2]);
  }
  return zKind ? zKind : "";
}


/* ---- the source sentence ----------------------------------------------------------------- */

static void source_section(Req *r, const StoreItemDetail *d) {
  Buf *b = &r->out;
  html_printf(b, "<section id=\"source\"><h2>%s</h2>", L(r, "原文出处", "Source"));
  /* a rectification row: the inspection's finding that its measure answers */
  if (*d->zProblem) {
    html_printf(b, "<p class=\"problem\"><strong>%s</strong>%s</p>",
                L(r, "反馈问题：", "Problem found: "), d->zProblem);
  }
  if (!d->taskId || !*d->zBlockText) {
    html_printf(b, "<p class=\"muted\">%s</p></section>",
                L(r, "手工添加的事项，没有原文出处。", "Added by hand: no source sentence."));
    return;
  }
  const char *zMark = *d->zSentence ? d->zSentence : d->zTaskText;
  const char *zAt = *zMark ? strstr(d->zBlockText, zMark) : NULL;
  if (!zAt && *d->zTaskText) {
    zMark = d->zTaskText;
    zAt = strstr(d->zBlockText, zMark);
  }
  html_printf(b, "<blockquote class=\"source\">");
  if (zAt) {
    html_textn(b, d->zBlockText, (size_t)(zAt - d->zBlockText));
    html_printf(b, "<mark>");
    html_text(b, zMark);
    html_printf(b, "</mark>");
    html_text(b, zAt + strlen(zMark));
  } else {
    html_text(b, d->zBlockText);
    if (*zMark) html_printf(b, "<br><mark>%s</mark>", zMark);
  }
  html_printf(b, "</blockquote><p><a href=\"/documents/%lld#task-%lld\">%s</a> <span "
                 "class=\"muted\">%s%s%s</span></p></section>",
              d->docId, d->taskId, L(r, "在原文中查看", "See it in the document"),
              d->zDocTitle, *d->zMeasureTitle ? " · " : "", d->zMeasureTitle);
}

/* ---- assignment --------------------------------------------------------------------------- */

static void assignment_section(Req *r, const PageItem *p, const StoreItemDetail *d) {
  Buf *b = &r->out;
  const StoreItem *it = &p->it;
  html_printf(b, "<section id=\"assignment\"><h2>%s</h2><dl class=\"facts\">",
              L(r, "责任分工", "Assignment"));
  html_printf(b, "<dt>%s</dt><dd>%s</dd>", L(r, "责任领导", "Responsible leader"),
              *it->zLeader ? it->zLeader : L(r, "未指定", "not assigned"));
  html_printf(b, "<dt>%s</dt><dd>", L(r, "牵头单位", "Lead unit"));
  if (it->leadUnitId) {
    html_printf(b, "<a href=\"/units/%lld\">%s</a>", it->leadUnitId, it->zLeadUnit);
  } else {
    html_printf(b, "%s", L(r, "未指定", "not assigned"));
  }
  html_printf(b, "</dd><dt>%s</dt><dd>%s</dd>", L(r, "配合单位", "Cooperating units"),
              *it->zCooperating ? it->zCooperating : L(r, "无", "none"));
  char zRecurrence[64];
  html_printf(b, "<dt>%s</dt><dd>%s</dd>", L(r, "完成时限", "Deadline"),
              deadline_words(it->zDeadline, it->zRecurrence, zRecurrence, sizeof zRecurrence));
  const char *zCycle = strcmp(d->zCycle, "quarter") == 0 ? L(r, "按季报送", "quarterly")
                       : strcmp(d->zCycle, "month") == 0 ? L(r, "按月报送", "monthly")
                                                         : L(r, "按月报送（默认）", "monthly (default)");
  html_printf(b, "<dt>%s</dt><dd>%s", L(r, "报送周期", "Report cycle"), zCycle);
  if (d->reportDay) {
    html_printf(b, L(r, "，期末月 %d 日前", ", by day %d of the period's last month"),
                d->reportDay);
  }
  html_printf(b, "</dd><dt>%s</dt><dd>", L(r, "总体进度", "Progress"));
  page__progress(r, it->progress, NULL, L(r, "尚无报告", "no report yet"));
  html_printf(b, "</dd>");
  if (*d->zParentNumber) {
    html_printf(b, "<dt>%s</dt><dd><a href=\"/items/%lld\">%s</a></dd>",
                L(r, "上级事项", "Split from"), it->parentId, d->zParentNumber);
  }
  if (d->mergedInto) {
    html_printf(b, "<dt>%s</dt><dd><a href=\"/items/%lld\">%lld</a></dd>",
                L(r, "已合并到", "Merged into"), d->mergedInto, d->mergedInto);
  }
  html_printf(b, "<dt>%s</dt><dd>%s</dd></dl></section>", L(r, "列入台账", "In the ledger since"),
              d->zCreatedAt);
}

/* ---- milestones ---------------------------------------------------------------------------- */

typedef struct RowCtx {
  Req *r;
  int n;
  const char *zCaption;
} RowCtx;

static int milestone_row(void *ctx, const StoreMilestone *m) {
  RowCtx *c = ctx;
  Req *r = c->r;
  if (c->n++ == 0) {
    html_printf(&r->out,
                "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>",
                L(r, "节点时间", "Due"), L(r, "节点内容", "Milestone"), L(r, "完成情况", "State"));
  }
  html_printf(&r->out, "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                       "<td data-label=\"%s\">",
              L(r, "节点时间", "Due"), m->zDue, L(r, "节点内容", "Milestone"), m->zTitle,
              L(r, "完成情况", "State"));
  if (*m->zDoneOn) {
    html_printf(&r->out, "<span class=\"badge none\">%s %s</span>", L(r, "已完成", "reached"),
                m->zDoneOn);
  } else if (strcmp(m->zDue, r->zToday) < 0) {
    html_printf(&r->out, "<span class=\"badge red\">%s</span>", L(r, "逾期未完成", "missed"));
  } else {
    html_printf(&r->out, "<span class=\"badge\">%s</span>", L(r, "未到期", "open"));
  }
  html_printf(&r->out, "</td></tr>");
  return 0;
}

static void milestones_section(Req *r) {
  html_printf(&r->out, "<section id=\"milestones\"><h2>%s</h2>", L(r, "节点", "Milestones"));
  RowCtx c = {r, 0, NULL};
  Err e;
  err_clear(&e);
  store_milestone_list(r->s, r->id, milestone_row, &c, &e);
  if (c.n) html_printf(&r->out, "</tbody></table>");
  else html_printf(&r->out, "<p class=\"muted\">%s</p>", L(r, "未设节点。", "No milestones."));
  html_printf(&r->out, "</section>");
}

/* ---- targets with their trajectory --------------------------------------------------------- */

/* A date as a fractional year (2019-07-01 is about 2019.5), NAN when it is no date. */
static double year_of(const char *z) {
  long d;
  if (!z || svg_date_day(z, &d)) return 0.0 / 0.0;
  int y = (int)strtol(z, NULL, 10);
  char zJan[11];
  snprintf(zJan, sizeof zJan, "%04d-01-01", y);
  long d0;
  if (svg_date_day(zJan, &d0)) return 0.0 / 0.0;
  return y + (double)(d - d0) / 365.25;
}

typedef struct Values {
  double aX[256], aY[256];
  int n;
} Values;

static int keep_value(void *ctx, double value, const char *zAsOf) {
  Values *v = ctx;
  if (v->n >= 256) return 1;
  v->aX[v->n] = year_of(zAsOf);
  v->aY[v->n] = value;
  v->n++;
  return 0;
}

static int target_block(void *ctx, const StoreTarget *t) {
  RowCtx *c = ctx;
  Req *r = c->r;
  Buf *b = &r->out;
  c->n++;
  html_printf(b, "<div class=\"target\"><h3>%s</h3><p>%s %g%s（%s）→ %s %g%s（%s）", t->zName,
              L(r, "基线", "baseline"), t->baseline, t->zUnit, t->zBaselineDate,
              L(r, "目标", "target"), t->target, t->zUnit, t->zTargetDate);
  if (t->hasValue) {
    html_printf(b, L(r, "；最新 %g%s（%s）", "; latest %g%s (%s)"), t->value, t->zUnit, t->zAsOf);
  }
  html_printf(b, "</p>");
  Values *v = calloc(1, sizeof *v);
  Err e;
  err_clear(&e);
  store_target_values(r->s, t->id, keep_value, v, &e);
  double aPX[2] = {year_of(t->zBaselineDate), year_of(t->zTargetDate)};
  double aPY[2] = {t->baseline, t->target};
  ChartSeries aS[2] = {
      {L(r, "规划", "planned"), NULL, aPX, aPY, 2, 1},
      {L(r, "实际", "reported"), NULL, v->aX, v->aY, v->n, 0},
  };
  svg_line_chart(b, aS, 2, t->zUnit, &e);
  free(v);
  html_printf(b, "</div>");
  return 0;
}

static void targets_section(Req *r) {
  size_t nBefore = r->out.n;
  html_printf(&r->out, "<section id=\"targets\"><h2>%s</h2>", L(r, "指标", "Targets"));
  RowCtx c = {r, 0, NULL};
  Err e;
  err_clear(&e);
  store_target_list(r->s, r->id, target_block, &c, &e);
  if (c.n == 0) { /* no section for an item without targets */
    r->out.n = nBefore;
    r->out.a[nBefore] = 0;
    return;
  }
  html_printf(&r->out, "</section>");
}

/* ---- cascade -------------------------------------------------------------------------------- */

static int node_row(void *ctx, const StoreNode *n) {
  RowCtx *c = ctx;
  Req *r = c->r;
  if (n->depth == 0) return 0;
  if (c->n++ == 0) {
    html_printf(&r->out,
                "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                L(r, "编号", "No."), L(r, "牵头单位", "Lead unit"), L(r, "权重", "Weight"),
                L(r, "状态", "Status"), L(r, "进度", "Progress"));
  }
  html_printf(&r->out,
              "<tr><td data-label=\"%s\"><a href=\"/items/%lld\">%s</a></td>"
              "<td data-label=\"%s\">%s</td><td class=\"num\" data-label=\"%s\">%g</td>"
              "<td data-label=\"%s\">%s</td><td class=\"num\" data-label=\"%s\">",
              L(r, "编号", "No."), n->id, n->zNumber, L(r, "牵头单位", "Lead unit"), n->zLeadUnit,
              L(r, "权重", "Weight"), n->weight, L(r, "状态", "Status"),
              page_status_name(r, n->zStatus), L(r, "进度", "Progress"));
  if (n->progress >= 0) html_printf(&r->out, "%d%%", n->progress);
  else html_printf(&r->out, "—");
  html_printf(&r->out, "</td></tr>");
  return 0;
}

static void cascade_section(Req *r) {
  size_t nBefore = r->out.n;
  html_printf(&r->out, "<section id=\"cascade\"><h2>%s</h2>",
              L(r, "分解事项（一级带一级）", "Sub-items (cascade)"));
  RowCtx c = {r, 0, NULL};
  Err e;
  err_clear(&e);
  store_item_subtree(r->s, r->id, node_row, &c, &e);
  if (c.n == 0) {
    r->out.n = nBefore;
    r->out.a[nBefore] = 0;
    return;
  }
  html_printf(&r->out, "</tbody></table></section>");
}

/* ---- reports -------------------------------------------------------------------------------- */

static int report_row(void *ctx, const StoreReportRow *w) {
  RowCtx *c = ctx;
  Req *r = c->r;
  Buf *b = &r->out;
  if (c->n++ == 0) {
    html_printf(b,
                "<table class=\"ledger reports\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                L(r, "报告期", "Period"), L(r, "单位", "Unit"), L(r, "状态", "State"),
                L(r, "进度", "Progress"), L(r, "内容", "Report"), L(r, "佐证材料", "Evidence"));
  }
  html_printf(b,
              "<tr id=\"report-%lld\"><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\"><span class=\"badge state-%s\">%s</span>",
              w->r.id, L(r, "报告期", "Period"), w->r.zPeriod, L(r, "单位", "Unit"), w->zUnit,
              L(r, "状态", "State"), w->r.zState, page__report_state(r, w->r.zState));
  if (w->r.late) html_printf(b, " <span class=\"badge red\">%s</span>", L(r, "迟报", "late"));
  html_printf(b, "<br><span class=\"muted\">%s%d</span>", L(r, "提交次数 ", "submissions: "),
              w->r.submissions);
  if (*w->zSubmittedAt) {
    html_printf(b, "<br><span class=\"muted\">%s %s</span>", L(r, "提交于", "submitted"),
                w->zSubmittedAt);
  }
  if (*w->zReviewedBy) {
    html_printf(b, "<br><span class=\"muted\">%s %s %s</span>", L(r, "审核", "reviewed by"),
                w->zReviewedBy, w->zReviewedAt);
  }
  html_printf(b,
              "</td><td class=\"num\" data-label=\"%s\">%d%%</td><td data-label=\"%s\">"
              "<dl class=\"report\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
              "<dd>%s</dd></dl>",
              L(r, "进度", "Progress"), w->r.progress, L(r, "内容", "Report"),
              L(r, "完成情况", "Done"), w->r.zDone, L(r, "存在问题", "Problems"), w->r.zProblems,
              L(r, "下步打算", "Next steps"), w->r.zNext);
  if (*w->r.zReason) {
    html_printf(b, "<p class=\"notice red\"><b>%s</b> %s</p>", L(r, "退回原因：", "Returned:"),
                w->r.zReason);
  }
  html_printf(b, "</td><td data-label=\"%s\">", L(r, "佐证材料", "Evidence"));
  page__evidence_list(r, w->r.itemId, w->r.id);
  html_printf(b, "</td></tr>");
  return 0;
}

static void reports_section(Req *r, int bMayReport) {
  Buf *b = &r->out;
  html_printf(b, "<section id=\"reports\"><h2>%s</h2>", L(r, "进展报告", "Reports"));
  if (bMayReport) {
    html_printf(b, "<p class=\"no-print\"><a class=\"button\" href=\"/items/%lld/report\">%s</a></p>",
                r->id, L(r, "填报本期进展", "Report this period's progress"));
  }
  RowCtx c = {r, 0, NULL};
  Err e;
  err_clear(&e);
  store_item_reports(r->s, r->id, report_row, &c, &e);
  if (c.n) html_printf(b, "</tbody></table>");
  else html_printf(b, "<p class=\"muted\">%s</p>", L(r, "尚无报告。", "No reports yet."));
  html_printf(b, "</section>");
}

/* ---- warnings -------------------------------------------------------------------------------- */

static int warning_row(void *ctx, const StoreWarning *w) {
  RowCtx *c = ctx;
  Req *r = c->r;
  if (w->itemId != r->id) return 0;
  if (c->n++ == 0) {
    html_printf(&r->out,
                "<p class=\"muted\">%s %s · %s %s</p><table class=\"ledger\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                L(r, "预警日期", "As of"), w->zAsOf, L(r, "规则版本", "rules version"),
                w->zVersion, L(r, "预警", "Warning"), L(r, "规则", "Rule"),
                L(r, "说明", "Message"), L(r, "依据数据", "Facts used"));
  }
  html_printf(&r->out, "<tr><td data-label=\"%s\">", L(r, "预警", "Warning"));
  page__colour_badge(r, w->zColour);
  html_printf(&r->out,
              "</td><td data-label=\"%s\"><code>%s</code></td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\"><code class=\"data\">%s</code></td></tr>",
              L(r, "规则", "Rule"), w->zRule, L(r, "说明", "Message"), w->zMessage,
              L(r, "依据数据", "Facts used"), w->zData);
  return 0;
}

static void warnings_section(Req *r) {
  html_printf(&r->out, "<section id=\"warnings\"><h2>%s</h2>", L(r, "预警", "Warnings"));
  RowCtx c = {r, 0, NULL};
  Err e;
  err_clear(&e);
  store_warning_list(r->s, NULL, NULL, warning_row, &c, &e);
  if (c.n) html_printf(&r->out, "</tbody></table>");
  else html_printf(&r->out, "<p class=\"muted\">%s</p>",
                   L(r, "最近一次预警计算中没有预警。", "No warning in the latest run."));
  html_printf(&r->out, "</section>");
}

/* ---- requests and decisions ------------------------------------------------------------------ */

typedef struct ReqCtx {
  Req *r;
  int n;
  int bSupervise;
} ReqCtx;

static int request_row(void *ctx, const StoreRequestRow *w) {
  ReqCtx *c = ctx;
  Req *r = c->r;
  Buf *b = &r->out;
  c->n++;
  html_printf(b,
              "<article class=\"request\" id=\"request-%lld\"><h3>%s <span class=\"badge\">%s"
              "</span></h3><p>%s</p>",
              w->r.id, page__request_kind(r, w->r.zKind), page__request_state(r, w->r.zState),
              w->r.zReason);
  page__request_facts(r, &w->r);
  if (w->r.evidenceReport) {
    html_printf(b, "<p><a href=\"#report-%lld\">%s</a></p>", w->r.evidenceReport,
                L(r, "佐证材料所在报告", "The report holding the evidence"));
  }
  html_printf(b, "<p class=\"muted\">%s %s %s %s", w->zUnit, w->zRequestedBy,
              L(r, "申请于", "asked on"), w->zRequestedAt);
  if (*w->zDecidedBy) {
    html_printf(b, " · %s %s %s", w->zDecidedBy, L(r, "决定于", "decided on"), w->zDecidedAt);
  }
  html_printf(b, "</p>");
  if (*w->zNote) html_printf(b, "<p>%s%s</p>", L(r, "决定意见：", "Decision note: "), w->zNote);
  if (c->bSupervise && strcmp(w->r.zState, "pending") == 0) page__decide_form(r, w->r.id, w->r.zKind, "item");
  html_printf(b, "</article>");
  return 0;
}

static void request_forms(Req *r, const StoreItem *it) {
  Buf *b = &r->out;
  const char *zv;
  html_printf(b, "<details class=\"no-print\"%s><summary>%s</summary>",
              req_param(r, "kind") ? " open" : "",
              L(r, "提出申请（延期、销号、容错）", "Ask for an extension, close-out or fault tolerance"));
  /* extension: only while the deadline is ahead (the ledger layer refuses afterwards) */
  if (*it->zDeadline && strcmp(r->zToday, it->zDeadline) <= 0) {
    zv = req_param(r, "to");
    html_printf(b,
                "<form method=\"post\" action=\"/items/%lld/request\" class=\"request\">"
                "<h3>%s</h3><input type=\"hidden\" name=\"kind\" value=\"extension\">",
                r->id, L(r, "延期申请", "Extension"));
    page_csrf_field(r);
    html_printf(b,
                "<label>%s<input type=\"date\" name=\"to\" required value=\"%s\"></label>"
                "<label class=\"field\">%s<textarea name=\"reason\" required>%s</textarea></label>"
                "<button type=\"submit\">%s</button></form>",
                L(r, "延期至", "New deadline"), zv ? zv : "", L(r, "理由", "Reason"),
                req_param(r, "kind") && strcmp(req_param(r, "kind"), "extension") == 0
                    ? req_param(r, "reason") : "",
                L(r, "提交延期申请", "Ask for the extension"));
  } else if (*it->zDeadline) {
    html_printf(b, "<p class=\"muted\">%s</p>",
                L(r, "完成时限已过，不能再申请延期。", "The deadline has passed: no extension can be asked."));
  }
  int bKind;
  bKind = req_param(r, "kind") && strcmp(req_param(r, "kind"), "closeout") == 0;
  html_printf(b,
              "<form method=\"post\" action=\"/items/%lld/request\" class=\"request\">"
              "<h3>%s</h3><input type=\"hidden\" name=\"kind\" value=\"closeout\">",
              r->id, L(r, "销号申请", "Close-out"));
  page_csrf_field(r);
  html_printf(b,
              "<p class=\"muted\">%s</p><label class=\"field\">%s<textarea name=\"reason\" "
              "required>%s</textarea></label><button type=\"submit\">%s</button></form>",
              L(r, "须先在报告中上传佐证材料。", "Needs evidence attached to a report first."),
              L(r, "完成情况说明", "Reason"), bKind ? req_param(r, "reason") : "",
              L(r, "提交销号申请", "Ask to close the item"));
  bKind = req_param(r, "kind") && strcmp(req_param(r, "kind"), "tolerance") == 0;
  zv = bKind ? req_param(r, "period") : NULL;
  html_printf(b,
              "<form method=\"post\" action=\"/items/%lld/request\" class=\"request\">"
              "<h3>%s</h3><input type=\"hidden\" name=\"kind\" value=\"tolerance\">",
              r->id, L(r, "容错申请", "Fault tolerance"));
  page_csrf_field(r);
  html_printf(b, "<label>%s<input name=\"period\" required placeholder=\"2019-03 / 2019Q1\" "
                 "value=\"%s\"></label>",
              L(r, "所涉期间", "Period"), zv ? zv : "");
  page__tolerance_checklist(r, NULL, 1);
  html_printf(b,
              "<label class=\"field\">%s<textarea name=\"reason\" required>%s</textarea></label>"
              "<button type=\"submit\">%s</button></form></details>",
              L(r, "情况说明", "Reason"), bKind ? req_param(r, "reason") : "",
              L(r, "提交容错申请", "Ask for fault tolerance"));
}

static void requests_section(Req *r, const StoreItem *it, int bMayReport) {
  html_printf(&r->out, "<section id=\"requests\"><h2>%s</h2>",
              L(r, "申请与决定", "Requests and decisions"));
  ReqCtx c = {r, 0, auth_supervise(&r->actor, NULL) == 0};
  Err e;
  err_clear(&e);
  store_request_rows(r->s, r->id, NULL, request_row, &c, &e);
  if (c.n == 0) html_printf(&r->out, "<p class=\"muted\">%s</p>", L(r, "暂无申请。", "No requests."));
  if (bMayReport) request_forms(r, it);
  html_printf(&r->out, "</section>");
}

/* ---- accountability -------------------------------------------------------------------------- */

static int accountability_row(void *ctx, const StoreAccountability *a) {
  RowCtx *c = ctx;
  Req *r = c->r;
  if (c->n++ == 0) {
    html_printf(&r->out,
                "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>",
                L(r, "方式", "Kind"), L(r, "对象", "Whom"), L(r, "事由", "Reason"),
                L(r, "时间", "When"));
  }
  html_printf(&r->out,
              "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s%s%s</td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
              L(r, "方式", "Kind"), a->zKind, L(r, "对象", "Whom"), a->zUnit,
              *a->zUnit && *a->zPerson ? " · " : "", a->zPerson, L(r, "事由", "Reason"),
              a->zReason, L(r, "时间", "When"), a->zRecordedAt);
  return 0;
}

static void accountability_section(Req *r) {
  size_t nBefore = r->out.n;
  html_printf(&r->out, "<section id=\"accountability\"><h2>%s</h2>",
              L(r, "问责记录", "Accountability"));
  RowCtx c = {r, 0, NULL};
  Err e;
  err_clear(&e);
  store_item_accountability(r->s, r->id, accountability_row, &c, &e);
  if (c.n == 0) {
    r->out.n = nBefore;
    r->out.a[nBefore] = 0;
    return;
  }
  html_printf(&r->out, "</tbody></table></section>");
}

/* ---- history --------------------------------------------------------------------------------- */

static const char *action_name(Req *r, const char *z) {
  static const char *const az[][3] = {
      {"save", "保存报告", "saved"},       {"submitted", "提交报告", "submitted"},
      {"accepted", "审核通过", "accepted"}, {"returned", "退回报告", "returned"},
      {"add", "添加", "added"},            {"assign", "分配责任", "assigned"},
      {"status", "状态变化", "status"},     {"publish", "公开", "published"},
      {"unpublish", "取消公开", "unpublished"}, {"request", "提出申请", "requested"},
      {"approve", "批准申请", "approved"},  {"reject", "驳回申请", "rejected"},
      {"reach", "节点完成", "reached"},     {"report", "报送指标值", "value reported"},
      {"record", "问责记录", "recorded"},   {"escalate", "督办", "escalated"},
      {"deliver", "通知送达", "delivered"}, {"fail", "通知失败", "delivery failed"},
      {"split", "分解", "split"},           {"edit", "修改", "edited"},
      {"renumber", "重新编号", "renumbered"}, {"merge", "合并", "merged"},
      {"cycle", "设置报送周期", "cycle set"}, {"reopen", "重新打开", "reopened"}};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    if (strcmp(z, az[i][0]) == 0) return L(r, az[i][1], az[i][2]);
  }
  return z;
}

static const char *entity_name(Req *r, const char *z) {
  static const char *const az[][3] = {
      {"item", "事项", "item"},         {"report", "报告", "report"},
      {"evidence", "佐证材料", "evidence"}, {"milestone", "节点", "milestone"},
      {"target", "指标", "target"},     {"request", "申请", "request"},
      {"extension", "延期申请", "extension"}, {"closeout", "销号申请", "close-out"},
      {"tolerance", "容错申请", "fault tolerance"}, {"accountability", "问责", "accountability"},
      {"notice", "督办通知", "notice"}};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    if (strcmp(z, az[i][0]) == 0) return L(r, az[i][1], az[i][2]);
  }
  return z;
}

static int history_row(void *ctx, const StoreAuditEntry *a) {
  RowCtx *c = ctx;
  Req *r = c->r;
  if (c->n++ == 0) {
    html_printf(&r->out,
                "<table class=\"ledger history\"><thead><tr><th>#</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                L(r, "时间", "When"), L(r, "操作人", "Who"), L(r, "操作", "What"),
                L(r, "内容", "Details"));
  }
  html_printf(&r->out,
              "<tr><td class=\"num\" data-label=\"#\">%lld</td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s · %s %lld</td>"
              "<td data-label=\"%s\">",
              a->seq, L(r, "时间", "When"), a->zAt, L(r, "操作人", "Who"), a->zActor,
              L(r, "操作", "What"), action_name(r, a->zAction), entity_name(r, a->zEntity),
              a->entityId, L(r, "内容", "Details"));
  if (*a->zBefore) html_printf(&r->out, "<code class=\"data\">%s</code> → ", a->zBefore);
  html_printf(&r->out, "<code class=\"data\">%s</code></td></tr>", a->zAfter);
  return 0;
}

static void history_section(Req *r) {
  html_printf(&r->out, "<section id=\"history\"><h2>%s</h2>",
              L(r, "全程留痕", "History (audit chain)"));
  RowCtx c = {r, 0, NULL};
  Err e;
  err_clear(&e);
  store_item_history(r->s, r->id, history_row, &c, &e);
  if (c.n) html_printf(&r->out, "</tbody></table>");
  else html_printf(&r->out, "<p class=\"muted\">%s</p>", L(r, "无记录。", "No entries."));
  html_printf(&r->out, "</section>");
}

/* ---- the page ---------------------------------------------------------------------------- */

static void notices(Req *r) {
  static const char *const az[][3] = {
      {"saved", "报告草稿已保存。", "The draft was saved."},
      {"submitted", "报告已提交，等待审核。", "The report was submitted for review."},
      {"requested", "申请已提交。", "The request was sent."},
      {"decided", "已作出决定。", "The decision was recorded."},
      {"published", "公开状态已更新。", "The public page was updated."}};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    const char *z = req_param(r, az[i][0]);
    if (z && strcmp(z, "1") == 0) {
      html_printf(&r->out, "<p class=\"notice\" role=\"status\">%s</p>", L(r, az[i][1], az[i][2]));
    }
  }
}

void page__item_show(Req *r, const char *zError, int status) {
  Err e;
  err_clear(&e);
  if (auth_item_read(r->s, &r->actor, r->id, &e)) {
    req_fail_err(r, &e);
    return;
  }
  PageItem p;
  memset(&p, 0, sizeof p);
  StoreItemDetail d;
  Buf strings = BUF_INIT;
  LedgerFilter f = {.itemId = r->id, .all = 1};
  if (store_ledger_list(r->s, &f, page__keep_item, &p, &e) || !p.found ||
      store_item_detail(r->s, r->id, &d, &strings, &e)) {
    if (e.code == 0) err_set(&e, LUOSHI_ENOTFOUND, "no ledger item %lld", r->id);
    req_fail_err(r, &e);
    goto cleanup;
  }
  const StoreItem *it = &p.it;
  int bSupervise = auth_supervise(&r->actor, NULL) == 0;
  int bMayReport = auth_item_report(r->s, &r->actor, r->id, NULL) == 0;
  Buf title = BUF_INIT;
  buf_printf(&title, "%s %s", it->zNumber, it->zText);
  page_begin(r, buf_str(&title), "ledger");
  buf_free(&title);
  Buf *b = &r->out;
  if (zError) page__alert(r, L(r, "未能办理：", "Refused: "), zError);
  else notices(r);
  html_printf(b,
              "<p class=\"muted\"><a href=\"/ledger\">%s</a> › %s</p><h1><span class=\"number\">"
              "%s</span> %s</h1><p class=\"badges\"><span class=\"badge\">%s</span> "
              "<span class=\"badge status\">%s</span> <span class=\"badge %s\">%s</span>",
              L(r, "台账", "Ledger"), d.zDocTitle, it->zNumber, it->zText,
              kind_name(r, it->zKind), page_status_name(r, it->zStatus),
              page_colour_class(it->zColour), page_colour_name(r, it->zColour));
  if (*d.zVerdict) {
    html_printf(b, " <span class=\"badge\">%s%s</span>", L(r, "验收：", "verdict: "),
                page__verdict_name(r, d.zVerdict));
  }
  if (it->isPublic) html_printf(b, " <span class=\"badge blue\">%s</span>", L(r, "已公开", "public"));
  html_printf(b, "</p>");
  if (bSupervise) {
    html_printf(b, "<form method=\"post\" action=\"/items/%lld/publish\" class=\"inline no-print\">",
                r->id);
    page_csrf_field(r);
    html_printf(b,
                "<input type=\"hidden\" name=\"public\" value=\"%d\"><button type=\"submit\">%s"
                "</button></form>",
                it->isPublic ? 0 : 1,
                it->isPublic ? L(r, "取消公开", "Take off the public page")
                             : L(r, "在公开页面发布", "Show on the public page"));
  }
  source_section(r, &d);
  assignment_section(r, &p, &d);
  milestones_section(r);
  targets_section(r);
  cascade_section(r);
  reports_section(r, bMayReport);
  warnings_section(r);
  requests_section(r, it, bMayReport);
  accountability_section(r);
  history_section(r);
  page_end(r);
  if (status) r->status = status;
cleanup:
  buf_free(&p.strings);
  buf_free(&strings);
}

void page_item(Req *r) { page__item_show(r, NULL, 0); }

void page_item_publish(Req *r) {
  Err e;
  err_clear(&e);
  const char *z = req_param(r, "public");
  int bPublic = z && strcmp(z, "1") == 0;
  if (auth_supervise(&r->actor, &e) ||
      store_item_publish(r->s, r->actor.zLogin, r->id, bPublic, &e)) {
    req_fail_err(r, &e);
    return;
  }
  char zTo[64];
  snprintf(zTo, sizeof zTo, "/items/%lld?published=1", r->id);
  req_redirect(r, zTo);
}
