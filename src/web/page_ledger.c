/*
** The ledger pages: GET /ledger, the ledger (台账) as a table with its filters, search, sort and
** pages, and GET /ledger.csv, exactly the items the page shows with the same filters (every
** page of them) as a spreadsheet in the office's column layout. Also the reading of the
** ledger's query parameters that /api/v1/items shares (ledger_query.h), so the page, its export
** and the API always select the same items.
**
** Every list is narrowed to the reader's reach with auth_scope before any filter is applied; a
** reporter's ledger holds only their unit's items. Every value goes into HTML through the
** escaping writer; CSV fields are quoted per RFC 4180 and defended against formula injection.
** Nothing here writes SQL or decides a workflow rule.
*/
#include "html.h"
#include "page.h"
#include "ledger_query.h"
#include "web.h"
#include "cache.h"
#include "../base/csv.h"
#include "../base/utf8.h"
#include "../extract/extract.h"
#include "../ledger/deadline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the query parameters ---------------------------------------------------------------- */

static const char *const azStatus[][2] = {{"未启动", "not-started"}, {"推进中", "in-progress"},
                                          {"已完成", "completed"},   {"已销号", "closed"},
                                          {"滞后", "behind"}};
static const char *const azSort[][3] = {{"number", "序号", "number"},
                                        {"deadline", "完成时限", "deadline"},
                                        {"progress", "进展", "progress"},
                                        {"warning", "预警（红色在前）", "warning (red first)"},
                                        {"status", "状态", "status"}};
static const char *const azKind[][3] = {
    {"deliverable", "出台文件", "deliverable"}, {"project", "项目建设", "project"},
    {"reform", "改革", "reform"},               {"campaign", "专项行动", "campaign"},
    {"institution", "机制制度", "institution"}, {"support", "支持", "support"},
    {"target", "指标", "target"},               {"other", "其他", "other"}};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *ledger_kind_name(Req *r, const char *zKind) {
  for (size_t i = 0; zKind && i < NELEM(azKind); i++) {
    if (strcmp(zKind, azKind[i][0]) == 0) return L(r, azKind[i][1], azKind[i][2]);
  }
  return zKind ? zKind : "";
}

/* Parameter zName trimmed of white space, in r's arena; NULL when absent or empty. */
static const char *param_trim(Req *r, const char *zName) {
  const char *z = req_param(r, zName);
  if (!z) return NULL;
  size_t n = strlen(z);
  while (n && (*z == ' ' || *z == '\t' || *z == '\r' || *z == '\n')) z++, n--;
  while (n && (z[n - 1] == ' ' || z[n - 1] == '\t' || z[n - 1] == '\r' || z[n - 1] == '\n')) n--;
  return n ? req_strndup(r, z, n) : NULL;
}

/* z as it may be quoted back in a message: at most 60 bytes cut at a character boundary, "?"
** when it is not UTF-8 (the API's JSON could not carry it). */
static const char *shown(Req *r, const char *z) {
  size_t n = strlen(z);
  if (utf8_invalid_offset((const unsigned char *)z, n) < n) return "?";
  if (n <= 60) return z;
  n = 60;
  while (n && ((unsigned char)z[n] & 0xC0) == 0x80) n--;
  return req_strndup(r, z, n);
}

/* A whole number of at most 9 digits into *pOut; 0 ok, -1 otherwise. */
static int whole_number(const char *z, long long *pOut) {
  long long v = 0;
  int n = 0;
  for (; *z; z++) {
    if (*z < '0' || *z > '9' || ++n > 9) return -1;
    v = v * 10 + (*z - '0');
  }
  if (n == 0) return -1;
  *pOut = v;
  return 0;
}

/* Is z an ISO date YYYY-MM-DD that exists in the calendar? */
static int is_date(const char *z) {
  if (strlen(z) != 10 || z[4] != '-' || z[7] != '-') return 0;
  for (int i = 0; i < 10; i++) {
    if (i != 4 && i != 7 && (z[i] < '0' || z[i] > '9')) return 0;
  }
  int y = (z[0] - '0') * 1000 + (z[1] - '0') * 100 + (z[2] - '0') * 10 + (z[3] - '0');
  int m = (z[5] - '0') * 10 + (z[6] - '0'), d = (z[8] - '0') * 10 + (z[9] - '0');
  static const int aDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > aDays[m - 1]) return 0;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
  return 1;
}

/* Set q->zError in r's language (both formats are literals). */
#define QUERY_ERROR(r, q, zZh, zEn, ...)                                     \
  ((r)->bEnglish ? snprintf((q)->zError, sizeof (q)->zError, zEn, __VA_ARGS__) \
                 : snprintf((q)->zError, sizeof (q)->zError, zZh, __VA_ARGS__))

int ledger_query_parse(Req *r, LedgerQuery *q) {
  memset(q, 0, sizeof *q);
  q->page = 1;
  auth_scope(&r->actor, &q->f);
  q->zDoc = param_trim(r, "doc");
  q->zMeasure = param_trim(r, "measure");
  q->zUnit = param_trim(r, "unit");
  q->zPlace = param_trim(r, "place");
  q->zStatus = param_trim(r, "status");
  q->zWarning = param_trim(r, "warning");
  q->zKind = param_trim(r, "kind");
  q->zBefore = param_trim(r, "before");
  q->zQ = param_trim(r, "q");
  q->zSort = param_trim(r, "sort");
  const char *zPage = param_trim(r, "page");
  Err e;
  err_clear(&e);
  long long v;

  if (q->zDoc && store_doc_resolve(r->s, q->zDoc, &q->f.docId, &e)) {
    QUERY_ERROR(r, q, "没有这个文件：“%s”", "no such document: '%s'", shown(r, q->zDoc));
    return -1;
  }
  if (q->zMeasure) {
    if (whole_number(q->zMeasure, &v) || v < 1 || v > 9999) {
      QUERY_ERROR(r, q, "措施编号须为正整数：“%s”", "measure= must be a positive number: '%s'",
                  shown(r, q->zMeasure));
      return -1;
    }
    q->f.measure = (int)v;
  }
  if (q->zUnit) {
    int bad = 0;
    if (whole_number(q->zUnit, &v) == 0) {
      StoreUnit u;
      Buf strs = BUF_INIT;
      bad = v < 1 || store_unit_get(r->s, v, &u, &strs, &e) != 0;
      buf_free(&strs);
      q->f.unitId = v;
    } else {
      bad = store_unit_find(r->s, q->zUnit, &q->f.unitId, &e) != 0;
    }
    if (bad) {
      QUERY_ERROR(r, q, "没有这个单位：“%s”", "no such unit: '%s'", shown(r, q->zUnit));
      return -1;
    }
  }
  if (q->zPlace) {
    if (strlen(q->zPlace) > 100) {
      QUERY_ERROR(r, q, "地点过长：“%s”", "place= is too long: '%s'", shown(r, q->zPlace));
      return -1;
    }
    q->f.zPlace = q->zPlace;
  }
  if (q->zStatus) {
    for (size_t i = 0; i < NELEM(azStatus); i++) {
      if (strcmp(q->zStatus, azStatus[i][0]) == 0 || strcmp(q->zStatus, azStatus[i][1]) == 0) {
        q->f.zStatus = azStatus[i][0];
      }
    }
    if (!q->f.zStatus) {
      QUERY_ERROR(r, q, "没有这种状态：“%s”（可选：未启动、推进中、已完成、已销号、滞后）",
                  "unknown status '%s' (one of not-started, in-progress, completed, closed, "
                  "behind)",
                  shown(r, q->zStatus));
      return -1;
    }
  }
  if (q->zWarning) {
    if (strcmp(q->zWarning, "red") && strcmp(q->zWarning, "yellow") &&
        strcmp(q->zWarning, "blue")) {
      QUERY_ERROR(r, q, "预警颜色须为 red、yellow 或 blue：“%s”",
                  "warning= must be red, yellow or blue: '%s'", shown(r, q->zWarning));
      return -1;
    }
    q->f.zColour = q->zWarning;
  }
  if (q->zKind) {
    if (task_kind_from_name(q->zKind) < 0) {
      QUERY_ERROR(r, q, "没有这种任务类型：“%s”", "unknown kind '%s' (one of deliverable, "
                  "project, reform, campaign, institution, support, target, other)",
                  shown(r, q->zKind));
      return -1;
    }
    q->f.zKind = q->zKind;
  }
  if (q->zBefore) {
    if (!is_date(q->zBefore)) {
      QUERY_ERROR(r, q, "截止日期须为 YYYY-MM-DD 格式的日期：“%s”",
                  "before= must be a date YYYY-MM-DD: '%s'", shown(r, q->zBefore));
      return -1;
    }
    q->f.zBefore = q->zBefore;
  }
  if (q->zQ) {
    if (strlen(q->zQ) > 400) {
      QUERY_ERROR(r, q, "搜索词过长（最多 %d 字节）", "the search is too long (at most %d bytes)",
                  400);
      return -1;
    }
    q->f.zSearch = q->zQ;
  }
  if (q->zSort) {
    size_t i = 0;
    while (i < NELEM(azSort) && strcmp(q->zSort, azSort[i][0]) != 0) i++;
    if (i == NELEM(azSort)) {
      QUERY_ERROR(r, q, "没有这种排序：“%s”（可选：number、deadline、progress、warning、status）",
                  "unknown sort '%s' (one of number, deadline, progress, warning, status)",
                  shown(r, q->zSort));
      return -1;
    }
    q->f.zSort = i == 0 ? NULL : azSort[i][0];
  }
  if (zPage) {
    if (whole_number(zPage, &v) || v < 1 || v > 10000000) {
      QUERY_ERROR(r, q, "页码须为正整数：“%s”", "page= must be a positive number: '%s'",
                  shown(r, zPage));
      return -1;
    }
    q->page = v;
  }
  return 0;
}

static void query_add(Buf *b, const char *zName, const char *zValue) {
  if (!zValue) return;
  if (b->n && b->a[b->n - 1] != '?') buf_putc(b, '&');
  buf_puts(b, zName);
  buf_putc(b, '=');
  html_url(b, zValue);
}

void ledger_query_string(const LedgerQuery *q, long long page, Buf *b) {
  size_t n0 = b->n;
  query_add(b, "doc", q->zDoc);
  query_add(b, "measure", q->zMeasure);
  query_add(b, "unit", q->zUnit);
  query_add(b, "place", q->zPlace);
  query_add(b, "status", q->zStatus);
  query_add(b, "warning", q->zWarning);
  query_add(b, "kind", q->zKind);
  query_add(b, "before", q->zBefore);
  query_add(b, "q", q->zQ);
  query_add(b, "sort", q->zSort);
  if (page > 1) {
    if (b->n > n0) buf_putc(b, '&');
    buf_printf(b, "page=%lld", page);
  }
}

/* ---- the filter form --------------------------------------------------------------------- */

typedef struct FormCtx {
  Req *r;
  const LedgerQuery *q;
  long long aId[512];        /* units seen, for their depth */
  int aDepth[512];
  int nUnit;
} FormCtx;

static int doc_option(void *ctx, const StoreDocRow *d) {
  FormCtx *c = ctx;
  html_printf(&c->r->out, "<option value=\"%lld\"%s>%lld · %s</option>", d->id,
              c->q->f.docId == d->id ? " selected" : "", d->id, d->zTitle);
  return 0;
}

static int unit_option(void *ctx, const StoreUnit *u) {
  FormCtx *c = ctx;
  int depth = 0;
  for (int i = 0; u->parentId && i < c->nUnit; i++) {
    if (c->aId[i] == u->parentId) {
      depth = c->aDepth[i] + 1;
      break;
    }
  }
  if (c->nUnit < (int)NELEM(c->aId)) {
    c->aId[c->nUnit] = u->id;
    c->aDepth[c->nUnit++] = depth;
  }
  Buf *b = &c->r->out;
  html_printf(b, "<option value=\"%lld\"%s>", u->id, c->q->f.unitId == u->id ? " selected" : "");
  for (int i = 0; i < depth && i < 6; i++) html_printf(b, "　");
  html_printf(b, "%s</option>", u->zName);
  return 0;
}

static void select_option(Buf *b, const char *zValue, const char *zSelected, const char *zText) {
  html_printf(b, "<option value=\"%s\"%s>%s</option>", zValue,
              zSelected && strcmp(zSelected, zValue) == 0 ? " selected" : "", zText);
}

static void filter_form(Req *r, const LedgerQuery *q) {
  Buf *b = &r->out;
  Err e;
  err_clear(&e);
  FormCtx *c = xcalloc(1, sizeof *c);
  c->r = r;
  c->q = q;
  html_printf(b,
              "<form class=\"filters\" method=\"get\" action=\"/ledger\" role=\"search\">"
              "<label>%s<select name=\"doc\"><option value=\"\">%s</option>",
              L(r, "文件", "Document"), L(r, "全部", "all"));
  store_doc_list(r->s, doc_option, c, &e);
  html_printf(b,
              "</select></label><label>%s<input name=\"measure\" inputmode=\"numeric\" size=\"4\" "
              "value=\"%s\"></label><label>%s<select name=\"unit\"><option value=\"\">%s</option>",
              L(r, "措施", "Measure"), q->zMeasure, L(r, "牵头单位（含下级）", "Lead unit (and below)"),
              L(r, "全部", "all"));
  store_unit_list(r->s, unit_option, c, &e);
  html_printf(b,
              "</select></label><label>%s<input name=\"place\" size=\"8\" value=\"%s\" "
              "placeholder=\"511500 / 宜宾\"></label><label>%s<select name=\"status\">"
              "<option value=\"\">%s</option>",
              L(r, "地点", "Place"), q->zPlace, L(r, "状态", "Status"), L(r, "全部", "all"));
  for (size_t i = 0; i < NELEM(azStatus); i++) {
    select_option(b, azStatus[i][0], q->f.zStatus, page_status_name(r, azStatus[i][0]));
  }
  html_printf(b, "</select></label><label>%s<select name=\"warning\"><option value=\"\">%s</option>",
              L(r, "预警", "Warning"), L(r, "全部", "all"));
  select_option(b, "red", q->zWarning, page_colour_name(r, "red"));
  select_option(b, "yellow", q->zWarning, page_colour_name(r, "yellow"));
  select_option(b, "blue", q->zWarning, page_colour_name(r, "blue"));
  html_printf(b, "</select></label><label>%s<select name=\"kind\"><option value=\"\">%s</option>",
              L(r, "类型", "Kind"), L(r, "全部", "all"));
  for (size_t i = 0; i < NELEM(azKind); i++) {
    select_option(b, azKind[i][0], q->zKind, L(r, azKind[i][1], azKind[i][2]));
  }
  html_printf(b,
              "</select></label><label>%s<input type=\"date\" name=\"before\" value=\"%s\"></label>"
              "<label>%s<input type=\"search\" name=\"q\" value=\"%s\" placeholder=\"%s\"></label>"
              "<label>%s<select name=\"sort\">",
              L(r, "完成时限不晚于", "Deadline on or before"), q->zBefore, L(r, "搜索", "Search"),
              q->zQ, L(r, "任务内容或序号", "text or number"), L(r, "排序", "Sort"));
  for (size_t i = 0; i < NELEM(azSort); i++) {
    select_option(b, azSort[i][0], q->zSort ? q->zSort : "number",
                  L(r, azSort[i][1], azSort[i][2]));
  }
  html_printf(b, "</select></label><button type=\"submit\">%s</button> <a href=\"/ledger\">%s</a>"
                 "</form>",
              L(r, "筛选", "Filter"), L(r, "清除筛选", "Clear"));
  free(c);
}

/* ---- the table ----------------------------------------------------------------------------- */

#define MAX_TERM 16

/* The words of a search, to mark in the text. */
typedef struct Terms {
  const char *az[MAX_TERM];
  size_t an[MAX_TERM];
  int n;
} Terms;

/* Split zQ at white space (ASCII or the ideographic space U+3000) into t. */
static void terms_split(const char *zQ, Terms *t) {
  t->n = 0;
  if (!zQ) return;
  const char *z = zQ;
  while (*z && t->n < MAX_TERM) {
    while (*z == ' ' || *z == '\t' || strncmp(z, "\xE3\x80\x80", 3) == 0) z += *z == ' ' || *z == '\t' ? 1 : 3;
    const char *zStart = z;
    while (*z && *z != ' ' && *z != '\t' && strncmp(z, "\xE3\x80\x80", 3) != 0) z++;
    if (z > zStart) {
      t->az[t->n] = zStart;
      t->an[t->n++] = (size_t)(z - zStart);
    }
  }
}

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Write zText with every occurrence of a search word inside <mark>: the raw text is split at
** the matches and each piece is escaped on its own (escaping first would let a word match
** inside an entity). ASCII letters match without regard to case. */
static void text_marked(Buf *b, const char *zText, const Terms *t) {
  size_t n = strlen(zText), iStart = 0, i = 0;
  while (i < n) {
    size_t best = 0;
    for (int k = 0; k < t->n; k++) {
      size_t m = t->an[k];
      if (m <= best || m > n - i) continue;
      size_t j = 0;
      while (j < m && ascii_lower((unsigned char)zText[i + j]) ==
                          ascii_lower((unsigned char)t->az[k][j])) {
        j++;
      }
      if (j == m) best = m;
    }
    if (best) {
      html_textn(b, zText + iStart, i - iStart);
      buf_puts(b, "<mark>");
      html_textn(b, zText + i, best);
      buf_puts(b, "</mark>");
      i += best;
      iStart = i;
    } else {
      i++;
    }
  }
  html_textn(b, zText + iStart, n - iStart);
}

typedef struct RowCtx {
  Req *r;
  Terms terms;
  int nRow;
} RowCtx;

static int ledger_row(void *ctx, const StoreItem *it) {
  RowCtx *c = ctx;
  Req *r = c->r;
  Buf *b = &r->out;
  c->nRow++;
  html_printf(b,
              "<tr id=\"item-%lld\"><td data-label=\"%s\" class=\"nowrap\">%s</td>"
              "<td data-label=\"%s\"><a href=\"/items/%lld\">",
              it->id, L(r, "序号", "No."), it->zNumber, L(r, "任务内容", "Task"), it->id);
  text_marked(b, it->zText, &c->terms);
  char zRecurrence[64];
  html_printf(b,
              "</a></td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\">%s</td><td data-label=\"%s\" class=\"nowrap\">%s</td>"
              "<td data-label=\"%s\" class=\"nowrap\">",
              L(r, "牵头单位", "Lead unit"), it->zLeadUnit, L(r, "配合单位", "Cooperating"),
              it->zCooperating ? it->zCooperating : "", L(r, "责任领导", "Leader"), it->zLeader,
              L(r, "完成时限", "Deadline"),
              deadline_words(it->zDeadline, it->zRecurrence, zRecurrence, sizeof zRecurrence),
              L(r, "进展", "Progress"));
  page__progress(r, it->progress, "ledger-progress", L(r, "未报", "none"));
  html_printf(b, "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
              L(r, "状态", "Status"), page_status_name(r, it->zStatus), L(r, "预警", "Warning"));
  page__colour_badge(r, it->zColour);
  html_printf(b, "</td></tr>");
  return 0;
}

void page_ledger(Req *r) {
  LedgerQuery q;
  int bad = ledger_query_parse(r, &q);
  Buf *b = &r->out;
  page_begin(r, L(r, "台账", "Ledger"), "ledger");
  html_printf(b, "<h1>%s</h1>", L(r, "台账", "Ledger"));
  filter_form(r, &q);
  if (bad) {
    r->status = 400;
    html_printf(b, "<p class=\"notice red\" role=\"alert\">%s</p>", q.zError);
    page_end(r);
    return;
  }
  Err e;
  err_clear(&e);
  long long nTotal = 0;
  if (cache_ledger_count(r, &q.f, &nTotal, &e)) {
    req_fail_err(r, &e);
    return;
  }
  long long offset = (q.page - 1) * LEDGER_PAGE_SIZE;
  Buf qs = BUF_INIT;
  ledger_query_string(&q, 0, &qs);
  html_printf(b, "<div class=\"pager\"><span>");
  if (nTotal == 0) {
    html_printf(b, "%s", L(r, "没有符合条件的事项。", "No items match."));
  } else if (offset >= nTotal) {
    html_printf(b, L(r, "第 %lld 页没有事项，共 %lld 项。", "Page %lld is empty; %lld items in all."),
                q.page, nTotal);
  } else {
    long long last = offset + LEDGER_PAGE_SIZE < nTotal ? offset + LEDGER_PAGE_SIZE : nTotal;
    html_printf(b, L(r, "第 %lld–%lld 项，共 %lld 项", "Items %lld–%lld of %lld"), offset + 1,
                last, nTotal);
  }
  html_printf(b, "</span><a class=\"no-print\" href=\"/ledger.csv%s%s\" download>%s</a>",
              qs.n ? "?" : "", buf_str(&qs), L(r, "导出当前结果（CSV）", "Export what is shown (CSV)"));
  html_printf(b, "</div>");
  RowCtx c = {.r = r};
  terms_split(q.zQ, &c.terms);
  if (nTotal > 0 && offset < nTotal) {
    html_printf(b,
                "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                L(r, "序号", "No."), L(r, "任务内容", "Task"), L(r, "牵头单位", "Lead unit"),
                L(r, "配合单位", "Cooperating"), L(r, "责任领导", "Leader"),
                L(r, "完成时限", "Deadline"), L(r, "进展", "Progress"), L(r, "状态", "Status"),
                L(r, "预警", "Warning"));
    q.f.limit = LEDGER_PAGE_SIZE;
    q.f.offset = (int)offset;
    size_t nMark = b->n;
    if (store_ledger_list(r->s, &q.f, ledger_row, &c, &e)) {
      b->n = nMark;
      buf_free(&qs);
      req_fail_err(r, &e);
      return;
    }
    html_printf(b, "</tbody></table>");
  }
  long long nPage = (nTotal + LEDGER_PAGE_SIZE - 1) / LEDGER_PAGE_SIZE;
  if (nPage > 1) {
    html_printf(b, "<nav class=\"pager\" aria-label=\"%s\">", L(r, "翻页", "pages"));
    if (q.page > 1) {
      Buf p = BUF_INIT;
      ledger_query_string(&q, q.page - 1 < nPage ? q.page - 1 : nPage, &p);
      html_printf(b, "<a rel=\"prev\" href=\"/ledger%s%s\">%s</a>", p.n ? "?" : "", buf_str(&p),
                  L(r, "上一页", "Previous"));
      buf_free(&p);
    }
    html_printf(b, "<span>%s %lld / %lld</span>", L(r, "页", "Page"), q.page, nPage);
    if (q.page < nPage) {
      Buf p = BUF_INIT;
      ledger_query_string(&q, q.page + 1, &p);
      html_printf(b, "<a rel=\"next\" href=\"/ledger?%s\">%s</a>", buf_str(&p),
                  L(r, "下一页", "Next"));
      buf_free(&p);
    }
    html_printf(b, "</nav>");
  }
  buf_free(&qs);
  page_end(r);
}

/* ---- GET /ledger.csv ----------------------------------------------------------------------- */

static int csv_row(void *ctx, const StoreItem *it) {
  Req *r = ctx;
  Buf *b = &r->out;
  char zProgress[16] = "";
  if (it->progress >= 0) snprintf(zProgress, sizeof zProgress, "%d%%", it->progress);
  csv_field(b, it->zNumber, 1);
  csv_field(b, it->zText, 0);
  csv_field(b, it->zLeadUnit, 0);
  csv_field(b, it->zCooperating, 0);
  csv_field(b, it->zLeader, 0);
  char zRecurrence[64];
  csv_field(b, deadline_words(it->zDeadline, it->zRecurrence, zRecurrence, sizeof zRecurrence), 0);
  csv_field(b, zProgress, 0);
  csv_field(b, it->zStatus, 0);
  const char *zColour = page_colour_class(it->zColour);
  csv_field(b, strcmp(zColour, "red") == 0      ? "红色预警"
               : strcmp(zColour, "yellow") == 0 ? "黄色预警"
               : strcmp(zColour, "blue") == 0   ? "蓝色提醒"
                                                : "",
            0);
  buf_puts(b, "\r\n");
  return 0;
}

void page_ledger_csv(Req *r) {
  LedgerQuery q;
  if (ledger_query_parse(r, &q)) {
    req_fail(r, 400, q.zError);
    return;
  }
  Err e;
  err_clear(&e);
  Buf *b = &r->out;
  buf_puts(b, CSV_BOM);   /* Excel reads UTF-8 only with it */
  buf_puts(b, "序号,任务内容,牵头单位,配合单位,责任领导,完成时限,进展,状态,预警\r\n");
  if (store_ledger_list(r->s, &q.f, csv_row, r, &e)) {
    req_fail_err(r, &e);
    return;
  }
  r->zType = "text/csv; charset=utf-8";
  char zDisposition[96];
  snprintf(zDisposition, sizeof zDisposition, "attachment; filename=\"luoshi-ledger-%.10s.csv\"",
           r->zToday);
  req_header(r, "Content-Disposition", zDisposition);
}
