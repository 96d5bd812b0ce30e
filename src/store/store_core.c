/*
** The store's core (see store.h): opening a database on either backend (db.h), bringing its
** schema up to date, transactions and batches, and the small helpers every store file uses.
** An SQLite database is one file in WAL mode with foreign keys on; a PostgreSQL database is
** reached over libpq. Both wait for each other's writers instead of failing.
**
** Migrations are the files schema/NNN-*.sql embedded at build time, each one text for both
** databases (db_schema_text); PRAGMA user_version on SQLite, the table luoshi_schema on
** PostgreSQL, record how many have been applied. Every statement is a literal with bound values.
** The helpers every store file uses are in store_sq.c.
*/
#include "store.h"
#include "store_internal.h"

#include "../base/data.h"
#include "../base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azMigration[] = {
    "schema/001-documents.sql",
    "schema/002-ledger.sql",
    "schema/003-reports.sql",
    "schema/004-warnings.sql",
    "schema/005-requests.sql",
    "schema/006-milestones.sql",
    "schema/007-ledger-edit.sql",
    "schema/008-escalation.sql",
    "schema/009-targets.sql",
    "schema/010-document-kind.sql",
    "schema/011-task-deadline-text.sql",
    "schema/012-web.sql",
    "schema/013-search.sql",
    "schema/014-unit-email.sql",
    "schema/015-recurrence.sql",
    "schema/016-assessments.sql",
    "schema/017-task-problem.sql",
    "schema/018-notice-claim.sql",
    "schema/019-ledger-order.sql",
    "schema/020-task-number-leader.sql",
    "schema/021-bulletin-notes.sql",
    "schema/022-task-places-task.sql",
};
#define N_MIGRATION (int)(sizeof azMigration / sizeof azMigration[0])

/* Where PostgreSQL keeps the schema version that SQLite keeps in PRAGMA user_version. */
#define PG_VERSION_TABLE "luoshi_schema"

/* The single integer the first row of zSql answers, 0 when it answers nothing. */
static int query_int(Store *s, const char *zSql) {
  DbStmt *st;
  int v = 0;
  if (db_prepare(s->db, zSql, &st) == DB_OK) {
    if (db_step(st) == DB_ROW) v = db_column_int(st, 0);
    db_finalize(st);
  }
  return v;
}

int store_schema_version(Store *s) {
  if (db_dialect(s->db) == DB_SQLITE) return query_int(s, "PRAGMA user_version");
  /* asking whether the table exists first keeps a surrounding transaction unharmed */
  if (!query_int(s, "SELECT to_regclass('" PG_VERSION_TABLE "') IS NOT NULL")) return 0;
  return query_int(s, "SELECT coalesce(max(version), 0) FROM " PG_VERSION_TABLE);
}

/* Record version v inside the caller's transaction. */
static int set_schema_version(Store *s, int v, Err *e) {
  char zSql[160];
  if (db_dialect(s->db) == DB_POSTGRESQL) {
    snprintf(zSql, sizeof zSql,
             "CREATE TABLE IF NOT EXISTS " PG_VERSION_TABLE "(version BIGINT NOT NULL); "
             "DELETE FROM " PG_VERSION_TABLE "; INSERT INTO " PG_VERSION_TABLE " VALUES(%d)", v);
  } else {
    snprintf(zSql, sizeof zSql, "PRAGMA user_version=%d", v);
  }
  return sq_exec(s, zSql, e);
}

static int migrate(Store *s, Err *e) {
  int v = store_schema_version(s);
  if (v > N_MIGRATION) {
    return err_set(e, LUOSHI_EIO,
                   "the database is at schema version %d, newer than this luoshi knows (%d); "
                   "use a newer luoshi", v, N_MIGRATION);
  }
  for (int i = v; i < N_MIGRATION; i++) {
    size_t n = 0;
    const char *zText = data_get(azMigration[i], &n);
    if (!zText) return err_set(e, LUOSHI_EIO, "migration %s is missing", azMigration[i]);
    if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
    /* Another process may have migrated while we waited for the lock. */
    if (store_schema_version(s) > i) {
      sq_exec(s, "COMMIT", e);
      continue;
    }
    char *zSql = db_schema_text(zText, n, db_dialect(s->db));
    int rc = sq_exec(s, zSql, e) || set_schema_version(s, i + 1, e);
    free(zSql);
    if (rc) {
      char zMsg[sizeof e->zMsg];
      snprintf(zMsg, sizeof zMsg, "%s", e ? e->zMsg : "");
      sq_exec(s, "ROLLBACK", NULL);
      return err_set(e, LUOSHI_EIO, "migration %s: %s", azMigration[i], zMsg);
    }
    if (sq_exec(s, "COMMIT", e)) return LUOSHI_EIO;
  }
  return 0;
}

/* Settings every connection needs before it touches a table. synchronous=FULL: in WAL mode
** each commit syncs the -wal before it is acknowledged, so a transaction luoshi reported done
** survives a power cut or a kernel crash (NORMAL syncs only at checkpoints, and a power cut
** loses the commits since: test/unit/test_powerloss.c shows both). The record decides who is
** held to account; one more fsync a commit is its price (docs/security.md §9). */
static int connection_setup(Store *s, Err *e) {
  if (db_dialect(s->db) == DB_POSTGRESQL) return 0;
  if (sq_search_register(db_sqlite_handle(s->db))) {
    return sq_error(s, e, "registering the search tokenizer");
  }
  return sq_exec(s, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL",
                 e);
}

void store_target_name(const char *zPath, char *zOut, size_t nOut) {
  db_target_redact(zPath, zOut, nOut);
}

int store_open(const char *zPath, Store **pp, Err *e) {
  *pp = NULL;
  char zName[256];
  db_target_redact(zPath, zName, sizeof zName);
  char zErr[256];
  Db *db = NULL;
  if (db_open(zPath, 10000, &db, zErr, sizeof zErr) != DB_OK) {
    return err_set(e, LUOSHI_EIO, "cannot open the database %s: %s", zName, zErr);
  }
  Store *s = xcalloc(1, sizeof(Store));
  s->db = db;
  if (connection_setup(s, e) || migrate(s, e)) {
    char zMsg[sizeof e->zMsg];
    snprintf(zMsg, sizeof zMsg, "%s", e ? e->zMsg : "");
    if (e) err_set(e, LUOSHI_EIO, "%s (database %s)", zMsg, zName);
    db_close(s->db);
    free(s);
    return LUOSHI_EIO;
  }
  *pp = s;
  return 0;
}

int store_batch_begin(Store *s, Err *e) {
  if (s->batch) return err_set(e, LUOSHI_EINVAL, "a batch is already open");
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  s->batch = 1;
  return 0;
}

int store_batch_end(Store *s, int rc, Err *e) {
  if (!s->batch) return rc;
  s->batch = 0;
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}

void store_close(Store *s) {
  if (!s) return;
  db_close(s->db);
  free(s);
}
