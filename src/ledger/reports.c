/*
** Reports: filing, evidence, submission and review (see reports.h).
*/
#include "reports.h"

#include "../base/buf.h"
#include "fields.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <string.h>

int report_period_ok(const char *z) {
  size_t n = strlen(z);
  if (n < 6) return 0;
  for (int i = 0; i < 4; i++) {
    if (!isdigit((unsigned char)z[i])) return 0;
  }
  if (n == 7 && z[4] == '-' && isdigit((unsigned char)z[5]) && isdigit((unsigned char)z[6])) {
    int m = (z[5] - '0') * 10 + (z[6] - '0');
    return m >= 1 && m <= 12;
  }
  return n == 6 && z[4] == 'Q' && z[5] >= '1' && z[5] <= '4';
}

/* The report's item, after checking that a may act on it. */
static int report_item(Store *s, const Actor *a, long long id, StoreReport *r, Buf *strings,
                       Err *e) {
  int rcGet = store_report_get(s, id, r, strings, e);
  if (rcGet) return rcGet;
  return auth_item_report(s, a, r->itemId, e);
}

int report_file(Store *s, const Actor *a, StoreReport *r, long long *pId, Err *e) {
  if (!report_period_ok(r->zPeriod)) {
    return err_set(e, LUOSHI_EINVAL, "'%s' is not a period: write 2019-03 or 2019Q1", r->zPeriod);
  }
  if (r->progress < 0 || r->progress > 100) {
    return err_set(e, LUOSHI_EINVAL, "progress is a percentage from 0 to 100, not %d",
                   r->progress);
  }
  int rc = field_check(r->zDone, REPORT_TEXT_MAX, FIELD_LINES, 0, "what was done", e);
  if (rc == 0) rc = field_check(r->zProblems, REPORT_TEXT_MAX, FIELD_LINES, 0, "the problems", e);
  if (rc == 0) rc = field_check(r->zNext, REPORT_TEXT_MAX, FIELD_LINES, 0, "the next steps", e);
  if (rc == 0) rc = auth_item_report(s, a, r->itemId, e);
  if (rc) return rc;
  long long lead = 0;
  store_item_get(s, r->itemId, &lead, e);
  r->unitId = a->role == ROLE_REPORTER ? a->unitId : lead;
  return store_report_save(s, a->zLogin, r, pId, e);
}

int report_attach_data(Store *s, const Actor *a, long long id, const char *zName,
                       const void *pData, size_t nByte, Err *e) {
  StoreReport r;
  Buf strings = BUF_INIT;
  int rc = report_item(s, a, id, &r, &strings, e);
  buf_free(&strings);
  if (rc) return rc;
  /* the name without any directory (a browser may send C:\fakepath\x.pdf) */
  for (const char *z = zName; *z; z++) {
    if (*z == '/' || *z == '\\') zName = z + 1;
  }
  if (!*zName) zName = "evidence";
  if (nByte > REPORT_EVIDENCE_MAX) {
    return err_set(e, LUOSHI_ETOOBIG, "%s is larger than %zu MB, the limit for evidence", zName,
                   REPORT_EVIDENCE_MAX >> 20);
  }
  rc = field_check(zName, 255, FIELD_ONE_LINE, 1, "the file name", e);
  if (rc) return rc;
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, pData, nByte);
  char zHex[65];
  sodium_bin2hex(zHex, sizeof zHex, h, sizeof h);
  return store_evidence_add(s, a->zLogin, id, zName, pData, nByte, zHex, e);
}

int report_attach(Store *s, const Actor *a, long long id, const char *zPath, Err *e) {
  Buf data = BUF_INIT;
  if (buf_read_file(&data, zPath, REPORT_EVIDENCE_MAX) != 0) {
    int err = errno;
    buf_free(&data);
    if (err == EFBIG) {
      return err_set(e, LUOSHI_ETOOBIG, "%s is larger than %zu MB, the limit for evidence", zPath,
                     REPORT_EVIDENCE_MAX >> 20);
    }
    return err_set(e, LUOSHI_EIO, "%s: %s", zPath, strerror(err));
  }
  int rc = report_attach_data(s, a, id, zPath, buf_str(&data), data.n, e);
  buf_free(&data);
  return rc;
}

int report_submit(Store *s, const Actor *a, long long id, Err *e) {
  StoreReport r;
  Buf strings = BUF_INIT;
  int rc = report_item(s, a, id, &r, &strings, e);
  buf_free(&strings);
  if (rc) return rc;
  return store_report_move(s, a->zLogin, id, "draft", "returned", "submitted", NULL, e);
}

int report_accept(Store *s, const Actor *a, long long id, Err *e) {
  if (auth_supervise(a, e)) return LUOSHI_EDENIED;
  return store_report_move(s, a->zLogin, id, "submitted", NULL, "accepted", NULL, e);
}

int report_return(Store *s, const Actor *a, long long id, const char *zReason, Err *e) {
  if (auth_supervise(a, e)) return LUOSHI_EDENIED;
  if (!zReason || !*zReason) return err_set(e, LUOSHI_EINVAL, "a returned report needs a reason");
  int rc = field_check(zReason, REPORT_TEXT_MAX, FIELD_LINES, 1, "the reason", e);
  if (rc) return rc;
  return store_report_move(s, a->zLogin, id, "submitted", NULL, "returned", zReason, e);
}
