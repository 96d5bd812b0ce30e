/*
** Copying a whole deployment from one database to another (store_copy in store.h): SQLite to
** PostgreSQL, PostgreSQL to SQLite, SQLite to SQLite. Both ends are opened with store_open, so
** both are at this luoshi's latest schema, and the rows move table by table, each value bound
** with the type it has on the source; the ids move with them, so every reference and the audit
** chain stay as they were.
**
** The source is read in one snapshot (SQLite: one read transaction, while writers go on in WAL
** mode; PostgreSQL: REPEATABLE READ, READ ONLY, through a cursor so that a big table never sits
** in memory whole). The target is written in one transaction that holds its write lock: its
** foreign keys are checked only at the end (SQLite: foreign_keys off, then foreign_key_check;
** PostgreSQL: SET CONSTRAINTS ALL DEFERRED, the schema's keys being deferrable), so rows that
** refer to each other (units.parent_id, ledger_items.parent_id and merged_into) go in any
** order. Before COMMIT the copy is checked: every table's row count equals the source's, the
** target's audit chain holds with the source's entries and head hash; PostgreSQL's identity
** sequences are moved past the copied ids, SQLite's search index is rebuilt. Any failure rolls
** the target back, and a target file the copy created is removed: never half a copy.
**
** The tables are one static list, in foreign-key order. A database holding a table the list
** lacks (a migration that added one without adding it here) is refused, never copied in part.
** This file knows the schema only through that list.
*/
#include "store_internal.h"

#include "../base/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Rows a PostgreSQL source hands over per FETCH, and for a table of evidence files (up to 20
** MiB each, twice that as bytea text). */
#define COPY_FETCH_ROWS 500
#define COPY_FETCH_ROWS_BLOB 4

/* One table the copy moves. */
typedef struct CopyTable {
  const char *zName;      /* the table */
  const char *zKey;       /* its primary key, the order its rows are read in; NULL: it has
                             none, and its rows go in the order they are stored (rowid on
                             SQLite, ctid on PostgreSQL), which unordered reads give */
  const char *zIdentity;  /* the column the database numbers (INTEGER PRIMARY KEY), or NULL */
  int bBlob;              /* it holds files: fetched a few rows at a time */
} CopyTable;

/* Every table of the schema, parents before children. */
static const CopyTable aTable[] = {
    {"documents", "id", "id", 0},
    {"blocks", "doc_id, id", NULL, 0},
    {"tasks", "doc_id, id", NULL, 0},
    {"targets", "doc_id, id", NULL, 0},
    {"task_places", NULL, NULL, 0},
    {"diagnostics", "doc_id, seq", NULL, 0},
    {"units", "id", "id", 0},
    {"people", "id", "id", 0},
    {"ledger_items", "id", "id", 0},
    {"item_cooperating", "item_id, unit_id", NULL, 0},
    {"audit_log", "seq", "seq", 0},
    {"reports", "id", "id", 0},
    {"evidence", "id", "id", 1},
    {"warnings", "id", "id", 0},
    {"requests", "id", "id", 0},
    {"accountability", "id", "id", 0},
    {"milestones", "id", "id", 0},
    {"notices", "id", "id", 0},
    {"item_targets", "id", "id", 0},
    {"target_values", "id", "id", 0},
    {"sessions", "token_hash", NULL, 0},
    {"api_tokens", "token_hash", NULL, 0},
    {"login_attempts", "id", "id", 0},
    {"assessments", "id", "id", 0},
    {"bulletin_notes", "id", "id", 0},
};
#define N_TABLE (int)(sizeof aTable / sizeof aTable[0])
_Static_assert(sizeof aTable / sizeof aTable[0] <= STORE_COPY_MAX_TABLES,
               "StoreCopyInfo has room for every table");

/* One end of the copy. */
typedef struct CopyEnd {
  const char *zWhat;      /* "the source" or "the target" */
  const char *zArg;       /* the database as it was named */
  const char *zTarget;    /* what store_open is given (a "sqlite:" prefix taken off) */
  char zName[256];        /* the target as it may be shown: no password */
  int bSqlite;            /* an SQLite file */
  int bCreated;           /* an SQLite file that did not exist before the copy */
  Store *s;               /* the open store, or NULL */
  int bTxn;               /* a transaction is open on it */
} CopyEnd;

/* Set up end p for the database zArg names: "sqlite:PATH", a path, or a PostgreSQL URI or
** keyword string. */
static void end_init(CopyEnd *p, const char *zWhat, const char *zArg) {
  memset(p, 0, sizeof *p);
  p->zWhat = zWhat;
  p->zArg = zArg;
  p->zTarget = strncmp(zArg, "sqlite:", 7) == 0 ? zArg + 7 : zArg;
  p->bSqlite = !db_is_postgresql_target(p->zTarget);
  char zShown[sizeof p->zName - 8];
  db_target_redact(p->zTarget, zShown, sizeof zShown);
  snprintf(p->zName, sizeof p->zName, "%s%s", p->zTarget != zArg ? "sqlite:" : "", zShown);
}

/* The text of the first column of zSql's first row into zOut (nOut bytes), "" when none. */
static int query_text(Store *s, const char *zSql, char *zOut, size_t nOut, Err *e) {
  DbStmt *st;
  zOut[0] = 0;
  if (db_prepare(s->db, zSql, &st) != DB_OK) return sq_error(s, e, "reading the database");
  int step = db_step(st);
  if (step == DB_ROW) snprintf(zOut, nOut, "%s", sq_col(st, 0));
  db_finalize(st);
  if (step != DB_ROW && step != DB_DONE) return sq_error(s, e, "reading the database");
  return 0;
}

/* The integer zSql's first row answers into *pN (0 when none). */
static int query_int64(Store *s, const char *zSql, long long *pN, Err *e) {
  DbStmt *st;
  *pN = 0;
  if (db_prepare(s->db, zSql, &st) != DB_OK) return sq_error(s, e, "reading the database");
  int step = db_step(st);
  if (step == DB_ROW) *pN = db_column_int64(st, 0);
  db_finalize(st);
  if (step != DB_ROW && step != DB_DONE) return sq_error(s, e, "reading the database");
  return 0;
}

/* Is zName a table the copy leaves alone: SQLite's search index (items_fts and its shadow
** tables, rebuilt on the target) and PostgreSQL's schema version (set by store_open)? */
static int table_skipped(const char *zName) {
  return strcmp(zName, "items_fts") == 0 || strncmp(zName, "items_fts_", 10) == 0 ||
         strcmp(zName, "luoshi_schema") == 0;
}

static int table_listed(const char *zName) {
  for (int i = 0; i < N_TABLE; i++) {
    if (strcmp(aTable[i].zName, zName) == 0) return 1;
  }
  return 0;
}

/* Refuse a database that holds a table the list does not name (nor skip). */
static int tables_check(CopyEnd *p, Err *e) {
  const char *zSql =
      db_dialect(p->s->db) == DB_SQLITE
          ? "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite!_%' "
            "ESCAPE '!' ORDER BY name"
          : "SELECT table_name FROM information_schema.tables WHERE "
            "table_schema=current_schema() AND table_type='BASE TABLE' ORDER BY table_name";
  DbStmt *st;
  if (db_prepare(p->s->db, zSql, &st) != DB_OK) {
    return sq_error(p->s, e, "listing the tables");
  }
  int rc = 0, step;
  while ((step = db_step(st)) == DB_ROW) {
    const char *zName = sq_col(st, 0);
    if (table_listed(zName) || table_skipped(zName)) continue;
    rc = err_set(e, LUOSHI_EINVAL,
                 "%s %s holds the table %s, which this luoshi does not know how to copy",
                 p->zWhat, p->zName, zName);
    break;
  }
  db_finalize(st);
  if (!rc && step != DB_DONE) rc = sq_error(p->s, e, "listing the tables");
  return rc;
}

/* Are the two ends one database? SQLite: the same file; PostgreSQL: the same database of the
** same running server. */
static int same_database(CopyEnd *pFrom, CopyEnd *pTo, int *pbSame, Err *e) {
  *pbSame = 0;
  if (pFrom->bSqlite != pTo->bSqlite) return 0;
  if (pFrom->bSqlite) {
    struct stat a, b;
    if (stat(pFrom->zTarget, &a) == 0 && stat(pTo->zTarget, &b) == 0) {
      *pbSame = a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    }
    return 0;
  }
  static const char zWho[] =
      "SELECT current_database() || ' ' || (SELECT oid FROM pg_database WHERE "
      "datname=current_database())::text || ' ' || pg_postmaster_start_time()::text";
  char zA[256], zB[256];
  if (query_text(pFrom->s, zWho, zA, sizeof zA, e) || query_text(pTo->s, zWho, zB, sizeof zB, e)) {
    return LUOSHI_EIO;
  }
  *pbSame = strcmp(zA, zB) == 0;
  return 0;
}

/* The source's snapshot: one read transaction. */
static int source_begin(CopyEnd *p, Err *e) {
  const char *zBegin = db_dialect(p->s->db) == DB_SQLITE
                           ? "BEGIN"
                           : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                             "SET LOCAL extra_float_digits = 3";
  if (sq_exec(p->s, zBegin, e)) return LUOSHI_EIO;
  p->bTxn = 1;
  return 0;
}

/* The target's write transaction, its foreign keys checked at the end only. */
static int target_begin(CopyEnd *p, Err *e) {
  Store *s = p->s;
  if (db_dialect(s->db) == DB_SQLITE) {
    if (sq_exec(s, "PRAGMA foreign_keys=OFF", e)) return LUOSHI_EIO;
    if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
    p->bTxn = 1;
    return 0;
  }
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  p->bTxn = 1;
  long long nFixed = 0;
  if (query_int64(s, "SELECT count(*) FROM pg_constraint WHERE contype='f' AND "
                     "NOT condeferrable AND connamespace=current_schema()::regnamespace",
                  &nFixed, e)) {
    return LUOSHI_EIO;
  }
  if (nFixed > 0) {
    return err_set(e, LUOSHI_EINVAL,
                   "%s %s has %lld foreign keys that cannot be deferred (its schema was made by "
                   "an older luoshi); copy into a new database", p->zWhat, p->zName, nFixed);
  }
  return sq_exec(s, "SET CONSTRAINTS ALL DEFERRED", e);
}

/* Refuse a target with a row in any table the copy writes. */
static int target_empty(CopyEnd *p, Err *e) {
  for (int i = 0; i < N_TABLE; i++) {
    char zSql[128];
    long long n;
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 1) AS t",
             aTable[i].zName);
    if (query_int64(p->s, zSql, &n, e)) return LUOSHI_EIO;
    if (n) {
      return err_set(e, LUOSHI_ECONFLICT,
                     "%s %s is not empty (its table %s has rows); luoshi copies only into an "
                     "empty database", p->zWhat, p->zName, aTable[i].zName);
    }
  }
  return 0;
}

/* Append identifier z to b in double quotes. */
static void put_ident(Buf *b, const char *z) {
  buf_putc(b, '"');
  for (; *z; z++) {
    if (*z == '"') buf_putc(b, '"');
    buf_putc(b, *z);
  }
  buf_putc(b, '"');
}

/* Prepare on the target the INSERT of a row of t with the columns of q's current row. */
static int insert_prepare(CopyEnd *pTo, const CopyTable *t, DbStmt *q, DbStmt **pIns, Err *e) {
  int nCol = db_column_count(q);
  Buf b = BUF_INIT;
  buf_printf(&b, "INSERT INTO %s(", t->zName);
  for (int i = 0; i < nCol; i++) {
    if (i) buf_putc(&b, ',');
    const char *zCol = db_column_name(q, i);
    put_ident(&b, zCol ? zCol : "");
  }
  buf_puts(&b, ") VALUES(");
  for (int i = 0; i < nCol; i++) buf_printf(&b, "%s?%d", i ? "," : "", i + 1);
  buf_putc(&b, ')');
  int rc = 0;
  if (db_prepare(pTo->s->db, buf_str(&b), pIns) != DB_OK) {
    rc = err_set(e, LUOSHI_EIO, "copying the table %s: %s", t->zName, db_errmsg(pTo->s->db));
  }
  buf_free(&b);
  return rc;
}

/* Bind the values of q's current row to ins, each with the type it has on the source. */
static int row_bind(DbStmt *q, DbStmt *ins) {
  int nCol = db_column_count(q);
  for (int i = 0; i < nCol; i++) {
    int rc;
    switch (db_column_type(q, i)) {
      case DB_INTEGER:
        rc = db_bind_int64(ins, i + 1, db_column_int64(q, i));
        break;
      case DB_FLOAT:
        rc = db_bind_double(ins, i + 1, db_column_double(q, i));
        break;
      case DB_TEXT: {
        const char *z = db_column_text(q, i);
        rc = db_bind_text_copy(ins, i + 1, z ? z : "");
        break;
      }
      case DB_BLOB: {
        const void *pData = db_column_blob(q, i);
        int nByte = db_column_bytes(q, i);
        /* an empty blob reads as NULL: still an empty blob, not SQL NULL */
        rc = db_bind_blob(ins, i + 1, pData ? pData : "", nByte);
        break;
      }
      default:
        rc = db_bind_null(ins, i + 1);
        break;
    }
    if (rc != DB_OK) return rc;
  }
  return DB_OK;
}

/* Copy every row of table t from the source to the target; *pn gets how many. */
static int table_copy(CopyEnd *pFrom, CopyEnd *pTo, const CopyTable *t, long long *pn,
                      Err *e) {
  Store *from = pFrom->s;
  int bPg = db_dialect(from->db) == DB_POSTGRESQL;
  const char *zOrder = t->zKey ? t->zKey : bPg ? "ctid" : "rowid";
  char zSql[256];
  DbStmt *q = NULL, *ins = NULL;
  int rc = 0, bCursor = 0;
  *pn = 0;
  if (bPg) {
    snprintf(zSql, sizeof zSql,
             "DECLARE luoshi_copy NO SCROLL CURSOR FOR SELECT * FROM %s ORDER BY %s", t->zName,
             zOrder);
    if (db_exec(from->db, zSql) != DB_OK) goto read_error;
    bCursor = 1;
    snprintf(zSql, sizeof zSql, "FETCH %d FROM luoshi_copy",
             t->bBlob ? COPY_FETCH_ROWS_BLOB : COPY_FETCH_ROWS);
  } else {
    snprintf(zSql, sizeof zSql, "SELECT * FROM %s ORDER BY %s", t->zName, zOrder);
  }
  if (db_prepare(from->db, zSql, &q) != DB_OK) goto read_error;
  long long nFetched = 0; /* rows of the current FETCH */
  for (;;) {
    int step = db_step(q);
    if (step == DB_DONE) {
      /* a cursor's FETCH ran dry: fetch again, until one brings nothing */
      if (bCursor && nFetched > 0) {
        nFetched = 0;
        continue;
      }
      break;
    }
    if (step != DB_ROW) goto read_error;
    nFetched++;
    if (!ins && (rc = insert_prepare(pTo, t, q, &ins, e)) != 0) goto cleanup;
    if (row_bind(q, ins) != DB_OK || db_step(ins) != DB_DONE) {
      rc = err_set(e, LUOSHI_EIO, "copying the table %s (row %lld): %s", t->zName, *pn + 1,
                   db_errmsg(pTo->s->db));
      goto cleanup;
    }
    db_reset(ins);
    db_clear_bindings(ins);
    ++*pn;
  }
  goto cleanup;
read_error:
  rc = err_set(e, LUOSHI_EIO, "reading the table %s of %s: %s", t->zName, pFrom->zName,
               db_errmsg(from->db));
cleanup:
  db_finalize(q);
  db_finalize(ins);
  if (bCursor) db_exec(from->db, "CLOSE luoshi_copy");
  return rc;
}

/* The rows of table zName on p into *pn. */
static int table_count(CopyEnd *p, const char *zName, long long *pn, Err *e) {
  char zSql[128];
  snprintf(zSql, sizeof zSql, "SELECT count(*) FROM %s", zName);
  if (query_int64(p->s, zSql, pn, e)) {
    return err_set(e, LUOSHI_EIO, "counting the rows of %s in %s: %s", zName, p->zName,
                   db_errmsg(p->s->db));
  }
  return 0;
}

/* On the target, after the rows: the foreign keys hold, the search index (SQLite) is rebuilt. */
static int target_settle(CopyEnd *p, Err *e) {
  Store *s = p->s;
  if (db_dialect(s->db) == DB_POSTGRESQL) {
    if (db_exec(s->db, "SET CONSTRAINTS ALL IMMEDIATE") != DB_OK) {
      return err_set(e, LUOSHI_EINVAL, "the copy breaks a reference: %s", db_errmsg(s->db));
    }
    return 0;
  }
  DbStmt *st;
  if (db_prepare(s->db, "PRAGMA foreign_key_check", &st) != DB_OK) {
    return sq_error(s, e, "checking the references");
  }
  int rc = 0;
  int step = db_step(st);
  if (step == DB_ROW) {
    rc = err_set(e, LUOSHI_EINVAL,
                 "the copy breaks a reference: a row of %s (rowid %lld) names a missing row "
                 "of %s", sq_col(st, 0), db_column_int64(st, 1), sq_col(st, 2));
  } else if (step != DB_DONE) {
    rc = sq_error(s, e, "checking the references");
  }
  db_finalize(st);
  if (rc) return rc;
  if (store_search_rebuild(s, e)) return LUOSHI_EIO;
  return 0;
}

/* PostgreSQL's identity sequences past the copied ids, so that the next row added gets a new
** one (a sequence is not rolled back with the transaction: done last before COMMIT). */
static int target_sequences(CopyEnd *p, Err *e) {
  if (db_dialect(p->s->db) != DB_POSTGRESQL) return 0;
  for (int i = 0; i < N_TABLE; i++) {
    const CopyTable *t = &aTable[i];
    if (!t->zIdentity) continue;
    char zSql[256];
    snprintf(zSql, sizeof zSql,
             "SELECT setval(pg_get_serial_sequence('%s', '%s'), coalesce(max(%s), 0) + 1, "
             "false) FROM %s", t->zName, t->zIdentity, t->zIdentity, t->zName);
    long long n;
    if (query_int64(p->s, zSql, &n, e)) {
      return err_set(e, LUOSHI_EIO, "setting the numbering of %s: %s", t->zName,
                     db_errmsg(p->s->db));
    }
  }
  return 0;
}

/* Open end p with store_open; a missing SQLite source is an error, not a new database. */
static int end_open(CopyEnd *p, int bSource, Err *e) {
  if (!p->bSqlite && p->zTarget != p->zArg) {
    return err_set(e, LUOSHI_EINVAL, "%s %s: sqlite: is followed by a file's path", p->zWhat,
                   p->zName);
  }
  if (p->bSqlite) {
    if (!p->zTarget[0]) return err_set(e, LUOSHI_EINVAL, "%s names no file", p->zWhat);
    struct stat sb;
    if (stat(p->zTarget, &sb) != 0) {
      if (errno == ENOENT && bSource) {
        return err_set(e, LUOSHI_ENOTFOUND, "%s %s does not exist", p->zWhat, p->zName);
      }
      if (errno != ENOENT) {
        return err_set(e, LUOSHI_EIO, "%s %s: %s", p->zWhat, p->zName, strerror(errno));
      }
      p->bCreated = 1;
    } else if (!S_ISREG(sb.st_mode)) {
      return err_set(e, LUOSHI_EINVAL, "%s %s is not a file", p->zWhat, p->zName);
    } else if (bSource && sb.st_size == 0) {
      return err_set(e, LUOSHI_EINVAL, "%s %s is empty: not a luoshi database", p->zWhat,
                     p->zName);
    }
  }
  Err eOpen;
  err_clear(&eOpen);
  if (store_open(p->zTarget, &p->s, &eOpen)) {
    p->s = NULL;
    return err_set(e, LUOSHI_EIO, "%s: %s", p->zWhat, eOpen.zMsg);
  }
  return 0;
}

/* End p's transaction (COMMIT when bCommit, else ROLLBACK) and close it; a target file the
** copy created and did not fill is removed. Returns 0, or LUOSHI_EIO when the COMMIT failed. */
static int end_close(CopyEnd *p, int bCommit, int bTarget, Err *e) {
  int rc = 0;
  if (p->s && p->bTxn) {
    if (bCommit) rc = sq_exec(p->s, "COMMIT", e);
    if (!bCommit || rc) sq_exec(p->s, "ROLLBACK", NULL);
    p->bTxn = 0;
  }
  if (p->s && bTarget && db_dialect(p->s->db) == DB_SQLITE) {
    sq_exec(p->s, "PRAGMA foreign_keys=ON", NULL);
  }
  store_close(p->s);
  p->s = NULL;
  if (bTarget && p->bCreated && (!bCommit || rc)) {
    static const char *const azSuffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof azSuffix / sizeof azSuffix[0]; i++) {
      char zPath[4096];
      if (snprintf(zPath, sizeof zPath, "%s%s", p->zTarget, azSuffix[i]) < (int)sizeof zPath) {
        unlink(zPath);
      }
    }
  }
  return rc;
}

int store_copy(const char *zFrom, const char *zTo, StoreCopyInfo *pInfo, Err *e) {
  memset(pInfo, 0, sizeof *pInfo);
  CopyEnd from, to;
  end_init(&from, "the source", zFrom);
  end_init(&to, "the target", zTo);
  snprintf(pInfo->zFrom, sizeof pInfo->zFrom, "%s", from.zName);
  snprintf(pInfo->zTo, sizeof pInfo->zTo, "%s", to.zName);
  int rc = 0, bSame = 0;
  StoreAuditResult auditFrom, auditTo;
  if ((rc = end_open(&from, 1, e)) != 0 || (rc = end_open(&to, 0, e)) != 0) goto cleanup;
  if ((rc = same_database(&from, &to, &bSame, e)) != 0) goto cleanup;
  if (bSame) {
    rc = err_set(e, LUOSHI_EINVAL, "the source %s and the target %s are the same database",
                 from.zName, to.zName);
    goto cleanup;
  }
  if ((rc = source_begin(&from, e)) != 0 || (rc = target_begin(&to, e)) != 0) goto cleanup;
  if ((rc = tables_check(&from, e)) != 0 || (rc = tables_check(&to, e)) != 0) goto cleanup;
  if ((rc = target_empty(&to, e)) != 0) goto cleanup;
  if ((rc = store_audit_verify(from.s, &auditFrom, e)) != 0) goto cleanup;
  if (auditFrom.badSeq) {
    rc = err_set(e, LUOSHI_EINVAL,
                 "the audit chain of %s breaks at entry %lld of %lld (%s): luoshi copies only "
                 "a database whose chain holds", from.zName, auditFrom.badSeq,
                 auditFrom.nEntry, auditFrom.zWhy);
    goto cleanup;
  }
  for (int i = 0; i < N_TABLE; i++) {
    const CopyTable *t = &aTable[i];
    long long nCopied, nFrom;
    if ((rc = table_copy(&from, &to, t, &nCopied, e)) != 0) goto cleanup;
    if ((rc = table_count(&from, t->zName, &nFrom, e)) != 0) goto cleanup;
    if (nFrom != nCopied) {
      rc = err_set(e, LUOSHI_EIO, "the table %s: %lld rows read of %lld", t->zName, nCopied,
                   nFrom);
      goto cleanup;
    }
    pInfo->aTable[pInfo->nTable].zName = t->zName;
    pInfo->aTable[pInfo->nTable].nRow = nCopied;
    pInfo->nTable++;
  }
  if ((rc = target_settle(&to, e)) != 0) goto cleanup;
  /* the check, on the target inside its transaction: the counts, then the chain */
  for (int i = 0; i < pInfo->nTable; i++) {
    long long n;
    if ((rc = table_count(&to, pInfo->aTable[i].zName, &n, e)) != 0) goto cleanup;
    if (n != pInfo->aTable[i].nRow) {
      rc = err_set(e, LUOSHI_EIO, "the copy's table %s holds %lld rows, the source's %lld",
                   pInfo->aTable[i].zName, n, pInfo->aTable[i].nRow);
      goto cleanup;
    }
  }
  if ((rc = store_audit_verify(to.s, &auditTo, e)) != 0) goto cleanup;
  if (auditTo.badSeq || auditTo.nEntry != auditFrom.nEntry ||
      strcmp(auditTo.zHead, auditFrom.zHead) != 0) {
    rc = err_set(e, LUOSHI_EIO,
                 "the copy's audit chain does not match the source's (%lld entries, head %s; "
                 "the source: %lld, %s)%s%s", auditTo.nEntry, auditTo.zHead, auditFrom.nEntry,
                 auditFrom.zHead, auditTo.badSeq ? ": " : "", auditTo.badSeq ? auditTo.zWhy : "");
    goto cleanup;
  }
  if ((rc = target_sequences(&to, e)) != 0) goto cleanup;
  pInfo->audit = auditTo;
cleanup:
  end_close(&from, 0, 0, NULL);
  {
    int rcClose = end_close(&to, rc == 0, 1, rc == 0 ? e : NULL);
    if (rc == 0) rc = rcClose;
  }
  if (rc) {
    pInfo->nTable = 0;
    memset(&pInfo->audit, 0, sizeof pInfo->audit);
  }
  return rc;
}
