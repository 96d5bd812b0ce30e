/*
** Units' mail addresses in the store (see store.h): where `outbox send --smtp` sends a unit's
** escalation notices (催办/督办). The address is checked here, before it is stored, so that
** nothing that could break out of a mail header (CR, LF, <, >, quotes, commas) or the SMTP
** envelope ever reaches the outbox; every change is audited with the address before and after.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int store_email_valid(const char *z) {
  if (!z) return 0;
  size_t n = strlen(z);
  if (n < 3 || n > 254) return 0;
  const char *zAt = strchr(z, '@');
  if (!zAt || zAt == z || strchr(zAt + 1, '@') || zAt[1] == 0) return 0;
  if (zAt - z > 64) return 0;
  const char *zDomain = zAt + 1;
  if (zDomain[0] == '.' || z[n - 1] == '.' || strstr(zDomain, "..")) return 0;
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    /* printable ASCII only (an internationalised domain is written in its xn-- form; SMTPUTF8
    ** is not used), and none of the characters that are syntax in a header or the envelope */
    if (*p <= 0x20 || *p >= 0x7f || strchr("<>\"(),;:\\[]", *p)) return 0;
  }
  return 1;
}

int store_unit_email_get(Store *s, long long unitId, char zOut[256], Err *e) {
  zOut[0] = 0;
  DbStmt *st;
  if (db_prepare(s->db, "SELECT coalesce(email,'') FROM units WHERE id=?1", &st)) {
    return sq_error(s, e, "reading a unit's mail address");
  }
  db_bind_int64(st, 1, unitId);
  int step = db_step(st), rc = 0;
  if (step == DB_ROW) {
    const char *z = sq_col(st, 0);
    size_t n = strlen(z);
    if (n > 255) n = 255;
    memcpy(zOut, z, n);
    zOut[n] = 0;
  } else if (step == DB_DONE) {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no unit %lld", unitId);
  } else {
    rc = sq_error(s, e, "reading a unit's mail address");
  }
  db_finalize(st);
  return rc;
}

int store_unit_email_set(Store *s, const char *zActor, long long unitId, const char *zEmail,
                         Err *e) {
  if (zEmail && !*zEmail) zEmail = NULL;
  if (zEmail && !store_email_valid(zEmail)) {
    /* the message does not repeat the address: it may hold a line break */
    return err_set(e, LUOSHI_EINVAL,
                   "not a mail address: it needs one @ with a name and a domain, at most 254 "
                   "bytes of printable ASCII, no spaces, line breaks, <, >, quotes or commas");
  }
  char zBefore[256];
  int rc = store_unit_email_get(s, unitId, zBefore, e);
  if (rc) return rc;
  DbStmt *st;
  if (sq_begin(s, "UPDATE units SET email=?2 WHERE id=?1", &st, "setting a unit's mail address",
               e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, unitId);
  if (zEmail) db_bind_text(st, 2, zEmail);
  rc = sq_change_one(s, st, "setting a unit's mail address", "no such unit", e);
  if (rc == 0) {
    json_t *jBefore = json_pack("{s:s?}", "email", *zBefore ? zBefore : NULL);
    json_t *jAfter = json_pack("{s:s?}", "email", zEmail);
    char *zB = json_dumps(jBefore, JSON_COMPACT | JSON_SORT_KEYS);
    char *zA = json_dumps(jAfter, JSON_COMPACT | JSON_SORT_KEYS);
    rc = sq_audit_append(s, zActor, "email", "unit", unitId, zB, zA, e);
    free(zB);
    free(zA);
    json_decref(jBefore);
    json_decref(jAfter);
  }
  return sq_finish(s, rc, e);
}
