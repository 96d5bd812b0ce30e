/*
** Ledger query: the filters of the ledger page (GET /ledger), its CSV export (/ledger.csv) and
** the items API (GET /api/v1/items) read from one set of query parameters, so the three always
** select the same items. Private to page_ledger.c (which defines these) and api_items.c.
**
** Parameters: doc (id or sha256 prefix), measure (number), unit (unit id or name: items led by
** it or below), place (six-digit code or name), status (未启动 推进中 已完成 已销号 滞后, or
** not-started in-progress completed closed behind), warning (red yellow blue), kind (a task
** kind), before (YYYY-MM-DD), q (words to search), sort (number deadline progress warning
** status), page (1, 2 …; the page only). Nothing here writes a response.
*/
#ifndef LUOSHI_WEB_LEDGER_QUERY_H
#define LUOSHI_WEB_LEDGER_QUERY_H

#include "web.h"

#define LEDGER_PAGE_SIZE 50

typedef struct LedgerQuery {
  LedgerFilter f;            /* the filter, narrowed to the reader's reach (auth_scope) */
  const char *zDoc;          /* each parameter as given, trimmed, NULL when absent or empty; */
  const char *zMeasure;      /* ... they live in the request's arena */
  const char *zUnit;
  const char *zPlace;
  const char *zStatus;
  const char *zWarning;
  const char *zKind;
  const char *zBefore;
  const char *zQ;
  const char *zSort;
  long long page;            /* 1 when absent */
  char zError[320];          /* why the parameters are refused (the page's language), or "" */
} LedgerQuery;

/* Read r's query parameters into q. Returns 0, or -1 with q->zError saying which value is
** wrong (a non-date before=, an unknown status …); q's other fields are still filled as far as
** they could be, for the form to show what was asked. */
int ledger_query_parse(Req *r, LedgerQuery *q);

/* Append q's parameters to b as a query string (names and percent-encoded values joined with
** '&', no leading '?'); page > 1 adds page=. Raw: escape it (html_printf %s) inside HTML. */
void ledger_query_string(const LedgerQuery *q, long long page, Buf *b);

/* The words for a task kind (deliverable → 出台文件 …) in r's language. */
const char *ledger_kind_name(Req *r, const char *zKind);

#endif
