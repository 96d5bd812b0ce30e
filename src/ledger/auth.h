/*
** Auth: who is acting, and what they may touch.
**
** The command line acts as the person --as names; a login that is no person (the default is
** the shell user) acts as a local administrator, since whoever runs luoshi on the server's own
** database is one. A reporter reaches only the items whose lead unit is their unit or below it,
** and the items their unit cooperates on; supervisors and admins reach every item; leaders read.
*/
#ifndef LUOSHI_LEDGER_AUTH_H
#define LUOSHI_LEDGER_AUTH_H

#include "../store/store.h"

typedef enum Role { ROLE_ADMIN = 0, ROLE_SUPERVISOR, ROLE_LEADER, ROLE_REPORTER } Role;

typedef struct Actor {
  char zLogin[64];
  Role role;
  long long unitId;      /* reporters: their unit; leaders: the unit they answer for, or 0 */
  char zName[64];        /* the person's name, or the login when they are no person */
  int bPerson;           /* 1 when zLogin is a person in the database */
} Actor;

/* Resolve zLogin to an Actor (see above): a login that is no person is an actor all the same
** (bPerson 0). Returns 0, or LUOSHI_EIO when the database could not be read (then a is filled
** as for no person, and must not be trusted with anything a person may do). */
int auth_actor(Store *s, const char *zLogin, Actor *a);

/* May a act for its unit on item itemId (file and submit its reports)? 0 yes; LUOSHI_EDENIED
** with a message naming the item otherwise; LUOSHI_ENOTFOUND for an unknown item. */
int auth_item_report(Store *s, const Actor *a, long long itemId, Err *e);

/* Narrow f to the items a may read: everything for admins and supervisors; for a reporter the
** items of their unit and below and those it cooperates on; for a leader the items of the unit
** they answer for and those naming them as responsible leader. */
void auth_scope(const Actor *a, LedgerFilter *f);
/* May a read item itemId? 0 yes; LUOSHI_EDENIED, or LUOSHI_ENOTFOUND for an unknown item. */
int auth_item_read(Store *s, const Actor *a, long long itemId, Err *e);
/* May a review (accept, return) reports and change the ledger? 0 or LUOSHI_EDENIED. */
int auth_supervise(const Actor *a, Err *e);
/* May a open unit unitId's page (its items, reports, warnings)? Admins and supervisors any
** unit; reporters and leaders their own unit and the units below it. 0 yes; LUOSHI_EDENIED, or
** LUOSHI_ENOTFOUND for an unknown unit. */
int auth_unit_read(Store *s, const Actor *a, long long unitId, Err *e);

#endif
