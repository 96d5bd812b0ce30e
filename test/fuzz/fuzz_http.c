/*
** Fuzz target for the HTTP request path: the input is one raw request (request line, headers,
** body) as `luoshi http` reads it. It goes through web_stdio → web_handle: target splitting and
** percent-decoding, routing and {id} matching, cookies, sessions, bearer tokens, CSRF checks,
** urlencoded and multipart parsing, and the handlers reached anonymously (login, public page,
** static files, the public API). The database is one in-memory SQLite store, migrated once and
** shared by every run; responses go to /dev/null. Built and run by test/fuzz/run.sh.
*/
#include "store/store.h"
#include "web/server.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Store *pStore;
static FILE *pNull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!pStore) {
    Err e;
    err_clear(&e);
    if (store_open(":memory:", &pStore, &e)) {
      fprintf(stderr, "fuzz_http: %s\n", e.zMsg);
      abort();
    }
    pNull = fopen("/dev/null", "w");
  }
  if (size == 0) return 0;
  FILE *in = fmemopen((void *)data, size, "r");
  if (!in) return 0;
  web_stdio(pStore, in, pNull);
  fclose(in);
  return 0;
}
