/*
** 挂图作战, the dashboard (GET /): the province map coloured by the worst warning of each
** prefecture-level division's items, and beside it the counts by status and by warning colour,
** progress by measure, this month's deadlines and the late and missing reports. Everything is
** narrowed to what the person may read (auth_scope) and, with ?doc=ID, to one document; every
** count links to the ledger list that shows the same items (/ledger?place=, ?status=,
** ?warning=, ?measure=).
**
** The map is drawn by svg_map from the embedded basemap, or from the file LUOSHI_BASEMAP names
** (the same TSV format) when set: a basemap that cannot be read or parsed gives a notice and the
** embedded one. This file reads the store only through store.h and writes only through the
** escaping writer.
*/
#include "html.h"
#include "page.h"
#include "svg.h"
#include "web.h"
#include "cache.h"

#include "../base/data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DASH_LIST_MAX 15          /* rows of the deadline and late-report lists */
#define DASH_BASEMAP_MAX (32 * 1024 * 1024)

/* "&doc=N" when one document is chosen, else "". */
static const char *doc_query(Req *r, long long docId) {
  return docId ? req_printf(r, "&doc=%lld", docId) : "";
}

/* ---- the basemap's divisions: code and name, in the basemap's order ------------------------ */

typedef struct Division {
  char zCode[8];
  const char *zName;          /* in the request's arena */
  const StoreCounts *pCounts; /* NULL when it has no item */
} Division;

typedef struct DivList {
  Division *a;
  int n, nCap;
} DivList;

/* Read the code and name of each line of a basemap text (see svg_map). */
static void divisions_read(Req *r, const char *z, DivList *p) {
  while (z && *z) {
    const char *zEnd = strchr(z, '\n');
    size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
    const char *zTab = memchr(z, '\t', n);
    if (z[0] != '#' && zTab && zTab - z == 6) {
      const char *zName = zTab + 1;
      const char *zTab2 = memchr(zName, '\t', n - (size_t)(zName - z));
      if (zTab2) {
        if (p->n == p->nCap) {
          p->nCap = p->nCap ? 2 * p->nCap : 32;
          Division *a = arena_alloc(&r->arena, sizeof *a * (size_t)p->nCap);
          if (p->n) memcpy(a, p->a, sizeof *a * (size_t)p->n);
          p->a = a;
        }
        Division *d = &p->a[p->n++];
        memcpy(d->zCode, z, 6);
        d->zCode[6] = 0;
        d->zName = req_strndup(r, zName, (size_t)(zTab2 - zName));
        d->pCounts = NULL;
      }
    }
    z = zEnd ? zEnd + 1 : NULL;
  }
}

/* ---- counts per division -------------------------------------------------------------------- */

typedef struct DivStats {
  Req *r;
  char (*aCode)[8];
  StoreCounts *a;
  int n, nCap;
} DivStats;

static int division_row(void *ctx, const char *zCode, const StoreCounts *c) {
  DivStats *p = ctx;
  if (p->n == p->nCap) {
    int nCap = p->nCap ? 2 * p->nCap : 64;
    char(*aCode)[8] = arena_alloc(&p->r->arena, sizeof *aCode * (size_t)nCap);
    StoreCounts *a = arena_alloc(&p->r->arena, sizeof *a * (size_t)nCap);
    if (p->n) {
      memcpy(aCode, p->aCode, sizeof *aCode * (size_t)p->n);
      memcpy(a, p->a, sizeof *a * (size_t)p->n);
    }
    p->aCode = aCode;
    p->a = a;
    p->nCap = nCap;
  }
  snprintf(p->aCode[p->n], 8, "%s", zCode);
  p->a[p->n++] = *c;
  return 0;
}

/* The warning level that colours a division: its worst warning. */
static const char *division_level(const StoreCounts *c) {
  if (!c || c->nItem == 0) return NULL;
  if (c->nRed) return "red";
  if (c->nYellow) return "yellow";
  if (c->nBlue) return "blue";
  return "";
}

static const char *division_label(Req *r, const StoreCounts *c) {
  const char *zLevel = division_level(c);
  if (!zLevel) return NULL;
  if (strcmp(zLevel, "red") == 0) return req_printf(r, L(r, "%lld项 · %lld红", "%lld · %lld red"),
                                              c->nItem, c->nRed);
  if (strcmp(zLevel, "yellow") == 0) {
    return req_printf(r, L(r, "%lld项 · %lld黄", "%lld · %lld yellow"), c->nItem, c->nYellow);
  }
  if (strcmp(zLevel, "blue") == 0) return req_printf(r, L(r, "%lld项 · %lld蓝", "%lld · %lld blue"),
                                               c->nItem, c->nBlue);
  return req_printf(r, L(r, "%lld项", "%lld items"), c->nItem);
}

/* ---- the map ---------------------------------------------------------------------------------- */

/* The basemap text the person's office chose (LUOSHI_BASEMAP), or NULL for the embedded one;
** a problem is explained in zNotice. */
static const char *basemap_custom(Req *r, Buf *pText, const char **pzNotice) {
  const char *zPath = getenv("LUOSHI_BASEMAP");
  if (!zPath || !zPath[0]) return NULL;
  if (buf_read_file(pText, zPath, DASH_BASEMAP_MAX)) {
    *pzNotice = req_printf(r, L(r, "无法读取底图文件 %s（%s），已改用内置底图。",
                          "The basemap %s cannot be read (%s); the built-in map is shown."),
                     zPath, strerror(errno));
    return NULL;
  }
  const char *z = buf_str(pText);
  while (*z == ' ' || *z == '\n' || *z == '\r' || *z == '\t') z++;
  if (*z == '{' || *z == '[') {
    /* GeoJSON: the same projection as the built-in map's, into the basemap text. */
    Buf tsv = BUF_INIT;
    Err e;
    err_clear(&e);
    int rc = svg_geojson_to_tsv(pText->a, pText->n, &tsv, &e);
    buf_reset(pText);
    if (rc) {
      buf_free(&tsv);
      *pzNotice = req_printf(r, L(r, "底图文件 %s 有误（%s），已改用内置底图。",
                                  "The basemap %s is malformed (%s); the built-in map is shown."),
                             zPath, e.zMsg);
      return NULL;
    }
    buf_append(pText, tsv.a ? tsv.a : "", tsv.n);
    buf_free(&tsv);
  }
  return buf_str(pText);
}

static void map_section(Req *r, const DivStats *ds, long long docId) {
  Buf custom = BUF_INIT, svg = BUF_INIT;
  const char *zNotice = NULL;
  const char *zGeo = basemap_custom(r, &custom, &zNotice);
  DivList dl = {0};
  MapFill *aFill = NULL;
  Err e;
  err_clear(&e);
  for (int pass = 0; pass < 2; pass++) {
    dl.n = 0;
    if (zGeo) {
      divisions_read(r, zGeo, &dl);
    } else {
      size_t nByte;
      divisions_read(r, data_get("geo/sichuan-prefectures.tsv", &nByte), &dl);
    }
    aFill = arena_alloc(&r->arena, sizeof *aFill * (size_t)(dl.n + 1));
    for (int i = 0; i < dl.n; i++) {
      Division *d = &dl.a[i];
      for (int k = 0; k < ds->n; k++) {
        if (strcmp(ds->aCode[k], d->zCode) == 0) d->pCounts = &ds->a[k];
      }
      const StoreCounts *c = d->pCounts;
      const char *zLevel = division_level(c);
      MapFill *f = &aFill[i];
      f->code = (int)strtol(d->zCode, NULL, 10);
      f->zColour = zLevel ? svg_warning_colour(zLevel) : NULL;
      f->zLabel = division_label(r, c);
      f->zHref = req_printf(r, "/ledger?place=%s%s", d->zCode, doc_query(r, docId));
      f->zTitle = c ? req_printf(r, L(r, "%s：%lld项；红色预警%lld，黄色%lld，蓝色%lld；已完成或销号%lld，滞后%lld",
                                "%s: %lld items; red %lld, yellow %lld, blue %lld; done %lld, "
                                "behind %lld"),
                           d->zName, c->nItem, c->nRed, c->nYellow, c->nBlue,
                           c->aStatus[2] + c->aStatus[3], c->aStatus[4])
                    : req_printf(r, L(r, "%s：暂无事项", "%s: no items"), d->zName);
    }
    if (svg_map(&svg, aFill, dl.n, zGeo, 1, &e) == 0) break;
    if (!zGeo) {
      zNotice = req_printf(r, L(r, "地图无法绘制：%s", "The map cannot be drawn: %s"), e.zMsg);
      dl.n = 0;
      break;
    }
    zNotice = req_printf(r, L(r, "底图文件 %s 有误（%s），已改用内置底图。",
                        "The basemap %s is malformed (%s); the built-in map is shown."),
                   getenv("LUOSHI_BASEMAP"), e.zMsg);
    zGeo = NULL;
    err_clear(&e);
  }

  Buf *b = &r->out;
  html_printf(b, "<section class=\"dash-map\"><h2>%s</h2>", L(r, "全省挂图", "The province"));
  if (zNotice) html_printf(b, "<p class=\"notice red\" role=\"alert\">%s</p>", zNotice);
  /* The checkbox precedes the map so that CSS alone can hide the zones (luoshi.css); the
  ** script of luoshi.js toggles them too. */
  html_printf(b,
              "<input type=\"checkbox\" id=\"zones-toggle\" class=\"no-print\">"
              "<label for=\"zones-toggle\" class=\"no-print\"> %s</label>"
              "<div class=\"map-wrap\">",
              L(r, "显示五大经济区", "Show the five economic zones"));
  buf_append(b, svg.a ? svg.a : "", svg.n);  /* markup from svg_map, which escapes its values */
  html_printf(b, "</div><p class=\"legend\">%s "
                 "<span class=\"badge red\">%s</span> <span class=\"badge yellow\">%s</span> "
                 "<span class=\"badge blue\">%s</span> <span class=\"badge none\">%s</span> "
                 "<span class=\"badge\">%s</span></p>",
              L(r, "颜色取该市（州）事项中最严重的预警：", "Each division shows its items' worst "
                                                          "warning:"),
              L(r, "有红色预警", "red"), L(r, "有黄色预警", "yellow"),
              L(r, "有蓝色提醒", "blue"), L(r, "正常推进", "on track"),
              L(r, "暂无事项", "no items"));
  html_printf(b, "<p class=\"muted\">%s</p>",
              L(r, "事项计入牵头单位所在的市（州），以及来源句点名的地方；点击地图查看该地事项。",
                "An item counts where its lead unit is and where its source sentence names a "
                "place; click a division for its items."));
  /* The same figures as a table, for phones, print and screen readers. */
  html_printf(b, "<details class=\"divisions\"><summary>%s</summary>"
                 "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                 "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
              L(r, "各市（州）明细", "By division"), L(r, "市（州）", "Division"),
              L(r, "事项", "Items"), L(r, "红", "Red"), L(r, "黄", "Yellow"),
              L(r, "蓝", "Blue"), L(r, "已完成", "Done"), L(r, "滞后", "Behind"));
  for (int i = 0; i < dl.n; i++) {
    const Division *d = &dl.a[i];
    const StoreCounts *c = d->pCounts;
    StoreCounts zero = {0};
    if (!c) c = &zero;
    html_printf(b, "<tr class=\"division-row\" data-code=\"%s\"><td data-label=\"%s\">"
                   "<a href=\"/ledger?place=%s%s\">%s</a></td>",
                d->zCode, L(r, "市（州）", "Division"), d->zCode, doc_query(r, docId), d->zName);
    html_printf(b, "<td class=\"num\" data-label=\"%s\">%lld</td>"
                   "<td class=\"num\" data-label=\"%s\">%lld</td>"
                   "<td class=\"num\" data-label=\"%s\">%lld</td>"
                   "<td class=\"num\" data-label=\"%s\">%lld</td>"
                   "<td class=\"num\" data-label=\"%s\">%lld</td>"
                   "<td class=\"num\" data-label=\"%s\">%lld</td></tr>",
                L(r, "事项", "Items"), c->nItem, L(r, "红", "Red"), c->nRed,
                L(r, "黄", "Yellow"), c->nYellow, L(r, "蓝", "Blue"), c->nBlue,
                L(r, "已完成", "Done"), c->aStatus[2] + c->aStatus[3], L(r, "滞后", "Behind"),
                c->aStatus[4]);
  }
  html_printf(b, "</tbody></table></details></section>");
  buf_free(&svg);
  buf_free(&custom);
}

/* ---- beside the map ----------------------------------------------------------------------- */

static void stat_link(Req *r, const char *zHref, long long n, const char *zWhat,
                      const char *zClass) {
  html_printf(&r->out, "<a class=\"stat %s\" href=\"%s\"><b>%lld</b>%s</a>", zClass, zHref, n,
              zWhat);
}

static void counts_section(Req *r, const StoreCounts *all, long long docId) {
  static const char *const azStatus[] = STORE_STATUS_NAMES;
  Buf *b = &r->out;
  const char *zDoc = doc_query(r, docId);
  html_printf(b, "<section class=\"dash-counts\"><h2>%s</h2><div class=\"stats\">",
              L(r, "事项状态", "Items by status"));
  stat_link(r, docId ? req_printf(r, "/ledger?doc=%lld", docId) : "/ledger", all->nItem,
            L(r, "全部事项", "all items"), "all");
  for (int k = 0; k < 5; k++) {
    Buf href = BUF_INIT;
    buf_puts(&href, "/ledger?status=");
    html_url(&href, azStatus[k]);
    buf_puts(&href, zDoc);
    stat_link(r, req_strndup(r, buf_str(&href), href.n), all->aStatus[k],
              page_status_name(r, azStatus[k]), "status");
    buf_free(&href);
  }
  html_printf(b, "</div><h2>%s</h2><div class=\"stats\">", L(r, "预警", "Warnings"));
  static const char *const azColour[] = {"red", "yellow", "blue"};
  const long long an[] = {all->nRed, all->nYellow, all->nBlue};
  for (int k = 0; k < 3; k++) {
    stat_link(r, req_printf(r, "/ledger?warning=%s%s", azColour[k], zDoc), an[k],
              page_colour_name(r, azColour[k]), azColour[k]);
  }
  html_printf(b, "<div class=\"stat none\"><b>%lld</b>%s</div></div></section>",
              all->nItem - all->nWarned, L(r, "无预警", "no warning"));
}

typedef struct MeasureCtx {
  Req *r;
  long long docId;            /* the document whose measures are being collected */
  ProgressBar *a;
  int n, nCap;
  long long chosenDoc;        /* ?doc=, 0 for all */
} MeasureCtx;

static int measure_row(void *ctx, const StoreMeasure *m) {
  MeasureCtx *p = ctx;
  Req *r = p->r;
  if (m->docId != p->docId) return 0;
  if (p->n == p->nCap) {
    int nCap = p->nCap ? 2 * p->nCap : 32;
    ProgressBar *a = arena_alloc(&r->arena, sizeof *a * (size_t)nCap);
    if (p->n) memcpy(a, p->a, sizeof *a * (size_t)p->n);
    p->a = a;
    p->nCap = nCap;
  }
  ProgressBar *pb = &p->a[p->n++];
  pb->zLabel = req_printf(r, "（%d）%s", m->measure, m->zTitle);
  pb->percent = m->progress;
  pb->zColour = NULL;
  pb->zHref = req_printf(r, "/ledger?measure=%d&doc=%lld", m->measure, m->docId);
  pb->zTitle = req_printf(r, L(r, "（%d）%s：%lld项，平均进度%.0f%%（已完成或销号计100%%，未报送计0）",
                         "(%d) %s: %lld items, average progress %.0f%% (done or closed count "
                         "100%%, no report 0)"),
                    m->measure, m->zTitle, m->nItem, m->progress);
  return 0;
}

typedef struct DocRows {
  Req *r;
  long long *aId;
  const char **azTitle;
  int n, nCap;
} DocRows;

static int doc_row(void *ctx, const StoreDocRow *d) {
  DocRows *p = ctx;
  if (p->n == p->nCap) {
    int nCap = p->nCap ? 2 * p->nCap : 16;
    long long *aId = arena_alloc(&p->r->arena, sizeof *aId * (size_t)nCap);
    const char **az = arena_alloc(&p->r->arena, sizeof *az * (size_t)nCap);
    if (p->n) {
      memcpy(aId, p->aId, sizeof *aId * (size_t)p->n);
      memcpy(az, p->azTitle, sizeof *az * (size_t)p->n);
    }
    p->aId = aId;
    p->azTitle = az;
    p->nCap = nCap;
  }
  p->aId[p->n] = d->id;
  p->azTitle[p->n++] = req_strndup(p->r, d->zTitle, strlen(d->zTitle));
  return 0;
}

static int measures_section(Req *r, const LedgerFilter *scope, const DocRows *docs, Err *e) {
  Buf *b = &r->out;
  html_printf(b, "<section class=\"dash-measures\"><h2>%s</h2>",
              L(r, "各项措施推进情况", "Progress by measure"));
  int nShown = 0;
  for (int i = 0; i < docs->n; i++) {
    if (scope->docId && docs->aId[i] != scope->docId) continue;
    MeasureCtx m = {r, docs->aId[i], NULL, 0, 0, scope->docId};
    LedgerFilter f = *scope;
    f.docId = docs->aId[i];
    if (store_measure_progress(r->s, &f, measure_row, &m, e)) return -1;
    if (m.n == 0) continue;
    if (!scope->docId && docs->n > 1) html_printf(b, "<h3>%s</h3>", docs->azTitle[i]);
    svg_bar_progress(b, m.a, m.n);
    nShown++;
  }
  if (!nShown) html_printf(b, "<p class=\"muted\">%s</p>", L(r, "暂无分措施的事项。",
                                                              "No item belongs to a measure."));
  html_printf(b, "</section>");
  return 0;
}

static int deadline_row(void *ctx, const StoreItem *it) {
  Req *r = ctx;
  html_printf(&r->out,
              "<tr><td data-label=\"%s\"><a href=\"/items/%lld\">%s</a></td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
              L(r, "编号", "No."), it->id, it->zNumber, L(r, "事项", "Item"), it->zText,
              L(r, "牵头单位", "Lead unit"), it->zLeadUnit, L(r, "时限", "Deadline"),
              it->zDeadline, L(r, "预警", "Warning"));
  if (it->zColour[0]) page__colour_badge(r, it->zColour);
  html_printf(&r->out, "</td></tr>");
  return 0;
}

static int deadlines_section(Req *r, const LedgerFilter *scope, Err *e) {
  char zMonth[8], zFrom[16], zTo[16];
  snprintf(zMonth, sizeof zMonth, "%.7s", r->zToday);
  snprintf(zFrom, sizeof zFrom, "%s-01", zMonth);
  snprintf(zTo, sizeof zTo, "%s-31", zMonth);
  Buf *b = &r->out;
  html_printf(b, "<section class=\"dash-deadlines\"><h2>%s（%s）</h2>",
              L(r, "本月到期", "Due this month"), zMonth);
  html_printf(b, "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                 "<th>%s</th><th>%s</th></tr></thead><tbody>",
              L(r, "编号", "No."), L(r, "事项", "Item"), L(r, "牵头单位", "Lead unit"),
              L(r, "时限", "Deadline"), L(r, "预警", "Warning"));
  long long nTotal = 0;
  if (store_deadlines_between(r->s, scope, zFrom, zTo, DASH_LIST_MAX, deadline_row, r, &nTotal,
                              e)) {
    return -1;
  }
  html_printf(b, "</tbody></table>");
  if (nTotal == 0) {
    html_printf(b, "<p class=\"muted\">%s</p>", L(r, "本月没有到期未完成的事项。",
                                                   "Nothing open falls due this month."));
  } else {
    html_printf(b, "<p>%s %lld %s", L(r, "本月到期未完成共", "Open items due this month:"), nTotal,
                L(r, "项。", ""));
    if (nTotal > DASH_LIST_MAX) {
      html_printf(b, " <a href=\"/ledger?before=%s&amp;sort=deadline%s\">%s</a>", zTo,
                  scope->docId ? req_printf(r, "&doc=%lld", scope->docId) : "",
                  L(r, "在台账中查看", "See them in the ledger"));
    }
    html_printf(b, "</p>");
  }
  html_printf(b, "</section>");
  return 0;
}

static int late_row(void *ctx, const StoreLate *l) {
  Req *r = ctx;
  html_printf(&r->out,
              "<tr><td data-label=\"%s\"><a href=\"/items/%lld\">%s</a></td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
              L(r, "编号", "No."), l->itemId, l->zNumber, L(r, "事项", "Item"), l->zText,
              L(r, "牵头单位", "Lead unit"), l->zLeadUnit, L(r, "情况", "What"));
  if (l->missing) {
    html_printf(&r->out, "<span class=\"badge yellow\">%s</span> %s",
                L(r, "本期未报送", "not reported"), l->zMessage);
  } else {
    html_printf(&r->out, "<span class=\"badge\">%s</span> %s", L(r, "迟报", "late"),
                l->zPeriod);
  }
  html_printf(&r->out, "</td></tr>");
  return 0;
}

static int late_section(Req *r, const LedgerFilter *scope, Err *e) {
  /* r->zToday is YYYY-MM-DD (set by the router) */
  int year = (int)strtol(r->zToday, NULL, 10), month = (int)strtol(r->zToday + 5, NULL, 10);
  int since = year * 12 + (month - 1) - 2;  /* this month and the two before */
  Buf *b = &r->out;
  html_printf(b, "<section class=\"dash-late\"><h2>%s</h2>",
              L(r, "迟报漏报", "Late and missing reports"));
  html_printf(b, "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                 "<th>%s</th></tr></thead><tbody>",
              L(r, "编号", "No."), L(r, "事项", "Item"), L(r, "牵头单位", "Lead unit"),
              L(r, "情况", "What"));
  long long nMissing = 0, nLate = 0;
  if (store_late_reports(r->s, scope, "no-report", since, DASH_LIST_MAX, late_row, r, &nMissing,
                         &nLate, e)) {
    return -1;
  }
  html_printf(b, "</tbody></table><p>%s %lld，%s %lld。%s</p></section>",
              L(r, "本期未报送", "Not reported this cycle:"), nMissing,
              L(r, "近三个月迟报", "reported late in the last three months:"), nLate,
              nMissing + nLate > DASH_LIST_MAX ? L(r, "（仅列出前15条）", " (the first 15 shown)")
                                               : "");
  return 0;
}

static void doc_picker(Req *r, const DocRows *docs, long long docId) {
  Buf *b = &r->out;
  html_printf(b, "<form class=\"filters\" method=\"get\" action=\"/\"><label>%s"
                 "<select name=\"doc\"><option value=\"\">%s</option>",
              L(r, "文件", "Document"), L(r, "全部文件", "All documents"));
  for (int i = 0; i < docs->n; i++) {
    html_printf(b, "<option value=\"%lld\"%s>%s</option>", docs->aId[i],
                docs->aId[i] == docId ? " selected" : "", docs->azTitle[i]);
  }
  html_printf(b, "</select></label><button type=\"submit\">%s</button></form>",
              L(r, "查看", "Show"));
}

void page_dashboard(Req *r) {
  Err e;
  err_clear(&e);
  LedgerFilter scope = {0};
  auth_scope(&r->actor, &scope);
  const char *zDoc = req_param(r, "doc");
  if (zDoc && zDoc[0]) scope.docId = req_param_id(r, "doc");
  /* The page's content depends on what is stored, the reader's reach, the document, the
  ** language, the date and the basemap: all in the key, so a cached copy is never stale. (Only
  ** a page that was rendered is cached, so a cached ?doc= was a known document.) */
  Buf key = BUF_INIT;
  const char *zBasemap = getenv("LUOSHI_BASEMAP");
  buf_printf(&key, "dashboard|%lld|%d|%lld|%lld|%s|%d|%s|%s", store_change_counter(r->s),
             zDoc && zDoc[0], scope.docId, scope.reachUnitId,
             scope.zReachLeader ? scope.zReachLeader : "", r->bEnglish, r->zToday,
             zBasemap ? zBasemap : "");
  page_begin(r, L(r, "挂图作战", "Dashboard"), "dashboard");
  if (cache_get(buf_str(&key), &r->out)) {
    buf_free(&key);
    page_end(r);
    return;
  }
  DocRows docs = {r, NULL, NULL, 0, 0};
  if (store_doc_list(r->s, doc_row, &docs, &e)) {
    buf_free(&key);
    req_fail_err(r, &e);
    return;
  }
  if (zDoc && zDoc[0]) {
    int bKnown = 0;
    for (int i = 0; i < docs.n; i++) bKnown |= docs.aId[i] == scope.docId;
    if (!bKnown) {
      buf_free(&key);
      req_fail(r, 404, L(r, "没有这个文件", "no such document"));
      return;
    }
  }
  size_t nStart = r->out.n;
  DivStats ds = {r, NULL, NULL, 0, 0};
  StoreCounts all;
  if (store_division_stats(r->s, &scope, division_row, &ds, &all, &e)) {
    buf_free(&key);
    req_fail_err(r, &e);
    return;
  }
  html_printf(&r->out, "<h1>%s</h1>", L(r, "挂图作战", "Dashboard"));
  if (docs.n > 1) doc_picker(r, &docs, scope.docId);
  if (scope.reachUnitId || scope.zReachLeader) {
    html_printf(&r->out, "<p class=\"muted\">%s</p>",
                L(r, "只统计您负责或参与的事项。", "Counting only the items you are responsible "
                                                 "for or take part in."));
  }
  html_printf(&r->out, "<div class=\"grid\"><div>");
  map_section(r, &ds, scope.docId);
  html_printf(&r->out, "</div><div>");
  counts_section(r, &all, scope.docId);
  int rc = measures_section(r, &scope, &docs, &e);
  if (rc == 0) rc = deadlines_section(r, &scope, &e);
  if (rc == 0) rc = late_section(r, &scope, &e);
  if (rc) {
    buf_free(&key);
    req_fail_err(r, &e);
    return;
  }
  html_printf(&r->out, "</div></div>");
  cache_put(buf_str(&key), r->out.a + nStart, r->out.n - nStart);
  buf_free(&key);
  page_end(r);
}
