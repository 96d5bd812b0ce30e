/*
** Targets (指标): the quantitative targets of a ledger item ("到2022年建成5G基站5万个"), each a
** straight line from a baseline to a target, and the actual values its unit reports.
**
** The rules over store.h: a target has a name (a one-line field of at most TARGET_NAME_MAX
** bytes, see fields.h), an optional unit of measure (at most TARGET_UNIT_MAX bytes), finite
** baseline and target values that differ (a target equal to its baseline draws no line), and
** real dates (YYYY-MM-DD) with the baseline's before the target's. Only the office (a
** supervisor) adds targets; the item's own unit (or the office) reports values, each a finite
** number as of a real date. The warning rule target-behind reads the latest value.
** Pure rules: no SQL, no output.
*/
#ifndef LUOSHI_LEDGER_TARGETS_H
#define LUOSHI_LEDGER_TARGETS_H

#include "auth.h"

#define TARGET_NAME_MAX 300
#define TARGET_UNIT_MAX 30

/* Add target t (its itemId, zName, zUnit or NULL, baseline, zBaselineDate, target,
** zTargetDate; see store.h) after checking it against the rules above; *pId gets its id.
** LUOSHI_EDENIED, LUOSHI_EINVAL or LUOSHI_ENOTFOUND (unknown item), with a message in e;
** nothing changes on error. */
int target_add(Store *s, const Actor *a, const StoreTarget *t, long long *pId, Err *e);

/* Record value as target targetId's actual value as of zAsOf (YYYY-MM-DD); *pId gets the
** value's id. LUOSHI_ENOTFOUND (unknown target), LUOSHI_EDENIED or LUOSHI_EINVAL, with a
** message in e; nothing changes on error. */
int target_report(Store *s, const Actor *a, long long targetId, double value, const char *zAsOf,
                  long long *pId, Err *e);

/* The value the straight line from (b0, baseline) to (b1, target) reaches on day d (days as
** calendar_day gives them, b0 < b1); held at baseline before b0 and at target after b1. */
double target_expected(double baseline, long b0, double target, long b1, long d);

#endif
