/*
** Requests on items: extension (延期申请), close-out (销号), fault tolerance (容错申请); their
** decisions; reopening; accountability records (提醒谈话, 约谈, 通报, 问责).
**
** The rules over store.h: an extension is asked before the deadline, for a later date; a
** close-out needs evidence on the item's reports and, when approved, a verdict (achieved,
** partly, not achieved, not verifiable); a fault-tolerance request states each condition of
** data/rules/tolerance.tsv and the period it covers; the item's unit asks, a supervisor decides.
*/
#ifndef LUOSHI_LEDGER_REQUESTS_H
#define LUOSHI_LEDGER_REQUESTS_H

#include "auth.h"

/* Ask for an extension of item itemId to zTo, on date zToday (both YYYY-MM-DD). */
int request_extension(Store *s, const Actor *a, long long itemId, const char *zTo,
                      const char *zToday, const char *zReason, long long *pId, Err *e);
/* Ask to close item itemId (its reports must hold evidence). */
int request_closeout(Store *s, const Actor *a, long long itemId, const char *zReason,
                     long long *pId, Err *e);
/* Ask for fault tolerance on item itemId for zPeriod; zClaims lists the condition keys the unit
** claims are met (comma-separated), the others are recorded as not met. */
int request_tolerance(Store *s, const Actor *a, long long itemId, const char *zPeriod,
                      const char *zClaims, const char *zReason, long long *pId, Err *e);
/* Approve or reject request id (zVerdict required to approve a close-out). */
int request_decide(Store *s, const Actor *a, long long id, int approve, const char *zNote,
                   const char *zVerdict, Err *e);

#endif
