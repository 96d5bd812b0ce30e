/*
** Escalation (催办/督办): the ladder of data/rules/escalation.tsv turns warning episodes into
** notices addressed to the responsible unit, kept in an outbox (outbox.h delivers them).
**
** The rules over store.h: `escalation_run` reads the items warned on a date (the warning rules
** must have run for it), gives each the highest step of the ladder it qualifies for (colour at
** least the step's, warned that badly for at least the step's days) and adds one notice per
** item, step and episode; running it again adds nothing. Only the office (a supervisor)
** escalates.
*/
#ifndef LUOSHI_LEDGER_ESCALATION_H
#define LUOSHI_LEDGER_ESCALATION_H

#include "auth.h"

/* Run the ladder over the warnings of zAsOf (YYYY-MM-DD). *pnItem gets the items warned that
** day, *pnUnassigned those of them without a lead unit (no notice: no one to address), *pnNew
** the notices added; zVersion the ladder's version. */
int escalation_run(Store *s, const Actor *a, const char *zAsOf, int *pnItem, int *pnUnassigned,
                   int *pnNew, char zVersion[32], Err *e);

/* Parse a ladder file z[0..n) (not NUL-terminated; the text escalation_run reads from
** rules/escalation.tsv) without running it: 0, or LUOSHI_EINVAL naming the bad line. *pnStep
** (may be NULL) gets the steps read so far, zVersionOut (may be NULL) its version line's
** version ("unversioned" when it has none; what was read so far after a failure).
** Pure: for checking an edited file and for the fuzz target. */
int escalation_ladder_parse(const char *z, size_t n, int *pnStep, char zVersionOut[32], Err *e);

#endif
