/* Bulletin notes (经验做法): see bulletin_notes.h. */
#include "bulletin_notes.h"

#include "assess.h"
#include "bulletin.h"
#include "fields.h"

#include "../base/mem.h"

#include <stdlib.h>
#include <string.h>

int bulletin_notes_load(Store *s, const char *zPeriod, json_t **pNotes, Err *e) {
  *pNotes = NULL;
  AssessPeriod p;
  if (assess_period_parse(zPeriod, &p, e)) return LUOSHI_EINVAL;
  StoreBulletinNotes n;
  Buf strings = BUF_INIT;
  int rc = store_bulletin_notes_get(s, p.zName, &n, &strings, e);
  if (rc == 0) *pNotes = bulletin_notes(n.zNotes);
  buf_free(&strings);
  return rc;
}

int bulletin_notes_save(Store *s, const Actor *a, const char *zPeriod, const char *zText,
                        int *pbChanged, Err *e) {
  if (pbChanged) *pbChanged = 0;
  int rc = 0;
  if (auth_supervise(a, NULL)) {
    rc = err_set(e, LUOSHI_EDENIED, "%s may not write a bulletin's good practice notes: only "
                 "supervisors and admins may", a->zLogin);
  }
  AssessPeriod p;
  if (rc == 0) rc = assess_period_parse(zPeriod, &p, e);
  if (rc == 0) {
    rc = field_check(zText, BULLETIN_NOTES_MAX, FIELD_LINES, 0, "the good practice notes", e);
  }
  if (rc) return rc;
  /* CR LF (a browser's textarea) and LF (a file) are the same text: keep LF */
  size_t n = zText ? strlen(zText) : 0;
  char *z = xmalloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (zText[i] == '\r' && zText[i + 1] == '\n') continue;
    z[k++] = zText[i];
  }
  z[k] = 0;
  rc = store_bulletin_notes_set(s, a->zLogin, p.zName, z, pbChanged, e);
  free(z);
  return rc;
}
