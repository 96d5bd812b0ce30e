/*
** Auth: actors and their reach (see auth.h).
*/
#include "auth.h"

#include "../base/buf.h"

#include <stdio.h>
#include <string.h>

void auth_actor(Store *s, const char *zLogin, Actor *a) {
  memset(a, 0, sizeof *a);
  snprintf(a->zLogin, sizeof a->zLogin, "%s", zLogin);
  a->role = ROLE_ADMIN;
  StorePerson p;
  Buf strings = BUF_INIT;
  Err e;
  err_clear(&e);
  if (store_person_get(s, zLogin, &p, &strings, &e) == 0) {
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
}

int auth_item_report(Store *s, const Actor *a, long long itemId, Err *e) {
  long long lead = 0;
  if (store_item_get(s, itemId, &lead, e)) return LUOSHI_ENOTFOUND;
  if (a->role == ROLE_ADMIN || a->role == ROLE_SUPERVISOR) return 0;
  if (a->role == ROLE_REPORTER && a->unitId &&
      ((lead && store_unit_within(s, lead, a->unitId)) ||
       store_item_cooperates(s, itemId, a->unitId))) {
    return 0;
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
  if (store_item_get(s, itemId, &lead, e)) return LUOSHI_ENOTFOUND;
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
  if (a->unitId && store_unit_within(s, unitId, a->unitId)) return 0;
  return err_set(e, LUOSHI_EDENIED, "%s may not open unit %lld: it is not their unit or below it",
                 a->zLogin, unitId);
}
