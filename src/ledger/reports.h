/*
** Reports: a unit's periodic progress on a ledger item, with evidence, and its review.
**
** The rules over store.h: a period is a month (2019-03) or a quarter (2019Q1); progress is a
** whole percentage; evidence files are kept whole with their SHA-256, up to
** REPORT_EVIDENCE_MAX bytes each; a reporter files and submits for their own unit's items, a
** supervisor accepts or returns (with a reason), and a returned report is edited and
** submitted again.
*/
#ifndef LUOSHI_LEDGER_REPORTS_H
#define LUOSHI_LEDGER_REPORTS_H

#include "auth.h"

#define REPORT_EVIDENCE_MAX ((size_t)20 << 20)
/* What was done, problems, next steps, a reason: each at most this many bytes (fields.h). */
#define REPORT_TEXT_MAX ((size_t)20000)

/* Is z a period: YYYY-MM (month) or YYYYQn (quarter)? */
int report_period_ok(const char *z);

/* File (create or edit) a's unit's report r on r->itemId; r->unitId is taken from the actor
** (a reporter's unit; for others, the item's lead unit). *pId gets its id. */
int report_file(Store *s, const Actor *a, StoreReport *r, long long *pId, Err *e);

/* Attach the file at zPath to report id (a draft or returned report a may act on). */
int report_attach(Store *s, const Actor *a, long long id, const char *zPath, Err *e);
/* Attach nByte bytes at pData, named zName (any directory part is dropped; the name is checked
** like a field), to report id: the same checks and limit as report_attach, which reads the
** bytes from a file and calls this. */
int report_attach_data(Store *s, const Actor *a, long long id, const char *zName,
                       const void *pData, size_t nByte, Err *e);

/* Submit, accept or return (zReason required) report id. */
int report_submit(Store *s, const Actor *a, long long id, Err *e);
int report_accept(Store *s, const Actor *a, long long id, Err *e);
int report_return(Store *s, const Actor *a, long long id, const char *zReason, Err *e);

#endif
