/*
** Table: task-division tables read as documents (see table.h).
*/
#include "table.h"

#include "../base/buf.h"
#include "../base/utf8.h"

#include <stdlib.h>
#include <string.h>

enum { COL_NONE = -1 };

typedef struct Columns {
  int number, task, lead, cooperating, deadline, problem, leader;
} Columns;

/* Words that name each column in a header cell. 整改措施/整改任务 (措施, 任务) name the task
** and 整改时限 (时限) the deadline of a rectification table; its problem column is 反馈问题,
** 存在问题, 问题 or 问题表现 (问题), unless the cell also names the task (问题整改措施). */
static const char *const azTaskWord[] = {"任务", "内容", "事项", "举措", "措施", "工作", NULL};
static const char *const azProblemWord[] = {"问题", NULL};
static const char *const azLeadWord[] = {"牵头", "责任单位", "责任部门", "主责", "负责单位", NULL};
static const char *const azCoopWord[] = {"配合", "协办", "参与", "协同", NULL};
static const char *const azTimeWord[] = {"时限", "时间", "期限", "节点", NULL};
static const char *const azNumberWord[] = {"序号", "编号", "号", NULL};
static const char *const azLeaderWord[] = {"领导", NULL};  /* 责任领导, 分管领导, 牵头领导 */

static int cell_has(const char *z, size_t s, size_t e, const char *const *az) {
  for (int k = 0; az[k]; k++) {
    size_t m = strlen(az[k]);
    for (size_t i = s; i + m <= e; i++) {
      if (memcmp(z + i, az[k], m) == 0) return 1;
    }
  }
  return 0;
}

/* Split the record starting at z[i] into cells; returns the offset after its line break.
** Cells go to *paCell (grown as needed). */
static size_t read_record(const char *z, size_t n, size_t i, char cSep, TableCell **paCell,
                          size_t *pnCell, size_t *pCap) {
  *pnCell = 0;
  for (;;) {
    size_t s = i, e;
    if (i < n && z[i] == '"') {
      /* quoted: runs to the closing quote, "" is a quote */
      s = ++i;
      while (i < n && !(z[i] == '"' && (i + 1 >= n || z[i + 1] != '"'))) i += (z[i] == '"') ? 2 : 1;
      e = i < n ? i : n;
      if (i < n) i++;
      while (i < n && z[i] != cSep && z[i] != '\n') i++;  /* junk after the quote */
    } else {
      while (i < n && z[i] != cSep && z[i] != '\n') i++;
      e = i;
      if (e > s && z[e - 1] == '\r') e--;
    }
    MEM_GROW(*paCell, *pCap, *pnCell + 1);
    (*paCell)[(*pnCell)++] = (TableCell){(uint32_t)s, (uint32_t)e};
    if (i >= n) return n;
    if (z[i] == '\n') return i + 1;
    i++;  /* separator */
  }
}

static char guess_separator(const char *z, size_t n) {
  size_t nTab = 0, nComma = 0;
  for (size_t i = 0; i < n && z[i] != '\n'; i++) {
    nTab += z[i] == '\t';
    nComma += z[i] == ',';
  }
  return nTab >= nComma ? '\t' : ',';
}

static int find_columns(const char *z, const TableCell *a, size_t nCell, Columns *c) {
  c->number = c->task = c->lead = c->cooperating = c->deadline = c->problem = COL_NONE;
  c->leader = COL_NONE;
  for (size_t k = 0; k < nCell; k++) {
    size_t s = a[k].iStart, e = a[k].iEnd;
    if (c->leader == COL_NONE && cell_has(z, s, e, azLeaderWord)) c->leader = (int)k;
    else if (c->lead == COL_NONE && cell_has(z, s, e, azLeadWord)) c->lead = (int)k;
    else if (c->cooperating == COL_NONE && cell_has(z, s, e, azCoopWord)) c->cooperating = (int)k;
    else if (c->deadline == COL_NONE && cell_has(z, s, e, azTimeWord)) c->deadline = (int)k;
    else if (c->number == COL_NONE && cell_has(z, s, e, azNumberWord)) c->number = (int)k;
    else if (c->problem == COL_NONE && cell_has(z, s, e, azProblemWord) &&
             !cell_has(z, s, e, azTaskWord)) c->problem = (int)k;
    else if (c->task == COL_NONE && cell_has(z, s, e, azTaskWord)) c->task = (int)k;
  }
  return c->task != COL_NONE;
}

int table_detect(const Text *t, const char *zFileName) {
  if (zFileName) {
    const char *dot = strrchr(zFileName, '.');
    if (dot && (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".tsv") == 0)) return 1;
  }
  size_t i = 0;
  while (i < t->nByte && (t->z[i] == '\n' || t->z[i] == '\r' || t->z[i] == ' ')) i++;
  const char *z = t->z + i;
  size_t n = t->nByte - i;
  char cSep = guess_separator(z, n);
  TableCell *a = NULL;
  size_t nCell = 0, cap = 0;
  read_record(z, n, 0, cSep, &a, &nCell, &cap);
  Columns c;
  int ok = nCell >= 2 && find_columns(z, a, nCell, &c) && (c.lead != COL_NONE);
  free(a);
  return ok;
}

/* The value of the Chinese numeral z[0..n) (一 … 九十九: 三, 十二, 二十一), or 0 when it is not
** one. */
static int chinese_numeral(const char *z, size_t n) {
  static const char *const azDigit[10] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  int tens = 0, units = 0, bTen = 0;
  for (size_t i = 0; i + 3 <= n; i += 3) {
    int d = -1;
    for (int k = 1; k < 10 && d < 0; k++) d = memcmp(z + i, azDigit[k], 3) == 0 ? k : -1;
    if (d < 0 && memcmp(z + i, "十", 3) == 0 && !bTen) {
      tens = units ? units : 1;
      units = 0;
      bTen = 1;
    } else if (d > 0 && !units) {
      units = d;
    } else {
      return 0;
    }
  }
  return n % 3 == 0 ? tens * 10 + units : 0;
}

/* Does cell c read as a measure heading, a Chinese numeral and 、 before a title ("三、壮大区域
** 发展重要支点")? Returns the numeral's value and sets *pTitle to the title's range, or 0. */
static int heading_cell(const char *z, TableCell c, TableCell *pTitle) {
  uint32_t i = c.iStart;
  while (i < c.iEnd && (z[i] == ' ' || z[i] == '"')) i++;
  uint32_t s = i;
  while (i + 3 <= c.iEnd && memcmp(z + i, "、", 3) != 0) i += 3;
  if (i + 3 > c.iEnd || i == s || i - s > 12) return 0;
  int v = chinese_numeral(z + s, i - s);
  uint32_t e = c.iEnd;
  while (e > i + 3 && (z[e - 1] == ' ' || z[e - 1] == '\r' || z[e - 1] == '"')) e--;
  if (!v || e <= i + 3) return 0;
  *pTitle = (TableCell){i + 3, e};
  return v;
}

/* A measure heading met in the table: its number and title. */
typedef struct TableHeading {
  int measure;
  const char *zTitle;    /* in the Doc's arena */
} TableHeading;

static TableCell cell_or_empty(const TableCell *a, size_t nCell, int k) {
  if (k == COL_NONE || (size_t)k >= nCell) return (TableCell){0, 0};
  return a[k];
}

/* Append z[s..e) to a block, dropping line breaks and white space next to Chinese text, and in
** a quoted cell (bQuoted) the second quote of each doubled pair. */
static void block_text(Doc *d, Block *b, const char *z, size_t s, size_t e, int bQuoted) {
  Buf text = BUF_INIT;
  Seg *aSeg = NULL;
  size_t nSeg = 0, cap = 0;
  size_t run = s;
  for (size_t i = s; i <= e;) {
    uint32_t cp = 0;
    int len = 1;
    if (i < e) len = utf8_decode((const unsigned char *)z + i, e - i, &cp);
    int bDoubled = bQuoted && i + 1 < e && z[i] == '"' && z[i + 1] == '"';
    if (i == e || utf8_is_space(cp) || bDoubled) {
      size_t runEnd = bDoubled ? i + 1 : i;  /* a doubled quote keeps its first */
      if (runEnd > run) {
        MEM_GROW(aSeg, cap, nSeg + 1);
        aSeg[nSeg++] = (Seg){(uint32_t)text.n, (uint32_t)run, (uint32_t)(runEnd - run)};
        buf_append(&text, z + run, runEnd - run);
      }
      if (i == e) break;
      if (bDoubled) len = 2;
      run = i + (size_t)len;
    }
    i += (size_t)len;
  }
  b->zText = arena_strndup(&d->arena, buf_str(&text), text.n);
  b->nText = text.n;
  b->aSeg = arena_alloc(&d->arena, sizeof(Seg) * (nSeg ? nSeg : 1));
  if (nSeg) memcpy(b->aSeg, aSeg, sizeof(Seg) * nSeg);
  b->nSeg = (int)nSeg;
  b->iSrcStart = s;
  b->iSrcEnd = e;
  b->lineFirst = text_line_of(d->pText, s);
  b->lineLast = text_line_of(d->pText, e > s ? e - 1 : s);
  buf_free(&text);
  free(aSeg);
}

int table_read(Doc *d, Table *tab, Err *e) {
  const Text *t = d->pText;
  const char *z = t->z;
  size_t n = t->nByte;
  memset(tab, 0, sizeof *tab);
  size_t i = 0;
  while (i < n && (z[i] == '\n' || z[i] == '\r')) i++;
  tab->cSep = guess_separator(z + i, n - i);
  TableCell *a = NULL;
  size_t nCell = 0, capCell = 0, capRow = 0;
  size_t headerAt = i;
  i = read_record(z, n, i, tab->cSep, &a, &nCell, &capCell);
  Columns c;
  if (!find_columns(z, a, nCell, &c)) {
    free(a);
    int line = text_line_of(t, headerAt);
    return err_set_at(e, LUOSHI_EINVAL, line, (long long)headerAt,
                      "line %d: the table's header names no task column (任务, 工作任务, 内容 …)",
                      line);
  }
  tab->rectification = c.problem != COL_NONE;
  tab->bLeadColumn = c.lead != COL_NONE;
  TableHeading *aHead = NULL;
  size_t nHead = 0, capHead = 0;
  while (i < n) {
    size_t at = i;
    i = read_record(z, n, i, tab->cSep, &a, &nCell, &capCell);
    TableCell task = cell_or_empty(a, nCell, c.task);
    int bQuoted = task.iStart > 0 && z[task.iStart - 1] == '"';
    /* trim the task cell */
    while (task.iStart < task.iEnd && (z[task.iStart] == ' ' || z[task.iStart] == '\t')) task.iStart++;
    while (task.iEnd > task.iStart && (z[task.iEnd - 1] == ' ' || z[task.iEnd - 1] == '\r')) task.iEnd--;
    /* the quote a CSV writer (csv.h) puts before text a spreadsheet would run as a formula */
    if (task.iEnd - task.iStart >= 2 && z[task.iStart] == '\'' &&
        strchr("=+-@", z[task.iStart + 1])) {
      task.iStart++;
    }
    /* a row holding only a heading, in whichever column: the title of a measure */
    int nFull = 0;
    TableCell full = {0, 0}, title = {0, 0};
    for (size_t k = 0; k < nCell; k++) {
      if (a[k].iEnd > a[k].iStart) nFull++, full = a[k];
    }
    int measure = nFull == 1 ? heading_cell(z, full, &title) : 0;
    if (measure) {
      MEM_GROW(aHead, capHead, nHead + 1);
      aHead[nHead++] = (TableHeading){measure, arena_strndup(&d->arena, z + title.iStart,
                                                             title.iEnd - title.iStart)};
      continue;
    }
    if (task.iEnd <= task.iStart) {
      if (nFull) {
        int line = text_line_of(t, at);
        doc_diag(d, DIAG_WARNING, line, line, "row at line %d has no task text: skipped", line);
      }
      continue;
    }
    Block *b = doc_block_new(d);
    b->kind = BLOCK_PARAGRAPH;
    b->fragment = 1;
    block_text(d, b, z, task.iStart, task.iEnd, bQuoted);
    TableCell num = cell_or_empty(a, nCell, c.number);
    if (num.iEnd > num.iStart) {
      int v = 0;
      for (size_t k = num.iStart; k < num.iEnd && z[k] >= '0' && z[k] <= '9'; k++) {
        v = v * 10 + (z[k] - '0');
      }
      if (v > 0 && v < 100000) b->measure = v;
      /* 十二-4: a section's item, numbered in its Chinese numeral */
      uint32_t dash = num.iStart;
      while (dash < num.iEnd && z[dash] != '-') dash++;
      if (!v && dash < num.iEnd && chinese_numeral(z + num.iStart, dash - num.iStart)) {
        b->zSection = arena_strndup(&d->arena, z + num.iStart, dash - num.iStart);
      }
    }
    for (size_t k = nHead; b->measure && k > 0; k--) {
      if (aHead[k - 1].measure == b->measure) {
        b->zMeasureTitle = aHead[k - 1].zTitle;
        break;
      }
    }
    MEM_GROW(tab->aRow, capRow, (size_t)tab->nRow + 1);
    TableRow *r = &tab->aRow[tab->nRow++];
    r->block = b->id;
    r->lead = cell_or_empty(a, nCell, c.lead);
    r->cooperating = cell_or_empty(a, nCell, c.cooperating);
    r->deadline = cell_or_empty(a, nCell, c.deadline);
    r->problem = cell_or_empty(a, nCell, c.problem);
    r->number = num;
    r->leader = cell_or_empty(a, nCell, c.leader);
  }
  free(a);
  free(aHead);
  d->nFragment = d->nBlock ? 1 : 0;
  doc_diag(d, DIAG_INFO, 0, 0, "read as a %s table: %d rows",
           tab->rectification ? "rectification (整改台账)" : "task-division", tab->nRow);
  return 0;
}

void table_free(Table *t) {
  free(t->aRow);
  memset(t, 0, sizeof *t);
}
