/*
** `luoshi bulletin --period P [--docx FILE] [--notes FILE] [--json]`: the periodic bulletin
** (督查通报) built by bulletin_build, printed as text or JSON, and written as an editable
** Word .docx with --docx.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../ledger/bulletin.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_bulletin(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  const char *zPeriod = NULL, *zDocx = NULL, *zNotes = NULL;
  for (int i = 1; i < argc; i++) {
    int f;
    if ((f = cli_flag_value(argc, argv, &i, "--period", &zPeriod)) ||
        (f = cli_flag_value(argc, argv, &i, "--docx", &zDocx)) ||
        (f = cli_flag_value(argc, argv, &i, "--notes", &zNotes))) {
      if (f < 0) return 2;
    } else {
      return cli_usage("bulletin");
    }
  }
  if (!zPeriod) return cli_usage("bulletin");
  Err e;
  err_clear(&e);
  json_t *notes = NULL;
  if (zNotes) {
    Buf nb = BUF_INIT;
    if (buf_read_file(&nb, zNotes, 1 << 20)) {
      buf_free(&nb);
      return cli_fail("bulletin", "cannot read the notes file %s (at most 1 MB)", zNotes);
    }
    notes = bulletin_notes(buf_str(&nb));
    buf_free(&nb);
  }
  Store *s = NULL;
  if (store_open(cli_global.zDb, &s, &e)) {
    json_decref(notes);
    return cli_fail("bulletin", "%s", e.zMsg);
  }
  AssessRules rules;
  json_t *b = NULL;
  int rc = assess_rules_load(&rules, &e);
  if (rc == 0) rc = bulletin_build(s, &rules, zPeriod, notes, &b, &e);
  if (rc == 0 && zDocx) {
    Buf out = BUF_INIT;
    rc = bulletin_docx(b, &out, &e);
    if (rc == 0) {
      FILE *f = fopen(zDocx, "wb");
      if (!f || fwrite(out.a, 1, out.n, f) != out.n) rc = err_set(&e, LUOSHI_EIO, "cannot write %s", zDocx);
      if (f && fclose(f) && rc == 0) rc = err_set(&e, LUOSHI_EIO, "cannot write %s", zDocx);
    }
    buf_free(&out);
  }
  if (rc == 0 && json) {
    char *z = json_dumps(b, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    puts(z);
    free(z);
  } else if (rc == 0 && !zDocx) {
    Buf out = BUF_INIT;
    bulletin_print(b, &out);
    fputs(buf_str(&out), stdout);
    buf_free(&out);
  } else if (rc == 0) {
    fprintf(stderr, "wrote %s\n", zDocx);
  }
  json_decref(b);
  json_decref(notes);
  store_close(s);
  return rc ? cli_fail("bulletin", "%s", e.zMsg) : 0;
}
