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
** PostgreSQL the common text's SQLite column types are rewritten (see map_common), every
** foreign key of it is made DEFERRABLE INITIALLY IMMEDIATE (checked at once, as on SQLite,
** unless a transaction asks for SET CONSTRAINTS ALL DEFERRED, as `luoshi db copy` does to
** insert rows that refer to each other in any order), and the @postgresql blocks are copied as
** they are: they are written in PostgreSQL's own dialect.
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

/* The offset just past the white space and comments that start at z[i] (n bytes in all). */
static size_t skip_blank(const char *z, size_t n, size_t i) {
  for (;;) {
    while (i < n && is_space(z[i])) i++;
    if (i + 1 < n && z[i] == '-' && z[i + 1] == '-') {
      while (i < n && z[i] != '\n') i++;
    } else if (i + 1 < n && z[i] == '/' && z[i + 1] == '*') {
      i += 2;
      while (i + 1 < n && !(z[i] == '*' && z[i + 1] == '/')) i++;
      i = i + 1 < n ? i + 2 : n;
    } else {
      return i;
    }
  }
}

/* The end of the name (a word, or an identifier in "..." or `...`, optionally qualified by
** another: a.b) that starts at z[i], or 0 when no name starts there. */
static size_t name_end(const char *z, size_t n, size_t i) {
  for (;;) {
    size_t e;
    if (i < n && (z[i] == '"' || z[i] == '`')) {
      char q = z[i];
      e = i + 1;
      for (;;) {
        while (e < n && z[e] != q) e++;
        if (e >= n) return 0;
        if (e + 1 < n && z[e + 1] == q) {
          e += 2;  /* a doubled quote stands for itself */
          continue;
        }
        e++;
        break;
      }
    } else {
      e = word_end(z, n, i);
      if (e == i) return 0;
    }
    if (e < n && z[e] == '.') {
      i = e + 1;
      continue;
    }
    return e;
  }
}

/* The end of the parenthesised list that opens at z[i] ('('), or 0 when it never closes. */
static size_t paren_end(const char *z, size_t n, size_t i) {
  int depth = 0;
  for (; i < n; i++) {
    if (z[i] == '(') depth++;
    else if (z[i] == ')' && --depth == 0) return i + 1;
  }
  return 0;
}

/* z[i] follows the word REFERENCES of a foreign key: the offset just past the clause's last
** token (the referenced table, its column list, and the ON DELETE / ON UPDATE actions and MATCH
** that may follow), where " DEFERRABLE INITIALLY IMMEDIATE" belongs. 0 when the clause says
** already whether it is deferrable, or when it is not the shape expected. */
static size_t references_end(const char *z, size_t n, size_t i) {
  size_t end = name_end(z, n, skip_blank(z, n, i));
  if (!end) return 0;
  size_t j = skip_blank(z, n, end);
  if (j < n && z[j] == '(') {
    end = paren_end(z, n, j);
    if (!end) return 0;
  }
  for (;;) {
    j = skip_blank(z, n, end);
    size_t e = word_end(z, n, j);
    if (e == j) return end;
    if (word_is(z + j, e - j, "DEFERRABLE") || word_is(z + j, e - j, "INITIALLY")) return 0;
    if (word_is(z + j, e - j, "NOT")) {
      return next_word_is(z, n, skip_blank(z, n, e), "DEFERRABLE") ? 0 : end;
    }
    if (word_is(z + j, e - j, "MATCH")) {
      size_t k = skip_blank(z, n, e);
      size_t eKind = word_end(z, n, k);
      if (eKind == k) return end;
      end = eKind;
      continue;
    }
    if (!word_is(z + j, e - j, "ON")) return end;
    size_t k = skip_blank(z, n, e);
    size_t eEvent = next_word_is(z, n, k, "DELETE");
    if (!eEvent) eEvent = next_word_is(z, n, k, "UPDATE");
    if (!eEvent) return end;
    k = skip_blank(z, n, eEvent);
    size_t eAction = word_end(z, n, k);
    if (eAction == k) return end;
    if (word_is(z + k, eAction - k, "NO") || word_is(z + k, eAction - k, "SET")) {
      size_t k2 = skip_blank(z, n, eAction);
      size_t e2 = word_end(z, n, k2);
      if (e2 == k2) return end;
      eAction = e2;
      /* SET NULL (cols) / SET DEFAULT (cols) */
      size_t k3 = skip_blank(z, n, eAction);
      if (k3 < n && z[k3] == '(') {
        size_t e3 = paren_end(z, n, k3);
        if (e3) eAction = e3;
      }
    }
    end = eAction;
  }
}

/* Append the n bytes of common text at z to b in PostgreSQL's types: the column type "INTEGER
** PRIMARY KEY" (with or without AUTOINCREMENT) becomes an identity column, then INTEGER becomes
** BIGINT, REAL DOUBLE PRECISION and BLOB BYTEA, each as a whole word in any case, never inside
** a string, a quoted identifier or a comment; each foreign key's REFERENCES clause gets
** " DEFERRABLE INITIALLY IMMEDIATE" after its actions (see references_end). *pLex is where the
** previous common text left off, and is where this one leaves off. */
static void map_common(Buf *b, const char *z, size_t n, Lex *pLex) {
  size_t i = 0;
  size_t iDefer = 0; /* where the REFERENCES clause being copied ends; 0 when none */
  while (i < n) {
    if (iDefer && i == iDefer) {
      buf_puts(b, " DEFERRABLE INITIALLY IMMEDIATE");
      iDefer = 0;
    }
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
      if (word_is(z + i, e - i, "REFERENCES")) iDefer = references_end(z, n, e);
      buf_append(b, z + i, e - i);
    }
    i = e;
  }
  if (iDefer && i == iDefer) buf_puts(b, " DEFERRABLE INITIALLY IMMEDIATE");
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
