/*
** `luoshi sheet dump FILE [--sheet NAME]`: the cells of an .xlsx worksheet as tab-separated
** text, read with the same reader imports use (text/xlsx.h), so that tests and offices can see
** what luoshi reads: one line per row up to the last row holding a cell, each merged range's
** value in all of its cells, tabs, line feeds and backslashes in a cell written \t \n \\.
** Also cli_sheet_load, which the importing commands share: an .xlsx worksheet, or a .csv (or
** .tsv) file read as one sheet, so that the CSV `ledger export --csv` writes comes back through
** `report import` as the .xlsx does.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../base/csv.h"
#include "../text/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Does zPath name a CSV (',') or TSV ('\t') file? Its separator, or 0. */
static char text_table_separator(const char *zPath) {
  const char *zDot = strrchr(zPath, '.');
  if (zDot && strcasecmp(zDot, ".csv") == 0) return ',';
  if (zDot && strcasecmp(zDot, ".tsv") == 0) return '\t';
  return 0;
}

/* Read the CSV text z[0..nByte) (RFC 4180: quoted fields may hold separators, quotes doubled
** and line breaks; a UTF-8 byte-order mark skipped) into sh as one sheet named zName, each
** field a cell. The single quote csv.h puts before a field beginning with = + - @, a tab or a
** CR is taken off again. Returns 0, or LUOSHI_EINVAL with e naming the line of a quoted field
** that never ends. */
static int csv_sheet_read(const char *z, size_t nByte, char cSep, const char *zName,
                          XlsxSheet *sh, Err *e) {
  memset(sh, 0, sizeof *sh);
  arena_init(&sh->arena);
  sh->zName = arena_strndup(&sh->arena, zName, strlen(zName));
  size_t i = 0, capCell = 0;
  if (nByte >= 3 && memcmp(z, CSV_BOM, 3) == 0) i = 3;
  int row = 0, col = 0, line = 1;
  Buf field = BUF_INIT;
  while (i < nByte) {
    buf_reset(&field);
    if (z[i] == '"') {
      int lineOpen = line;
      for (i++;; i++) {
        if (i >= nByte) {
          buf_free(&field);
          return err_set(e, LUOSHI_EINVAL, "line %d: a quoted field never ends", lineOpen);
        }
        if (z[i] == '"' && i + 1 < nByte && z[i + 1] == '"') {
          buf_putc(&field, '"');
          i++;
        } else if (z[i] == '"') {
          i++;
          break;
        } else {
          line += z[i] == '\n';
          buf_putc(&field, z[i]);
        }
      }
      while (i < nByte && z[i] != cSep && z[i] != '\n') i++;  /* text after the quote */
    } else {
      while (i < nByte && z[i] != cSep && z[i] != '\n') buf_putc(&field, z[i++]);
      if (field.n && field.a[field.n - 1] == '\r') field.n--;
    }
    const char *zField = buf_str(&field);
    size_t nField = field.n;
    if (nField >= 2 && zField[0] == '\'' && strchr("=+-@\t\r", zField[1])) zField++, nField--;
    if (nField) {
      MEM_GROW(sh->aCell, capCell, (size_t)sh->nCell + 1);
      sh->aCell[sh->nCell++] = (XlsxCell){row, col, arena_strndup(&sh->arena, zField, nField)};
      if (row + 1 > sh->nRow) sh->nRow = row + 1;
      if (col + 1 > sh->nCol) sh->nCol = col + 1;
    }
    if (i < nByte && z[i] == cSep) {
      col++;
      i++;
      if (i == nByte) break;
    } else {
      row++;
      col = 0;
      line++;
      i++;
    }
  }
  buf_free(&field);
  return 0;
}

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
  char cSep = text_table_separator(zPath);
  int rc;
  if (cSep && !xlsx_is_xlsx((const unsigned char *)buf_str(&data), data.n)) {
    const char *zBase = strrchr(zPath, '/');
    rc = csv_sheet_read(buf_str(&data), data.n, cSep, zBase ? zBase + 1 : zPath, sh, &e);
  } else {
    rc = xlsx_read((const unsigned char *)buf_str(&data), data.n, zSheet, 0, sh, &e);
  }
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
