/*
** `luoshi escalate` and `luoshi outbox`: run the escalation ladder (催办 → 督办) over a date's
** warnings, list the notices it wrote, deliver them.
*/
#include "cli.h"

#include "../ledger/escalation.h"
#include "../ledger/outbox.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_escalate(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  static const char *const azName[] = {"--date", NULL};
  const char *azVal[1] = {0};
  if (argc < 2 || strcmp(argv[1], "run") || cli_flags(argc, argv, 2, azName, azVal)) {
    return cli_usage("escalate");
  }
  char zToday[11];
  cli_today(zToday);
  const char *zDate = azVal[0] ? azVal[0] : zToday;
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("escalate", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  int nItem = 0, nUnassigned = 0, nNew = 0;
  char zVersion[32] = "";
  int rc = escalation_run(s, &a, zDate, &nItem, &nUnassigned, &nNew, zVersion, &e);
  store_close(s);
  if (rc) return cli_fail("escalate", "%s", e.zMsg);
  if (json) {
    cli_print_json(json_pack("{s:i, s:i, s:i, s:s, s:s}", "items", nItem, "unassigned",
                             nUnassigned, "notices", nNew, "date", zDate, "ladder", zVersion));
    return 0;
  }
  printf("%d item(s) warned on %s; %d new notice(s) in the outbox (ladder %s)\n", nItem, zDate,
         nNew, zVersion);
  if (nUnassigned) {
    printf("%d warned item(s) have no lead unit: assign them to send notices\n", nUnassigned);
  }
  return 0;
}

static int print_notice(void *ctx, const StoreNotice *t) {
  json_t *list = ctx;
  if (list) {
    json_array_append_new(
        list, json_pack("{s:I, s:I, s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, "
                        "s:s?, s:s?}",
                        "id", (json_int_t)t->id, "item", (json_int_t)t->itemId, "unit",
                        (json_int_t)t->unitId, "unit_name", t->zUnit, "step", t->zStep, "level",
                        t->level, "colour", t->zColour, "since", t->zSince, "as_of", t->zAsOf,
                        "ladder", t->zLadder, "subject", t->zSubject, "body", t->zBody, "state",
                        t->zState, "attempts", t->attempts, "error",
                        *t->zError ? t->zError : NULL, "sent_at",
                        *t->zSentAt ? t->zSentAt : NULL));
  } else {
    printf("%5lld  item %-5lld %-9s %-7s %-7s %s  %s\n", t->id, t->itemId, t->zStep, t->zColour,
           t->zState, t->zUnit, t->zSubject);
  }
  return 0;
}

int cmd_outbox(int argc, char **argv) {
  static const char *const azName[] = {"--state", "--dir", "--webhook", "--smtp", "--from", NULL};
  const char *azVal[5] = {0};
  int json = cli_take_json(&argc, argv);
  if (argc < 2 || cli_flags(argc, argv, 2, azName, azVal)) return cli_usage("outbox");
  int list = strcmp(argv[1], "list") == 0, send = strcmp(argv[1], "send") == 0;
  int nChannel = !!azVal[1] + !!azVal[2] + !!azVal[3];
  if ((!list && !send) || (send && nChannel != 1) || (azVal[4] && !azVal[3])) {
    return cli_usage("outbox");
  }
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("outbox", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  int rc, nSent = 0, nFailed = 0;
  if (list) {
    json_t *j = json ? json_array() : NULL;
    rc = store_notice_list(s, azVal[0], print_notice, j, &e);
    if (rc == 0 && j) {
      json_dumpf(j, stdout, JSON_INDENT(1));
      putchar('\n');
    }
    json_decref(j);
  } else {
    if (azVal[1]) {
      rc = outbox_deliver_dir(s, &a, azVal[1], &nSent, &nFailed, &e);
    } else if (azVal[2]) {
      rc = outbox_deliver_webhook(s, &a, azVal[2], &nSent, &nFailed, &e);
    } else {
      /* the login comes from the environment, never the command line (ps would show it) */
      rc = outbox_deliver_smtp(s, &a, azVal[3], azVal[4], getenv("LUOSHI_SMTP_USER"),
                               getenv("LUOSHI_SMTP_PASSWORD"), &nSent, &nFailed, &e);
    }
  }
  store_close(s);
  if (rc) return cli_fail("outbox", "%s", e.zMsg);
  if (send && json) {
    cli_print_json(json_pack("{s:i, s:i}", "delivered", nSent, "failed", nFailed));
  } else if (send) {
    printf("%d notice(s) delivered to %s, %d failed\n", nSent,
           azVal[1] ? azVal[1] : azVal[2] ? azVal[2] : azVal[3], nFailed);
  }
  if (send && nFailed) {
    return cli_fail("outbox", "%d notice(s) could not be delivered; they stay in the outbox",
                    nFailed);
  }
  return 0;
}
