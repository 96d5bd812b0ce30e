/*
** One migration text for both databases (db_schema_text in db.h). A migration file is common
** SQL, which both databases run, with blocks for one of them: a line "-- @sqlite" or
** "-- @postgresql" starts such a block and "-- @both" returns to the common text. A marker is
** recognised at the start of a line only, followed by the end of the line or by a space or tab
** (the rest of the line is free commentary); the marker lines themselves never reach either
** database.
**
** For SQLite the answer is the common text and the @sqlite blocks byte for byte, so a database
** created from the old single-dialect files and one created now hold the same schema text. For
** PostgreSQL the common text's SQLite column types are rewritten (see map_common) and the
** @postgresql blocks are copied as they are: they are written in PostgreSQL's own dialect.
**
** This file only transforms text: it neither splits statements nor talks to a database.
*/
#include "db.h"

#include "../base/buf.h"

#include <string.h>

/* Which lines a stretch of the migration is for. */
typedef enum Section { SECTION_BOTH, SECTION_SQLITE, SECTION_POSTGRESQL } Section;

/* Where the type rewriter stands in the common text: in SQL proper, or inside something whose
** words are not SQL and so are never rewritten. Kept across the lines of the common text. */
typedef enum Lex {
  LEX_SQL,        /* ordinary SQL */
  LEX_STRING,     /* inside '...' */
  LEX_QUOTED,     /* inside "..." (an identifier) */
  LEX_BACKTICK,   /* inside `...` (SQLite's other identifier quote) */
  LEX_LINE,       /* inside a -- comment, up to the end of the line */
  LEX_BLOCK,      /* inside a C-style block comment */
} Lex;

/* The marker a line [z, z+nByte) is, or -1 when it is an ordinary line. */
static int line_marker(const char *z, size_t nByte) {
  static const struct {
    const char *zMark; /* the marker's text */
    Section section;   /* the section it starts */
  } aMark[] = {
      {"-- @sqlite", SECTION_SQLITE},
      {"-- @postgresql", SECTION_POSTGRESQL},
      {"-- @both", SECTION_BOTH},
  };
  for (size_t i = 0; i < sizeof aMark / sizeof aMark[0]; i++) {
    size_t nMark = strlen(aMark[i].zMark);
    if (nByte < nMark || memcmp(z, aMark[i].zMark, nMark) != 0) continue;
    if (nByte == nMark) return (int)aMark[i].section;
    char c = z[nMark];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return (int)aMark[i].section;
  }
  return -1;
}

/* 1 when byte c can be part of an SQL word: ASCII letters, digits, '_', '$', and every byte of
** a multi-byte UTF-8 character (both databases take those in unquoted identifiers). */
static int is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '$' || c >= 0x80;
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* 1 when the nByte bytes at z are the word zWord (upper case ASCII), in any case. */
static int word_is(const char *z, size_t nByte, const char *zWord) {
  if (strlen(zWord) != nByte) return 0;
  for (size_t i = 0; i < nByte; i++) {
    char c = z[i];
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    if (c != zWord[i]) return 0;
  }
  return 1;
}

/* The end of the word that starts at z[i] (i itself when none starts there), within n bytes. */
static size_t word_end(const char *z, size_t n, size_t i) {
  while (i < n && is_word_byte((unsigned char)z[i])) i++;
  return i;
}

/* When the words after z[i] (skipping white space) are zWord, the offset just past it; else 0. */
static size_t next_word_is(const char *z, size_t n, size_t i, const char *zWord) {
  while (i < n && is_space(z[i])) i++;
  size_t e = word_end(z, n, i);
  return e > i && word_is(z + i, e - i, zWord) ? e : 0;
}

/* Append the n bytes of common text at z to b in PostgreSQL's types: the column type "INTEGER
** PRIMARY KEY" (with or without AUTOINCREMENT) becomes an identity column, then INTEGER becomes
** BIGINT, REAL DOUBLE PRECISION and BLOB BYTEA, each as a whole word in any case, never inside
** a string, a quoted identifier or a comment. *pLex is where the previous common text left
** off, and is where this one leaves off. */
static void map_common(Buf *b, const char *z, size_t n, Lex *pLex) {
  size_t i = 0;
  while (i < n) {
    char c = z[i];
    Lex lex = *pLex;
    if (lex != LEX_SQL) {
      size_t nEnd = 1; /* bytes of the closing sequence */
      int bClose = (lex == LEX_STRING && c == '\'') || (lex == LEX_QUOTED && c == '"') ||
                   (lex == LEX_BACKTICK && c == '`') || (lex == LEX_LINE && c == '\n');
      if (lex == LEX_BLOCK && c == '*' && i + 1 < n && z[i + 1] == '/') {
        bClose = 1;
        nEnd = 2;
      }
      /* A doubled quote inside a string closes it and opens it again: the same bytes. */
      if (bClose) *pLex = LEX_SQL;
      buf_append(b, z + i, nEnd);
      i += nEnd;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      *pLex = c == '\'' ? LEX_STRING : c == '"' ? LEX_QUOTED : LEX_BACKTICK;
      buf_putc(b, c);
      i++;
      continue;
    }
    if ((c == '-' || c == '/') && i + 1 < n && z[i + 1] == (c == '-' ? '-' : '*')) {
      *pLex = c == '-' ? LEX_LINE : LEX_BLOCK;
      buf_append(b, z + i, 2);
      i += 2;
      continue;
    }
    size_t e = word_end(z, n, i);
    if (e == i) {
      buf_putc(b, c);
      i++;
      continue;
    }
    /* A word that starts with a digit is a number (1e5, 0x1F): copied as it is. */
    if (c >= '0' && c <= '9') {
      buf_append(b, z + i, e - i);
    } else if (word_is(z + i, e - i, "INTEGER")) {
      size_t ePrimary = next_word_is(z, n, e, "PRIMARY");
      size_t eKey = ePrimary ? next_word_is(z, n, ePrimary, "KEY") : 0;
      if (eKey) {
        size_t eAuto = next_word_is(z, n, eKey, "AUTOINCREMENT");
        buf_puts(b, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
        e = eAuto ? eAuto : eKey;
      } else {
        buf_puts(b, "BIGINT");
      }
    } else if (word_is(z + i, e - i, "REAL")) {
      buf_puts(b, "DOUBLE PRECISION");
    } else if (word_is(z + i, e - i, "BLOB")) {
      buf_puts(b, "BYTEA");
    } else {
      buf_append(b, z + i, e - i);
    }
    i = e;
  }
}

char *db_schema_text(const char *zText, size_t nByte, DbDialect d) {
  Buf out = BUF_INIT;
  Section section = SECTION_BOTH;
  Section mine = d == DB_POSTGRESQL ? SECTION_POSTGRESQL : SECTION_SQLITE;
  Lex lex = LEX_SQL;
  size_t iRun = 0; /* where the current run of lines of one section starts */
  size_t i = 0;
  for (;;) {
    size_t iEnd = i; /* just past the line's newline, or the end of the text */
    while (iEnd < nByte && zText[iEnd] != '\n') iEnd++;
    if (iEnd < nByte) iEnd++;
    int marker = i < nByte ? line_marker(zText + i, iEnd - i) : -1;
    if (marker >= 0 || i >= nByte) {
      /* Flush the run [iRun, i) of the section that ends here. */
      if (section == SECTION_BOTH && d == DB_POSTGRESQL) {
        map_common(&out, zText + iRun, i - iRun, &lex);
      } else if (section == SECTION_BOTH || section == mine) {
        buf_append(&out, zText + iRun, i - iRun);
      }
      if (i >= nByte) break;
      section = (Section)marker;
      iRun = iEnd;
    }
    i = iEnd;
  }
  return buf_take(&out);
}
