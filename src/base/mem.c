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

/* nByte bytes at a multiple of align (a power of two, at most that of max_align_t). Strings take
** align 1: rounding every string up to max_align_t cost about 8 bytes a string, and an import
** keeps hundreds of thousands of them. */
static void *arena_take(Arena *a, size_t nByte, size_t align) {
  if (nByte == 0) nByte = 1;
  ArenaBlock *b = a->pHead;
  size_t at = b ? (b->nUsed + align - 1) & ~(align - 1) : 0;
  if (b == NULL || at > b->nSize || b->nSize - at < nByte) {
    size_t size = nByte > ARENA_BLOCK_BYTES / 2 ? nByte : ARENA_BLOCK_BYTES;
    b = xmalloc(sizeof(*b) + size);
    b->nSize = size;
    b->nUsed = 0;
    if (nByte > ARENA_BLOCK_BYTES / 2 && a->pHead) {
      /* A large piece gets a block of its own behind the current one. */
      b->pNext = a->pHead->pNext;
      a->pHead->pNext = b;
    } else {
      b->pNext = a->pHead;
      a->pHead = b;
    }
    a->nTotal += size;
    at = 0;
  }
  void *p = (char *)b->aData + at;
  b->nUsed = at + nByte;
  return p;
}

void *arena_alloc(Arena *a, size_t nByte) { return arena_take(a, nByte, sizeof(max_align_t)); }

char *arena_strndup(Arena *a, const char *z, size_t nByte) {
  char *p = arena_take(a, nByte + 1, 1);
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
