/*
** Full-text search of ledger items in Chinese (SQLite FTS5): the tokenizer "luoshi_cjk", its
** registration on a connection, and the builder that turns what a user typed into a safe MATCH
** expression. The index itself (items_fts over ledger_items.text and .number, kept in sync by
** triggers) is migration schema/013-search.sql; the filter that uses it is in store_ledger.c.
**
** Chinese has no spaces between words, so the tokenizer indexes overlapping character bigrams:
** 交通运输 becomes 交通 通运 运输, and the last character of the run once more on its own (输),
** so that every Han character of the text starts exactly one token at its own position. A
** query of two or more characters is then a phrase of bigrams (found wherever the characters
** stand together), and a query of one character is a prefix query (川* finds 川南 and 四川). Latin
** letters and digits make lower-cased words (full-width Ｉｐｖ６ is ipv6); punctuation, spaces,
** symbols and invalid UTF-8 separate tokens and are not indexed.
**
** This file runs no SQL of its own beyond asking the connection for its fts5_api, and must not
** touch any table: it is called before migrations run.
*/
#include "store_internal.h"

#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_MAX_TOKENS 128 /* tokens in one query; a longer query is cut (matches more) */

/* What the scanner found. */
enum {
  TOK_WORD,   /* a run of letters and digits, folded */
  TOK_BIGRAM, /* two adjacent Han characters */
  TOK_TAIL,   /* the last character of a Han run of two or more (documents only) */
  TOK_LONE    /* a Han character with no Han neighbour */
};

/* Called for each token: zTok[0..nTok) is the token's text, z[iStart..iEnd) its place in the
** scanned text. A nonzero return stops the scan and becomes its result. */
typedef int (*TokenFn)(void *ctx, int kind, const char *zTok, int nTok, int iStart, int iEnd);

/* May cp (already folded to half width) be part of a Latin word? ASCII letters and digits, and
** letters of other alphabets; not Han, spaces, punctuation, symbols or private-use characters. */
static int is_word_char(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp == UTF8_INVALID || utf8_is_han(cp) || utf8_is_space(cp) || utf8_is_punct(cp)) return 0;
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return 0;     /* Latin-1 signs, × ÷ */
  if (cp >= 0x2000 && cp <= 0x2BFF) return 0;               /* punctuation, arrows, ①, shapes */
  if (cp >= 0x2E00 && cp <= 0x303F) return 0;               /* CJK radicals, symbols, 、。 */
  if (cp >= 0x3200 && cp <= 0x33FF) return 0;               /* enclosed and squared CJK */
  if (cp >= 0xE000 && cp <= 0xF8FF) return 0;               /* private use */
  if (cp >= 0xFE00 && cp <= 0xFE6F) return 0;               /* selectors, vertical, small forms */
  if (cp >= 0xFF00 && cp <= 0xFF65) return 0;               /* full-width signs left unfolded */
  if (cp >= 0xFFE0) return 0;                               /* full-width currency, specials */
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return 0;             /* emoji and pictographs */
  return 1;
}

/* Split z[0..nText) into tokens, calling x for each in order of position. bQuery: a Han run of
** two or more characters gives its bigrams only (no TOK_TAIL), as a phrase query needs.
** zFold must have room for nText bytes: folded words are never longer than their source.
** Returns 0, or the first nonzero result of x. */
static int scan(const char *z, int nText, int bQuery, char *zFold, TokenFn x, void *ctx) {
  const unsigned char *u = (const unsigned char *)z;
  int i = 0;
  while (i < nText) {
    uint32_t cp;
    int len = utf8_decode(u + i, (size_t)(nText - i), &cp);
    if (cp != UTF8_INVALID && utf8_is_han(cp)) {
      int iPrev = i, nRun = 1, rc;
      i += len;
      while (i < nText) {
        int len2 = utf8_decode(u + i, (size_t)(nText - i), &cp);
        if (cp == UTF8_INVALID || !utf8_is_han(cp)) break;
        rc = x(ctx, TOK_BIGRAM, z + iPrev, i + len2 - iPrev, iPrev, i + len2);
        if (rc) return rc;
        iPrev = i;
        i += len2;
        nRun++;
      }
      if (nRun == 1 || !bQuery) {
        rc = x(ctx, nRun == 1 ? TOK_LONE : TOK_TAIL, z + iPrev, i - iPrev, iPrev, i);
        if (rc) return rc;
      }
      continue;
    }
    uint32_t c = cp == UTF8_INVALID ? cp : utf8_halfwidth(cp);
    if (!is_word_char(c)) {
      i += len;
      continue;
    }
    int iStart = i, nFold = 0;
    while (i < nText) {
      len = utf8_decode(u + i, (size_t)(nText - i), &cp);
      c = cp == UTF8_INVALID ? cp : utf8_halfwidth(cp);
      if (!is_word_char(c)) break;
      if (c < 0x80) {
        zFold[nFold++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      } else {
        nFold += utf8_encode(c, (unsigned char *)zFold + nFold);
      }
      i += len;
    }
    int rc = x(ctx, TOK_WORD, zFold, nFold, iStart, i);
    if (rc) return rc;
  }
  return 0;
}

/* ---- the FTS5 tokenizer ------------------------------------------------------------------- */

/* FTS5's callback and its context, carried through scan(). */
typedef struct Fts5Sink {
  void *pCtx;
  int (*xToken)(void *, int, const char *, int, int, int);
} Fts5Sink;

static int sink_token(void *ctx, int kind, const char *zTok, int nTok, int iStart, int iEnd) {
  Fts5Sink *p = ctx;
  return p->xToken(p->pCtx, 0, zTok, nTok, iStart, iEnd);
}

/* The tokenizer has no state and takes no arguments: every instance is this one object. */
static int tok_instance;

static int tok_create(void *pUnused, const char **azArg, int nArg, Fts5Tokenizer **ppOut) {
  if (nArg > 0) return SQLITE_ERROR;
  *ppOut = (Fts5Tokenizer *)&tok_instance;
  return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p) {}

static int tok_tokenize(Fts5Tokenizer *pTok, void *pCtx, int flags, const char *pText, int nText,
                        int (*xToken)(void *, int, const char *, int, int, int)) {
  if (nText <= 0) return SQLITE_OK;
  char aStack[512];
  char *zFold = (size_t)nText <= sizeof aStack ? aStack : xmalloc((size_t)nText);
  Fts5Sink sink = {pCtx, xToken};
  int rc = scan(pText, nText, (flags & FTS5_TOKENIZE_QUERY) != 0, zFold, sink_token, &sink);
  if (zFold != aStack) free(zFold);
  return rc;
}

int sq_search_register(sqlite3 *db) {
  fts5_api *pApi = NULL;
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_pointer(st, 1, (void *)&pApi, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  rc = sqlite3_finalize(st);
  if (rc != SQLITE_OK) return rc;
  if (!pApi || pApi->iVersion < 2) return SQLITE_ERROR;
  static fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize};
  return pApi->xCreateTokenizer(pApi, "luoshi_cjk", NULL, &tokenizer, NULL);
}

/* ---- the query builder -------------------------------------------------------------------- */

/* One token of a query word: its kind and the end of its text in QueryWord.b. */
typedef struct QueryToken {
  int kind;        /* TOK_* */
  size_t end;      /* its text ends at b.a[end] and starts where the previous one ended */
} QueryToken;

/* The tokens of one word of the query. */
typedef struct QueryWord {
  Buf b;           /* the tokens' text, one after another */
  QueryToken *a;   /* the tokens */
  size_t nTok;     /* tokens in the word */
  size_t cap;      /* capacity of a */
  int nBudget;     /* tokens the whole query may still take */
} QueryWord;

static int word_token(void *ctx, int kind, const char *zTok, int nTok, int iStart, int iEnd) {
  QueryWord *w = ctx;
  if (w->nBudget <= 0) return 1;
  MEM_GROW(w->a, w->cap, w->nTok + 1);
  buf_append(&w->b, zTok, (size_t)nTok);
  w->a[w->nTok].kind = kind;
  w->a[w->nTok].end = w->b.n;
  w->nTok++;
  w->nBudget--;
  return 0;
}

/* Append word w to out as one FTS5 phrase: each token a quoted string, joined with +. A Han run
** at the end of the word drops its TOK_TAIL (the text may go on with more Han: 交通 is in
** 交通运输), and a lone Han character at the end becomes a prefix ("川"* finds 川南 and 四川).
** bCut: the word was cut short by the token budget, so its last token is not its end. */
static void word_phrase(Buf *out, const QueryWord *w, int bCut) {
  size_t n = w->nTok;
  if (!bCut && n > 1 && w->a[n - 1].kind == TOK_TAIL) n--;
  for (size_t k = 0; k < n; k++) {
    size_t iStart = k ? w->a[k - 1].end : 0;
    if (k) buf_puts(out, " + ");
    buf_putc(out, '"');
    for (size_t j = iStart; j < w->a[k].end; j++) {
      if (w->b.a[j] == '"') buf_putc(out, '"');  /* never in a token; doubled all the same */
      buf_putc(out, w->b.a[j]);
    }
    buf_putc(out, '"');
    if (k == n - 1 && !bCut && w->a[k].kind == TOK_LONE) buf_putc(out, '*');
  }
}

char *sq_search_query(const char *zUser) {
  if (!zUser) return NULL;
  size_t nUser = strlen(zUser);
  if (nUser > 0x7fffffff) nUser = 0x7fffffff;
  const unsigned char *u = (const unsigned char *)zUser;
  char *zFold = xmalloc(nUser + 1);
  Buf out = BUF_INIT;
  QueryWord w = {BUF_INIT, NULL, 0, 0, SEARCH_MAX_TOKENS};
  size_t i = 0;
  while (i < nUser && w.nBudget > 0) {
    /* A word is a run of characters other than white space (ASCII, U+3000 and the like). */
    uint32_t cp;
    while (i < nUser) {
      int len = utf8_decode(u + i, nUser - i, &cp);
      if (cp == UTF8_INVALID || !utf8_is_space(cp)) break;
      i += (size_t)len;
    }
    size_t iWord = i;
    while (i < nUser) {
      int len = utf8_decode(u + i, nUser - i, &cp);
      if (cp != UTF8_INVALID && utf8_is_space(cp)) break;
      i += (size_t)len;
    }
    if (i == iWord) break;
    buf_reset(&w.b);
    w.nTok = 0;
    int bCut = scan(zUser + iWord, (int)(i - iWord), 0, zFold, word_token, &w) != 0;
    if (w.nTok == 0) continue;
    if (out.n) buf_puts(&out, " AND ");
    word_phrase(&out, &w, bCut);
  }
  free(zFold);
  buf_free(&w.b);
  free(w.a);
  if (out.n == 0) {
    buf_free(&out);
    return NULL;
  }
  return buf_take(&out);
}

int store_search_rebuild(Store *s, Err *e) {
  /* PostgreSQL searches the items' text itself, with no index to rebuild */
  if (db_dialect(s->db) == DB_POSTGRESQL) return 0;
  return sq_exec(s, "INSERT INTO items_fts(items_fts) VALUES('rebuild')", e);
}

/* ---- PostgreSQL: terms instead of a MATCH expression ---------------------------------------- */

char *sq_search_terms(const char *zUser) {
  if (!zUser) return NULL;
  const unsigned char *u = (const unsigned char *)zUser;
  size_t nUser = strlen(zUser), i = 0;
  Buf out = BUF_INIT;
  int nTerm = 0, bInTerm = 0;
  while (i < nUser && nTerm < SEARCH_MAX_TOKENS) {
    uint32_t cp;
    int len = utf8_decode(u + i, nUser - i, &cp);
    i += (size_t)len;
    uint32_t c = cp == UTF8_INVALID ? cp : utf8_halfwidth(cp);
    int bHan = c != UTF8_INVALID && utf8_is_han(c);
    if (!bHan && !is_word_char(c)) {
      bInTerm = 0;  /* white space, punctuation and symbols end a term */
      continue;
    }
    if (!bInTerm) {
      if (out.n) buf_putc(&out, SQ_SEARCH_SEP);
      bInTerm = 1;
      nTerm++;
    }
    unsigned char aChar[4];
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    buf_append(&out, aChar, (size_t)utf8_encode(c, aChar));
  }
  if (out.n == 0) {
    buf_free(&out);
    return NULL;
  }
  return buf_take(&out);
}
