/*
** Ledger: items from tasks (see ledger.h).
*/
#include "ledger.h"

#include "../base/buf.h"
#include "../base/mem.h"
#include "deadline.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A numbering group and the items numbered in it so far. A document can come back to a group
** (a notice's measures, then its attached plan's restarting at 1), so counts are kept for all. */
typedef struct Group {
  char zName[64];
  int seq;
} Group;

typedef struct Build {
  Store *s;
  StoreItem *a;
  size_t n, cap;
  Buf strings;            /* the items' strings, NUL-separated; offsets until the end */
  size_t *aOff;           /* per item: offsets of number, text, kind, deadline in strings */
  char (*aRecurrence)[16]; /* per item: its recurrence (每季度末 -> quarter), "" for none */
  int nRecurring;         /* items with one */
  Group *aGroup;          /* the numbering groups met so far (measure or section) */
  size_t nGroup, capGroup;
  int nUnassigned;
  long long *aCoop;       /* the items' cooperating units, item after item */
  size_t nCoop, capCoop;
  size_t *aCoopAt;        /* per item: where its cooperating units begin in aCoop, and how many */
  int nCoopUnmatched;     /* cooperating unit names that matched no unit */
} Build;

/* The unit for the first name of JSON array zNames that the unit tree knows, or 0. */
static long long first_known_unit(Store *s, const char *zNames) {
  json_t *a = json_loads(zNames, 0, NULL);
  long long id = 0;
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) {
    Err e;
    err_clear(&e);
    if (json_is_string(v) && store_unit_find(s, json_string_value(v), &id, &e) == 0) break;
    id = 0;
  }
  json_decref(a);
  return id;
}

/* Append to b->aCoop the units of the cooperating names of JSON array zNames (配合单位 of a
** task-division table row) that the unit tree knows, each once and not the lead itself; count
** the names that match no unit. */
static void cooperating_units(Build *b, const char *zNames, long long leadId) {
  json_t *a = zNames ? json_loads(zNames, 0, NULL) : NULL;
  size_t first = b->nCoop, i;
  json_t *v;
  json_array_foreach(a, i, v) {
    const char *z = json_string_value(v);
    long long id = 0;
    Err e;
    err_clear(&e);
    if (!z || !*z) continue;
    if (store_unit_find(b->s, z, &id, &e) != 0 || id <= 0) {
      b->nCoopUnmatched++;
      continue;
    }
    int seen = id == leadId;
    for (size_t k = first; k < b->nCoop && !seen; k++) seen = b->aCoop[k] == id;
    if (seen || b->nCoop - first >= 32) continue;
    MEM_GROW(b->aCoop, b->capCoop, b->nCoop + 1);
    b->aCoop[b->nCoop++] = id;
  }
  json_decref(a);
}

static int on_task(void *ctx, const StoreTaskRow *r) {
  Build *b = ctx;
  char zGroup[64];
  if (r->measure) snprintf(zGroup, sizeof zGroup, "%d", r->measure);
  else if (r->zSection) snprintf(zGroup, sizeof zGroup, "%s", r->zSection);
  else snprintf(zGroup, sizeof zGroup, "0");
  Group *g = NULL;
  for (size_t k = b->nGroup; k > 0 && !g; k--) {
    if (strcmp(b->aGroup[k - 1].zName, zGroup) == 0) g = &b->aGroup[k - 1];
  }
  if (!g) {
    MEM_GROW(b->aGroup, b->capGroup, b->nGroup + 1);
    g = &b->aGroup[b->nGroup++];
    snprintf(g->zName, sizeof g->zName, "%s", zGroup);
    g->seq = 0;
  }
  MEM_GROW(b->a, b->cap, b->n + 1);
  b->aOff = xrealloc(b->aOff, sizeof(size_t) * 4 * (b->n + 1));
  b->aRecurrence = xrealloc(b->aRecurrence, sizeof b->aRecurrence[0] * (b->n + 1));
  StoreItem *it = &b->a[b->n];
  memset(it, 0, sizeof *it);
  it->taskId = r->id;
  it->measure = r->measure;
  it->leadUnitId = first_known_unit(b->s, r->zLead);
  /* "支持德阳打造…": the place supported acts, so its government leads */
  if (!it->leadUnitId && r->zActor && strcmp(r->zKind, "support") == 0) {
    Err e;
    err_clear(&e);
    if (store_unit_find(b->s, r->zActor, &it->leadUnitId, &e)) it->leadUnitId = 0;
  }
  if (!it->leadUnitId) it->leadUnitId = first_known_unit(b->s, r->zSuggested);
  if (!it->leadUnitId) b->nUnassigned++;
  b->aCoopAt = xrealloc(b->aCoopAt, sizeof(size_t) * 2 * (b->n + 1));
  b->aCoopAt[2 * b->n] = b->nCoop;
  cooperating_units(b, r->zCooperating, it->leadUnitId);
  b->aCoopAt[2 * b->n + 1] = b->nCoop - b->aCoopAt[2 * b->n];
  size_t *off = &b->aOff[4 * b->n];
  off[0] = b->strings.n;
  buf_printf(&b->strings, "%s-%d", g->zName, ++g->seq);
  buf_putc(&b->strings, 0);
  off[1] = b->strings.n;
  buf_puts(&b->strings, r->zText);
  buf_putc(&b->strings, 0);
  off[2] = b->strings.n;
  buf_puts(&b->strings, r->zKind);
  buf_putc(&b->strings, 0);
  off[3] = b->strings.n;
  /* a table row's written deadline gives month and day, or a recurrence (每季度末: no single
  ** date then); a sentence's, its year */
  char zDeadline[11];
  if (deadline_recurrence_from_text(r->zDeadlineText, b->aRecurrence[b->n])) b->nRecurring++;
  else if (deadline_from_text(r->zDeadlineText, zDeadline)) buf_puts(&b->strings, zDeadline);
  else if (r->deadline) buf_printf(&b->strings, "%04d-12-31", r->deadline);
  buf_putc(&b->strings, 0);
  b->n++;
  return 0;
}

/* After the insert: the new items' ids, to give those of recurring tasks their recurrence and
** those with cooperating units these once the listing is over (aId[i] for b->a[i]; 0 for an
** item that needs neither). */
typedef struct Recur {
  Build *b;
  long long *aId;
} Recur;

static int on_new_item(void *ctx, const StoreItem *it) {
  Recur *p = ctx;
  for (size_t i = 0; i < p->b->n; i++) {
    if (p->b->a[i].taskId == it->taskId &&
        (p->b->aRecurrence[i][0] || p->b->aCoopAt[2 * i + 1])) {
      p->aId[i] = it->id;
    }
  }
  return 0;
}

int ledger_create(Store *s, const char *zActor, long long docId, int *pnItem, int *pnUnassigned,
                  Err *e) {
  int nCoopUnmatched;
  return ledger_create_ex(s, zActor, docId, pnItem, pnUnassigned, &nCoopUnmatched, e);
}

int ledger_create_ex(Store *s, const char *zActor, long long docId, int *pnItem,
                     int *pnUnassigned, int *pnCoopUnmatched, Err *e) {
  Build b;
  memset(&b, 0, sizeof b);
  b.s = s;
  /* one transaction: the items, then their recurrences and cooperating units */
  int rc = store_batch_begin(s, e);
  int bBatch = rc == 0;
  if (rc == 0) rc = store_task_list(s, docId, NULL, on_task, &b, e);
  if (rc == 0) {
    for (size_t i = 0; i < b.n; i++) {
      b.a[i].zNumber = b.strings.a + b.aOff[4 * i];
      b.a[i].zText = b.strings.a + b.aOff[4 * i + 1];
      b.a[i].zKind = b.strings.a + b.aOff[4 * i + 2];
      b.a[i].zDeadline = b.strings.a + b.aOff[4 * i + 3];
    }
    rc = store_ledger_insert(s, zActor, docId, b.a, (int)b.n, e);
  }
  if (rc == 0 && (b.nRecurring || b.nCoop)) {
    Recur rec = {&b, xmalloc(sizeof(long long) * b.n)};
    memset(rec.aId, 0, sizeof(long long) * b.n);
    LedgerFilter f = {0};
    f.docId = docId;
    f.all = 1;
    rc = store_ledger_list(s, &f, on_new_item, &rec, e);
    for (size_t i = 0; rc == 0 && i < b.n; i++) {
      if (!rec.aId[i]) continue;
      if (b.aRecurrence[i][0]) {
        rc = store_item_recurrence_set(s, zActor, rec.aId[i], b.aRecurrence[i], e);
      }
      if (rc == 0 && b.aCoopAt[2 * i + 1]) {
        StoreAssignment as = {NULL, 0, NULL, b.aCoop + b.aCoopAt[2 * i],
                              (int)b.aCoopAt[2 * i + 1]};
        rc = store_item_assign(s, zActor, rec.aId[i], &as, e);
      }
    }
    free(rec.aId);
  }
  if (bBatch) rc = store_batch_end(s, rc, e);
  *pnItem = (int)b.n;
  *pnUnassigned = b.nUnassigned;
  *pnCoopUnmatched = b.nCoopUnmatched;
  free(b.a);
  free(b.aCoop);
  free(b.aCoopAt);
  free(b.aOff);
  free(b.aRecurrence);
  free(b.aGroup);
  buf_free(&b.strings);
  return rc;
}
