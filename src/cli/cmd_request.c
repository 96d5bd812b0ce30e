/*
** `luoshi request`, `item reopen`, `accountability add`: extensions, close-outs, fault
** tolerance and their decisions; reopening; accountability records.
*/
#include "cli.h"

#include "../ledger/requests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long parse_id(const char *z) {
  char *end;
  long long v = strtoll(z, &end, 10);
  return (*end || v <= 0) ? 0 : v;
}

/* Parse the named flags of argv[from..argc) into azVal; returns 0, or 2 for bad usage. */
static int flags(int argc, char **argv, int from, const char *const *azName, const char **azVal) {
  for (int i = from; i < argc; i++) {
    int matched = 0;
    for (int k = 0; azName[k]; k++) {
      int f = cli_flag_value(argc, argv, &i, azName[k], &azVal[k]);
      if (f < 0) return 2;
      if (f) {
        matched = 1;
        break;
      }
    }
    if (!matched) return 2;
  }
  return 0;
}

int cmd_request(int argc, char **argv) {
  if (argc < 3 || !parse_id(argv[2])) return cli_usage("request");
  static const char *const azName[] = {"--to", "--reason", "--date", "--period", "--claims",
                                       "--note", "--verdict", NULL};
  const char *azVal[7] = {0};
  if (flags(argc, argv, 3, azName, azVal)) return cli_usage("request");
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("request", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  long long id = parse_id(argv[2]), out = 0;
  char zToday[11];
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(zToday, sizeof zToday, "%Y-%m-%d", &tm);
  int rc;
  const char *zVerb = argv[1];
  if (strcmp(zVerb, "extension") == 0 && azVal[0]) {
    rc = request_extension(s, &a, id, azVal[0], azVal[2] ? azVal[2] : zToday, azVal[1], &out, &e);
  } else if (strcmp(zVerb, "closeout") == 0) {
    rc = request_closeout(s, &a, id, azVal[1], &out, &e);
  } else if (strcmp(zVerb, "tolerance") == 0) {
    rc = request_tolerance(s, &a, id, azVal[3], azVal[4], azVal[1], &out, &e);
  } else if (strcmp(zVerb, "approve") == 0 || strcmp(zVerb, "reject") == 0) {
    rc = request_decide(s, &a, id, zVerb[0] == 'a', azVal[5], azVal[6], &e);
  } else {
    rc = 2;
  }
  store_close(s);
  if (rc == 2) return cli_usage("request");
  if (rc) return cli_fail("request", "%s", e.zMsg);
  if (out) printf("request %lld\n", out);
  return 0;
}

int cmd_item(int argc, char **argv) {
  if (argc < 3 || strcmp(argv[1], "reopen") != 0 || !parse_id(argv[2])) return cli_usage("item");
  static const char *const azName[] = {"--reason", NULL};
  const char *azVal[1] = {0};
  if (flags(argc, argv, 3, azName, azVal) || !azVal[0]) return cli_usage("item");
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("item", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  int rc = auth_supervise(&a, &e);
  if (rc == 0) rc = store_item_reopen(s, a.zLogin, parse_id(argv[2]), azVal[0], &e);
  store_close(s);
  return rc ? cli_fail("item", "%s", e.zMsg) : 0;
}

int cmd_accountability(int argc, char **argv) {
  if (argc < 3 || strcmp(argv[1], "add") != 0 || !parse_id(argv[2])) {
    return cli_usage("accountability");
  }
  static const char *const azName[] = {"--kind", "--unit", "--person", "--reason", NULL};
  const char *azVal[4] = {0};
  if (flags(argc, argv, 3, azName, azVal) || !azVal[0] || !azVal[3]) {
    return cli_usage("accountability");
  }
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("accountability", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  long long unit = 0, id = 0;
  int rc = auth_supervise(&a, &e);
  if (rc == 0 && azVal[1]) rc = store_unit_find(s, azVal[1], &unit, &e);
  if (rc == 0) {
    rc = store_accountability_add(s, a.zLogin, parse_id(argv[2]), azVal[0], unit, azVal[2],
                                  azVal[3], &id, &e);
  }
  store_close(s);
  if (rc) return cli_fail("accountability", "%s", e.zMsg);
  printf("record %lld\n", id);
  return 0;
}
