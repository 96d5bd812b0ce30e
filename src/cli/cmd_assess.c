/*
** `luoshi assess`: score the units for a period by the scoring rules (考核评价), rank them in
** their groups with the red and black lists (红黑榜), compare with the previous period; --save
** keeps the result (with the rules' version and hash) in the record. `assess list` shows the
** saved ones; `assess show ID` prints one exactly as it was saved.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../ledger/assess.h"
#include "../ledger/auth.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_saved(void *ctx, const StoreAssessment *a) {
  json_t *list = ctx;
  if (list) {
    json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
                                          (json_int_t)a->id, "period", a->zPeriod,
                                          "rules_version", a->zRulesVersion, "rules_sha256",
                                          a->zRulesSha256, "saved_by", a->zSavedBy, "saved_at",
                                          a->zSavedAt));
  } else {
    printf("%5lld  %-8s rules %-10s %s by %s\n", a->id, a->zPeriod, a->zRulesVersion,
           a->zSavedAt, a->zSavedBy);
  }
  return 0;
}

typedef struct Show {
  long long id;
  int found;
} Show;

static int print_one(void *ctx, const StoreAssessment *a) {
  Show *sh = ctx;
  if (a->id != sh->id) return 0;
  sh->found = 1;
  fputs(a->zResult, stdout);
  fputc('\n', stdout);
  return 1;
}

int cmd_assess(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  const char *zPeriod = NULL, *zGroup = NULL;
  int save = 0, i = 1;
  const char *zSub = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
  if (zSub && strcmp(zSub, "list") != 0 && strcmp(zSub, "show") != 0) return cli_usage("assess");
  if (zSub) i = 2;
  const char *zShow = NULL;
  if (zSub && strcmp(zSub, "show") == 0) {
    if (argc < 3) return cli_usage("assess");
    zShow = argv[2];
    i = 3;
  }
  for (; i < argc; i++) {
    int f;
    if ((f = cli_flag_value(argc, argv, &i, "--period", &zPeriod)) ||
        (f = cli_flag_value(argc, argv, &i, "--group", &zGroup))) {
      if (f < 0) return 2;
    } else if (strcmp(argv[i], "--save") == 0) {
      save = 1;
    } else {
      return cli_usage("assess");
    }
  }
  if (!zSub && !zPeriod) return cli_usage("assess");
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("assess", "%s", e.zMsg);
  int rc = 0;
  if (zSub && strcmp(zSub, "list") == 0) {
    json_t *list = json ? json_array() : NULL;
    rc = store_assessment_list(s, zPeriod, 0, print_saved, list, &e);
    if (rc == 0 && list) {
      json_dumpf(list, stdout, JSON_INDENT(1));
      fputc('\n', stdout);
    }
    json_decref(list);
  } else if (zShow) {
    Show sh = {cli_id(zShow), 0};
    if (!sh.id) rc = err_set(&e, LUOSHI_EINVAL, "'%s' is not an assessment id", zShow);
    if (rc == 0) rc = store_assessment_list(s, NULL, 1, print_one, &sh, &e);
    if (rc == 0 && !sh.found) rc = err_set(&e, LUOSHI_ENOTFOUND, "no saved assessment %s", zShow);
  } else {
    AssessRules rules;
    json_t *res = NULL;
    Actor a;
    auth_actor(s, cli_global.zActor, &a);
    rc = assess_rules_load(&rules, &e);
    if (rc == 0 && save) rc = auth_supervise(&a, &e);
    if (rc == 0) rc = assess_run(s, &rules, zPeriod, zGroup, &res, &e);
    long long id = 0;
    if (rc == 0 && save) rc = assess_save(s, cli_global.zActor, &rules, res, &id, &e);
    if (rc == 0 && json) {
      char *z = assess_dumps(res);
      fputs(z, stdout);
      fputc('\n', stdout);
      free(z);
    } else if (rc == 0) {
      Buf out = BUF_INIT;
      assess_print(res, &out);
      fputs(buf_str(&out), stdout);
      buf_free(&out);
    }
    if (rc == 0 && save) fprintf(stderr, "saved as assessment %lld\n", id);
    json_decref(res);
  }
  store_close(s);
  return rc ? cli_fail("assess", "%s", e.zMsg) : 0;
}
