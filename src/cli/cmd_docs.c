/*
** `luoshi docs`, `show`, `tasks`, `export`: reading stored documents back.
**
** `tasks` filters on the task itself (kind, measure, place) through store_task_list, and on
** the ledger item made from it (unit, status, warning, deadline) through store_ledger_list,
** the same filter `ledger list` uses: the matching items' task ids decide which tasks print.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../base/mem.h"
#include "../extract/extract.h"
#include "../store/store.h"
#include "outline.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int open_store(const char *zCmd, Store **pp) {
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, pp, &e)) return cli_fail(zCmd, "%s", e.zMsg);
  return 0;
}

typedef struct DocsCtx {
  int json;
  json_t *list;
} DocsCtx;

static int print_doc(void *ctx, const StoreDocRow *r) {
  DocsCtx *c = ctx;
  if (c->json) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "title", json_string(r->zTitle));
    json_object_set_new(o, "sha256", json_string(r->zSha256));
    json_object_set_new(o, "file", json_string(r->zFileName));
    json_object_set_new(o, "encoding", json_string(r->zEncoding));
    json_object_set_new(o, "kind", json_string(r->zKind));
    json_object_set_new(o, "chars", json_integer(r->nChar));
    json_object_set_new(o, "tasks", json_integer(r->nTask));
    json_object_set_new(o, "targets", json_integer(r->nTarget));
    json_object_set_new(o, "imported_at", json_string(r->zImportedAt));
    json_array_append_new(c->list, o);
  } else {
    printf("%4lld  %.12s  %-10s %5lld tasks %4lld targets  %s  %s\n", r->id, r->zSha256,
           r->zKind, r->nTask, r->nTarget, r->zImportedAt, r->zTitle);
  }
  return 0;
}

int cmd_docs(int argc, char **argv) {
  DocsCtx c = {0, NULL};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) c.json = 1;
    else return cli_usage("docs");
  }
  Store *s;
  if (open_store("docs", &s)) return 1;
  if (c.json) c.list = json_array();
  Err e;
  err_clear(&e);
  int rc = store_doc_list(s, print_doc, &c, &e);
  store_close(s);
  if (rc) return cli_fail("docs", "%s", e.zMsg);
  if (c.json) {
    json_dumpf(c.list, stdout, JSON_INDENT(1));
    fputc('\n', stdout);
    json_decref(c.list);
  }
  return 0;
}

/* Load the stored JSON of DOC; returns NULL after printing an error. */
static json_t *load_doc(const char *zCmd, const char *zDoc) {
  Store *s;
  if (open_store(zCmd, &s)) return NULL;
  Err e;
  err_clear(&e);
  long long id;
  Buf b = BUF_INIT;
  json_t *root = NULL;
  if (store_doc_resolve(s, zDoc, &id, &e) || store_doc_json(s, id, &b, &e)) {
    cli_fail(zCmd, "%s", e.zMsg);
  } else {
    json_error_t je;
    root = json_loadb(b.a, b.n, 0, &je);
    if (!root) cli_fail(zCmd, "the stored document %lld is damaged: %s", id, je.text);
  }
  buf_free(&b);
  store_close(s);
  return root;
}

int cmd_show(int argc, char **argv) {
  if (argc != 2) return cli_usage("show");
  json_t *root = load_doc("show", argv[1]);
  if (!root) return 1;
  outline_print(stdout, root);
  json_decref(root);
  return 0;
}

int cmd_export(int argc, char **argv) {
  const char *zDoc = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (!zDoc) zDoc = argv[i];
    else return cli_usage("export");
  }
  if (!zDoc || !json) return cli_usage("export");
  json_t *root = load_doc("export", zDoc);
  if (!root) return 1;
  json_dumpf(root, stdout, JSON_INDENT(1));
  fputc('\n', stdout);
  json_decref(root);
  return 0;
}

/* Task ids, sorted once collected. */
typedef struct TaskIds {
  long long *a;  /* the ids */
  size_t n;      /* how many */
  size_t nCap;   /* room in a, in elements */
} TaskIds;

typedef struct TasksCtx {
  int json;
  json_t *list;
  const TaskIds *pKeep;  /* print only these tasks; NULL: all */
} TasksCtx;

static int cmp_id(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

static int collect_task_id(void *ctx, const StoreItem *it) {
  TaskIds *t = ctx;
  if (it->taskId == 0) return 0;  /* an item added by hand has no task */
  MEM_GROW(t->a, t->nCap, t->n + 1);
  t->a[t->n++] = it->taskId;
  return 0;
}

static int stop_at_first(void *ctx, const StoreItem *it) {
  *(int *)ctx = 1;
  return 1;
}

/* Fill *pKeep with the ids of document docId's tasks whose ledger item passes *pF (its docId
** is set here), sorted. Fails when the document has no ledger. The caller frees pKeep->a. */
static int tasks_by_item(Store *s, long long docId, LedgerFilter *pF, TaskIds *pKeep, Err *e) {
  LedgerFilter any = {.docId = docId, .all = 1};
  int hasLedger = 0;
  int rc = store_ledger_list(s, &any, stop_at_first, &hasLedger, e);
  if (rc == 0 && !hasLedger) {
    return err_set(e, LUOSHI_ENOTFOUND,
                   "document %lld has no ledger yet: luoshi ledger create %lld", docId, docId);
  }
  pF->docId = docId;
  if (rc == 0) rc = store_ledger_list(s, pF, collect_task_id, pKeep, e);
  if (rc == 0 && pKeep->n) qsort(pKeep->a, pKeep->n, sizeof pKeep->a[0], cmp_id);
  return rc;
}

static int print_task(void *ctx, const StoreTaskRow *r) {
  TasksCtx *c = ctx;
  if (c->pKeep && !(c->pKeep->n &&
                    bsearch(&r->id, c->pKeep->a, c->pKeep->n, sizeof c->pKeep->a[0], cmp_id))) {
    return 0;
  }
  if (c->json) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "kind", json_string(r->zKind));
    json_object_set_new(o, "text", json_string(r->zText));
    json_object_set_new(o, "measure", r->measure ? json_integer(r->measure) : json_null());
    json_object_set_new(o, "section", r->zSection ? json_string(r->zSection) : json_null());
    json_object_set_new(o, "deliverable",
                        r->zDeliverable ? json_string(r->zDeliverable) : json_null());
    json_object_set_new(o, "places", json_string(r->zPlaces));
    json_object_set_new(o, "lead", json_loads(r->zLead, 0, NULL));
    json_object_set_new(o, "suggested", json_loads(r->zSuggested, 0, NULL));
    json_object_set_new(o, "problem", r->zProblem ? json_string(r->zProblem) : json_null());
    json_t *l = json_array();
    json_array_append_new(l, json_integer(r->lineFirst));
    json_array_append_new(l, json_integer(r->lineLast));
    json_object_set_new(o, "lines", l);
    json_array_append_new(c->list, o);
    return 0;
  }
  printf("%4lld  %-11s ", r->id, r->zKind);
  if (r->measure) printf("m%-3d", r->measure);
  else if (r->zSection) printf("%-4s", r->zSection);
  else printf("    ");
  printf(" L%d-%d  %s", r->lineFirst, r->lineLast, r->zText);
  if (r->zDeliverable) printf("  ⟶ 《%s》", r->zDeliverable);
  if (*r->zPlaces) printf("  @%s", r->zPlaces);
  printf("\n");
  if (r->zProblem) printf("      问题: %s\n", r->zProblem);
  return 0;
}

int cmd_tasks(int argc, char **argv) {
  const char *zDoc = NULL, *zMeasure = NULL, *zUnit = NULL;
  TaskFilter f = {NULL, 0, NULL};
  LedgerFilter lf = {0};  /* on the tasks' ledger items */
  TasksCtx c = {0, NULL, NULL};
  for (int i = 1; i < argc; i++) {
    int r;
    if (strcmp(argv[i], "--json") == 0) c.json = 1;
    else if ((r = cli_flag_value(argc, argv, &i, "--unit", &zUnit)) ||
             (r = cli_flag_value(argc, argv, &i, "--status", &lf.zStatus)) ||
             (r = cli_flag_value(argc, argv, &i, "--warning", &lf.zColour)) ||
             (r = cli_flag_value(argc, argv, &i, "--before", &lf.zBefore))) {
      if (r < 0) return 2;
    } else if ((r = cli_flag_value(argc, argv, &i, "--kind", &f.zKind)) != 0) {
      if (r < 0) return 2;
      if (task_kind_from_name(f.zKind) < 0) {
        return cli_fail("tasks", "unknown kind '%s' (deliverable, project, reform, campaign, "
                                 "institution, support, target, other)", f.zKind);
      }
    } else if ((r = cli_flag_value(argc, argv, &i, "--measure", &zMeasure)) != 0) {
      if (r < 0) return 2;
      f.measure = (int)strtol(zMeasure, NULL, 10);
      if (f.measure <= 0) return cli_fail("tasks", "--measure takes a measure number");
    } else if ((r = cli_flag_value(argc, argv, &i, "--place", &f.zPlace)) != 0) {
      if (r < 0) return 2;
    } else if (!zDoc) zDoc = argv[i];
    else return cli_usage("tasks");
  }
  if (!zDoc) return cli_usage("tasks");
  if (lf.zColour && strcmp(lf.zColour, "red") && strcmp(lf.zColour, "yellow") &&
      strcmp(lf.zColour, "blue")) {
    return cli_fail("tasks", "--warning takes red, yellow or blue");
  }
  Store *s;
  if (open_store("tasks", &s)) return 1;
  Err e;
  err_clear(&e);
  long long id;
  int rc = store_doc_resolve(s, zDoc, &id, &e);
  TaskIds keep = {NULL, 0, 0};
  if (rc == 0 && (zUnit || lf.zStatus || lf.zColour || lf.zBefore)) {
    if (zUnit) rc = store_unit_find(s, zUnit, &lf.unitId, &e);
    if (rc == 0) rc = tasks_by_item(s, id, &lf, &keep, &e);
    c.pKeep = &keep;
  }
  if (c.json) c.list = json_array();
  if (rc == 0) rc = store_task_list(s, id, &f, print_task, &c, &e);
  free(keep.a);
  store_close(s);
  if (rc) {
    json_decref(c.list);
    return cli_fail("tasks", "%s", e.zMsg);
  }
  if (c.json) {
    json_dumpf(c.list, stdout, JSON_INDENT(1));
    fputc('\n', stdout);
    json_decref(c.list);
  }
  return 0;
}
