/*
** Cascade: splitting items and rolling progress up (see cascade.h).
*/
#include "cascade.h"

#include "../base/buf.h"
#include "../base/mem.h"

#include <stdlib.h>
#include <string.h>

int cascade_split(Store *s, const Actor *a, long long itemId, const char *const *azUnit,
                  const double *aWeight, int n, Err *e) {
  if (n < 1 || n > 64) return err_set(e, LUOSHI_EINVAL, "split an item among 1 to 64 units");
  int rc = auth_item_report(s, a, itemId, e);
  if (rc) return rc;
  long long aUnit[64];
  for (int k = 0; k < n; k++) {
    rc = store_unit_find(s, azUnit[k], &aUnit[k], e);
    if (rc) return rc;
    if (aWeight && !(aWeight[k] > 0 && aWeight[k] <= 1000)) {
      return err_set(e, LUOSHI_EINVAL, "a weight is a number above 0 and at most 1000");
    }
    int yes = a->role != ROLE_REPORTER;
    if (!yes) yes = store_unit_within(s, aUnit[k], a->unitId);
    if (yes == 0) yes = store_item_cooperates(s, itemId, aUnit[k]);
    if (yes < 0) return err_set(e, LUOSHI_EIO, "database: the unit tree could not be read");
    if (!yes) {
      return err_set(e, LUOSHI_EDENIED, "%s may split item %lld only to units below theirs or "
                                        "cooperating on it, not to %s", a->zLogin, itemId,
                     azUnit[k]);
    }
  }
  return store_item_split(s, a->zLogin, itemId, aUnit, aWeight, n, e);
}

typedef struct Read {
  CascadeTree *t;
  size_t cap;
  Buf *strings;
  size_t *aOff;          /* per node: offsets of number, status, unit, text */
} Read;

static int on_node(void *ctx, const StoreNode *node) {
  Read *r = ctx;
  CascadeTree *t = r->t;
  MEM_GROW(t->a, r->cap, (size_t)t->n + 1);
  r->aOff = xrealloc(r->aOff, sizeof(size_t) * 4 * (size_t)(t->n + 1));
  CascadeNode *c = &t->a[t->n];
  memset(c, 0, sizeof *c);
  c->n = *node;
  const char *az[4] = {node->zNumber, node->zStatus, node->zLeadUnit, node->zText};
  for (int k = 0; k < 4; k++) {
    r->aOff[4 * t->n + k] = r->strings->n;
    buf_puts(r->strings, az[k]);
    buf_putc(r->strings, 0);
  }
  t->n++;
  return 0;
}

/* Roll up the node at index i; returns its rolled progress. */
static int roll(CascadeTree *t, int i, int depth) {
  CascadeNode *c = &t->a[i];
  double sum = 0, weights = 0;
  for (int k = 0; k < t->n && depth < 32; k++) {
    if (t->a[k].n.parentId == c->n.id && k != i) {
      int p = roll(t, k, depth + 1);
      sum += p * t->a[k].n.weight;
      weights += t->a[k].n.weight;
      c->nChild++;
    }
  }
  if (c->nChild && weights > 0) c->rolled = (int)(sum / weights + 0.5);
  else c->rolled = c->n.progress < 0 ? 0 : c->n.progress;
  for (int k = 0; k < t->n; k++) {
    if (t->a[k].n.parentId == c->n.id && k != i) t->a[k].holdsBack = t->a[k].rolled < c->rolled;
  }
  return c->rolled;
}

int cascade_tree(Store *s, long long itemId, CascadeTree *t, Err *e) {
  memset(t, 0, sizeof *t);
  Buf *strings = xcalloc(1, sizeof(Buf));
  Read r = {t, 0, strings, NULL};
  int rc = store_item_subtree(s, itemId, on_node, &r, e);
  for (int i = 0; i < t->n; i++) {
    t->a[i].n.zNumber = strings->a + r.aOff[4 * i];
    t->a[i].n.zStatus = strings->a + r.aOff[4 * i + 1];
    t->a[i].n.zLeadUnit = strings->a + r.aOff[4 * i + 2];
    t->a[i].n.zText = strings->a + r.aOff[4 * i + 3];
  }
  free(r.aOff);
  t->pStrings = strings;
  if (rc == 0) {
    /* the root is the node at depth 0 */
    for (int i = 0; i < t->n; i++) {
      if (t->a[i].n.depth == 0) roll(t, i, 0);
    }
  }
  return rc;
}

void cascade_tree_free(CascadeTree *t) {
  free(t->a);
  if (t->pStrings) {
    buf_free(t->pStrings);
    free(t->pStrings);
  }
  memset(t, 0, sizeof *t);
}
