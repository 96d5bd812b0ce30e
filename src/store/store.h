/*
** Store: the only interface to the database. All SQL of luoshi lives behind these functions.
**
** A Store is an open database (SQLite today; PostgreSQL joins behind the same functions). Opening
** applies any pending forward-only migrations. Documents are saved from their document JSON (the
** contract of DESIGN.md), in one transaction: a failure leaves nothing behind. Values are
** always bound, never spliced into SQL text.
*/
#ifndef LUOSHI_STORE_STORE_H
#define LUOSHI_STORE_STORE_H

#include "../base/buf.h"
#include "../base/err.h"

#include <jansson.h>

typedef struct Store Store;

/* Open (creating if needed) the database at zPath and bring its schema up to date. */
int store_open(const char *zPath, Store **pp, Err *e);
void store_close(Store *s);

/* The schema version the database is at. */
int store_schema_version(Store *s);

/* Save an imported document from its JSON. When a document with the same sha256 exists,
** nothing is written and *pbExisting is set to 1. *pId receives the document's id either way. */
int store_doc_save(Store *s, json_t *doc, const char *zFileName, long long *pId,
                   int *pbExisting, Err *e);

/* A stored document's summary row. */
typedef struct StoreDocRow {
  long long id;
  const char *zSha256;
  const char *zTitle;
  const char *zFileName;
  const char *zFormat;
  const char *zEncoding;
  long long nChar;
  long long nTask;
  long long nTarget;
  const char *zImportedAt;
} StoreDocRow;

/* Call x for each document (strings valid during the call). Stops early if x returns nonzero. */
int store_doc_list(Store *s, int (*x)(void *, const StoreDocRow *), void *ctx, Err *e);

/* Resolve DOC as the user wrote it (an id, or a sha256 prefix of at least 6 digits) to an id. */
int store_doc_resolve(Store *s, const char *zDoc, long long *pId, Err *e);

/* The stored document JSON of document id, appended to out. */
int store_doc_json(Store *s, long long id, Buf *out, Err *e);

/* Filter for store_task_list; NULL or 0 fields do not filter. */
typedef struct TaskFilter {
  const char *zKind;
  int measure;
  const char *zPlace;     /* a place name or six-digit code */
} TaskFilter;

typedef struct StoreTaskRow {
  long long id;
  const char *zKind;
  const char *zText;
  int measure;
  const char *zSection;
  const char *zDeliverable;
  int lineFirst, lineLast;
  const char *zPlaces;    /* names joined with 、 */
  const char *zLead;      /* JSON array */
  const char *zSuggested; /* JSON array */
} StoreTaskRow;

/* Call x for each task of document id that passes the filter, in order. */
int store_task_list(Store *s, long long id, const TaskFilter *f,
                    int (*x)(void *, const StoreTaskRow *), void *ctx, Err *e);

#endif
