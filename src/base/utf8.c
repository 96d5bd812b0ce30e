/*
** UTF-8 decoding, validation and character classes (see utf8.h).
*/
#include "utf8.h"

#include <string.h>

int utf8_encode(uint32_t cp, unsigned char *z) {
  if (cp < 0x80) {
    z[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    z[0] = (unsigned char)(0xC0 | (cp >> 6));
    z[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    z[0] = (unsigned char)(0xE0 | (cp >> 12));
    z[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    z[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  z[0] = (unsigned char)(0xF0 | (cp >> 18));
  z[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  z[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  z[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Is the three-byte form whose bytes start v (utf8_load4) a valid character? All are but E0
** with a second byte below A0 (overlong) and ED with one from A0 (surrogates): the low nibble
** of the lead and bit 5 of the second byte tell. */
static int three_byte_valid(uint32_t v) {
  uint32_t key = v & 0x200Fu;
  return key != 0 && key != 0x200Du;
}

size_t utf8_invalid_offset(const unsigned char *z, size_t nByte) {
  size_t i = 0;
  while (i < nByte) {
    /* Fast over ASCII and the three-byte characters of Chinese text; the rest goes to
    ** utf8_decode. */
    i = utf8_skip_three_byte_run(z, i, nByte, three_byte_valid);
    if (i >= nByte) break;
    if (z[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    int n = utf8_decode(z + i, nByte - i, &cp);
    if (cp == UTF8_INVALID) return i;
    i += (size_t)n;
  }
  return nByte;
}

size_t utf8_nchar(const char *z, size_t nByte) {
  /* Count the bytes that are not continuation bytes (10xxxxxx), eight at a time: a byte of t
  ** is 1 when its bit 7 is clear or its bit 6 is set, and the multiplication sums the eight
  ** into the top byte. (Replaced a byte loop; a whole document is counted at import.) */
  size_t n = 0, i = 0;
  for (; i + 8 <= nByte; i += 8) {
    uint64_t w;
    memcpy(&w, z + i, 8);
    uint64_t t = ((~w >> 7) | (w >> 6)) & 0x0101010101010101ull;
    n += (size_t)((t * 0x0101010101010101ull) >> 56);
  }
  for (; i < nByte; i++) {
    if (((unsigned char)z[i] & 0xC0) != 0x80) n++;
  }
  return n;
}

size_t utf8_ncolumn(const char *z, size_t nByte) {
  size_t n = 0;
  for (size_t i = 0; i < nByte;) {
    uint32_t cp;
    i += (size_t)utf8_decode((const unsigned char *)z + i, nByte - i, &cp);
    if (cp != UTF8_INVALID) n += utf8_is_wide(cp) ? 2 : 1;
  }
  return n;
}

int utf8_is_wide(uint32_t cp) {
  if (cp >= 0x1100 && cp <= 0x115F) return 1;
  if (cp >= 0x2E80 && cp <= 0xA4CF) return 1;    /* CJK radicals .. Yi */
  if (cp >= 0xAC00 && cp <= 0xD7A3) return 1;    /* Hangul */
  if (cp >= 0xF900 && cp <= 0xFAFF) return 1;
  if (cp >= 0xFE30 && cp <= 0xFE4F) return 1;
  if (cp >= 0xFF00 && cp <= 0xFF60) return 1;    /* full-width forms */
  if (cp >= 0xFFE0 && cp <= 0xFFE6) return 1;
  if (cp >= 0x20000 && cp <= 0x3FFFD) return 1;
  /* Quotes, dashes and ellipsis are set full width in Chinese text. */
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D) return 1;
  if (cp == 0x2014 || cp == 0x2026 || cp == 0x00B7) return 1;
  return 0;
}

int utf8_digit_value(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return (int)(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
  return -1;
}

int utf8__dot_ends_sentence(const char *z, size_t n, size_t i, size_t len) {
  if (i == 0) return 0;
  uint32_t before;
  size_t p = utf8_prev(z, i);
  utf8_decode((const unsigned char *)z + p, i - p, &before);
  if (!(utf8_is_wide(before) && !utf8_is_digit(before)) && !utf8_is_closer(before)) return 0;
  if (i + len < n) {
    uint32_t after;
    utf8_decode((const unsigned char *)z + i + len, n - i - len, &after);
    if (utf8_is_digit(after)) return 0;
  }
  return 1;
}

int utf8_is_opener(uint32_t cp) {
  return cp == 0x201C || cp == 0x2018 || cp == 0xFF08 || cp == 0x300C || cp == 0x300E ||
         cp == 0x300A || cp == 0x3010 || cp == '(' || cp == '[' || cp == 0x3008;
}

int utf8_is_punct(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
           (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
  }
  if (cp >= 0x3000 && cp <= 0x303F) return cp != 0x3000 && cp != 0x3007;
  if (cp >= 0xFF01 && cp <= 0xFF0F) return 1;
  if (cp >= 0xFF1A && cp <= 0xFF20) return 1;
  if (cp >= 0xFF3B && cp <= 0xFF40) return 1;
  if (cp >= 0xFF5B && cp <= 0xFF65) return 1;
  if (cp >= 0x2010 && cp <= 0x2027) return 1;
  if (cp == 0x00B7) return 1;
  return 0;
}

uint32_t utf8_halfwidth(uint32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21;
  if (cp == 0x3000) return ' ';
  return cp;
}
