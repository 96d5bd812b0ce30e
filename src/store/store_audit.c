/*
** The audit chain (全程留痕): an append-only log of every change, each entry holding the hash of
** the one before it, so that editing or deleting any entry breaks the chain from there on.
**
** hash = SHA-256(prev_hash, at, actor, action, entity, entity_id, before, after), each field
** written as its length in bytes, ':', and its bytes, so that no two entries hash alike by
** shifting text between fields. The first entry's prev_hash is 64 zeros. Entries are appended
** inside the transaction of the change they record (BEGIN IMMEDIATE serialises writers, so
** the chain stays one chain under concurrent writers). Each entry's seq is the last one's
** plus one, given here rather than by the database: a PostgreSQL sequence would leave a gap
** where a transaction rolled back or its process died, and a gap reads as a deleted entry.
** (Were two writers ever to race, the primary key on seq refuses the second: no fork.)
** Triggers refuse UPDATE and DELETE.
*/
#include "store_internal.h"

#include "../base/buf.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
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
  DbStmt *st = NULL;
  char zPrev[65];
  snprintf(zPrev, sizeof zPrev, "%s", zGenesis);
  long long seq = 1;
  if (db_prepare(s->db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &st)) {
    return sq_error(s, e, "reading the audit chain");
  }
  if (db_step(st) == DB_ROW) {
    seq = db_column_int64(st, 0) + 1;
    snprintf(zPrev, sizeof zPrev, "%s", sq_col(st, 1));
  }
  db_finalize(st);
  char zAt[32];
  sq_now(zAt);
  char zHash[65];
  entry_hash(zPrev, zAt, zActor, zAction, zEntity, entityId, zBefore, zAfter, zHash);
  if (db_prepare(s->db,
                 "INSERT INTO audit_log(at,actor,action,entity,entity_id,before,after,"
                 "prev_hash,hash,seq) VALUES(?,?,?,?,?,?,?,?,?,?)", &st)) {
    return sq_error(s, e, "writing the audit chain");
  }
  db_bind_text(st, 1, zAt);
  db_bind_text(st, 2, zActor);
  db_bind_text(st, 3, zAction);
  db_bind_text(st, 4, zEntity);
  db_bind_int64(st, 5, entityId);
  if (zBefore) db_bind_text(st, 6, zBefore);
  if (zAfter) db_bind_text(st, 7, zAfter);
  db_bind_text(st, 8, zPrev);
  db_bind_text(st, 9, zHash);
  db_bind_int64(st, 10, seq);
  int rc = db_step(st);
  db_finalize(st);
  if (rc != DB_DONE) return sq_error(s, e, "writing the audit chain");
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

static const char *text_or_null(DbStmt *st, int i) {
  return db_column_type(st, i) == DB_NULL ? NULL : db_column_text(st, i);
}

int store_audit_verify(Store *s, StoreAuditResult *r, Err *e) {
  memset(r, 0, sizeof *r);
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT seq,at,actor,action,entity,entity_id,before,after,prev_hash,hash "
                 "FROM audit_log ORDER BY seq", &st)) {
    return sq_error(s, e, "reading the audit chain");
  }
  char zPrev[65];
  snprintf(zPrev, sizeof zPrev, "%s", zGenesis);
  long long expectSeq = 1;
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    long long seq = db_column_int64(st, 0);
    const char *zStoredPrev = text_or_null(st, 8);
    const char *zStored = text_or_null(st, 9);
    char zHash[65];
    entry_hash(zPrev, text_or_null(st, 1), text_or_null(st, 2), text_or_null(st, 3),
               text_or_null(st, 4), db_column_int64(st, 5), text_or_null(st, 6),
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
  db_finalize(st);
  if (rc != DB_DONE) return sq_error(s, e, "reading the audit chain");
  snprintf(r->zHead, sizeof r->zHead, "%s", zPrev);
  return 0;
}

long long store_change_counter(Store *s) {
  DbStmt *st;
  long long n = 0;
  if (db_prepare(s->db, "SELECT coalesce(max(seq),0) FROM audit_log", &st) ==
      DB_OK) {
    if (db_step(st) == DB_ROW) n = db_column_int64(st, 0);
    db_finalize(st);
  }
  return n;
}
