/*
** Fuzz target for the .xlsx reader (src/text/xlsx.c). As in fuzz_docx_xml, the input is the XML
** rather than an archive (mutated archives mostly die in libzip's CRC and deflate checks): the
** parts xl/sharedStrings.xml, xl/worksheets/sheet1.xml, xl/styles.xml and xl/workbook.xml in
** that order, separated by NUL bytes (which XML cannot contain); a missing or empty workbook
** part is replaced by a fixed one naming one sheet "Sheet1" (r:id rId1), and
** xl/_rels/workbook.xml.rels is always the fixed one pointing rId1 at worksheets/sheet1.xml.
** The harness packs them into a stored zip in memory with libzip and hands it to xlsx_read()
** with a 1 MB cap per part, then walks the sheet as the table import does: xlsx_table_text,
** xlsx_cell and xlsx_merge_at over its extent. Built and run by test/fuzz/run.sh.
*/
#include "base/buf.h"
#include "base/err.h"
#include "text/xlsx.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const azPart[] = {"xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                                     "xl/styles.xml", "xl/workbook.xml"};

static const char zWorkbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char zRels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/></Relationships>";

static void add_part(zip_t *za, const char *zName, const void *a, size_t n) {
  zip_source_t *s = zip_source_buffer(za, a, n, 0);
  zip_int64_t idx = s ? zip_file_add(za, zName, s, ZIP_FL_ENC_UTF_8) : -1;
  if (idx < 0) {
    if (s) zip_source_free(s);
  } else {
    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
  }
}

static void read_sheet(const unsigned char *a, size_t n) {
  XlsxSheet sh;
  memset(&sh, 0, sizeof sh);
  Err e;
  err_clear(&e);
  if (xlsx_is_xlsx(a, n) && xlsx_read(a, n, NULL, (size_t)1 << 20, &sh, &e) == 0) {
    Buf out = BUF_INIT;
    char *zTitle = NULL;
    int nHeading = 0;
    xlsx_table_text(&sh, &out, &zTitle, &nHeading);
    free(zTitle);
    buf_free(&out);
    size_t nLen = 0;
    /* bounded: a sheet may name cell XFD1048576 */
    for (int row = 0; row < sh.nRow && row < 64; row++) {
      for (int col = 0; col < sh.nCol && col < 64; col++) {
        nLen += strlen(xlsx_cell(&sh, row, col));
        (void)xlsx_merge_at(&sh, row, col);
      }
    }
    (void)nLen;
  }
  xlsx_free(&sh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (src == NULL) goto done;
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (za == NULL) {
    zip_source_free(src);
    goto done;
  }
  zip_source_keep(src);
  size_t iStart = 0;
  int bWorkbook = 0;
  for (int i = 0; i < 4 && iStart <= size; i++) {
    const uint8_t *zEnd = size > iStart ? memchr(data + iStart, 0, size - iStart) : NULL;
    size_t iEnd = zEnd ? (size_t)(zEnd - data) : size;
    if (i < 3 || iEnd > iStart) {
      add_part(za, azPart[i], data + iStart, iEnd - iStart);
      if (i == 3) bWorkbook = 1;
    }
    if (!zEnd) break;
    iStart = iEnd + 1;
  }
  if (!bWorkbook) add_part(za, azPart[3], zWorkbook, sizeof zWorkbook - 1);
  add_part(za, "xl/_rels/workbook.xml.rels", zRels, sizeof zRels - 1);
  if (zip_close(za) < 0) {
    zip_discard(za);
    zip_source_free(src);
    goto done;
  }
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t n = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    unsigned char *a = malloc(n > 0 ? (size_t)n : 1);
    if (a && n > 0 && zip_source_read(src, a, (zip_uint64_t)n) == n) read_sheet(a, (size_t)n);
    free(a);
    zip_source_close(src);
  }
  zip_source_free(src);
done:
  zip_error_fini(&ze);
  return 0;
}
