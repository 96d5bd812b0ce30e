/*
** What the SQLite files of the store share: the Store itself and a few helpers. Only files of
** src/store/ that talk to SQLite include this; everything else sees store.h.
*/
#ifndef LUOSHI_STORE_SQLITE_INTERNAL_H
#define LUOSHI_STORE_SQLITE_INTERNAL_H

#include "store.h"

#include <sqlite3.h>

struct Store {
  sqlite3 *db;
};

/* Record the database's last error about zWhat in e; returns LUOSHI_EIO. */
int sq_error(Store *s, Err *e, const char *zWhat);
/* Run literal SQL text (no values); returns 0 or LUOSHI_EIO. */
int sq_exec(Store *s, const char *zSql, Err *e);
/* The current time as ISO 8601 UTC into zNow[32]. */
void sq_now(char zNow[32]);
/* Append an entry to the audit chain inside the caller's transaction; zBefore and zAfter are
** JSON texts or NULL. Returns 0 or LUOSHI_EIO. */
int sq_audit_append(Store *s, const char *zActor, const char *zAction, const char *zEntity,
                    long long entityId, const char *zBefore, const char *zAfter, Err *e);

#endif
