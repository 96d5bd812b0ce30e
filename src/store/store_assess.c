/*
** Assessment in the store (see store.h): the facts the scoring rules read per item for a period,
** and saved assessments.
**
** The facts come from six queries, each ordered by item id and grouped where a row per item is
** enough (warnings, tolerance requests), stepped side by side like a merge join: the items
** drive, the other cursors catch up to each item in turn. No query runs per item, so a
** 100,000-item ledger is read in one pass. Nothing here scores: src/ledger/assess.c does.
*/
#include "store_internal.h"

#include "../base/mem.h"
#include "../base/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A report period's last month as year*12 + month - 1 (2019-03 and 2019Q1 both 2019*12+2). */
/* The queries; parameters: ?1 from, ?2 to, ?3 last month, ?4 counted periods, ?5 overlapping. */
static const char *const azQuery[] = {
    /* 0: the items */
    "SELECT i.id, i.number, i.lead_unit_id, u.name, u.kind, coalesce(i.deadline,''), "
    "substr(i.created_at,1,10), i.recurrence IS NOT NULL FROM ledger_items i "
    "JOIN units u ON u.id=i.lead_unit_id WHERE i.merged_into IS NULL "
    "AND substr(i.created_at,1,10) <= ?2 ORDER BY i.id",
    /* 1: reports submitted at least once, ending by the period's end */
    "SELECT r.item_id, r.id, r.period, " SQ_PERIOD_MONTH("r.period") " AS lm, "
    "instr(?4, '\"' || r.period || '\"') > 0, r.state IN ('submitted','accepted'), "
    "r.state='accepted', r.progress, r.late, (r.submissions > 1 OR r.state='returned') "
    "FROM reports r WHERE r.submissions > 0 AND " SQ_PERIOD_MONTH("r.period") " <= ?3 "
    "ORDER BY r.item_id, lm, r.id",
    /* 2: the worst warning colour in the period's runs, and its first date */
    "SELECT item_id, CASE colour WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END AS rk, "
    "min(as_of) FROM warnings WHERE as_of BETWEEN ?1 AND ?2 GROUP BY item_id, rk "
    "ORDER BY item_id, rk",
    /* 3: escalation notices raised in the period, highest level first */
    "SELECT item_id, id, level FROM notices WHERE as_of BETWEEN ?1 AND ?2 "
    "ORDER BY item_id, level DESC, id",
    /* 4: approved fault-tolerance requests overlapping the period */
    "SELECT item_id, min(id) FROM requests WHERE kind='tolerance' AND state='approved' "
    "AND instr(?5, '\"' || period || '\"') > 0 GROUP BY item_id ORDER BY item_id",
    /* 5: targets with their latest value as of the period's end */
    "SELECT t.item_id, t.id, t.name, t.baseline, t.baseline_date, t.target, t.target_date, "
    "v.value IS NOT NULL, coalesce(v.value,0), coalesce(v.as_of,'') FROM item_targets t "
    "LEFT JOIN target_values v ON v.id=(SELECT v2.id FROM target_values v2 WHERE "
    "v2.target_id=t.id AND v2.as_of <= ?2 ORDER BY v2.as_of DESC, v2.id DESC LIMIT 1) "
    "ORDER BY t.item_id, t.id",
};
#define N_QUERY (int)(sizeof azQuery / sizeof azQuery[0])

typedef struct Cursor {
  DbStmt *st;
  int rc;                /* the last step's result */
} Cursor;

static long long cur_item(const Cursor *c) {
  return c->rc == DB_ROW ? db_column_int64(c->st, 0) : -1;
}

/* Step c past every row of items before itemId; returns 0 or a db.h error code. */
static int cur_catch_up(Cursor *c, long long itemId) {
  while (c->rc == DB_ROW && db_column_int64(c->st, 0) < itemId) {
    c->rc = db_step(c->st);
  }
  return c->rc == DB_ROW || c->rc == DB_DONE ? 0 : c->rc;
}

int store_assess_facts(Store *s, const StoreAssessPeriod *p,
                       int (*x)(void *, const StoreAssessItem *), void *ctx, Err *e) {
  Cursor ac[N_QUERY];
  memset(ac, 0, sizeof ac);
  int rc = 0;
  StoreAssessReport *aRep = NULL;
  size_t nRepCap = 0;
  StoreAssessTarget *aTgt = NULL;
  size_t nTgtCap = 0;
  Buf strings = BUF_INIT;
  for (int k = 0; k < N_QUERY; k++) {
    if (db_prepare(s->db, azQuery[k], &ac[k].st)) {
      rc = sq_error(s, e, "reading the assessment's facts");
      goto cleanup;
    }
    /* each query names the parameters it uses as ?1..?5; binding one it does not use is
    ** harmless, so all five are bound to every query */
    db_bind_text(ac[k].st, 1, p->zFrom);
    db_bind_text(ac[k].st, 2, p->zTo);
    db_bind_int(ac[k].st, 3, p->lastMonth);
    db_bind_text(ac[k].st, 4, p->zCounted);
    db_bind_text(ac[k].st, 5, p->zOverlap);
    ac[k].rc = db_step(ac[k].st);
  }
  Cursor *items = &ac[0];
  while (items->rc == DB_ROW) {
    DbStmt *st = items->st;
    StoreAssessItem f;
    memset(&f, 0, sizeof f);
    f.id = db_column_int64(st, 0);
    f.zNumber = sq_col(st, 1);
    f.unitId = db_column_int64(st, 2);
    f.zUnit = sq_col(st, 3);
    f.zUnitKind = sq_col(st, 4);
    f.zDeadline = sq_col(st, 5);
    f.zStart = sq_col(st, 6);
    f.recurring = db_column_int(st, 7);
    f.zWorst = "";
    f.zWarnedOn = "";
    for (int k = 1; k < N_QUERY; k++) {
      int src = cur_catch_up(&ac[k], f.id);
      if (src) {
        rc = sq_error(s, e, "reading the assessment's facts");
        goto cleanup;
      }
    }
    buf_reset(&strings);
    /* reports */
    size_t nRep = 0;
    for (Cursor *c = &ac[1]; cur_item(c) == f.id; c->rc = db_step(c->st)) {
      MEM_GROW(aRep, nRepCap, nRep + 1);
      StoreAssessReport *r = &aRep[nRep++];
      r->id = db_column_int64(c->st, 1);
      snprintf(r->zPeriod, sizeof r->zPeriod, "%s", sq_col(c->st, 2));
      r->lastMonth = db_column_int(c->st, 3);
      r->counted = db_column_int(c->st, 4);
      r->reported = db_column_int(c->st, 5);
      r->accepted = db_column_int(c->st, 6);
      r->progress = db_column_int(c->st, 7);
      r->late = db_column_int(c->st, 8);
      r->returned = db_column_int(c->st, 9);
    }
    f.nReport = (int)nRep;
    f.aReport = aRep;
    /* warnings: the first row is the worst colour */
    static const char *const azColour[] = {"red", "yellow", "blue"};
    char zWarnedOn[16] = "";
    if (cur_item(&ac[2]) == f.id) {
      int rk = db_column_int(ac[2].st, 1);
      f.zWorst = rk >= 0 && rk <= 2 ? azColour[rk] : "";
      snprintf(zWarnedOn, sizeof zWarnedOn, "%s", sq_col(ac[2].st, 2));
      f.zWarnedOn = zWarnedOn;
    }
    /* notices: the first row is the highest level */
    if (cur_item(&ac[3]) == f.id) {
      f.noticeId = db_column_int64(ac[3].st, 1);
      f.noticeLevel = db_column_int(ac[3].st, 2);
    }
    if (cur_item(&ac[4]) == f.id) f.toleranceId = db_column_int64(ac[4].st, 1);
    /* targets: strings go to one buffer, pointed at once it stops growing */
    size_t nTgt = 0;
    size_t aOff[3];
    size_t *aAllOff = NULL;
    for (Cursor *c = &ac[5]; cur_item(c) == f.id; c->rc = db_step(c->st)) {
      MEM_GROW(aTgt, nTgtCap, nTgt + 1);
      StoreAssessTarget *t = &aTgt[nTgt];
      memset(t, 0, sizeof *t);
      t->id = db_column_int64(c->st, 1);
      t->baseline = db_column_double(c->st, 3);
      t->target = db_column_double(c->st, 5);
      t->hasValue = db_column_int(c->st, 7);
      t->value = db_column_double(c->st, 8);
      const int aCol[3] = {2, 4, 6};
      for (int j = 0; j < 3; j++) {
        aOff[j] = strings.n;
        buf_puts(&strings, sq_col(c->st, aCol[j]));
        buf_putc(&strings, 0);
      }
      aAllOff = xrealloc(aAllOff, sizeof(size_t) * 4 * (nTgt + 1));
      memcpy(aAllOff + 4 * nTgt, aOff, sizeof aOff);
      aAllOff[4 * nTgt + 3] = strings.n;
      buf_puts(&strings, sq_col(c->st, 9));
      buf_putc(&strings, 0);
      nTgt++;
    }
    for (size_t j = 0; j < nTgt; j++) {
      aTgt[j].zName = strings.a + aAllOff[4 * j];
      aTgt[j].zBaselineDate = strings.a + aAllOff[4 * j + 1];
      aTgt[j].zTargetDate = strings.a + aAllOff[4 * j + 2];
      aTgt[j].zAsOf = strings.a + aAllOff[4 * j + 3];
    }
    free(aAllOff);
    f.nTarget = (int)nTgt;
    f.aTarget = aTgt;
    for (int k = 1; k < N_QUERY; k++) {
      if (ac[k].rc != DB_ROW && ac[k].rc != DB_DONE) {
        rc = sq_error(s, e, "reading the assessment's facts");
        goto cleanup;
      }
    }
    if (x(ctx, &f)) goto cleanup;
    items->rc = db_step(st);
  }
  if (items->rc != DB_DONE) rc = sq_error(s, e, "reading the assessment's facts");
cleanup:
  for (int k = 0; k < N_QUERY; k++) db_finalize(ac[k].st);
  free(aRep);
  free(aTgt);
  buf_free(&strings);
  return rc;
}

int store_assessment_save(Store *s, const char *zActor, const StoreAssessment *a, long long *pId,
                          Err *e) {
  DbStmt *st;
  if (sq_begin(s,
               "INSERT INTO assessments(period,rules_version,rules_sha256,result,saved_by,saved_at) "
               "VALUES(?,?,?,?,?,?)",
               &st, "saving an assessment", e)) {
    return LUOSHI_EIO;
  }
  char zNow[32];
  sq_now(zNow);
  db_bind_text(st, 1, a->zPeriod);
  db_bind_text(st, 2, a->zRulesVersion);
  db_bind_text(st, 3, a->zRulesSha256);
  db_bind_text(st, 4, a->zResult);
  db_bind_text(st, 5, zActor);
  db_bind_text(st, 6, zNow);
  int step = db_step(st);
  db_finalize(st);
  if (step != DB_DONE) return sq_finish(s, sq_error(s, e, "saving an assessment"), e);
  long long id = db_last_insert_id(s->db);
  unsigned char digest[32];
  sha256_digest((const unsigned char *)a->zResult, strlen(a->zResult), digest);
  char zHex[65];
  for (int k = 0; k < 32; k++) snprintf(zHex + 2 * k, 3, "%02x", digest[k]);
  int rc = sq_audit_json(s, zActor, "save", "assessment", id,
                         json_pack("{s:s, s:s, s:s, s:s}", "period", a->zPeriod, "rules_version",
                                   a->zRulesVersion, "rules_sha256", a->zRulesSha256,
                                   "result_sha256", zHex),
                         e);
  if (rc == 0 && pId) *pId = id;
  return sq_finish(s, rc, e);
}

int store_assessment_list(Store *s, const char *zPeriod, int bResult,
                          int (*x)(void *, const StoreAssessment *), void *ctx, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT id, period, rules_version, rules_sha256, "
                 "CASE WHEN ?2<>0 THEN result ELSE '' END, saved_by, saved_at "
                 "FROM assessments WHERE ?1 IS NULL OR period=?1 ORDER BY id DESC", &st)) {
    return sq_error(s, e, "listing assessments");
  }
  if (zPeriod) db_bind_text(st, 1, zPeriod);
  db_bind_int(st, 2, bResult != 0);
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    StoreAssessment a = {db_column_int64(st, 0), sq_col(st, 1), sq_col(st, 2),
                         sq_col(st, 3), sq_col(st, 4), sq_col(st, 5), sq_col(st, 6)};
    if (x(ctx, &a)) break;
  }
  int bad = rc != DB_ROW && rc != DB_DONE;
  db_finalize(st);
  return bad ? sq_error(s, e, "listing assessments") : 0;
}
