/*
** The commands `luoshi backup FILE` and `luoshi restore FILE` (see cli.c for their usage): thin
** wrappers over store_backup and store_restore (store_backup.c), which hold every rule of how
** a copy is made, checked and put in place. This file only parses, prints and exits.
*/
#include "cli.h"

#include "../store/store.h"

#include <stdio.h>
#include <string.h>

static json_t *info_json(const char *zFile, const StoreBackupInfo *p) {
  return json_pack("{s:b, s:s, s:I, s:i, s:b, s:{s:b, s:I, s:s}, s:{s:I, s:I, s:I, s:I}}",
                   "ok", 1, "file", zFile, "pages", (json_int_t)p->nPage, "schema_version",
                   p->schemaVersion, "integrity", p->integrityOk, "audit", "ok", 1, "entries",
                   (json_int_t)p->audit.nEntry, "head", p->audit.zHead, "counts", "documents",
                   (json_int_t)p->nDocument, "ledger_items", (json_int_t)p->nItem, "reports",
                   (json_int_t)p->nReport, "audit_log", (json_int_t)p->nAudit);
}

static void info_print(const char *zVerb, const char *zFile, const StoreBackupInfo *p) {
  printf("%s %s: %lld pages, schema version %d, integrity ok\n", zVerb, zFile, p->nPage,
         p->schemaVersion);
  printf("audit chain holds: %lld entries, head %s\n", p->audit.nEntry, p->audit.zHead);
  printf("documents %lld, ledger_items %lld, reports %lld, audit_log %lld\n", p->nDocument,
         p->nItem, p->nReport, p->nAudit);
}

int cmd_backup(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc != 2 || argv[1][0] == '-') return cli_usage("backup");
  const char *zFile = argv[1];
  if (strcmp(zFile, cli_global.zDb) == 0) {
    return cli_fail("backup", "the backup would overwrite the database itself");
  }
  Err e;
  err_clear(&e);
  FILE *f = fopen(cli_global.zDb, "rb");  /* store_open would create a missing database */
  if (!f) return cli_fail("backup", "no database at %s", cli_global.zDb);
  fclose(f);
  Store *s = NULL;
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("backup", "%s", e.zMsg);
  StoreBackupInfo info;
  int rc = store_backup(s, zFile, &info, &e);
  store_close(s);
  if (rc) return cli_fail("backup", "%s", e.zMsg);
  if (json) cli_print_json(info_json(zFile, &info));
  else info_print("backed up to", zFile, &info);
  return 0;
}

int cmd_restore(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  int bForce = 0;
  const char *zFile = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--force") == 0) bForce = 1;
    else if (argv[i][0] != '-' && !zFile) zFile = argv[i];
    else return cli_usage("restore");
  }
  if (!zFile) return cli_usage("restore");
  if (strcmp(zFile, cli_global.zDb) == 0) {
    return cli_fail("restore", "the backup and the database are the same file");
  }
  Err e;
  err_clear(&e);
  StoreBackupInfo info;
  if (store_restore(zFile, cli_global.zDb, bForce, &info, &e)) {
    return cli_fail("restore", "%s; %s is untouched", e.zMsg, cli_global.zDb);
  }
  if (json) cli_print_json(info_json(cli_global.zDb, &info));
  else info_print("restored", cli_global.zDb, &info);
  return 0;
}
