/*
** `luoshi milestone`: add milestones (节点) to ledger items, record them reached, list them.
*/
#include "cli.h"

#include "../ledger/milestones.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int print_milestone(void *ctx, const StoreMilestone *m) {
  json_t *list = ctx;
  if (list) {
    json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?}", "id",
                                          (json_int_t)m->id, "item", (json_int_t)m->itemId,
                                          "number", m->zNumber, "due", m->zDue, "title",
                                          m->zTitle, "done_on", *m->zDoneOn ? m->zDoneOn : NULL));
  } else {
    printf("%5lld  item %-5lld %-10s %-10s %s", m->id, m->itemId, m->zNumber, m->zDue, m->zTitle);
    if (*m->zDoneOn) printf("  (reached %s)", m->zDoneOn);
    putchar('\n');
  }
  return 0;
}

int cmd_milestone(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 2) return cli_usage("milestone");
  const char *zVerb = argv[1];
  static const char *const azName[] = {"--due", "--title", "--on", NULL};
  const char *azVal[3] = {0};
  int from = 3;
  long long id = argc > 2 ? cli_id(argv[2]) : 0;
  if (strcmp(zVerb, "list") == 0) {
    from = id ? 3 : 2;
    if (argc > from) return cli_usage("milestone");
  } else if (!id || cli_flags(argc, argv, from, azName, azVal)) {
    return cli_usage("milestone");
  }
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("milestone", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  int rc;
  long long out = 0;
  if (strcmp(zVerb, "add") == 0 && azVal[0] && azVal[1]) {
    rc = milestone_add(s, &a, id, azVal[0], azVal[1], &out, &e);
  } else if (strcmp(zVerb, "reach") == 0) {
    char zToday[11];
    cli_today(zToday);
    const char *zOn = azVal[2] ? azVal[2] : zToday;
    rc = milestone_reach(s, &a, id, zOn, &e);
    if (rc == 0 && json) {
      cli_print_json(
          json_pack("{s:b, s:I, s:s}", "ok", 1, "milestone", (json_int_t)id, "reached", zOn));
    }
  } else if (strcmp(zVerb, "list") == 0) {
    json_t *list = json ? json_array() : NULL;
    rc = store_milestone_list(s, id, print_milestone, list, &e);
    if (rc == 0 && list) {
      json_dumpf(list, stdout, JSON_INDENT(1));
      putchar('\n');
    }
    json_decref(list);
  } else {
    rc = 2;
  }
  store_close(s);
  if (rc == 2) return cli_usage("milestone");
  if (rc) return cli_fail("milestone", "%s", e.zMsg);
  if (out && json) {
    cli_print_json(json_pack("{s:I, s:I}", "milestone", (json_int_t)out, "item", (json_int_t)id));
  } else if (out) {
    printf("milestone %lld\n", out);
  }
  return 0;
}
