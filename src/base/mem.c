/*
** Memory: allocation that aborts on failure, growable arrays, and arenas (see mem.h).
*/
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t nByte) {
  fprintf(stderr, "luoshi: out of memory (asked for %zu bytes)\n", nByte);
  abort();
}

void *xmalloc(size_t nByte) {
  void *p = malloc(nByte ? nByte : 1);
  if (p == NULL) out_of_memory(nByte);
  return p;
}

void *xcalloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) out_of_memory(SIZE_MAX);
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (p == NULL) out_of_memory(n * size);
  return p;
}

void *xrealloc(void *p, size_t nByte) {
  void *q = realloc(p, nByte ? nByte : 1);
  if (q == NULL) out_of_memory(nByte);
  return q;
}

char *xstrndup(const char *z, size_t nByte) {
  char *p = xmalloc(nByte + 1);
  memcpy(p, z, nByte);
  p[nByte] = 0;
  return p;
}

char *xstrdup(const char *z) { return xstrndup(z, strlen(z)); }

void mem_grow(void **pa, size_t *pCap, size_t need, size_t sz) {
  if (need <= *pCap) return;
  size_t cap = *pCap ? *pCap : 8;
  while (cap < need) {
    if (cap > SIZE_MAX / 2 / sz) out_of_memory(SIZE_MAX);
    cap *= 2;
  }
  *pa = xrealloc(*pa, cap * sz);
  *pCap = cap;
}

struct ArenaBlock {
  ArenaBlock *pNext;   /* older block */
  size_t nUsed;        /* bytes handed out from aData */
  size_t nSize;        /* bytes in aData */
  max_align_t aData[]; /* the memory itself */
};

#define ARENA_BLOCK_BYTES (64 * 1024)

void arena_init(Arena *a) {
  a->pHead = NULL;
  a->nTotal = 0;
}

void *arena_alloc(Arena *a, size_t nByte) {
  size_t align = sizeof(max_align_t);
  size_t need = (nByte + align - 1) / align * align;
  if (need == 0) need = align;
  ArenaBlock *b = a->pHead;
  if (b == NULL || b->nSize - b->nUsed < need) {
    size_t size = need > ARENA_BLOCK_BYTES / 2 ? need : ARENA_BLOCK_BYTES;
    b = xmalloc(sizeof(*b) + size);
    b->nSize = size;
    b->nUsed = 0;
    if (need > ARENA_BLOCK_BYTES / 2 && a->pHead) {
      /* A large piece gets a block of its own behind the current one. */
      b->pNext = a->pHead->pNext;
      a->pHead->pNext = b;
    } else {
      b->pNext = a->pHead;
      a->pHead = b;
    }
    a->nTotal += size;
  }
  void *p = (char *)b->aData + b->nUsed;
  b->nUsed += need;
  return p;
}

char *arena_strndup(Arena *a, const char *z, size_t nByte) {
  char *p = arena_alloc(a, nByte + 1);
  memcpy(p, z, nByte);
  p[nByte] = 0;
  return p;
}

void arena_free(Arena *a) {
  ArenaBlock *b = a->pHead;
  while (b) {
    ArenaBlock *next = b->pNext;
    free(b);
    b = next;
  }
  arena_init(a);
}
