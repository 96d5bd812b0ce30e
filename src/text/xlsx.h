/*
** Xlsx: the cells of one worksheet of an Excel .xlsx (Office Open XML) workbook, as text.
**
** An .xlsx is a zip archive: xl/workbook.xml names the sheets, xl/_rels/workbook.xml.rels says
** which part holds each, xl/sharedStrings.xml holds the strings cells point at, xl/styles.xml
** says which cells are dates. xlsx_read() opens the archive from memory with libzip and streams
** each part through expat, as docx.c does. Every cell comes out as UTF-8 text: strings (shared,
** inline, formula strings) as written; numbers as the shortest decimal that reads back
** (integers without a point); date-formatted numbers (built-in number formats 14-22, or a
** custom format with y, m or d outside quotes and brackets) as ISO dates YYYY-MM-DD (with
** " HH:MM" when they have a time of day), 1900 or 1904 date system; booleans as TRUE/FALSE.
** Formulas are never evaluated: the cached value <v> is the cell's value. A merged range takes
** the value of its top-left cell in every cell of the range (offices merge measure headings and
** a lead unit over the rows it leads). Pure: bytes in, cells out; no files.
**
** Limits (a zip bomb guard): a part larger than nMaxByte uncompressed (declared or inflated) is
** refused, and so is an archive whose entries declare more than XLSX_RATIO_MAX times their
** compressed size in total once over XLSX_RATIO_FLOOR bytes. Refusals fill Err and return
** LUOSHI_ETOOBIG; nothing is returned.
*/
#ifndef LUOSHI_TEXT_XLSX_H
#define LUOSHI_TEXT_XLSX_H

#include "../base/buf.h"
#include "../base/err.h"
#include "../base/mem.h"

#include <stddef.h>

#define XLSX_MAX_BYTE ((size_t)50 << 20)       /* default per-part cap: 50 MB */
#define XLSX_RATIO_MAX 200                     /* uncompressed / compressed, whole archive */
#define XLSX_RATIO_FLOOR ((size_t)10 << 20)    /* ... checked once over 10 MB uncompressed */

typedef struct XlsxCell {
  int row, col;          /* 0-based: A1 is (0, 0) */
  const char *z;         /* its text, never NULL, in the sheet's arena */
} XlsxCell;

typedef struct XlsxMerge {
  int row0, col0, row1, col1;  /* inclusive corners, row0 <= row1, col0 <= col1 */
} XlsxMerge;

/* One worksheet. Cells are sorted by row then column; empty cells are left out. */
typedef struct XlsxSheet {
  char *zName;           /* the sheet's name (arena) */
  XlsxCell *aCell;       /* owned */
  int nCell;
  XlsxMerge *aMerge;     /* owned */
  int nMerge;
  int nRow, nCol;        /* one past the last row and column holding a cell or a merge */
  int nFormula;          /* cells whose value came from a formula's cached <v> */
  int nDate;             /* cells rendered as dates from their number format */
  Arena arena;           /* the strings */
} XlsxSheet;

/* Is z[0..nByte) a zip archive holding xl/workbook.xml? */
int xlsx_is_xlsx(const unsigned char *z, size_t nByte);

/* Read the worksheet named zSheet (NULL: the first in the workbook's order) of the .xlsx in
** z[0..nByte) into *sh (free it with xlsx_free, also after a failure). nMaxByte caps each part
** (0: XLSX_MAX_BYTE). Returns 0; LUOSHI_EINVAL (not an .xlsx, malformed XML, no such sheet;
** the message names the part and line); LUOSHI_ETOOBIG (a limit above). */
int xlsx_read(const unsigned char *z, size_t nByte, const char *zSheet, size_t nMaxByte,
              XlsxSheet *sh, Err *e);

/* The text of cell (row, col), through merges (a cell inside a merged range gives the range's
** top-left text); "" when empty. Borrowed from sh. */
const char *xlsx_cell(const XlsxSheet *sh, int row, int col);

/* The merged range holding (row, col), or NULL. */
const XlsxMerge *xlsx_merge_at(const XlsxSheet *sh, int row, int col);

/* Date serial number (1900 system, with Excel's phantom 1900-02-29 at 60; b1904: the 1904
** system) as YYYY-MM-DD into zOut[11]. Returns 0, or -1 when out of 1900..9999 (zOut ""). */
int xlsx_date_from_serial(double serial, int b1904, char zOut[11]);

/* Parse a cell reference ("B12", "$C$3") into 0-based row and column. Returns 0 or -1. */
int xlsx_ref_parse(const char *z, int *pRow, int *pCol);

/* The task-division table (任务分工方案) in sh as tab-separated text for table.c, appended to
** out: rows above the header row (the first row with a cell naming the task — 任务, 内容, 事项,
** 措施 — and another naming a unit — 单位, 牵头, 部门) are left out, the first non-empty one's
** text going to *pzTitle (malloc'd; NULL when none); so are blank rows. A heading row (a
** merged range covering two or more of the header's columns, or a single non-empty cell) is
** written with its text in the first cell and the others empty, for table.c to take measure
** titles from. Cells are joined with tabs; a cell holding a tab, a quote or a line break is
** quoted (RFC 4180 style, quotes doubled). Returns the rows written (the header included,
** heading rows not), or -1 when no row looks like a header (nothing appended). *pnHeading
** gets the heading rows. */
int xlsx_table_text(const XlsxSheet *sh, Buf *out, char **pzTitle, int *pnHeading);

void xlsx_free(XlsxSheet *sh);

#endif
