/*
** Organisation: seeding the unit tree and adding people with argon2id passwords.
**
** Workflow rules over store.h (the ledger layer): no SQL here. org_seed() reads
** data/units/seed.tsv (the province's leadership, departments, cities) and adds each city's
** counties from the gazetteer; org_unit_add() checks a new unit's names; org_person_add()
** checks the login and name and hashes the password with libsodium's argon2id before the store
** sees it.
*/
#ifndef LUOSHI_LEDGER_ORG_H
#define LUOSHI_LEDGER_ORG_H

#include "../store/store.h"

/* Add the seed units that are missing; *pnAdded gets how many were added. */
int org_seed(Store *s, const char *zActor, int *pnAdded, Err *e);

/* Add unit u (its name, kind, parent, code and short names; id ignored) after checking its text
** fields (fields.h: one line each, the name required); *pId gets its id. Errors: LUOSHI_EINVAL
** for a bad field (nothing added), or the store's (a name already taken, an unknown kind). */
int org_unit_add(Store *s, const char *zActor, StoreUnit *u, long long *pId, Err *e);

/* Add a person with role zRole (admin, supervisor, leader, reporter) belonging to the unit
** named zUnit (NULL for none), whose password zPassword (at least 8 characters) is stored as an
** argon2id hash. The login and the name are one-line fields (fields.h), both required. */
int org_person_add(Store *s, const char *zActor, const char *zLogin, const char *zName,
                   const char *zRole, const char *zUnit, const char *zPassword, long long *pId,
                   Err *e);

/* Does zPassword match the stored password of zLogin? 1 yes, 0 no (or no such login). */
int org_password_ok(Store *s, const char *zLogin, const char *zPassword);

/* argon2id parameters for new passwords: 2 passes over 19 MiB, OWASP's recommended minimum for
** argon2id; checks of older hashes use the parameters stored in the hash. */
#define ORG_PWHASH_OPS 2
#define ORG_PWHASH_MEM (19 * 1024 * 1024)
/* Password checks allowed to run at the same time (see org_password_ok). */
#define ORG_VERIFY_MAX 2

#endif
