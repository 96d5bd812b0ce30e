/*
** Cache: rendered fragments of pages whose content depends only on what is stored, kept in
** this process's memory so that a busy page (the dashboard) is computed once per change rather
** than once per request. A key must name everything the fragment depends on — above all the
** database's change counter (store_change_counter), so that any write anywhere, by this server
** or another sharing the database, makes the old entries unreachable. Thread-safe; bounded
** (CACHE_ENTRIES entries holding CACHE_BYTES_MAX bytes in all, the oldest replaced first).
*/
#ifndef LUOSHI_WEB_CACHE_H
#define LUOSHI_WEB_CACHE_H

#include "../base/buf.h"
#include "http.h"

#define CACHE_ENTRIES 256
#define CACHE_ENTRY_MAX (1024 * 1024)
#define CACHE_BYTES_MAX (8 * 1024 * 1024)

/* Append the fragment stored under zKey to out and return 1, or return 0 when there is none. */
int cache_get(const char *zKey, Buf *out);
/* Store z[0..nByte) under zKey (a copy), replacing the oldest entry when full. Fragments over
** CACHE_ENTRY_MAX bytes are not kept. */
void cache_put(const char *zKey, const char *z, size_t nByte);

/* store_ledger_count through the cache: the count of items passing f as of the database's
** current change counter. Counting tens of thousands of items costs milliseconds; pages and
** the API ask for the same counts over and over between changes. */
int cache_ledger_count(Req *r, const LedgerFilter *f, long long *pN, Err *e);

#endif
