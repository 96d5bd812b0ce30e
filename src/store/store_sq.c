/*
** The helpers every file of the store uses (declared in store_internal.h): errors, literal SQL,
** transactions (a batch turns each function's own transaction into a savepoint), one-row
** changes and lookups, and the clock: the real time the audit chain records and the business
** date deadlines are judged on. Nothing here knows a table.
*/
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int sq_error(Store *s, Err *e, const char *zWhat) {
  return err_set(e, LUOSHI_EIO, "database: %s: %s", zWhat, db_errmsg(s->db));
}

int sq_exec(Store *s, const char *zSql, Err *e) {
  /* inside a batch (store_batch_begin) each function's own transaction nests as a savepoint */
  if (s->batch && strcmp(zSql, "BEGIN IMMEDIATE") == 0) zSql = "SAVEPOINT batch_step";
  else if (s->batch && strcmp(zSql, "COMMIT") == 0) zSql = "RELEASE batch_step";
  else if (s->batch && strcmp(zSql, "ROLLBACK") == 0) {
    zSql = "ROLLBACK TO batch_step; RELEASE batch_step";
  }
  if (db_exec(s->db, zSql) != DB_OK) {
    return err_set(e, LUOSHI_EIO, "database: %s", db_errmsg(s->db));
  }
  return 0;
}

const char *sq_col(DbStmt *st, int i) {
  const char *z = db_column_text(st, i);
  return z ? z : "";
}

int sq_finish(Store *s, int rc, Err *e) {
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}

int sq_change_one(Store *s, DbStmt *st, const char *zWhat, const char *zMissing, Err *e) {
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_error(s, e, zWhat);
  if (db_changes(s->db) != 1) return err_set(e, LUOSHI_ENOTFOUND, "%s", zMissing);
  return 0;
}

int sq_lookup(Store *s, const char *zSql, long long id, const char *zWhat, long long *pOut,
              Err *e) {
  DbStmt *st;
  if (db_prepare(s->db, zSql, &st)) {
    char zDoing[64];
    snprintf(zDoing, sizeof zDoing, "reading a %s", zWhat);
    return sq_error(s, e, zDoing);
  }
  db_bind_int64(st, 1, id);
  int found = db_step(st) == DB_ROW;
  if (found) *pOut = db_column_int64(st, 0);
  db_finalize(st);
  return found ? 0 : err_set(e, LUOSHI_ENOTFOUND, "no %s %lld", zWhat, id);
}

int sq_begin(Store *s, const char *zSql, DbStmt **pSt, const char *zWhat, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  if (db_prepare(s->db, zSql, pSt)) {
    return sq_finish(s, sq_error(s, e, zWhat), e);
  }
  return 0;
}

void sq_now(char zNow[32]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(zNow, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void sq_today(char zToday[11]) {
  const char *z = getenv("LUOSHI_TODAY");
  if (z && strlen(z) == 10 && z[4] == '-' && z[7] == '-') {
    memcpy(zToday, z, 11);
    return;
  }
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(zToday, 11, "%Y-%m-%d", &tm);
}
