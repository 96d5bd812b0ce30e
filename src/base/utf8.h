/*
** UTF-8: decoding one character, validation, and the character classes that Chinese policy
** text needs (ideographs, full-width forms, sentence punctuation, digits of both widths).
**
** Lengths are always in bytes unless a name says nChar. Classification of Unicode properties
** beyond these few ranges is left to utf8proc where a caller needs it.
*/
#ifndef LUOSHI_BASE_UTF8_H
#define LUOSHI_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode the character at z[0..nByte). Returns its length in bytes (1..4) and stores the code
** point in *pCp. An invalid or truncated sequence returns 1 and stores UTF8_INVALID. nByte
** must be at least 1. */
#define UTF8_INVALID 0xFFFFFFFFu
/* (Defined here, inline: every scan of the text calls it for every character.) */
static inline int utf8_decode(const unsigned char *z, size_t nByte, uint32_t *pCp) {
  unsigned c = z[0];
  if (c < 0x80) {
    *pCp = c;
    return 1;
  }
  /* Three bytes first, with no loop: nearly every character of Chinese text takes this path. */
  if (c >= 0xE0 && c <= 0xEF) {
    if (nByte >= 3 && (z[1] & 0xC0) == 0x80 && (z[2] & 0xC0) == 0x80) {
      uint32_t cp3 = (c & 0x0Fu) << 12 | (z[1] & 0x3Fu) << 6 | (z[2] & 0x3Fu);
      if (cp3 >= 0x800 && (cp3 < 0xD800 || cp3 > 0xDFFF)) {
        *pCp = cp3;
        return 3;
      }
    }
    *pCp = UTF8_INVALID;
    return 1;
  }
  int n;
  uint32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    *pCp = UTF8_INVALID;
    return 1;
  }
  if ((size_t)n > nByte) {
    *pCp = UTF8_INVALID;
    return 1;
  }
  for (int i = 1; i < n; i++) {
    if ((z[i] & 0xC0) != 0x80) {
      *pCp = UTF8_INVALID;
      return 1;
    }
    cp = (cp << 6) | (z[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pCp = UTF8_INVALID;
    return 1;
  }
  *pCp = cp;
  return n;
}


/* Byte-level tests for scans of text already validated (decoded), which skip most characters
** without decoding them: in Chinese text nearly every character is an ideograph whose lead
** byte alone rules out the class asked about. Each is exact for valid UTF-8: a false answer
** means the character is surely not in the class; a true one means decode and ask. */

/* Length of the character whose lead byte is c. */
static inline size_t utf8_lead_len(unsigned char c) {
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Can a character with lead byte c be white space (utf8_is_space)? Only ASCII white space and
** the leads of U+00A0 (C2), U+2000.. (E2), U+3000 (E3) and U+FEFF (EF). */
static inline int utf8_lead_may_be_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xC2 || c == 0xE2 || c == 0xE3 ||
         c == 0xEF;
}

/* Length in bytes of the white space character (utf8_is_space) that starts z[0..n), or 0 when
** the character there is not white space: decided on the bytes, without decoding (most of the
** leads that utf8_lead_may_be_space lets through are punctuation such as 。 and ，). */
static inline size_t utf8_space_len(const unsigned char *z, size_t n) {
  unsigned char c = z[0];
  if (c < 0x80) return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
  if (c == 0xC2) return n >= 2 && z[1] == 0xA0 ? 2 : 0;                     /* U+00A0 */
  if (n < 3) return 0;
  if (c == 0xE3) return z[1] == 0x80 && z[2] == 0x80 ? 3 : 0;               /* U+3000 */
  if (c == 0xEF) return z[1] == 0xBB && z[2] == 0xBF ? 3 : 0;               /* U+FEFF */
  if (c != 0xE2) return 0;
  if (z[1] == 0x80) return (z[2] >= 0x80 && z[2] <= 0x8B) || z[2] == 0xAF ? 3 : 0;
  return z[1] == 0x81 && z[2] == 0x9F ? 3 : 0;                               /* U+205F */
}

/* Can a character with lead byte c be a sentence end or clause mark (utf8_is_sentence_end,
** utf8_is_clause_mark, utf8_sentence_end_at)? Only ASCII and the leads of U+3000.. (E3) and
** the full-width forms (EF). */
static inline int utf8_lead_may_be_mark(unsigned char c) {
  return c < 0x80 || c == 0xE3 || c == 0xEF;
}

/* The bytes z[0..4) as one little-endian number, on any machine (compilers make it one load):
** for loops that test a character's bytes together. */
static inline uint32_t utf8_load4(const unsigned char *z) {
  return (uint32_t)z[0] | (uint32_t)z[1] << 8 | (uint32_t)z[2] << 16 | (uint32_t)z[3] << 24;
}

/* The bytes z[0..8) likewise (one load). */
static inline uint64_t utf8_load8(const unsigned char *z) {
  return (uint64_t)utf8_load4(z) | (uint64_t)utf8_load4(z + 4) << 32;
}

/* Does v (from utf8_load8) start with the forms of two three-byte characters? */
static inline int utf8_is_two_three_byte_forms(uint64_t v) {
  return (v & 0xC0C0F0C0C0F0ull) == 0x8080E08080E0ull;
}

/* Does v (from utf8_load4) start with the form of a three-byte character, a lead E0..EF and two
** continuation bytes? (Overlong E0 and surrogate ED forms pass: a validator checks those.) */
static inline int utf8_is_three_byte_form(uint32_t v) {
  return (v & 0xC0C0F0u) == 0x8080E0u;
}

/* The fast part of scans over Chinese text that pass ASCII and most three-byte characters: from
** i, steps over ASCII bytes and over three-byte forms for which pass(v) is true (v from
** utf8_load4 at the character: its bytes in the low three bytes), two characters a load when it
** can. Returns the offset of the first character it does not pass, or the first offset from
** which fewer than four bytes remain. (Inline, so that pass is inlined too.) */
static inline size_t utf8_skip_three_byte_run(const unsigned char *z, size_t i, size_t nByte,
                                              int (*pass)(uint32_t)) {
  while (i + 4 <= nByte) {
    /* Two three-byte characters at once when there are: most characters come in such pairs. */
    if (i + 8 <= nByte) {
      uint64_t w = utf8_load8(z + i);
      if (utf8_is_two_three_byte_forms(w) && pass((uint32_t)w) && pass((uint32_t)(w >> 24))) {
        i += 6;
        continue;
      }
    }
    uint32_t v = utf8_load4(z + i);
    if (!(v & 0x80)) {
      i++;
      continue;
    }
    if (!utf8_is_three_byte_form(v) || !pass(v)) return i;
    i += 3;
  }
  return i;
}

/* Encode cp into z (room for 4 bytes); returns the number of bytes written. */
int utf8_encode(uint32_t cp, unsigned char *z);

/* Offset of the first byte that is not part of valid UTF-8 in z[0..nByte), or nByte when all of
** it is valid. Overlong forms, surrogates and code points above U+10FFFF are invalid. */
size_t utf8_invalid_offset(const unsigned char *z, size_t nByte);

/* Number of characters in valid UTF-8 z[0..nByte). */
size_t utf8_nchar(const char *z, size_t nByte);

/* Columns z[0..nByte) takes when set in Chinese typesetting: 2 for each wide character
** (utf8_is_wide), 1 for any other, 0 for an invalid byte. For sizing cells and columns. */
size_t utf8_ncolumn(const char *z, size_t nByte);

/* Byte offset of the start of the character that precedes offset i (i > 0) in valid UTF-8.
** (Inline: every trim and line-end test steps back one character.) */
static inline size_t utf8_prev(const char *z, size_t i) {
  if (i == 0) return 0;
  i--;
  while (i > 0 && ((unsigned char)z[i] & 0xC0) == 0x80) i--;
  return i;
}

/* Classes. */
/* CJK unified ideograph (incl. extensions, compatibility) */
static inline int utf8_is_han(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}
int utf8_is_wide(uint32_t cp);         /* occupies two columns in Chinese typesetting */
/* ASCII white space, U+3000, NBSP and other Zs */
static inline int utf8_is_space(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f' || cp == '\v' ||
         cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
         cp == 0x205F || cp == 0xFEFF;
}
/* 0-9 or full-width ０-９ */
static inline int utf8_is_digit(uint32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}
int utf8_digit_value(uint32_t cp);     /* 0..9 for a digit, -1 otherwise */
/* ASCII or full-width letters */
static inline int utf8_is_latin(uint32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xFF21 && cp <= 0xFF3A) ||
         (cp >= 0xFF41 && cp <= 0xFF5A);
}
/* Sentence-final punctuation: 。！？；and ASCII ! ? ; (full stop '.' only when the caller
** decides; it is too ambiguous with decimals and numbering). */
static inline int utf8_is_sentence_end(uint32_t cp) {
  return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == '!' || cp == '?' ||
         cp == ';' || cp == 0xFF61;
}
/* The '.' or '．' case of utf8_sentence_end_at, which alone calls it: does the one at z[i] (len
** bytes) of z[0..n) end a sentence? */
int utf8__dot_ends_sentence(const char *z, size_t n, size_t i, size_t len);
/* Is cp, the character at z[i] (len bytes) of z[0..n), a sentence end in its context? Besides
** utf8_is_sentence_end, a half-width '.' or '．' ends a sentence after a Chinese character or a
** closing mark when no digit follows ("要求.各级" ends; "2.6%" and "3. " do not). (Inline, with
** the classes above and utf8_prev: the scans of the text ask for every mark they meet.) */
static inline int utf8_sentence_end_at(const char *z, size_t n, size_t i, uint32_t cp,
                                       size_t len) {
  if (utf8_is_sentence_end(cp)) return 1;
  if (cp != '.' && cp != 0xFF0E) return 0;
  return utf8__dot_ends_sentence(z, n, i, len);
}

/* Clause punctuation inside a sentence: ，、：and ASCII , : */
static inline int utf8_is_clause_mark(uint32_t cp) {
  return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A || cp == ',' || cp == ':';
}

/* Any punctuation mark, Chinese or ASCII. */
int utf8_is_punct(uint32_t cp);
/* Closing marks that stay attached to the sentence end before them: ”’）」』》】 ) ] " ' */
static inline int utf8_is_closer(uint32_t cp) {
  return cp == 0x201D || cp == 0x2019 || cp == 0xFF09 || cp == 0x300D || cp == 0x300F ||
         cp == 0x300B || cp == 0x3011 || cp == ')' || cp == ']' || cp == '"' || cp == '\'' ||
         cp == 0x3009;
}

/* Opening marks: “‘（「『《【 ( [ */
int utf8_is_opener(uint32_t cp);

/* Map a full-width ASCII form (U+FF01..U+FF5E) to its ASCII character, else return cp. */
uint32_t utf8_halfwidth(uint32_t cp);

#endif
