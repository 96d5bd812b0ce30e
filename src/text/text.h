/*
** Text: a document's characters as decoded UTF-8, with its lines and the way back to the bytes
** of the file as given.
**
** decode_run() turns the bytes of a file (UTF-8 with or without BOM, or GB18030/GBK) into a
** Text. Everything downstream works on Text.z, a UTF-8 string; positions reported to users are
** converted back with text_src_offset(), so that "bytes" always count in the file as given and
** "lines" are the file's own 1-based line numbers. text_normalize() maps Traditional characters
** to Simplified in place without changing any length, so that matching can run on a normalised
** copy whose offsets equal the original's. This file does no I/O.
*/
#ifndef LUOSHI_TEXT_TEXT_H
#define LUOSHI_TEXT_TEXT_H

#include "../base/err.h"

#include <stddef.h>
#include <stdint.h>

typedef enum TextEncoding {
  TEXT_UTF8 = 0,       /* UTF-8 without BOM */
  TEXT_UTF8_BOM,       /* UTF-8 after a byte order mark */
  TEXT_GB18030         /* GB18030 (a superset of GBK and GB2312) */
} TextEncoding;

typedef struct Text {
  char *z;                  /* the text, UTF-8, NUL-terminated; never modified; owned unless
                            ** borrowed from the source (clean UTF-8 that ends in a NUL) */
  int bBorrowed;            /* z points into zSrc */
  size_t nByte;             /* bytes in z */
  TextEncoding enc;         /* how the source was encoded */
  uint32_t *aLine;          /* aLine[i]: offset in z where line i+1 starts; aLine[nLine] = nByte+1
                            ** (32 bits: a decoded text stays below 4 GB, see DOC_MAX_BYTES) */
  uint32_t *aSrcLine;       /* GB18030: aSrcLine[i] is where line i+1 starts in the source */
  size_t nSrcSkip;          /* bytes of BOM before the text in the source */
  int nLine;                /* lines in the file (a final line without newline counts) */
  const unsigned char *zSrc;/* the source bytes, borrowed for the life of the Text */
  size_t nSrc;              /* bytes in zSrc */
} Text;

/* Decoding options. */
typedef struct DecodeOpts {
  int forceEncoding;        /* -1: detect; else a TextEncoding */
  int bSrcTerminated;       /* zSrc[nSrc] is a NUL: UTF-8 input is used in place, not copied */
} DecodeOpts;

/* Decode zSrc[0..nSrc) into *t. zSrc must stay valid while t is used (for text_src_offset).
** Detection: a UTF-8 BOM, else valid UTF-8, else GB18030 when the whole input converts.
** Errors (return LUOSHI_EINVAL and fill e with the byte offset and line of the first problem):
** an empty file, a binary file (NUL bytes or mostly control characters), invalid UTF-8 that
** is not GB18030 either, truncated GB18030. On error *t is left empty. */
int decode_run(const unsigned char *zSrc, size_t nSrc, const DecodeOpts *o, Text *t, Err *e);

/* Free what decode_run allocated. */
void text_free(Text *t);

/* 1-based line of offset i in t->z. */
int text_line_of(const Text *t, size_t i);

/* Offset in the source file of offset i in t->z (i may be t->nByte). */
size_t text_src_offset(const Text *t, size_t i);

/* Name of an encoding as shown to users: "UTF-8", "UTF-8 BOM", "GB18030". */
const char *text_encoding_name(TextEncoding enc);

/* Install the Traditional->Simplified table: zTsv holds lines "繁\t简". Called once at
** start-up; without it text_normalize changes nothing. */
void text_set_t2s(const char *zTsv, size_t nByte);

/* Replace Traditional characters in z[0..nByte) by their Simplified forms, in place; only
** forms of the same UTF-8 length are mapped, so offsets do not move. */
void text_normalize(char *z, size_t nByte);

/* Does z[0..nByte) hold any character that text_normalize would change? */
int text_has_traditional(const char *z, size_t nByte);

/* Offset of the first character of z[0..nByte) that text_has_traditional counts, or nByte when
** there is none: text_normalize changes nothing before it, so a caller that copies the text
** to normalise it need only normalise from there. */
size_t text_traditional_at(const char *z, size_t nByte);

/* Map one code point through the Traditional->Simplified table (identity when absent). */
unsigned text_t2s(unsigned cp);

#endif
