/*
** `luoshi unit`, `user`, `ledger`, `audit`: the organisation, the ledger (made from a document,
** then edited by the office: add, edit, renumber, merge) and its history from
** the command line. Every change names its actor (--as LOGIN) in the audit chain.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../base/mem.h"
#include "../extract/units.h"
#include "../ledger/auth.h"
#include "../ledger/cascade.h"
#include "../ledger/fields.h"
#include "../ledger/ledger.h"
#include "../ledger/org.h"
#include "../ledger/sheet.h"
#include "../store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A positive whole number, or -1. */
static int atoi_checked(const char *z) {
  char *end;
  long v = strtol(z, &end, 10);
  return (*end || v <= 0 || v > 100000) ? -1 : (int)v;
}

static Store *open_db(const char *zCmd) {
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) {
    cli_fail(zCmd, "%s", e.zMsg);
    return NULL;
  }
  return s;
}

/* ---- unit ---------------------------------------------------------------------------------- */

static int print_unit(void *ctx, const StoreUnit *u) {
  json_t *list = ctx;
  if (list) {
    json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)u->id,
                                          "name", u->zName, "kind", u->zKind, "parent",
                                          (json_int_t)u->parentId, "code", u->zCode));
  } else {
    printf("%5lld  %-10s %5lld  %-8s %s\n", u->id, u->zKind, u->parentId, u->zCode, u->zName);
  }
  return 0;
}

int cmd_unit(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 2) return cli_usage("unit");
  Store *s = open_db("unit");
  if (!s) return 1;
  Err e;
  err_clear(&e);
  int rc = 0;
  if (strcmp(argv[1], "seed") == 0 && argc == 2) {
    int n = 0;
    rc = org_seed(s, cli_global.zActor, &n, &e);
    if (rc == 0 && json) cli_print_json(json_pack("{s:i}", "added", n));
    else if (rc == 0) printf("%d units added\n", n);
  } else if (strcmp(argv[1], "add") == 0 && argc >= 4) {
    const char *zParent = NULL, *zCode = "", *zShort = "";
    for (int i = 4; i < argc; i++) {
      int r;
      if ((r = cli_flag_value(argc, argv, &i, "--parent", &zParent)) ||
          (r = cli_flag_value(argc, argv, &i, "--code", &zCode)) ||
          (r = cli_flag_value(argc, argv, &i, "--short", &zShort))) {
        if (r < 0) rc = 2;
      } else {
        rc = 2;
      }
    }
    long long parent = 0, id = 0;
    if (rc == 0 && zParent) rc = store_unit_find(s, zParent, &parent, &e);
    StoreUnit u = {0, argv[2], argv[3], parent, zCode, zShort};
    if (rc == 0) rc = org_unit_add(s, cli_global.zActor, &u, &id, &e);
    if (rc == 0 && json) cli_print_json(json_pack("{s:I}", "unit", (json_int_t)id));
    else if (rc == 0) printf("unit %lld\n", id);
  } else if (strcmp(argv[1], "email") == 0 && (argc == 3 || argc == 4)) {
    /* unit email UNIT ADDRESS sets the address for notices; without ADDRESS, prints it */
    long long id = 0;
    char zEmail[256] = "";
    rc = store_unit_find(s, argv[2], &id, &e);
    if (rc == 0 && argc == 4) rc = store_unit_email_set(s, cli_global.zActor, id, argv[3], &e);
    if (rc == 0) rc = store_unit_email_get(s, id, zEmail, &e);
    if (rc == 0 && json) {
      cli_print_json(json_pack("{s:I, s:s?}", "unit", (json_int_t)id, "email",
                               *zEmail ? zEmail : NULL));
    } else if (rc == 0) {
      printf("unit %lld: %s\n", id, *zEmail ? zEmail : "(no mail address)");
    }
  } else if (strcmp(argv[1], "list") == 0 && argc == 2) {
    json_t *list = json ? json_array() : NULL;
    rc = store_unit_list(s, print_unit, list, &e);
    if (list) {
      json_dumpf(list, stdout, JSON_INDENT(1));
      fputc('\n', stdout);
      json_decref(list);
    }
  } else {
    rc = 2;
  }
  store_close(s);
  if (rc == 2) return cli_usage("unit");
  return rc ? cli_fail("unit", "%s", e.zMsg) : 0;
}

/* ---- user ---------------------------------------------------------------------------------- */

int cmd_user(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 5 || strcmp(argv[1], "add") != 0) return cli_usage("user");
  const char *zUnit = NULL;
  for (int i = 5; i < argc; i++) {
    int r = cli_flag_value(argc, argv, &i, "--unit", &zUnit);
    if (r <= 0) return cli_usage("user");
  }
  /* The password comes on standard input, never on the command line (ps would show it). */
  char zPass[256];
  if (!fgets(zPass, sizeof zPass, stdin)) return cli_fail("user", "give the password on standard input");
  zPass[strcspn(zPass, "\r\n")] = 0;
  Store *s = open_db("user");
  if (!s) return 1;
  Err e;
  err_clear(&e);
  long long id = 0;
  int rc = org_person_add(s, cli_global.zActor, argv[2], argv[3], argv[4], zUnit, zPass, &id, &e);
  memset(zPass, 0, sizeof zPass);
  store_close(s);
  if (rc) return cli_fail("user", "%s", e.zMsg);
  if (json) cli_print_json(json_pack("{s:I, s:s}", "person", (json_int_t)id, "login", argv[2]));
  else printf("person %lld\n", id);
  return 0;
}

/* ---- ledger -------------------------------------------------------------------------------- */

/* ledger list's listing: the JSON array (NULL for lines) and the store, for each item's
** recurrence. */
typedef struct ItemList {
  json_t *list;
  Store *s;
} ItemList;

static int print_item(void *ctx, const StoreItem *it) {
  ItemList *p = ctx;
  char zRec[16] = "";
  Err e;
  err_clear(&e);
  store_item_recurrence_get(p->s, it->id, zRec, &e);  /* "" when it cannot be read */
  if (p->list) {
    json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?}", "id",
                          (json_int_t)it->id, "document", (json_int_t)it->docId, "task",
                          (json_int_t)it->taskId, "number", it->zNumber, "text", it->zText,
                          "kind", it->zKind, "status", it->zStatus, "leader", it->zLeader,
                          "lead", it->zLeadUnit, "deadline", it->zDeadline, "cooperating",
                          it->zCooperating);
    /* year:12-31, half, quarter, month:10; null when the item does not recur */
    json_object_set_new(o, "recurrence", *zRec ? json_string(zRec) : json_null());
    json_array_append_new(p->list, o);
  } else {
    printf("%5lld  %-7s %-6s %-12s %-10s  %s\n", it->id, it->zNumber, it->zStatus,
           *it->zLeadUnit ? it->zLeadUnit : "-",
           *it->zDeadline ? it->zDeadline : *zRec ? zRec : "-", it->zText);
  }
  return 0;
}

/* An item id as written, or -1. */
static long long item_arg(const char *z) {
  char *end;
  long long v = strtoll(z, &end, 10);
  return (*z < '0' || *z > '9' || *end || v <= 0) ? -1 : v;
}

/* Is z an ISO date YYYY-MM-DD (digits where digits belong)? */
static int iso_date(const char *z) {
  if (strlen(z) != 10 || z[4] != '-' || z[7] != '-') return 0;
  for (int i = 0; i < 10; i++) {
    if (i != 4 && i != 7 && (z[i] < '0' || z[i] > '9')) return 0;
  }
  return 1;
}

/* ledger add | edit | renumber | merge: the office edits its ledger by hand. Returns 0, 2 for
** bad usage, or an error code with e filled. json: print one JSON object instead of a line. */
static int ledger_edit(Store *s, const char *zActor, int json, int argc, char **argv, Err *e) {
  const char *zSub = argv[1];
  if (strcmp(zSub, "merge") == 0) {
    if (argc < 4) return 2;
    long long keep = item_arg(argv[2]);
    long long aOther[64];
    int n = 0;
    for (int i = 3; i < argc; i++) {
      if (n >= 64) return err_set(e, LUOSHI_EINVAL, "merge at most 64 items at once");
      if ((aOther[n++] = item_arg(argv[i])) < 0) return 2;
    }
    if (keep < 0) return 2;
    int rc = store_item_merge(s, zActor, keep, aOther, n, e);
    if (rc == 0 && json) {
      json_t *a = json_array();
      for (int k = 0; k < n; k++) json_array_append_new(a, json_integer(aOther[k]));
      cli_print_json(json_pack("{s:I, s:o}", "item", (json_int_t)keep, "merged", a));
    } else if (rc == 0) {
      printf("%d merged into item %lld\n", n, keep);
    }
    return rc;
  }
  if (strcmp(zSub, "renumber") == 0) {
    if (argc != 4) return 2;
    long long item = item_arg(argv[2]);
    if (item < 0) return 2;
    int rc = store_item_renumber(s, zActor, item, argv[3], e);
    if (rc == 0 && json) {
      cli_print_json(json_pack("{s:I, s:s}", "item", (json_int_t)item, "number", argv[3]));
    } else if (rc == 0) {
      printf("item %lld is %s\n", item, argv[3]);
    }
    return rc;
  }
  const char *zText = NULL, *zNumber = NULL, *zKind = NULL, *zDeadline = NULL;
  int isAdd = strcmp(zSub, "add") == 0;
  if (argc < 3) return 2;
  for (int i = 3; i < argc; i++) {
    int r;
    if ((r = cli_flag_value(argc, argv, &i, "--text", &zText)) ||
             (r = cli_flag_value(argc, argv, &i, "--number", &zNumber)) ||
             (r = cli_flag_value(argc, argv, &i, "--kind", &zKind)) ||
             (isAdd && (r = cli_flag_value(argc, argv, &i, "--deadline", &zDeadline)))) {
      if (r < 0) return 2;
    } else {
      return 2;
    }
  }
  /* an item's text is one line: the ledger lists one item a line */
  if (zText && field_check(zText, FIELD_TEXT_MAX, FIELD_ONE_LINE, 1, "the item's text", e)) {
    return LUOSHI_EINVAL;
  }
  if (!isAdd) {
    long long item = item_arg(argv[2]);
    if (item < 0 || (!zText && !zNumber && !zKind)) return 2;
    int rc = store_item_edit(s, zActor, item, zText, zNumber, zKind, e);
    if (rc == 0 && json) cli_print_json(json_pack("{s:b, s:I}", "ok", 1, "item", (json_int_t)item));
    else if (rc == 0) printf("item %lld edited\n", item);
    return rc;
  }
  if (!zText) return err_set(e, LUOSHI_EINVAL, "an item needs its text (--text TEXT)");
  if (zDeadline && *zDeadline && !iso_date(zDeadline)) {
    return err_set(e, LUOSHI_EINVAL, "a deadline is a date YYYY-MM-DD (or empty for 长期坚持)");
  }
  long long doc = 0, id = 0;
  char zUsed[64];
  int rc = store_doc_resolve(s, argv[2], &doc, e);
  StoreItem it = {0};
  it.zText = zText;
  it.zNumber = zNumber;
  it.zKind = zKind;
  it.zDeadline = zDeadline;
  if (rc == 0) rc = store_item_add(s, zActor, doc, &it, &id, zUsed, e);
  if (rc == 0 && json) {
    cli_print_json(json_pack("{s:I, s:s}", "id", (json_int_t)id, "number", zUsed));
  } else if (rc == 0) {
    printf("%lld\n", id);
  }
  return rc;
}

/* The filters of ledger list and ledger export: argv[2] is DOC or "all", then --all --unit
** --status --warning --before --measure --search --kind --place; with pzXlsx/pzCsv also --xlsx
** FILE and --csv FILE. Returns 0, 2 for bad usage, or an error with e filled (unknown document
** or unit). */
static int ledger_filter_parse(Store *s, int argc, char **argv, LedgerFilter *f,
                               const char **pzXlsx, const char **pzCsv, Err *e) {
  const char *zUnit = NULL, *zMeasure = NULL;
  int rc = 0;
  for (int i = 3; rc == 0 && i < argc; i++) {
    int r;
    if (strcmp(argv[i], "--all") == 0) f->all = 1;
    else if ((r = cli_flag_value(argc, argv, &i, "--unit", &zUnit)) ||
             (r = cli_flag_value(argc, argv, &i, "--status", &f->zStatus)) ||
             (r = cli_flag_value(argc, argv, &i, "--warning", &f->zColour)) ||
             (r = cli_flag_value(argc, argv, &i, "--before", &f->zBefore)) ||
             (r = cli_flag_value(argc, argv, &i, "--measure", &zMeasure)) ||
             (r = cli_flag_value(argc, argv, &i, "--search", &f->zSearch)) ||
             (r = cli_flag_value(argc, argv, &i, "--kind", &f->zKind)) ||
             (r = cli_flag_value(argc, argv, &i, "--place", &f->zPlace)) ||
             (pzXlsx && (r = cli_flag_value(argc, argv, &i, "--xlsx", pzXlsx))) ||
             (pzCsv && (r = cli_flag_value(argc, argv, &i, "--csv", pzCsv)))) {
      if (r < 0) rc = 2;
    } else {
      rc = 2;
    }
  }
  if (zMeasure) f->measure = atoi_checked(zMeasure);
  /* "all" lists every document's items */
  if (rc == 0 && strcmp(argv[2], "all") != 0) rc = store_doc_resolve(s, argv[2], &f->docId, e);
  if (rc == 0 && zUnit) rc = store_unit_find(s, zUnit, &f->unitId, e);
  return rc;
}

int cmd_ledger(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 2) return cli_usage("ledger");
  Store *s = open_db("ledger");
  if (!s) return 1;
  Err e;
  err_clear(&e);
  int rc = 0;
  Actor actor;
  auth_actor(s, cli_global.zActor, &actor);
  if (strcmp(argv[1], "split") == 0 && argc >= 3) {
    /* a unit splits its own item: checked in cascade_split, not as a supervisor */
    char *end;
    long long item = strtoll(argv[2], &end, 10);
    const char *azUnit[64];
    double aWeight[64];
    int nUnit = 0, nWeight = 0;
    for (int i = 3; rc == 0 && i < argc; i++) {
      const char *zVal = NULL;
      int r;
      if ((r = cli_flag_value(argc, argv, &i, "--unit", &zVal)) != 0) {
        if (r < 0 || nUnit >= 64) rc = 2;
        else azUnit[nUnit++] = zVal;
      } else if ((r = cli_flag_value(argc, argv, &i, "--weight", &zVal)) != 0) {
        if (r < 0 || nWeight >= 64) rc = 2;
        else aWeight[nWeight++] = strtod(zVal, NULL);
      } else {
        rc = 2;
      }
    }
    if (rc == 0 && (*end || item <= 0 || nUnit == 0 || (nWeight && nWeight != nUnit))) rc = 2;
    if (rc == 0) rc = cascade_split(s, &actor, item, azUnit, nWeight ? aWeight : NULL, nUnit, &e);
    if (rc == 0 && json) {
      json_t *a = json_array();
      for (int k = 0; k < nUnit; k++) json_array_append_new(a, json_string(azUnit[k]));
      cli_print_json(json_pack("{s:b, s:I, s:o}", "ok", 1, "item", (json_int_t)item, "units", a));
    }
    store_close(s);
    if (rc == 2) return cli_usage("ledger");
    return rc ? cli_fail("ledger", "%s", e.zMsg) : 0;
  }
  if (strcmp(argv[1], "tree") == 0 && argc >= 3) {
    char *end;
    long long item = strtoll(argv[2], &end, 10);
    CascadeTree t;
    rc = (*end || item <= 0) ? 2 : cascade_tree(s, item, &t, &e);
    if (rc == 0) {
      json_t *list = json_array();
      for (int i = 0; i < t.n; i++) {
        const CascadeNode *c = &t.a[i];
        if (json) {
          json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:f, s:i, s:i, s:b, s:i}",
                                                "id", (json_int_t)c->n.id, "parent",
                                                (json_int_t)c->n.parentId, "number", c->n.zNumber,
                                                "lead", c->n.zLeadUnit, "weight", c->n.weight,
                                                "progress", c->n.progress, "rolled", c->rolled,
                                                "holds_back", c->holdsBack, "children",
                                                c->nChild));
        } else {
          printf("%*s%-10s %3d%%%s  %-14s w%.1f%s\n", 2 * c->n.depth, "", c->n.zNumber,
                 c->rolled, c->nChild ? " (rolled up)" : "", c->n.zLeadUnit, c->n.weight,
                 c->holdsBack ? "  ← holds it back" : "");
        }
      }
      if (json) {
        json_dumpf(list, stdout, JSON_INDENT(1));
        fputc('\n', stdout);
      }
      json_decref(list);
      cascade_tree_free(&t);
    }
    store_close(s);
    if (rc == 2) return cli_usage("ledger");
    return rc ? cli_fail("ledger", "%s", e.zMsg) : 0;
  }
  static const char *const azOffice[] = {"create", "assign", "add",     "edit",
                                         "renumber", "merge", "publish", "reindex"};
  for (int k = 0; k < (int)(sizeof azOffice / sizeof azOffice[0]); k++) {
    if (strcmp(argv[1], azOffice[k]) == 0 && auth_supervise(&actor, &e)) {
      store_close(s);
      return cli_fail("ledger", "%s", e.zMsg);
    }
  }
  if (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "edit") == 0 ||
      strcmp(argv[1], "renumber") == 0 || strcmp(argv[1], "merge") == 0) {
    rc = ledger_edit(s, cli_global.zActor, json, argc, argv, &e);
  } else if (strcmp(argv[1], "create") == 0 && argc == 3) {
    long long doc;
    int n = 0, nUn = 0, nCoop = 0;
    rc = store_doc_resolve(s, argv[2], &doc, &e);
    if (rc == 0) rc = ledger_create_ex(s, cli_global.zActor, doc, &n, &nUn, &nCoop, &e);
    if (rc == 0 && json) {
      cli_print_json(json_pack("{s:I, s:i, s:i, s:i}", "document", (json_int_t)doc, "items", n,
                               "unassigned", nUn, "cooperating_unmatched", nCoop));
    } else if (rc == 0) {
      printf("%d items, %d without a lead unit", n, nUn);
      if (nCoop) printf(", %d cooperating unit name(s) matching no unit", nCoop);
      printf("\n");
    }
  } else if (strcmp(argv[1], "publish") == 0 && (argc == 3 || argc == 4)) {
    long long item = cli_id(argv[2]);
    int bOff = argc == 4 && strcmp(argv[3], "--off") == 0;
    if (!item || (argc == 4 && !bOff)) rc = 2;
    if (rc == 0) rc = store_item_publish(s, cli_global.zActor, item, !bOff, &e);
    if (rc == 0 && json) {
      cli_print_json(json_pack("{s:I, s:b}", "item", (json_int_t)item, "public", !bOff));
    } else if (rc == 0) {
      printf("item %lld %s the public page\n", item, bOff ? "taken off" : "shown on");
    }
  } else if (strcmp(argv[1], "reindex") == 0 && argc == 2) {
    rc = store_search_rebuild(s, &e);
    if (rc == 0 && !json) printf("search index rebuilt\n");
  } else if (strcmp(argv[1], "export") == 0 && argc >= 3) {
    /* ledger export DOC|all (--xlsx FILE | --csv FILE) [the filters of ledger list] */
    LedgerFilter f = {0};
    const char *zXlsx = NULL, *zCsv = NULL;
    rc = ledger_filter_parse(s, argc, argv, &f, &zXlsx, &zCsv, &e);
    if (rc == 0 && (!zXlsx == !zCsv)) rc = 2;
    auth_scope(&actor, &f);
    int nItem = 0;
    if (rc == 0) rc = sheet_export(s, &f, zXlsx ? SHEET_XLSX : SHEET_CSV, zXlsx ? zXlsx : zCsv,
                                   &nItem, &e);
    if (rc == 0 && json) {
      cli_print_json(json_pack("{s:s, s:i}", "file", zXlsx ? zXlsx : zCsv, "items", nItem));
    } else if (rc == 0) {
      printf("%d items written to %s\n", nItem, zXlsx ? zXlsx : zCsv);
    }
  } else if (strcmp(argv[1], "list") == 0 && argc >= 3) {
    LedgerFilter f = {0};
    rc = ledger_filter_parse(s, argc, argv, &f, NULL, NULL, &e);
    json_t *list = json ? json_array() : NULL;
    ItemList il = {list, s};
    if (rc == 0) rc = store_ledger_list(s, &f, print_item, &il, &e);
    if (list) {
      if (rc == 0) {
        json_dumpf(list, stdout, JSON_INDENT(1));
        fputc('\n', stdout);
      }
      json_decref(list);
    }
  } else if (strcmp(argv[1], "assign") == 0 && argc >= 3) {
    char *end;
    long long item = strtoll(argv[2], &end, 10);
    if (*end || item <= 0) rc = 2;
    StoreAssignment a = {NULL, 0, NULL, NULL, -1};
    long long aCoop[32];
    const char *zLead = NULL, *zCoop = NULL, *zRecurring = NULL;
    for (int i = 3; rc == 0 && i < argc; i++) {
      int r;
      if ((r = cli_flag_value(argc, argv, &i, "--recurring", &zRecurring)) ||
          (r = cli_flag_value(argc, argv, &i, "--leader", &a.zLeader)) ||
          (r = cli_flag_value(argc, argv, &i, "--lead", &zLead)) ||
          (r = cli_flag_value(argc, argv, &i, "--cooperating", &zCoop)) ||
          (r = cli_flag_value(argc, argv, &i, "--deadline", &a.zDeadline))) {
        if (r < 0) rc = 2;
      } else {
        rc = 2;
      }
    }
    if (rc == 0) rc = field_check(a.zLeader, FIELD_NAME_MAX, FIELD_ONE_LINE, 0, "the leader", &e);
    if (rc == 0 && a.zDeadline && *a.zDeadline &&
        !(strlen(a.zDeadline) == 10 && a.zDeadline[4] == '-' && a.zDeadline[7] == '-')) {
      rc = err_set(&e, LUOSHI_EINVAL, "a deadline is a date YYYY-MM-DD (or empty for 长期坚持)");
    }
    /* --recurring year:MM-DD | half | quarter | month:DD | none: checked before anything
    ** changes */
    char zRec[16] = "";
    int bNone = zRecurring && (strcmp(zRecurring, "none") == 0 || !*zRecurring);
    if (rc == 0 && zRecurring && !bNone && !store_recurrence_parse(zRecurring, zRec)) {
      /* the store refuses it with its message, before it changes anything */
      rc = store_item_recurrence_set(s, cli_global.zActor, item, zRecurring, &e);
      if (rc == 0) rc = LUOSHI_EINVAL;
    }
    if (rc == 0 && zLead) rc = store_unit_find(s, zLead, &a.leadUnitId, &e);
    if (rc == 0 && zCoop) {
      /* names separated by , ， or 、 (split on characters, not bytes) */
      Arena arena;
      arena_init(&arena);
      char **azName;
      int nName = units_split(&arena, zCoop, strlen(zCoop), &azName);
      if (nName > 32) rc = err_set(&e, LUOSHI_EINVAL, "at most 32 cooperating units");
      /* a name the split drops (over 300 bytes) names no unit: not "no cooperating units" */
      if (nName == 0 && zCoop[strspn(zCoop, " ,")] && strlen(zCoop) > 300) {
        rc = err_set(&e, LUOSHI_ENOTFOUND, "no unit has a name of %zu bytes", strlen(zCoop));
      }
      a.nCooperating = 0;
      for (int k = 0; rc == 0 && k < nName; k++) {
        rc = store_unit_find(s, azName[k], &aCoop[a.nCooperating++], &e);
      }
      arena_free(&arena);
      a.aCooperating = aCoop;
    }
    /* only --recurring: no assignment entry in the audit chain */
    int bAssign = !zRecurring || a.zLeader || zLead || zCoop || a.zDeadline;
    if (rc == 0 && bAssign) rc = store_item_assign(s, cli_global.zActor, item, &a, &e);
    if (rc == 0 && zRecurring) {
      rc = store_item_recurrence_set(s, cli_global.zActor, item, bNone ? NULL : zRec, &e);
    }
    if (rc == 0 && json) cli_print_json(json_pack("{s:b, s:I}", "ok", 1, "item", (json_int_t)item));
  } else {
    rc = 2;
  }
  store_close(s);
  if (rc == 2) return cli_usage("ledger");
  return rc ? cli_fail("ledger", "%s", e.zMsg) : 0;
}

/* ---- audit --------------------------------------------------------------------------------- */

int cmd_audit(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc != 2 || strcmp(argv[1], "verify") != 0) return cli_usage("audit");
  Store *s = open_db("audit");
  if (!s) return 1;
  Err e;
  err_clear(&e);
  StoreAuditResult r;
  int rc = store_audit_verify(s, &r, &e);
  store_close(s);
  if (rc) return cli_fail("audit", "%s", e.zMsg);
  if (r.badSeq) {
    return cli_fail("audit", "the chain breaks at entry %lld of %lld: %s", r.badSeq, r.nEntry,
                    r.zWhy);
  }
  if (json) {
    cli_print_json(json_pack("{s:b, s:I, s:s}", "ok", 1, "entries", (json_int_t)r.nEntry, "head",
                             r.zHead));
  } else {
    printf("%lld entries, the chain holds; head %s\n", r.nEntry, r.zHead);
  }
  return 0;
}
