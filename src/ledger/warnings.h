/*
** Warnings: red, yellow and blue, computed from the ledger by the rules of
** data/rules/warnings.tsv (a versioned data file an office edits, not code).
**
** The rule conditions: overdue (past the deadline, not completed), behind (progress short of
** the time-proportional 序时进度 — the share of the item's span from entering the ledger to its
** deadline that has passed — by at least the rule's points; the highest threshold that holds
** fires), no-report (no submitted or accepted report for the month or quarter the date is in),
** due-soon (the deadline within the rule's number of working days, by the holiday calendar).
** A recurring item (每年/每半年/每季度/每月: store_item_recurrence_set) is judged by its
** occurrences instead: overdue when the last one passed without a report for the month or
** quarter holding it, due-soon before the next one; behind does not apply to it (its progress
** restarts each cycle). Completed and closed items (已完成, 已销号) raise none. Every warning
** keeps its rule, the rules' version and the facts it used.
*/
#ifndef LUOSHI_LEDGER_WARNINGS_H
#define LUOSHI_LEDGER_WARNINGS_H

#include "../store/store.h"

/* Compute the warnings for date zAsOf (YYYY-MM-DD) and store them, replacing that date's.
** *pnWarning gets how many; zVersionOut[32] the rules' version. */
int warnings_run(Store *s, const char *zActor, const char *zAsOf, int *pnWarning,
                 char zVersionOut[32], Err *e);

/* Parse a warnings rules file z[0..n) (not NUL-terminated; the text warnings_run reads from
** rules/warnings.tsv) without running it: 0, or LUOSHI_EINVAL naming the bad line. *pnRule
** (may be NULL) gets the rules read so far, zVersionOut (may be NULL) its version line's
** version ("unversioned" when it has none; what was read so far after a failure).
** Pure: for checking an edited file and for the fuzz target. */
int warnings_rules_parse(const char *z, size_t n, int *pnRule, char zVersionOut[32], Err *e);

#endif
