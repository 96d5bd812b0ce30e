/*
** What the web application keeps in the database (see store.h): login sessions, API tokens,
** login attempts for throttling, and which items the public page shows. Tokens are never
** stored, only their SHA-256, so a copy of the database opens no session. Everything lives in
** the database rather than in a server's memory, so that several servers can share it.
*/
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

int store_session_add(Store *s, long long personId, const char *zTokenHash, const char *zCsrf,
                      const char *zExpires, Err *e) {
  DbStmt *st;
  if (sq_begin(s,
               "INSERT INTO sessions(token_hash,person_id,csrf,created_at,expires_at) "
               "VALUES(?1,?2,?3,?4,?5)",
               &st, "opening a session", e)) {
    return LUOSHI_EIO;
  }
  char zNow[32];
  sq_now(zNow);
  db_bind_text(st, 1, zTokenHash);
  db_bind_int64(st, 2, personId);
  db_bind_text(st, 3, zCsrf);
  db_bind_text(st, 4, zNow);
  db_bind_text(st, 5, zExpires);
  return sq_finish(s, sq_change_one(s, st, "opening a session", "no session", e), e);
}

int store_session_get(Store *s, const char *zTokenHash, const char *zNow, char zLogin[64],
                      char zCsrf[80], Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT p.login, x.csrf FROM sessions x JOIN people p ON "
                 "p.id=x.person_id WHERE x.token_hash=?1 AND x.expires_at>?2", &st)) {
    return sq_error(s, e, "reading a session");
  }
  db_bind_text(st, 1, zTokenHash);
  db_bind_text(st, 2, zNow);
  int r = db_step(st), rc = 0;
  if (r == DB_ROW) {
    snprintf(zLogin, 64, "%s", sq_col(st, 0));
    snprintf(zCsrf, 80, "%s", sq_col(st, 1));
  } else if (r == DB_DONE) {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no such session");
  } else {
    rc = sq_error(s, e, "reading a session");
  }
  db_finalize(st);
  return rc;
}

int store_session_end(Store *s, const char *zTokenHash, const char *zLogin, Err *e) {
  DbStmt *st;
  if (sq_begin(s,
               "DELETE FROM sessions WHERE token_hash=?1 OR (?1 IS NULL AND person_id="
               "(SELECT id FROM people WHERE login=?2)) OR expires_at<?3",
               &st, "ending a session", e)) {
    return LUOSHI_EIO;
  }
  char zNow[32];
  sq_now(zNow);
  if (zTokenHash) db_bind_text(st, 1, zTokenHash);
  if (zLogin) db_bind_text(st, 2, zLogin);
  db_bind_text(st, 3, zNow);
  int rc = db_step(st) == DB_DONE ? 0 : sq_error(s, e, "ending a session");
  db_finalize(st);
  return sq_finish(s, rc, e);
}

int store_token_add(Store *s, const char *zActor, const char *zLogin, const char *zTokenHash,
                    const char *zName, Err *e) {
  DbStmt *st;
  if (sq_begin(s,
               "INSERT INTO api_tokens(token_hash,person_id,name,created_at) "
               "SELECT ?1, id, ?3, ?4 FROM people WHERE login=?2",
               &st, "adding an API token", e)) {
    return LUOSHI_EIO;
  }
  char zNow[32], zMissing[100];
  sq_now(zNow);
  snprintf(zMissing, sizeof zMissing, "no person with login %.60s", zLogin);
  db_bind_text(st, 1, zTokenHash);
  db_bind_text(st, 2, zLogin);
  db_bind_text(st, 3, zName);
  db_bind_text(st, 4, zNow);
  int rc = sq_change_one(s, st, "adding an API token", zMissing, e);
  if (rc == 0) {
    rc = sq_audit_json(s, zActor, "add", "api-token", 0,
                       json_pack("{s:s, s:s}", "login", zLogin, "name", zName), e);
  }
  return sq_finish(s, rc, e);
}

int store_token_get(Store *s, const char *zTokenHash, char zLogin[64], Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT p.login FROM api_tokens t JOIN people p ON p.id=t.person_id "
                 "WHERE t.token_hash=?1", &st)) {
    return sq_error(s, e, "reading an API token");
  }
  db_bind_text(st, 1, zTokenHash);
  int r = db_step(st), rc = 0;
  if (r == DB_ROW) snprintf(zLogin, 64, "%s", sq_col(st, 0));
  else if (r == DB_DONE) rc = err_set(e, LUOSHI_ENOTFOUND, "no such API token");
  else rc = sq_error(s, e, "reading an API token");
  db_finalize(st);
  return rc;
}

int store_login_attempt(Store *s, const char *zLogin, const char *zAddress, int ok,
                        const char *zNow, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "INSERT INTO login_attempts(login,address,ok,at) VALUES(?1,?2,?3,?4)", &st)) {
    return sq_error(s, e, "recording a login attempt");
  }
  db_bind_text(st, 1, zLogin);
  db_bind_text(st, 2, zAddress);
  db_bind_int(st, 3, ok != 0);
  db_bind_text(st, 4, zNow);
  int rc = db_step(st) == DB_DONE ? 0 : sq_error(s, e, "recording a login attempt");
  db_finalize(st);
  return rc;
}

int store_login_failures(Store *s, const char *zLogin, const char *zAddress, const char *zSince,
                         long long *pByLogin, long long *pByAddress, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT (SELECT count(*) FROM login_attempts WHERE login=?1 AND ok=0 "
                 "AND at>=?3), (SELECT count(*) FROM login_attempts WHERE address=?2 AND "
                 "ok=0 AND at>=?3)", &st)) {
    return sq_error(s, e, "counting login attempts");
  }
  db_bind_text(st, 1, zLogin);
  db_bind_text(st, 2, zAddress);
  db_bind_text(st, 3, zSince);
  int rc = 0;
  if (db_step(st) == DB_ROW) {
    *pByLogin = db_column_int64(st, 0);
    *pByAddress = db_column_int64(st, 1);
  } else {
    rc = sq_error(s, e, "counting login attempts");
  }
  db_finalize(st);
  return rc;
}

int store_item_publish(Store *s, const char *zActor, long long itemId, int bPublic, Err *e) {
  DbStmt *st;
  if (sq_begin(s, "UPDATE ledger_items SET public=?2 WHERE id=?1", &st, "publishing an item",
               e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, itemId);
  db_bind_int(st, 2, bPublic != 0);
  char zMissing[64];
  snprintf(zMissing, sizeof zMissing, "no item %lld", itemId);
  int rc = sq_change_one(s, st, "publishing an item", zMissing, e);
  if (rc == 0) {
    rc = sq_audit_json(s, zActor, bPublic ? "publish" : "unpublish", "item", itemId,
                       json_pack("{s:b}", "public", bPublic != 0), e);
  }
  return sq_finish(s, rc, e);
}
