/*
** Store on SQLite (see store.h): one database file, WAL journal, foreign keys on, a busy
** timeout so that two processes writing at once wait for each other instead of failing.
**
** Migrations are the files schema/NNN-*.sql embedded at build time; PRAGMA user_version records
** how many have been applied. Every statement is a literal with bound values.
*/
#include "store.h"
#include "sqlite_internal.h"

#include "../base/data.h"
#include "../base/mem.h"

#include <sqlite3.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
};
#define N_MIGRATION (int)(sizeof azMigration / sizeof azMigration[0])

int sq_error(Store *s, Err *e, const char *zWhat) {
  return err_set(e, LUOSHI_EIO, "database: %s: %s", zWhat, sqlite3_errmsg(s->db));
}

int sq_exec(Store *s, const char *zSql, Err *e) {
  char *zErr = NULL;
  /* inside a batch (store_batch_begin) each function's own transaction nests as a savepoint */
  if (s->batch && strcmp(zSql, "BEGIN IMMEDIATE") == 0) zSql = "SAVEPOINT batch_step";
  else if (s->batch && strcmp(zSql, "COMMIT") == 0) zSql = "RELEASE batch_step";
  else if (s->batch && strcmp(zSql, "ROLLBACK") == 0) {
    zSql = "ROLLBACK TO batch_step; RELEASE batch_step";
  }
  if (sqlite3_exec(s->db, zSql, NULL, NULL, &zErr) != SQLITE_OK) {
    err_set(e, LUOSHI_EIO, "database: %s", zErr ? zErr : "error");
    sqlite3_free(zErr);
    return LUOSHI_EIO;
  }
  return 0;
}

const char *sq_col(sqlite3_stmt *st, int i) {
  const unsigned char *z = sqlite3_column_text(st, i);
  return z ? (const char *)z : "";
}

int sq_finish(Store *s, int rc, Err *e) {
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}

int sq_change_one(Store *s, sqlite3_stmt *st, const char *zWhat, const char *zMissing, Err *e) {
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) return sq_error(s, e, zWhat);
  if (sqlite3_changes(s->db) != 1) return err_set(e, LUOSHI_ENOTFOUND, "%s", zMissing);
  return 0;
}

int sq_lookup(Store *s, const char *zSql, long long id, const char *zWhat, long long *pOut,
              Err *e) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, zSql, -1, &st, NULL)) {
    char zDoing[64];
    snprintf(zDoing, sizeof zDoing, "reading a %s", zWhat);
    return sq_error(s, e, zDoing);
  }
  sqlite3_bind_int64(st, 1, id);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) *pOut = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return found ? 0 : err_set(e, LUOSHI_ENOTFOUND, "no %s %lld", zWhat, id);
}

int sq_begin(Store *s, const char *zSql, sqlite3_stmt **pSt, const char *zWhat, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  if (sqlite3_prepare_v2(s->db, zSql, -1, pSt, NULL)) {
    return sq_finish(s, sq_error(s, e, zWhat), e);
  }
  return 0;
}

int sq_audit_json(Store *s, const char *zActor, const char *zAction, const char *zEntity,
                  long long id, json_t *after, Err *e) {
  char *z = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
  int rc = sq_audit_append(s, zActor, zAction, zEntity, id, NULL, z, e);
  free(z);
  json_decref(after);
  return rc;
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

int store_schema_version(Store *s) {
  sqlite3_stmt *st;
  int v = 0;
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  return v;
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
    const char *zSql = data_get(azMigration[i], &n);
    if (!zSql) return err_set(e, LUOSHI_EIO, "migration %s is missing", azMigration[i]);
    if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
    /* Another process may have migrated while we waited for the lock. */
    if (store_schema_version(s) > i) {
      sq_exec(s, "COMMIT", e);
      continue;
    }
    char zPragma[64];
    snprintf(zPragma, sizeof zPragma, "PRAGMA user_version=%d", i + 1);
    if (sq_exec(s, zSql, e) || sq_exec(s, zPragma, e)) {
      sq_exec(s, "ROLLBACK", NULL);
      return LUOSHI_EIO;
    }
    if (sq_exec(s, "COMMIT", e)) return LUOSHI_EIO;
  }
  return 0;
}

int store_open(const char *zPath, Store **pp, Err *e) {
  Store *s = xcalloc(1, sizeof(Store));
  *pp = NULL;
  if (sqlite3_open_v2(zPath, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK) {
    err_set(e, LUOSHI_EIO, "cannot open the database %s: %s", zPath,
            s->db ? sqlite3_errmsg(s->db) : "out of memory");
    sqlite3_close(s->db);
    free(s);
    return LUOSHI_EIO;
  }
  sqlite3_busy_timeout(s->db, 10000);
  if ((sq_search_register(s->db) && sq_error(s, e, "registering the search tokenizer")) ||
      sq_exec(s, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL", e) ||
      migrate(s, e)) {
    char zMsg[sizeof e->zMsg];
    snprintf(zMsg, sizeof zMsg, "%s", e ? e->zMsg : "");
    if (e) err_set(e, LUOSHI_EIO, "%s (database %s)", zMsg, zPath);
    sqlite3_close(s->db);
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
  sqlite3_close(s->db);
  free(s);
}

/* ---- binding helpers --------------------------------------------------------------------- */

static void bind_json_text(sqlite3_stmt *st, int i, json_t *v) {
  if (json_is_string(v)) sqlite3_bind_text(st, i, json_string_value(v), -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

static void bind_json_int(sqlite3_stmt *st, int i, json_t *v) {
  if (json_is_integer(v)) sqlite3_bind_int64(st, i, json_integer_value(v));
  else sqlite3_bind_null(st, i);
}

static void bind_json_real(sqlite3_stmt *st, int i, json_t *v) {
  if (json_is_number(v)) sqlite3_bind_double(st, i, json_number_value(v));
  else sqlite3_bind_null(st, i);
}

static void bind_range(sqlite3_stmt *st, int i, json_t *o, const char *zKey) {
  json_t *r = json_object_get(o, zKey);
  bind_json_int(st, i, json_array_get(r, 0));
  bind_json_int(st, i + 1, json_array_get(r, 1));
}

static void bind_json_dump(sqlite3_stmt *st, int i, json_t *v) {
  char *z = json_dumps(v ? v : json_array(), JSON_COMPACT);
  sqlite3_bind_text(st, i, z ? z : "[]", -1, SQLITE_TRANSIENT);
  free(z);
}

static int step_done(Store *s, sqlite3_stmt *st, Err *e, const char *zWhat) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE) return sq_error(s, e, zWhat);
  return 0;
}

/* ---- saving ------------------------------------------------------------------------------ */

typedef struct SaveStmts {
  sqlite3_stmt *doc, *block, *task, *target, *place, *diag;
} SaveStmts;

static void finalize_all(SaveStmts *p) {
  sqlite3_finalize(p->doc);
  sqlite3_finalize(p->block);
  sqlite3_finalize(p->task);
  sqlite3_finalize(p->target);
  sqlite3_finalize(p->place);
  sqlite3_finalize(p->diag);
}

static int prepare_all(Store *s, SaveStmts *p, Err *e) {
  memset(p, 0, sizeof *p);
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO documents(sha256,title,file_name,format,encoding,chars,"
                         "bytes,fragments,imported_at,json,kind) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &p->doc, NULL) ||
      sqlite3_prepare_v2(s->db,
                         "INSERT INTO blocks(doc_id,id,kind,text,line_first,line_last,"
                         "byte_start,byte_end,fragment,section,measure,measure_title) "
                         "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &p->block, NULL) ||
      sqlite3_prepare_v2(s->db,
                         "INSERT INTO tasks(doc_id,id,block_id,kind,text,sentence,line_first,"
                         "line_last,byte_start,byte_end,section,measure,deliverable,deadline,"
                         "actor,lead_units,cooperating_units,suggested_units,deadline_text,problem) "
                         "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &p->task, NULL) ||
      sqlite3_prepare_v2(s->db,
                         "INSERT INTO targets(doc_id,id,task_id,metric,value,unit,comparator,"
                         "tolerance,level,deadline,horizon_years,text,line_first,line_last,"
                         "byte_start,byte_end) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &p->target, NULL) ||
      sqlite3_prepare_v2(s->db,
                         "INSERT INTO task_places(doc_id,task_id,code,name,level,mention) "
                         "VALUES(?,?,?,?,?,?)",
                         -1, &p->place, NULL) ||
      sqlite3_prepare_v2(s->db,
                         "INSERT INTO diagnostics(doc_id,seq,severity,message,line_first,"
                         "line_last) VALUES(?,?,?,?,?,?)",
                         -1, &p->diag, NULL)) {
    int rc = sq_error(s, e, "prepare");
    finalize_all(p);
    return rc;
  }
  return 0;
}

static int find_sha(Store *s, const char *zSha, long long *pId) {
  sqlite3_stmt *st;
  int found = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT id FROM documents WHERE sha256=?", -1, &st, NULL)) {
    return 0;
  }
  sqlite3_bind_text(st, 1, zSha, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) {
    *pId = sqlite3_column_int64(st, 0);
    found = 1;
  }
  sqlite3_finalize(st);
  return found;
}

static int save_rows(Store *s, SaveStmts *p, json_t *root, long long id, Err *e) {
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(root, "blocks"), i, v) {
    sqlite3_stmt *st = p->block;
    sqlite3_bind_int64(st, 1, id);
    bind_json_int(st, 2, json_object_get(v, "id"));
    bind_json_text(st, 3, json_object_get(v, "kind"));
    bind_json_text(st, 4, json_object_get(v, "text"));
    bind_range(st, 5, v, "lines");
    bind_range(st, 7, v, "bytes");
    bind_json_int(st, 9, json_object_get(v, "fragment"));
    bind_json_text(st, 10, json_object_get(v, "section"));
    bind_json_int(st, 11, json_object_get(v, "measure"));
    bind_json_text(st, 12, json_object_get(v, "measure_title"));
    if (step_done(s, st, e, "saving a block")) return LUOSHI_EIO;
  }
  json_array_foreach(json_object_get(root, "tasks"), i, v) {
    sqlite3_stmt *st = p->task;
    json_t *units = json_object_get(v, "units");
    json_t *actor = json_object_get(v, "actor");
    sqlite3_bind_int64(st, 1, id);
    bind_json_int(st, 2, json_object_get(v, "id"));
    bind_json_int(st, 3, json_object_get(v, "block"));
    bind_json_text(st, 4, json_object_get(v, "kind"));
    bind_json_text(st, 5, json_object_get(v, "text"));
    bind_json_text(st, 6, json_object_get(v, "sentence"));
    bind_range(st, 7, v, "lines");
    bind_range(st, 9, v, "bytes");
    bind_json_text(st, 11, json_object_get(v, "section"));
    bind_json_int(st, 12, json_object_get(v, "measure"));
    bind_json_text(st, 13, json_object_get(v, "deliverable"));
    bind_json_int(st, 14, json_object_get(v, "deadline"));
    bind_json_text(st, 15, json_object_get(actor, "name"));
    bind_json_dump(st, 16, json_object_get(units, "lead"));
    bind_json_dump(st, 17, json_object_get(units, "cooperating"));
    bind_json_dump(st, 18, json_object_get(units, "suggested"));
    bind_json_text(st, 19, json_object_get(v, "deadline_text"));
    bind_json_text(st, 20, json_object_get(v, "problem"));
    if (step_done(s, st, e, "saving a task")) return LUOSHI_EIO;
    size_t k;
    json_t *pl;
    json_array_foreach(json_object_get(v, "places"), k, pl) {
      sqlite3_bind_int64(p->place, 1, id);
      bind_json_int(p->place, 2, json_object_get(v, "id"));
      bind_json_text(p->place, 3, json_object_get(pl, "code"));
      bind_json_text(p->place, 4, json_object_get(pl, "name"));
      bind_json_text(p->place, 5, json_object_get(pl, "level"));
      bind_json_text(p->place, 6, json_object_get(pl, "mention"));
      if (step_done(s, p->place, e, "saving a place")) return LUOSHI_EIO;
    }
  }
  json_array_foreach(json_object_get(root, "targets"), i, v) {
    sqlite3_stmt *st = p->target;
    sqlite3_bind_int64(st, 1, id);
    bind_json_int(st, 2, json_object_get(v, "id"));
    bind_json_int(st, 3, json_object_get(v, "task"));
    bind_json_text(st, 4, json_object_get(v, "metric"));
    bind_json_real(st, 5, json_object_get(v, "value"));
    bind_json_text(st, 6, json_object_get(v, "unit"));
    bind_json_text(st, 7, json_object_get(v, "comparator"));
    bind_json_real(st, 8, json_object_get(v, "tolerance"));
    bind_json_text(st, 9, json_object_get(v, "level"));
    bind_json_int(st, 10, json_object_get(v, "deadline"));
    bind_json_int(st, 11, json_object_get(v, "horizon_years"));
    bind_json_text(st, 12, json_object_get(v, "text"));
    bind_range(st, 13, v, "lines");
    bind_range(st, 15, v, "bytes");
    if (step_done(s, st, e, "saving a target")) return LUOSHI_EIO;
  }
  json_array_foreach(json_object_get(root, "diagnostics"), i, v) {
    sqlite3_stmt *st = p->diag;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
    bind_json_text(st, 3, json_object_get(v, "severity"));
    bind_json_text(st, 4, json_object_get(v, "message"));
    bind_range(st, 5, v, "lines");
    if (step_done(s, st, e, "saving a diagnostic")) return LUOSHI_EIO;
  }
  return 0;
}

int store_doc_save(Store *s, const char *zActor, json_t *root, const char *zFileName,
                   long long *pId, int *pbExisting, Err *e) {
  json_t *doc = json_object_get(root, "document");
  const char *zSha = json_string_value(json_object_get(doc, "sha256"));
  if (!zSha) return err_set(e, LUOSHI_EINVAL, "the document has no sha256");
  *pbExisting = 0;
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  if (find_sha(s, zSha, pId)) {
    *pbExisting = 1;
    sq_exec(s, "COMMIT", e);
    return 0;
  }
  SaveStmts p;
  int rc = prepare_all(s, &p, e);
  if (rc) {
    sq_exec(s, "ROLLBACK", NULL);
    return rc;
  }
  char *zJson = json_dumps(root, JSON_COMPACT);
  char zNow[32];
  sq_now(zNow);
  sqlite3_stmt *st = p.doc;
  sqlite3_bind_text(st, 1, zSha, -1, SQLITE_STATIC);
  bind_json_text(st, 2, json_object_get(doc, "title"));
  if (zFileName) sqlite3_bind_text(st, 3, zFileName, -1, SQLITE_STATIC);
  bind_json_text(st, 4, json_object_get(doc, "format"));
  bind_json_text(st, 5, json_object_get(doc, "encoding"));
  bind_json_int(st, 6, json_object_get(doc, "chars"));
  bind_json_int(st, 7, json_object_get(doc, "bytes"));
  bind_json_int(st, 8, json_object_get(doc, "fragments"));
  sqlite3_bind_text(st, 9, zNow, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 10, zJson ? zJson : "{}", -1, SQLITE_STATIC);
  const char *zKind = json_string_value(json_object_get(root, "kind"));
  sqlite3_bind_text(st, 11, zKind ? zKind : "decision", -1, SQLITE_STATIC);
  rc = step_done(s, st, e, "saving the document");
  free(zJson);
  if (rc == 0) {
    *pId = sqlite3_last_insert_rowid(s->db);
    rc = save_rows(s, &p, root, *pId, e);
  }
  if (rc == 0) {
    json_t *a = json_pack("{s:s, s:O, s:I, s:I}", "sha256", zSha, "title",
                          json_object_get(doc, "title"), "tasks",
                          (json_int_t)json_array_size(json_object_get(root, "tasks")), "bytes",
                          json_integer_value(json_object_get(doc, "bytes")));
    char *zAfter = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
    rc = sq_audit_append(s, zActor, "import", "document", *pId, NULL, zAfter, e);
    free(zAfter);
    json_decref(a);
  }
  finalize_all(&p);
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

static const char *col_text(sqlite3_stmt *st, int i) {
  const unsigned char *z = sqlite3_column_text(st, i);
  return z ? (const char *)z : "";
}

int store_doc_list(Store *s, int (*x)(void *, const StoreDocRow *), void *ctx, Err *e) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT d.id, d.sha256, d.title, d.file_name, d.format, d.encoding, "
                         "d.chars, (SELECT count(*) FROM tasks t WHERE t.doc_id=d.id), "
                         "(SELECT count(*) FROM targets g WHERE g.doc_id=d.id), d.imported_at, "
                         "d.kind FROM documents d ORDER BY d.id",
                         -1, &st, NULL)) {
    return sq_error(s, e, "listing documents");
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    StoreDocRow r = {sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
                     col_text(st, 3),             col_text(st, 4), col_text(st, 5),
                     sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
                     sqlite3_column_int64(st, 8), col_text(st, 9), col_text(st, 10)};
    if (x(ctx, &r)) break;
  }
  int bad = (rc != SQLITE_ROW && rc != SQLITE_DONE);
  sqlite3_finalize(st);
  return bad ? sq_error(s, e, "listing documents") : 0;
}

int store_doc_resolve(Store *s, const char *zDoc, long long *pId, Err *e) {
  int allDigits = *zDoc != 0;
  for (const char *p = zDoc; *p; p++) allDigits &= (*p >= '0' && *p <= '9');
  sqlite3_stmt *st;
  size_t n = strlen(zDoc);
  if (allDigits && n < 6) {
    if (sqlite3_prepare_v2(s->db, "SELECT id FROM documents WHERE id=?", -1, &st, NULL)) {
      return sq_error(s, e, "finding the document");
    }
    sqlite3_bind_int64(st, 1, strtoll(zDoc, NULL, 10));
  } else {
    if (n < 6) {
      return err_set(e, LUOSHI_EINVAL, "'%s' is neither a document id nor a sha256 prefix of "
                                       "at least 6 digits", zDoc);
    }
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id FROM documents WHERE substr(sha256,1,?)=lower(?) LIMIT 2",
                           -1, &st, NULL)) {
      return sq_error(s, e, "finding the document");
    }
    sqlite3_bind_int64(st, 1, (sqlite3_int64)n);
    sqlite3_bind_text(st, 2, zDoc, -1, SQLITE_STATIC);
  }
  int nFound = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    *pId = sqlite3_column_int64(st, 0);
    nFound++;
  }
  sqlite3_finalize(st);
  if (nFound == 0) return err_set(e, LUOSHI_ENOTFOUND, "no document '%s'", zDoc);
  if (nFound > 1) return err_set(e, LUOSHI_EINVAL, "'%s' names more than one document", zDoc);
  return 0;
}

int store_doc_json(Store *s, long long id, Buf *out, Err *e) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT json FROM documents WHERE id=?", -1, &st, NULL)) {
    return sq_error(s, e, "reading the document");
  }
  sqlite3_bind_int64(st, 1, id);
  int rc = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    buf_append(out, sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no document %lld", id);
  }
  sqlite3_finalize(st);
  return rc;
}

int store_task_list(Store *s, long long id, const TaskFilter *f,
                    int (*x)(void *, const StoreTaskRow *), void *ctx, Err *e) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(
          s->db,
          "SELECT t.id, t.kind, t.text, t.measure, t.section, t.deliverable, t.line_first, "
          "t.line_last, (SELECT group_concat(p.name, '、') FROM task_places p "
          "  WHERE p.doc_id=t.doc_id AND p.task_id=t.id), t.lead_units, t.suggested_units, "
          "coalesce(t.deadline,0), t.cooperating_units, t.actor, t.deadline_text, t.problem "
          "FROM tasks t WHERE t.doc_id=?1 AND (?2 IS NULL OR t.kind=?2) "
          "AND (?3 = 0 OR t.measure=?3) "
          "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM task_places p WHERE p.doc_id=t.doc_id "
          "  AND p.task_id=t.id AND (p.code=?4 OR p.name=?4 OR p.mention=?4))) "
          "ORDER BY t.id",
          -1, &st, NULL)) {
    return sq_error(s, e, "listing tasks");
  }
  sqlite3_bind_int64(st, 1, id);
  if (f && f->zKind) sqlite3_bind_text(st, 2, f->zKind, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 3, f ? f->measure : 0);
  if (f && f->zPlace) sqlite3_bind_text(st, 4, f->zPlace, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    StoreTaskRow r = {sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
                      sqlite3_column_int(st, 3),   col_text(st, 4), col_text(st, 5),
                      sqlite3_column_int(st, 6),   sqlite3_column_int(st, 7),
                      col_text(st, 8),             col_text(st, 9), col_text(st, 10),
                      sqlite3_column_int(st, 11), col_text(st, 12), NULL, NULL, NULL};
    if (sqlite3_column_type(st, 13) != SQLITE_NULL) r.zActor = col_text(st, 13);
    if (sqlite3_column_type(st, 14) != SQLITE_NULL) r.zDeadlineText = col_text(st, 14);
    if (sqlite3_column_type(st, 15) != SQLITE_NULL) r.zProblem = col_text(st, 15);
    if (sqlite3_column_type(st, 5) == SQLITE_NULL) r.zDeliverable = NULL;
    if (sqlite3_column_type(st, 4) == SQLITE_NULL) r.zSection = NULL;
    if (x(ctx, &r)) break;
  }
  int bad = (rc != SQLITE_ROW && rc != SQLITE_DONE);
  sqlite3_finalize(st);
  return bad ? sq_error(s, e, "listing tasks") : 0;
}
