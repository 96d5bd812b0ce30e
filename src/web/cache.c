/*
** Cache: a fixed ring of (key, fragment) pairs under one mutex (see cache.h), oldest first out. Lookups are a
** linear scan of CACHE_ENTRIES keys — fewer than a hash table's constant factors at this size.
*/
#include "cache.h"
#include "../base/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct CacheEntry {
  char *zKey;        /* NULL for an empty slot */
  char *z;           /* the fragment */
  size_t nByte;
} CacheEntry;

static pthread_mutex_t cacheMutex = PTHREAD_MUTEX_INITIALIZER;
static CacheEntry aEntry[CACHE_ENTRIES];
static int iNext;    /* the slot the next put replaces */
static size_t nBytes; /* bytes held by all fragments */

int cache_get(const char *zKey, Buf *out) {
  int bHit = 0;
  pthread_mutex_lock(&cacheMutex);
  for (int i = 0; i < CACHE_ENTRIES; i++) {
    if (aEntry[i].zKey && strcmp(aEntry[i].zKey, zKey) == 0) {
      buf_append(out, aEntry[i].z, aEntry[i].nByte);
      bHit = 1;
      break;
    }
  }
  pthread_mutex_unlock(&cacheMutex);
  return bHit;
}

void cache_put(const char *zKey, const char *z, size_t nByte) {
  if (nByte > CACHE_ENTRY_MAX) return;
  char *zKeyCopy = xstrdup(zKey), *zCopy = xmalloc(nByte ? nByte : 1);
  memcpy(zCopy, z, nByte);
  pthread_mutex_lock(&cacheMutex);
  /* Free the oldest slots until this one is free and the fragment fits the byte budget. */
  for (int i = iNext, n = 0; n < CACHE_ENTRIES; i = (i + 1) % CACHE_ENTRIES, n++) {
    if (n > 0 && nBytes + nByte <= CACHE_BYTES_MAX) break;
    CacheEntry *p = &aEntry[i];
    if (!p->zKey) continue;
    nBytes -= p->nByte;
    free(p->zKey);
    free(p->z);
    *p = (CacheEntry){NULL, NULL, 0};
  }
  aEntry[iNext] = (CacheEntry){zKeyCopy, zCopy, nByte};
  nBytes += nByte;
  iNext = (iNext + 1) % CACHE_ENTRIES;
  pthread_mutex_unlock(&cacheMutex);
}

int cache_ledger_count(Req *r, const LedgerFilter *f, long long *pN, Err *e) {
  /* Every field that narrows the count is in the key; a field added to LedgerFilter must be
  ** added here too, which the assertion reminds whoever changes the struct. */
  _Static_assert(sizeof(LedgerFilter) == 120, "LedgerFilter changed: update its cache key");
  Buf key = BUF_INIT;
  buf_printf(&key, "count|%lld|%lld|%lld|%s|%s|%s|%d|%d|%s|%s|%s|%d|%lld|%lld|%s",
             store_change_counter(r->s), f->docId, f->unitId, f->zStatus ? f->zStatus : "\x01",
             f->zColour ? f->zColour : "\x01", f->zBefore ? f->zBefore : "\x01", f->measure,
             f->all, f->zKind ? f->zKind : "\x01", f->zSearch ? f->zSearch : "\x01",
             f->zPlace ? f->zPlace : "\x01", f->publicOnly, f->itemId, f->reachUnitId,
             f->zReachLeader ? f->zReachLeader : "\x01");
  Buf hit = BUF_INIT;
  int rc = 0;
  if (cache_get(buf_str(&key), &hit)) {
    *pN = strtoll(buf_str(&hit), NULL, 10);
  } else if ((rc = store_ledger_count(r->s, f, pN, e)) == 0) {
    char z[24];
    int n = snprintf(z, sizeof z, "%lld", *pN);
    cache_put(buf_str(&key), z, (size_t)n);
  }
  buf_free(&hit);
  buf_free(&key);
  return rc;
}
