/*
** `luoshi import FILE`: read a decision and store it (see the usage text in cli.c).
**
** Reads the file (refusing it over --max-size), runs the pipeline, prints the outline, the JSON
** or a summary, and saves the document JSON in one transaction unless --dry-run. Bad input
** ends with a message naming the place of the problem and exit status 1; nothing is stored.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../extract/docjson.h"
#include "../extract/import.h"
#include "../store/store.h"
#include "outline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OUT_OUTLINE, OUT_JSON, OUT_SUMMARY, OUT_NONE };

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
  Err e;
  err_clear(&e);
  o.pSource = &src;  /* the pipeline frees it when it is done with it */
  if (import_run((const unsigned char *)src.a, src.n, &o, &im, &e) != 0) {
    buf_free(&src);
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
    return 0;
  }
  json_t *root = docjson_build(&im);
  int rc = 0;
  long long id = 0;
  int existing = 0;
  if (!dryRun) {
    Store *s = NULL;
    if (store_open(cli_global.zDb, &s, &e) || store_doc_save(s, cli_global.zActor, root, zFile, &id, &existing, &e)) {
      rc = cli_fail("import", "%s", e.zMsg);
    }
    store_close(s);
  }
  if (rc == 0) {
    if (out == OUT_JSON) {
      json_dumpf(root, stdout, JSON_INDENT(1));
      fputc('\n', stdout);
    } else if (out == OUT_OUTLINE) {
      outline_print(stdout, root);
    } else if (out == OUT_SUMMARY) {
      outline_summary(stdout, root);
    }
    if (!dryRun && out != OUT_JSON) {
      fprintf(stderr, existing ? "already stored as document %lld\n" : "stored as document %lld\n",
              id);
    }
  }
  json_decref(root);
  import_free(&im);
  buf_free(&src);
  return rc;
}
