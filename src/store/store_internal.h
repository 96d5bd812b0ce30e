/*
** What the files of the store share: the Store itself and a few helpers over its connection
** (db.h, SQLite or PostgreSQL). Only files of src/store/ include this; everything else sees
** store.h. The helpers are named sq_ after the store's first backend.
*/
#ifndef LUOSHI_STORE_INTERNAL_H
#define LUOSHI_STORE_INTERNAL_H

#include "store.h"
#include "db.h"

#include <jansson.h>

struct Store {
  Db *db;          /* the connection, SQLite or PostgreSQL */
  int batch;       /* inside store_batch_begin: sq_exec turns transactions into savepoints */
};

/* Record the database's last error about zWhat in e; returns LUOSHI_EIO. */
int sq_error(Store *s, Err *e, const char *zWhat);
/* Run literal SQL text (no values); returns 0 or LUOSHI_EIO. */
int sq_exec(Store *s, const char *zSql, Err *e);
/* Column i of the current row as text, "" for NULL. */
const char *sq_col(DbStmt *st, int i);
/* End the caller's transaction: COMMIT when rc is 0 (its failure becomes the result), ROLLBACK
** otherwise. Returns the final rc. */
int sq_finish(Store *s, int rc, Err *e);
/* Step a prepared one-row change and finalize it: 0 when it touched exactly one row,
** LUOSHI_EIO (naming zWhat) when it failed, LUOSHI_ENOTFOUND with message zMissing when it
** touched none. */
int sq_change_one(Store *s, DbStmt *st, const char *zWhat, const char *zMissing, Err *e);
/* Run zSql, a query of one integer column with one parameter (id), into *pOut; a missing row
** is LUOSHI_ENOTFOUND "no <zWhat> <id>". */
int sq_lookup(Store *s, const char *zSql, long long id, const char *zWhat, long long *pOut,
              Err *e);
/* Begin an immediate transaction and prepare zSql in it as *pSt; on failure nothing is left
** open and the error names zWhat. Returns 0, or LUOSHI_EIO. */
int sq_begin(Store *s, const char *zSql, DbStmt **pSt, const char *zWhat, Err *e);
/* sq_audit_append with after as JSON (compact, sorted keys); takes the reference to after. */
int sq_audit_json(Store *s, const char *zActor, const char *zAction, const char *zEntity,
                  long long id, json_t *after, Err *e);
/* The current time as ISO 8601 UTC into zNow[32]: what the audit chain records. */
void sq_now(char zNow[32]);
/* The business date as YYYY-MM-DD into zToday[11]: the local date, or LUOSHI_TODAY when set
** (demos and tests run the calendar of another year). Deadlines and lateness are judged on it;
** the audit chain keeps the real time. */
void sq_today(char zToday[11]);
/* Append an entry to the audit chain inside the caller's transaction; zBefore and zAfter are
** JSON texts or NULL. Returns 0 or LUOSHI_EIO. */
int sq_audit_append(Store *s, const char *zActor, const char *zAction, const char *zEntity,
                    long long entityId, const char *zBefore, const char *zAfter, Err *e);

/* Register the FTS5 tokenizer "luoshi_cjk" (store_search.c) on db: Han runs become overlapping
** bigrams plus the run's last character alone (a lone character is a unigram); Latin letters and
** digits, full-width folded, become lower-cased words; the rest separates tokens. Must run on
** every connection before items_fts is touched (migration 013 and its triggers need it).
** Returns 0, or an SQLite error code (sqlite3_errmsg(db) may say more). */
int sq_search_register(struct sqlite3 *db);
/* Turn what a user typed into an FTS5 MATCH expression for items_fts: words split at white
** space, each word a phrase of its tokens in double quotes ("交通" + "通运" + "运输"; a trailing
** lone Han character is a prefix, "川"*, so one character finds 四川 and 川南), words joined with
** AND. Quotes, operators (AND OR NOT NEAR * ^ :), parentheses and column names are plain text.
** At most 128 tokens are used; the rest of a longer query is ignored (it matches more).
** Returns NULL when zUser (NULL allowed) has no searchable character: the search should then
** match nothing. Otherwise a NUL-terminated string the caller frees with free(). */
char *sq_search_query(const char *zUser);
/* The separator of sq_search_terms' terms (a control character: never in a term). */
#define SQ_SEARCH_SEP '\x1f'
/* PostgreSQL has no FTS5: there the ledger's search is the SQL function luoshi_search_match
** (migration 013), which wants every term as a substring of the item's text and number, both
** folded alike. This gives those terms for what a user typed: runs of Han characters and of
** letters and digits (full width folded to half, Latin lower-cased), split at white space,
** punctuation and symbols, at most 128 of them, joined by SQ_SEARCH_SEP. NULL when zUser (NULL
** allowed) has no searchable character; otherwise a string the caller frees with free(). */
char *sq_search_terms(const char *zUser);

/* The place rule, one SQL condition on ledger item alias i for the place in P (a numbered
** parameter such as "?10" holding a six-digit division code or a place name). The ledger's
** place filter (LEDGER_FROM_WHERE) uses it; the dashboard's map (store_dashboard.c) counts per
** prefecture by the same rule, so a division's count equals the ledger list it links to. An item
** is in a place when
**   - its source task names the place (task_places: the code or the name, exactly), or names a
**     county of it when P is a prefecture-level code (ends in 00, not 0000: 511500 takes 5115xx);
**   - or its lead unit is, or lies below, a unit with division code P (for a prefecture-level
**     code: the city's unit or a county's, 5115xx).
** A place name matches only the places named in the source sentence. */
#define SQ_PREFECTURE(P)                                                                       \
  "(length(" P ")=6 AND trim(" P ",'0123456789')='' AND substr(" P ",5,2)='00' AND "          \
  "substr(" P ",3,4)<>'0000')"
/* A six-digit division code below the province (a prefecture's or a county's): SQL condition on
** column C. */
#define SQ_SUBPROVINCIAL(C)                                                                    \
  "(length(" C ")=6 AND trim(" C ",'0123456789')='' AND substr(" C ",3,4)<>'0000')"
/* A report period's last month as year*12 + month - 1: 2019-03 is 2019*12+2, 2019Q1 the
** same. P is a text column or parameter holding "YYYY-MM" or "YYYYQn". */
#define SQ_PERIOD_MONTH(P)                                                                     \
  "(CASE WHEN substr(" P ",5,1)='Q' THEN CAST(substr(" P ",1,4) AS INTEGER)*12 + "            \
  "CAST(substr(" P ",6,1) AS INTEGER)*3 - 1 ELSE CAST(substr(" P ",1,4) AS INTEGER)*12 + "     \
  "CAST(substr(" P ",6,2) AS INTEGER) - 1 END)"
#define SQ_ITEM_IN_PLACE(P)                                                                     \
  "((i.doc_id, i.task_id) IN (SELECT p.doc_id, p.task_id FROM task_places p WHERE p.code=" P    \
  " OR p.name=" P " OR (" SQ_PREFECTURE(P) " AND substr(p.code,1,4)=substr(" P ",1,4))) "       \
  "OR i.lead_unit_id IN (WITH RECURSIVE inplace(id) AS (SELECT id FROM units WHERE "            \
  "division_code=" P " OR (" SQ_PREFECTURE(P) " AND substr(division_code,1,4)=substr(" P        \
  ",1,4)) UNION SELECT c.id FROM units c JOIN inplace ON c.parent_id=inplace.id) "               \
  "SELECT id FROM inplace))"

#endif
