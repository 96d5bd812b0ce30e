/*
** Milestones (节点) and report cycles: the dated steps of a ledger item and how often its lead
** unit reports.
**
** The rules over store.h: a milestone has a real date (YYYY-MM-DD, 1970–2200) and a title (a
** one-line field of at most MILESTONE_TITLE_MAX bytes, see fields.h); the office (a
** supervisor) or the item's own unit adds milestones and records them reached; only the
** office sets a report cycle (month or quarter, with an optional due day 1–28 of the period's
** last month). The warning rule milestone-missed reads the earliest milestone still open.
*/
#ifndef LUOSHI_LEDGER_MILESTONES_H
#define LUOSHI_LEDGER_MILESTONES_H

#include "auth.h"

#define MILESTONE_TITLE_MAX 300

/* Add milestone zTitle due zDue to item itemId; *pId gets its id. */
int milestone_add(Store *s, const Actor *a, long long itemId, const char *zDue,
                  const char *zTitle, long long *pId, Err *e);
/* Record milestone id reached on zOn (YYYY-MM-DD). */
int milestone_reach(Store *s, const Actor *a, long long id, const char *zOn, Err *e);
/* Set item itemId's report cycle zCycle (month, quarter) and due day (0 for the last day). */
int milestone_set_cycle(Store *s, const Actor *a, long long itemId, const char *zCycle,
                        int dueDay, Err *e);

#endif
