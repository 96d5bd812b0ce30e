/*
** Import: decode, reflow, structure, extract (see import.h).
*/
#include "import.h"

#include "../text/docx.h"
#include "../text/xlsx.h"
#include "../text/reflow.h"
#include "../text/structure.h"
#include "../text/table.h"
#include "units.h"
#include "../base/sha256.h"
#include "../base/utf8.h"
#include "lexicon.h"
#include "findings.h"

#include <stdlib.h>
#include <string.h>

void import_sha256(const unsigned char *z, size_t nByte, char zOut[65]) {
  unsigned char h[32];
  sha256_digest(z, nByte, h);
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    zOut[2 * i] = hex[h[i] >> 4];
    zOut[2 * i + 1] = hex[h[i] & 15];
  }
  zOut[64] = 0;
}

/* The file name less its directory and extension, for a title of last resort. */
static char *title_from_name(const char *zPath) {
  if (!zPath) return xstrdup("untitled");
  const char *base = strrchr(zPath, '/');
  base = base ? base + 1 : zPath;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
  return xstrndup(base, n);
}

/* A cell of a table row (the problem of a rectification row, a 序号, a 责任领导) as one line:
** line breaks and the white space next to them dropped, doubled quotes undone; NULL when
** empty. */
static char *row_problem(Arena *a, const char *z, TableCell c) {
  if (c.iEnd <= c.iStart) return NULL;
  Buf b = BUF_INIT;
  for (uint32_t i = c.iStart; i < c.iEnd; i++) {
    if (z[i] == '\r' || z[i] == '\n') {
      while (b.n && (b.a[b.n - 1] == ' ' || b.a[b.n - 1] == '\t')) b.n--;
      while (i + 1 < c.iEnd && (z[i + 1] == ' ' || z[i + 1] == '\t' || z[i + 1] == '\r' ||
                                z[i + 1] == '\n')) i++;
      continue;
    }
    if (z[i] == '"' && i + 1 < c.iEnd && z[i + 1] == '"') i++;
    buf_append(&b, z + i, 1);
  }
  size_t s = 0;
  while (s < b.n && (b.a[s] == ' ' || b.a[s] == '\t')) s++;
  while (b.n > s && (b.a[b.n - 1] == ' ' || b.a[b.n - 1] == '\t')) b.n--;
  char *r = b.n > s ? arena_strndup(a, b.a + s, b.n - s) : NULL;
  buf_free(&b);
  return r;
}

/* A table's own columns assign its tasks: the units and deadline of the row, not a guess. */
static void apply_table(Import *im, const Table *tab) {
  const char *z = im->t.z;
  Arena *a = &im->ex.arena;
  int iTask = 0;
  for (int r = 0; r < tab->nRow; r++) {
    const TableRow *row = &tab->aRow[r];
    TaskUnits *u = arena_alloc(a, sizeof(TaskUnits));
    memset(u, 0, sizeof *u);
    u->nLead = units_split(a, z + row->lead.iStart, row->lead.iEnd - row->lead.iStart, &u->azLead);
    u->nCooperating = units_split(a, z + row->cooperating.iStart,
                                  row->cooperating.iEnd - row->cooperating.iStart,
                                  &u->azCooperating);
    size_t nDeadline = row->deadline.iEnd - row->deadline.iStart;
    if (nDeadline) u->zDeadline = arena_strndup(a, z + row->deadline.iStart, nDeadline);
    u->zProblem = row_problem(a, z, row->problem);
    u->zNumber = row_problem(a, z, row->number);
    u->zLeader = row_problem(a, z, row->leader);
    int year = units_deadline_year(z + row->deadline.iStart, nDeadline);
    while (iTask < im->ex.nTask && im->ex.aTask[iTask].block < row->block) iTask++;
    for (; iTask < im->ex.nTask && im->ex.aTask[iTask].block == row->block; iTask++) {
      Task *t = &im->ex.aTask[iTask];
      if (u->nLead || u->nCooperating || u->zDeadline || u->zProblem || u->zNumber || u->zLeader) {
        task_more(a, t)->pUnits = u;
      }
      if (year) t->deadline = (int16_t)year;
      /* the table's lead, or its blank lead cell: the office's choice, not to be guessed at */
      if (u->nLead || tab->bLeadColumn) t->aSuggested[0] = t->aSuggested[1] = -1;
    }
  }
}

/* A table row is an item of the office's: each row gives at least one task, the whole of its
** text when extraction finds no directive in it (a row added by hand, "=HYPERLINK(…)"), and of
** the tasks extraction finds in a row with the very same words (出台…规划和…方案 read as one
** task per document) only the first is kept. Task ids are renumbered in order; targets follow
** their task. */
static void table_tasks_by_row(const Doc *d, Extraction *x) {
  Task *aOld = x->aTask;
  int nOld = x->nTask;
  Task *aNew = xmalloc(sizeof(Task) * ((size_t)nOld + (size_t)d->nBlock + 1));
  int *aNewId = xmalloc(sizeof(int) * ((size_t)nOld + 1));
  int n = 0, k = 0;
  for (int i = 0; i < d->nBlock; i++) {
    const Block *b = &d->aBlock[i];
    int nRow = 0;
    for (; k < nOld && aOld[k].block <= b->id; k++) {
      const Task *t = &aOld[k];
      const Task *prev = nRow ? &aNew[n - 1] : NULL;
      if (prev && prev->iStart == t->iStart && prev->iEnd == t->iEnd && t->nTarget == 0) {
        aNewId[t->id] = prev->id;
        continue;
      }
      aNewId[t->id] = n + 1;
      aNew[n] = *t;
      aNew[n].id = n + 1;
      n++;
      nRow++;
    }
    if (nRow == 0 && b->kind == BLOCK_PARAGRAPH && b->nSent > 0 && b->nText > 0) {
      Task *t = &aNew[n];
      memset(t, 0, sizeof *t);
      t->id = ++n;
      t->block = b->id;
      t->iEnd = (uint32_t)b->nText;
      t->kind = TASK_OTHER;
      t->aSuggested[0] = t->aSuggested[1] = -1;
    }
  }
  for (int j = 0; j < x->nTarget; j++) {
    Target *g = &x->aTarget[j];
    if (g->task > 0 && g->task <= nOld) g->task = aNewId[g->task];
  }
  free(aOld);
  free(aNewId);
  x->aTask = aNew;
  x->nTask = n;
}

int import_run(const unsigned char *z, size_t nByte, const ImportOpts *o, Import *im, Err *e) {
  memset(im, 0, sizeof *im);
  im->zKind = (o && o->bInspection) ? "inspection" : "decision";
  size_t nMax = (o && o->nMaxByte) ? o->nMaxByte : ((size_t)256 << 20);
  if (nMax > DOC_MAX_BYTES) nMax = DOC_MAX_BYTES;
  if (nByte > nMax) {
    return err_set(e, LUOSHI_ETOOBIG, "the input is %zu bytes, over the limit of %zu bytes",
                   nByte, nMax);
  }
  im->nSrcByte = nByte;
  import_sha256(z, nByte, im->zSha256);
  const unsigned char *zText = z;
  size_t nText = nByte;
  DecodeOpts dopt = {o ? o->forceEncoding : -1, o ? o->bTerminated : 0};
  im->zFormat = "text";
  char *zSheetTitle = NULL;
  int bSheet = 0;
  if (xlsx_is_xlsx(z, nByte)) {
    /* a task-division table kept as .xlsx: its rows as tab-separated text for table.c */
    XlsxSheet sh;
    int rc = xlsx_read(z, nByte, NULL, nMax < XLSX_MAX_BYTE ? nMax : XLSX_MAX_BYTE, &sh, e);
    if (rc == 0 && xlsx_table_text(&sh, &im->text, &zSheetTitle, NULL) < 2) {
      rc = err_set(e, LUOSHI_EINVAL, "sheet '%s' has no header row naming the task and unit "
                   "columns (任务 … 牵头单位), or no rows under it", sh.zName);
    }
    xlsx_free(&sh);
    if (rc) {
      buf_free(&im->text);
      free(zSheetTitle);
      return rc;
    }
    /* the rows' text is all that is read from here on: the workbook's bytes can go */
    if (o && o->pSource) buf_free(o->pSource);
    zText = (const unsigned char *)im->text.a;
    nText = im->text.n;
    dopt.forceEncoding = TEXT_UTF8;
    dopt.bSrcTerminated = 1;
    bSheet = 1;
  } else if (docx_is_zip(z, nByte)) {
    int nPara = 0;
    int rc = docx_extract(z, nByte, nMax, &im->text, &nPara, e);
    if (rc) {
      buf_free(&im->text);
      return rc;
    }
    if (im->text.n == 0 || nPara == 0) {
      buf_free(&im->text);
      return err_set(e, LUOSHI_EINVAL, "the Word document holds no text");
    }
    zText = (const unsigned char *)im->text.a;
    nText = im->text.n;
    dopt.forceEncoding = TEXT_UTF8;
    dopt.bSrcTerminated = 1;  /* a Buf always ends in a NUL */
    im->zFormat = "docx";
  }
  int rc = decode_run(zText, nText, &dopt, &im->t, e);
  if (rc) {
    buf_free(&im->text);
    free(zSheetTitle);
    return rc;
  }
  lexicon_init_text();
  doc_init(&im->doc, &im->t);
  Table table = {0};
  int isTable = bSheet || (strcmp(im->zFormat, "docx") != 0 &&
                           table_detect(&im->t, o ? o->zFileName : NULL));
  if (isTable) {
    im->zFormat = "table";
    rc = table_read(&im->doc, &table, e);
    if (rc) {
      import_free(im);
      free(zSheetTitle);
      return rc;
    }
    if (table.rectification) im->zKind = "inspection";
  } else {
    reflow_run(&im->doc);
  }
  structure_run(&im->doc);
  im->nChar = utf8_nchar(im->t.z, im->t.nByte);
  /* From here on UTF-8 text is reached through the blocks and the line table only: the
  ** caller's buffer (and a .docx's extracted text) can go before extraction allocates. */
  if (o && o->pSource && !isTable && im->t.enc != TEXT_GB18030 && im->t.bBorrowed) {
    buf_free(o->pSource);
    buf_free(&im->text);
    im->t.z = NULL;
    im->t.zSrc = NULL;
  }
  int nContent = 0;
  for (int i = 0; i < im->doc.nBlock; i++) nContent += block_is_content(&im->doc.aBlock[i]);
  if (nContent == 0) {
    free(zSheetTitle);
    import_free(im);
    return err_set(e, LUOSHI_EINVAL, "the file holds no text to read (only blank lines or "
                                     "page markers)");
  }
  extract_run(&im->doc, lexicon_get(), &im->ex);
  if (isTable) {
    table_tasks_by_row(&im->doc, &im->ex);
    apply_table(im, &table);
  }
  /* an inspection's feedback in prose: its enumerated problems are the tasks (findings.h) */
  else if (o && o->bInspection) findings_apply(&im->doc, &im->ex);
  table_free(&table);
  /* a sheet's title row names the document */
  im->zTitle = zSheetTitle          ? zSheetTitle
               : im->doc.zTitle ? xstrdup(im->doc.zTitle)
                                : title_from_name(o ? o->zFileName : NULL);
  return 0;
}

void import_free(Import *im) {
  extraction_free(&im->ex);
  doc_free(&im->doc);
  text_free(&im->t);
  buf_free(&im->text);
  free(im->zTitle);
  memset(im, 0, sizeof *im);
}
