/*
** Organisation: seed units and people (see org.h).
*/
#include "org.h"

#include "../base/buf.h"
#include "../base/data.h"
#include "../base/mem.h"
#include "../extract/gazetteer.h"
#include "../extract/lexicon.h"
#include "../extract/tsv.h"
#include "fields.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static int add_if_missing(Store *s, const char *zActor, StoreUnit *u, long long *pId,
                          int *pnAdded, Err *e) {
  Err ignore;
  err_clear(&ignore);
  if (store_unit_find(s, u->zName, pId, &ignore) == 0) return 0;
  int rc = store_unit_add(s, zActor, u, pId, e);
  if (rc == 0) (*pnAdded)++;
  return rc;
}

/* Does another county of the same province share county code's name (市中区 of 乐山 and of
** 内江)? Then its unit's name says its city too. */
static int name_shared(const Gazetteer *g, int code, const char *zName) {
  int province = code / 10000 * 10000;
  for (int c = province + 101; c < province + 10000; c++) {
    const Division *d = gazetteer_division(g, c);
    if (c != code && d && d->parent != province && strcmp(d->zName, zName) == 0) return 1;
  }
  return 0;
}

int org_seed(Store *s, const char *zActor, int *pnAdded, Err *e) {
  *pnAdded = 0;
  size_t n = 0;
  const char *z = data_get("units/seed.tsv", &n);
  if (!z) return err_set(e, LUOSHI_ENOTFOUND, "the data file units/seed.tsv is missing");
  const Gazetteer *g = lexicon_get()->pGaz;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  int rc = 0;
  while (rc == 0 && tsv_next(&it, &r)) {
    if (r.nField < 2) continue;
    char *azField[5] = {0};
    for (int k = 0; k < 5; k++) azField[k] = xstrndup(k < r.nField ? r.az[k] : "", k < r.nField ? r.an[k] : 0);
    long long parent = 0;
    if (*azField[2]) {
      Err pe;
      err_clear(&pe);
      if (store_unit_find(s, azField[2], &parent, &pe)) {
        rc = err_set(e, LUOSHI_EINVAL, "units/seed.tsv line %d: no unit %s above it", r.line,
                     azField[2]);
      }
    }
    long long id = 0;
    StoreUnit u = {0, azField[0], azField[1], parent, azField[3], azField[4]};
    if (rc == 0) rc = add_if_missing(s, zActor, &u, &id, pnAdded, e);
    /* a city's counties, from the gazetteer */
    int code = 0;
    for (const char *p = azField[3]; *p >= '0' && *p <= '9'; p++) code = code * 10 + (*p - '0');
    if (rc == 0 && code && strcmp(azField[1], "city") == 0) {
      /* counties are the divisions coded under the city whose parent it is */
      for (int c = code + 1; c < code + 100 && rc == 0; c++) {
        const Division *d = gazetteer_division(g, c);
        if (!d || d->parent != code) continue;
        char zCode[16], zName[128], zGov[160];
        snprintf(zCode, sizeof zCode, "%06d", c);
        const Division *city = gazetteer_division(g, code);
        if (city && name_shared(g, c, d->zName)) {
          snprintf(zName, sizeof zName, "%s%s", city->zName, d->zName);
        } else {
          snprintf(zName, sizeof zName, "%s", d->zName);
        }
        snprintf(zGov, sizeof zGov, "%s人民政府", zName);
        long long cid;
        StoreUnit cu = {0, zGov, "county", id, zCode, zName};
        rc = add_if_missing(s, zActor, &cu, &cid, pnAdded, e);
      }
    }
    for (int k = 0; k < 5; k++) free(azField[k]);
  }
  return rc;
}

int org_unit_add(Store *s, const char *zActor, StoreUnit *u, long long *pId, Err *e) {
  int rc = field_check(u->zName, FIELD_NAME_MAX, FIELD_ONE_LINE, 1, "a unit's name", e);
  if (rc == 0) rc = field_check(u->zCode, FIELD_NAME_MAX, FIELD_ONE_LINE, 0, "the code", e);
  if (rc == 0) rc = field_check(u->zShort, FIELD_TEXT_MAX, FIELD_ONE_LINE, 0, "the short names", e);
  if (rc == 0) rc = store_unit_add(s, zActor, u, pId, e);
  return rc;
}

int org_person_add(Store *s, const char *zActor, const char *zLogin, const char *zName,
                   const char *zRole, const char *zUnit, const char *zPassword, long long *pId,
                   Err *e) {
  int rc = field_check(zLogin, FIELD_NAME_MAX, FIELD_ONE_LINE, 1, "the login", e);
  if (rc == 0) rc = field_check(zName, FIELD_NAME_MAX, FIELD_ONE_LINE, 1, "the name", e);
  if (rc) return rc;
  if (strlen(zPassword) < 8) return err_set(e, LUOSHI_EINVAL, "a password has at least 8 characters");
  if (strcmp(zRole, "admin") && strcmp(zRole, "supervisor") && strcmp(zRole, "leader") &&
      strcmp(zRole, "reporter")) {
    return err_set(e, LUOSHI_EINVAL, "unknown role %s (admin, supervisor, leader, reporter)",
                   zRole);
  }
  long long unitId = 0;
  int rcFind = zUnit && *zUnit ? store_unit_find(s, zUnit, &unitId, e) : 0;
  if (rcFind) return rcFind;
  if (strcmp(zRole, "reporter") == 0 && !unitId) {
    return err_set(e, LUOSHI_EINVAL, "a reporter belongs to a unit (--unit)");
  }
  if (sodium_init() < 0) return err_set(e, LUOSHI_EIO, "libsodium cannot start");
  char zHash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(zHash, zPassword, strlen(zPassword), ORG_PWHASH_OPS,
                            ORG_PWHASH_MEM, crypto_pwhash_ALG_ARGON2ID13)) {
    return err_set(e, LUOSHI_EIO, "out of memory hashing the password");
  }
  StorePerson p = {0, zLogin, zName, zRole, unitId, zHash};
  return store_person_add(s, zActor, &p, pId, e);
}

/* At most ORG_VERIFY_MAX password checks run at once, each taking up to ORG_PWHASH_MEM bytes
** (more for a hash made with larger parameters): a burst of logins queues rather than
** exhausting the server's memory. */
static pthread_mutex_t verifyMutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t verifyCond = PTHREAD_COND_INITIALIZER;
static int nVerifying;
static pthread_once_t dummyOnce = PTHREAD_ONCE_INIT;
static char zDummyHash[crypto_pwhash_STRBYTES];

static void make_dummy_hash(void) {
  if (crypto_pwhash_str_alg(zDummyHash, "", 0, ORG_PWHASH_OPS, ORG_PWHASH_MEM,
                            crypto_pwhash_ALG_ARGON2ID13)) {
    zDummyHash[0] = 0; /* out of memory: unknown logins are then refused faster */
  }
}

int org_password_ok(Store *s, const char *zLogin, const char *zPassword) {
  StorePerson p;
  Buf strings = BUF_INIT;
  Err e;
  err_clear(&e);
  int ok = 0;
  if (sodium_init() < 0) return 0;
  /* An unknown login costs the same check against a hash of nothing, so that the time taken
  ** does not tell which logins exist. */
  int bKnown = store_person_get(s, zLogin, &p, &strings, &e) == 0;
  pthread_once(&dummyOnce, make_dummy_hash);
  pthread_mutex_lock(&verifyMutex);
  while (nVerifying >= ORG_VERIFY_MAX) pthread_cond_wait(&verifyCond, &verifyMutex);
  nVerifying++;
  pthread_mutex_unlock(&verifyMutex);
  ok = crypto_pwhash_str_verify(bKnown ? p.zPasswordHash : zDummyHash, zPassword,
                                strlen(zPassword)) == 0 && bKnown;
  pthread_mutex_lock(&verifyMutex);
  nVerifying--;
  pthread_cond_signal(&verifyCond);
  pthread_mutex_unlock(&verifyMutex);
  buf_free(&strings);
  return ok;
}
