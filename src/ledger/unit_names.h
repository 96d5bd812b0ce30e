/*
** Unit names: the unit tree's names, division codes and short names in memory, for resolving
** many written unit names at once (a ledger made from a decision looks up two or three names
** for each of its items; one database query a name was most of `ledger create`'s time on a
** large ledger). It answers exactly what store_unit_find answers for a name that holds no
** comma, from a snapshot of the tree taken when it is loaded.
*/
#ifndef LUOSHI_LEDGER_UNIT_NAMES_H
#define LUOSHI_LEDGER_UNIT_NAMES_H

#include "../store/store.h"

typedef struct UnitNames UnitNames;

/* The tree of s as it is now, in *pp (free it with unit_names_free). Returns 0, or the store's
** error (*pp NULL) when the tree cannot be read. */
int unit_names_load(Store *s, UnitNames **pp, Err *e);
void unit_names_free(UnitNames *u);

/* The unit named zName (its name, division code or one of its short names), as
** store_unit_find: a unit whose name it is wins, then the lowest id. Returns the id, or 0 when
** no unit has it (and for ""). */
long long unit_names_find(const UnitNames *u, const char *zName);

#endif
