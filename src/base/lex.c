/*
** Lex: a trie over characters with hashed edges (see lex.h).
**
** Nodes are numbered from 0 (the root). An edge (parent, character) -> child lives in an
** open-addressing table of power-of-two size, at most half full, and carries the child's
** value (-1 unless a key ends there). A "character" is the bytes from a lead byte for the
** length that byte announces, cut at the end of the string: for valid UTF-8 that is a
** character, and a key matches a text at a position exactly when its bytes do, so the trie
** answers the same as one over bytes. (It was one over bytes, with three probes for each
** Chinese character; walking the big gazetteer those probes were cache misses, and one probe
** a character costs a third.) A bit set over the first characters of the keys, and one over
** their first two, answer most "nothing starts here" questions without touching the table:
** scanning Chinese text, that is nearly every position. A LexSet lays the filters of several
** dictionaries side by side so that one scan of a text answers for all of them, and puts every
** dictionary's state after a key's first two characters in one table, so that a position costs
** one probe there instead of a walk from the root in each trie; a LexCursor reads one
** dictionary's hits from that scan as lex_next would find them.
*/
#include "lex.h"

#include "mem.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Edge {
  uint64_t key;    /* parent node id << 32 | the character's bytes packed (pack_char) */
  uint32_t child;  /* child node id, with EDGE_HAS_KIDS; 0 (the root, never a child) marks an
                   ** empty slot */
  int32_t value;   /* the child's value: -1 unless a key ends there */
} Edge;

/* In Edge.child: the child has children of its own. A walk stops at a child without, instead
** of probing the table once more to learn that nothing goes on: in the large gazetteer that
** probe was a cache miss for most place names found. */
#define EDGE_HAS_KIDS 0x80000000u
#define EDGE_NODE(e) ((e)->child & ~EDGE_HAS_KIDS)

#define LEX_FIRST_BITS 4096
#define LEX_PAIR_BITS 65536

struct Lex {
  uint64_t aFirst[LEX_FIRST_BITS / 64]; /* bit per hash of a key's first character */
  uint64_t aSingle[LEX_FIRST_BITS / 64];/* the same, for keys of one character only */
  uint64_t aPair[LEX_PAIR_BITS / 64];   /* bit per hash of a longer key's first two characters */
  size_t nNode;      /* nodes in use, the root included */
  Edge *aEdge;       /* the edge table */
  size_t nEdgeSlot;  /* slots in aEdge, a power of two */
  size_t nEdge;      /* slots in use */
  size_t nKey;       /* keys added */
};

/* Length of the UTF-8 character that starts with byte c. */
static size_t char_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/* The bytes of one character, u[0..len) (len 1..4), packed into an integer. (A switch rather
** than a loop: this runs at nearly every position of every scan.) */
static inline uint32_t pack_char(const unsigned char *u, size_t len) {
  switch (len) {
  case 1: return u[0];
  case 2: return (uint32_t)u[0] << 8 | u[1];
  case 3: return (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
  default: return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
  }
}

/* Length of the character at u[0] of u[0..n) (n >= 1), cut to n. */
static inline size_t char_len_in(const unsigned char *u, size_t n) {
  size_t len = char_len(u[0]);
  return len > n ? n : len;
}

/* The first character of z[0..n) (n >= 1) packed, cut to n bytes when it is longer; its length
** in *pLen. */
static inline uint32_t first_char(const unsigned char *u, size_t n, size_t *pLen) {
  *pLen = char_len_in(u, n);
  return pack_char(u, *pLen);
}

/* Hash of a first character (first_char) into [0, LEX_FIRST_BITS). */
static inline unsigned first_char_hash(uint32_t k) {
  return (unsigned)((k * 2654435761u) >> 20) & (LEX_FIRST_BITS - 1);
}

/* Hash of the first two characters of z[0..n) into [0, LEX_PAIR_BITS), given the first (k, a
** bytes), or a value with no bit meaning (all bits past LEX_PAIR_BITS) when there is only one
** character. The second character is cut to n like the first. pair_hash_of is the same from
** the two characters packed. (These multiplicative hashes replaced a byte-wise FNV loop: the
** filters are the whole cost of most positions.) */
static inline unsigned pair_hash_of(uint32_t k, uint32_t k2) {
  uint32_t h = (k * 2654435761u) ^ k2;
  h *= 2246822519u;
  return (unsigned)(h >> 16) & (LEX_PAIR_BITS - 1);
}

static inline unsigned pair_hash(const unsigned char *u, size_t n, uint32_t k, size_t a) {
  if (a >= n) return LEX_PAIR_BITS;
  return pair_hash_of(k, pack_char(u + a, char_len_in(u + a, n - a)));
}

static uint64_t edge_key(size_t node, uint32_t c) { return (uint64_t)node << 32 | c; }

static size_t edge_hash(uint64_t key, size_t mask) {
  return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

/* The edge from node by character c (packed), or NULL. */
static inline Edge *find_edge(const Lex *x, size_t node, uint32_t c) {
  uint64_t key = edge_key(node, c);
  size_t mask = x->nEdgeSlot - 1;
  for (size_t i = edge_hash(key, mask);; i = (i + 1) & mask) {
    Edge *e = &x->aEdge[i];
    if (e->child == 0) return NULL;
    if (e->key == key) return e;
  }
}

static Edge *put_edge(Edge *a, size_t nSlot, Edge edge) {
  size_t mask = nSlot - 1;
  size_t i = edge_hash(edge.key, mask);
  while (a[i].child != 0) i = (i + 1) & mask;
  a[i] = edge;
  return &a[i];
}

static void grow_edges(Lex *x) {
  size_t nSlot = x->nEdgeSlot * 2;
  Edge *a = xcalloc(nSlot, sizeof(Edge));
  for (size_t i = 0; i < x->nEdgeSlot; i++) {
    if (x->aEdge[i].child) put_edge(a, nSlot, x->aEdge[i]);
  }
  free(x->aEdge);
  x->aEdge = a;
  x->nEdgeSlot = nSlot;
}

Lex *lex_new(void) {
  Lex *x = xcalloc(1, sizeof(Lex));
  x->nEdgeSlot = 1024;
  x->aEdge = xcalloc(x->nEdgeSlot, sizeof(Edge));
  x->nNode = 1;   /* the root */
  return x;
}

void lex_free(Lex *x) {
  if (x == NULL) return;
  free(x->aEdge);
  free(x);
}

int lex_add(Lex *x, const char *z, size_t nByte, int v) {
  const unsigned char *u = (const unsigned char *)z;
  size_t a;
  uint32_t k = first_char(u, nByte, &a);
  unsigned h = first_char_hash(k);
  x->aFirst[h / 64] |= (uint64_t)1 << (h % 64);
  unsigned p = pair_hash(u, nByte, k, a);
  if (p < LEX_PAIR_BITS) x->aPair[p / 64] |= (uint64_t)1 << (p % 64);
  else x->aSingle[h / 64] |= (uint64_t)1 << (h % 64);
  size_t node = 0;
  size_t parent = 0;   /* the edge into node is (parent, cIn), when node is not the root */
  uint32_t cIn = 0;
  Edge *e = NULL;
  for (size_t i = 0; i < nByte;) {
    size_t len = char_len_in(u + i, nByte - i);
    uint32_t c = pack_char(u + i, len);
    e = find_edge(x, node, c);
    if (!e) {
      if ((x->nEdge + 1) * 2 > x->nEdgeSlot) grow_edges(x);
      Edge edge = {edge_key(node, c), (uint32_t)x->nNode++, -1};
      e = put_edge(x->aEdge, x->nEdgeSlot, edge);
      x->nEdge++;
      if (node != 0) find_edge(x, parent, cIn)->child |= EDGE_HAS_KIDS;
    }
    parent = node;
    cIn = c;
    node = EDGE_NODE(e);
    i += len;
  }
  if (e->value >= 0) return e->value;
  e->value = v;
  x->nKey++;
  return -1;
}

int lex_get(const Lex *x, const char *z, size_t nByte) {
  const unsigned char *u = (const unsigned char *)z;
  size_t node = 0;
  const Edge *e = NULL;
  for (size_t i = 0; i < nByte;) {
    size_t len = char_len_in(u + i, nByte - i);
    e = find_edge(x, node, pack_char(u + i, len));
    if (!e) return -1;
    node = EDGE_NODE(e);
    i += len;
  }
  return e ? e->value : -1;
}

/* The cheap test of lex_longest: can a key start at z[0..nByte) (nByte >= 1)? False means
** surely not; most positions of a scan end here. */
static inline int may_start(const Lex *x, const unsigned char *u, size_t nByte) {
  size_t a;
  uint32_t k = first_char(u, nByte, &a);
  unsigned h = first_char_hash(k);
  uint64_t bit = (uint64_t)1 << (h % 64);
  if (!(x->aFirst[h / 64] & bit)) return 0;
  /* Most of the rest fail on their first two characters. */
  if (!(x->aSingle[h / 64] & bit)) {
    unsigned p = pair_hash(u, nByte, k, a);
    if (p >= LEX_PAIR_BITS || !(x->aPair[p / 64] & ((uint64_t)1 << (p % 64)))) return 0;
  }
  return 1;
}

/* The longest key of x at u[0..nByte) given the walk so far: node (with EDGE_HAS_KIDS) reached
** after i bytes, and best (with *pV) the longest key found within them. The rest of
** walk_longest, which starts it at the root. */
static size_t walk_on(const Lex *x, uint32_t node, const unsigned char *u, size_t nByte,
                      size_t i, size_t best, int *pV) {
  while ((node & EDGE_HAS_KIDS) && i < nByte) {
    size_t len = char_len_in(u + i, nByte - i);
    const Edge *e = find_edge(x, node & ~EDGE_HAS_KIDS, pack_char(u + i, len));
    if (!e) break;
    i += len;
    if (e->value >= 0) {
      best = i;
      *pV = e->value;
    }
    node = e->child;
  }
  return best;
}

/* The trie walk of lex_longest, after may_start. */
static size_t walk_longest(const Lex *x, const unsigned char *u, size_t nByte, int *pV) {
  return walk_on(x, EDGE_HAS_KIDS, u, nByte, 0, 0, pV);   /* the root, node 0 */
}

size_t lex_longest(const Lex *x, const char *z, size_t nByte, int *pV) {
  if (nByte == 0) return 0;
  const unsigned char *u = (const unsigned char *)z;
  if (!may_start(x, u, nByte)) return 0;
  return walk_longest(x, u, nByte, pV);
}

size_t lex_next(const Lex *x, const char *z, size_t nByte, size_t i, size_t *pLen, int *pV) {
  const unsigned char *u = (const unsigned char *)z;
  while (i < nByte) {
    unsigned char c = u[i];
    if ((c & 0xC0) == 0x80) {   /* not a character start */
      i++;
      continue;
    }
    if (may_start(x, u + i, nByte - i)) {
      size_t m = walk_longest(x, u + i, nByte - i, pV);
      if (m) {
        *pLen = m;
        return i;
      }
    }
    /* On to the next character start: over a whole three-byte character at once when its two
    ** continuation bytes are there (the same positions as stepping a byte at a time). */
    if (c >= 0xE0 && c < 0xF0 && i + 2 < nByte && (u[i + 1] & 0xC0) == 0x80 &&
        (u[i + 2] & 0xC0) == 0x80) {
      i += 3;
    } else {
      i++;
    }
  }
  return nByte;
}

size_t lex_count(const Lex *x) { return x->nKey; }

/* ---- LexSet ------------------------------------------------------------------------------ */

/* Where a dictionary's walk stands after a text's first two characters: the trie node they lead
** to (EDGE_HAS_KIDS as in Edge.child; 0 when no key starts with them) and the value of the key
** they spell (-1 when none does). */
typedef struct PairStep {
  uint32_t node;
  int32_t value;
  uint32_t kids;   /* bit kid_bit(c) for every character c with an edge from node: a walk that
                   ** goes on to a third character not among them ends without probing the
                   ** edge table (most such probes found nothing, and each was a cache miss) */
} PairStep;

/* The filters of every dictionary of the set together: for keys of one character, bit k of a
** byte is dictionary k's bit of the same hash (struct Lex's aSingle, a byte a hash instead of a
** bit); for longer keys, one bit a hash of the first two characters for all of them. Behind
** them, one table keyed by a text's first two characters gives every dictionary's PairStep at
** once: a scan position that passes the filters costs one probe of it rather than two edge
** probes for each dictionary that may match (the edge tables are large; each probe was a cache
** miss, and most walks end after two characters). */
struct LexSet {
  const Lex *aLex[LEX_SET_MAX];
  int nLex;
  uint8_t aSingle[LEX_FIRST_BITS];
  /* bit per hash of a longer key's first two characters, any dictionary's (the one past
  ** LEX_PAIR_BITS, for "no second character", stays 0): one bit rather than a byte of
  ** dictionaries, so that the filter stays in the first-level cache; the pair table says which
  ** dictionaries have the pair */
  uint64_t aPair[LEX_PAIR_BITS / 64 + 1];
  /* The pair table: nPairSlot slots (a power of two, at most half full) of iPairStride bytes,
  ** each a uint64_t key (the two characters packed, first << 32 | second), a uint32_t with bit
  ** k set when dictionary k has the pair (0: the slot is free), then nLex PairSteps. */
  unsigned char *aPairSlot;
  size_t nPairSlot;
  size_t iPairStride;
};

static uint64_t pair_key(uint32_t c1, uint32_t c2) { return (uint64_t)c1 << 32 | c2; }

/* The dictionaries that have the pair in slot, as bits; 0 for a free slot. */
static uint32_t *pair_mask(unsigned char *slot) {
  return (uint32_t *)(void *)(slot + sizeof(uint64_t));
}

/* The slot of the pair table holding key, or the free slot where it would go. */
static inline unsigned char *pair_slot(const LexSet *s, uint64_t key) {
  size_t mask = s->nPairSlot - 1;
  for (size_t i = edge_hash(key, mask);; i = (i + 1) & mask) {
    unsigned char *e = s->aPairSlot + i * s->iPairStride;
    if (*pair_mask(e) == 0) return e;
    uint64_t k;
    memcpy(&k, e, sizeof k);
    if (k == key) return e;
  }
}

static PairStep *pair_steps(unsigned char *slot) {
  return (PairStep *)(void *)(slot + sizeof(uint64_t) + sizeof(uint32_t));
}

/* Set bit k in aOut[h] for every bit h set in the bit set a[0..nBit/64). */
static void spread_bits(const uint64_t *a, unsigned nBit, int k, uint8_t *aOut) {
  for (unsigned w = 0; w < nBit / 64; w++) {
    for (uint64_t v = a[w]; v; v &= v - 1) {
      aOut[w * 64 + (unsigned)__builtin_ctzll(v)] |= (uint8_t)(1u << k);
    }
  }
}

/* The bit of PairStep.kids for character c (packed). */
static inline uint32_t kid_bit(uint32_t c) { return (uint32_t)1 << ((c * 2654435761u) >> 27); }

/* Calls f(ctx, c1, c2, e, kids) for every edge e two characters deep in x (from the root by c1,
** then by c2), kids being PairStep.kids of its child. */
static void each_pair_edge(const Lex *x,
                           void (*f)(void *, uint32_t, uint32_t, const Edge *, uint32_t),
                           void *ctx) {
  uint32_t *aC1 = xcalloc(x->nNode, sizeof(uint32_t));   /* first character into a depth-1 node */
  unsigned char *aDepth1 = xcalloc(x->nNode, 1);
  uint32_t *aKids = xcalloc(x->nNode, sizeof(uint32_t)); /* PairStep.kids of each node */
  for (size_t i = 0; i < x->nEdgeSlot; i++) {
    const Edge *e = &x->aEdge[i];
    if (!e->child) continue;
    size_t parent = (size_t)(e->key >> 32);
    aKids[parent] |= kid_bit((uint32_t)e->key);
    if (parent == 0) {
      aC1[EDGE_NODE(e)] = (uint32_t)e->key;
      aDepth1[EDGE_NODE(e)] = 1;
    }
  }
  for (size_t i = 0; i < x->nEdgeSlot; i++) {
    const Edge *e = &x->aEdge[i];
    size_t parent = (size_t)(e->key >> 32);
    if (e->child && parent != 0 && aDepth1[parent]) {
      f(ctx, aC1[parent], (uint32_t)e->key, e, aKids[EDGE_NODE(e)]);
    }
  }
  free(aC1);
  free(aDepth1);
  free(aKids);
}

typedef struct PairFill {
  LexSet *s;
  int k;         /* the dictionary whose edges are added */
  size_t nUsed;  /* slots in use */
  int bCount;    /* only count the pairs (slots not yet allocated) */
} PairFill;

static void add_pair_edge(void *ctx, uint32_t c1, uint32_t c2, const Edge *e, uint32_t kids) {
  PairFill *pf = ctx;
  if (pf->bCount) {
    pf->nUsed++;   /* an upper bound: a pair shared by two dictionaries is counted twice */
    return;
  }
  uint64_t key = pair_key(c1, c2);
  unsigned char *slot = pair_slot(pf->s, key);
  if (*pair_mask(slot) == 0) {
    memcpy(slot, &key, sizeof key);
    pf->nUsed++;
  }
  *pair_mask(slot) |= 1u << pf->k;
  pair_steps(slot)[pf->k] = (PairStep){e->child, e->value, kids};
}

LexSet *lex_set_new(const Lex *const *aLex, int nLex) {
  LexSet *s = xcalloc(1, sizeof(LexSet));
  s->nLex = nLex;
  PairFill pf = {s, 0, 0, 1};
  for (int k = 0; k < nLex; k++) {
    const Lex *x = aLex[k];
    s->aLex[k] = x;
    spread_bits(x->aSingle, LEX_FIRST_BITS, k, s->aSingle);
    for (unsigned w = 0; w < LEX_PAIR_BITS / 64; w++) s->aPair[w] |= x->aPair[w];
    each_pair_edge(x, add_pair_edge, &pf);
  }
  s->nPairSlot = 64;
  while (s->nPairSlot < pf.nUsed * 2) s->nPairSlot *= 2;
  s->iPairStride = sizeof(uint64_t) + sizeof(uint32_t) + sizeof(PairStep) * (size_t)nLex;
  s->aPairSlot = xcalloc(s->nPairSlot, s->iPairStride);   /* every slot free */
  pf.bCount = 0;
  pf.nUsed = 0;
  for (int k = 0; k < nLex; k++) {
    pf.k = k;
    each_pair_edge(aLex[k], add_pair_edge, &pf);
  }
  return s;
}

void lex_set_free(LexSet *s) {
  if (s == NULL) return;
  free(s->aPairSlot);
  free(s);
}

static void hits_push(LexHits *h, size_t iStart, size_t nByte, int value) {
  if (h->n == h->cap) {
    h->cap = h->cap ? h->cap * 2 : 64;
    h->a = xrealloc(h->a, sizeof(LexHit) * h->cap);
  }
  h->a[h->n++] = (LexHit){(uint32_t)iStart, (uint32_t)nByte, value};
}

/* A scan position's first two characters, as lex_set_scan reads them. */
typedef struct ScanAt {
  uint32_t key1, key2; /* packed (first_char), key2 0 when there is no second character */
  size_t a, b;         /* their lengths in bytes, b 0 when there is none */
  unsigned h, p;       /* the first-character and pair filters' hashes (p LEX_PAIR_BITS when
                       ** there is no second character) */
} ScanAt;

/* Is bit p of the set's pair filter set? */
static inline int pair_bit(const LexSet *s, unsigned p) {
  return (int)(s->aPair[p / 64] >> (p % 64)) & 1;
}

/* The hits at u[0..nByte) (a character start, nByte >= 1), whose first characters are at,
** pushed to aOut as found at iAt: single is the byte of the set's single-character filter. */
static void scan_here(const LexSet *s, unsigned single, const unsigned char *u, size_t nByte,
                      const ScanAt *at, size_t iAt, LexHits *aOut) {
  const PairStep *aStep = NULL;
  size_t ab = at->a + at->b;   /* bytes of the first two characters */
  unsigned may = single;       /* the dictionaries that may have a key here */
  if (pair_bit(s, at->p)) {
    unsigned char *slot = pair_slot(s, pair_key(at->key1, at->key2));
    if (*pair_mask(slot)) {
      aStep = pair_steps(slot);
      may |= *pair_mask(slot);
    }
  }
  while (may) {
    int k = __builtin_ctz(may);
    may &= may - 1;
    int v = -1;
    size_t m = 0;
    if (aStep && aStep[k].node) {
      const PairStep *st = &aStep[k];
      if (st->value >= 0) {
        m = ab;
        v = st->value;
      }
      if ((st->node & EDGE_HAS_KIDS) && ab < nByte &&
          (st->kids & kid_bit(pack_char(u + ab, char_len_in(u + ab, nByte - ab))))) {
        m = walk_on(s->aLex[k], st->node, u, nByte, ab, m, &v);
      }
    }
    if (m == 0 && (s->aSingle[at->h] & (1u << k))) {
      /* no key of two characters or more: a key of one */
      const Edge *e = find_edge(s->aLex[k], 0, at->key1);
      if (e && e->value >= 0) {
        m = at->a;
        v = e->value;
      }
    }
    if (m) hits_push(&aOut[k], iAt, m, v);
  }
}

/* first_char(u + i, n - i, pA), with a three-byte lead read without its switch (most of Chinese
** text). */
static inline uint32_t scan_char(const unsigned char *u, size_t n, size_t i, size_t *pA) {
  unsigned char c = u[i];
  if (c >= 0xE0 && c < 0xF0 && i + 2 < n) {
    *pA = 3;
    return (uint32_t)c << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2];
  }
  return first_char(u + i, n - i, pA);
}

/* A three-byte character packed (first_char) from its bytes in the low three bytes of v, first
** byte lowest (utf8_load4 order). */
static inline uint32_t pack_three(uint32_t v) { return __builtin_bswap32(v & 0xFFFFFF) >> 8; }

void lex_set_scan(const LexSet *s, const char *z, size_t nByte, LexHits *aOut) {
  const unsigned char *u = (const unsigned char *)z;
  for (int k = 0; k < s->nLex; k++) aOut[k].n = 0;
  size_t i = 0;
  while (i < nByte) {
    ScanAt at;
    size_t step;   /* to the next position lex_next visits */
    uint64_t w = i + 8 <= nByte ? utf8_load8(u + i) : 0;
    if (utf8_is_two_three_byte_forms(w)) {
      /* Most positions of Chinese text: both characters from one load, without decoding. */
      at.key1 = pack_three((uint32_t)w);
      at.key2 = pack_three((uint32_t)(w >> 24));
      at.a = at.b = 3;
      at.p = pair_hash_of(at.key1, at.key2);
      step = 3;
    } else if ((u[i] & 0xC0) == 0x80) {   /* not a character start */
      i++;
      continue;
    } else {
      at.key1 = scan_char(u, nByte, i, &at.a);
      if (i + at.a < nByte) {
        at.key2 = scan_char(u, nByte, i + at.a, &at.b);
        at.p = pair_hash_of(at.key1, at.key2);
      } else {
        at.key2 = 0;
        at.b = 0;
        at.p = LEX_PAIR_BITS;
      }
      /* Over a whole three-byte character at once when its bytes continue it (the same
      ** positions as stepping a byte at a time). */
      step = at.a == 3 && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80 ? 3 : 1;
    }
    at.h = first_char_hash(at.key1);
    /* The per-dictionary test of may_start, for all of them at once. (Without its
    ** first-character test: in Chinese text most characters start some key of the set, and
    ** the branch on that test cost more than the pair test it sometimes spared.) */
    unsigned single = s->aSingle[at.h];
    if (single || pair_bit(s, at.p)) scan_here(s, single, u + i, nByte - i, &at, i, aOut);
    i += step;
  }
}

void lex_cursor_init(LexCursor *c, const Lex *x, const LexHits *pHits, size_t off) {
  c->x = x;
  c->pHits = pHits;
  c->k = SIZE_MAX;
  c->off = off;
}

size_t lex_hits_first(const LexHits *pHits, size_t at) {
  /* A binary search without a branch on the comparison (a conditional move instead): a cursor
  ** is made for every task, and the mispredicted branches were most of its cost. */
  size_t lo = 0, n = pHits->n;   /* the answer is in [lo, lo + n] */
  while (n > 1) {
    size_t half = n / 2;
    lo = pHits->a[lo + half - 1].iStart < at ? lo + half : lo;
    n -= half;
  }
  return lo + (n == 1 && pHits->a[lo].iStart < at);
}

size_t lex_cursor_where(const LexCursor *c) { return c->k; }

void lex_cursor_resume(LexCursor *c, size_t k) { c->k = k; }

size_t lex_cursor_next(LexCursor *c, const char *z, size_t nByte, size_t i, size_t *pLen,
                       int *pV) {
  const LexHits *pHits = c->pHits;
  if (!pHits) return lex_next(c->x, z, nByte, i, pLen, pV);
  size_t at = c->off + i;   /* i in the scanned text's coordinates */
  /* The first hit at or after i: from where the cursor stands (or the resume hint) when that
  ** is not past it, else searched. */
  if (c->k > pHits->n || (c->k > 0 && pHits->a[c->k - 1].iStart >= at)) {
    c->k = lex_hits_first(pHits, at);
  }
  while (c->k < pHits->n && pHits->a[c->k].iStart < at) c->k++;
  const unsigned char *u = (const unsigned char *)z;
  for (; c->k < pHits->n; c->k++) {
    const LexHit *h = &pHits->a[c->k];
    size_t p = h->iStart - c->off;
    if (p >= nByte) break;
    if (p + h->nByte <= nByte) {
      *pLen = h->nByte;
      *pV = h->value;
      return p;
    }
    /* the longest key runs past nByte: a shorter one may end inside */
    int v = -1;
    size_t m = walk_longest(c->x, u + p, nByte - p, &v);
    if (m) {
      *pLen = m;
      *pV = v;
      return p;
    }
  }
  return nByte;
}
