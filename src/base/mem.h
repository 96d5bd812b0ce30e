/*
** Memory: allocation that never returns NULL, and arenas.
**
** Every allocation in luoshi goes through xmalloc and friends: on failure they print a message
** and abort, so callers never check for NULL (the Fossil and Redis convention). An Arena hands
** out many small pieces that are all freed together at the end of one unit of work (an import,
** a request). This file knows nothing of the rest of luoshi.
*/
#ifndef LUOSHI_BASE_MEM_H
#define LUOSHI_BASE_MEM_H

#include <stddef.h>

/* Allocate nByte bytes (at least 1). Never returns NULL; the caller frees with free(). */
void *xmalloc(size_t nByte);
/* As calloc(n, size), checking the multiplication for overflow. Never returns NULL. */
void *xcalloc(size_t n, size_t size);
/* As realloc; p may be NULL. Never returns NULL. */
void *xrealloc(void *p, size_t nByte);
/* Copy of the NUL-terminated z; the caller frees it. */
char *xstrdup(const char *z);
/* Copy of the first nByte bytes of z plus a NUL; the caller frees it. */
char *xstrndup(const char *z, size_t nByte);

/* Grow a dynamic array *pa of element size sz so that it holds at least need elements.
** *pCap is the current capacity in elements; it is updated. */
void mem_grow(void **pa, size_t *pCap, size_t need, size_t sz);
#define MEM_GROW(a, cap, need) mem_grow((void **)&(a), &(cap), (need), sizeof(*(a)))

/* An arena: blocks of memory handed out in order and freed all at once. */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *pHead;   /* newest block, or NULL */
  size_t nTotal;       /* bytes obtained from the system, for reporting */
} Arena;

/* Initialise an empty arena. */
void arena_init(Arena *a);
/* nByte bytes aligned for any type, valid until arena_free(a). Never returns NULL. */
void *arena_alloc(Arena *a, size_t nByte);
/* A NUL-terminated copy of z[0..nByte) in the arena. */
char *arena_strndup(Arena *a, const char *z, size_t nByte);
/* Free every block of the arena; the arena is empty and usable again. */
void arena_free(Arena *a);

#endif
