/* Bulletin notes (经验做法): see bulletin_notes.h. */
#include "bulletin_notes.h"

#include "assess.h"
#include "fields.h"

#include "../base/mem.h"

#include <stdlib.h>
#include <string.h>

static int utf8_cjk_end(const Buf *b) {
  /* the last character is 3 bytes or more (CJK text, full-width punctuation) */
  return b->n >= 3 && ((unsigned char)b->a[b->n - 3] & 0xF0) >= 0xE0;
}

json_t *bulletin_notes(const char *zNotes) {
  json_t *a = json_array();
  if (!zNotes) return a;
  Buf para = BUF_INIT;
  const char *z = zNotes;
  for (;;) {
    const char *zEnd = z + strcspn(z, "\n");
    const char *s = z, *t = zEnd;
    while (s < t && (*s == ' ' || *s == '\t' || *s == '\r')) s++;
    while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r')) t--;
    /* a full-width space (U+3000) at the line's start is the author's indent: drop it */
    while (t - s >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) s += 3;
    if (s == t) {
      if (para.n) json_array_append_new(a, json_string(buf_str(&para)));
      buf_reset(&para);
    } else {
      if (para.n && !utf8_cjk_end(&para) && ((unsigned char)*s & 0x80) == 0) buf_putc(&para, ' ');
      buf_append(&para, s, (size_t)(t - s));
    }
    if (!*zEnd) break;
    z = zEnd + 1;
  }
  if (para.n) json_array_append_new(a, json_string(buf_str(&para)));
  buf_free(&para);
  /* a paragraph that is not valid UTF-8 was refused by json_string: nothing appended */
  return a;
}

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
