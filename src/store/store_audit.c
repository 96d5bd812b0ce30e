/*
** The audit chain (全程留痕): an append-only log of every change, each entry holding the hash of
** the one before it, so that editing or deleting any entry breaks the chain from there on.
**
** hash = SHA-256(prev_hash, at, actor, action, entity, entity_id, before, after), each field
** written as its length in bytes, ':', and its bytes, so that no two entries hash alike by
** shifting text between fields. The first entry's prev_hash is 64 zeros. Entries are appended
** inside the transaction of the change they record (BEGIN IMMEDIATE serialises writers, so
** the chain stays one chain under concurrent writers). Triggers refuse UPDATE and DELETE.
*/
#include "sqlite_internal.h"

#include "../base/buf.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char zGenesis[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void field(Buf *b, const char *z) {
  if (!z) {
    buf_puts(b, "-:");  /* NULL differs from the empty string */
    return;
  }
  buf_printf(b, "%zu:", strlen(z));
  buf_puts(b, z);
}

static void entry_hash(const char *zPrev, const char *zAt, const char *zActor,
                       const char *zAction, const char *zEntity, long long entityId,
                       const char *zBefore, const char *zAfter, char zOut[65]) {
  Buf b = BUF_INIT;
  field(&b, zPrev);
  field(&b, zAt);
  field(&b, zActor);
  field(&b, zAction);
  field(&b, zEntity);
  buf_printf(&b, "%lld;", entityId);
  field(&b, zBefore);
  field(&b, zAfter);
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)buf_str(&b), b.n);
  buf_free(&b);
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    zOut[2 * i] = hex[h[i] >> 4];
    zOut[2 * i + 1] = hex[h[i] & 15];
  }
  zOut[64] = 0;
}

int sq_audit_append(Store *s, const char *zActor, const char *zAction, const char *zEntity,
                    long long entityId, const char *zBefore, const char *zAfter, Err *e) {
  sqlite3_stmt *st = NULL;
  char zPrev[65];
  snprintf(zPrev, sizeof zPrev, "%s", zGenesis);
  if (sqlite3_prepare_v2(s->db, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1, &st,
                         NULL)) {
    return sq_error(s, e, "reading the audit chain");
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(zPrev, sizeof zPrev, "%s", (const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  char zAt[32];
  sq_now(zAt);
  char zHash[65];
  entry_hash(zPrev, zAt, zActor, zAction, zEntity, entityId, zBefore, zAfter, zHash);
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO audit_log(at,actor,action,entity,entity_id,before,after,"
                         "prev_hash,hash) VALUES(?,?,?,?,?,?,?,?,?)",
                         -1, &st, NULL)) {
    return sq_error(s, e, "writing the audit chain");
  }
  sqlite3_bind_text(st, 1, zAt, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, zActor, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, zAction, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, zEntity, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, entityId);
  if (zBefore) sqlite3_bind_text(st, 6, zBefore, -1, SQLITE_STATIC);
  if (zAfter) sqlite3_bind_text(st, 7, zAfter, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, zPrev, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 9, zHash, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return sq_error(s, e, "writing the audit chain");
  return 0;
}

static const char *text_or_null(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
                                                    : (const char *)sqlite3_column_text(st, i);
}

int store_audit_verify(Store *s, StoreAuditResult *r, Err *e) {
  memset(r, 0, sizeof *r);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT seq,at,actor,action,entity,entity_id,before,after,prev_hash,hash "
                         "FROM audit_log ORDER BY seq",
                         -1, &st, NULL)) {
    return sq_error(s, e, "reading the audit chain");
  }
  char zPrev[65];
  snprintf(zPrev, sizeof zPrev, "%s", zGenesis);
  long long expectSeq = 1;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    long long seq = sqlite3_column_int64(st, 0);
    const char *zStoredPrev = text_or_null(st, 8);
    const char *zStored = text_or_null(st, 9);
    char zHash[65];
    entry_hash(zPrev, text_or_null(st, 1), text_or_null(st, 2), text_or_null(st, 3),
               text_or_null(st, 4), sqlite3_column_int64(st, 5), text_or_null(st, 6),
               text_or_null(st, 7), zHash);
    const char *zWhy = NULL;
    if (seq != expectSeq) zWhy = "an entry is missing before it";
    else if (!zStoredPrev || strcmp(zStoredPrev, zPrev) != 0) zWhy = "it does not follow the entry before it";
    else if (!zStored || strcmp(zStored, zHash) != 0) zWhy = "its content does not match its hash";
    if (zWhy && !r->badSeq) {
      r->badSeq = seq;
      snprintf(r->zWhy, sizeof r->zWhy, "%s", zWhy);
    }
    snprintf(zPrev, sizeof zPrev, "%s", zStored ? zStored : "");
    r->nEntry++;
    expectSeq = seq + 1;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return sq_error(s, e, "reading the audit chain");
  snprintf(r->zHead, sizeof r->zHead, "%s", zPrev);
  return 0;
}

long long store_change_counter(Store *s) {
  sqlite3_stmt *st;
  long long n = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(seq),0) FROM audit_log", -1, &st, NULL) ==
      SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  return n;
}
