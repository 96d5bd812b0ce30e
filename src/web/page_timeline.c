/*
** The timeline (GET /timeline): a Gantt chart of the ledger's items, grouped by measure, each bar
** from the day the item entered the ledger to its deadline (open-ended for 长期坚持), coloured
** by its worst warning (grey when completed or closed), with its milestones as diamonds
** (reached, open, missed) and a line at today. Filters: ?doc=ID, ?measure=N, ?unit=ID or name
** (items led by that unit or below it); always narrowed to what the person may read
** (auth_scope). At most TIMELINE_PAGE rows are drawn; ?offset= pages through the rest.
**
** Reads the store only through store.h (store_ledger_list, store_items_started,
** store_milestone_list, store_measure_titles) and writes through the escaping writer.
*/
#include "html.h"
#include "svg.h"
#include "web.h"
#include "cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMELINE_PAGE 300

typedef struct TlRow {
  long long id, docId;
  int measure;
  const char *zNumber, *zText, *zStatus, *zColour, *zDeadline;
} TlRow;

typedef struct TlList {
  Req *r;
  TlRow *a;
  int n;
} TlList;

static const char *dup(Req *r, const char *z) {
  return req_strndup(r, z ? z : "", z ? strlen(z) : 0);
}

static int tl_item(void *ctx, const StoreItem *it) {
  TlList *p = ctx;
  TlRow *w = &p->a[p->n++];
  w->id = it->id;
  w->docId = it->docId;
  w->measure = it->measure;
  w->zNumber = dup(p->r, it->zNumber);
  w->zText = dup(p->r, it->zText);
  w->zStatus = dup(p->r, it->zStatus);
  w->zColour = dup(p->r, it->zColour);
  w->zDeadline = dup(p->r, it->zDeadline);
  return p->n == TIMELINE_PAGE;
}

/* Rows in measure order (items without a measure last), ledger order inside a measure. */
static int tl_cmp(const void *a, const void *b) {
  const TlRow *x = a, *y = b;
  if (x->docId != y->docId) return x->docId < y->docId ? -1 : 1;
  int mx = x->measure > 0 ? x->measure : 1 << 30, my = y->measure > 0 ? y->measure : 1 << 30;
  if (mx != my) return mx < my ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct MarkList {
  Req *r;
  GanttMark *a;
  int n, nCap;
} MarkList;

static int tl_mark(void *ctx, const StoreMilestone *m) {
  MarkList *p = ctx;
  Req *r = p->r;
  if (p->n == p->nCap) {
    int nCap = p->nCap ? 2 * p->nCap : 8;
    GanttMark *a = arena_alloc(&r->arena, sizeof *a * (size_t)nCap);
    if (p->n) memcpy(a, p->a, sizeof *a * (size_t)p->n);
    p->a = a;
    p->nCap = nCap;
  }
  GanttMark *g = &p->a[p->n++];
  g->zDate = dup(r, m->zDue);
  if (m->zDoneOn[0]) {
    g->state = GANTT_MARK_REACHED;
    g->zTitle = req_printf(r, L(r, "节点：%s（%s，已于%s完成）", "Milestone: %s (%s, reached %s)"),
                     m->zTitle, m->zDue, m->zDoneOn);
  } else if (strcmp(m->zDue, r->zToday) < 0) {
    g->state = GANTT_MARK_MISSED;
    g->zTitle = req_printf(r, L(r, "节点：%s（%s，逾期未完成）", "Milestone: %s (%s, missed)"),
                     m->zTitle, m->zDue);
  } else {
    g->state = GANTT_MARK_OPEN;
    g->zTitle = req_printf(r, L(r, "节点：%s（%s）", "Milestone: %s (%s)"), m->zTitle, m->zDue);
  }
  return 0;
}

typedef struct TitleList {
  Req *r;
  long long *aDoc;
  int *aMeasure;
  const char **azTitle;
  int n, nCap;
} TitleList;

static int tl_title(void *ctx, const StoreMeasure *m) {
  TitleList *p = ctx;
  if (p->n == p->nCap) {
    int nCap = p->nCap ? 2 * p->nCap : 32;
    long long *aDoc = arena_alloc(&p->r->arena, sizeof *aDoc * (size_t)nCap);
    int *aMeasure = arena_alloc(&p->r->arena, sizeof *aMeasure * (size_t)nCap);
    const char **az = arena_alloc(&p->r->arena, sizeof *az * (size_t)nCap);
    if (p->n) {
      memcpy(aDoc, p->aDoc, sizeof *aDoc * (size_t)p->n);
      memcpy(aMeasure, p->aMeasure, sizeof *aMeasure * (size_t)p->n);
      memcpy(az, p->azTitle, sizeof *az * (size_t)p->n);
    }
    p->aDoc = aDoc;
    p->aMeasure = aMeasure;
    p->azTitle = az;
    p->nCap = nCap;
  }
  p->aDoc[p->n] = m->docId;
  p->aMeasure[p->n] = m->measure;
  p->azTitle[p->n++] = dup(p->r, m->zTitle);
  return 0;
}

static const char *measure_heading(Req *r, const TitleList *t, long long docId, int measure) {
  if (measure <= 0) return L(r, "其他事项", "Other items");
  for (int k = 0; k < t->n; k++) {
    if (t->aDoc[k] == docId && t->aMeasure[k] == measure) {
      return req_printf(r, "（%d）%s", measure, t->azTitle[k]);
    }
  }
  return req_printf(r, L(r, "（%d）", "(%d)"), measure);
}

/* The bar's colour: the worst warning, grey once completed or closed. */
static const char *row_colour(const TlRow *w) {
  if (strcmp(w->zStatus, "已完成") == 0 || strcmp(w->zStatus, "已销号") == 0) return "#9e9e9e";
  return svg_warning_colour(w->zColour);
}

/* The current filters as a query string for the pager (without offset). */
static const char *filter_query(Req *r) {
  Buf b = BUF_INIT;
  static const char *const az[] = {"doc", "measure", "unit"};
  for (size_t k = 0; k < sizeof az / sizeof az[0]; k++) {
    const char *z = req_param(r, az[k]);
    if (!z || !z[0]) continue;
    buf_printf(&b, "%s=", az[k]);
    html_url(&b, z);
    buf_putc(&b, '&');
  }
  const char *zOut = req_strndup(r, buf_str(&b), b.n);
  buf_free(&b);
  return zOut;
}

void page_timeline(Req *r) {
  Err e;
  err_clear(&e);
  LedgerFilter f = {0};
  auth_scope(&r->actor, &f);
  const char *zDoc = req_param(r, "doc"), *zMeasure = req_param(r, "measure");
  const char *zUnit = req_param(r, "unit"), *zOffset = req_param(r, "offset");
  if (zDoc && zDoc[0] && !(f.docId = req_param_id(r, "doc"))) {
    req_fail(r, 400, L(r, "文件编号有误", "doc must be a document id"));
    return;
  }
  if (zMeasure && zMeasure[0]) {
    long long m = req_param_id(r, "measure");
    if (m <= 0 || m > 100000) {
      req_fail(r, 400, L(r, "措施编号有误", "measure must be a positive number"));
      return;
    }
    f.measure = (int)m;
  }
  if (zUnit && zUnit[0] && store_unit_find(r->s, zUnit, &f.unitId, &e)) {
    req_fail_err(r, &e);
    return;
  }
  long long offset = zOffset && zOffset[0] ? req_param_id(r, "offset") : 0;
  if (zOffset && zOffset[0] && strcmp(zOffset, "0") != 0 && offset <= 0) {
    req_fail(r, 400, L(r, "offset 有误", "offset must be a number"));
    return;
  }
  if (offset > 1000000000) offset = 1000000000;
  long long nTotal = 0;
  if (cache_ledger_count(r, &f, &nTotal, &e)) {
    req_fail_err(r, &e);
    return;
  }
  f.limit = TIMELINE_PAGE;
  f.offset = (int)offset;
  TlList list = {r, arena_alloc(&r->arena, sizeof(TlRow) * TIMELINE_PAGE), 0};
  if (store_ledger_list(r->s, &f, tl_item, &list, &e)) {
    req_fail_err(r, &e);
    return;
  }
  qsort(list.a, (size_t)list.n, sizeof *list.a, tl_cmp);
  long long *aId = arena_alloc(&r->arena, sizeof *aId * (size_t)(list.n + 1));
  char(*azStart)[11] = arena_alloc(&r->arena, sizeof *azStart * (size_t)(list.n + 1));
  for (int i = 0; i < list.n; i++) aId[i] = list.a[i].id;
  TitleList titles = {r, NULL, NULL, NULL, 0, 0};
  if (store_items_started(r->s, aId, list.n, azStart, &e) ||
      store_measure_titles(r->s, f.docId, tl_title, &titles, &e)) {
    req_fail_err(r, &e);
    return;
  }
  GanttRow *aRow = arena_alloc(&r->arena, sizeof *aRow * (size_t)(list.n + 1));
  int nMark = 0;
  for (int i = 0; i < list.n; i++) {
    const TlRow *w = &list.a[i];
    MarkList marks = {r, NULL, 0, 0};
    if (store_milestone_list(r->s, w->id, tl_mark, &marks, &e)) {
      req_fail_err(r, &e);
      return;
    }
    nMark += marks.n;
    GanttRow *g = &aRow[i];
    g->zNumber = w->zNumber;
    g->zText = w->zText;
    /* An item entered after its deadline (a ledger set up late) starts with the chart. */
    g->zStart = w->zDeadline[0] && strcmp(azStart[i], w->zDeadline) > 0 ? "" : azStart[i];
    g->zEnd = w->zDeadline;
    g->zColour = row_colour(w);
    g->zHref = req_printf(r, "/items/%lld", w->id);
    g->measure = (int)(w->docId * 1000 + (w->measure > 0 ? w->measure : 999));
    g->zMeasureTitle = measure_heading(r, &titles, w->docId, w->measure);
    g->aMark = marks.a;
    g->nMark = marks.n;
  }

  Buf *b = &r->out;
  page_begin(r, L(r, "时间轴", "Timeline"), "timeline");
  html_printf(b, "<h1>%s</h1>", L(r, "时间轴", "Timeline"));
  html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/timeline\">"
                 "<label>%s<input name=\"doc\" inputmode=\"numeric\" size=\"4\" value=\"%s\"></label>"
                 "<label>%s<input name=\"measure\" inputmode=\"numeric\" size=\"4\" value=\"%s\">"
                 "</label><label>%s<input name=\"unit\" value=\"%s\"></label>"
                 "<button type=\"submit\">%s</button></form>",
              L(r, "文件编号", "Document"), zDoc ? zDoc : "", L(r, "措施", "Measure"),
              zMeasure ? zMeasure : "", L(r, "牵头单位", "Lead unit"), zUnit ? zUnit : "",
              L(r, "筛选", "Filter"));
  html_printf(b, "<section class=\"timeline\">");
  if (nTotal > TIMELINE_PAGE || offset > 0) {
    html_printf(b, L(r, "<p class=\"notice\">共 %lld 项，一张图画不下，分页显示：本页为第 %lld–%lld 项。</p>",
                     "<p class=\"notice\">%lld items are too many for one chart: items %lld–%lld "
                     "are shown.</p>"),
                nTotal, list.n ? offset + 1 : 0, offset + list.n);
  } else {
    html_printf(b, L(r, "<p class=\"muted\">共 %lld 项事项。</p>", "<p class=\"muted\">%lld items.</p>"),
                nTotal);
  }
  Err eg;
  err_clear(&eg);
  svg_gantt(b, aRow, list.n, r->zToday, &eg);  /* a bad date is left out and named below */
  if (eg.code) html_printf(b, "<p class=\"muted\">%s %s</p>", L(r, "注意：", "Note:"), eg.zMsg);
  html_printf(b, "<p class=\"legend\"><span class=\"badge red\">%s</span> "
                 "<span class=\"badge yellow\">%s</span> <span class=\"badge blue\">%s</span> "
                 "<span class=\"badge none\">%s</span> <span class=\"badge\">%s</span> "
                 "%s %d</p>",
              L(r, "红色预警", "red"), L(r, "黄色预警", "yellow"), L(r, "蓝色提醒", "blue"),
              L(r, "正常推进", "on track"), L(r, "已完成或销号", "done or closed"),
              L(r, "◆ 节点（实心：已完成；空心：未到期；红色：逾期）；红线为今天。节点数：",
                "◆ milestones (filled: reached; hollow: open; red: missed); the red line is "
                "today. Milestones:"),
              nMark);
  if (nTotal > TIMELINE_PAGE || offset > 0) {
    const char *zQuery = filter_query(r);
    html_printf(b, "<nav class=\"pager\">");
    if (offset > 0) {
      long long prev = offset > TIMELINE_PAGE ? offset - TIMELINE_PAGE : 0;
      html_printf(b, "<a href=\"/timeline?%soffset=%lld\">%s</a>", zQuery, prev,
                  L(r, "上一页", "Previous"));
    }
    if (offset + list.n < nTotal) {
      html_printf(b, "<a href=\"/timeline?%soffset=%lld\">%s</a>", zQuery, offset + list.n,
                  L(r, "下一页", "Next"));
    }
    html_printf(b, "</nav>");
  }
  html_printf(b, "</section>");
  page_end(r);
}
