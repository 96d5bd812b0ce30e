/*
** `luoshi sheet dump FILE [--sheet NAME]`: the cells of an .xlsx worksheet as tab-separated
** text, read with the same reader imports use (text/xlsx.h), so that tests and offices can see
** what luoshi reads: one line per row up to the last row holding a cell, each merged range's
** value in all of its cells, tabs, line feeds and backslashes in a cell written \t \n \\.
** Also cli_sheet_load, which the importing commands share.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../text/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cli_sheet_load(const char *zCmd, const char *zPath, const char *zSheet, XlsxSheet *sh) {
  Buf data = BUF_INIT;
  /* the archive itself may be up to the sheet limit; its parts are checked as they inflate */
  if (buf_read_file(&data, zPath, XLSX_MAX_BYTE) != 0) {
    int err = errno;
    buf_free(&data);
    memset(sh, 0, sizeof *sh);
    if (err == EFBIG) {
      return cli_fail(zCmd, "%s: the file is larger than %zu MB: refused, nothing imported",
                      zPath, XLSX_MAX_BYTE >> 20);
    }
    return cli_fail(zCmd, "%s: %s", zPath, strerror(err));
  }
  Err e;
  err_clear(&e);
  int rc = xlsx_read((const unsigned char *)buf_str(&data), data.n, zSheet, 0, sh, &e);
  buf_free(&data);
  if (rc) return cli_fail(zCmd, "%s: %s", zPath, e.zMsg);
  return 0;
}

int cmd_sheet(int argc, char **argv) {
  if (argc < 3 || strcmp(argv[1], "dump") != 0) return cli_usage("sheet");
  const char *zSheet = NULL, *zFile = NULL;
  for (int i = 2; i < argc; i++) {
    int r = cli_flag_value(argc, argv, &i, "--sheet", &zSheet);
    if (r < 0) return 2;
    if (r == 0) {
      if (zFile) return cli_usage("sheet");
      zFile = argv[i];
    }
  }
  if (!zFile) return cli_usage("sheet");
  XlsxSheet sh;
  if (cli_sheet_load("sheet", zFile, zSheet, &sh)) {
    xlsx_free(&sh);
    return 1;
  }
  Buf out = BUF_INIT;
  for (int r = 0; r < sh.nRow; r++) {
    for (int c = 0; c < sh.nCol; c++) {
      if (c) buf_putc(&out, '\t');
      for (const char *p = xlsx_cell(&sh, r, c); *p; p++) {
        if (*p == '\t') buf_puts(&out, "\\t");
        else if (*p == '\n') buf_puts(&out, "\\n");
        else if (*p == '\\') buf_puts(&out, "\\\\");
        else if (*p != '\r') buf_putc(&out, *p);
      }
    }
    buf_putc(&out, '\n');
  }
  fwrite(buf_str(&out), 1, out.n, stdout);
  buf_free(&out);
  xlsx_free(&sh);
  return 0;
}
