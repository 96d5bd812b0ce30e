/*
** The organisation in the store (see store.h): units as a tree, and the people who act for them.
** Every change is recorded in the audit chain within its own transaction.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int store_unit_add(Store *s, const char *zActor, const StoreUnit *u, long long *pId, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  DbStmt *st;
  int rc = 0;
  if (db_prepare(s->db,
                 "INSERT INTO units(name,kind,parent_id,division_code,short_names) "
                 "VALUES(?,?,?,?,?)", &st)) {
    rc = sq_error(s, e, "adding a unit");
  } else {
    db_bind_text(st, 1, u->zName);
    db_bind_text(st, 2, u->zKind);
    if (u->parentId > 0) db_bind_int64(st, 3, u->parentId);
    if (u->zCode && *u->zCode) db_bind_text(st, 4, u->zCode);
    db_bind_text(st, 5, u->zShort ? u->zShort : "");
    int r = db_step(st);
    db_finalize(st);
    if (r == DB_CONSTRAINT) {
      rc = err_set(e, LUOSHI_ECONFLICT, "a unit named %s exists already, or its parent or kind "
                                        "is not valid", u->zName);
    } else if (r != DB_DONE) {
      rc = sq_error(s, e, "adding a unit");
    }
  }
  if (rc == 0) {
    *pId = db_last_insert_id(s->db);
    json_t *a = json_pack("{s:s, s:s, s:I, s:s?}", "name", u->zName, "kind", u->zKind,
                          "parent", (json_int_t)u->parentId, "code", u->zCode);
    char *z = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
    rc = sq_audit_append(s, zActor, "create", "unit", *pId, NULL, z, e);
    free(z);
    json_decref(a);
  }
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}

int store_unit_find(Store *s, const char *zName, long long *pId, Err *e) {
  DbStmt *st;
  /* by name, by six-digit code, or by one of the short names; "" names no unit (it would
  ** match every unit without short names or code) */
  if (db_prepare(s->db,
                 "SELECT id FROM units WHERE ?1 <> '' AND (name=?1 OR division_code=?1 "
                 "OR instr(','||short_names||',', ','||?1||',') > 0) ORDER BY name<>?1, id "
                 "LIMIT 1", &st)) {
    return sq_error(s, e, "finding a unit");
  }
  db_bind_text(st, 1, zName);
  int rc = 0;
  int step = db_step(st);
  if (step == DB_ROW) *pId = db_column_int64(st, 0);
  else if (step == DB_DONE) rc = err_set(e, LUOSHI_ENOTFOUND, "no unit named %s", zName);
  else rc = sq_error(s, e, "finding a unit");
  db_finalize(st);
  return rc;
}

int store_unit_list(Store *s, int (*x)(void *, const StoreUnit *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT id,name,kind,coalesce(parent_id,0),coalesce(division_code,''),"
                 "short_names FROM units ORDER BY coalesce(parent_id,0), id", &st)) {
    return sq_error(s, e, "listing units");
  }
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreUnit u = {db_column_int64(st, 0), sq_col(st, 1), sq_col(st, 2),
                   db_column_int64(st, 3), sq_col(st, 4), sq_col(st, 5)};
    if (x(ctx, &u)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing units") : 0;
}

int store_person_add(Store *s, const char *zActor, const StorePerson *p, long long *pId, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  DbStmt *st;
  int rc = 0;
  char zNow[32];
  sq_now(zNow);
  if (db_prepare(s->db,
                 "INSERT INTO people(login,name,role,unit_id,password_hash,created_at) "
                 "VALUES(?,?,?,?,?,?)", &st)) {
    rc = sq_error(s, e, "adding a person");
  } else {
    db_bind_text(st, 1, p->zLogin);
    db_bind_text(st, 2, p->zName);
    db_bind_text(st, 3, p->zRole);
    if (p->unitId > 0) db_bind_int64(st, 4, p->unitId);
    db_bind_text(st, 5, p->zPasswordHash);
    db_bind_text(st, 6, zNow);
    int r = db_step(st);
    db_finalize(st);
    if (r == DB_CONSTRAINT) {
      rc = err_set(e, LUOSHI_ECONFLICT, "the login %s is taken, or the role or unit is not valid",
                   p->zLogin);
    } else if (r != DB_DONE) {
      rc = sq_error(s, e, "adding a person");
    }
  }
  if (rc == 0) {
    *pId = db_last_insert_id(s->db);
    /* the audit trail never holds the password hash */
    json_t *a = json_pack("{s:s, s:s, s:s, s:I}", "login", p->zLogin, "name", p->zName, "role",
                          p->zRole, "unit", (json_int_t)p->unitId);
    char *z = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
    rc = sq_audit_append(s, zActor, "create", "person", *pId, NULL, z, e);
    free(z);
    json_decref(a);
  }
  if (rc == 0) rc = sq_exec(s, "COMMIT", e);
  if (rc) sq_exec(s, "ROLLBACK", NULL);
  return rc;
}

int store_person_get(Store *s, const char *zLogin, StorePerson *p, Buf *pStrings, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT id,login,name,role,coalesce(unit_id,0),password_hash FROM people "
                 "WHERE login=?", &st)) {
    return sq_error(s, e, "finding a person");
  }
  db_bind_text(st, 1, zLogin);
  int rc = 0;
  int step = db_step(st);
  if (step == DB_ROW) {
    /* strings are copied into pStrings, NUL-separated; offsets become pointers at the end */
    size_t aOff[4];
    for (int i = 0; i < 4; i++) {
      int c = i == 3 ? 5 : i + 1;
      aOff[i] = pStrings->n;
      buf_puts(pStrings, sq_col(st, c));
      buf_putc(pStrings, 0);
    }
    p->id = db_column_int64(st, 0);
    p->unitId = db_column_int64(st, 4);
    p->zLogin = pStrings->a + aOff[0];
    p->zName = pStrings->a + aOff[1];
    p->zRole = pStrings->a + aOff[2];
    p->zPasswordHash = pStrings->a + aOff[3];
  } else if (step != DB_DONE) {
    rc = sq_error(s, e, "reading a person");
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no person with login %s", zLogin);
  }
  db_finalize(st);
  return rc;
}
