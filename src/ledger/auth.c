/*
** Auth: actors and their reach (see auth.h).
*/
#include "auth.h"

#include "../base/buf.h"

#include <stdio.h>
#include <string.h>

int auth_actor(Store *s, const char *zLogin, Actor *a) {
  memset(a, 0, sizeof *a);
  snprintf(a->zLogin, sizeof a->zLogin, "%s", zLogin);
  a->role = ROLE_ADMIN;
  StorePerson p;
  Buf strings = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = store_person_get(s, zLogin, &p, &strings, &e);
  if (rc == 0) {
    a->role = strcmp(p.zRole, "admin") == 0        ? ROLE_ADMIN
              : strcmp(p.zRole, "supervisor") == 0 ? ROLE_SUPERVISOR
              : strcmp(p.zRole, "leader") == 0     ? ROLE_LEADER
                                                   : ROLE_REPORTER;
    a->unitId = p.unitId;
    snprintf(a->zName, sizeof a->zName, "%s", p.zName);
    a->bPerson = 1;
  } else {
    snprintf(a->zName, sizeof a->zName, "%s", zLogin);
  }
  buf_free(&strings);
  return rc == LUOSHI_EIO ? LUOSHI_EIO : 0;
}

/* An answer of store_unit_within or store_item_cooperates as a result: 1 yes, 0 no, or
** LUOSHI_EIO with e saying the database did not answer. */
static int tri(int yes, Err *e) {
  if (yes < 0) return err_set(e, LUOSHI_EIO, "database: the unit tree could not be read");
  return yes;
}

int auth_item_report(Store *s, const Actor *a, long long itemId, Err *e) {
  long long lead = 0;
  int rc = store_item_get(s, itemId, &lead, e);
  if (rc) return rc;
  if (a->role == ROLE_ADMIN || a->role == ROLE_SUPERVISOR) return 0;
  if (a->role == ROLE_REPORTER && a->unitId) {
    int yes = lead ? tri(store_unit_within(s, lead, a->unitId), e) : 0;
    if (yes == 0) yes = tri(store_item_cooperates(s, itemId, a->unitId), e);
    if (yes < 0) return yes;
    if (yes) return 0;
  }
  return err_set(e, LUOSHI_EDENIED, "%s may not report on item %lld: it is not their unit's",
                 a->zLogin, itemId);
}

int auth_supervise(const Actor *a, Err *e) {
  if (a->role == ROLE_ADMIN || a->role == ROLE_SUPERVISOR) return 0;
  return err_set(e, LUOSHI_EDENIED, "%s may not review reports or change the ledger", a->zLogin);
}

void auth_scope(const Actor *a, LedgerFilter *f) {
  if (a->role == ROLE_REPORTER) {
    f->reachUnitId = a->unitId ? a->unitId : -1; /* no unit: no item */
  } else if (a->role == ROLE_LEADER) {
    f->reachUnitId = a->unitId;
    f->zReachLeader = a->zName;
  }
}

int auth_item_read(Store *s, const Actor *a, long long itemId, Err *e) {
  long long lead = 0, n = 0;
  int rc = store_item_get(s, itemId, &lead, e);
  if (rc) return rc;
  LedgerFilter f = {.itemId = itemId, .all = 1};
  auth_scope(a, &f);
  if (store_ledger_count(s, &f, &n, e)) return LUOSHI_EIO;
  if (n > 0) return 0;
  return err_set(e, LUOSHI_EDENIED, "%s may not read item %lld: it is not theirs", a->zLogin,
                 itemId);
}

int auth_unit_read(Store *s, const Actor *a, long long unitId, Err *e) {
  StoreUnit u;
  Buf strings = BUF_INIT;
  int rc = store_unit_get(s, unitId, &u, &strings, e);
  buf_free(&strings);
  if (rc) return rc;
  if (a->role == ROLE_ADMIN || a->role == ROLE_SUPERVISOR) return 0;
  int yes = a->unitId ? tri(store_unit_within(s, unitId, a->unitId), e) : 0;
  if (yes < 0) return yes;
  if (yes) return 0;
  return err_set(e, LUOSHI_EDENIED, "%s may not open unit %lld: it is not their unit or below it",
                 a->zLogin, unitId);
}
