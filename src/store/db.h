/*
** The connection layer under the store: one small statement interface (prepare, bind, step,
** read columns) with two backends, SQLite (db_sqlite.c) and PostgreSQL over libpq (db_pg.c).
** The store's files speak only this interface, so every store function runs unchanged on
** either database; the few places where the two dialects differ ask db_dialect().
**
** SQL text is written once, in the common subset of both dialects, with SQLite's parameter
** forms ("?" and "?NNN"); the PostgreSQL backend rewrites them to "$N" when it prepares.
** Transactions: "BEGIN IMMEDIATE" takes the database's one write lock on both backends (on
** PostgreSQL an advisory lock, held to the end of the transaction), so writers queue instead
** of failing and the audit chain stays one chain however many servers write.
**
** Only files of src/store/ include this header. Values follow SQLite's C API: step answers
** DB_ROW or DB_DONE (anything else is an error, whose text db_errmsg gives); column readers
** take the column's index from 0, binders the parameter's index from 1; a text column that is
** NULL reads as NULL; pointers returned by column readers live until the next step, reset or
** finalize of the statement.
*/
#ifndef LUOSHI_STORE_DB_H
#define LUOSHI_STORE_DB_H

#include <stddef.h>

enum {
  DB_OK = 0,      /* success */
  DB_ERROR = 1,   /* any failure: db_errmsg says which */
  DB_BUSY = 5,    /* the database stayed locked longer than the busy timeout */
  DB_CONSTRAINT = 19, /* a UNIQUE, FOREIGN KEY, NOT NULL or CHECK constraint refused a change */
  DB_ROW = 100,   /* step: a row is ready */
  DB_DONE = 101,  /* step: the statement has finished */
};

/* Column types, as db_column_type reports them. */
enum { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };

/* Which SQL a connection speaks. */
typedef enum DbDialect { DB_SQLITE = 1, DB_POSTGRESQL = 2 } DbDialect;

typedef struct Db Db;
typedef struct DbStmt DbStmt;
typedef struct DbDriver DbDriver;

/* What a backend provides; db.c holds no logic of its own beyond calling through this. */
struct DbDriver {
  DbDialect dialect;
  int (*prepare)(Db *, const char *zSql, DbStmt **);
  int (*bind_int64)(DbStmt *, int, long long);
  int (*bind_double)(DbStmt *, int, double);
  int (*bind_text)(DbStmt *, int, const char *, int bCopy);
  int (*bind_blob)(DbStmt *, int, const void *, long long nByte);
  int (*bind_null)(DbStmt *, int);
  int (*stream)(DbStmt *);
  int (*step)(DbStmt *);
  int (*reset)(DbStmt *);
  int (*clear_bindings)(DbStmt *);
  void (*finalize)(DbStmt *);
  int (*column_type)(DbStmt *, int);
  long long (*column_int64)(DbStmt *, int);
  double (*column_double)(DbStmt *, int);
  const char *(*column_text)(DbStmt *, int);
  const void *(*column_blob)(DbStmt *, int);
  int (*column_bytes)(DbStmt *, int);
  int (*column_count)(DbStmt *);
  const char *(*column_name)(DbStmt *, int);
  long long (*changes)(Db *);
  long long (*last_insert_id)(Db *);
  const char *(*errmsg)(Db *);
  int (*exec)(Db *, const char *zSql);
  void (*close)(Db *);
};

/* Every backend's connection and statement structs begin with these. */
struct Db {
  const DbDriver *drv;
};
struct DbStmt {
  const DbDriver *drv;
};

/* Open zTarget: a "postgresql://" or "postgres://" URI (or a libpq "host=… dbname=…" string
** that starts with one of the keywords host= dbname= service=) opens PostgreSQL, anything
** else is an SQLite file, created when missing. Waits up to nBusyMs for locks. On success *pp
** is the connection (close it with db_close) and 0 is returned; on failure *pp is NULL and
** zErr (nErr bytes) says why. */
int db_open(const char *zTarget, int nBusyMs, Db **pp, char *zErr, int nErr);
/* zTarget as it may be shown to people: a password in a PostgreSQL URI ("user:secret@") or
** keyword string ("password=secret") becomes "***". Always NUL-terminates zOut (nOut > 0). */
void db_target_redact(const char *zTarget, char *zOut, size_t nOut);
/* 1 when zTarget names a PostgreSQL database (see db_open), else 0. */
int db_is_postgresql_target(const char *zTarget);
/* Close p (NULL allowed); unfinalized statements are the caller's bug. */
static inline void db_close(Db *p) {
  if (p) p->drv->close(p);
}
static inline DbDialect db_dialect(const Db *p) { return p->drv->dialect; }

/* Prepare one statement; DB_OK with *pp set, or an error code with *pp NULL. */
static inline int db_prepare(Db *p, const char *zSql, DbStmt **pp) {
  return p->drv->prepare(p, zSql, pp);
}
/* Run zSql, one or more statements without parameters or results. DB_OK or an error code. */
static inline int db_exec(Db *p, const char *zSql) { return p->drv->exec(p, zSql); }
/* Rows changed by the last INSERT, UPDATE or DELETE on this connection. */
static inline long long db_changes(Db *p) { return p->drv->changes(p); }
/* The id given to the row the last INSERT on this connection created in a table whose id the
** database assigns (SQLite's rowid; PostgreSQL's identity column, by lastval()). */
static inline long long db_last_insert_id(Db *p) { return p->drv->last_insert_id(p); }
/* The text of the connection's last error, never NULL, valid until the next call. */
static inline const char *db_errmsg(Db *p) { return p->drv->errmsg(p); }

static inline int db_bind_int64(DbStmt *st, int i, long long v) {
  return st->drv->bind_int64(st, i, v);
}
static inline int db_bind_int(DbStmt *st, int i, int v) { return st->drv->bind_int64(st, i, v); }
static inline int db_bind_double(DbStmt *st, int i, double v) {
  return st->drv->bind_double(st, i, v);
}
/* Bind NUL-terminated z without copying it: z must stay unchanged until the statement is
** stepped for the last time, reset or finalized. */
static inline int db_bind_text(DbStmt *st, int i, const char *z) {
  return st->drv->bind_text(st, i, z, 0);
}
/* Bind a copy of NUL-terminated z: z may change or go right after the call. */
static inline int db_bind_text_copy(DbStmt *st, int i, const char *z) {
  return st->drv->bind_text(st, i, z, 1);
}
/* Bind a copy of nByte bytes at p. */
static inline int db_bind_blob(DbStmt *st, int i, const void *p, long long nByte) {
  return st->drv->bind_blob(st, i, p, nByte);
}
static inline int db_bind_null(DbStmt *st, int i) { return st->drv->bind_null(st, i); }

/* Read st's rows from the server one at a time as they are stepped, instead of all at once
** when it first runs: for a statement that scans a large table. SQLite always works this way;
** on PostgreSQL, until st has returned DB_DONE or been reset or finalized, no other statement
** may run on its connection. Call it once, after prepare. */
static inline int db_stream(DbStmt *st) { return st->drv->stream(st); }
static inline int db_step(DbStmt *st) { return st->drv->step(st); }
/* Make st ready to run again; its bindings stay unless cleared. */
static inline int db_reset(DbStmt *st) { return st->drv->reset(st); }
static inline int db_clear_bindings(DbStmt *st) { return st->drv->clear_bindings(st); }
/* Free st (NULL allowed). */
static inline void db_finalize(DbStmt *st) {
  if (st) st->drv->finalize(st);
}

static inline int db_column_type(DbStmt *st, int i) { return st->drv->column_type(st, i); }
static inline long long db_column_int64(DbStmt *st, int i) {
  return st->drv->column_int64(st, i);
}
static inline int db_column_int(DbStmt *st, int i) { return (int)st->drv->column_int64(st, i); }
static inline double db_column_double(DbStmt *st, int i) {
  return st->drv->column_double(st, i);
}
static inline const char *db_column_text(DbStmt *st, int i) {
  return st->drv->column_text(st, i);
}
static inline const void *db_column_blob(DbStmt *st, int i) {
  return st->drv->column_blob(st, i);
}
static inline int db_column_bytes(DbStmt *st, int i) { return st->drv->column_bytes(st, i); }
/* The number of result columns and the name of column i: valid while a step's row is current
** (PostgreSQL knows them only once the statement has run). */
static inline int db_column_count(DbStmt *st) { return st->drv->column_count(st); }
static inline const char *db_column_name(DbStmt *st, int i) {
  return st->drv->column_name(st, i);
}

/* The text of one migration file (schema/NNN-*.sql, nByte bytes at zText) for dialect d.
** A migration is written once: its common text runs on both databases, and lines after
** "-- @sqlite" or "-- @postgresql" (up to the next "-- @both" or the end) only on that one.
** For PostgreSQL the common text's SQLite column types become their equivalents ("INTEGER
** PRIMARY KEY" an identity column, INTEGER BIGINT, REAL DOUBLE PRECISION, BLOB BYTEA), and
** each REFERENCES clause becomes DEFERRABLE INITIALLY IMMEDIATE (checked at each statement,
** as on SQLite, unless a transaction defers it: `luoshi db copy` does).
** Returns a NUL-terminated string the caller frees with free(). Defined in db_schema.c. */
char *db_schema_text(const char *zText, size_t nByte, DbDialect d);

/* The backends' openers, called by db_open (same contract). */
int db__sqlite_open(const char *zPath, int nBusyMs, Db **pp, char *zErr, int nErr);
int db__pg_open(const char *zConnInfo, int nBusyMs, Db **pp, char *zErr, int nErr);

/* The SQLite handle under p, for the SQLite-only parts of the store (online backup, the
** search tokenizer); NULL when p is PostgreSQL. Defined in db_sqlite.c. */
struct sqlite3 *db_sqlite_handle(Db *p);
/* A connection over the open SQLite handle raw, which it takes over (db_close closes raw). */
Db *db_sqlite_wrap(struct sqlite3 *raw);

#endif
