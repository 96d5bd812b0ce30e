/*
** Bulletin notes in the store (see store.h): the good practice (经验做法) the supervision office
** writes for a period's bulletin (督查通报), one text per period (migration 021), which the
** bulletin page, its .docx and `luoshi bulletin` of that period read back.
**
** A change replaces the period's text in one transaction with an audit entry holding the text
** before and after; saving the text already stored writes nothing. Who may write and what a
** text may hold (its length, its characters) are decided in src/ledger/bulletin_notes.c, not
** here: this file only keeps what it is given.
*/
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

int store_bulletin_notes_get(Store *s, const char *zPeriod, StoreBulletinNotes *p,
                             Buf *pStrings, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db,
                 "SELECT notes, updated_by, updated_at FROM bulletin_notes WHERE period=?1",
                 &st)) {
    return sq_error(s, e, "reading a bulletin's notes");
  }
  db_bind_text(st, 1, zPeriod);
  int step = db_step(st);
  /* Offsets first: pStrings may move while it grows. */
  size_t aOff[3];
  for (int i = 0; i < 3; i++) {
    aOff[i] = pStrings->n;
    buf_puts(pStrings, step == DB_ROW ? sq_col(st, i) : "");
    buf_putc(pStrings, 0);
  }
  db_finalize(st);
  if (step != DB_ROW && step != DB_DONE) return sq_error(s, e, "reading a bulletin's notes");
  p->zPeriod = zPeriod;
  p->zNotes = pStrings->a + aOff[0];
  p->zUpdatedBy = pStrings->a + aOff[1];
  p->zUpdatedAt = pStrings->a + aOff[2];
  return 0;
}

/* {"period", "notes"} as the audit chain records it; the caller frees the text. */
static char *notes_json(const char *zPeriod, const char *zNotes) {
  json_t *j = json_pack("{s:s, s:s}", "period", zPeriod, "notes", zNotes);
  char *z = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  json_decref(j);
  return z;
}

int store_bulletin_notes_set(Store *s, const char *zActor, const char *zPeriod,
                             const char *zNotes, int *pbChanged, Err *e) {
  static const char zWhat[] = "saving a bulletin's notes";
  if (pbChanged) *pbChanged = 0;
  DbStmt *st;
  if (sq_begin(s, "SELECT id, notes FROM bulletin_notes WHERE period=?1", &st, zWhat, e)) {
    return LUOSHI_EIO;
  }
  db_bind_text(st, 1, zPeriod);
  int step = db_step(st);
  long long id = step == DB_ROW ? db_column_int64(st, 0) : 0;
  char *zBefore = step == DB_ROW ? notes_json(zPeriod, sq_col(st, 1)) : NULL;
  int bSame = step == DB_ROW && strcmp(sq_col(st, 1), zNotes) == 0;
  db_finalize(st);
  int rc = step == DB_ROW || step == DB_DONE ? 0 : sq_error(s, e, zWhat);
  char *zAfter = NULL;
  if (rc == 0 && !bSame) {
    char zNow[32];
    sq_now(zNow);
    if (db_prepare(s->db,
                   id ? "UPDATE bulletin_notes SET notes=?2, updated_by=?3, updated_at=?4 "
                        "WHERE period=?1"
                      : "INSERT INTO bulletin_notes(period, notes, updated_by, updated_at) "
                        "VALUES(?1, ?2, ?3, ?4)",
                   &st)) {
      rc = sq_error(s, e, zWhat);
    } else {
      db_bind_text(st, 1, zPeriod);
      db_bind_text(st, 2, zNotes);
      db_bind_text(st, 3, zActor);
      db_bind_text(st, 4, zNow);
      step = db_step(st);
      db_finalize(st);
      if (step != DB_DONE) rc = sq_error(s, e, zWhat);
    }
    if (rc == 0 && !id) id = db_last_insert_id(s->db);
    zAfter = rc == 0 ? notes_json(zPeriod, zNotes) : NULL;
    if (rc == 0 && !zAfter) rc = err_set(e, LUOSHI_EINVAL, "the notes of %s are not text", zPeriod);
    if (rc == 0) rc = sq_audit_append(s, zActor, "notes", "bulletin", id, zBefore, zAfter, e);
    if (rc == 0 && pbChanged) *pbChanged = 1;
  }
  free(zBefore);
  free(zAfter);
  return sq_finish(s, rc, e);
}
