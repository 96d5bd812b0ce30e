/*
** `luoshi target`: quantitative targets (指标) of ledger items — add one with its baseline and
** trajectory, report an actual value, list them with their latest values.
*/
#include "cli.h"

#include "../ledger/targets.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* z as a number into *pV: 0, or 1 with the message printed when it is not one. */
static int parse_number(const char *z, const char *zWhat, double *pV) {
  char *end = NULL;
  *pV = z && *z ? strtod(z, &end) : 0;
  if (!z || !*z || *end) return cli_fail("target", "%s '%s' is not a number", zWhat, z ? z : "");
  return 0;
}

static int print_target(void *ctx, const StoreTarget *t) {
  json_t *list = ctx;
  if (list) {
    json_array_append_new(
        list, json_pack("{s:I, s:I, s:s, s:s, s:s?, s:f, s:s, s:f, s:s, s:o, s:s?}", "id",
                        (json_int_t)t->id, "item", (json_int_t)t->itemId, "number", t->zNumber,
                        "name", t->zName, "unit", *t->zUnit ? t->zUnit : NULL, "baseline",
                        t->baseline, "baseline_date", t->zBaselineDate, "target", t->target,
                        "target_date", t->zTargetDate, "value",
                        t->hasValue ? json_real(t->value) : json_null(), "as_of",
                        t->hasValue ? t->zAsOf : NULL));
  } else {
    printf("%5lld  item %-5lld %-10s %s: %g%s (%s) -> %g%s (%s)", t->id, t->itemId, t->zNumber,
           t->zName, t->baseline, t->zUnit, t->zBaselineDate, t->target, t->zUnit,
           t->zTargetDate);
    if (t->hasValue) printf("  actual %g%s as of %s", t->value, t->zUnit, t->zAsOf);
    putchar('\n');
  }
  return 0;
}

int cmd_target(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 2) return cli_usage("target");
  const char *zVerb = argv[1];
  static const char *const azName[] = {"--name",  "--baseline", "--baseline-date",
                                       "--target", "--target-date", "--unit",
                                       "--value", "--as-of", NULL};
  const char *azVal[8] = {0};
  int from = 3;
  long long id = argc > 2 ? cli_id(argv[2]) : 0;
  if (strcmp(zVerb, "list") == 0) {
    from = id ? 3 : 2;
    if (argc > from) return cli_usage("target");
  } else if (!id || cli_flags(argc, argv, from, azName, azVal)) {
    return cli_usage("target");
  }
  int isAdd = strcmp(zVerb, "add") == 0, isReport = strcmp(zVerb, "report") == 0;
  if (isAdd && (!azVal[0] || !azVal[1] || !azVal[2] || !azVal[3] || !azVal[4] || azVal[6] ||
                azVal[7])) {
    return cli_usage("target");
  }
  if (isReport && (!azVal[6] || !azVal[7] || azVal[0] || azVal[1] || azVal[2] || azVal[3] ||
                   azVal[4] || azVal[5])) {
    return cli_usage("target");
  }
  if (!isAdd && !isReport && strcmp(zVerb, "list")) return cli_usage("target");
  StoreTarget t;
  memset(&t, 0, sizeof t);
  double value = 0;
  if (isAdd) {
    t.itemId = id;
    t.zName = azVal[0];
    t.zBaselineDate = azVal[2];
    t.zTargetDate = azVal[4];
    t.zUnit = azVal[5];
    if (parse_number(azVal[1], "the baseline", &t.baseline)) return 1;
    if (parse_number(azVal[3], "the target", &t.target)) return 1;
  }
  if (isReport && parse_number(azVal[6], "the value", &value)) return 1;
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("target", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  int rc;
  long long out = 0;
  if (isAdd) {
    rc = target_add(s, &a, &t, &out, &e);
  } else if (isReport) {
    rc = target_report(s, &a, id, value, azVal[7], &out, &e);
  } else {
    json_t *list = json ? json_array() : NULL;
    rc = store_target_list(s, id, print_target, list, &e);
    if (rc == 0 && list) {
      json_dumpf(list, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
      putchar('\n');
    }
    json_decref(list);
  }
  store_close(s);
  if (rc) return cli_fail("target", "%s", e.zMsg);
  if (json && isAdd) {
    cli_print_json(json_pack("{s:I, s:I}", "target", (json_int_t)out, "item", (json_int_t)id));
  } else if (json && isReport) {
    cli_print_json(json_pack("{s:I, s:I}", "value", (json_int_t)out, "target", (json_int_t)id));
  } else if (isAdd) {
    printf("target %lld\n", out);
  } else if (isReport) {
    printf("value %lld\n", out);
  }
  return 0;
}
