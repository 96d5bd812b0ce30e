/*
** The command `luoshi db copy --from SRC --to DST` (see cli.c for its usage): a thin wrapper
** over store_copy (store_copy.c), which holds every rule of how a deployment moves between
** SQLite and PostgreSQL and how the copy is checked. This file only parses, prints and exits;
** it shows the databases only as store_copy names them (no password).
*/
#include "cli.h"

#include "../store/store.h"

#include <stdio.h>
#include <string.h>

static json_t *copy_json(const StoreCopyInfo *p) {
  json_t *tables = json_array();
  for (int i = 0; i < p->nTable; i++) {
    json_array_append_new(tables, json_pack("{s:s, s:I}", "name", p->aTable[i].zName, "rows",
                                            (json_int_t)p->aTable[i].nRow));
  }
  return json_pack("{s:b, s:s, s:s, s:o, s:{s:I, s:s}}", "ok", 1, "from", p->zFrom, "to", p->zTo,
                   "tables", tables, "audit", "entries", (json_int_t)p->audit.nEntry, "head",
                   p->audit.zHead);
}

static void copy_print(const StoreCopyInfo *p) {
  printf("copied %s to %s\n", p->zFrom, p->zTo);
  for (int i = 0; i < p->nTable; i++) {
    printf("  %-18s %lld\n", p->aTable[i].zName, p->aTable[i].nRow);
  }
  printf("audit chain holds: %lld entries, head %s\n", p->audit.nEntry, p->audit.zHead);
}

static int db_copy(int argc, char **argv, int json) {
  static const char *const azName[] = {"--from", "--to", NULL};
  const char *azVal[2] = {NULL, NULL};
  if (cli_flags(argc, argv, 2, azName, azVal) || !azVal[0] || !azVal[1] || !azVal[0][0] ||
      !azVal[1][0]) {
    return cli_usage("db");
  }
  Err e;
  err_clear(&e);
  StoreCopyInfo info;
  if (store_copy(azVal[0], azVal[1], &info, &e)) {
    return cli_fail("db", "copy: %s; the target is unchanged", e.zMsg);
  }
  if (json) cli_print_json(copy_json(&info));
  else copy_print(&info);
  return 0;
}

int cmd_db(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc < 2) return cli_usage("db");
  if (strcmp(argv[1], "copy") == 0) return db_copy(argc, argv, json);
  return cli_usage("db");
}
