/*
** The organisation on SQLite (see store.h): units as a tree, and the people who act for them.
** Every change is recorded in the audit chain within its own transaction.
*/
#include "sqlite_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int store_unit_add(Store *s, const char *zActor, const StoreUnit *u, long long *pId, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  sqlite3_stmt *st;
  int rc = 0;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO units(name,kind,parent_id,division_code,short_names) "
                         "VALUES(?,?,?,?,?)",
                         -1, &st, NULL)) {
    rc = sq_error(s, e, "adding a unit");
  } else {
    sqlite3_bind_text(st, 1, u->zName, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, u->zKind, -1, SQLITE_STATIC);
    if (u->parentId > 0) sqlite3_bind_int64(st, 3, u->parentId);
    if (u->zCode && *u->zCode) sqlite3_bind_text(st, 4, u->zCode, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, u->zShort ? u->zShort : "", -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r == SQLITE_CONSTRAINT) {
      rc = err_set(e, LUOSHI_ECONFLICT, "a unit named %s exists already, or its parent or kind "
                                        "is not valid", u->zName);
    } else if (r != SQLITE_DONE) {
      rc = sq_error(s, e, "adding a unit");
    }
  }
  if (rc == 0) {
    *pId = sqlite3_last_insert_rowid(s->db);
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
  sqlite3_stmt *st;
  /* by name, by six-digit code, or by one of the short names */
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id FROM units WHERE name=?1 OR division_code=?1 "
                         "OR ','||short_names||',' LIKE '%,'||?1||',%' ORDER BY name<>?1, id "
                         "LIMIT 1",
                         -1, &st, NULL)) {
    return sq_error(s, e, "finding a unit");
  }
  sqlite3_bind_text(st, 1, zName, -1, SQLITE_STATIC);
  int rc = 0;
  if (sqlite3_step(st) == SQLITE_ROW) *pId = sqlite3_column_int64(st, 0);
  else rc = err_set(e, LUOSHI_ENOTFOUND, "no unit named %s", zName);
  sqlite3_finalize(st);
  return rc;
}

int store_unit_list(Store *s, int (*x)(void *, const StoreUnit *), void *ctx, Err *e) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id,name,kind,coalesce(parent_id,0),coalesce(division_code,''),"
                         "short_names FROM units ORDER BY coalesce(parent_id,0), id",
                         -1, &st, NULL)) {
    return sq_error(s, e, "listing units");
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    StoreUnit u = {sqlite3_column_int64(st, 0), sq_col(st, 1), sq_col(st, 2),
                   sqlite3_column_int64(st, 3), sq_col(st, 4), sq_col(st, 5)};
    if (x(ctx, &u)) break;
  }
  int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
  sqlite3_finalize(st);
  return bad ? sq_error(s, e, "listing units") : 0;
}

int store_person_add(Store *s, const char *zActor, const StorePerson *p, long long *pId, Err *e) {
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  sqlite3_stmt *st;
  int rc = 0;
  char zNow[32];
  sq_now(zNow);
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO people(login,name,role,unit_id,password_hash,created_at) "
                         "VALUES(?,?,?,?,?,?)",
                         -1, &st, NULL)) {
    rc = sq_error(s, e, "adding a person");
  } else {
    sqlite3_bind_text(st, 1, p->zLogin, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->zName, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->zRole, -1, SQLITE_STATIC);
    if (p->unitId > 0) sqlite3_bind_int64(st, 4, p->unitId);
    sqlite3_bind_text(st, 5, p->zPasswordHash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, zNow, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r == SQLITE_CONSTRAINT) {
      rc = err_set(e, LUOSHI_ECONFLICT, "the login %s is taken, or the role or unit is not valid",
                   p->zLogin);
    } else if (r != SQLITE_DONE) {
      rc = sq_error(s, e, "adding a person");
    }
  }
  if (rc == 0) {
    *pId = sqlite3_last_insert_rowid(s->db);
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
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id,login,name,role,coalesce(unit_id,0),password_hash FROM people "
                         "WHERE login=?",
                         -1, &st, NULL)) {
    return sq_error(s, e, "finding a person");
  }
  sqlite3_bind_text(st, 1, zLogin, -1, SQLITE_STATIC);
  int rc = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    /* strings are copied into pStrings, NUL-separated; offsets become pointers at the end */
    size_t aOff[4];
    for (int i = 0; i < 4; i++) {
      int c = i == 3 ? 5 : i + 1;
      aOff[i] = pStrings->n;
      buf_puts(pStrings, sq_col(st, c));
      buf_putc(pStrings, 0);
    }
    p->id = sqlite3_column_int64(st, 0);
    p->unitId = sqlite3_column_int64(st, 4);
    p->zLogin = pStrings->a + aOff[0];
    p->zName = pStrings->a + aOff[1];
    p->zRole = pStrings->a + aOff[2];
    p->zPasswordHash = pStrings->a + aOff[3];
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no person with login %s", zLogin);
  }
  sqlite3_finalize(st);
  return rc;
}
