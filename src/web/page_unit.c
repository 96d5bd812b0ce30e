/*
** The unit pages: GET /units, the unit tree with each unit's items (led by it or below) and
** their red and yellow warnings, and GET /units/{id}, one unit — its items, the units below it,
** how punctually its reports came in, the warnings on its items, and the requests and
** accountability records touching them.
**
** Counts are always narrowed to the reader's reach (auth_scope): a reporter sees the whole tree
** but counts only their own unit's items. A unit's own page is for supervisors and admins, and
** for reporters and leaders of that unit or a unit above it (auth_unit_read). Every value goes
** through the escaping writer; nothing here writes SQL or decides a rule.
*/
#include "html.h"
#include "page.h"
#include "web.h"
#include "../ledger/deadline.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- a set of item ids ------------------------------------------------------------------- */

typedef struct IdSet {
  long long *a;
  int n, nAlloc;
} IdSet;

static int idset_add_item(void *ctx, const StoreItem *it) {
  IdSet *p = ctx;
  if (p->n == p->nAlloc) {
    p->nAlloc = p->nAlloc ? p->nAlloc * 2 : 64;
    p->a = xrealloc(p->a, sizeof(long long) * (size_t)p->nAlloc);
  }
  p->a[p->n++] = it->id; /* store_ledger_list gives ascending ids within a document */
  return 0;
}

static int id_cmp(const void *pa, const void *pb) {
  long long a = *(const long long *)pa, b = *(const long long *)pb;
  return a < b ? -1 : a > b;
}

static int idset_has(const IdSet *p, long long id) {
  return p->n && bsearch(&id, p->a, (size_t)p->n, sizeof *p->a, id_cmp) != NULL;
}

/* ---- GET /units -------------------------------------------------------------------------- */

typedef struct TreeCtx {
  Req *r;
  int depth;              /* lists open below the top one */
  long long aPath[64];    /* ids of the units open at each depth */
  int bAny;
} TreeCtx;

/* May the reader open the page of the unit whose ancestors-and-self are aPath[0..depth]? */
static int tree_may_open(TreeCtx *t, int depth) {
  const Actor *a = &t->r->actor;
  if (a->role == ROLE_ADMIN || a->role == ROLE_SUPERVISOR) return 1;
  for (int i = 0; i <= depth && i < 64; i++) {
    if (a->unitId && t->aPath[i] == a->unitId) return 1;
  }
  return 0;
}

static void unit_counts_html(Req *r, const StoreUnitCount *c) {
  Buf *b = &r->out;
  html_printf(b, " <span class=\"counts\">%lld %s", c->nItem, L(r, "项", "items"));
  if (c->nRed) html_printf(b, " <span class=\"badge red\">%s %lld</span>", L(r, "红", "red"), c->nRed);
  if (c->nYellow) {
    html_printf(b, " <span class=\"badge yellow\">%s %lld</span>", L(r, "黄", "yellow"),
                c->nYellow);
  }
  html_printf(b, "</span>");
}

static const char *kind_name(Req *r, const char *zKind) {
  static const char *const az[][3] = {{"leadership", "领导机构", "leadership"},
                                      {"department", "部门", "department"},
                                      {"city", "市", "city"},
                                      {"county", "县（市、区）", "county"},
                                      {"other", "其他", "other"}};
  for (size_t i = 0; zKind && i < sizeof az / sizeof az[0]; i++) {
    if (strcmp(zKind, az[i][0]) == 0) return L(r, az[i][1], az[i][2]);
  }
  return zKind ? zKind : "";
}

static int tree_row(void *ctx, const StoreUnitCount *c) {
  TreeCtx *t = ctx;
  Req *r = t->r;
  Buf *b = &r->out;
  int d = c->depth < 63 ? c->depth : 63;
  while (t->depth > d) {
    html_printf(b, "</ul></details></li>");
    t->depth--;
  }
  t->aPath[d] = c->u.id;
  t->bAny = 1;
  html_printf(b, "<li>");
  if (c->nChild) html_printf(b, "<details%s><summary>", d == 0 ? " open" : "");
  if (tree_may_open(t, d)) {
    html_printf(b, "<a href=\"/units/%lld\">%s</a>", c->u.id, c->u.zName);
  } else {
    html_printf(b, "<span>%s</span>", c->u.zName);
  }
  html_printf(b, " <small class=\"muted\">%s</small>", kind_name(r, c->u.zKind));
  unit_counts_html(r, c);
  if (c->nChild) {
    html_printf(b, "</summary><ul>");
    t->depth = d + 1;
  } else {
    html_printf(b, "</li>");
  }
  return 0;
}

void page_units(Req *r) {
  LedgerFilter f = {0};
  auth_scope(&r->actor, &f);
  page_begin(r, L(r, "单位", "Units"), "units");
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1><p class=\"muted\">%s</p><section><ul class=\"unit-tree\">",
              L(r, "单位", "Units"),
              r->actor.role == ROLE_ADMIN || r->actor.role == ROLE_SUPERVISOR
                  ? L(r, "每个单位牵头（含下级单位）的事项数，以及最近一次预警中的红色、黄色预警数。",
                      "Items led by each unit or a unit below it, with the red and yellow "
                      "warnings of the latest run.")
                  : L(r, "只统计您可以查看的事项。", "Counting only the items you may see."));
  TreeCtx t = {.r = r};
  Err e;
  err_clear(&e);
  size_t nMark = b->n;
  if (store_unit_counts(r->s, &f, tree_row, &t, &e)) {
    b->n = nMark;
    req_fail_err(r, &e);
    return;
  }
  while (t.depth > 0) {
    html_printf(b, "</ul></details></li>");
    t.depth--;
  }
  html_printf(b, "</ul>");
  if (!t.bAny) html_printf(b, "<p class=\"muted\">%s</p>", L(r, "还没有单位。", "No units yet."));
  html_printf(b, "</section>");
  page_end(r);
}

/* ---- GET /units/{id} --------------------------------------------------------------------- */

typedef struct UnitPage {
  Req *r;
  IdSet all;              /* every item of the unit in the reader's reach, merged ones too */
  long long nItem;
  long long nDone;        /* 已完成 or 已销号 */
  long long nOnTime, nLate, nMissing;
  long long nRed, nYellow, nBlue;   /* warnings (not items) of the latest run */
  int nRow;
} UnitPage;

static int item_row(void *ctx, const StoreItem *it) {
  UnitPage *p = ctx;
  Req *r = p->r;
  Buf *b = &r->out;
  p->nItem++;
  if (strcmp(it->zStatus, "已完成") == 0 || strcmp(it->zStatus, "已销号") == 0) p->nDone++;
  html_printf(b,
              "<tr><td data-label=\"%s\"><a href=\"/items/%lld\">%s</a></td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
              L(r, "编号", "No."), it->id, it->zNumber, L(r, "事项", "Item"), it->zText,
              L(r, "牵头单位", "Lead unit"), it->zLeadUnit, L(r, "状态", "Status"),
              page_status_name(r, it->zStatus), L(r, "进度", "Progress"));
  if (it->progress >= 0) {
    html_printf(b,
                "<div class=\"bar\" role=\"img\" aria-label=\"%d%%\"><span style=\"width:%d%%\">"
                "</span></div> %d%%",
                it->progress, it->progress, it->progress);
  } else {
    html_printf(b, "<span class=\"muted\">%s</span>", L(r, "未报", "none"));
  }
  char zRecurrence[64];
  html_printf(b, "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
              L(r, "完成时限", "Deadline"),
              deadline_words(it->zDeadline, it->zRecurrence, zRecurrence, sizeof zRecurrence),
              L(r, "预警", "Warning"));
  page__colour_badge(r, it->zColour);
  html_printf(b, "</td></tr>");
  return 0;
}

static int child_row(void *ctx, const StoreUnitCount *c) {
  UnitPage *p = ctx;
  Req *r = p->r;
  if (c->u.parentId != r->id) return 0;
  p->nRow++;
  html_printf(&r->out,
              "<tr><td data-label=\"%s\"><a href=\"/units/%lld\">%s</a></td>"
              "<td data-label=\"%s\">%s</td><td class=\"num\" data-label=\"%s\">%lld</td>"
              "<td class=\"num\" data-label=\"%s\">%lld</td>"
              "<td class=\"num\" data-label=\"%s\">%lld</td></tr>",
              L(r, "单位", "Unit"), c->u.id, c->u.zName, L(r, "类别", "Kind"),
              kind_name(r, c->u.zKind), L(r, "事项", "Items"), c->nItem,
              L(r, "红色预警", "Red"), c->nRed, L(r, "黄色预警", "Yellow"), c->nYellow);
  return 0;
}

static int report_count(void *ctx, const StoreReport *rep) {
  UnitPage *p = ctx;
  if (rep->submissions <= 0 || !idset_has(&p->all, rep->itemId)) return 0;
  if (rep->late) p->nLate++;
  else p->nOnTime++;
  return 0;
}

static int warning_count(void *ctx, const StoreWarning *w) {
  UnitPage *p = ctx;
  if (!idset_has(&p->all, w->itemId)) return 0;
  if (strcmp(w->zRule, "no-report") == 0) p->nMissing++;
  if (strcmp(w->zColour, "red") == 0) p->nRed++;
  else if (strcmp(w->zColour, "yellow") == 0) p->nYellow++;
  else if (strcmp(w->zColour, "blue") == 0) p->nBlue++;
  return 0;
}

static int warning_row(void *ctx, const StoreWarning *w) {
  UnitPage *p = ctx;
  Req *r = p->r;
  if (!idset_has(&p->all, w->itemId)) return 0;
  p->nRow++;
  html_printf(&r->out, "<tr><td data-label=\"%s\">", L(r, "预警", "Warning"));
  page__colour_badge(r, w->zColour);
  html_printf(&r->out,
              "</td><td data-label=\"%s\"><a href=\"/items/%lld\">%s</a></td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\"><code>%s</code></td></tr>",
              L(r, "编号", "No."), w->itemId, w->zNumber, L(r, "说明", "Says"), w->zMessage,
              L(r, "规则", "Rule"), w->zRule);
  return 0;
}

static int request_row(void *ctx, const StoreUnitRequest *q) {
  UnitPage *p = ctx;
  Req *r = p->r;
  if (!idset_has(&p->all, q->r.itemId)) return 0;
  p->nRow++;
  html_printf(&r->out,
              "<tr><td data-label=\"%s\"><a href=\"/items/%lld\">%s</a></td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%.10s</td></tr>",
              L(r, "编号", "No."), q->r.itemId, q->zNumber, L(r, "申请", "Request"),
              page__request_kind(r, q->r.zKind), L(r, "状态", "State"),
              page__request_state(r, q->r.zState), L(r, "理由", "Reason"), q->r.zReason,
              L(r, "提出日期", "Asked on"), q->zRequestedAt);
  return 0;
}

static int accountability_row(void *ctx, const StoreAccountability *a) {
  UnitPage *p = ctx;
  Req *r = p->r;
  if (!idset_has(&p->all, a->itemId)) return 0;
  p->nRow++;
  html_printf(&r->out,
              "<tr><td data-label=\"%s\"><a href=\"/items/%lld\">%s</a></td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\">%.10s</td></tr>",
              L(r, "编号", "No."), a->itemId, a->zNumber, L(r, "措施", "Measure"), a->zKind,
              L(r, "单位", "Unit"), a->zUnit, L(r, "人员", "Person"), a->zPerson,
              L(r, "事由", "Reason"), a->zReason, L(r, "日期", "Date"), a->zRecordedAt);
  return 0;
}

/* Open a section titled zTitle holding a ledger table with nCol column heads (the const char *
** arguments that follow, literals in the page's language). */
static void section_begin(Req *r, const char *zTitle, int nCol, ...) {
  va_list ap;
  va_start(ap, nCol);
  html_printf(&r->out, "<section><h2>%s</h2><table class=\"ledger\"><thead><tr>", zTitle);
  for (int i = 0; i < nCol; i++) html_printf(&r->out, "<th>%s</th>", va_arg(ap, const char *));
  va_end(ap);
  html_printf(&r->out, "</tr></thead><tbody>");
}

/* Close what section_begin opened; zNone (a literal) under the table when it has no row. */
static void section_end(Req *r, long long nRow, const char *zNone) {
  html_printf(&r->out, "</tbody></table>");
  if (nRow == 0) html_printf(&r->out, "<p class=\"muted\">%s</p>", zNone);
  html_printf(&r->out, "</section>");
}

/* The unit's ancestors as links, top first. */
static void breadcrumb(Req *r, const StoreUnit *u) {
  long long aId[32];
  int n = 0;
  long long up = u->parentId;
  Buf strings = BUF_INIT;
  Err e;
  err_clear(&e);
  while (up && n < 32) {
    StoreUnit a;
    buf_reset(&strings);
    if (store_unit_get(r->s, up, &a, &strings, &e)) break;
    aId[n++] = up;
    up = a.parentId;
  }
  html_printf(&r->out, "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/units\">%s</a>",
              L(r, "上级单位", "Parent units"), L(r, "单位", "Units"));
  for (int i = n - 1; i >= 0; i--) {
    StoreUnit a;
    buf_reset(&strings);
    if (store_unit_get(r->s, aId[i], &a, &strings, &e)) break;
    if (auth_unit_read(r->s, &r->actor, aId[i], &e) == 0) {
      html_printf(&r->out, " › <a href=\"/units/%lld\">%s</a>", a.id, a.zName);
    } else {
      html_printf(&r->out, " › <span>%s</span>", a.zName);
    }
  }
  html_printf(&r->out, "</nav>");
  buf_free(&strings);
}

void page_unit(Req *r) {
  Err e;
  err_clear(&e);
  if (auth_unit_read(r->s, &r->actor, r->id, &e)) {
    req_fail_err(r, &e);
    return;
  }
  StoreUnit u;
  Buf strings = BUF_INIT;
  UnitPage p = {.r = r};
  Buf *b = &r->out;
  int rc = store_unit_get(r->s, r->id, &u, &strings, &e);
  if (rc) goto cleanup;

  LedgerFilter fAll = {.unitId = r->id, .all = 1};
  auth_scope(&r->actor, &fAll);
  if ((rc = store_ledger_list(r->s, &fAll, idset_add_item, &p.all, &e))) goto cleanup;
  if (p.all.n) qsort(p.all.a, (size_t)p.all.n, sizeof *p.all.a, id_cmp);
  if ((rc = store_report_list(r->s, 0, report_count, &p, &e))) goto cleanup;
  if ((rc = store_warning_list(r->s, NULL, NULL, warning_count, &p, &e))) goto cleanup;

  page_begin(r, u.zName, "units");
  breadcrumb(r, &u);
  html_printf(b, "<h1>%s <small class=\"muted\">%s</small></h1>", u.zName, kind_name(r, u.zKind));

  /* The items: written first into a side buffer, so the summary above can count them. */
  LedgerFilter f = {.unitId = r->id};
  auth_scope(&r->actor, &f);
  Buf page = *b;
  *b = (Buf)BUF_INIT;
  rc = store_ledger_list(r->s, &f, item_row, &p, &e);
  Buf items = *b;
  *b = page;
  if (rc) {
    buf_free(&items);
    goto cleanup;
  }

  long long nReported = p.nOnTime + p.nLate + p.nMissing;
  html_printf(b, "<div class=\"stats\"><div class=\"stat\"><b>%lld</b>%s</div>"
                 "<div class=\"stat\"><b>%lld</b>%s</div>",
              p.nItem, L(r, "牵头事项（含下级）", "items led (with units below)"), p.nDone,
              L(r, "已完成或销号", "completed or closed"));
  html_printf(b,
              "<div class=\"stat\"><b><span class=\"badge red\">%lld</span> "
              "<span class=\"badge yellow\">%lld</span> <span class=\"badge blue\">%lld</span>"
              "</b>%s</div>",
              p.nRed, p.nYellow, p.nBlue, L(r, "当前预警（红/黄/蓝）", "warnings now (red/yellow/blue)"));
  if (nReported > 0) {
    html_printf(b, "<div class=\"stat punctuality\"><b>%lld%%</b>%s</div></div>",
                (p.nOnTime * 100 + nReported / 2) / nReported, L(r, "按时报送率", "reports on time"));
  } else {
    html_printf(b, "<div class=\"stat punctuality\"><b>—</b>%s</div></div>",
                L(r, "按时报送率", "reports on time"));
  }

  html_printf(b,
              "<section><h2>%s</h2><table class=\"punctuality\"><tr><th>%s</th><th>%s</th>"
              "<th>%s</th><th>%s</th></tr><tr><td class=\"num\" data-on-time=\"%lld\">%lld</td>"
              "<td class=\"num\" data-late=\"%lld\">%lld</td>"
              "<td class=\"num\" data-missing=\"%lld\">%lld</td><td class=\"num\">",
              L(r, "报送及时性", "Report punctuality"), L(r, "按时报送", "on time"),
              L(r, "逾期报送", "late"), L(r, "本期未报（预警）", "missing this period (warnings)"),
              L(r, "按时率", "share on time"), p.nOnTime, p.nOnTime, p.nLate, p.nLate,
              p.nMissing, p.nMissing);
  if (nReported > 0) {
    html_printf(b, "%lld%%", (p.nOnTime * 100 + nReported / 2) / nReported);
  } else {
    html_printf(b, "—");
  }
  html_printf(b, "</td></tr></table><p class=\"muted\">%s</p></section>",
              L(r, "按时、逾期按每份报告首次报送的时间计；未报为最近一次预警中“本期未报送进展”的事项。",
                "On time or late by each report's first submission; missing: items the latest "
                "warnings run found without a report for the period."));

  section_begin(r, L(r, "事项", "Items"), 7,
                L(r, "编号", "No."), L(r, "事项", "Item"),
                L(r, "牵头单位", "Lead unit"), L(r, "状态", "Status"),
                L(r, "进度", "Progress"), L(r, "完成时限", "Deadline"),
                L(r, "预警", "Warning"));
  buf_append(b, items.a ? items.a : "", items.n); /* HTML written by item_row, escaped there */
  buf_free(&items);
  section_end(r, p.nItem, L(r, "没有事项。", "No items."));

  {
    section_begin(r, L(r, "下级单位", "Units below"), 5,
                  L(r, "单位", "Unit"), L(r, "类别", "Kind"),
                  L(r, "事项", "Items"), L(r, "红色预警", "Red"),
                  L(r, "黄色预警", "Yellow"));
    LedgerFilter fCount = {0};
    auth_scope(&r->actor, &fCount);
    p.nRow = 0;
    if ((rc = store_unit_counts(r->s, &fCount, child_row, &p, &e))) goto cleanup;
    section_end(r, p.nRow, L(r, "没有下级单位。", "None."));
  }

  section_begin(r, L(r, "当前预警", "Warnings now"), 4,
                L(r, "预警", "Warning"), L(r, "编号", "No."),
                L(r, "说明", "Says"), L(r, "规则", "Rule"));
  p.nRow = 0;
  if ((rc = store_warning_list(r->s, NULL, NULL, warning_row, &p, &e))) goto cleanup;
  section_end(r, p.nRow, L(r, "没有预警。", "No warnings."));

  section_begin(r, L(r, "申请", "Requests"), 5,
                L(r, "编号", "No."), L(r, "申请", "Request"),
                L(r, "状态", "State"), L(r, "理由", "Reason"),
                L(r, "提出日期", "Asked on"));
  p.nRow = 0;
  if ((rc = store_unit_requests(r->s, r->id, request_row, &p, &e))) goto cleanup;
  section_end(r, p.nRow, L(r, "没有申请。", "No requests."));

  section_begin(r, L(r, "问责记录", "Accountability"), 6,
                L(r, "编号", "No."), L(r, "措施", "Measure"),
                L(r, "单位", "Unit"), L(r, "人员", "Person"),
                L(r, "事由", "Reason"), L(r, "日期", "Date"));
  p.nRow = 0;
  if ((rc = store_unit_accountability(r->s, r->id, accountability_row, &p, &e))) goto cleanup;
  section_end(r, p.nRow, L(r, "没有记录。", "None."));
  page_end(r);

cleanup:
  if (rc) req_fail_err(r, &e);
  buf_free(&strings);
  free(p.all.a);
}
