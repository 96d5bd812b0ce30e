/*
** Fuzz target for the JSON API bodies: POST /api/v1/items/{id}/reports (file a report) and
** POST /api/v1/reports/{id}/review (accept or return one), through the real router. The first
** byte of the input picks the request — bit 0: 0 the report route, 1 the review route; bit 1:
** 0 the reporter's token, 1 the supervisor's; bits 2-4: the id, 0 to 7 past the first item
** (reports) or report 1 (reviews) — and the rest is the body, sent with Content-Type
** application/json and an Authorization: Bearer token through web_stdio (as `luoshi http`
** reads a request), so the body limits, the depth check, jansson, the field checks and the
** ledger rules behind them (report_file, report_submit, report_accept, report_return) all see
** it. Responses go to /dev/null.
**
** Once, before the first input: a store on a temporary file (removed at exit) gets the
** decision test/corpus/sichuan-2018-decision-page.txt (import_run + store_doc_save; run from
** the checkout's top, as run.sh does), the seed units (org_seed), its ledger (ledger_create),
** a supervisor and a reporter of the first item with a lead unit (store_person_add), a known
** API token for each (store_token_add with the token's SHA-256), and one submitted report
** (report 1) on that item, so that reviews have something to act on; its response goes to
** stderr (the log). State carries over between inputs (reports pile up), as the database does
** in a server. Built and run by test/fuzz/run.sh.
*/
#include "extract/docjson.h"
#include "extract/import.h"
#include "ledger/ledger.h"
#include "ledger/org.h"
#include "store/store.h"
#include "web/server.h"

#include <jansson.h>
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DECISION "test/corpus/sichuan-2018-decision-page.txt"

/* two well-shaped tokens (64 lower-case hex digits) */
static const char zTokReporter[] =
    "1111111111111111111111111111111111111111111111111111111111111111";
static const char zTokSupervisor[] =
    "2222222222222222222222222222222222222222222222222222222222222222";

static Store *pStore;
static FILE *pNull;
static char zDbPath[64];
static long long itemBase;  /* the first item with a lead unit: the reporter's unit */

static void die(const char *zWhat, const Err *e) {
  fprintf(stderr, "fuzz_api_json: %s: %s\n", zWhat, e ? e->zMsg : "failed");
  abort();
}

static void remove_db(void) {
  char z[80];
  unlink(zDbPath);
  snprintf(z, sizeof z, "%s-wal", zDbPath);
  unlink(z);
  snprintf(z, sizeof z, "%s-shm", zDbPath);
  unlink(z);
  snprintf(z, sizeof z, "%s-journal", zDbPath);
  unlink(z);
}

static void hash_hex(const char *z, char zOut[65]) {
  unsigned char a[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(a, (const unsigned char *)z, strlen(z));
  sodium_bin2hex(zOut, 65, a, sizeof a);
}

static void person(const char *zLogin, const char *zRole, long long unitId, const char *zTok) {
  Err e;
  err_clear(&e);
  StorePerson p = {0, zLogin, zLogin, zRole, unitId, "$argon2id$none"};
  long long id = 0;
  char zHash[65];
  if (store_person_add(pStore, "fuzz", &p, &id, &e)) die("store_person_add", &e);
  hash_hex(zTok, zHash);
  if (store_token_add(pStore, "fuzz", zLogin, zHash, "fuzz", &e)) die("store_token_add", &e);
}

/* Send one request: route 0 reports on item id, 1 reviews report id. */
static void send(int route, const char *zTok, long long id, const void *aBody, size_t nBody) {
  char zHead[512];
  int n = snprintf(zHead, sizeof zHead,
                   "POST /api/v1/%s/%lld/%s HTTP/1.1\r\nHost: fuzz\r\n"
                   "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                   "Content-Length: %zu\r\n\r\n",
                   route ? "reports" : "items", id, route ? "review" : "reports", zTok, nBody);
  size_t nReq = (size_t)n + nBody;
  char *a = malloc(nReq ? nReq : 1);
  memcpy(a, zHead, (size_t)n);
  if (nBody) memcpy(a + n, aBody, nBody);
  FILE *in = fmemopen(a, nReq, "r");
  if (in) {
    web_stdio(pStore, in, pNull);
    fclose(in);
  }
  free(a);
}

static void init(void) {
  Err e;
  err_clear(&e);
  if (sodium_init() < 0) die("sodium_init", NULL);
  snprintf(zDbPath, sizeof zDbPath, "/tmp/fuzz_api_json.XXXXXX");
  int fd = mkstemp(zDbPath);
  if (fd < 0) die("mkstemp", NULL);
  close(fd);
  atexit(remove_db);
  if (store_open(zDbPath, &pStore, &e)) die("store_open", &e);
  FILE *f = fopen(DECISION, "rb");
  if (!f) die("open " DECISION " (run from the checkout's top)", NULL);
  static unsigned char aDoc[1 << 20];
  size_t nDoc = fread(aDoc, 1, sizeof aDoc, f);
  fclose(f);
  ImportOpts o = {.forceEncoding = -1, .nMaxByte = (size_t)1 << 20, .zFileName = DECISION};
  Import im;
  if (import_run(aDoc, nDoc, &o, &im, &e)) die("import_run", &e);
  json_t *root = docjson_build(&im);
  long long docId = 0;
  int bExisting = 0, nAdded = 0, nItem = 0, nUnassigned = 0;
  if (store_doc_save(pStore, "fuzz", root, DECISION, &docId, &bExisting, &e)) {
    die("store_doc_save", &e);
  }
  json_decref(root);
  import_free(&im);
  if (org_seed(pStore, "fuzz", &nAdded, &e)) die("org_seed", &e);
  if (ledger_create(pStore, "fuzz", docId, &nItem, &nUnassigned, &e)) die("ledger_create", &e);
  long long lead = 0;
  for (itemBase = 1; itemBase <= nItem; itemBase++) {
    if (store_item_get(pStore, itemBase, &lead, &e)) die("store_item_get", &e);
    if (lead) break;
  }
  if (!lead) die("no item has a lead unit", NULL);
  person("fuzz-sup", "supervisor", 0, zTokSupervisor);
  person("fuzz-rep", "reporter", lead, zTokReporter);
  static const char zFirst[] =
      "{\"period\":\"2019-03\",\"progress\":30,\"done\":\"已完成方案\",\"submit\":true}";
  send(0, zTokReporter, itemBase, zFirst, sizeof zFirst - 1);
  pNull = fopen("/dev/null", "w");
  if (!pNull) die("/dev/null", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!pStore) {
    pNull = stderr;  /* the first response goes to the log; init then opens /dev/null */
    init();
  }
  if (size == 0) return 0;
  int route = data[0] & 1;
  const char *zTok = data[0] & 2 ? zTokSupervisor : zTokReporter;
  long long id = (route ? 1 : itemBase) + ((data[0] >> 2) & 7);
  send(route, zTok, id, data + 1, size - 1);
  return 0;
}
