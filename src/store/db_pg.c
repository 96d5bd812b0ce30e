/*
** The PostgreSQL backend of db.h over libpq. It makes a PostgreSQL connection behave like the
** SQLite one the store was written for, so that store files need not know which they talk to:
**
**   - SQL text: SQLite's parameters "?" and "?NNN" become "$N" (outside strings, quoted
**     identifiers and comments), and "BEGIN IMMEDIATE" becomes "BEGIN" plus a transaction-level
**     advisory lock, the database's one write lock, so writers queue as they do on SQLite.
**   - Statements keep their bound values as text (blobs as binary bytea), typed by the C type
**     they were bound as, a NULL written into the SQL as a literal (see pg_stmt_run); they run
**     with PQexecParams at the first step, and later steps walk the rows of the result; a
**     statement marked with db_stream runs in single-row mode instead, a row a step.
**   - Columns are read back as SQLite would give them: integers, floats, text, blobs, NULL;
**     a boolean reads as the integer 1 or 0.
**   - Failures: a lock wait longer than the busy timeout is DB_BUSY, a violated constraint
**     DB_CONSTRAINT; a dropped connection is reopened before the next statement outside a
**     transaction (a transaction it cut off must be ended with ROLLBACK first); a
**     serialisation failure or deadlock of a statement run outside a transaction is retried
**     a few times.
**
** This file knows nothing of the store's tables; it must not grow SQL of its own beyond the
** session settings, the write lock and lastval().
*/
#include "db.h"

#include "../base/buf.h"
#include "../base/mem.h"

#include <ctype.h>
#include <limits.h>
#include <libpq-fe.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The key of the advisory lock that "BEGIN IMMEDIATE" takes ("luoshi" in ASCII). The
** transaction is READ COMMITTED whatever the server's default, so that each statement after
** the lock sees what the writer before it committed (a snapshot taken before the wait would
** not, and the audit chain would fork). */
#define PG_WRITE_LOCK_KEY "119251636807785"
#define PG_BEGIN_LOCKED \
  "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK_KEY ")"

/* PostgreSQL's limit on the parameters of one statement. */
#define PG_MAX_PARAM 65535
/* How often a statement run outside a transaction is retried after a serialisation failure
** or a deadlock. */
#define PG_MAX_RETRY 3

/* Oids of the built-in types the column readers tell apart (PostgreSQL's pg_type.h). */
enum {
  PG_OID_BOOL = 16,
  PG_OID_BYTEA = 17,
  PG_OID_INT8 = 20,
  PG_OID_INT2 = 21,
  PG_OID_INT4 = 23,
  PG_OID_TEXT = 25,
  PG_OID_OID = 26,
  PG_OID_FLOAT4 = 700,
  PG_OID_FLOAT8 = 701,
  PG_OID_NUMERIC = 1700,
};

/* The few statements the backend treats specially, by their first (or only) statement. */
typedef enum PgKind {
  PG_OTHER = 0,    /* anything else */
  PG_BEGIN_LOCK,   /* BEGIN IMMEDIATE or BEGIN EXCLUSIVE [TRANSACTION] */
  PG_COMMIT,       /* COMMIT or END [TRANSACTION | WORK] */
  PG_ROLLBACK,     /* ROLLBACK [TRANSACTION | WORK], not ROLLBACK TO */
} PgKind;

/* What a bound value is; it decides the parameter's type (see pg_stmt_run). */
typedef enum PgValue {
  PG_VAL_NULL = 0,  /* SQL NULL, or never bound */
  PG_VAL_INT,       /* sent as int8 */
  PG_VAL_FLOAT,     /* sent as float8 */
  PG_VAL_TEXT,      /* sent as text */
  PG_VAL_BLOB,      /* sent as bytea, binary */
} PgValue;

/* One "$N" in translated SQL text. */
typedef struct PgParamRef {
  size_t iOff;   /* byte offset of the '$' */
  int nByte;     /* length of "$N" in bytes */
  int iParam;    /* N */
} PgParamRef;

/* SQL text rewritten for PostgreSQL. */
typedef struct PgSql {
  char *zSql;            /* the text with $N parameters; the owner frees it */
  int nParam;            /* the largest parameter number in it */
  unsigned char *aUsed;  /* aUsed[i-1] is 1 when $i occurs in the text; nParam entries */
  PgParamRef *aRef;      /* every "$N" of zSql in order; nRef entries */
  int nRef;              /* entries of aRef */
  int nStmt;             /* statements in the text (blank ones not counted) */
  PgKind eKind;          /* kind of the first statement */
} PgSql;

/* A connection. Invariant: conn is never NULL; bLostTxn is set only while the connection
** is, or was, broken. */
typedef struct PgDb {
  Db base;             /* must be first */
  PGconn *conn;        /* the libpq connection */
  int nBusyMs;         /* the busy timeout, set again on every reconnect */
  long long nChange;   /* rows changed by the last INSERT, UPDATE, DELETE or MERGE */
  int bInserted;       /* an INSERT ran in this session, so lastval() may be defined */
  int bLostTxn;        /* the connection dropped inside a transaction not yet ended */
  char *zErr;          /* the last error's text (one line), or NULL */
} PgDb;

/* Where a statement is between runs. */
typedef enum PgState {
  PG_READY = 0,  /* not run since prepare or reset: the next step runs it */
  PG_ROWS,       /* res holds rows and iRow is the current one */
  PG_DONE,       /* finished: the next step runs it again */
} PgState;

/* A prepared statement. Arrays aKind, azVal, anByte, aFormat, aType have q.nParam entries;
** apBlob and anBlob have nCol. */
typedef struct PgStmt {
  DbStmt base;              /* must be first */
  PgDb *db;                 /* the connection it runs on */
  PgSql q;                  /* its text for PostgreSQL, parameters and kind */
  unsigned char *aKind;     /* PgValue of each bound value */
  char **azVal;             /* bound values (text, or bytes of a blob); NULL is SQL NULL */
  int *anByte;              /* byte length of each value (used for blobs) */
  int *aFormat;             /* 0 text, 1 binary (blobs) */
  Oid *aType;               /* the types sent with the values (set at each run) */
  PgState eState;           /* see PgState */
  PGresult *res;            /* the rows while eState is PG_ROWS, else NULL */
  int iRow;                 /* the current row of res */
  int nRow;                 /* rows in res */
  int nCol;                 /* columns in res */
  int bStream;              /* db_stream: rows come one at a time (single-row mode) */
  int bStreaming;           /* rows of a streamed run are still coming: the connection is busy */
  PGTransactionStatusType tsRun; /* the transaction status when the streamed run began */
  unsigned char **apBlob;   /* per column: the current row's bytea unescaped (+NUL), or NULL */
  size_t *anBlob;           /* their lengths in bytes */
} PgStmt;

static const DbDriver pgDriver;

/* ---- text helpers ---------------------------------------------------------------------- */

/* The first line of z without the white space around it, as a new string. */
static char *text_first_line(const char *z) {
  while (*z == ' ' || *z == '\t' || *z == '\n' || *z == '\r') z++;
  size_t n = strcspn(z, "\r\n");
  while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t')) n--;
  return xstrndup(z, n);
}

static int sql_is_ident(char c) {
  unsigned char u = (unsigned char)c;
  return isalnum(u) || u == '_' || u == '$' || u >= 0x80;
}

/* The index just past the string literal, quoted identifier, comment or dollar-quoted string
** that starts at z[i], or i when none starts there. An unterminated one runs to the end. */
static size_t sql_skip(const char *z, size_t i) {
  char c = z[i];
  if (c == '\'' || c == '"') {
    /* E'...' strings take backslash escapes */
    int bEsc = c == '\'' && i > 0 && (z[i - 1] == 'E' || z[i - 1] == 'e') &&
               (i < 2 || !sql_is_ident(z[i - 2]));
    size_t j = i + 1;
    while (z[j] && z[j] != c) {
      if (bEsc && z[j] == '\\' && z[j + 1]) j++;
      j++;
    }
    return z[j] ? j + 1 : j;
  }
  if (c == '-' && z[i + 1] == '-') {
    size_t j = i + 2;
    while (z[j] && z[j] != '\n') j++;
    return j;
  }
  if (c == '/' && z[i + 1] == '*') {
    /* PostgreSQL's block comments nest */
    size_t j = i + 2;
    int nDepth = 1;
    while (z[j] && nDepth > 0) {
      if (z[j] == '/' && z[j + 1] == '*') {
        nDepth++;
        j += 2;
      } else if (z[j] == '*' && z[j + 1] == '/') {
        nDepth--;
        j += 2;
      } else {
        j++;
      }
    }
    return j;
  }
  if (c == '$' && (i == 0 || !sql_is_ident(z[i - 1]))) {
    size_t j = i + 1;
    unsigned char u = (unsigned char)z[j];
    if (isalpha(u) || u == '_' || u >= 0x80) {
      while (sql_is_ident(z[j]) && z[j] != '$') j++;
    }
    if (z[j] != '$') return i; /* $1 and the like: not a dollar quote */
    size_t nTag = j + 1 - i;
    const char *zEnd = memmem(z + j + 1, strlen(z + j + 1), z + i, nTag);
    return zEnd ? (size_t)(zEnd - z) + nTag : i + strlen(z + i);
  }
  return i;
}

/* 1 when z[0..nByte) holds only white space and comments. */
static int sql_is_blank(const char *z, size_t nByte) {
  size_t i = 0;
  while (i < nByte) {
    if (isspace((unsigned char)z[i])) {
      i++;
      continue;
    }
    if ((z[i] == '-' && z[i + 1] == '-') || (z[i] == '/' && z[i + 1] == '*')) {
      i = sql_skip(z, i);
      continue;
    }
    return 0;
  }
  return 1;
}

/* The kind of the statement z[0..nByte) (without its ';'). */
static PgKind sql_kind(const char *z, size_t nByte) {
  const char *azWord[4];
  size_t anWord[4];
  int nWord = 0;
  size_t i = 0;
  for (;;) {
    while (i < nByte && isspace((unsigned char)z[i])) i++;
    if (i == nByte) break;
    if (!isalpha((unsigned char)z[i]) || nWord == 4) return PG_OTHER;
    azWord[nWord] = z + i;
    while (i < nByte && isalpha((unsigned char)z[i])) i++;
    anWord[nWord] = (size_t)(z + i - azWord[nWord]);
    nWord++;
  }
#define WORD_IS(k, zLit) \
  (anWord[k] == sizeof(zLit) - 1 && strncasecmp(azWord[k], zLit, sizeof(zLit) - 1) == 0)
  if (nWord == 0) return PG_OTHER;
  /* an optional last TRANSACTION or WORK */
  int nCore = nWord;
  if (nWord > 1 && (WORD_IS(nWord - 1, "TRANSACTION") || WORD_IS(nWord - 1, "WORK"))) nCore--;
  if (nCore == 2 && WORD_IS(0, "BEGIN") && (WORD_IS(1, "IMMEDIATE") || WORD_IS(1, "EXCLUSIVE"))) {
    return PG_BEGIN_LOCK;
  }
  if (nCore == 1 && (WORD_IS(0, "COMMIT") || WORD_IS(0, "END"))) return PG_COMMIT;
  if (nCore == 1 && WORD_IS(0, "ROLLBACK")) return PG_ROLLBACK;
#undef WORD_IS
  return PG_OTHER;
}

/* Rewrite zIn for PostgreSQL into *pOut (see PgSql): "BEGIN IMMEDIATE" statements become the
** locked BEGIN, and, when bParams, "?" and "?NNN" become "$N" (a bare "?" numbers one past the
** largest seen so far, as in SQLite). Returns 0, or -1 with a message in zErr (nErr bytes)
** when a parameter number is out of range. */
static int sql_translate(const char *zIn, int bParams, PgSql *pOut, char *zErr, size_t nErr) {
  Buf b = BUF_INIT;
  size_t nUsedCap = 0, nRefCap = 0;
  memset(pOut, 0, sizeof *pOut);
  size_t i = 0;
  while (zIn[i]) {
    size_t iStart = i, iEnd = i;
    while (zIn[iEnd] && zIn[iEnd] != ';') {
      size_t j = sql_skip(zIn, iEnd);
      iEnd = j > iEnd ? j : iEnd + 1;
    }
    PgKind eKind = sql_kind(zIn + iStart, iEnd - iStart);
    if (!sql_is_blank(zIn + iStart, iEnd - iStart)) {
      if (pOut->nStmt == 0) pOut->eKind = eKind;
      pOut->nStmt++;
    }
    if (eKind == PG_BEGIN_LOCK) {
      buf_puts(&b, PG_BEGIN_LOCKED);
    } else {
      size_t k = iStart;
      while (k < iEnd) {
        size_t j = sql_skip(zIn, k);
        if (j > k) {
          buf_append(&b, zIn + k, j - k);
          k = j;
          continue;
        }
        if (zIn[k] != '?' || !bParams) {
          buf_putc(&b, zIn[k++]);
          continue;
        }
        long n = 0;
        j = k + 1;
        if (isdigit((unsigned char)zIn[j])) {
          while (isdigit((unsigned char)zIn[j]) && n <= PG_MAX_PARAM) n = n * 10 + (zIn[j++] - '0');
          if (n == 0 || n > PG_MAX_PARAM) {
            snprintf(zErr, nErr, "parameter number out of range near \"%.*s\"",
                     (int)(j - k < 12 ? j - k : 12), zIn + k);
            goto fail;
          }
        } else {
          n = (long)pOut->nParam + 1;
          if (n > PG_MAX_PARAM) {
            snprintf(zErr, nErr, "too many SQL variables");
            goto fail;
          }
        }
        if (n > pOut->nParam) {
          MEM_GROW(pOut->aUsed, nUsedCap, (size_t)n);
          memset(pOut->aUsed + pOut->nParam, 0, (size_t)n - (size_t)pOut->nParam);
          pOut->nParam = (int)n;
        }
        pOut->aUsed[n - 1] = 1;
        MEM_GROW(pOut->aRef, nRefCap, (size_t)pOut->nRef + 1);
        PgParamRef *pRef = &pOut->aRef[pOut->nRef++];
        pRef->iOff = b.n;
        buf_printf(&b, "$%ld", n);
        pRef->nByte = (int)(b.n - pRef->iOff);
        pRef->iParam = (int)n;
        k = j;
      }
    }
    if (zIn[iEnd] == ';') buf_putc(&b, zIn[iEnd++]);
    i = iEnd;
  }
  pOut->zSql = buf_take(&b);
  return 0;

fail:
  buf_free(&b);
  free(pOut->aUsed);
  free(pOut->aRef);
  memset(pOut, 0, sizeof *pOut);
  return -1;
}

/* Free what q holds. */
static void sql_free(PgSql *q) {
  free(q->zSql);
  free(q->aUsed);
  free(q->aRef);
  memset(q, 0, sizeof *q);
}

/* ---- errors ----------------------------------------------------------------------------- */

static void pg_error_set(PgDb *p, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
static void pg_error_set(PgDb *p, const char *zFmt, ...) {
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  free(p->zErr);
  p->zErr = text_first_line(buf_str(&b));
  buf_free(&b);
}

static void pg_error_clear(PgDb *p) {
  free(p->zErr);
  p->zErr = NULL;
}

/* The error of res (NULL allowed: then the connection's), after zPrefix. */
static void pg_error_result(PgDb *p, const PGresult *res, const char *zPrefix) {
  const char *zMsg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *zState = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  if (zMsg) {
    if (zState) {
      pg_error_set(p, "%s%s (%s)", zPrefix, zMsg, zState);
    } else {
      pg_error_set(p, "%s%s", zPrefix, zMsg);
    }
    return;
  }
  const char *z = res ? PQresultErrorMessage(res) : "";
  if (!z[0]) z = PQerrorMessage(p->conn);
  pg_error_set(p, "%s%s", zPrefix, z[0] ? z : "unknown error");
}

/* libpq's notices (warnings such as "there is no transaction in progress") are dropped: the
** caller sees errors through db_errmsg, and a server's warnings belong in its own log. */
static void pg_notice_ignore(void *pArg, const char *zMessage) {}

/* ---- the connection --------------------------------------------------------------------- */

/* Set the session up as the store expects it. DB_OK, or DB_ERROR with the message set. */
static int pg_session_setup(PgDb *p) {
  char zSql[200];
  snprintf(zSql, sizeof zSql,
           "SET lock_timeout = %d; SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
           "SET client_encoding = 'UTF8'",
           p->nBusyMs > 0 ? p->nBusyMs : 1);
  PGresult *res = PQexec(p->conn, zSql);
  int rc = res && PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK : DB_ERROR;
  if (rc != DB_OK) pg_error_result(p, res, "setting up the database session: ");
  PQclear(res);
  return rc;
}

/* Notice a connection the server closed while it was idle (a restart sends a last message and
** closes): read what is waiting, without blocking, so that libpq marks it bad. */
static void pg_conn_poll(PgDb *p) {
  for (int i = 0; i < 4 && PQstatus(p->conn) == CONNECTION_OK; i++) {
    struct pollfd fd = {PQsocket(p->conn), POLLIN, 0};
    if (fd.fd < 0 || poll(&fd, 1, 0) <= 0) return;
    if (!PQconsumeInput(p->conn)) return;
    PGnotify *pNote;
    while ((pNote = PQnotifies(p->conn)) != NULL) PQfreemem(pNote);
  }
}

/* Make the connection ready to run a statement of kind eKind: refuse while a lost
** transaction is not ended, reopen a dropped connection. DB_OK, or DB_ERROR with the
** message set. */
static int pg_conn_ready(PgDb *p, PgKind eKind) {
  if (p->bLostTxn) {
    if (eKind == PG_COMMIT) {
      p->bLostTxn = 0;
      pg_error_set(p, "the database connection was lost: the transaction was rolled back");
      return DB_ERROR;
    }
    if (eKind != PG_ROLLBACK) {
      pg_error_set(p, "the database connection was lost: the transaction was rolled back "
                      "(end it with ROLLBACK)");
      return DB_ERROR;
    }
    p->bLostTxn = 0; /* the ROLLBACK runs on the new connection, harmlessly */
  }
  if (PQstatus(p->conn) == CONNECTION_OK && PQtransactionStatus(p->conn) == PQTRANS_IDLE) {
    pg_conn_poll(p);
  }
  if (PQstatus(p->conn) != CONNECTION_OK) {
    PQreset(p->conn);
    if (PQstatus(p->conn) != CONNECTION_OK) {
      pg_error_set(p, "the database connection was lost: %s", PQerrorMessage(p->conn));
      return DB_ERROR;
    }
    p->bInserted = 0;
    if (pg_session_setup(p) != DB_OK) return DB_ERROR;
  }
  return DB_OK;
}

/* Record the rows res changed, when it is an INSERT, UPDATE, DELETE or MERGE. */
static void pg_changes_note(PgDb *p, const PGresult *res) {
  const char *zCmd = PQcmdStatus((PGresult *)res);
  const char *zTuples = PQcmdTuples((PGresult *)res);
  int bInsert = strncmp(zCmd, "INSERT ", 7) == 0;
  if (bInsert || strncmp(zCmd, "UPDATE ", 7) == 0 || strncmp(zCmd, "DELETE ", 7) == 0 ||
      strncmp(zCmd, "MERGE ", 6) == 0) {
    if (zTuples[0]) p->nChange = strtoll(zTuples, NULL, 10);
    if (bInsert) p->bInserted = 1;
  }
}

/* Judge res (NULL allowed), the result of a statement of kind eKind run when the transaction
** status was ts. DB_OK (changes recorded, message cleared), or DB_BUSY / DB_ERROR with the
** message set; *pbRetry is 1 when running it again may succeed. */
static int pg_result_judge(PgDb *p, const PGresult *res, PgKind eKind,
                           PGTransactionStatusType ts, int *pbRetry) {
  *pbRetry = 0;
  ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
    if (eKind == PG_COMMIT && strcmp(PQcmdStatus((PGresult *)res), "ROLLBACK") == 0) {
      pg_error_set(p, "the transaction was rolled back: a statement in it had failed");
      return DB_ERROR;
    }
    pg_changes_note(p, res);
    pg_error_clear(p);
    return DB_OK;
  }
  if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
    /* not reached by the store's SQL; end the copy so the connection stays usable */
    if (st == PGRES_COPY_IN) PQputCopyEnd(p->conn, "COPY is not supported here");
    PGresult *r;
    while ((r = PQgetResult(p->conn)) != NULL) PQclear(r);
    pg_error_set(p, "COPY is not supported by this connection");
    return DB_ERROR;
  }
  if (PQstatus(p->conn) != CONNECTION_OK) {
    if (ts != PQTRANS_IDLE) p->bLostTxn = 1;
    pg_error_result(p, res, "the database connection was lost: ");
    return DB_ERROR;
  }
  pg_error_result(p, res, "");
  const char *zState = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  if (zState && ts == PQTRANS_IDLE &&
      (strcmp(zState, "40001") == 0 || strcmp(zState, "40P01") == 0)) {
    *pbRetry = 1;
  }
  if (zState && strcmp(zState, "55P03") == 0) return DB_BUSY;
  if (zState && strncmp(zState, "23", 2) == 0) return DB_CONSTRAINT;  /* integrity violation */
  return DB_ERROR;
}

/* BEGIN and take the write lock; on failure no transaction is left open. ts is the
** transaction status before. */
static int pg_begin_locked(PgDb *p, PGTransactionStatusType ts) {
  if (ts != PQTRANS_IDLE) {
    pg_error_set(p, "cannot start a transaction within a transaction");
    return DB_ERROR;
  }
  PGresult *res = PQexec(p->conn, PG_BEGIN_LOCKED);
  int bRetry;
  int rc = pg_result_judge(p, res, PG_BEGIN_LOCK, ts, &bRetry);
  PQclear(res);
  if (rc != DB_OK && PQstatus(p->conn) == CONNECTION_OK &&
      PQtransactionStatus(p->conn) != PQTRANS_IDLE) {
    PQclear(PQexec(p->conn, "ROLLBACK"));
  }
  return rc;
}

/* Run a statement: zSql with st's bound values when st is not NULL (see pg_stmt_run), else
** the script zSql. On DB_OK *pRes is the result (the caller clears it; NULL for the locked
** BEGIN); otherwise *pRes is NULL and the connection's message says why. */
static int pg_run(PgDb *p, PgStmt *st, const char *zSql, PgKind eKind, int nStmt,
                  PGresult **pRes) {
  *pRes = NULL;
  int rc = pg_conn_ready(p, eKind);
  if (rc != DB_OK) return rc;
  PGTransactionStatusType ts = PQtransactionStatus(p->conn);
  if (eKind == PG_BEGIN_LOCK && nStmt == 1) return pg_begin_locked(p, ts);
  for (int nTry = 0;; nTry++) {
    PGresult *res;
    if (st) {
      res = PQexecParams(p->conn, zSql, st->q.nParam, st->aType,
                         (const char *const *)st->azVal, st->anByte, st->aFormat, 0);
    } else {
      res = PQexec(p->conn, zSql);
    }
    int bRetry;
    rc = pg_result_judge(p, res, eKind, ts, &bRetry);
    if (rc == DB_OK) {
      *pRes = res;
      return DB_OK;
    }
    PQclear(res);
    if (!bRetry || nStmt != 1 || nTry >= PG_MAX_RETRY) return rc;
    struct timespec tPause = {0, 10000000L * (nTry + 1)};
    nanosleep(&tPause, NULL);
  }
}

static long long pg_changes(Db *pDb) { return ((PgDb *)pDb)->nChange; }

static const char *pg_errmsg(Db *pDb) {
  PgDb *p = (PgDb *)pDb;
  return p->zErr && p->zErr[0] ? p->zErr : "not an error";
}

/* lastval(), or 0 when no sequence was used in this session. Inside a transaction the query
** runs under a savepoint, so that its failure cannot abort the caller's transaction. */
static long long pg_last_insert_id(Db *pDb) {
  PgDb *p = (PgDb *)pDb;
  if (!p->bInserted || PQstatus(p->conn) != CONNECTION_OK) return 0;
  PGTransactionStatusType ts = PQtransactionStatus(p->conn);
  long long v = 0;
  if (ts == PQTRANS_IDLE) {
    PGresult *res = PQexec(p->conn, "SELECT lastval()");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
      v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    }
    PQclear(res);
    return v;
  }
  if (ts != PQTRANS_INTRANS) return 0;
  if (!PQsendQuery(p->conn,
                   "SAVEPOINT db_lastval; SELECT lastval(); RELEASE SAVEPOINT db_lastval")) {
    return 0;
  }
  PGresult *res;
  while ((res = PQgetResult(p->conn)) != NULL) {
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
      v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    }
    PQclear(res);
  }
  if (PQstatus(p->conn) == CONNECTION_OK && PQtransactionStatus(p->conn) == PQTRANS_INERROR) {
    PQclear(PQexec(p->conn, "ROLLBACK TO SAVEPOINT db_lastval; RELEASE SAVEPOINT db_lastval"));
  }
  return v;
}

static int pg_exec(Db *pDb, const char *zSql) {
  PgDb *p = (PgDb *)pDb;
  PgSql q;
  char zErr[128];
  if (sql_translate(zSql, 0, &q, zErr, sizeof zErr)) {
    pg_error_set(p, "%s", zErr);
    return DB_ERROR;
  }
  PGresult *res;
  int rc = pg_run(p, NULL, q.zSql, q.eKind, q.nStmt, &res);
  PQclear(res);
  sql_free(&q);
  return rc;
}

static void pg_close(Db *pDb) {
  PgDb *p = (PgDb *)pDb;
  PQfinish(p->conn);
  free(p->zErr);
  free(p);
}

/* ---- statements ------------------------------------------------------------------------- */

static int pg_prepare(Db *pDb, const char *zSql, DbStmt **pp) {
  PgDb *p = (PgDb *)pDb;
  PgSql q;
  char zErr[128];
  *pp = NULL;
  if (sql_translate(zSql, 1, &q, zErr, sizeof zErr)) {
    pg_error_set(p, "%s", zErr);
    return DB_ERROR;
  }
  PgStmt *s = xcalloc(1, sizeof *s);
  s->base.drv = &pgDriver;
  s->db = p;
  s->q = q;
  if (q.nParam > 0) {
    size_t n = (size_t)q.nParam;
    s->aKind = xcalloc(n, sizeof *s->aKind);
    s->azVal = xcalloc(n, sizeof *s->azVal);
    s->anByte = xcalloc(n, sizeof *s->anByte);
    s->aFormat = xcalloc(n, sizeof *s->aFormat);
    s->aType = xcalloc(n, sizeof *s->aType);
  }
  *pp = &s->base;
  return DB_OK;
}

/* Free the current row's unescaped blobs. */
static void pg_stmt_blobs_free(PgStmt *s) {
  for (int i = 0; i < s->nCol && s->apBlob; i++) {
    free(s->apBlob[i]);
    s->apBlob[i] = NULL;
  }
}

/* Drop the result and the row cursor; the statement is ready to run again. */
static void pg_stmt_result_drop(PgStmt *s) {
  pg_stmt_blobs_free(s);
  free(s->apBlob);
  free(s->anBlob);
  s->apBlob = NULL;
  s->anBlob = NULL;
  PQclear(s->res);
  s->res = NULL;
  if (s->bStreaming) {
    /* the rest of the rows, read and dropped one at a time, so the connection is free */
    PGresult *r;
    while ((r = PQgetResult(s->db->conn)) != NULL) PQclear(r);
    s->bStreaming = 0;
  }
  s->iRow = s->nRow = s->nCol = 0;
  s->eState = PG_READY;
}

/* Bind parameter i to zVal (taken over; NULL for SQL NULL), a value of kind eKind; nByte is
** the length of a blob. */
static int pg_bind_set(DbStmt *pSt, int i, char *zVal, int nByte, PgValue eKind) {
  PgStmt *s = (PgStmt *)pSt;
  if (i < 1 || i > s->q.nParam) {
    free(zVal);
    pg_error_set(s->db, "column index out of range");
    return DB_ERROR;
  }
  free(s->azVal[i - 1]);
  s->azVal[i - 1] = zVal;
  s->anByte[i - 1] = nByte;
  s->aFormat[i - 1] = eKind == PG_VAL_BLOB;
  s->aKind[i - 1] = zVal ? (unsigned char)eKind : PG_VAL_NULL;
  return DB_OK;
}

static int pg_bind_int64(DbStmt *pSt, int i, long long v) {
  char z[32];
  snprintf(z, sizeof z, "%lld", v);
  return pg_bind_set(pSt, i, xstrdup(z), 0, PG_VAL_INT);
}

static int pg_bind_double(DbStmt *pSt, int i, double v) {
  char z[40];
  if (isnan(v)) {
    snprintf(z, sizeof z, "NaN");
  } else if (isinf(v)) {
    snprintf(z, sizeof z, "%s", v > 0 ? "Infinity" : "-Infinity");
  } else {
    /* the shortest text that reads back as the same double */
    snprintf(z, sizeof z, "%.15g", v);
    if (strtod(z, NULL) != v) snprintf(z, sizeof z, "%.17g", v);
  }
  return pg_bind_set(pSt, i, xstrdup(z), 0, PG_VAL_FLOAT);
}

static int pg_bind_text(DbStmt *pSt, int i, const char *z, int bCopy) {
  return pg_bind_set(pSt, i, z ? xstrdup(z) : NULL, 0, PG_VAL_TEXT);
}

static int pg_bind_blob(DbStmt *pSt, int i, const void *pData, long long nByte) {
  PgStmt *s = (PgStmt *)pSt;
  if (!pData) return pg_bind_set(pSt, i, NULL, 0, PG_VAL_NULL);
  if (nByte < 0 || nByte > INT_MAX) {
    pg_error_set(s->db, "string or blob too big");
    return DB_ERROR;
  }
  char *a = xmalloc(nByte > 0 ? (size_t)nByte : 1);
  if (nByte > 0) memcpy(a, pData, (size_t)nByte);
  return pg_bind_set(pSt, i, a, (int)nByte, PG_VAL_BLOB);
}

static int pg_bind_null(DbStmt *pSt, int i) { return pg_bind_set(pSt, i, NULL, 0, PG_VAL_NULL); }

/* Run s with its bound values. Each value goes with the type of its C value (int8, float8,
** text, bytea), so that a parameter used twice, or first in "?N IS NULL", has one type that
** PostgreSQL need not guess. A NULL value has no such type: it is written into the text as
** the literal (NULL) instead, which PostgreSQL types by the context of each place it stands
** in, as SQLite's NULL fits anywhere. A parameter the text does not use is sent as a text
** NULL. */
/* Set s's parameter types and fill b with its text for this run (see pg_stmt_run); returns
** the text to send, b's or the statement's own. */
static const char *pg_stmt_text(PgStmt *s, Buf *b) {
  int bNull = 0;
  for (int i = 0; i < s->q.nParam; i++) {
    static const Oid aOid[] = {PG_OID_TEXT, PG_OID_INT8, PG_OID_FLOAT8, PG_OID_TEXT,
                               PG_OID_BYTEA};
    s->aType[i] = aOid[s->aKind[i]];
    if (s->q.aUsed[i] && s->aKind[i] == PG_VAL_NULL) bNull = 1;
  }
  if (!bNull) return s->q.zSql;
  size_t iDone = 0;
  for (int k = 0; k < s->q.nRef; k++) {
    const PgParamRef *pRef = &s->q.aRef[k];
    if (s->aKind[pRef->iParam - 1] != PG_VAL_NULL) continue;
    buf_append(b, s->q.zSql + iDone, pRef->iOff - iDone);
    buf_puts(b, "(NULL)");
    iDone = pRef->iOff + (size_t)pRef->nByte;
  }
  buf_puts(b, s->q.zSql + iDone);
  return buf_str(b);
}

static int pg_stmt_run(PgStmt *s, PGresult **pRes) {
  Buf b = BUF_INIT;
  int rc = pg_run(s->db, s, pg_stmt_text(s, &b), s->q.eKind, s->q.nStmt, pRes);
  buf_free(&b);
  return rc;
}

/* The next result of a streamed run as a step's answer: DB_ROW with s->res holding one row,
** or DB_DONE, or an error (the run then drained, the connection free). */
static int pg_stream_next(PgStmt *s) {
  PgDb *p = s->db;
  PGresult *res = PQgetResult(p->conn);
  if (res && PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
    if (!s->res) {
      s->nCol = PQnfields(res);
      s->apBlob = xcalloc((size_t)s->nCol, sizeof *s->apBlob);
      s->anBlob = xcalloc((size_t)s->nCol, sizeof *s->anBlob);
    }
    PQclear(s->res);
    s->res = res;
    s->nRow = 1;
    s->iRow = 0;
    s->eState = PG_ROWS;
    return DB_ROW;
  }
  int bRetry;
  int rc = pg_result_judge(p, res, s->q.eKind, s->tsRun, &bRetry);
  PQclear(res);
  pg_stmt_result_drop(s);  /* drains what is left, frees the last row */
  s->eState = PG_DONE;
  return rc == DB_OK ? DB_DONE : rc;
}

/* Start a streamed run of s: sent, in single-row mode, its first row (or end) read. */
static int pg_stream_start(PgStmt *s) {
  PgDb *p = s->db;
  int rc = pg_conn_ready(p, s->q.eKind);
  if (rc != DB_OK) return rc;
  PGTransactionStatusType ts = PQtransactionStatus(p->conn);
  Buf b = BUF_INIT;
  int bSent = PQsendQueryParams(p->conn, pg_stmt_text(s, &b), s->q.nParam, s->aType,
                                (const char *const *)s->azVal, s->anByte, s->aFormat, 0);
  buf_free(&b);
  if (!bSent) {
    if (PQstatus(p->conn) != CONNECTION_OK && ts != PQTRANS_IDLE) p->bLostTxn = 1;
    pg_error_set(p, "%s%s", PQstatus(p->conn) != CONNECTION_OK ? "the database connection "
                 "was lost: " : "", PQerrorMessage(p->conn));
    return DB_ERROR;
  }
  PQsetSingleRowMode(p->conn);
  s->bStreaming = 1;
  s->tsRun = ts;
  return pg_stream_next(s);
}

static int pg_stream(DbStmt *pSt) {
  ((PgStmt *)pSt)->bStream = 1;
  return DB_OK;
}

static int pg_step(DbStmt *pSt) {
  PgStmt *s = (PgStmt *)pSt;
  if (s->eState == PG_ROWS && s->bStreaming) {
    pg_stmt_blobs_free(s);
    return pg_stream_next(s);
  }
  if (s->eState == PG_ROWS) {
    pg_stmt_blobs_free(s);
    if (++s->iRow < s->nRow) return DB_ROW;
    pg_stmt_result_drop(s);
    s->eState = PG_DONE;
    return DB_DONE;
  }
  /* PG_READY, or PG_DONE: a step after the end runs the statement again, as in SQLite */
  pg_stmt_result_drop(s);
  if (s->bStream) return pg_stream_start(s);
  PGresult *res;
  int rc = pg_stmt_run(s, &res);
  if (rc != DB_OK) return rc;
  if (!res || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) == 0) {
    PQclear(res);
    s->eState = PG_DONE;
    return DB_DONE;
  }
  s->res = res;
  s->nRow = PQntuples(res);
  s->nCol = PQnfields(res);
  s->iRow = 0;
  s->apBlob = xcalloc((size_t)s->nCol, sizeof *s->apBlob);
  s->anBlob = xcalloc((size_t)s->nCol, sizeof *s->anBlob);
  s->eState = PG_ROWS;
  return DB_ROW;
}

static int pg_reset(DbStmt *pSt) {
  pg_stmt_result_drop((PgStmt *)pSt);
  return DB_OK;
}

static int pg_clear_bindings(DbStmt *pSt) {
  PgStmt *s = (PgStmt *)pSt;
  for (int i = 1; i <= s->q.nParam; i++) pg_bind_set(pSt, i, NULL, 0, PG_VAL_NULL);
  return DB_OK;
}

static void pg_finalize(DbStmt *pSt) {
  PgStmt *s = (PgStmt *)pSt;
  pg_stmt_result_drop(s);
  for (int i = 0; i < s->q.nParam; i++) free(s->azVal[i]);
  free(s->aKind);
  free(s->azVal);
  free(s->anByte);
  free(s->aFormat);
  free(s->aType);
  sql_free(&s->q);
  free(s);
}

/* ---- columns ---------------------------------------------------------------------------- */

/* The text of column i of the current row, or NULL when there is no such value (no row, no
** such column, SQL NULL); *pType is the column's type oid. */
static const char *pg_value(PgStmt *s, int i, Oid *pType) {
  *pType = 0;
  if (s->eState != PG_ROWS || i < 0 || i >= s->nCol) return NULL;
  if (PQgetisnull(s->res, s->iRow, i)) return NULL;
  *pType = PQftype(s->res, i);
  return PQgetvalue(s->res, s->iRow, i);
}

/* Column i (a bytea) of the current row as bytes, NUL-terminated; its length in *pnByte. */
static const unsigned char *pg_blob(PgStmt *s, int i, const char *zText, size_t *pnByte) {
  if (!s->apBlob[i]) {
    size_t n = 0;
    unsigned char *a = PQunescapeBytea((const unsigned char *)zText, &n);
    unsigned char *aCopy = xmalloc(n + 1);
    if (a && n > 0) memcpy(aCopy, a, n);
    if (!a) n = 0;
    aCopy[n] = 0;
    PQfreemem(a);
    s->apBlob[i] = aCopy;
    s->anBlob[i] = n;
  }
  *pnByte = s->anBlob[i];
  return s->apBlob[i];
}

static int pg_is_float(Oid t) {
  return t == PG_OID_FLOAT4 || t == PG_OID_FLOAT8 || t == PG_OID_NUMERIC;
}

static int pg_column_type(DbStmt *pSt, int i) {
  Oid t;
  if (!pg_value((PgStmt *)pSt, i, &t)) return DB_NULL;
  switch (t) {
    case PG_OID_INT2:
    case PG_OID_INT4:
    case PG_OID_INT8:
    case PG_OID_OID:
    case PG_OID_BOOL:
      return DB_INTEGER;
    case PG_OID_FLOAT4:
    case PG_OID_FLOAT8:
    case PG_OID_NUMERIC:
      return DB_FLOAT;
    case PG_OID_BYTEA:
      return DB_BLOB;
    default:
      return DB_TEXT;
  }
}

/* r as an integer the way SQLite converts: truncated toward zero, clamped, NaN 0. */
static long long pg_double_to_int64(double r) {
  if (isnan(r)) return 0;
  if (r <= -9223372036854775808.0) return LLONG_MIN;
  if (r >= 9223372036854775808.0) return LLONG_MAX;
  return (long long)r;
}

static long long pg_column_int64(DbStmt *pSt, int i) {
  Oid t;
  const char *z = pg_value((PgStmt *)pSt, i, &t);
  if (!z) return 0;
  if (t == PG_OID_BOOL) return z[0] == 't';
  if (pg_is_float(t)) return pg_double_to_int64(strtod(z, NULL));
  char *zEnd;
  long long v = strtoll(z, &zEnd, 10);
  if (*zEnd == '.' || *zEnd == 'e' || *zEnd == 'E') v = pg_double_to_int64(strtod(z, NULL));
  return v;
}

static double pg_column_double(DbStmt *pSt, int i) {
  Oid t;
  const char *z = pg_value((PgStmt *)pSt, i, &t);
  if (!z) return 0.0;
  if (t == PG_OID_BOOL) return z[0] == 't' ? 1.0 : 0.0;
  return strtod(z, NULL);
}

static const char *pg_column_text(DbStmt *pSt, int i) {
  PgStmt *s = (PgStmt *)pSt;
  Oid t;
  const char *z = pg_value(s, i, &t);
  if (!z) return NULL;
  if (t == PG_OID_BOOL) return z[0] == 't' ? "1" : "0";
  if (t == PG_OID_BYTEA) {
    /* as in SQLite: a blob read as text is its bytes */
    size_t n;
    return (const char *)pg_blob(s, i, z, &n);
  }
  return z;
}

static const void *pg_column_blob(DbStmt *pSt, int i) {
  return pg_column_text(pSt, i);  /* bytea unescaped, other values as their text */
}

static int pg_column_bytes(DbStmt *pSt, int i) {
  PgStmt *s = (PgStmt *)pSt;
  Oid t;
  const char *z = pg_value(s, i, &t);
  if (!z) return 0;
  if (t == PG_OID_BOOL) return 1;
  if (t == PG_OID_BYTEA) {
    size_t n;
    pg_blob(s, i, z, &n);
    return n > INT_MAX ? INT_MAX : (int)n;
  }
  return PQgetlength(s->res, s->iRow, i);
}

static int pg_column_count(DbStmt *pSt) {
  PgStmt *s = (PgStmt *)pSt;
  return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_column_name(DbStmt *pSt, int i) {
  PgStmt *s = (PgStmt *)pSt;
  return s->res && i >= 0 && i < PQnfields(s->res) ? PQfname(s->res, i) : NULL;
}

static const DbDriver pgDriver = {
    .dialect = DB_POSTGRESQL,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .stream = pg_stream,
    .step = pg_step,
    .reset = pg_reset,
    .clear_bindings = pg_clear_bindings,
    .finalize = pg_finalize,
    .column_type = pg_column_type,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .column_bytes = pg_column_bytes,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .changes = pg_changes,
    .last_insert_id = pg_last_insert_id,
    .errmsg = pg_errmsg,
    .exec = pg_exec,
    .close = pg_close,
};

/* Open the PostgreSQL database zConnInfo (a URI or a libpq keyword string) as db__pg_open
** in db.h says: on success *pp is the connection and DB_OK is returned; on failure *pp is NULL,
** zErr (nErr bytes) holds libpq's reason (one line) and DB_ERROR is returned. The session
** waits at most nBusyMs for a lock (lock_timeout; 0 or less fails almost at once, as SQLite
** without a busy timeout), speaks UTF-8, reports times in UTC and sends no notices. */
int db__pg_open(const char *zConnInfo, int nBusyMs, Db **pp, char *zErr, int nErr) {
  *pp = NULL;
  /* keywords before the expanded dbname are defaults that zConnInfo may override */
  const char *const azKey[] = {"fallback_application_name", "dbname", NULL};
  const char *const azVal[] = {"luoshi", zConnInfo, NULL};
  PGconn *conn = PQconnectdbParams(azKey, azVal, 1);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    char *zLine = text_first_line(conn ? PQerrorMessage(conn) : "out of memory");
    if (nErr > 0) snprintf(zErr, (size_t)nErr, "%s", zLine[0] ? zLine : "cannot connect");
    free(zLine);
    PQfinish(conn);
    return DB_ERROR;
  }
  PQsetNoticeProcessor(conn, pg_notice_ignore, NULL);
  PgDb *p = xcalloc(1, sizeof *p);
  p->base.drv = &pgDriver;
  p->conn = conn;
  p->nBusyMs = nBusyMs;
  if (pg_session_setup(p) != DB_OK) {
    if (nErr > 0) snprintf(zErr, (size_t)nErr, "%s", pg_errmsg(&p->base));
    pg_close(&p->base);
    return DB_ERROR;
  }
  *pp = &p->base;
  return DB_OK;
}
