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
  if (!db_is_postgresql_target(zTarget)) {
    snprintf(zOut, nOut, "%s", zTarget);
    return;
  }
  /* copy zTarget, writing *** for a URI's "user:PASSWORD@" and every "password=VALUE" (up to
  ** the next space or '&') */
  const char *zScheme = strstr(zTarget, "://");
  const char *zAt = zScheme ? strchr(zScheme + 3, '@') : NULL;
  const char *zColon = zScheme ? strchr(zScheme + 3, ':') : NULL;
  if (!(zAt && zColon && zColon < zAt && !memchr(zScheme + 3, '/', (size_t)(zAt - zScheme - 3)))) {
    zColon = zAt = NULL;
  }
  size_t n = 0;
  for (const char *z = zTarget; *z && n + 1 < nOut;) {
    const char *zSkipTo = NULL;
    if (z == zColon + 1 && zColon) zSkipTo = zAt;
    else if (strncmp(z, "password=", 9) == 0) {
      for (size_t k = 0; k < 9 && n + 1 < nOut; k++) zOut[n++] = z[k];
      z += 9;
      zSkipTo = z + strcspn(z, " &");
    }
    if (zSkipTo) {
      for (const char *zStars = "***"; *zStars && n + 1 < nOut; zStars++) zOut[n++] = *zStars;
      z = zSkipTo;
      continue;
    }
    zOut[n++] = *z++;
  }
  zOut[n] = 0;
}
