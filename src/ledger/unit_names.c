/*
** Unit names: written names to unit ids from one read of the tree (see unit_names.h).
**
** Every name, code and short name of every unit is an entry (key, rank, id), rank 0 for a
** unit's own name and 1 for the other forms; the entries are sorted by key, then rank, then id,
** so the first entry of a key is store_unit_find's answer for it.
*/
#include "unit_names.h"

#include "../base/mem.h"

#include <stdlib.h>
#include <string.h>

typedef struct Entry {
  const char *zKey;   /* in the arena */
  int rank;           /* 0: the unit's name; 1: its division code or a short name */
  long long id;
} Entry;

struct UnitNames {
  Arena arena;
  Entry *a;
  size_t n, cap;
};

static void add_entry(UnitNames *u, const char *z, size_t n, int rank, long long id) {
  if (n == 0) return;   /* "" names no unit */
  MEM_GROW(u->a, u->cap, u->n + 1);
  u->a[u->n++] = (Entry){arena_strndup(&u->arena, z, n), rank, id};
}

static int on_unit(void *ctx, const StoreUnit *su) {
  UnitNames *u = ctx;
  add_entry(u, su->zName, strlen(su->zName), 0, su->id);
  add_entry(u, su->zCode, strlen(su->zCode), 1, su->id);
  /* the short names, comma-separated */
  for (const char *z = su->zShort; *z;) {
    const char *comma = strchr(z, ',');
    size_t n = comma ? (size_t)(comma - z) : strlen(z);
    add_entry(u, z, n, 1, su->id);
    z += n + (comma != NULL);
  }
  return 0;
}

static int cmp_entry(const void *pa, const void *pb) {
  const Entry *a = pa, *b = pb;
  int c = strcmp(a->zKey, b->zKey);
  if (c) return c;
  if (a->rank != b->rank) return a->rank - b->rank;
  return (a->id > b->id) - (a->id < b->id);
}

int unit_names_load(Store *s, UnitNames **pp, Err *e) {
  UnitNames *u = xcalloc(1, sizeof *u);
  arena_init(&u->arena);
  int rc = store_unit_list(s, on_unit, u, e);
  if (rc) {
    unit_names_free(u);
    *pp = NULL;
    return rc;
  }
  if (u->n > 1) qsort(u->a, u->n, sizeof(Entry), cmp_entry);
  *pp = u;
  return 0;
}

void unit_names_free(UnitNames *u) {
  if (u == NULL) return;
  free(u->a);
  arena_free(&u->arena);
  free(u);
}

long long unit_names_find(const UnitNames *u, const char *zName) {
  if (!zName || !*zName) return 0;
  /* the first entry whose key is zName */
  size_t lo = 0, hi = u->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(u->a[mid].zKey, zName) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < u->n && strcmp(u->a[lo].zKey, zName) == 0 ? u->a[lo].id : 0;
}
