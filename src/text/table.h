/*
** Table: a task-division table (任务分工方案 as CSV or TSV) read as a document.
**
** Offices keep the division of a decision's tasks as a sheet: a row per task with its number,
** its wording, the lead unit, the cooperating units and the deadline. table_read() turns each
** row into a paragraph block whose text is the task cell (its provenance the cell's bytes) and
** records where the row's other cells are, so that extraction can take the units and deadline
** from them rather than guess. Header words find the columns (任务/工作任务/内容, 牵头单位/
** 责任单位, 配合单位/协办单位, 完成时限/时间, 序号). A rectification table (整改台账) after an
** inspection (巡视/巡察) has a problem column (反馈问题/存在问题/问题) besides 整改措施 (the task),
** 责任单位 and 整改时限; its rows keep where the problem cell is. Quoted fields (RFC 4180) may hold commas,
** quotes and line breaks. A 责任领导 column (领导) gives each row its responsible leader. A row's
** 序号 names its measure by its leading digits (3-1: measure 3) or, written in Chinese numerals
** before a dash (十二-4), its section; a row holding nothing but a heading ("三、壮大区域发展
** 重要支点", as luoshi's own 台账 writes measure headings) gives that measure its title. Pure:
** works on a decoded Text.
*/
#ifndef LUOSHI_TEXT_TABLE_H
#define LUOSHI_TEXT_TABLE_H

#include "doc.h"

/* A cell: a byte range of Text.z (quotes excluded; doubled quotes inside stay doubled). */
typedef struct TableCell {
  uint32_t iStart, iEnd;
} TableCell;

/* What a row gives besides its task text. Empty cells have iStart == iEnd. */
typedef struct TableRow {
  int block;             /* id of the row's block */
  TableCell lead;        /* 牵头单位 */
  TableCell cooperating; /* 配合单位 */
  TableCell deadline;    /* 完成时限, 整改时限 */
  TableCell problem;     /* 反馈问题 of a rectification table */
  TableCell number;      /* 序号 as written (3-1, 十二-4) */
  TableCell leader;      /* 责任领导 */
} TableRow;

typedef struct Table {
  TableRow *aRow;        /* one per task row, in order; owned (free) */
  int nRow;
  char cSep;             /* ',' or '\t' */
  int rectification;     /* the header names a problem column: an inspection's 整改台账 */
  int bLeadColumn;       /* the header names a lead column: a blank cell there is no lead */
} Table;

/* Does the text look like a task-division table? True for a .csv/.tsv file name, or when the
** first non-blank line splits on tabs or commas into cells of which one names the task column
** and another a unit column. */
int table_detect(const Text *t, const char *zFileName);

/* Read the table into d (fresh, over its Text): a paragraph block per row with task text, and
** t->aRow. Rows without task text are skipped with a diagnostic; a header without a task
** column is an error (LUOSHI_EINVAL, message names the header line). */
int table_read(Doc *d, Table *t, Err *e);

void table_free(Table *t);

#endif
