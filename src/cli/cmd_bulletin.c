/*
** `luoshi bulletin --period P [--docx FILE] [--notes FILE] [--json]`: the periodic bulletin
** (督查通报) built by bulletin_build, printed as text or JSON, and written as an editable
** Word .docx with --docx. Its good practice (经验做法) are the notes stored for the period;
** --notes FILE shows the bulletin with that file's notes instead, storing nothing (a draft).
**
** `luoshi bulletin notes --period P [--file FILE] [--json]`: with --file, store the file's text
** as the period's notes (supervisors and admins; audited; an empty file clears them), the
** text the page's form stores too; without it, print the notes stored for the period.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../ledger/auth.h"
#include "../ledger/bulletin.h"
#include "../ledger/bulletin_notes.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read notes file zFile (at most nMax bytes) into b; 0, or a message in e. */
static int notes_file_read(Buf *b, const char *zFile, size_t nMax, Err *e) {
  if (buf_read_file(b, zFile, nMax)) {
    if (errno == EFBIG) {
      return err_set(e, LUOSHI_EINVAL, "the notes file %s is larger than %zu bytes", zFile, nMax);
    }
    return err_set(e, LUOSHI_EIO, "cannot read the notes file %s: %s", zFile, strerror(errno));
  }
  if (memchr(b->a, 0, b->n)) {
    return err_set(e, LUOSHI_EINVAL, "the notes file %s holds a NUL byte: it is not text", zFile);
  }
  return 0;
}

/* Print the notes stored for zPeriod: the text as written, or JSON with its paragraphs. */
static int notes_print(Store *s, const char *zPeriod, int json, Err *e) {
  AssessPeriod p;
  if (assess_period_parse(zPeriod, &p, e)) return LUOSHI_EINVAL;
  StoreBulletinNotes n;
  Buf strings = BUF_INIT;
  int rc = store_bulletin_notes_get(s, p.zName, &n, &strings, e);
  if (rc == 0 && json) {
    json_t *j = json_pack("{s:s, s:s, s:o, s:o, s:o}", "period", p.zName, "notes", n.zNotes,
                          "paragraphs", bulletin_notes(n.zNotes), "updated_by",
                          *n.zUpdatedBy ? json_string(n.zUpdatedBy) : json_null(), "updated_at",
                          *n.zUpdatedAt ? json_string(n.zUpdatedAt) : json_null());
    char *z = j ? json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    if (z) puts(z);
    else rc = err_set(e, LUOSHI_EINVAL, "the notes of %s could not be written as JSON", p.zName);
    free(z);
    json_decref(j);
  } else if (rc == 0) {
    fputs(n.zNotes, stdout);
    if (*n.zNotes && n.zNotes[strlen(n.zNotes) - 1] != '\n') fputc('\n', stdout);
  }
  buf_free(&strings);
  return rc;
}

/* Store file zFile's text as zPeriod's notes, acting as the command line's person. */
static int notes_store(Store *s, const char *zPeriod, const char *zFile, int json, Err *e) {
  Buf text = BUF_INIT;
  int rc = notes_file_read(&text, zFile, BULLETIN_NOTES_MAX, e);
  Actor a;
  if (rc == 0 && auth_actor(s, cli_global.zActor, &a)) {
    rc = err_set(e, LUOSHI_EIO, "cannot tell who %s is: the database did not answer",
                 cli_global.zActor);
  }
  int changed = 0;
  if (rc == 0) rc = bulletin_notes_save(s, &a, zPeriod, buf_str(&text), &changed, e);
  if (rc == 0) {
    json_t *paras = bulletin_notes(buf_str(&text));
    size_t nPara = json_array_size(paras);
    if (json) {
      json_t *j = json_pack("{s:s, s:b, s:I}", "period", zPeriod, "changed", changed,
                            "paragraphs", (json_int_t)nPara);
      char *z = json_dumps(j, JSON_PRESERVE_ORDER);
      puts(z);
      free(z);
      json_decref(j);
    } else if (changed) {
      printf("stored the notes of %s: %zu paragraph%s\n", zPeriod, nPara, nPara == 1 ? "" : "s");
    } else {
      printf("the notes of %s are stored already: nothing changed\n", zPeriod);
    }
    json_decref(paras);
  }
  buf_free(&text);
  return rc;
}

static int cmd_bulletin_notes(int argc, char **argv, int json) {
  const char *zPeriod = NULL, *zFile = NULL;
  for (int i = 2; i < argc; i++) {
    int f;
    if ((f = cli_flag_value(argc, argv, &i, "--period", &zPeriod)) ||
        (f = cli_flag_value(argc, argv, &i, "--file", &zFile))) {
      if (f < 0) return 2;
    } else {
      return cli_usage("bulletin");
    }
  }
  if (!zPeriod) return cli_usage("bulletin");
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("bulletin", "%s", e.zMsg);
  int rc = zFile ? notes_store(s, zPeriod, zFile, json, &e) : notes_print(s, zPeriod, json, &e);
  store_close(s);
  return rc ? cli_fail("bulletin", "%s", e.zMsg) : 0;
}

int cmd_bulletin(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  if (argc > 1 && strcmp(argv[1], "notes") == 0) return cmd_bulletin_notes(argc, argv, json);
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
    if (notes_file_read(&nb, zNotes, BULLETIN_NOTES_MAX, &e)) {
      buf_free(&nb);
      return cli_fail("bulletin", "%s", e.zMsg);
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
