/*
** Decoding a file's bytes into UTF-8 text with a line map (see text.h).
**
** UTF-8 input is used as it is (less a BOM). Other input is tried as GB18030 with iconv; the two
** encodings are then walked side by side to map offsets back, which works because every GB18030
** character is 1, 2 or 4 bytes and decodes to exactly one code point. Nothing here reads files.
*/
#include "text.h"

#include "../base/mem.h"
#include "../base/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- Traditional -> Simplified ------------------------------------------------------------ */

typedef struct T2S {
  uint32_t *aFrom;   /* sorted Traditional code points */
  uint32_t *aTo;     /* their Simplified forms */
  size_t n;
} T2S;

static T2S g_t2s;  /* read-only after text_set_t2s at start-up */

/* Direct map for the BMP ideographs (U+3400..U+9FFF), where nearly all pairs are: 0 = none. */
#define T2S_LO 0x3400
#define T2S_HI 0xA000
static uint16_t g_aT2sDirect[T2S_HI - T2S_LO];
/* What text_has_traditional must look at among the three-byte forms: bit cp is set when cp is in
** the direct map and Traditional (mapped to another three-byte character), or outside it and
** mapped by the table, or not a character (an overlong form below U+0800, a surrogate). Every
** other three-byte character is answered by this bit alone; the 8 KB stay in the L1 cache where
** the 55 KB map does not. */
static uint64_t g_aThreeByteLook[0x10000 / 64];
/* Bit cp is set for every BMP character the table maps: outside the direct map (the full-width
** punctuation of every Chinese sentence among them) most characters are answered here instead
** of by a binary search of the table. */
static uint64_t g_aMapped[0x10000 / 64];

void text_set_t2s(const char *zTsv, size_t nByte) {
  size_t cap = 0;
  size_t capTo = 0;
  const unsigned char *z = (const unsigned char *)zTsv;
  size_t i = 0;
  while (i < nByte) {
    size_t eol = i;
    while (eol < nByte && z[eol] != '\n') eol++;
    if (z[i] != '#' && eol > i) {
      uint32_t a, b;
      int n1 = utf8_decode(z + i, eol - i, &a);
      if (i + (size_t)n1 < eol && z[i + n1] == '\t') {
        utf8_decode(z + i + n1 + 1, eol - i - (size_t)n1 - 1, &b);
        unsigned char ea[4], eb[4];
        /* Only same-length pairs keep zNorm byte-aligned with z. */
        if (a != UTF8_INVALID && b != UTF8_INVALID && utf8_encode(a, ea) == utf8_encode(b, eb)) {
          MEM_GROW(g_t2s.aFrom, cap, g_t2s.n + 1);
          MEM_GROW(g_t2s.aTo, capTo, g_t2s.n + 1);
          g_t2s.aFrom[g_t2s.n] = a;
          g_t2s.aTo[g_t2s.n] = b;
          g_t2s.n++;
        }
      }
    }
    i = eol + 1;
  }
  /* The data file is sorted; check rather than trust, and sort by insertion if needed. */
  for (size_t k = 1; k < g_t2s.n; k++) {
    uint32_t f = g_t2s.aFrom[k], t = g_t2s.aTo[k];
    size_t j = k;
    while (j > 0 && g_t2s.aFrom[j - 1] > f) {
      g_t2s.aFrom[j] = g_t2s.aFrom[j - 1];
      g_t2s.aTo[j] = g_t2s.aTo[j - 1];
      j--;
    }
    g_t2s.aFrom[j] = f;
    g_t2s.aTo[j] = t;
  }
  for (size_t k = 0; k < g_t2s.n; k++) {
    uint32_t f = g_t2s.aFrom[k], t = g_t2s.aTo[k];
    if (f >= T2S_LO && f < T2S_HI && t < 0x10000) g_aT2sDirect[f - T2S_LO] = (uint16_t)t;
  }
  for (size_t k = 0; k < g_t2s.n; k++) {
    uint32_t f = g_t2s.aFrom[k];
    if (f < 0x10000) g_aMapped[f / 64] |= (uint64_t)1 << (f % 64);
  }
  /* g_aThreeByteLook a word at a time (the ranges start and end on multiples of 64): the mapped
  ** characters, all of U+0000..U+07FF and the surrogates, and in the direct map the Traditional
  ** ones only. */
  for (uint32_t w = 0; w < 0x10000 / 64; w++) {
    int notChar = w < 0x800 / 64 || (w >= 0xD800 / 64 && w < 0xE000 / 64);
    int direct = w >= T2S_LO / 64 && w < T2S_HI / 64;
    g_aThreeByteLook[w] = notChar ? ~(uint64_t)0 : direct ? 0 : g_aMapped[w];
  }
  for (uint32_t cp = T2S_LO; cp < T2S_HI; cp++) {
    uint32_t t = g_aT2sDirect[cp - T2S_LO];
    if (t && t != cp && t >= 0x800) g_aThreeByteLook[cp / 64] |= (uint64_t)1 << (cp % 64);
  }
}

/* Is the bit of the three-byte form whose bytes start v (utf8_load4) set in g_aThreeByteLook?
** Bits 6..15 of the character (from its first two bytes) choose the word, bits 0..5 the bit. */
static inline int look_bit(uint32_t v) {
  return (g_aThreeByteLook[(v & 0x0Fu) << 6 | (v >> 8 & 0x3Fu)] >> (v >> 16 & 0x3Fu)) & 1;
}

static int no_look_bit(uint32_t v) { return !look_bit(v); }

/* Offset of the first character in z[i..nByte) that is neither ASCII nor a three-byte form
** whose look_bit is clear (both surely left alone by text_t2s), or nByte: the scans below hand
** only these to their general path. This is the inner loop of every scan for Traditional
** characters, so a character's bytes are read together, with one load; the last few bytes are
** read from a zero-padded copy (a zero byte continues no form). */
static size_t next_three_byte_look(const unsigned char *z, size_t i, size_t nByte) {
  i = utf8_skip_three_byte_run(z, i, nByte, no_look_bit);
  if (i + 4 <= nByte) return i;
  while (i < nByte) {
    unsigned char a[4] = {0, 0, 0, 0};
    memcpy(a, z + i, nByte - i);
    uint32_t v = utf8_load4(a);
    if (!(v & 0x80)) {
      i++;
      continue;
    }
    if (!utf8_is_three_byte_form(v) || look_bit(v)) return i;
    i += 3;
  }
  return i;
}

size_t text_traditional_at(const char *zText, size_t nByte) {
  if (g_t2s.n == 0) return nByte;
  const unsigned char *z = (const unsigned char *)zText;
  for (size_t i = next_three_byte_look(z, 0, nByte); i < nByte;
       i = next_three_byte_look(z, i, nByte)) {
    uint32_t cp;
    int n = utf8_decode(z + i, nByte - i, &cp);
    /* A three-byte character here has its bit set: in the direct map that means
    ** Traditional; the rest are looked up. */
    if (n == 3 && cp >= T2S_LO && cp < T2S_HI) return i;
    if (cp != UTF8_INVALID && text_t2s(cp) != cp) {
      unsigned char a[4], b[4];
      if (utf8_encode(cp, a) == utf8_encode(text_t2s(cp), b)) return i;
    }
    i += (size_t)n;
  }
  return nByte;
}

int text_has_traditional(const char *zText, size_t nByte) {
  return text_traditional_at(zText, nByte) < nByte;
}

unsigned text_t2s(unsigned cp) {
  if (cp >= T2S_LO && cp < T2S_HI) {
    unsigned t = g_aT2sDirect[cp - T2S_LO];
    return t ? t : cp;
  }
  if (cp < 0x10000 && !((g_aMapped[cp / 64] >> (cp % 64)) & 1)) return cp;
  size_t lo = 0, hi = g_t2s.n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (g_t2s.aFrom[mid] < cp) lo = mid + 1;
    else hi = mid;
  }
  if (lo < g_t2s.n && g_t2s.aFrom[lo] == cp) return g_t2s.aTo[lo];
  return cp;
}

void text_normalize(char *zText, size_t nByte) {
  if (g_t2s.n == 0) return;
  unsigned char *z = (unsigned char *)zText;
  for (size_t i = next_three_byte_look(z, 0, nByte); i < nByte;
       i = next_three_byte_look(z, i, nByte)) {
    uint32_t cp;
    int n = utf8_decode(z + i, nByte - i, &cp);
    if (cp != UTF8_INVALID && utf8_is_han(cp)) {
      uint32_t s = text_t2s(cp);
      if (s != cp) utf8_encode(s, z + i);
    }
    i += (size_t)n;
  }
}

/* ---- lines ------------------------------------------------------------------------------- */

/* Fill t's line tables. nNewline: the newlines in the source (as many as in t->z: in GB18030 a
** 0x0A byte is always a newline), so the table is allocated once at its size. */
static void build_lines(Text *t, size_t nSrcSkip, size_t nNewline) {
  size_t cap = nNewline + 2;
  t->aLine = xmalloc(sizeof *t->aLine * cap);
  t->nLine = 0;
  /* Each newline (found with memchr), then the end of the text, closes a line; an empty last
  ** line after a final newline does not count. */
  size_t start = 0;
  for (size_t i = 0;;) {
    const char *p = i < t->nByte ? memchr(t->z + i, '\n', t->nByte - i) : NULL;
    size_t at = p ? (size_t)(p - t->z) : t->nByte;
    if (at == t->nByte && start == t->nByte && t->nLine > 0) break;
    if ((size_t)t->nLine + 2 > cap) MEM_GROW(t->aLine, cap, (size_t)t->nLine + 2);
    t->aLine[t->nLine++] = (uint32_t)start;
    start = at + 1;
    if (at == t->nByte) break;
    i = at + 1;
  }
  MEM_GROW(t->aLine, cap, (size_t)t->nLine + 2);
  t->aLine[t->nLine] = (uint32_t)(t->nByte + 1);
  /* Source line starts: the same newlines, found in the source bytes. */
  /* UTF-8 lines start where the source's do, shifted by a BOM: no second table. */
  t->nSrcSkip = nSrcSkip;
  if (t->enc != TEXT_GB18030) return;
  t->aSrcLine = xcalloc((size_t)t->nLine + 1, sizeof *t->aSrcLine);
  int l = 0;
  t->aSrcLine[l++] = (uint32_t)nSrcSkip;
  for (size_t i = nSrcSkip; i < t->nSrc && l < t->nLine; i++) {
    if (t->zSrc[i] == '\n') t->aSrcLine[l++] = (uint32_t)(i + 1);
  }
  t->aSrcLine[t->nLine] = (uint32_t)(t->nSrc + 1);
}

int text_line_of(const Text *t, size_t i) {
  int lo = 0, hi = t->nLine - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (t->aLine[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/* Length in bytes of the GB18030 character at z[0..n), or 0 when invalid or truncated. */
static size_t gb_char_len(const unsigned char *z, size_t n) {
  if (z[0] < 0x80) return 1;
  if (z[0] == 0x80 || z[0] == 0xFF) return 0;
  if (n < 2) return 0;
  if (z[1] >= 0x30 && z[1] <= 0x39) {
    if (n < 4) return 0;
    if (z[2] < 0x81 || z[2] > 0xFE || z[3] < 0x30 || z[3] > 0x39) return 0;
    return 4;
  }
  if (z[1] < 0x40 || z[1] == 0x7F || z[1] == 0xFF) return 0;
  return 2;
}

size_t text_src_offset(const Text *t, size_t i) {
  if (i >= t->nByte) return t->nSrc;
  if (t->enc != TEXT_GB18030) return t->nSrcSkip + i;
  int line = text_line_of(t, i);
  size_t src = t->aSrcLine[line - 1];
  /* Walk both encodings one character at a time. */
  size_t u = t->aLine[line - 1];
  while (u < i && src < t->nSrc) {
    uint32_t cp;
    u += (size_t)utf8_decode((const unsigned char *)t->z + u, t->nByte - u, &cp);
    size_t g = gb_char_len(t->zSrc + src, t->nSrc - src);
    src += g ? g : 1;
  }
  return src;
}

const char *text_encoding_name(TextEncoding enc) {
  switch (enc) {
    case TEXT_UTF8: return "UTF-8";
    case TEXT_UTF8_BOM: return "UTF-8 BOM";
    case TEXT_GB18030: return "GB18030";
  }
  return "?";
}

/* ---- detection --------------------------------------------------------------------------- */

static long line_at(const unsigned char *z, size_t off) {
  long line = 1;
  for (size_t i = 0; i < off; i++) {
    if (z[i] == '\n') line++;
  }
  return line;
}

/* Look at one byte for looks_binary: a NUL ends the look (returns 1), another control
** character is counted (the first one's offset kept in *pAt), a newline counted in *pnNewline. */
static int binary_byte(const unsigned char *z, size_t i, size_t *pnCtl, size_t *pAt,
                       size_t *pnNewline) {
  unsigned c = z[i];
  if (c == '\n') {
    (*pnNewline)++;
    return 0;
  }
  if (c == 0) {
    *pAt = i;
    return 1;
  }
  if (c < 0x20 && c != '\t' && c != '\r' && c != '\f') {
    if (*pnCtl == 0) *pAt = i;
    (*pnCtl)++;
  }
  return 0;
}

/* A file is binary when it holds a NUL byte or when more than 1 in 20 bytes are control
** characters other than tab, CR, LF and form feed. The newlines are counted on the way (in
** *pnNewline, when the file is not binary): they are bytes below 0x20 too, looked at anyway. */
static int looks_binary(const unsigned char *z, size_t n, size_t *pAt, size_t *pnNewline) {
  size_t nCtl = 0, i = 0;
  *pnNewline = 0;
  /* Eight bytes at once when none is below 0x20 (the classic "has a byte less than" test:
  ** exact about whether there is one, which is all this needs). */
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, z + i, 8);
    const uint64_t ones = 0x0101010101010101ull;
    if (!((w - ones * 0x20) & ~w & ones * 0x80)) continue;
    for (size_t k = i; k < i + 8; k++) {
      if (binary_byte(z, k, &nCtl, pAt, pnNewline)) return 1;
    }
  }
  for (; i < n; i++) {
    if (binary_byte(z, i, &nCtl, pAt, pnNewline)) return 1;
  }
  return nCtl > 0 && nCtl * 20 > n;
}

/* Convert GB18030 to UTF-8. Returns 0, or the offset+1 of the first byte that does not convert. */
static size_t gb_to_utf8(const unsigned char *z, size_t n, char **pzOut, size_t *pnOut) {
  /* Validate the structure first so that a truncated tail is reported exactly. */
  for (size_t i = 0; i < n;) {
    size_t g = gb_char_len(z + i, n - i);
    if (g == 0) return i + 1;
    i += g;
  }
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) return 1;
  size_t cap = n * 2 + 16;
  char *out = xmalloc(cap);
  char *in = (char *)z;
  size_t inLeft = n;
  char *o = out;
  size_t oLeft = cap - 1;
  size_t bad = 0;
  while (inLeft > 0) {
    size_t r = iconv(cd, &in, &inLeft, &o, &oLeft);
    if (r == (size_t)-1) {
      if (errno == E2BIG) {
        size_t used = (size_t)(o - out);
        cap *= 2;
        out = xrealloc(out, cap);
        o = out + used;
        oLeft = cap - used - 1;
        continue;
      }
      bad = (size_t)((unsigned char *)in - z) + 1;
      break;
    }
  }
  iconv_close(cd);
  if (bad) {
    free(out);
    return bad;
  }
  *o = 0;
  *pzOut = out;
  *pnOut = (size_t)(o - out);
  return 0;
}

/* Do most of the non-ASCII bytes form valid UTF-8 sequences? */
static int mostly_utf8(const unsigned char *z, size_t n) {
  size_t good = 0, bad = 0;
  for (size_t i = 0; i < n;) {
    if (z[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    int len = utf8_decode(z + i, n - i, &cp);
    if (cp == UTF8_INVALID) bad++;
    else good += (size_t)len;
    i += (size_t)len;
  }
  return good >= 9 * bad;
}

int decode_run(const unsigned char *zSrc, size_t nSrc, const DecodeOpts *o, Text *t, Err *e) {
  memset(t, 0, sizeof *t);
  t->zSrc = zSrc;
  t->nSrc = nSrc;
  int force = o ? o->forceEncoding : -1;
  if (nSrc == 0) return err_set(e, LUOSHI_EINVAL, "the file is empty");
  size_t at = 0;
  size_t nNewline = 0;
  if (looks_binary(zSrc, nSrc, &at, &nNewline)) {
    return err_set_at(e, LUOSHI_EINVAL, line_at(zSrc, at), (long long)at,
                      "this is a binary file, not text (control byte 0x%02X at byte %zu)",
                      zSrc[at], at);
  }
  size_t skip = 0;
  if (nSrc >= 3 && zSrc[0] == 0xEF && zSrc[1] == 0xBB && zSrc[2] == 0xBF) skip = 3;
  size_t badUtf8 = skip + utf8_invalid_offset(zSrc + skip, nSrc - skip);
  int useUtf8 = (force == -1) ? (badUtf8 == nSrc) : (force != TEXT_GB18030);
  if (useUtf8) {
    if (badUtf8 != nSrc) {
      return err_set_at(e, LUOSHI_EINVAL, line_at(zSrc, badUtf8), (long long)badUtf8,
                        "invalid UTF-8 at byte %zu (line %ld): byte 0x%02X does not start a "
                        "valid sequence; convert the file or name its encoding",
                        badUtf8, line_at(zSrc, badUtf8), zSrc[badUtf8]);
    }
    t->enc = skip ? TEXT_UTF8_BOM : TEXT_UTF8;
    if (o && o->bSrcTerminated) {
      t->z = (char *)zSrc + skip;
      t->bBorrowed = 1;
    } else {
      t->z = xstrndup((const char *)zSrc + skip, nSrc - skip);
    }
    t->nByte = nSrc - skip;
  } else {
    char *out = NULL;
    size_t nOut = 0;
    size_t bad = gb_to_utf8(zSrc, nSrc, &out, &nOut);
    if (bad) {
      if (force == -1 && mostly_utf8(zSrc, nSrc)) {
        return err_set_at(e, LUOSHI_EINVAL, line_at(zSrc, badUtf8), (long long)badUtf8,
                          "invalid UTF-8 at byte %zu (line %ld): byte 0x%02X does not start a "
                          "valid sequence; the file is not GB18030 either",
                          badUtf8, line_at(zSrc, badUtf8), zSrc[badUtf8]);
      }
      size_t where = bad - 1;
      int truncated = (where + 4 > nSrc);
      return err_set_at(e, LUOSHI_EINVAL, line_at(zSrc, where), (long long)where,
                        "the file is neither valid UTF-8 nor GB18030: %s at byte %zu (line %ld)",
                        truncated ? "a truncated GB18030 character" : "an invalid byte sequence",
                        where, line_at(zSrc, where));
    }
    t->enc = TEXT_GB18030;
    t->z = out;
    t->nByte = nOut;
  }
  build_lines(t, skip, nNewline);
  return 0;
}

void text_free(Text *t) {
  if (!t->bBorrowed) free(t->z);
  free(t->aLine);
  free(t->aSrcLine);
  memset(t, 0, sizeof *t);
}
