/*
** Ledger (台账): turning a stored document's tasks into the items an office runs.
**
** Workflow rules over store.h; no SQL here. ledger_create() numbers the items in the office's
** customary way (measure-sequence, 3-1, 3-2 …; section-sequence where there is no measure),
** a table row numbered that way, 3-1 or 十二-4 or 3-1-2, keeping its own number and its 责任领导
** (3-1-2 becomes a sub-item of the item 3-1 before it, as `ledger split` makes them);
** maps the units the text assigns (or, failing that, the first suggested one) to the unit
** tree, a table row's cooperating units (配合单位) too, and sets a deadline of 31 December of a
** year the task names (a table row's written deadline gives month and day, or, when it recurs
** — 每季度末, 每年年底前 — the item's recurrence and no date; see deadline_recurrence_from_text);
** all of it is a proposal that the office then edits (ledger assign).
*/
#ifndef LUOSHI_LEDGER_LEDGER_H
#define LUOSHI_LEDGER_LEDGER_H

#include "../store/store.h"

/* Create the ledger of document docId; *pnItem gets the number of items, *pnUnassigned how many
** have no lead unit (their names matched no unit). LUOSHI_ECONFLICT if it exists already. */
int ledger_create(Store *s, const char *zActor, long long docId, int *pnItem, int *pnUnassigned,
                  Err *e);
/* The same; the cooperating units a task names (配合单位 of a task-division table row) become the
** item's cooperating units where the unit tree knows them, and *pnCoopUnmatched gets how many
** cooperating names matched no unit (they are left out). */
int ledger_create_ex(Store *s, const char *zActor, long long docId, int *pnItem,
                     int *pnUnassigned, int *pnCoopUnmatched, Err *e);

#endif
