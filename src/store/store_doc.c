/*
** Imported documents in the store (see store.h): saving a document's JSON with its blocks,
** tasks, targets, places and diagnostics in one transaction, and reading them back (the list,
** one document by id or sha256 prefix, its JSON, its tasks under a filter). A document comes
** either as one jansson tree or as the import itself, whose elements are built and stored one at
** a time (the tree of a 100,000-row table would take a gigabyte).
*/
#include "store_internal.h"

#include "../extract/docjson.h"

#include <jansson.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- binding helpers --------------------------------------------------------------------- */

static void bind_json_text(DbStmt *st, int i, json_t *v) {
  if (json_is_string(v)) db_bind_text_copy(st, i, json_string_value(v));
  else db_bind_null(st, i);
}

static void bind_json_int(DbStmt *st, int i, json_t *v) {
  if (json_is_integer(v)) db_bind_int64(st, i, json_integer_value(v));
  else db_bind_null(st, i);
}

static void bind_json_real(DbStmt *st, int i, json_t *v) {
  if (json_is_number(v)) db_bind_double(st, i, json_number_value(v));
  else db_bind_null(st, i);
}

static void bind_range(DbStmt *st, int i, json_t *o, const char *zKey) {
  json_t *r = json_object_get(o, zKey);
  bind_json_int(st, i, json_array_get(r, 0));
  bind_json_int(st, i + 1, json_array_get(r, 1));
}

static void bind_json_dump(DbStmt *st, int i, json_t *v) {
  char *z = json_dumps(v ? v : json_array(), JSON_COMPACT);
  db_bind_text_copy(st, i, z ? z : "[]");
  free(z);
}

static int step_done(Store *s, DbStmt *st, Err *e, const char *zWhat) {
  int rc = db_step(st);
  db_reset(st);
  db_clear_bindings(st);
  if (rc != DB_DONE) return sq_error(s, e, zWhat);
  return 0;
}

/* ---- saving ------------------------------------------------------------------------------ */

typedef struct SaveStmts {
  DbStmt *doc, *block, *task, *target, *place, *diag, *json;
} SaveStmts;

static void finalize_all(SaveStmts *p) {
  db_finalize(p->doc);
  db_finalize(p->block);
  db_finalize(p->task);
  db_finalize(p->target);
  db_finalize(p->place);
  db_finalize(p->diag);
  db_finalize(p->json);
}

static int prepare_all(Store *s, SaveStmts *p, Err *e) {
  memset(p, 0, sizeof *p);
  if (db_prepare(s->db,
                 "INSERT INTO documents(sha256,title,file_name,format,encoding,chars,"
                 "bytes,fragments,imported_at,json,kind) VALUES(?,?,?,?,?,?,?,?,?,?,?)", &p->doc) ||
      db_prepare(s->db,
                 "INSERT INTO blocks(doc_id,id,kind,text,line_first,line_last,"
                 "byte_start,byte_end,fragment,section,measure,measure_title) "
                 "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", &p->block) ||
      db_prepare(s->db,
                 "INSERT INTO tasks(doc_id,id,block_id,kind,text,sentence,line_first,"
                 "line_last,byte_start,byte_end,section,measure,deliverable,deadline,"
                 "actor,lead_units,cooperating_units,suggested_units,deadline_text,problem,"
                 "number,leader) "
                 "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &p->task) ||
      db_prepare(s->db,
                 "INSERT INTO targets(doc_id,id,task_id,metric,value,unit,comparator,"
                 "tolerance,level,deadline,horizon_years,text,line_first,line_last,"
                 "byte_start,byte_end) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &p->target) ||
      db_prepare(s->db,
                 "INSERT INTO task_places(doc_id,task_id,code,name,level,mention) "
                 "VALUES(?,?,?,?,?,?)", &p->place) ||
      db_prepare(s->db,
                 "INSERT INTO diagnostics(doc_id,seq,severity,message,line_first,"
                 "line_last) VALUES(?,?,?,?,?,?)", &p->diag) ||
      db_prepare(s->db, "UPDATE documents SET json=? WHERE id=?", &p->json)) {
    int rc = sq_error(s, e, "prepare");
    finalize_all(p);
    return rc;
  }
  return 0;
}

static int find_sha(Store *s, const char *zSha, long long *pId) {
  DbStmt *st;
  int found = 0;
  if (db_prepare(s->db, "SELECT id FROM documents WHERE sha256=?", &st)) {
    return 0;
  }
  db_bind_text(st, 1, zSha);
  if (db_step(st) == DB_ROW) {
    *pId = db_column_int64(st, 0);
    found = 1;
  }
  db_finalize(st);
  return found;
}

/* Where the document's parts come from: a whole tree (store_doc_save), or the import itself,
** one element built at a time (store_doc_save_import). */
typedef struct DocSource {
  json_t *root;            /* the tree, or NULL */
  Import *im;              /* when root is NULL */
  int bRelease;            /* import_free(im) once its JSON is written, before it is stored */
} DocSource;

static int source_count(const DocSource *d, DocPart part) {
  if (d->root) return (int)json_array_size(json_object_get(d->root, docjson_part_key(part)));
  return docjson_count(d->im, part);
}

/* Element i of the part; the caller json_decref()s it. */
static json_t *source_element(const DocSource *d, DocPart part, int i) {
  if (d->root) {
    return json_incref(json_array_get(json_object_get(d->root, docjson_part_key(part)), (size_t)i));
  }
  return docjson_element(d->im, part, i);
}

static int save_block(Store *s, SaveStmts *p, long long id, json_t *v, Err *e) {
  DbStmt *st = p->block;
  db_bind_int64(st, 1, id);
  bind_json_int(st, 2, json_object_get(v, "id"));
  bind_json_text(st, 3, json_object_get(v, "kind"));
  bind_json_text(st, 4, json_object_get(v, "text"));
  bind_range(st, 5, v, "lines");
  bind_range(st, 7, v, "bytes");
  bind_json_int(st, 9, json_object_get(v, "fragment"));
  bind_json_text(st, 10, json_object_get(v, "section"));
  bind_json_int(st, 11, json_object_get(v, "measure"));
  bind_json_text(st, 12, json_object_get(v, "measure_title"));
  return step_done(s, st, e, "saving a block") ? LUOSHI_EIO : 0;
}

static int save_task(Store *s, SaveStmts *p, long long id, json_t *v, Err *e) {
  DbStmt *st = p->task;
  json_t *units = json_object_get(v, "units");
  json_t *actor = json_object_get(v, "actor");
  db_bind_int64(st, 1, id);
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
  bind_json_text(st, 21, json_object_get(v, "number"));
  bind_json_text(st, 22, json_object_get(v, "leader"));
  if (step_done(s, st, e, "saving a task")) return LUOSHI_EIO;
  size_t k;
  json_t *pl;
  json_array_foreach(json_object_get(v, "places"), k, pl) {
    db_bind_int64(p->place, 1, id);
    bind_json_int(p->place, 2, json_object_get(v, "id"));
    bind_json_text(p->place, 3, json_object_get(pl, "code"));
    bind_json_text(p->place, 4, json_object_get(pl, "name"));
    bind_json_text(p->place, 5, json_object_get(pl, "level"));
    bind_json_text(p->place, 6, json_object_get(pl, "mention"));
    if (step_done(s, p->place, e, "saving a place")) return LUOSHI_EIO;
  }
  return 0;
}

static int save_target(Store *s, SaveStmts *p, long long id, json_t *v, Err *e) {
  DbStmt *st = p->target;
  db_bind_int64(st, 1, id);
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
  return step_done(s, st, e, "saving a target") ? LUOSHI_EIO : 0;
}

static int save_rows(Store *s, SaveStmts *p, const DocSource *d, json_t *head, long long id,
                     Err *e) {
  static int (*const axSave[])(Store *, SaveStmts *, long long, json_t *, Err *) = {
      save_block, save_task, save_target};
  for (int part = DOCJSON_BLOCKS; part <= DOCJSON_TARGETS; part++) {
    int n = source_count(d, (DocPart)part);
    for (int i = 0; i < n; i++) {
      json_t *v = source_element(d, (DocPart)part, i);
      int rc = axSave[part](s, p, id, v, e);
      json_decref(v);
      if (rc) return rc;
    }
  }
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(head, "diagnostics"), i, v) {
    DbStmt *st = p->diag;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, (long long)i + 1);
    bind_json_text(st, 3, json_object_get(v, "severity"));
    bind_json_text(st, 4, json_object_get(v, "message"));
    bind_range(st, 5, v, "lines");
    if (step_done(s, st, e, "saving a diagnostic")) return LUOSHI_EIO;
  }
  return 0;
}

/* Save the document whose "document", "kind" and "diagnostics" members are head's and whose
** elements come from d (see store_doc_save). */
static int save_document(Store *s, const char *zActor, json_t *head, const DocSource *d,
                         const char *zFileName, long long *pId, int *pbExisting, Err *e) {
  json_t *doc = json_object_get(head, "document");
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
  /* The row first, its JSON last: the rows are built from the import, which can then go before
  ** the JSON is stored (an INSERT or UPDATE holds a second copy of the text while it runs). */
  char zNow[32];
  sq_now(zNow);
  DbStmt *st = p.doc;
  db_bind_text(st, 1, zSha);
  bind_json_text(st, 2, json_object_get(doc, "title"));
  if (zFileName) db_bind_text(st, 3, zFileName);
  bind_json_text(st, 4, json_object_get(doc, "format"));
  bind_json_text(st, 5, json_object_get(doc, "encoding"));
  bind_json_int(st, 6, json_object_get(doc, "chars"));
  bind_json_int(st, 7, json_object_get(doc, "bytes"));
  bind_json_int(st, 8, json_object_get(doc, "fragments"));
  db_bind_text(st, 9, zNow);
  db_bind_text(st, 10, "{}");
  const char *zKind = json_string_value(json_object_get(head, "kind"));
  db_bind_text(st, 11, zKind ? zKind : "decision");
  rc = step_done(s, st, e, "saving the document");
  int nTask = source_count(d, DOCJSON_TASKS);
  if (rc == 0) {
    *pId = db_last_insert_id(s->db);
    rc = save_rows(s, &p, d, head, *pId, e);
  }
  if (rc == 0) {
    Buf json = BUF_INIT;
    if (d->root) {
      char *z = json_dumps(d->root, JSON_COMPACT);
      buf_puts(&json, z ? z : "{}");
      free(z);
    } else {
      docjson_write(d->im, JSON_COMPACT, NULL, &json, NULL);
      if (d->bRelease) {
        /* its many small blocks go back to the system, not just to the heap's free lists */
        import_free(d->im);
        malloc_trim(0);
      }
    }
    db_bind_text(p.json, 1, buf_str(&json));
    db_bind_int64(p.json, 2, *pId);
    rc = step_done(s, p.json, e, "saving the document's JSON");
    buf_free(&json);
  }
  if (rc == 0) {
    json_t *a = json_pack("{s:s, s:O, s:I, s:I}", "sha256", zSha, "title",
                          json_object_get(doc, "title"), "tasks",
                          (json_int_t)nTask, "bytes",
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

int store_doc_save(Store *s, const char *zActor, json_t *root, const char *zFileName,
                   long long *pId, int *pbExisting, Err *e) {
  DocSource d = {root, NULL, 0};
  return save_document(s, zActor, root, &d, zFileName, pId, pbExisting, e);
}

int store_doc_save_import(Store *s, const char *zActor, Import *im, int bRelease,
                          const char *zFileName, long long *pId, int *pbExisting, Err *e) {
  DocSource d = {NULL, im, bRelease};
  json_t *head = docjson_head(im);
  int rc = save_document(s, zActor, head, &d, zFileName, pId, pbExisting, e);
  json_decref(head);
  return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

int store_doc_list(Store *s, int (*x)(void *, const StoreDocRow *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT d.id, d.sha256, d.title, d.file_name, d.format, d.encoding, "
                 "d.chars, (SELECT count(*) FROM tasks t WHERE t.doc_id=d.id), "
                 "(SELECT count(*) FROM targets g WHERE g.doc_id=d.id), d.imported_at, "
                 "d.kind FROM documents d ORDER BY d.id", &st)) {
    return sq_error(s, e, "listing documents");
  }
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreDocRow r = {db_column_int64(st, 0), sq_col(st, 1), sq_col(st, 2),
                     sq_col(st, 3),             sq_col(st, 4), sq_col(st, 5),
                     db_column_int64(st, 6), db_column_int64(st, 7),
                     db_column_int64(st, 8), sq_col(st, 9), sq_col(st, 10)};
    if (x(ctx, &r)) break;
  }
  int bad = (rc != DB_ROW && rc != DB_DONE);
  db_finalize(st);
  return bad ? sq_error(s, e, "listing documents") : 0;
}

int store_doc_resolve(Store *s, const char *zDoc, long long *pId, Err *e) {
  int allDigits = *zDoc != 0;
  for (const char *p = zDoc; *p; p++) allDigits &= (*p >= '0' && *p <= '9');
  DbStmt *st;
  size_t n = strlen(zDoc);
  if (allDigits && n < 6) {
    if (db_prepare(s->db, "SELECT id FROM documents WHERE id=?", &st)) {
      return sq_error(s, e, "finding the document");
    }
    db_bind_int64(st, 1, strtoll(zDoc, NULL, 10));
  } else {
    if (n < 6) {
      return err_set(e, LUOSHI_EINVAL, "'%s' is neither a document id nor a sha256 prefix of "
                                       "at least 6 digits", zDoc);
    }
    if (db_prepare(s->db,
                   "SELECT id FROM documents WHERE substr(sha256,1,CAST(? AS INTEGER))=lower(?) LIMIT 2", &st)) {
      return sq_error(s, e, "finding the document");
    }
    db_bind_int64(st, 1, (long long)n);
    db_bind_text(st, 2, zDoc);
  }
  int nFound = 0;
  while (db_step(st) == DB_ROW) {
    *pId = db_column_int64(st, 0);
    nFound++;
  }
  db_finalize(st);
  if (nFound == 0) return err_set(e, LUOSHI_ENOTFOUND, "no document '%s'", zDoc);
  if (nFound > 1) return err_set(e, LUOSHI_EINVAL, "'%s' names more than one document", zDoc);
  return 0;
}

int store_doc_json(Store *s, long long id, Buf *out, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db, "SELECT json FROM documents WHERE id=?", &st)) {
    return sq_error(s, e, "reading the document");
  }
  db_bind_int64(st, 1, id);
  int rc = 0;
  int step = db_step(st);
  if (step == DB_ROW) {
    buf_append(out, db_column_text(st, 0), (size_t)db_column_bytes(st, 0));
  } else if (step != DB_DONE) {
    rc = sq_error(s, e, "reading a document");
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no document %lld", id);
  }
  db_finalize(st);
  return rc;
}

int store_task_list(Store *s, long long id, const TaskFilter *f,
                    int (*x)(void *, const StoreTaskRow *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
          "SELECT t.id, t.kind, t.text, t.measure, t.section, t.deliverable, t.line_first, "
          "t.line_last, (SELECT group_concat(p.name, '、') FROM task_places p "
          "  WHERE p.doc_id=t.doc_id AND p.task_id=t.id), t.lead_units, t.suggested_units, "
          "coalesce(t.deadline,0), t.cooperating_units, t.actor, t.deadline_text, t.problem, "
          "t.number, t.leader FROM tasks t WHERE t.doc_id=?1 AND (?2 IS NULL OR t.kind=?2) "
          "AND (?3 = 0 OR t.measure=?3) "
          "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM task_places p WHERE p.doc_id=t.doc_id "
          "  AND p.task_id=t.id AND (p.code=?4 OR p.name=?4 OR p.mention=?4))) "
          "ORDER BY t.id", &st)) {
    return sq_error(s, e, "listing tasks");
  }
  db_bind_int64(st, 1, id);
  if (f && f->zKind) db_bind_text(st, 2, f->zKind);
  db_bind_int(st, 3, f ? f->measure : 0);
  if (f && f->zPlace) db_bind_text(st, 4, f->zPlace);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreTaskRow r = {db_column_int64(st, 0), sq_col(st, 1), sq_col(st, 2),
                      db_column_int(st, 3),   sq_col(st, 4), sq_col(st, 5),
                      db_column_int(st, 6),   db_column_int(st, 7),
                      sq_col(st, 8),             sq_col(st, 9), sq_col(st, 10),
                      db_column_int(st, 11), sq_col(st, 12), NULL, NULL, NULL, NULL, NULL};
    if (db_column_type(st, 16) != DB_NULL) r.zNumber = sq_col(st, 16);
    if (db_column_type(st, 17) != DB_NULL) r.zLeader = sq_col(st, 17);
    if (db_column_type(st, 13) != DB_NULL) r.zActor = sq_col(st, 13);
    if (db_column_type(st, 14) != DB_NULL) r.zDeadlineText = sq_col(st, 14);
    if (db_column_type(st, 15) != DB_NULL) r.zProblem = sq_col(st, 15);
    if (db_column_type(st, 5) == DB_NULL) r.zDeliverable = NULL;
    if (db_column_type(st, 4) == DB_NULL) r.zSection = NULL;
    if (x(ctx, &r)) break;
  }
  int bad = (rc != DB_ROW && rc != DB_DONE);
  db_finalize(st);
  return bad ? sq_error(s, e, "listing tasks") : 0;
}
