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
  int n;
  uint32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
    min = 0x800;
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

/* Byte offset of the start of the character that precedes offset i (i > 0) in valid UTF-8. */
size_t utf8_prev(const char *z, size_t i);

/* Classes. */
int utf8_is_han(uint32_t cp);          /* CJK unified ideograph (incl. extensions, compatibility) */
int utf8_is_wide(uint32_t cp);         /* occupies two columns in Chinese typesetting */
int utf8_is_space(uint32_t cp);        /* ASCII white space, U+3000, NBSP and other Zs */
int utf8_is_digit(uint32_t cp);        /* 0-9 or full-width ０-９ */
int utf8_digit_value(uint32_t cp);     /* 0..9 for a digit, -1 otherwise */
int utf8_is_latin(uint32_t cp);        /* ASCII or full-width letters */
/* Sentence-final punctuation: 。！？；and ASCII ! ? ; (full stop '.' only when the caller
** decides; it is too ambiguous with decimals and numbering). */
int utf8_is_sentence_end(uint32_t cp);
/* Is cp, the character at z[i] (len bytes) of z[0..n), a sentence end in its context? Besides
** utf8_is_sentence_end, a half-width '.' or '．' ends a sentence after a Chinese character or a
** closing mark when no digit follows ("要求.各级" ends; "2.6%" and "3. " do not). */
int utf8_sentence_end_at(const char *z, size_t n, size_t i, uint32_t cp, size_t len);

/* Clause punctuation inside a sentence: ，、：and ASCII , : */
int utf8_is_clause_mark(uint32_t cp);
/* Any punctuation mark, Chinese or ASCII. */
int utf8_is_punct(uint32_t cp);
/* Closing marks that stay attached to the sentence end before them: ”’）」』》】 ) ] " ' */
int utf8_is_closer(uint32_t cp);
/* Opening marks: “‘（「『《【 ( [ */
int utf8_is_opener(uint32_t cp);

/* Map a full-width ASCII form (U+FF01..U+FF5E) to its ASCII character, else return cp. */
uint32_t utf8_halfwidth(uint32_t cp);

#endif
