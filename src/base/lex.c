/*
** Lex: a byte trie with hashed edges (see lex.h).
**
** Nodes are numbered from 0 (the root). An edge (parent, byte) -> child lives in an open-
** addressing table of power-of-two size, at most half full. A node's value is -1 unless a key
** ends there. A bit set over the first characters of the keys answers most "nothing starts
** here" questions without touching the table: scanning Chinese text, that is nearly every
** position.
*/
#include "lex.h"

#include "mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Edge {
  uint32_t key;    /* parent node id << 8 | byte, plus 1 so that 0 marks an empty slot */
  uint32_t child;  /* child node id */
} Edge;

#define LEX_FIRST_BITS 4096
#define LEX_PAIR_BITS 65536

struct Lex {
  uint64_t aFirst[LEX_FIRST_BITS / 64]; /* bit per hash of a key's first character */
  uint64_t aSingle[LEX_FIRST_BITS / 64];/* the same, for keys of one character only */
  uint64_t aPair[LEX_PAIR_BITS / 64];   /* bit per hash of a longer key's first two characters */
  int32_t aRoot[256];  /* child of the root by byte, -1 none: the first step without hashing */
  int32_t *aLevel1;    /* children of the root's children: 256 entries per root child, in
                       ** the order aRoot numbers them (aRootRow) */
  int16_t aRootRow[256]; /* row of aLevel1 for each first byte, -1 none */
  int nRow;
  int *aValue;       /* value of each node, -1 where no key ends */
  size_t nNode;      /* nodes in use */
  size_t nNodeCap;   /* capacity of aValue */
  Edge *aEdge;       /* the edge table */
  size_t nEdgeSlot;  /* slots in aEdge, a power of two */
  size_t nEdge;      /* slots in use */
  size_t nKey;       /* keys added */
};

/* Length of the UTF-8 character that starts with byte c. */
static size_t char_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/* Hash of the first two characters of z[0..n) into [0, LEX_PAIR_BITS), or a value with no bit
** set meaning (all bits past LEX_PAIR_BITS) when there is only one character. */
static unsigned pair_hash(const unsigned char *u, size_t n) {
  size_t a = char_len(u[0]);
  if (a >= n) return LEX_PAIR_BITS;
  size_t b = a + char_len(u[a]);
  if (b > n) b = n;
  unsigned h = 2166136261u;
  for (size_t i = 0; i < b; i++) h = (h ^ u[i]) * 16777619u;
  return (h ^ (h >> 16)) & (LEX_PAIR_BITS - 1);
}

/* Hash of the first UTF-8 character of z[0..n) (n >= 1), in [0, LEX_FIRST_BITS). */
static unsigned first_char_hash(const char *z, size_t n) {
  const unsigned char *u = (const unsigned char *)z;
  size_t len = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
  if (len > n) len = n;
  unsigned h = 0;
  for (size_t i = 0; i < len; i++) h = h * 131 + u[i];
  return h & (LEX_FIRST_BITS - 1);
}

static uint32_t edge_key(size_t node, unsigned char c) {
  return (uint32_t)((node << 8) | c) + 1u;
}

static size_t edge_hash(uint32_t key, size_t mask) {
  uint32_t h = key * 2654435761u;
  h ^= h >> 15;
  return h & mask;
}

static long find_child(const Lex *x, size_t node, unsigned char c) {
  uint32_t key = edge_key(node, c);
  size_t mask = x->nEdgeSlot - 1;
  for (size_t i = edge_hash(key, mask);; i = (i + 1) & mask) {
    if (x->aEdge[i].key == key) return (long)x->aEdge[i].child;
    if (x->aEdge[i].key == 0) return -1;
  }
}

static void put_edge(Edge *a, size_t nSlot, uint32_t key, uint32_t child) {
  size_t mask = nSlot - 1;
  size_t i = edge_hash(key, mask);
  while (a[i].key != 0) i = (i + 1) & mask;
  a[i].key = key;
  a[i].child = child;
}

static void grow_edges(Lex *x) {
  size_t nSlot = x->nEdgeSlot * 2;
  Edge *a = xcalloc(nSlot, sizeof(Edge));
  for (size_t i = 0; i < x->nEdgeSlot; i++) {
    if (x->aEdge[i].key) put_edge(a, nSlot, x->aEdge[i].key, x->aEdge[i].child);
  }
  free(x->aEdge);
  x->aEdge = a;
  x->nEdgeSlot = nSlot;
}

static size_t new_node(Lex *x) {
  MEM_GROW(x->aValue, x->nNodeCap, x->nNode + 1);
  x->aValue[x->nNode] = -1;
  return x->nNode++;
}

Lex *lex_new(void) {
  Lex *x = xcalloc(1, sizeof(Lex));
  memset(x->aRoot, 0xFF, sizeof x->aRoot);
  memset(x->aRootRow, 0xFF, sizeof x->aRootRow);
  x->nEdgeSlot = 1024;
  x->aEdge = xcalloc(x->nEdgeSlot, sizeof(Edge));
  new_node(x);
  return x;
}

void lex_free(Lex *x) {
  if (x == NULL) return;
  free(x->aLevel1);
  free(x->aValue);
  free(x->aEdge);
  free(x);
}

int lex_add(Lex *x, const char *z, size_t nByte, int v) {
  unsigned h = first_char_hash(z, nByte);
  x->aFirst[h / 64] |= (uint64_t)1 << (h % 64);
  unsigned p = pair_hash((const unsigned char *)z, nByte);
  if (p < LEX_PAIR_BITS) x->aPair[p / 64] |= (uint64_t)1 << (p % 64);
  else x->aSingle[h / 64] |= (uint64_t)1 << (h % 64);
  size_t node = 0;
  for (size_t i = 0; i < nByte; i++) {
    unsigned char c = (unsigned char)z[i];
    long child = find_child(x, node, c);
    if (child < 0) {
      if ((x->nEdge + 1) * 2 > x->nEdgeSlot) grow_edges(x);
      size_t id = new_node(x);
      put_edge(x->aEdge, x->nEdgeSlot, edge_key(node, c), (uint32_t)id);
      x->nEdge++;
      child = (long)id;
      /* Mirror the first two levels in direct tables. */
      if (i == 0) {
        x->aRoot[c] = (int32_t)id;
        x->aRootRow[c] = (int16_t)x->nRow++;
        x->aLevel1 = xrealloc(x->aLevel1, sizeof(int32_t) * 256 * (size_t)x->nRow);
        memset(x->aLevel1 + 256 * (size_t)(x->nRow - 1), 0xFF, sizeof(int32_t) * 256);
      } else if (i == 1) {
        unsigned char c0 = (unsigned char)z[0];
        x->aLevel1[256 * (size_t)x->aRootRow[c0] + c] = (int32_t)id;
      }
    }
    node = (size_t)child;
  }
  if (x->aValue[node] >= 0) return x->aValue[node];
  x->aValue[node] = v;
  x->nKey++;
  return -1;
}

int lex_get(const Lex *x, const char *z, size_t nByte) {
  size_t node = 0;
  for (size_t i = 0; i < nByte; i++) {
    long child = find_child(x, node, (unsigned char)z[i]);
    if (child < 0) return -1;
    node = (size_t)child;
  }
  return x->aValue[node];
}

size_t lex_longest(const Lex *x, const char *z, size_t nByte, int *pV) {
  if (nByte == 0) return 0;
  unsigned h = first_char_hash(z, nByte);
  uint64_t bit = (uint64_t)1 << (h % 64);
  if (!(x->aFirst[h / 64] & bit)) return 0;
  const unsigned char *u = (const unsigned char *)z;
  /* Most positions fail on their first two characters: test them before walking. */
  if (!(x->aSingle[h / 64] & bit)) {
    unsigned p = pair_hash(u, nByte);
    if (p >= LEX_PAIR_BITS || !(x->aPair[p / 64] & ((uint64_t)1 << (p % 64)))) return 0;
  }
  size_t node = 0, best = 0;
  /* The first two bytes by direct tables. */
  int32_t c1 = x->aRoot[u[0]];
  if (c1 < 0) return 0;
  if (x->aValue[c1] >= 0) {
    best = 1;
    *pV = x->aValue[c1];
  }
  if (nByte < 2) return best;
  int32_t c2 = x->aLevel1[256 * (size_t)x->aRootRow[u[0]] + u[1]];
  if (c2 < 0) return best;
  if (x->aValue[c2] >= 0) {
    best = 2;
    *pV = x->aValue[c2];
  }
  node = (size_t)c2;
  for (size_t i = 2; i < nByte; i++) {
    long child = find_child(x, node, (unsigned char)z[i]);
    if (child < 0) break;
    node = (size_t)child;
    if (x->aValue[node] >= 0) {
      best = i + 1;
      *pV = x->aValue[node];
    }
  }
  return best;
}

size_t lex_count(const Lex *x) { return x->nKey; }
