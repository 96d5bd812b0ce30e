/*
** Sheet: the ledger written as an office spreadsheet, and progress read back from one (see
** sheet.h). Over store.h and reports.h; the .xlsx is written with libxlsxwriter, CSV fields
** with csv.h.
*/
#include "sheet.h"

#include "../base/csv.h"
#include "../base/utf8.h"
#include "deadline.h"
#include "reports.h"

#include <xlsxwriter.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sheet_azColumn[SHEET_NCOL] = {"序号", "任务内容", "责任领导", "牵头单位",
                                                 "配合单位", "完成时限", "进展情况", "状态",
                                                 "预警"};
static const double aWidth[SHEET_NCOL] = {8, 50, 12, 16, 22, 12, 36, 8, 10};

/* ---- what goes in the cells ---------------------------------------------------------------- */

typedef struct Latest {
  char zPeriod[16];
  long long id;
  int progress;
  Buf done;
} Latest;

static int latest_report(void *ctx, const StoreReport *r) {
  Latest *l = ctx;
  if (strcmp(r->zState, "submitted") != 0 && strcmp(r->zState, "accepted") != 0) return 0;
  int cmp = strcmp(r->zPeriod, l->zPeriod);
  if (l->id && (cmp < 0 || (cmp == 0 && r->id < l->id))) return 0;
  snprintf(l->zPeriod, sizeof l->zPeriod, "%s", r->zPeriod);
  l->id = r->id;
  l->progress = r->progress;
  buf_reset(&l->done);
  buf_puts(&l->done, r->zDone ? r->zDone : "");
  return 0;
}

/* 进展情况: "60%：what was done", "60%", or "" without a report. */
static void progress_text(Store *s, const StoreItem *it, Buf *out) {
  if (it->progress < 0) return;
  Latest l;
  memset(&l, 0, sizeof l);
  Err e;
  err_clear(&e);
  store_report_list(s, it->id, latest_report, &l, &e);
  buf_printf(out, "%d%%", it->progress);
  if (l.id && l.progress == it->progress && l.done.n) buf_printf(out, "：%s", buf_str(&l.done));
  buf_free(&l.done);
}

static const char *warning_text(const char *zColour) {
  if (!zColour) return "";
  if (strcmp(zColour, "red") == 0) return "红色预警";
  if (strcmp(zColour, "yellow") == 0) return "黄色预警";
  if (strcmp(zColour, "blue") == 0) return "蓝色提醒";
  return "";
}

/* ---- row heights --------------------------------------------------------------------------- */

/* Points one line of wrapped 11 pt text takes in a row. */
#define SHEET_LINE_PT 15.0

/* Lines the cell text z takes when wrapped in a column nWidth characters wide: each line of z
** (split at '\n') in half-width columns (a Chinese character is two), over the columns one
** line holds, a tenth kept for the cell's padding. At least 1. Spreadsheet programs do not all
** fit a row to its wrapped text when they open a file (LibreOffice keeps the default height,
** and the text of the long rows runs over the rows below), so the writer sets the height. */
static int wrapped_lines(const char *z, double nWidth) {
  double nPerLine = nWidth * 0.9;
  int nLine = 0;
  for (;;) {
    const char *zEnd = strchr(z, '\n');
    size_t nByte = zEnd ? (size_t)(zEnd - z) : strlen(z);
    size_t nCol = utf8_ncolumn(z, nByte);
    nLine += nCol ? (int)ceil((double)nCol / nPerLine) : 1;
    if (!zEnd) break;
    z = zEnd + 1;
  }
  return nLine;
}

/* ---- measure headings and the document title ------------------------------------------------ */

typedef struct Heading {
  long long docId;
  int measure;
  char *zTitle;
} Heading;

typedef struct Headings {
  Heading *a;
  size_t n, cap;
} Headings;

/* A measure's number as the heading writes it: 三, 十二, 二十一 (1..99; else digits). */
static void chinese_number(int v, Buf *out) {
  static const char *const az[10] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (v <= 0 || v > 99) {
    buf_printf(out, "%d", v);
    return;
  }
  if (v >= 20) buf_puts(out, az[v / 10]);
  if (v >= 10) buf_puts(out, "十");
  buf_puts(out, az[v % 10]);
}

static int collect_heading(void *ctx, const StoreMeasure *m) {
  Headings *h = ctx;
  if (!m->zTitle || !*m->zTitle) return 0;
  Buf b = BUF_INIT;
  chinese_number(m->measure, &b);
  buf_printf(&b, "、%s", m->zTitle);
  MEM_GROW(h->a, h->cap, h->n + 1);
  h->a[h->n++] = (Heading){m->docId, m->measure, buf_take(&b)};
  return 0;
}

static const char *heading_find(const Headings *h, long long docId, int measure) {
  for (size_t i = 0; i < h->n; i++) {
    if (h->a[i].docId == docId && h->a[i].measure == measure) return h->a[i].zTitle;
  }
  return NULL;
}

typedef struct TitleFind {
  long long id;
  char *zTitle;
} TitleFind;

static int find_title(void *ctx, const StoreDocRow *d) {
  TitleFind *t = ctx;
  if (d->id != t->id) return 0;
  t->zTitle = xstrdup(d->zTitle ? d->zTitle : "");
  return 1;
}

/* ---- writing ------------------------------------------------------------------------------- */

typedef struct Writer {
  Store *s;
  SheetFormat fmt;
  Buf csv;
  lxw_worksheet *ws;
  lxw_format *fCell, *fCenter, *fHeading, *fRed, *fYellow, *fBlue;
  int row;               /* the next sheet row */
  int nItem;
  long long lastDoc;
  int lastMeasure;
  const Headings *h;
} Writer;

static int write_item(void *ctx, const StoreItem *it) {
  Writer *w = ctx;
  Buf progress = BUF_INIT;
  progress_text(w->s, it, &progress);
  char zRecurrence[64];
  const char *azVal[SHEET_NCOL] = {it->zNumber,
                                   it->zText,
                                   it->zLeader,
                                   it->zLeadUnit,
                                   it->zCooperating ? it->zCooperating : "",
                                   deadline_words(it->zDeadline, it->zRecurrence,
                                                  zRecurrence, sizeof zRecurrence),
                                   buf_str(&progress),
                                   it->zStatus,
                                   warning_text(it->zColour)};
  if (w->fmt == SHEET_CSV) {
    for (int c = 0; c < SHEET_NCOL; c++) csv_field(&w->csv, azVal[c], c == 0);
    buf_puts(&w->csv, "\r\n");
  } else {
    if (it->measure > 0 && (it->docId != w->lastDoc || it->measure != w->lastMeasure)) {
      const char *zHead = heading_find(w->h, it->docId, it->measure);
      if (zHead) {
        worksheet_merge_range(w->ws, (lxw_row_t)w->row, 0, (lxw_row_t)w->row, SHEET_NCOL - 1,
                              zHead, w->fHeading);
        worksheet_set_row(w->ws, (lxw_row_t)w->row, 22, NULL);
        w->row++;
      }
    }
    for (int c = 0; c < SHEET_NCOL; c++) {
      lxw_format *f = (c == 1 || c == 4 || c == 6) ? w->fCell : w->fCenter;
      if (c == 8 && it->zColour) {
        if (strcmp(it->zColour, "red") == 0) f = w->fRed;
        else if (strcmp(it->zColour, "yellow") == 0) f = w->fYellow;
        else if (strcmp(it->zColour, "blue") == 0) f = w->fBlue;
      }
      worksheet_write_string(w->ws, (lxw_row_t)w->row, (lxw_col_t)c, azVal[c], f);
    }
    int nLine = 1;
    for (int c = 0; c < SHEET_NCOL; c++) {
      int n = wrapped_lines(azVal[c], aWidth[c]);
      if (n > nLine) nLine = n;
    }
    if (nLine > 1) worksheet_set_row(w->ws, (lxw_row_t)w->row, SHEET_LINE_PT * nLine, NULL);
    w->row++;
  }
  w->lastDoc = it->docId;
  w->lastMeasure = it->measure;
  w->nItem++;
  buf_free(&progress);
  return 0;
}

static lxw_format *cell_format(lxw_workbook *wb, int bCenter) {
  lxw_format *f = workbook_add_format(wb);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_text_wrap(f);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  if (bCenter) format_set_align(f, LXW_ALIGN_CENTER);
  format_set_font_size(f, 11);
  return f;
}

int sheet_export(Store *s, const LedgerFilter *f, SheetFormat fmt, const char *zPath,
                 int *pnItem, Err *e) {
  Writer w;
  memset(&w, 0, sizeof w);
  w.s = s;
  w.fmt = fmt;
  w.lastDoc = -1;
  Headings h = {0};
  w.h = &h;
  int rc = 0;
  if (fmt == SHEET_CSV) {
    buf_puts(&w.csv, CSV_BOM);
    for (int c = 0; c < SHEET_NCOL; c++) csv_field(&w.csv, sheet_azColumn[c], c == 0);
    buf_puts(&w.csv, "\r\n");
    rc = store_ledger_list(s, f, write_item, &w, e);
    if (rc == 0) {
      FILE *fp = fopen(zPath, "wb");
      if (!fp || fwrite(w.csv.a, 1, w.csv.n, fp) != w.csv.n) {
        rc = err_set(e, LUOSHI_EIO, "cannot write %s", zPath);
      }
      if (fp && fclose(fp) != 0 && rc == 0) rc = err_set(e, LUOSHI_EIO, "cannot write %s", zPath);
      if (rc) remove(zPath);
    }
    buf_free(&w.csv);
    if (pnItem) *pnItem = w.nItem;
    return rc;
  }
  TitleFind t = {f ? f->docId : 0, NULL};
  if (t.id) store_doc_list(s, find_title, &t, e);
  rc = store_measure_titles(s, f ? f->docId : 0, collect_heading, &h, e);
  lxw_workbook *wb = rc ? NULL : workbook_new(zPath);
  if (rc == 0 && !wb) rc = err_set(e, LUOSHI_EIO, "cannot create %s", zPath);
  if (rc == 0) {
    w.ws = workbook_add_worksheet(wb, "台账");
    lxw_format *fTitle = workbook_add_format(wb);
    format_set_bold(fTitle);
    format_set_font_size(fTitle, 16);
    format_set_align(fTitle, LXW_ALIGN_CENTER);
    format_set_align(fTitle, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *fHeader = cell_format(wb, 1);
    format_set_bold(fHeader);
    format_set_bg_color(fHeader, 0xD9D9D9);
    w.fCell = cell_format(wb, 0);
    w.fCenter = cell_format(wb, 1);
    w.fHeading = cell_format(wb, 0);
    format_set_bold(w.fHeading);
    format_set_bg_color(w.fHeading, 0xF2F2F2);
    w.fRed = cell_format(wb, 1);
    format_set_bg_color(w.fRed, 0xE53935);
    format_set_font_color(w.fRed, LXW_COLOR_WHITE);
    w.fYellow = cell_format(wb, 1);
    format_set_bg_color(w.fYellow, 0xFFD54F);
    w.fBlue = cell_format(wb, 1);
    format_set_bg_color(w.fBlue, 0x1E88E5);
    format_set_font_color(w.fBlue, LXW_COLOR_WHITE);

    const char *zTitle = t.zTitle && *t.zTitle ? t.zTitle : "督查督办台账";
    worksheet_merge_range(w.ws, 0, 0, 0, SHEET_NCOL - 1, zTitle, fTitle);
    worksheet_set_row(w.ws, 0, 32, NULL);
    for (int c = 0; c < SHEET_NCOL; c++) {
      worksheet_write_string(w.ws, 1, (lxw_col_t)c, sheet_azColumn[c], fHeader);
      worksheet_set_column(w.ws, (lxw_col_t)c, (lxw_col_t)c, aWidth[c], NULL);
    }
    worksheet_freeze_panes(w.ws, 2, 0);
    worksheet_set_landscape(w.ws);
    worksheet_set_paper(w.ws, 9);  /* A4 */
    worksheet_fit_to_pages(w.ws, 1, 0);
    worksheet_repeat_rows(w.ws, 0, 1);
    worksheet_gridlines(w.ws, LXW_SHOW_PRINT_GRIDLINES);
    worksheet_set_margins(w.ws, 0.4, 0.4, 0.6, 0.6);
    w.row = 2;
    rc = store_ledger_list(s, f, write_item, &w, e);
    lxw_error le = workbook_close(wb);
    if (rc == 0 && le != LXW_NO_ERROR) {
      rc = err_set(e, LUOSHI_EIO, "cannot write %s: %s", zPath, lxw_strerror(le));
    }
    if (rc) remove(zPath);
  }
  for (size_t i = 0; i < h.n; i++) free(h.a[i].zTitle);
  free(h.a);
  free(t.zTitle);
  if (pnItem) *pnItem = w.nItem;
  return rc;
}

/* ---- reading progress back ----------------------------------------------------------------- */

typedef struct Known {
  char *zNumber;
  long long id;
  long long docId;
} Known;

typedef struct KnownList {
  Known *a;
  size_t n, cap;
} KnownList;

static int collect_known(void *ctx, const StoreItem *it) {
  KnownList *k = ctx;
  MEM_GROW(k->a, k->cap, k->n + 1);
  k->a[k->n++] = (Known){xstrdup(it->zNumber), it->id, it->docId};
  return 0;
}

static int known_cmp(const void *pA, const void *pB) {
  const Known *a = pA, *b = pB;
  int c = strcmp(a->zNumber, b->zNumber);
  return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* The item numbered z: its id, 0 when none, -1 when two documents have it. */
static long long known_find(const KnownList *k, const char *z) {
  size_t lo = 0, hi = k->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(k->a[mid].zNumber, z) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= k->n || strcmp(k->a[lo].zNumber, z) != 0) return 0;
  if (lo + 1 < k->n && strcmp(k->a[lo + 1].zNumber, z) == 0) return -1;
  return k->a[lo].id;
}

static void bad_row(SheetImport *res, size_t *pCap, int row, const char *zNumber,
                    const char *zWhy) {
  MEM_GROW(res->aBad, *pCap, (size_t)res->nBad + 1);
  SheetBadRow *b = &res->aBad[res->nBad++];
  b->row = row;
  snprintf(b->zNumber, sizeof b->zNumber, "%s", zNumber);
  snprintf(b->zWhy, sizeof b->zWhy, "%.250s", zWhy);
}

/* Trim ASCII and ideographic spaces from both ends of z into out. */
static void trimmed(const char *z, Buf *out) {
  size_t n = strlen(z);
  size_t i = 0;
  for (;;) {
    if (i < n && (z[i] == ' ' || z[i] == '\t' || z[i] == '\r' || z[i] == '\n')) i++;
    else if (n - i >= 3 && memcmp(z + i, "\xE3\x80\x80", 3) == 0) i += 3;
    else break;
  }
  for (;;) {
    if (n > i && (z[n - 1] == ' ' || z[n - 1] == '\t' || z[n - 1] == '\r' || z[n - 1] == '\n')) n--;
    else if (n - i >= 3 && memcmp(z + n - 3, "\xE3\x80\x80", 3) == 0) n -= 3;
    else break;
  }
  buf_append(out, z + i, n - i);
}

typedef struct Planned {
  int row;
  long long itemId;
  int progress;
  char *zDone;
  char zNumber[64];
} Planned;

static int planned_cmp(const void *pA, const void *pB) {
  const Planned *a = pA, *b = pB;
  if (a->itemId != b->itemId) return a->itemId < b->itemId ? -1 : 1;
  return (a->row > b->row) - (a->row < b->row);
}

static int bad_cmp(const void *pA, const void *pB) {
  const SheetBadRow *a = pA, *b = pB;
  return (a->row > b->row) - (a->row < b->row);
}

int sheet_report_import(Store *s, const Actor *a, const XlsxSheet *sh, long long docId,
                        const char *zPeriod, int bSubmit, SheetImport *res, Err *e) {
  memset(res, 0, sizeof *res);
  if (!report_period_ok(zPeriod)) {
    return err_set(e, LUOSHI_EINVAL, "'%s' is not a period: write 2019-09 or 2019Q3", zPeriod);
  }
  int header = -1, cNum = -1, cProg = -1;
  for (int r = 0; r < sh->nRow && header < 0; r++) {
    cNum = cProg = -1;
    for (int c = 0; c < sh->nCol; c++) {
      const char *z = xlsx_cell(sh, r, c);
      if (cNum < 0 && strstr(z, "序号")) cNum = c;
      else if (cProg < 0 && strstr(z, "进展")) cProg = c;
    }
    if (cNum >= 0 && cProg >= 0) header = r;
  }
  if (header < 0) {
    return err_set(e, LUOSHI_EINVAL, "sheet '%s' has no header row with 序号 and 进展情况 "
                   "columns: nothing imported", sh->zName);
  }
  KnownList k = {0};
  LedgerFilter f = {0};
  f.docId = docId;
  int rc = store_ledger_list(s, &f, collect_known, &k, e);
  if (rc) return rc;
  qsort(k.a, k.n, sizeof *k.a, known_cmp);
  Planned *aPlan = NULL;
  size_t nPlan = 0, capPlan = 0, capBad = 0;
  Buf num = BUF_INIT, prog = BUF_INIT;
  for (int r = header + 1; r < sh->nRow; r++) {
    const XlsxMerge *m = xlsx_merge_at(sh, r, cNum);
    if (m && m->col1 > m->col0) {  /* a measure heading across the row */
      res->nSkipped++;
      continue;
    }
    buf_reset(&num);
    buf_reset(&prog);
    trimmed(xlsx_cell(sh, r, cNum), &num);
    trimmed(xlsx_cell(sh, r, cProg), &prog);
    if (num.n == 0 || prog.n == 0) {
      res->nSkipped++;
      continue;
    }
    char zWhy[256] = "";
    const char *zNum = buf_str(&num), *zProg = buf_str(&prog);
    long long id = known_find(&k, zNum);
    char *end = NULL;
    long v = -1;
    if (*zProg >= '0' && *zProg <= '9') v = strtol(zProg, &end, 10);
    if (id == 0) {
      snprintf(zWhy, sizeof zWhy, "no item numbered %s in the ledger", zNum);
    } else if (id < 0) {
      snprintf(zWhy, sizeof zWhy, "%s numbers items of more than one document (give --doc)",
               zNum);
    } else if (v < 0 || v > 100 || end == zProg) {
      snprintf(zWhy, sizeof zWhy, "progress '%.60s' is not a percentage from 0 to 100", zProg);
    }
    if (!*zWhy) {
      Err e2;
      err_clear(&e2);
      if (auth_item_report(s, a, id, &e2)) snprintf(zWhy, sizeof zWhy, "%.200s", e2.zMsg);
    }
    if (*zWhy) {
      bad_row(res, &capBad, r + 1, zNum, zWhy);
      continue;
    }
    /* what was done: the text after the percentage and its separator */
    const char *zDone = end;
    if (*zDone == '%') zDone++;
    else if (strncmp(zDone, "％", 3) == 0) zDone += 3;
    for (;;) {
      if (*zDone == ' ' || *zDone == ':' || *zDone == ',' || *zDone == ';') zDone++;
      else if (strncmp(zDone, "：", 3) == 0 || strncmp(zDone, "，", 3) == 0 ||
               strncmp(zDone, "；", 3) == 0) zDone += 3;
      else break;
    }
    MEM_GROW(aPlan, capPlan, nPlan + 1);
    Planned *p = &aPlan[nPlan++];
    p->row = r + 1;
    p->itemId = id;
    p->progress = (int)v;
    p->zDone = xstrdup(zDone);
    snprintf(p->zNumber, sizeof p->zNumber, "%s", zNum);
  }
  /* an item twice: every later row is bad (sorted by item, then row) */
  if (nPlan > 1) {
    Planned *aSorted = xmalloc(nPlan * sizeof *aSorted);
    memcpy(aSorted, aPlan, nPlan * sizeof *aSorted);
    qsort(aSorted, nPlan, sizeof *aSorted, planned_cmp);
    for (size_t i = 1; i < nPlan; i++) {
      if (aSorted[i].itemId != aSorted[i - 1].itemId) continue;
      char zWhy[256];
      size_t j = i;
      while (j > 0 && aSorted[j - 1].itemId == aSorted[i].itemId) j--;
      snprintf(zWhy, sizeof zWhy, "item %.60s appears twice (rows %d and %d)",
               aSorted[i].zNumber, aSorted[j].row, aSorted[i].row);
      bad_row(res, &capBad, aSorted[i].row, aSorted[i].zNumber, zWhy);
    }
    free(aSorted);
    if (res->nBad > 1) qsort(res->aBad, (size_t)res->nBad, sizeof *res->aBad, bad_cmp);
  }
  if (res->nBad) {
    rc = err_set(e, LUOSHI_EINVAL, "%d bad row%s in sheet '%s': nothing imported", res->nBad,
                 res->nBad == 1 ? "" : "s", sh->zName);
  }
  if (rc == 0) rc = store_batch_begin(s, e);
  if (rc == 0) {
    for (size_t i = 0; rc == 0 && i < nPlan; i++) {
      StoreReport rep;
      memset(&rep, 0, sizeof rep);
      rep.itemId = aPlan[i].itemId;
      rep.zPeriod = zPeriod;
      rep.progress = aPlan[i].progress;
      rep.zDone = aPlan[i].zDone;
      rep.zProblems = "";
      rep.zNext = "";
      long long reportId = 0;
      rc = report_file(s, a, &rep, &reportId, e);
      if (rc == 0 && bSubmit) rc = report_submit(s, a, reportId, e);
      if (rc) {
        bad_row(res, &capBad, aPlan[i].row, aPlan[i].zNumber, e->zMsg);
        err_set(e, rc, "row %d (%s): %s: nothing imported", aPlan[i].row, aPlan[i].zNumber,
                res->aBad[res->nBad - 1].zWhy);
      }
    }
    rc = store_batch_end(s, rc, e);
    if (rc == 0) res->nFiled = (int)nPlan;
  }
  for (size_t i = 0; i < nPlan; i++) free(aPlan[i].zDone);
  free(aPlan);
  for (size_t i = 0; i < k.n; i++) free(k.a[i].zNumber);
  free(k.a);
  buf_free(&num);
  buf_free(&prog);
  return rc;
}

void sheet_import_free(SheetImport *res) {
  free(res->aBad);
  memset(res, 0, sizeof *res);
}
