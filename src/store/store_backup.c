/*
** Backups and restores of the SQLite database (see store.h, "backups"), made while the
** database is in use. A PostgreSQL database has its own tools for this (pg_dump, replication);
** a backup of one is refused with a message saying so.
**
** A backup copies the open store with SQLite's online backup API, 256 pages a step, inside one
** read transaction on the source: in WAL mode writers go on meanwhile, and the copy is the one
** snapshot the transaction saw (it never restarts, never mixes two states). The copy is
** written to FILE.tmp in rollback-journal mode (one self-contained file), fsynced, checked
** (PRAGMA integrity_check and the audit chain, by store_audit_verify — the same check as
** `luoshi audit verify`), and only then renamed to FILE and the directory fsynced: a crash
** leaves FILE as it was, never half a backup under its name.
**
** A restore checks FILE the same way (and that its schema is not newer than this luoshi's),
** copies it by the backup API into PATH.tmp, and renames that over PATH while holding an
** exclusive lock on the old PATH, after taking the old PATH out of WAL mode (which checkpoints
** and removes its -wal; SQLite refuses that while another process has it open, so a restore
** under a running server is refused instead of leaving the server's WAL beside the new file).
**
** This file must not know the schema beyond the tables it counts.
*/
#include "store_internal.h"

#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BACKUP_STEP_PAGES 256
#define BACKUP_BUSY_TRIES 1000  /* 10 ms each: give up after about 10 s of locks */

/* fsync the file zPath (fDir: the directory holding it). 0 or LUOSHI_EIO. */
static int sync_path(const char *zPath, int fDir, Err *e) {
  char zDir[4096];
  const char *zOpen = zPath;
  if (fDir) {
    const char *zSlash = strrchr(zPath, '/');
    if (!zSlash) zOpen = ".";
    else if (zSlash == zPath) zOpen = "/";
    else {
      snprintf(zDir, sizeof zDir, "%.*s", (int)(zSlash - zPath), zPath);
      zOpen = zDir;
    }
  }
  int fd = open(zOpen, O_RDONLY | (fDir ? O_DIRECTORY : 0));
  if (fd < 0) return err_set(e, LUOSHI_EIO, "cannot open %s: %s", zOpen, strerror(errno));
  int rc = fsync(fd);
  int saved = errno;
  close(fd);
  if (rc) return err_set(e, LUOSHI_EIO, "cannot sync %s: %s", zOpen, strerror(saved));
  return 0;
}

/* Step backup b to its end, retrying while the source or destination is locked. */
static int copy_all(sqlite3_backup *b, sqlite3 *dest, long long *pnPage, Err *e) {
  int tries = 0, rc;
  for (;;) {
    rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_OK) continue;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < BACKUP_BUSY_TRIES) {
      sqlite3_sleep(10);
      continue;
    }
    break;
  }
  if (pnPage) *pnPage = sqlite3_backup_pagecount(b);
  int rcFinish = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    return err_set(e, LUOSHI_EIO, "copying the database: %s", sqlite3_errstr(rc));
  }
  if (rcFinish != SQLITE_OK) {
    return err_set(e, LUOSHI_EIO, "copying the database: %s", sqlite3_errmsg(dest));
  }
  return 0;
}

static long long count_rows(Store *s, const char *zSql) {
  DbStmt *st;
  long long n = -1;
  if (db_prepare(s->db, zSql, &st) == DB_OK) {
    if (db_step(st) == DB_ROW) n = db_column_int64(st, 0);
    db_finalize(st);
  }
  return n;
}

/* The schema version this luoshi brings a database to: that of a fresh database. */
static int latest_schema(Err *e) {
  Store *m;
  if (store_open(":memory:", &m, e)) return -1;
  int v = store_schema_version(m);
  store_close(m);
  return v;
}

/* Check the database file zFile, opened read-only, as a backup: readable, integrity_check ok,
** a luoshi database whose schema this luoshi knows, its audit chain whole; fill *p. */
static int check_file(const char *zFile, const char *zWhat, StoreBackupInfo *p, Err *e) {
  memset(p, 0, sizeof *p);
  struct stat sb;
  if (stat(zFile, &sb) != 0) {
    return err_set(e, LUOSHI_ENOTFOUND, "%s %s: %s", zWhat, zFile, strerror(errno));
  }
  if (!S_ISREG(sb.st_mode)) return err_set(e, LUOSHI_EINVAL, "%s %s is not a file", zWhat, zFile);
  if (sb.st_size == 0) return err_set(e, LUOSHI_EINVAL, "%s %s is empty", zWhat, zFile);
  Store st = {NULL, 0};
  Store *s = &st;
  int rc = 0;
  sqlite3 *raw = NULL;
  if (sqlite3_open_v2(zFile, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    rc = err_set(e, LUOSHI_EIO, "cannot open %s %s: %s", zWhat, zFile,
                 raw ? sqlite3_errmsg(raw) : "out of memory");
    sqlite3_close(raw);
    return rc;
  }
  sqlite3_busy_timeout(raw, 10000);
  s->db = db_sqlite_wrap(raw);
  /* integrity_check asks the search index's tokenizer too */
  if (sq_search_register(raw)) {
    rc = err_set(e, LUOSHI_EIO, "%s %s: registering the search tokenizer: %s", zWhat, zFile,
                 sqlite3_errmsg(raw));
    goto cleanup;
  }
  DbStmt *q;
  if (db_prepare(s->db, "PRAGMA integrity_check(20)", &q) != DB_OK) {
    rc = err_set(e, LUOSHI_EIO, "%s %s is not a usable database: %s", zWhat, zFile,
                 sqlite3_errmsg(raw));
    goto cleanup;
  }
  Buf problems = BUF_INIT;
  int step;
  while ((step = db_step(q)) == DB_ROW) {
    const char *z = sq_col(q, 0);
    if (strcmp(z, "ok") == 0) continue;
    if (problems.n) buf_puts(&problems, "; ");
    if (problems.n < 400) buf_puts(&problems, z);
  }
  db_finalize(q);
  if (step != DB_DONE) {
    rc = err_set(e, LUOSHI_EIO, "%s %s is damaged: %s", zWhat, zFile, sqlite3_errmsg(raw));
  } else if (problems.n) {
    rc = err_set(e, LUOSHI_EIO, "%s %s fails the integrity check: %.400s", zWhat, zFile,
                 buf_str(&problems));
  }
  buf_free(&problems);
  if (rc) goto cleanup;
  p->integrityOk = 1;
  p->schemaVersion = store_schema_version(s);
  int latest = latest_schema(e);
  if (latest < 0) {
    rc = LUOSHI_EIO;
    goto cleanup;
  }
  if (count_rows(s, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND "
                    "name IN ('documents','ledger_items','reports','audit_log')") != 4) {
    rc = err_set(e, LUOSHI_EINVAL, "%s %s is not a luoshi database", zWhat, zFile);
    goto cleanup;
  }
  if (p->schemaVersion > latest) {
    rc = err_set(e, LUOSHI_EINVAL,
                 "%s %s is at schema version %d, newer than this luoshi knows (%d); use a "
                 "newer luoshi", zWhat, zFile, p->schemaVersion, latest);
    goto cleanup;
  }
  if ((rc = store_audit_verify(s, &p->audit, e)) != 0) goto cleanup;
  if (p->audit.badSeq) {
    rc = err_set(e, LUOSHI_EINVAL, "%s %s: the audit chain breaks at entry %lld of %lld: %s",
                 zWhat, zFile, p->audit.badSeq, p->audit.nEntry, p->audit.zWhy);
    goto cleanup;
  }
  p->nPage = count_rows(s, "PRAGMA page_count");
  p->nDocument = count_rows(s, "SELECT count(*) FROM documents");
  p->nItem = count_rows(s, "SELECT count(*) FROM ledger_items");
  p->nReport = count_rows(s, "SELECT count(*) FROM reports");
  p->nAudit = count_rows(s, "SELECT count(*) FROM audit_log");
cleanup:
  db_close(s->db);
  return rc;
}

int store_backup_check(const char *zFile, StoreBackupInfo *p, Err *e) {
  return check_file(zFile, "the backup", p, e);
}

int store_backup(Store *s, const char *zFile, StoreBackupInfo *p, Err *e) {
  memset(p, 0, sizeof *p);
  sqlite3 *source = db_sqlite_handle(s->db);
  if (!source) {
    return err_set(e, LUOSHI_EINVAL, "luoshi backs up SQLite databases; a PostgreSQL database is "
                                     "backed up with pg_dump or its own replication");
  }
  char zTmp[4096];
  if (snprintf(zTmp, sizeof zTmp, "%s.tmp", zFile) >= (int)sizeof zTmp) {
    return err_set(e, LUOSHI_EINVAL, "the backup's name is too long");
  }
  unlink(zTmp);  /* the remains of a backup that was cut short */
  sqlite3 *dest = NULL;
  int rc = 0;
  if (sqlite3_open_v2(zTmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK) {
    rc = err_set(e, LUOSHI_EIO, "cannot create %s: %s", zTmp,
                 dest ? sqlite3_errmsg(dest) : "out of memory");
    goto cleanup;
  }
  /* One read transaction over the whole copy: one snapshot, while writers go on (WAL). */
  if (sq_exec(s, "BEGIN", e)) {
    rc = LUOSHI_EIO;
    goto cleanup;
  }
  long long nDummy = count_rows(s, "SELECT count(*) FROM sqlite_schema");
  (void)nDummy;
  sqlite3_backup *b = sqlite3_backup_init(dest, "main", source, "main");
  if (!b) {
    rc = err_set(e, LUOSHI_EIO, "starting the backup: %s", sqlite3_errmsg(dest));
  } else {
    rc = copy_all(b, dest, &p->nPage, e);
  }
  sq_exec(s, "COMMIT", NULL);
  if (rc) goto cleanup;
  /* a self-contained file: no -wal beside it */
  if (sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
    rc = err_set(e, LUOSHI_EIO, "finishing %s: %s", zTmp, sqlite3_errmsg(dest));
    goto cleanup;
  }
  if (sqlite3_close(dest) != SQLITE_OK) {
    rc = err_set(e, LUOSHI_EIO, "closing %s: %s", zTmp, sqlite3_errmsg(dest));
    dest = NULL;
    goto cleanup;
  }
  dest = NULL;
  if ((rc = sync_path(zTmp, 0, e)) != 0) goto cleanup;
  long long nPage = p->nPage;
  if ((rc = check_file(zTmp, "the backup", p, e)) != 0) goto cleanup;
  p->nPage = nPage;
  if (rename(zTmp, zFile) != 0) {
    rc = err_set(e, LUOSHI_EIO, "cannot rename %s to %s: %s", zTmp, zFile, strerror(errno));
    goto cleanup;
  }
  rc = sync_path(zFile, 1, e);
cleanup:
  if (dest) sqlite3_close(dest);
  if (rc) unlink(zTmp);
  return rc;
}

/* Is the database at zPath one a restore must not replace without being forced: one with an
** audited change, or a file that is not a readable database? */
static int holds_data(const char *zPath) {
  struct stat sb;
  if (stat(zPath, &sb) != 0 || sb.st_size == 0) return 0;
  Store st = {NULL, 0};
  int bData = 1;
  sqlite3 *raw = NULL;
  /* read-write (never creating): the last connection to a WAL database removes its -wal */
  if (sqlite3_open_v2(zPath, &raw, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
    sqlite3_busy_timeout(raw, 10000);
    st.db = db_sqlite_wrap(raw);
    long long n = count_rows(&st, "SELECT count(*) FROM audit_log");
    bData = n != 0;  /* -1: no audit_log, or unreadable */
    if (n < 0 && count_rows(&st, "SELECT count(*) FROM sqlite_schema") == 0) bData = 0;
    db_close(st.db);
  } else {
    sqlite3_close(raw);
  }
  return bData;
}

int store_restore(const char *zFile, const char *zPath, int bForce, StoreBackupInfo *p,
                  Err *e) {
  int rc = check_file(zFile, "the backup", p, e);
  if (rc) return rc;
  if (!bForce && holds_data(zPath)) {
    return err_set(e, LUOSHI_ECONFLICT,
                   "%s already holds a database; give --force to replace it", zPath);
  }
  char zTmp[4096];
  if (snprintf(zTmp, sizeof zTmp, "%s.tmp", zPath) >= (int)sizeof zTmp) {
    return err_set(e, LUOSHI_EINVAL, "the database's name is too long");
  }
  unlink(zTmp);
  sqlite3 *src = NULL, *dest = NULL, *old = NULL;
  if (sqlite3_open_v2(zFile, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_open_v2(zTmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
          SQLITE_OK) {
    rc = err_set(e, LUOSHI_EIO, "cannot open the backup or %s", zTmp);
    goto cleanup;
  }
  sqlite3_busy_timeout(src, 10000);
  sqlite3_backup *b = sqlite3_backup_init(dest, "main", src, "main");
  if (!b) {
    rc = err_set(e, LUOSHI_EIO, "starting the restore: %s", sqlite3_errmsg(dest));
    goto cleanup;
  }
  if ((rc = copy_all(b, dest, NULL, e)) != 0) goto cleanup;
  if (sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
    rc = err_set(e, LUOSHI_EIO, "finishing %s: %s", zTmp, sqlite3_errmsg(dest));
    goto cleanup;
  }
  sqlite3_close(dest);
  dest = NULL;
  if ((rc = sync_path(zTmp, 0, e)) != 0) goto cleanup;
  /* The old database: out of WAL mode (its -wal checkpointed and removed; refused while
  ** another connection has it open), then locked while the new file takes its name. */
  struct stat sb;
  if (stat(zPath, &sb) == 0 && sb.st_size > 0) {
    if (sqlite3_open_v2(zPath, &old, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
      rc = err_set(e, LUOSHI_EIO, "cannot open %s: %s", zPath,
                   old ? sqlite3_errmsg(old) : "out of memory");
      goto cleanup;
    }
    sqlite3_busy_timeout(old, 2000);
    sqlite3_stmt *q;
    char zMode[16] = "";
    if (sqlite3_prepare_v2(old, "PRAGMA journal_mode=DELETE", -1, &q, NULL) == SQLITE_OK) {
      const unsigned char *zGot = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
      if (zGot) snprintf(zMode, sizeof zMode, "%s", (const char *)zGot);
      sqlite3_finalize(q);
    }
    if (sqlite3_errcode(old) == SQLITE_NOTADB) {
      /* not a database (only reached with bForce): nothing to lock, nothing beside it */
      sqlite3_close(old);
      old = NULL;
    } else if (strcmp(zMode, "delete") != 0 ||
        sqlite3_exec(old, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE", NULL, NULL, NULL) !=
            SQLITE_OK) {
      rc = err_set(e, LUOSHI_ECONFLICT,
                   "%s is in use by another process (is `luoshi serve` running?); stop it and "
                   "restore again", zPath);
      goto cleanup;
    }
  }
  if (rename(zTmp, zPath) != 0) {
    rc = err_set(e, LUOSHI_EIO, "cannot rename %s to %s: %s", zTmp, zPath, strerror(errno));
    goto cleanup;
  }
  rc = sync_path(zPath, 1, e);
cleanup:
  if (old) {
    sqlite3_exec(old, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(old);
  }
  if (dest) sqlite3_close(dest);
  if (src) sqlite3_close(src);
  if (rc) unlink(zTmp);
  return rc;
}
