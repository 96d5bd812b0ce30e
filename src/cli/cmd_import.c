/*
** `luoshi import FILE`: read a decision and store it (see the usage text in cli.c).
**
** Reads the file (refusing it over --max-size), runs the pipeline, prints the outline, the JSON
** or a summary, and saves the document JSON in one transaction unless --dry-run. Storing and
** --json build the JSON one element at a time (docjson_write, store_doc_save_import): the tree
** of a 100,000-row table would take a gigabyte; the outline and the summary read the tree. Bad
** input ends with a message naming the place of the problem and exit status 1; nothing is stored.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "../extract/docjson.h"
#include "../extract/import.h"
#include "../ledger/fields.h"
#include "../store/store.h"
#include "../text/text.h"
#include "outline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OUT_OUTLINE, OUT_JSON, OUT_SUMMARY, OUT_NONE };

/* A table's unit names that are not in the unit tree (store_unit_find), each once. Each name
** is looked up once: a large table repeats a few hundred names over its rows. */
typedef struct Unmatched {
  Store *s;
  json_t *names;         /* array of strings, in the order first met */
  json_t *checked;       /* object: every name looked up so far → true */
} Unmatched;

static void unmatched_check(Unmatched *u, const char *zJson) {
  json_t *a = zJson ? json_loads(zJson, 0, NULL) : NULL;
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) {
    const char *z = json_string_value(v);
    long long id;
    Err e;
    err_clear(&e);
    if (!z || !*z || json_object_get(u->checked, z)) continue;
    json_object_set_new(u->checked, z, json_true());
    if (store_unit_find(u->s, z, &id, &e) != 0) json_array_append_new(u->names, json_string(z));
  }
  json_decref(a);
}

static int unmatched_task(void *ctx, const StoreTaskRow *t) {
  unmatched_check(ctx, t->zLead);
  unmatched_check(ctx, t->zCooperating);
  return 0;
}

/* The file name zFile as text, for the document's record and its title of last resort: as
** given when it is UTF-8, else read as GB18030 (a name unpacked from a Chinese Windows archive),
** else with each byte that is not UTF-8 written as U+FFFD. The caller frees the result. */
static char *file_name_text(const char *zFile) {
  size_t n = strlen(zFile);
  if (utf8_invalid_offset((const unsigned char *)zFile, n) == n) return xstrdup(zFile);
  DecodeOpts o = {TEXT_GB18030, 0};
  Text t;
  Err e;
  err_clear(&e);
  if (decode_run((const unsigned char *)zFile, n, &o, &t, &e) == 0) {
    char *z = xstrdup(t.z);
    text_free(&t);
    return z;
  }
  Buf b = BUF_INIT;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int len = utf8_decode((const unsigned char *)zFile + i, n - i, &cp);
    if (cp == UTF8_INVALID) buf_puts(&b, "\xEF\xBF\xBD");
    else buf_append(&b, zFile + i, (size_t)len);
    i += (size_t)len;
  }
  char *z = xstrdup(buf_str(&b));
  buf_free(&b);
  return z;
}

int cmd_import(int argc, char **argv) {
  const char *zFile = NULL, *zEnc = NULL, *zMax = NULL, *zTitle = NULL, *zKind = NULL;
  int out = OUT_OUTLINE, dryRun = 0;
  for (int i = 1; i < argc; i++) {
    int r;
    if (strcmp(argv[i], "--json") == 0) out = OUT_JSON;
    else if (strcmp(argv[i], "--outline") == 0) out = OUT_OUTLINE;
    else if (strcmp(argv[i], "--summary") == 0) out = OUT_SUMMARY;
    else if (strcmp(argv[i], "--quiet") == 0) out = OUT_NONE;
    else if (strcmp(argv[i], "--dry-run") == 0) dryRun = 1;
    else if ((r = cli_flag_value(argc, argv, &i, "--encoding", &zEnc)) != 0) {
      if (r < 0) return 2;
    } else if ((r = cli_flag_value(argc, argv, &i, "--max-size", &zMax)) != 0) {
      if (r < 0) return 2;
    } else if ((r = cli_flag_value(argc, argv, &i, "--title", &zTitle)) != 0) {
      if (r < 0) return 2;
    } else if ((r = cli_flag_value(argc, argv, &i, "--kind", &zKind)) != 0) {
      if (r < 0) return 2;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "luoshi import: unknown option %s\n", argv[i]);
      return cli_usage("import");
    } else if (!zFile) zFile = argv[i];
    else return cli_usage("import");
  }
  if (!zFile) return cli_usage("import");
  Err e;
  err_clear(&e);
  if (zTitle && field_check(zTitle, FIELD_TEXT_MAX, FIELD_ONE_LINE, 1, "the title", &e)) {
    return cli_fail("import", "%s", e.zMsg);
  }
  ImportOpts o = {-1, (size_t)64 << 20, zFile, 1, NULL, 0};  /* 64 MB; a Buf ends in a NUL */
  if (zEnc) {
    if (strcasecmp(zEnc, "utf-8") == 0 || strcasecmp(zEnc, "utf8") == 0) o.forceEncoding = 0;
    else if (strcasecmp(zEnc, "gb18030") == 0 || strcasecmp(zEnc, "gbk") == 0 ||
             strcasecmp(zEnc, "gb2312") == 0) o.forceEncoding = TEXT_GB18030;
    else return cli_fail("import", "unknown encoding '%s' (use utf-8 or gb18030)", zEnc);
  }
  if (zKind) {
    if (strcmp(zKind, "inspection") == 0) o.bInspection = 1;
    else if (strcmp(zKind, "decision") != 0) {
      return cli_fail("import", "unknown kind '%s' (use decision or inspection)", zKind);
    }
  }
  if (zMax) {
    char *end;
    long long mb = strtoll(zMax, &end, 10);
    if (*end || mb <= 0 || mb > 2048) return cli_fail("import", "--max-size takes megabytes, 1-2048");
    o.nMaxByte = (size_t)mb << 20;
  }
  Buf src = BUF_INIT;
  const char *zIn = strcmp(zFile, "-") == 0 ? "/dev/stdin" : zFile;
  if (buf_read_file(&src, zIn, o.nMaxByte) != 0) {
    int err = errno;
    buf_free(&src);
    if (err == EFBIG) {
      return cli_fail("import", "%s: the file is larger than %zu MB (raise --max-size)", zFile,
                      o.nMaxByte >> 20);
    }
    return cli_fail("import", "%s: %s", zFile, strerror(err));
  }
  Import im;
  char *zName = file_name_text(zFile);
  o.zFileName = zName;
  o.pSource = &src;  /* the pipeline frees it when it is done with it */
  if (import_run((const unsigned char *)src.a, src.n, &o, &im, &e) != 0) {
    buf_free(&src);
    free(zName);
    if (e.line > 0) return cli_fail("import", "%s:%ld: %s", zFile, e.line, e.zMsg);
    return cli_fail("import", "%s: %s", zFile, e.zMsg);
  }
  if (zTitle) {
    free(im.zTitle);
    im.zTitle = xstrdup(zTitle);
  }
  /* --dry-run --quiet runs the pipeline alone (what the benchmark times). */
  if (dryRun && out == OUT_NONE) {
    import_free(&im);
    buf_free(&src);
    free(zName);
    return 0;
  }
  /* The outline and the summary read the tree; storing and --json stream it element by
  ** element, which on a large table keeps the memory to a tenth. */
  json_t *root = (out == OUT_OUTLINE || out == OUT_SUMMARY) ? docjson_build(&im) : NULL;
  int rc = 0;
  long long id = 0;
  int existing = 0;
  json_t *unmatched = json_array();
  if (!dryRun) {
    Store *s = NULL;
    int bTable = strcmp(im.zFormat, "table") == 0;
    /* only --json reads the import after it is stored: else it goes before the JSON is saved */
    if (store_open(cli_global.zDb, &s, &e) ||
        store_doc_save_import(s, cli_global.zActor, &im, out != OUT_JSON, zName, &id,
                              &existing, &e)) {
      rc = cli_fail("import", "%s", e.zMsg);
    } else if (bTable) {
      /* a task-division table names its units: list those the unit tree does not know */
      Unmatched u = {s, unmatched, json_object()};
      store_task_list(s, id, NULL, unmatched_task, &u, &e);
      json_decref(u.checked);
    }
    store_close(s);
  }
  if (root && json_array_size(unmatched)) json_object_set(root, "unmatched_units", unmatched);
  if (rc == 0) {
    if (out == OUT_JSON) {
      json_t *extra = json_object();
      if (json_array_size(unmatched)) json_object_set(extra, "unmatched_units", unmatched);
      Buf text = BUF_INIT;
      docjson_write(&im, JSON_INDENT(1), extra, &text, stdout);
      buf_free(&text);
      json_decref(extra);
      fputc('\n', stdout);
    } else if (out == OUT_OUTLINE) {
      outline_print(stdout, root);
    } else if (out == OUT_SUMMARY) {
      outline_summary(stdout, root);
    }
    if (json_array_size(unmatched) && out != OUT_JSON) {
      fprintf(stderr, "units not in the unit tree (%zu):", json_array_size(unmatched));
      size_t k;
      json_t *w;
      json_array_foreach(unmatched, k, w) fprintf(stderr, " %s", json_string_value(w));
      fputc('\n', stderr);
    }
    if (!dryRun && out != OUT_JSON) {
      fprintf(stderr, existing ? "already stored as document %lld\n" : "stored as document %lld\n",
              id);
    }
  }
  json_decref(unmatched);
  json_decref(root);
  import_free(&im);
  buf_free(&src);
  free(zName);
  return rc;
}
