/*
** `luoshi warnings`: run the warning rules for a date, and list what they found.
*/
#include "cli.h"

#include "../ledger/auth.h"
#include "../ledger/warnings.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int print_warning(void *ctx, const StoreWarning *w) {
  json_t *list = ctx;
  if (list) {
    json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o?}", "item",
                                          (json_int_t)w->itemId, "number", w->zNumber, "rule",
                                          w->zRule, "colour", w->zColour, "message", w->zMessage,
                                          "rules_version", w->zVersion, "as_of", w->zAsOf, "data",
                                          json_loads(w->zData, 0, NULL)));
  } else {
    printf("%-6s %5lld  %-8s %-12s %s\n", w->zColour, w->itemId, w->zNumber, w->zRule,
           w->zMessage);
  }
  return 0;
}

int cmd_warnings(int argc, char **argv) {
  int json = cli_take_json(&argc, argv), rc = 0;
  if (argc < 2) return cli_usage("warnings");
  const char *zDate = NULL, *zColour = NULL;
  for (int i = 2; i < argc; i++) {
    int f;
    if ((f = cli_flag_value(argc, argv, &i, "--date", &zDate)) ||
             (f = cli_flag_value(argc, argv, &i, "--colour", &zColour))) {
      if (f < 0) return 2;
    } else {
      return cli_usage("warnings");
    }
  }
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("warnings", "%s", e.zMsg);
  if (strcmp(argv[1], "run") == 0) {
    char zToday[11];
    if (!zDate) {
      time_t now = time(NULL);
      struct tm tm;
      localtime_r(&now, &tm);
      strftime(zToday, sizeof zToday, "%Y-%m-%d", &tm);
      zDate = zToday;
    }
    Actor a;
    auth_actor(s, cli_global.zActor, &a);
    int n = 0;
    char zVersion[32];
    rc = auth_supervise(&a, &e);
    if (rc == 0) rc = warnings_run(s, cli_global.zActor, zDate, &n, zVersion, &e);
    if (rc == 0 && json) {
      cli_print_json(json_pack("{s:i, s:s, s:s}", "warnings", n, "date", zDate, "rules", zVersion));
    } else if (rc == 0) {
      printf("%d warnings for %s (rules %s)\n", n, zDate, zVersion);
    }
  } else if (strcmp(argv[1], "list") == 0) {
    json_t *list = json ? json_array() : NULL;
    rc = store_warning_list(s, zDate, zColour, print_warning, list, &e);
    if (list && rc == 0) {
      json_dumpf(list, stdout, JSON_INDENT(1));
      fputc('\n', stdout);
    }
    json_decref(list);
  } else {
    rc = 2;
  }
  store_close(s);
  if (rc == 2) return cli_usage("warnings");
  return rc ? cli_fail("warnings", "%s", e.zMsg) : 0;
}
