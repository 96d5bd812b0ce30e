/*
** `luoshi request`, `item reopen|cycle`, `accountability add`: extensions, close-outs, fault
** tolerance and their decisions; reopening and report cycles; accountability records.
*/
#include "cli.h"

#include "../ledger/fields.h"
#include "../ledger/milestones.h"
#include "../ledger/requests.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_request(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 3 || !cli_id(argv[2])) return cli_usage("request");
  static const char *const azName[] = {"--to", "--reason", "--date", "--period", "--claims",
                                       "--note", "--verdict", NULL};
  const char *azVal[7] = {0};
  if (cli_flags(argc, argv, 3, azName, azVal)) return cli_usage("request");
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("request", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  long long id = cli_id(argv[2]), out = 0;
  char zToday[11];
  cli_today(zToday);
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
  if (json && out) {
    cli_print_json(json_pack("{s:I, s:s, s:I}", "request", (json_int_t)out, "kind", zVerb,
                             "item", (json_int_t)id));
  } else if (json) {
    cli_print_json(json_pack("{s:b, s:I, s:s}", "ok", 1, "request", (json_int_t)id, "decision",
                             zVerb[0] == 'a' ? "approved" : "rejected"));
  } else if (out) {
    printf("request %lld\n", out);
  }
  return 0;
}

int cmd_item(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 3 || !cli_id(argv[2])) return cli_usage("item");
  int reopen = strcmp(argv[1], "reopen") == 0, cycle = strcmp(argv[1], "cycle") == 0;
  static const char *const azName[] = {"--reason", "--due-day", NULL};
  const char *azVal[2] = {0};
  int from = cycle ? 4 : 3;
  if ((!reopen && !cycle) || (cycle && argc < 4) || cli_flags(argc, argv, from, azName, azVal) ||
      (reopen && !azVal[0])) {
    return cli_usage("item");
  }
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("item", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  int rc;
  long day = 0;  /* the due day, 0 for the period's last day */
  if (cycle) {
    char *end = NULL;
    day = azVal[1] ? strtol(azVal[1], &end, 10) : 0;
    if (azVal[1] && (end == azVal[1] || *end || day < 1)) day = -1;
    rc = milestone_set_cycle(s, &a, cli_id(argv[2]), argv[3], (int)day, &e);
  } else {
    rc = auth_supervise(&a, &e);
    if (rc == 0) rc = field_check(azVal[0], FIELD_TEXT_MAX, FIELD_LINES, 1, "the reason", &e);
    if (rc == 0) rc = store_item_reopen(s, a.zLogin, cli_id(argv[2]), azVal[0], &e);
  }
  store_close(s);
  if (rc) return cli_fail("item", "%s", e.zMsg);
  if (json && cycle) {
    /* due_day null: by the period's last day */
    cli_print_json(json_pack("{s:b, s:I, s:s, s:o?}", "ok", 1, "item", (json_int_t)cli_id(argv[2]),
                             "cycle", argv[3], "due_day", day ? json_integer(day) : NULL));
  } else if (json) {
    cli_print_json(json_pack("{s:b, s:I, s:b}", "ok", 1, "item", (json_int_t)cli_id(argv[2]),
                             "reopened", 1));
  }
  return 0;
}

int cmd_accountability(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 3 || strcmp(argv[1], "add") != 0 || !cli_id(argv[2])) {
    return cli_usage("accountability");
  }
  static const char *const azName[] = {"--kind", "--unit", "--person", "--reason", NULL};
  const char *azVal[4] = {0};
  if (cli_flags(argc, argv, 3, azName, azVal) || !azVal[0] || !azVal[3]) {
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
  if (rc == 0) rc = field_check(azVal[2], FIELD_NAME_MAX, FIELD_ONE_LINE, 0, "the person", &e);
  if (rc == 0) rc = field_check(azVal[3], FIELD_TEXT_MAX, FIELD_LINES, 1, "the reason", &e);
  if (rc == 0 && azVal[1]) rc = store_unit_find(s, azVal[1], &unit, &e);
  if (rc == 0) {
    rc = store_accountability_add(s, a.zLogin, cli_id(argv[2]), azVal[0], unit, azVal[2],
                                  azVal[3], &id, &e);
  }
  store_close(s);
  if (rc) return cli_fail("accountability", "%s", e.zMsg);
  if (json) {
    cli_print_json(json_pack("{s:I, s:I, s:s}", "record", (json_int_t)id, "item",
                             (json_int_t)cli_id(argv[2]), "kind", azVal[0]));
  } else {
    printf("record %lld\n", id);
  }
  return 0;
}
