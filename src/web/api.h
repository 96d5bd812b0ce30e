/*
** What every API handler (api_*.c) shares: sending a JSON answer, reading ?limit= and
** ?offset= and slicing a list to that page, and the list envelope
** {"items":[…], "total":N, "limit":L, "offset":O}. Single objects go out as {"item":{…}} through
** api_send; errors through req_fail (http.h), which writes the error envelope under /api/.
**
** Sits between http.h and the api_*.c handlers; it knows nothing of the store or the ledger,
** and it must not grow handler logic: only what two or more API handlers would otherwise
** write again.
*/
#ifndef LUOSHI_WEB_API_H
#define LUOSHI_WEB_API_H

#include "http.h"

#include <jansson.h>

#define API_LIMIT_DEFAULT 50         /* page size when ?limit= is absent or 0 */
#define API_LIMIT_MAX 500            /* larger ?limit= values are cut to this */
#define API_OFFSET_MAX (1LL << 30)   /* larger ?offset= values are cut to this (fits an int) */

/* One page of a list: what ?limit= and ?offset= asked for, and how many elements were seen. */
typedef struct ApiPage {
  long long limit;    /* page size, 1..API_LIMIT_MAX */
  long long offset;   /* elements skipped, 0..API_OFFSET_MAX */
  long long n;        /* elements counted by api_page_take so far (the total once done) */
} ApiPage;

/* Send j as the JSON response body (Content-Type application/json, a newline after it),
** taking the reference. A NULL j, or one jansson cannot write, answers 500 instead. */
void api_send(Req *r, json_t *j);

/* Send the list envelope of aItem (taking the reference) with nTotal and p's limit and offset. */
void api_send_list(Req *r, json_t *aItem, long long nTotal, const ApiPage *p);

/* Read ?limit= (default API_LIMIT_DEFAULT, 0 means the default, at most API_LIMIT_MAX) and
** ?offset= (default 0, at most API_OFFSET_MAX) into *p, with p->n = 0. Each must be decimal
** digits only; larger values are cut to the maximum. Returns 0, or -1 after answering 400. */
int api_page_params(Req *r, ApiPage *p);

/* Count one more element of a list being walked in order; 1 when it falls inside p's page
** (so the caller adds it to the answer), else 0. */
int api_page_take(ApiPage *p);

/* A JSON string of z, or null for NULL and "". A new reference. */
json_t *api_str_or_null(const char *z);

#endif
