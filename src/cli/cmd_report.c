/*
** `luoshi report`: file, submit and review progress reports on ledger items.
*/
#include "cli.h"

#include "../ledger/reports.h"
#include "../ledger/sheet.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_report(void *ctx, const StoreReport *r) {
  json_t *list = ctx;
  if (list) {
    json_array_append_new(
        list, json_pack("{s:I, s:I, s:s, s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:b}", "id",
                        (json_int_t)r->id, "item", (json_int_t)r->itemId, "period", r->zPeriod,
                        "unit", (json_int_t)r->unitId, "progress", r->progress, "done", r->zDone,
                        "problems", r->zProblems, "next", r->zNext, "state", r->zState,
                        "reason", r->zReason, "submissions", r->submissions, "evidence",
                        r->nEvidence, "late", r->late));
  } else {
    printf("%5lld  item %-5lld %-7s %3d%%  %-9s %d file(s)%s  %s", r->id, r->itemId, r->zPeriod,
           r->progress, r->zState, r->nEvidence, r->late ? "  late" : "", r->zDone);
    if (*r->zReason) printf("  (returned: %s)", r->zReason);
    putchar('\n');
  }
  return 0;
}

int cmd_report(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 2) return cli_usage("report");
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("report", "%s", e.zMsg);
  Actor a;
  auth_actor(s, cli_global.zActor, &a);
  int rc = 0;
  const char *zVerb = argv[1];
  const char *zState = NULL;  /* the state a move leaves the report in, for --json */
  if (strcmp(zVerb, "file") == 0 && argc >= 3 && cli_id(argv[2])) {
    StoreReport r;
    memset(&r, 0, sizeof r);
    r.itemId = cli_id(argv[2]);
    r.progress = -1;
    const char *zProgress = NULL, *azEvidence[16];
    int nEvidence = 0;
    r.zPeriod = NULL;
    for (int i = 3; rc == 0 && i < argc; i++) {
      int f;
      const char *zFile = NULL;
      if ((f = cli_flag_value(argc, argv, &i, "--period", &r.zPeriod)) ||
          (f = cli_flag_value(argc, argv, &i, "--progress", &zProgress)) ||
          (f = cli_flag_value(argc, argv, &i, "--done", &r.zDone)) ||
          (f = cli_flag_value(argc, argv, &i, "--problems", &r.zProblems)) ||
          (f = cli_flag_value(argc, argv, &i, "--next", &r.zNext))) {
        if (f < 0) rc = 2;
      } else if ((f = cli_flag_value(argc, argv, &i, "--evidence", &zFile)) != 0) {
        if (f < 0 || nEvidence >= 16) rc = 2;
        else azEvidence[nEvidence++] = zFile;
      } else {
        rc = 2;
      }
    }
    if (rc == 0 && (!r.zPeriod || !zProgress)) rc = 2;
    if (rc == 0) {
      char *end;
      long v = strtol(zProgress, &end, 10);
      r.progress = *end ? -1 : (int)v;
      long long id = 0;
      rc = report_file(s, &a, &r, &id, &e);
      for (int k = 0; rc == 0 && k < nEvidence; k++) rc = report_attach(s, &a, id, azEvidence[k], &e);
      if (rc == 0 && json) {
        cli_print_json(json_pack("{s:I, s:I, s:i}", "report", (json_int_t)id, "item",
                                 (json_int_t)r.itemId, "evidence", nEvidence));
      } else if (rc == 0) {
        printf("report %lld\n", id);
      }
    }
  } else if (strcmp(zVerb, "attach") == 0 && argc == 4 && cli_id(argv[2])) {
    rc = report_attach(s, &a, cli_id(argv[2]), argv[3], &e);
    if (rc == 0 && json) {
      cli_print_json(json_pack("{s:b, s:I, s:s}", "ok", 1, "report", (json_int_t)cli_id(argv[2]),
                               "file", argv[3]));
    }
  } else if (strcmp(zVerb, "submit") == 0 && argc == 3 && cli_id(argv[2])) {
    rc = report_submit(s, &a, cli_id(argv[2]), &e);
    zState = "submitted";
  } else if (strcmp(zVerb, "accept") == 0 && argc == 3 && cli_id(argv[2])) {
    rc = report_accept(s, &a, cli_id(argv[2]), &e);
    zState = "accepted";
  } else if (strcmp(zVerb, "return") == 0 && argc >= 3 && cli_id(argv[2])) {
    const char *zReason = NULL;
    for (int i = 3; rc == 0 && i < argc; i++) {
      int f = cli_flag_value(argc, argv, &i, "--reason", &zReason);
      if (f <= 0) rc = 2;
    }
    if (rc == 0) rc = report_return(s, &a, cli_id(argv[2]), zReason, &e);
    zState = "returned";
  } else if (strcmp(zVerb, "import") == 0 && argc >= 3) {
    const char *zPeriod = NULL, *zDoc = NULL, *zSheet = NULL, *zFile = NULL;
    int bSubmit = 0;
    for (int i = 2; rc == 0 && i < argc; i++) {
      int f;
      if (strcmp(argv[i], "--submit") == 0) bSubmit = 1;
      else if ((f = cli_flag_value(argc, argv, &i, "--period", &zPeriod)) ||
               (f = cli_flag_value(argc, argv, &i, "--doc", &zDoc)) ||
               (f = cli_flag_value(argc, argv, &i, "--sheet", &zSheet))) {
        if (f < 0) rc = 2;
      } else if (argv[i][0] != '-' && !zFile) {
        zFile = argv[i];
      } else {
        rc = 2;
      }
    }
    if (rc == 0 && (!zFile || !zPeriod)) rc = 2;
    long long docId = 0;
    if (rc == 0 && zDoc) rc = store_doc_resolve(s, zDoc, &docId, &e);
    XlsxSheet sh;
    memset(&sh, 0, sizeof sh);
    arena_init(&sh.arena);
    if (rc == 0 && cli_sheet_load("report", zFile, zSheet, &sh)) {
      xlsx_free(&sh);
      store_close(s);
      return 1;
    }
    SheetImport res;
    memset(&res, 0, sizeof res);
    if (rc == 0) rc = sheet_report_import(s, &a, &sh, docId, zPeriod, bSubmit, &res, &e);
    if (rc != 2 && json) {
      json_t *bad = json_array();
      for (int k = 0; k < res.nBad; k++) {
        json_array_append_new(bad, json_pack("{s:i, s:s, s:s}", "row", res.aBad[k].row, "number",
                                             res.aBad[k].zNumber, "why", res.aBad[k].zWhy));
      }
      cli_print_json(json_pack("{s:b, s:i, s:i, s:o}", "ok", rc == 0, "filed", res.nFiled,
                               "skipped", res.nSkipped, "bad", bad));
    } else if (rc != 2) {
      for (int k = 0; k < res.nBad; k++) {
        fprintf(stderr, "row %d (%s): %s\n", res.aBad[k].row, res.aBad[k].zNumber,
                res.aBad[k].zWhy);
      }
      if (rc == 0) {
        printf("%d reports filed%s for %s, %d rows without progress skipped\n", res.nFiled,
               bSubmit ? " and submitted" : "", zPeriod, res.nSkipped);
      }
    }
    sheet_import_free(&res);
    xlsx_free(&sh);
  } else if (strcmp(zVerb, "list") == 0) {
    long long item = 0;
    for (int i = 2; i < argc; i++) {
      if (cli_id(argv[i])) item = cli_id(argv[i]);
      else rc = 2;
    }
    json_t *list = json ? json_array() : NULL;
    if (rc == 0) rc = store_report_list(s, item, print_report, list, &e);
    if (list && rc == 0) {
      json_dumpf(list, stdout, JSON_INDENT(1));
      fputc('\n', stdout);
    }
    json_decref(list);
  } else {
    rc = 2;
  }
  store_close(s);
  if (rc == 0 && zState && json) {
    cli_print_json(json_pack("{s:b, s:I, s:s}", "ok", 1, "report", (json_int_t)cli_id(argv[2]),
                             "state", zState));
  }
  if (rc == 2) return cli_usage("report");
  return rc ? cli_fail("report", "%s", e.zMsg) : 0;
}
