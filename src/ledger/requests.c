/*
** Requests and their decisions (see requests.h).
*/
#include "requests.h"

#include "../base/buf.h"
#include "../base/data.h"
#include "../extract/tsv.h"
#include "calendar.h"
#include "fields.h"
#include "reports.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A request's reason: required, and a text field (fields.h). 0 or LUOSHI_EINVAL. */
static int reason_check(const char *zReason, Err *e) {
  if (!zReason || !*zReason) return err_set(e, LUOSHI_EINVAL, "a request needs a reason");
  return field_check(zReason, FIELD_TEXT_MAX, FIELD_LINES, 1, "the reason", e);
}

int request_extension(Store *s, const Actor *a, long long itemId, const char *zTo,
                      const char *zToday, const char *zReason, long long *pId, Err *e) {
  int rc = auth_item_report(s, a, itemId, e);
  if (rc) return rc;
  StoreItemState st;
  int rcState = store_item_state(s, itemId, &st, e);
  if (rcState) return rcState;
  long to = calendar_day(zTo), today = calendar_day(zToday);
  if (to < 0 || today < 0) return err_set(e, LUOSHI_EINVAL, "dates are YYYY-MM-DD");
  if (!st.zDeadline[0]) {
    return err_set(e, LUOSHI_EINVAL, "item %lld has no deadline to extend (长期坚持)", itemId);
  }
  long deadline = calendar_day(st.zDeadline);
  if (today > deadline) {
    return err_set(e, LUOSHI_EINVAL, "the deadline of item %lld (%s) has passed: an extension "
                                     "is asked before it", itemId, st.zDeadline);
  }
  if (to <= deadline) {
    return err_set(e, LUOSHI_EINVAL, "an extension moves the deadline (%s) later, not to %s",
                   st.zDeadline, zTo);
  }
  rc = reason_check(zReason, e);
  if (rc) return rc;
  StoreRequest r = {0, itemId, "extension", NULL, a->unitId, zTo, NULL, zReason, NULL, 0};
  return store_request_add(s, a->zLogin, &r, pId, e);
}

int request_closeout(Store *s, const Actor *a, long long itemId, const char *zReason,
                     long long *pId, Err *e) {
  int rc = auth_item_report(s, a, itemId, e);
  if (rc) return rc;
  StoreItemState st;
  int rcState = store_item_state(s, itemId, &st, e);
  if (rcState) return rcState;
  if (strcmp(st.zStatus, "已销号") == 0) {
    return err_set(e, LUOSHI_ECONFLICT, "item %lld is closed already", itemId);
  }
  if (st.nEvidence == 0) {
    return err_set(e, LUOSHI_EINVAL, "a close-out needs evidence: attach it to a report on item "
                                     "%lld first", itemId);
  }
  rc = reason_check(zReason, e);
  if (rc) return rc;
  StoreRequest r = {0, itemId, "closeout", NULL, a->unitId, NULL, NULL, zReason, NULL,
                    st.lastEvidenceReport};
  return store_request_add(s, a->zLogin, &r, pId, e);
}

int request_tolerance(Store *s, const Actor *a, long long itemId, const char *zPeriod,
                      const char *zClaims, const char *zReason, long long *pId, Err *e) {
  int rc = auth_item_report(s, a, itemId, e);
  if (rc) return rc;
  if (!zPeriod || !report_period_ok(zPeriod)) {
    return err_set(e, LUOSHI_EINVAL, "a fault-tolerance request covers a period (2019-03 or "
                                     "2019Q1)");
  }
  rc = reason_check(zReason, e);
  if (rc) return rc;
  size_t n = 0;
  const char *z = data_get("rules/tolerance.tsv", &n);
  if (!z) return err_set(e, LUOSHI_ENOTFOUND, "the data file rules/tolerance.tsv is missing");
  /* every condition of the file, claimed met or not; a claimed key not in the file is an error */
  json_t *check = json_object();
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField < 2) continue;
    char zKey[64];
    size_t m = r.an[0] < sizeof zKey - 1 ? r.an[0] : sizeof zKey - 1;
    memcpy(zKey, r.az[0], m);
    zKey[m] = 0;
    int claimed = 0;
    const char *p = zClaims ? zClaims : "";
    while (*p) {
      size_t len = strcspn(p, ",");
      if (len == m && memcmp(p, zKey, m) == 0) claimed = 1;
      p += len + (p[len] == ',');
    }
    json_object_set_new(check, zKey, json_boolean(claimed));
  }
  const char *p = zClaims ? zClaims : "";
  while (*p && rc == 0) {
    size_t len = strcspn(p, ",");
    int known = 0;
    const char *k;
    json_t *v;
    json_object_foreach(check, k, v) known |= (strlen(k) == len && memcmp(k, p, len) == 0);
    if (!known) {
      rc = err_set(e, LUOSHI_EINVAL, "'%.*s' is no condition of rules/tolerance.tsv", (int)len, p);
    }
    p += len + (p[len] == ',');
  }
  char *zJson = json_dumps(check, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(check);
  if (rc == 0) {
    StoreRequest q = {0, itemId, "tolerance", NULL, a->unitId, NULL, zPeriod, zReason, zJson, 0};
    rc = store_request_add(s, a->zLogin, &q, pId, e);
  }
  free(zJson);
  return rc;
}

int request_decide(Store *s, const Actor *a, long long id, int approve, const char *zNote,
                   const char *zVerdict, Err *e) {
  if (auth_supervise(a, e)) return LUOSHI_EDENIED;
  StoreRequest r;
  Buf strings = BUF_INIT;
  int rc = store_request_get(s, id, &r, &strings, e);
  if (rc == 0 && approve && strcmp(r.zKind, "closeout") == 0) {
    if (!zVerdict || (strcmp(zVerdict, "achieved") && strcmp(zVerdict, "partly") &&
                      strcmp(zVerdict, "not achieved") && strcmp(zVerdict, "not verifiable"))) {
      rc = err_set(e, LUOSHI_EINVAL, "closing an item needs a verdict: achieved, partly, "
                                     "not achieved or not verifiable");
    }
  }
  if (rc == 0 && !approve && (!zNote || !*zNote)) {
    rc = err_set(e, LUOSHI_EINVAL, "a rejection needs a note saying why");
  }
  if (rc == 0) rc = field_check(zNote, FIELD_TEXT_MAX, FIELD_LINES, 0, "the note", e);
  if (rc == 0) rc = store_request_decide(s, a->zLogin, id, approve, zNote, zVerdict, e);
  buf_free(&strings);
  return rc;
}
