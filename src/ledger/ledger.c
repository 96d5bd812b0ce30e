/*
** Ledger: items from tasks (see ledger.h).
*/
#include "ledger.h"

#include "../base/buf.h"
#include "../base/mem.h"
#include "deadline.h"
#include "unit_names.h"

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
  UnitNames *pNames;      /* the unit tree's names, read once */
  StoreItem *a;
  size_t n, cap;
  Buf strings;            /* the items' strings, NUL-separated; offsets until the end */
  size_t *aOff;           /* per item: offsets of number, text, kind, deadline, leader in
                          ** strings (B_NOFF of them) */
  size_t *aNumSlot;       /* the items' numbers as a hash set: item index + 1, 0 for empty */
  size_t nNumSlot;        /* slots, a power of two, at most half full */
  size_t *aParentOf;      /* per item: index + 1 of the item its kept number is under (3-1 for
                          ** 3-1-2), 0 for none */
  int nChild;             /* items with one */
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
static long long first_known_unit(const Build *b, const char *zNames) {
  json_t *a = json_loads(zNames, 0, NULL);
  long long id = 0;
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) {
    if (json_is_string(v) && (id = unit_names_find(b->pNames, json_string_value(v))) != 0) break;
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
    if (!z || !*z) continue;
    long long id = unit_names_find(b->pNames, z);
    if (id <= 0) {
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

enum { B_NOFF = 5 };

static size_t number_hash(const char *z) {
  size_t h = 2166136261u;
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 16777619u;
  return h;
}

/* The slot of b->aNumSlot holding zNumber, or the empty slot where it would go. */
static size_t *number_slot(const Build *b, const char *zNumber) {
  size_t i = number_hash(zNumber) & (b->nNumSlot - 1);
  while (b->aNumSlot[i] &&
         strcmp(b->strings.a + b->aOff[B_NOFF * (b->aNumSlot[i] - 1)], zNumber) != 0) {
    i = (i + 1) & (b->nNumSlot - 1);
  }
  return &b->aNumSlot[i];
}

/* Is zNumber the number of an item built so far? */
static int number_taken(const Build *b, const char *zNumber) {
  return b->nNumSlot && *number_slot(b, zNumber) != 0;
}

/* Record the number of item b->n (its offset set) in the set, growing it to stay half empty. */
static void number_add(Build *b) {
  if (2 * (b->n + 1) > b->nNumSlot) {
    b->nNumSlot = b->nNumSlot ? 2 * b->nNumSlot : 64;
    free(b->aNumSlot);
    b->aNumSlot = xmalloc(sizeof(size_t) * b->nNumSlot);
    memset(b->aNumSlot, 0, sizeof(size_t) * b->nNumSlot);
    for (size_t i = 0; i < b->n; i++) {
      *number_slot(b, b->strings.a + b->aOff[B_NOFF * i]) = i + 1;
    }
  }
  *number_slot(b, b->strings.a + b->aOff[B_NOFF * b->n]) = b->n + 1;
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
  b->aOff = xrealloc(b->aOff, sizeof(size_t) * B_NOFF * (b->n + 1));
  b->aRecurrence = xrealloc(b->aRecurrence, sizeof b->aRecurrence[0] * (b->n + 1));
  b->aParentOf = xrealloc(b->aParentOf, sizeof(size_t) * (b->n + 1));
  b->aParentOf[b->n] = 0;
  StoreItem *it = &b->a[b->n];
  memset(it, 0, sizeof *it);
  it->taskId = r->id;
  it->measure = r->measure;
  it->leadUnitId = first_known_unit(b, r->zLead);
  /* "支持德阳打造…": the place supported acts, so its government leads */
  if (!it->leadUnitId && r->zActor && strcmp(r->zKind, "support") == 0) {
    it->leadUnitId = unit_names_find(b->pNames, r->zActor);
  }
  if (!it->leadUnitId) it->leadUnitId = first_known_unit(b, r->zSuggested);
  if (!it->leadUnitId) b->nUnassigned++;
  b->aCoopAt = xrealloc(b->aCoopAt, sizeof(size_t) * 2 * (b->n + 1));
  b->aCoopAt[2 * b->n] = b->nCoop;
  cooperating_units(b, r->zCooperating, it->leadUnitId);
  b->aCoopAt[2 * b->n + 1] = b->nCoop - b->aCoopAt[2 * b->n];
  size_t *off = &b->aOff[B_NOFF * b->n];
  /* a table row numbered the office's way (3-1, 十二-4, 3-1-2) keeps its number */
  int bKeep = r->zNumber && strchr(r->zNumber, '-') && strlen(r->zNumber) < 64 &&
              !number_taken(b, r->zNumber);
  char zNumber[96];
  if (bKeep) {
    snprintf(zNumber, sizeof zNumber, "%s", r->zNumber);
  } else {
    do {
      snprintf(zNumber, sizeof zNumber, "%s-%d", g->zName, ++g->seq);
    } while (number_taken(b, zNumber));
  }
  off[0] = b->strings.n;
  buf_puts(&b->strings, zNumber);
  buf_putc(&b->strings, 0);
  number_add(b);
  /* a kept 3-1-2 under an item 3-1 before it: a sub-item of that item, as split */
  char *zDash = bKeep ? strrchr(zNumber, '-') : NULL;
  if (zDash && zDash != strchr(zNumber, '-')) {
    *zDash = 0;
    size_t parent = number_taken(b, zNumber) ? *number_slot(b, zNumber) : 0;
    if (parent) {
      b->aParentOf[b->n] = parent;
      b->nChild++;
    }
  }
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
  off[4] = b->strings.n;
  buf_puts(&b->strings, r->zLeader ? r->zLeader : "");
  buf_putc(&b->strings, 0);
  b->n++;
  return 0;
}

/* After the insert: the new items' ids, to give those of recurring tasks their recurrence,
** those with cooperating units these, and sub-items their parent once the listing is over
** (aId[i] for b->a[i]; 0 for an item that needs none of it). */
typedef struct Recur {
  Build *b;
  long long *aId;
} Recur;

static int on_new_item(void *ctx, const StoreItem *it) {
  Recur *p = ctx;
  /* b->a is in task order (store_task_list lists by id), one item a task */
  size_t lo = 0, hi = p->b->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (p->b->a[mid].taskId < it->taskId) lo = mid + 1;
    else hi = mid;
  }
  if (lo < p->b->n && p->b->a[lo].taskId == it->taskId) p->aId[lo] = it->id;
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
  /* one transaction: the items, then their recurrences, cooperating units and parents */
  int rc = store_batch_begin(s, e);
  int bBatch = rc == 0;
  if (rc == 0) rc = unit_names_load(s, &b.pNames, e);
  if (rc == 0) rc = store_task_list(s, docId, NULL, on_task, &b, e);
  if (rc == 0) {
    for (size_t i = 0; i < b.n; i++) {
      b.a[i].zNumber = b.strings.a + b.aOff[B_NOFF * i];
      b.a[i].zText = b.strings.a + b.aOff[B_NOFF * i + 1];
      b.a[i].zKind = b.strings.a + b.aOff[B_NOFF * i + 2];
      b.a[i].zDeadline = b.strings.a + b.aOff[B_NOFF * i + 3];
      b.a[i].zLeader = b.strings.a + b.aOff[B_NOFF * i + 4];
    }
    rc = store_ledger_insert(s, zActor, docId, b.a, (int)b.n, e);
  }
  if (rc == 0 && (b.nRecurring || b.nCoop || b.nChild)) {
    Recur rec = {&b, xmalloc(sizeof(long long) * b.n)};
    memset(rec.aId, 0, sizeof(long long) * b.n);
    LedgerFilter f = {0};
    f.docId = docId;
    f.all = 1;
    rc = store_ledger_list(s, &f, on_new_item, &rec, e);
    for (size_t i = 0; rc == 0 && i < b.n; i++) {
      if (!rec.aId[i]) continue;
      if (b.aParentOf[i] && rec.aId[b.aParentOf[i] - 1]) {
        rc = store_item_parent_set(s, zActor, rec.aId[i], rec.aId[b.aParentOf[i] - 1], e);
      }
      if (rc == 0 && b.aRecurrence[i][0]) {
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
  free(b.aNumSlot);
  free(b.aParentOf);
  free(b.aRecurrence);
  free(b.aGroup);
  buf_free(&b.strings);
  unit_names_free(b.pNames);
  return rc;
}
