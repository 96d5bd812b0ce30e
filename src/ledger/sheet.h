/*
** Sheet: the ledger (台账) as an office spreadsheet, and a filled-in sheet read back as reports.
**
** sheet_export() writes the items a LedgerFilter selects in the layout offices keep their 台账
** in: a title row (the document's title), a header row 序号 任务内容 责任领导 牵头单位 配合单位
** 完成时限 进展情况 状态 预警, and before each measure's items a heading row ("三、壮大区域发展
** 重要支点") merged across all columns. As .xlsx (libxlsxwriter): frozen header, column widths,
** wrapped text, A4 landscape fitted to the page width with the header rows repeated and
** gridlines printed, the warning cell coloured. As CSV (csv.h): the header and item rows only,
** UTF-8 with a BOM. 进展情况 is the latest submitted or accepted report's progress and what was
** done: "60%：已完成规划编制". 完成时限 is the deadline, or a recurring item's recurrence in the
** words ledger create reads back (每季度末, 每年年底前, 每月10日前), or 长期坚持.
**
** Both read back (text/table.c, ledger.h): `luoshi import` of the sheet makes a document whose
** measures carry the heading titles and whose rows keep their 序号 and 责任领导, `ledger create`
** makes the same items, and sheet_report_import the same progress; status and warnings are
** derived again by the warning rules.
**
** sheet_report_import() reads the exported layout back after units filled in 进展情况: each row
** with a number and a progress files a report for that item and period as the acting person,
** with the checks of report_file, all in one transaction (store_batch_begin); any bad row and
** nothing is imported, every bad row is listed.
*/
#ifndef LUOSHI_LEDGER_SHEET_H
#define LUOSHI_LEDGER_SHEET_H

#include "../text/xlsx.h"
#include "auth.h"

/* The columns of the office ledger sheet, in order. */
#define SHEET_NCOL 9
extern const char *const sheet_azColumn[SHEET_NCOL];

typedef enum SheetFormat { SHEET_XLSX, SHEET_CSV } SheetFormat;

/* Write the items f selects to zPath as fmt. *pnItem (may be NULL) gets the item rows written.
** Returns 0, or LUOSHI_EIO with e filled (the file could not be written; a partial file is
** removed). */
int sheet_export(Store *s, const LedgerFilter *f, SheetFormat fmt, const char *zPath,
                 int *pnItem, Err *e);

/* A row the import refused: its sheet row (1-based, as a spreadsheet shows it), the number
** written in it, and why. */
typedef struct SheetBadRow {
  int row;
  char zNumber[64];
  char zWhy[256];
} SheetBadRow;

typedef struct SheetImport {
  int nFiled;            /* reports filed (and submitted when asked) */
  int nSkipped;          /* rows without a number or without a progress (headings, blanks) */
  SheetBadRow *aBad;     /* owned: free with sheet_import_free */
  int nBad;
} SheetImport;

/* Import the progress filled into sh for period zPeriod (2019-09, 2019Q3), acting as a; docId
** 0 matches numbers across every document (a number found in two is a bad row). bSubmit
** submits each report after filing it. The header row is the first holding a cell 序号 and a
** cell with 进展; a row's progress is the 进展情况 cell's leading whole number ("60%", "60%：
** 已完成…", or a number 60), the text after it what was done. Returns 0; LUOSHI_EINVAL with e
** saying how many rows are bad (listed in res->aBad) and nothing imported; or the error of a
** failure while filing (nothing imported either). */
int sheet_report_import(Store *s, const Actor *a, const XlsxSheet *sh, long long docId,
                        const char *zPeriod, int bSubmit, SheetImport *res, Err *e);
void sheet_import_free(SheetImport *res);

#endif
