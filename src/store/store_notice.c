/*
** Escalation in the store (see store.h): the warning episodes the ladder reads, and the outbox of
** notices (催办/督办) it writes. An episode is an item's unbroken run of warnings at a colour or
** worse, across the dates the rules were run; a notice is kept once per item, step and episode,
** so running the ladder again adds nothing new.
*/
#include "store_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RANK_SQL(c) "(CASE " c " WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END)"

int store_episodes(Store *s, const char *zAsOf, int (*x)(void *, const StoreEpisode *),
                   void *ctx, Err *e) {
  DbStmt *st;
  /* for each item warned on zAsOf, its worst colour, and the first run date after the last run
  ** on which it had no warning that bad */
  if (db_prepare(s->db,
          "WITH runs AS (SELECT DISTINCT as_of FROM warnings WHERE as_of <= ?1), "
          "cur AS (SELECT item_id, min(" RANK_SQL("colour") ") AS rank FROM warnings "
          "  WHERE as_of=?1 GROUP BY item_id) "
          "SELECT c.item_id, i.number, coalesce(i.lead_unit_id,0), coalesce(u.name,''), c.rank, "
          " (SELECT min(r.as_of) FROM runs r WHERE r.as_of > coalesce((SELECT max(r2.as_of) "
          "   FROM runs r2 WHERE NOT EXISTS (SELECT 1 FROM warnings w WHERE w.as_of=r2.as_of "
          "   AND w.item_id=c.item_id AND " RANK_SQL("w.colour") " <= c.rank)), '')), "
          " (SELECT group_concat(w.message, '\n') FROM warnings w WHERE w.as_of=?1 AND "
          "   w.item_id=c.item_id), i.text "
          "FROM cur c JOIN ledger_items i ON i.id=c.item_id LEFT JOIN units u ON "
          "u.id=i.lead_unit_id ORDER BY c.item_id", &st)) {
    return sq_error(s, e, "reading warning episodes");
  }
  db_bind_text(st, 1, zAsOf);
  static const char *const azColour[] = {"red", "yellow", "blue"};
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    int rank = db_column_int(st, 4);
    StoreEpisode ep = {db_column_int64(st, 0), sq_col(st, 1), db_column_int64(st, 2),
                       sq_col(st, 3), azColour[rank < 0 || rank > 2 ? 2 : rank], sq_col(st, 5),
                       sq_col(st, 6), sq_col(st, 7)};
    if (x(ctx, &ep)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "reading warning episodes") : 0;
}

int store_notices_add(Store *s, const char *zActor, const StoreNotice *a, int n, int *pnNew,
                      Err *e) {
  *pnNew = 0;
  char zNow[32];
  sq_now(zNow);
  DbStmt *st;
  if (sq_begin(s,
               "INSERT INTO notices(item_id,unit_id,step,level,colour,since,"
               "as_of,ladder,subject,body,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
               "ON CONFLICT DO NOTHING",
               &st, "writing notices", e)) {
    return LUOSHI_EIO;
  }
  int rc = 0;
  for (int i = 0; rc == 0 && i < n; i++) {
    const StoreNotice *t = &a[i];
    db_bind_int64(st, 1, t->itemId);
    if (t->unitId) db_bind_int64(st, 2, t->unitId);
    else db_bind_null(st, 2);
    db_bind_text(st, 3, t->zStep);
    db_bind_int(st, 4, t->level);
    db_bind_text(st, 5, t->zColour);
    db_bind_text(st, 6, t->zSince);
    db_bind_text(st, 7, t->zAsOf);
    db_bind_text(st, 8, t->zLadder);
    db_bind_text(st, 9, t->zSubject);
    db_bind_text(st, 10, t->zBody);
    db_bind_text(st, 11, zNow);
    if (db_step(st) != DB_DONE) rc = sq_error(s, e, "writing notices");
    db_reset(st);
    if (rc == 0 && db_changes(s->db) == 1) {
      (*pnNew)++;
      rc = sq_audit_json(s, zActor, "escalate", "notice", db_last_insert_id(s->db),
                         json_pack("{s:I, s:s, s:s, s:s}", "item", (json_int_t)t->itemId, "step",
                                   t->zStep, "since", t->zSince, "ladder", t->zLadder),
                         e);
    }
  }
  db_finalize(st);
  return sq_finish(s, rc, e);
}

int store_notice_list(Store *s, const char *zState, int (*x)(void *, const StoreNotice *),
                      void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT n.id, n.item_id, coalesce(n.unit_id,0), coalesce(u.name,''), "
                 "n.step, n.level, n.colour, n.since, n.as_of, n.ladder, n.subject, n.body, "
                 "n.state, n.attempts, coalesce(n.last_error,''), coalesce(n.sent_at,'') "
                 "FROM notices n LEFT JOIN units u ON u.id=n.unit_id "
                 "WHERE ?1 IS NULL OR n.state=?1 ORDER BY n.id", &st)) {
    return sq_error(s, e, "listing notices");
  }
  if (zState) db_bind_text(st, 1, zState);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreNotice t = {db_column_int64(st, 0), db_column_int64(st, 1),
                     db_column_int64(st, 2), sq_col(st, 3), sq_col(st, 4),
                     db_column_int(st, 5), sq_col(st, 6), sq_col(st, 7), sq_col(st, 8),
                     sq_col(st, 9), sq_col(st, 10), sq_col(st, 11), sq_col(st, 12),
                     db_column_int(st, 13), sq_col(st, 14), sq_col(st, 15)};
    if (x(ctx, &t)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing notices") : 0;
}

int store_notice_claim(Store *s, long long id, const char *zClaim, int nStaleSeconds,
                       int *pbClaimed, Err *e) {
  *pbClaimed = 0;
  char zNow[32], zStale[32];
  sq_now(zNow);
  time_t stale = time(NULL) - nStaleSeconds;
  struct tm tm;
  gmtime_r(&stale, &tm);
  strftime(zStale, sizeof zStale, "%Y-%m-%dT%H:%M:%SZ", &tm);
  DbStmt *st;
  if (sq_begin(s,
               "UPDATE notices SET claimed_by=?2, claimed_at=?3 WHERE id=?1 AND state<>'sent' "
               "AND (claimed_by IS NULL OR claimed_at<?4)",
               &st, "claiming a notice", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, id);
  db_bind_text(st, 2, zClaim);
  db_bind_text(st, 3, zNow);
  db_bind_text(st, 4, zStale);
  int step = db_step(st);
  db_finalize(st);
  int rc = step == DB_DONE ? 0 : sq_error(s, e, "claiming a notice");
  if (rc == 0) *pbClaimed = db_changes(s->db) == 1;
  return sq_finish(s, rc, e);
}

int store_notice_mark(Store *s, const char *zActor, long long id, int sent, const char *zError,
                      Err *e) {
  char zNow[32];
  sq_now(zNow);
  DbStmt *st;
  if (sq_begin(s,
               "UPDATE notices SET state=?2, attempts=attempts+1, last_error=?3, "
               "sent_at=CASE WHEN ?2='sent' THEN ?4 END, claimed_by=NULL, claimed_at=NULL "
               "WHERE id=?1 AND state<>'sent'",
               &st, "recording a delivery", e)) {
    return LUOSHI_EIO;
  }
  db_bind_int64(st, 1, id);
  db_bind_text(st, 2, sent ? "sent" : "failed");
  if (zError) db_bind_text(st, 3, zError);
  db_bind_text(st, 4, zNow);
  int step = db_step(st);
  db_finalize(st);
  int rc = step == DB_DONE ? 0 : sq_error(s, e, "recording a delivery");
  if (rc == 0 && db_changes(s->db) != 1) {
    rc = err_set(e, LUOSHI_ECONFLICT, "notice %lld does not exist or was sent already", id);
  }
  if (rc == 0) {
    rc = sq_audit_json(s, zActor, sent ? "deliver" : "fail", "notice", id,
                       json_pack("{s:s?}", "error", zError), e);
  }
  return sq_finish(s, rc, e);
}
