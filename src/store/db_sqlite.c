/*
** The SQLite backend of db.h: each call goes straight to the SQLite C API, so this file adds
** one indirect call and one small allocation per statement, nothing more. The connection is
** opened read-write (created when missing) with a busy timeout, so that two processes writing
** at once wait for each other. "BEGIN IMMEDIATE" is SQLite's own write lock.
**
** A finalized statement is kept, reset and with its bindings cleared, in a small cache of the
** connection, and a later prepare of the same SQL text takes it from there: the store prepares
** its statements where it uses them, and on a bulk operation (100,000 reports filed from a
** sheet) compiling the same few statements again for every row was half the time. A kept
** statement is reset, so it holds no lock or read transaction; SQLite recompiles it by itself
** when the schema changes.
*/
#include "db.h"

#include "../base/mem.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LITE_CACHE 64   /* statements kept by a connection */

typedef struct LiteDb {
  Db base;       /* must be first */
  sqlite3 *db;   /* the open connection */
  sqlite3_stmt *aCache[LITE_CACHE]; /* finalized statements kept for reuse, or NULL */
  unsigned aHash[LITE_CACHE];       /* sql_hash of each one's SQL */
  unsigned iVictim;                 /* the slot a full cache gives up next */
} LiteDb;

typedef struct LiteStmt {
  DbStmt base;       /* must be first */
  sqlite3_stmt *st;  /* the prepared statement */
  LiteDb *pDb;       /* its connection */
} LiteStmt;

#define LDB(p) (((LiteDb *)(p))->db)
#define LST(p) (((LiteStmt *)(p))->st)

static const DbDriver liteDriver;

static unsigned sql_hash(const char *z) {
  unsigned h = 2166136261u;
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 16777619u;
  return h;
}

/* The cache slot of p holding a statement of SQL text zSql (hash h), or -1. */
static int cache_find(const LiteDb *p, const char *zSql, unsigned h) {
  for (int i = 0; i < LITE_CACHE; i++) {
    if (p->aCache[i] && p->aHash[i] == h && strcmp(sqlite3_sql(p->aCache[i]), zSql) == 0) {
      return i;
    }
  }
  return -1;
}

static int lite_prepare(Db *p, const char *zSql, DbStmt **pp) {
  LiteDb *pDb = (LiteDb *)p;
  sqlite3_stmt *st = NULL;
  *pp = NULL;
  int i = cache_find(pDb, zSql, sql_hash(zSql));
  if (i >= 0) {
    st = pDb->aCache[i];
    pDb->aCache[i] = NULL;
  } else {
    int rc = sqlite3_prepare_v2(pDb->db, zSql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
  }
  LiteStmt *s = xmalloc(sizeof *s);
  s->base.drv = &liteDriver;
  s->st = st;
  s->pDb = pDb;
  *pp = &s->base;
  return DB_OK;
}

static int lite_bind_int64(DbStmt *st, int i, long long v) {
  return sqlite3_bind_int64(LST(st), i, v);
}
static int lite_bind_double(DbStmt *st, int i, double v) {
  return sqlite3_bind_double(LST(st), i, v);
}
static int lite_bind_text(DbStmt *st, int i, const char *z, int bCopy) {
  return sqlite3_bind_text(LST(st), i, z, -1, bCopy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}
static int lite_bind_blob(DbStmt *st, int i, const void *p, long long nByte) {
  return sqlite3_bind_blob64(LST(st), i, p, (sqlite3_uint64)nByte, SQLITE_TRANSIENT);
}
static int lite_bind_null(DbStmt *st, int i) { return sqlite3_bind_null(LST(st), i); }
static int lite_stream(DbStmt *st) { return DB_OK; }  /* SQLite steps row by row anyway */
static int lite_step(DbStmt *st) { return sqlite3_step(LST(st)); }
static int lite_reset(DbStmt *st) { return sqlite3_reset(LST(st)); }
static int lite_clear_bindings(DbStmt *st) { return sqlite3_clear_bindings(LST(st)); }
static void lite_finalize(DbStmt *st) {
  LiteDb *pDb = ((LiteStmt *)st)->pDb;
  sqlite3_stmt *raw = LST(st);
  free(st);
  if (raw == NULL) return;
  const char *zSql = sqlite3_sql(raw);
  unsigned h = zSql ? sql_hash(zSql) : 0;
  if (!zSql || cache_find(pDb, zSql, h) >= 0) {   /* one kept copy of a statement is enough */
    sqlite3_finalize(raw);
    return;
  }
  sqlite3_reset(raw);
  sqlite3_clear_bindings(raw);
  int slot = -1;
  for (int i = 0; i < LITE_CACHE && slot < 0; i++) {
    if (!pDb->aCache[i]) slot = i;
  }
  if (slot < 0) {
    slot = (int)(pDb->iVictim++ % LITE_CACHE);
    sqlite3_finalize(pDb->aCache[slot]);
  }
  pDb->aCache[slot] = raw;
  pDb->aHash[slot] = h;
}
static int lite_column_type(DbStmt *st, int i) { return sqlite3_column_type(LST(st), i); }
static long long lite_column_int64(DbStmt *st, int i) {
  return sqlite3_column_int64(LST(st), i);
}
static double lite_column_double(DbStmt *st, int i) { return sqlite3_column_double(LST(st), i); }
static const char *lite_column_text(DbStmt *st, int i) {
  return (const char *)sqlite3_column_text(LST(st), i);
}
static const void *lite_column_blob(DbStmt *st, int i) { return sqlite3_column_blob(LST(st), i); }
static int lite_column_bytes(DbStmt *st, int i) { return sqlite3_column_bytes(LST(st), i); }
static int lite_column_count(DbStmt *st) { return sqlite3_column_count(LST(st)); }
static const char *lite_column_name(DbStmt *st, int i) { return sqlite3_column_name(LST(st), i); }
static long long lite_changes(Db *p) { return sqlite3_changes(LDB(p)); }
static long long lite_last_insert_id(Db *p) { return sqlite3_last_insert_rowid(LDB(p)); }
static const char *lite_errmsg(Db *p) { return sqlite3_errmsg(LDB(p)); }
static int lite_exec(Db *p, const char *zSql) {
  return sqlite3_exec(LDB(p), zSql, NULL, NULL, NULL);
}
static void lite_close(Db *p) {
  LiteDb *pDb = (LiteDb *)p;
  for (int i = 0; i < LITE_CACHE; i++) sqlite3_finalize(pDb->aCache[i]);
  sqlite3_close(pDb->db);
  free(p);
}

static const DbDriver liteDriver = {
    .dialect = DB_SQLITE,
    .prepare = lite_prepare,
    .bind_int64 = lite_bind_int64,
    .bind_double = lite_bind_double,
    .bind_text = lite_bind_text,
    .bind_blob = lite_bind_blob,
    .bind_null = lite_bind_null,
    .stream = lite_stream,
    .step = lite_step,
    .reset = lite_reset,
    .clear_bindings = lite_clear_bindings,
    .finalize = lite_finalize,
    .column_type = lite_column_type,
    .column_int64 = lite_column_int64,
    .column_double = lite_column_double,
    .column_text = lite_column_text,
    .column_blob = lite_column_blob,
    .column_bytes = lite_column_bytes,
    .column_count = lite_column_count,
    .column_name = lite_column_name,
    .changes = lite_changes,
    .last_insert_id = lite_last_insert_id,
    .errmsg = lite_errmsg,
    .exec = lite_exec,
    .close = lite_close,
};

int db__sqlite_open(const char *zPath, int nBusyMs, Db **pp, char *zErr, int nErr) {
  sqlite3 *db = NULL;
  *pp = NULL;
  if (sqlite3_open_v2(zPath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK) {
    snprintf(zErr, (size_t)nErr, "%s", db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return DB_ERROR;
  }
  sqlite3_busy_timeout(db, nBusyMs);
  *pp = db_sqlite_wrap(db);
  return DB_OK;
}

Db *db_sqlite_wrap(sqlite3 *raw) {
  LiteDb *p = xcalloc(1, sizeof *p);   /* the cache empty */
  p->base.drv = &liteDriver;
  p->db = raw;
  return &p->base;
}

struct sqlite3 *db_sqlite_handle(Db *p) {
  return p && p->drv == &liteDriver ? LDB(p) : NULL;
}
