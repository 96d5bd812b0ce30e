/*
** Editing the ledger (台账) in the store (see store.h): items the office adds by hand, changes to
** an item's text, number and kind, renumbering an item with its cascade sub-items, and merging
** items into one. Each change is one transaction that also appends its audit entries, so a
** refused change (a number taken, an item already merged) leaves nothing behind. Who may edit
** is decided above the store (auth.h); this file checks only what the data allows.
*/
#include "store_internal.h"

#include "../base/buf.h"
#include "../base/mem.h"
#include "../extract/extract.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_MAX 60  /* bytes of an item number */

/* A number is 1..NUMBER_MAX bytes without blanks or control characters. */
static int check_number(const char *z, Err *e) {
  size_t n = strlen(z);
  int ok = n > 0 && n <= NUMBER_MAX;
  for (const unsigned char *p = (const unsigned char *)z; ok && *p; p++) ok = *p > ' ' && *p != 0x7f;
  return ok ? 0 : err_set(e, LUOSHI_EINVAL, "an item number is 1 to %d characters without blanks, "
                          "like 3-2-1, not '%s'", NUMBER_MAX, z);
}

static int check_text(const char *z, Err *e) {
  for (const char *p = z; *p; p++) {
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') return 0;
  }
  return err_set(e, LUOSHI_EINVAL, "an item's text may not be empty");
}

static int check_kind(const char *z, Err *e) {
  if (task_kind_from_name(z) >= 0) return 0;
  return err_set(e, LUOSHI_EINVAL, "a kind is one of other, deliverable, project, reform, "
                 "campaign, institution, support, target; not '%s'", z);
}

/* The item with this number in document docId, other than item notId; 0 when none. */
static long long number_holder(Store *s, long long docId, const char *zNumber, long long notId) {
  DbStmt *st;
  long long id = 0;
  if (db_prepare(s->db, "SELECT id FROM ledger_items WHERE doc_id=?1 AND number=?2 "
                 "AND id<>?3", &st) == DB_OK) {
    db_bind_int64(st, 1, docId);
    db_bind_text(st, 2, zNumber);
    db_bind_int64(st, 3, notId);
    if (db_step(st) == DB_ROW) id = db_column_int64(st, 0);
    db_finalize(st);
  }
  return id;
}

/* 0 when document docId has a ledger, LUOSHI_ENOTFOUND (or LUOSHI_EIO) otherwise. */
static int require_ledger(Store *s, long long docId, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db, "SELECT 1 FROM ledger_items WHERE doc_id=? LIMIT 1", &st)) {
    return sq_error(s, e, "adding an item");
  }
  db_bind_int64(st, 1, docId);
  int have = db_step(st) == DB_ROW;
  db_finalize(st);
  return have ? 0 : err_set(e, LUOSHI_ENOTFOUND, "document %lld has no ledger yet (luoshi "
                            "ledger create %lld)", docId, docId);
}

/* The next number after the ledger's last top-level item: the highest sequence in that item's
** group plus one (after 3-25 comes 3-26; after 十二-2, 十二-3), skipping numbers in use. */
static int next_number(Store *s, long long docId, char zOut[64], Err *e) {
  DbStmt *st;
  char zGroup[64] = "";
  if (db_prepare(s->db, "SELECT number FROM ledger_items WHERE doc_id=? AND "
                 "parent_id IS NULL ORDER BY id DESC LIMIT 1", &st)) {
    return sq_error(s, e, "numbering an item");
  }
  db_bind_int64(st, 1, docId);
  if (db_step(st) == DB_ROW) {
    snprintf(zGroup, sizeof zGroup, "%s", sq_col(st, 0));
  }
  db_finalize(st);
  char *zDash = strrchr(zGroup, '-');
  if (zDash) *zDash = 0;
  else snprintf(zGroup, sizeof zGroup, "0");  /* a number without a group: group 0 */
  size_t nGroup = strlen(zGroup);
  long long max = 0;
  if (db_prepare(s->db, "SELECT number FROM ledger_items WHERE doc_id=? AND "
                 "parent_id IS NULL", &st)) {
    return sq_error(s, e, "numbering an item");
  }
  db_bind_int64(st, 1, docId);
  while (db_step(st) == DB_ROW) {
    const char *z = sq_col(st, 0);   /* compared in bytes: groups may be 十二 */
    if (strncmp(z, zGroup, nGroup) != 0 || z[nGroup] != '-') continue;
    const char *zSeq = z + nGroup + 1;
    char *end;
    long long v = strtoll(zSeq, &end, 10);
    if (*zSeq >= '0' && *zSeq <= '9' && !*end && v > max && v < 1000000) max = v;
  }
  db_finalize(st);
  do {
    snprintf(zOut, 64, "%.40s-%lld", zGroup, ++max);  /* groups are short; 40 keeps it in 64 */
  } while (number_holder(s, docId, zOut, 0));
  return 0;
}

int store_item_add(Store *s, const char *zActor, long long docId, const StoreItem *it,
                   long long *pId, char zNumber[64], Err *e) {
  const char *zKind = it->zKind && *it->zKind ? it->zKind : "other";
  const char *zDeadline = it->zDeadline && *it->zDeadline ? it->zDeadline : NULL;
  if (check_text(it->zText, e) || check_kind(zKind, e)) return LUOSHI_EINVAL;
  if (it->zNumber && *it->zNumber && check_number(it->zNumber, e)) return LUOSHI_EINVAL;
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = require_ledger(s, docId, e);
  if (rc) {
    /* refused below */
  } else if (it->zNumber && *it->zNumber) {
    snprintf(zNumber, 64, "%s", it->zNumber);
    long long other = number_holder(s, docId, zNumber, 0);
    if (other) {
      rc = err_set(e, LUOSHI_ECONFLICT, "number %s is taken by item %lld of document %lld",
                   zNumber, other, docId);
    }
  } else {
    rc = next_number(s, docId, zNumber, e);
  }
  char zNow[32];
  sq_now(zNow);
  DbStmt *st = NULL;
  if (rc == 0 && db_prepare(s->db, "INSERT INTO ledger_items(doc_id,number,text,kind,"
                            "deadline,created_at) VALUES(?,?,?,?,?,?)", &st)) {
    rc = sq_error(s, e, "adding an item");
  }
  if (rc == 0) {
    db_bind_int64(st, 1, docId);
    db_bind_text(st, 2, zNumber);
    db_bind_text(st, 3, it->zText);
    db_bind_text(st, 4, zKind);
    if (zDeadline) db_bind_text(st, 5, zDeadline);
    db_bind_text(st, 6, zNow);
    if (db_step(st) != DB_DONE) rc = sq_error(s, e, "adding an item");
    else *pId = db_last_insert_id(s->db);
  }
  db_finalize(st);
  if (rc == 0) {
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s?}", "document", (json_int_t)docId, "number",
                          zNumber, "text", it->zText, "kind", zKind, "deadline", zDeadline);
    char *z = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    rc = sq_audit_append(s, zActor, "add", "item", *pId, NULL, z, e);
    free(z);
    json_decref(j);
  }
  return sq_finish(s, rc, e);
}

/* The item's editable fields as JSON, for the audit trail; NULL for an unknown item. */
static char *fields_json(Store *s, long long itemId, long long *pDocId) {
  DbStmt *st;
  char *z = NULL;
  if (db_prepare(s->db, "SELECT number, text, kind, doc_id FROM ledger_items WHERE id=?", &st) == DB_OK) {
    db_bind_int64(st, 1, itemId);
    if (db_step(st) == DB_ROW) {
      json_t *j = json_pack("{s:s, s:s, s:s}", "number", sq_col(st, 0), "text", sq_col(st, 1), "kind",
                            sq_col(st, 2));
      z = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
      json_decref(j);
      if (pDocId) *pDocId = db_column_int64(st, 3);
    }
    db_finalize(st);
  }
  return z;
}

int store_item_edit(Store *s, const char *zActor, long long itemId, const char *zText,
                    const char *zNumber, const char *zKind, Err *e) {
  if ((zText && check_text(zText, e)) || (zNumber && check_number(zNumber, e)) ||
      (zKind && check_kind(zKind, e))) {
    return LUOSHI_EINVAL;
  }
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  long long docId = 0, other = 0;
  char *zBefore = fields_json(s, itemId, &docId);
  if (!zBefore) rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  if (rc == 0 && zNumber && (other = number_holder(s, docId, zNumber, itemId)) != 0) {
    rc = err_set(e, LUOSHI_ECONFLICT, "number %s is taken by item %lld of document %lld",
                 zNumber, other, docId);
  }
  DbStmt *st = NULL;
  if (rc == 0 && db_prepare(s->db, "UPDATE ledger_items SET text=coalesce(?2,text), "
                            "number=coalesce(?3,number), kind=coalesce(?4,kind) "
                            "WHERE id=?1", &st)) {
    rc = sq_error(s, e, "editing an item");
  }
  if (rc == 0) {
    db_bind_int64(st, 1, itemId);
    if (zText) db_bind_text(st, 2, zText);
    if (zNumber) db_bind_text(st, 3, zNumber);
    if (zKind) db_bind_text(st, 4, zKind);
    if (db_step(st) != DB_DONE) rc = sq_error(s, e, "editing an item");
  }
  db_finalize(st);
  if (rc == 0) {
    char *zAfter = fields_json(s, itemId, NULL);
    rc = sq_audit_append(s, zActor, "edit", "item", itemId, zBefore, zAfter, e);
    free(zAfter);
  }
  free(zBefore);
  return sq_finish(s, rc, e);
}

int store_item_renumber(Store *s, const char *zActor, long long itemId, const char *zNumber,
                        Err *e) {
  if (check_number(zNumber, e)) return LUOSHI_EINVAL;
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  int rc = 0;
  DbStmt *st = NULL;
  /* The item and every item below it, with their numbers now and to be. */
  if (db_prepare(s->db,
          "WITH RECURSIVE tree(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM ledger_items c "
          "  JOIN tree t ON c.parent_id=t.id) "
          "SELECT i.id, i.doc_id, i.number FROM tree t JOIN ledger_items i ON i.id=t.id "
          "ORDER BY i.id=?1 DESC, i.number", &st)) {
    return sq_finish(s, sq_error(s, e, "renumbering an item"), e);
  }
  db_bind_int64(st, 1, itemId);
  json_t *before = json_array(), *after = json_array();
  long long *aId = NULL;
  size_t nId = 0, capId = 0;
  Buf numbers = BUF_INIT;   /* new numbers, NUL-separated, in the order of aId */
  char zOld[64] = "";
  long long docId = 0;
  int r;
  while ((r = db_step(st)) == DB_ROW) {
    long long id = db_column_int64(st, 0);
    const char *zNow = sq_col(st, 2);
    char zNew[160];
    if (nId == 0) {
      docId = db_column_int64(st, 1);
      snprintf(zOld, sizeof zOld, "%s", zNow);
      snprintf(zNew, sizeof zNew, "%s", zNumber);
    } else {
      size_t nOld = strlen(zOld);
      /* a sub-item numbered by hand outside the scheme keeps its number */
      if (strncmp(zNow, zOld, nOld) != 0 || zNow[nOld] != '-') continue;
      snprintf(zNew, sizeof zNew, "%s%s", zNumber, zNow + nOld);
    }
    if (nId == capId) {
      capId = capId ? 2 * capId : 16;
      aId = xrealloc(aId, capId * sizeof *aId);
    }
    aId[nId++] = id;
    buf_puts(&numbers, zNew);
    buf_putc(&numbers, 0);
    json_array_append_new(before, json_pack("{s:I, s:s}", "id", (json_int_t)id, "number", zNow));
    json_array_append_new(after, json_pack("{s:I, s:s}", "id", (json_int_t)id, "number", zNew));
  }
  if (r != DB_DONE && r != DB_ROW) rc = sq_error(s, e, "renumbering an item");
  db_finalize(st);
  if (rc == 0 && nId == 0) rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", itemId);
  /* A new number held by an item outside what moves is a conflict. */
  const char *zNew = numbers.a;
  for (size_t k = 0; rc == 0 && k < nId; k++, zNew += strlen(zNew) + 1) {
    if (check_number(zNew, e)) {
      rc = LUOSHI_EINVAL;
      break;
    }
    long long other = number_holder(s, docId, zNew, 0);
    int inside = 0;
    for (size_t j = 0; j < nId && other; j++) inside |= aId[j] == other;
    if (other && !inside) {
      rc = err_set(e, LUOSHI_ECONFLICT, "number %s is taken by item %lld of document %lld",
                   zNew, other, docId);
    }
  }
  /* Two passes, so that numbers swapped inside the subtree never collide on the way. */
  st = NULL;
  if (rc == 0 && db_prepare(s->db, "UPDATE ledger_items SET number=?2 WHERE id=?1", &st)) {
    rc = sq_error(s, e, "renumbering an item");
  }
  for (int pass = 0; rc == 0 && pass < 2; pass++) {
    zNew = numbers.a;
    for (size_t k = 0; rc == 0 && k < nId; k++, zNew += strlen(zNew) + 1) {
      char zTmp[48];
      snprintf(zTmp, sizeof zTmp, " renumbering %lld", aId[k]);  /* a blank: no real number */
      db_bind_int64(st, 1, aId[k]);
      db_bind_text_copy(st, 2, pass ? zNew : zTmp);
      if (db_step(st) != DB_DONE) rc = sq_error(s, e, "renumbering an item");
      db_reset(st);
    }
  }
  db_finalize(st);
  if (rc == 0) {
    char *zB = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
    char *zA = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
    rc = sq_audit_append(s, zActor, "renumber", "item", itemId, zB, zA, e);
    free(zB);
    free(zA);
  }
  json_decref(before);
  json_decref(after);
  free(aId);
  buf_free(&numbers);
  return sq_finish(s, rc, e);
}

/* Item id's document and what it is merged into (0: not merged). 0 or LUOSHI_ENOTFOUND. */
static int merge_state(Store *s, long long id, long long *pDocId, long long *pInto, Err *e) {
  DbStmt *st;
  if (db_prepare(s->db, "SELECT doc_id, coalesce(merged_into,0) FROM ledger_items "
                 "WHERE id=?", &st)) {
    return sq_error(s, e, "merging items");
  }
  db_bind_int64(st, 1, id);
  int rc = 0;
  if (db_step(st) == DB_ROW) {
    *pDocId = db_column_int64(st, 0);
    *pInto = db_column_int64(st, 1);
  } else {
    rc = err_set(e, LUOSHI_ENOTFOUND, "no ledger item %lld", id);
  }
  db_finalize(st);
  return rc;
}

int store_item_merge(Store *s, const char *zActor, long long keepId, const long long *aOther,
                     int n, Err *e) {
  if (n < 1) return err_set(e, LUOSHI_EINVAL, "name at least one item to merge");
  if (sq_exec(s, "BEGIN IMMEDIATE", e)) return LUOSHI_EIO;
  long long keepDoc = 0, into = 0;
  int rc = merge_state(s, keepId, &keepDoc, &into, e);
  if (rc == 0 && into) {
    rc = err_set(e, LUOSHI_EINVAL, "item %lld is merged into item %lld; merge into that one",
                 keepId, into);
  }
  for (int k = 0; rc == 0 && k < n; k++) {
    long long doc = 0;
    if (aOther[k] == keepId) {
      rc = err_set(e, LUOSHI_EINVAL, "item %lld cannot be merged into itself", keepId);
      break;
    }
    for (int j = 0; j < k; j++) {
      if (aOther[j] == aOther[k]) {
        rc = err_set(e, LUOSHI_EINVAL, "item %lld is named twice", aOther[k]);
      }
    }
    if (rc || (rc = merge_state(s, aOther[k], &doc, &into, e)) != 0) break;
    if (doc != keepDoc) {
      rc = err_set(e, LUOSHI_EINVAL, "item %lld is of document %lld, item %lld of document "
                   "%lld: only items of one document merge", aOther[k], doc, keepId, keepDoc);
    } else if (into) {
      rc = err_set(e, LUOSHI_ECONFLICT, "item %lld is merged into item %lld already", aOther[k],
                   into);
    }
  }
  DbStmt *st = NULL;
  if (rc == 0 && db_prepare(s->db, "UPDATE ledger_items SET merged_into=?2 WHERE id=?1", &st)) {
    rc = sq_error(s, e, "merging items");
  }
  for (int k = 0; rc == 0 && k < n; k++) {
    db_bind_int64(st, 1, aOther[k]);
    db_bind_int64(st, 2, keepId);
    if (db_step(st) != DB_DONE) rc = sq_error(s, e, "merging items");
    db_reset(st);
    if (rc == 0) {
      char zAfter[64];
      snprintf(zAfter, sizeof zAfter, "{\"merged_into\":%lld}", keepId);
      rc = sq_audit_append(s, zActor, "merge", "item", aOther[k], "{\"merged_into\":null}",
                           zAfter, e);
    }
  }
  db_finalize(st);
  return sq_finish(s, rc, e);
}
