/*
** Choosing a backend for a database target (see db.h): a PostgreSQL URI or libpq keyword
** string goes to db_pg.c, anything else is an SQLite file for db_sqlite.c. Nothing else lives
** here; the statement calls go straight through the driver table.
*/
#include "db.h"

#include <stdio.h>
#include <string.h>

int db_is_postgresql_target(const char *zTarget) {
  static const char *const azPrefix[] = {"postgresql://", "postgres://", "host=", "dbname=",
                                         "service="};
  for (size_t i = 0; i < sizeof azPrefix / sizeof azPrefix[0]; i++) {
    if (strncmp(zTarget, azPrefix[i], strlen(azPrefix[i])) == 0) return 1;
  }
  return 0;
}

int db_open(const char *zTarget, int nBusyMs, Db **pp, char *zErr, int nErr) {
  if (db_is_postgresql_target(zTarget)) return db__pg_open(zTarget, nBusyMs, pp, zErr, nErr);
  return db__sqlite_open(zTarget, nBusyMs, pp, zErr, nErr);
}

void db_target_redact(const char *zTarget, char *zOut, size_t nOut) {
  snprintf(zOut, nOut, "%s", zTarget);
  if (!db_is_postgresql_target(zTarget)) return;
  /* URI: scheme://user:password@host… */
  char *zScheme = strstr(zOut, "://");
  if (zScheme) {
    char *zAt = strchr(zScheme + 3, '@');
    char *zColon = strchr(zScheme + 3, ':');
    if (zAt && zColon && zColon < zAt) {
      size_t nTail = strlen(zAt) + 1;
      if ((size_t)(zColon + 4 - zOut) + nTail <= nOut) {
        memmove(zColon + 4, zAt, nTail);
        memcpy(zColon + 1, "***", 3);
      }
    }
  }
  /* keyword string or URI query: password=secret up to the next space or '&' */
  for (char *z = strstr(zOut, "password="); z; z = strstr(z + 1, "password=")) {
    char *zVal = z + 9;
    size_t nVal = strcspn(zVal, " &");
    size_t nTail = strlen(zVal + nVal) + 1;
    if (nVal >= 3) {
      memcpy(zVal, "***", 3);
      memmove(zVal + 3, zVal + nVal, nTail);
    }
  }
}
