/*
** Unit tests of src/text/xlsx.c: workbooks written here with libxlsxwriter and read back (a
** round trip: shared strings, numbers, dates, merges, formulas), and hand-made parts zipped in
** memory with libzip (inline strings, booleans, custom date formats, the 1904 date system,
** phonetic runs, a named sheet), plus the refusals: not a zip, malformed XML, a part over the
** size limit, a zip bomb, a bad shared string index.
*/
#include "../harness.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "text/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

typedef struct Part {
  const char *zName;
  const char *z;
  size_t nByte;
} Part;

/* A zip archive in memory of aPart[0..nPart) (as test_docx.c builds them); caller frees. */
static unsigned char *zip_build(const Part *aPart, int nPart, size_t *pnByte) {
  zip_error_t ze;
  zip_error_init(&ze);
  unsigned char *a = NULL;
  *pnByte = 0;
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
  if (za == NULL) {
    if (src) zip_source_free(src);
    zip_error_fini(&ze);
    return NULL;
  }
  zip_source_keep(src);
  for (int i = 0; i < nPart; i++) {
    size_t n = aPart[i].nByte ? aPart[i].nByte : strlen(aPart[i].z);
    zip_source_t *s = zip_source_buffer(za, aPart[i].z, n, 0);
    if (s == NULL || zip_file_add(za, aPart[i].zName, s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s) zip_source_free(s);
    }
  }
  if (zip_close(za) == 0 && zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t n = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    a = xmalloc(n > 0 ? (size_t)n : 1);
    if (n > 0 && zip_source_read(src, a, (zip_uint64_t)n) == n) *pnByte = (size_t)n;
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&ze);
  return a;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char zWorkbook[] =
    "<workbook " NS "><workbookPr/><sheets>"
    "<sheet name=\"说明\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"台账\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
static const char zRels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\" Type=\"x\"/>"
    "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\" Type=\"x\"/>"
    "</Relationships>";
static const char zStyles[] =
    "<styleSheet " NS "><numFmts count=\"1\"><numFmt numFmtId=\"176\" "
    "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"177\" formatCode=\"0.00&quot;d&quot;\"/></numFmts>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"176\"/>"
    "<xf numFmtId=\"177\"/><xf numFmtId=\"22\"/></cellXfs></styleSheet>";
static const char zStrings[] =
    "<sst " NS "><si><t>任务</t></si><si><r><t>牵头</t></r><r><t>单位</t></r></si>"
    "<si><t>省发展改革委</t><rPh><t>しょう</t></rPh></si></sst>";

static int read_parts(const Part *a, int n, const char *zSheet, size_t nMax, XlsxSheet *sh,
                      Err *e) {
  size_t nByte = 0;
  unsigned char *z = zip_build(a, n, &nByte);
  if (!z) return -99;
  int rc = xlsx_read(z, nByte, zSheet, nMax, sh, e);
  free(z);
  return rc;
}

TEST(xlsx_hand_made_parts) {
  const char *zSheet2 =
      "<worksheet " NS "><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>内联</t></is></c>"
      "<c r=\"B2\" t=\"s\"><v>2</v></c><c r=\"C2\" s=\"1\"><v>43646</v></c>"
      "<c r=\"D2\" s=\"2\"><v>43646</v></c><c r=\"E2\" s=\"3\"><v>1.5</v></c>"
      "<c r=\"F2\" t=\"b\"><v>1</v></c><c r=\"G2\"><f>SUM(1,2)</f><v>3</v></c>"
      "<c r=\"H2\" t=\"str\"><f>A2&amp;\"x\"</f><v>内联x</v></c>"
      "<c r=\"I2\" s=\"4\"><v>43646.5</v></c></row>"
      "<row r=\"3\"><c r=\"B3\"><v>0.1</v></c><c r=\"C3\" t=\"inlineStr\"><is><t>2019年6月底前</t></is></c></row>"
      "<row r=\"5\"><c t=\"inlineStr\"><is><t>A5</t></is></c><c t=\"inlineStr\"><is><t>B5</t></is></c></row>"
      "</sheetData><mergeCells><mergeCell ref=\"B3:B4\"/></mergeCells></worksheet>";
  Part a[] = {{"xl/workbook.xml", zWorkbook, 0},
              {"xl/_rels/workbook.xml.rels", zRels, 0},
              {"xl/styles.xml", zStyles, 0},
              {"xl/sharedStrings.xml", zStrings, 0},
              {"xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData/></worksheet>", 0},
              {"xl/worksheets/sheet2.xml", zSheet2, 0}};
  XlsxSheet sh;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(read_parts(a, 6, "台账", 0, &sh, &e), 0);
  CHECK_STR_EQ(sh.zName, "台账");
  CHECK_STR_EQ(xlsx_cell(&sh, 0, 0), "任务");
  CHECK_STR_EQ(xlsx_cell(&sh, 0, 1), "牵头单位");
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 0), "内联");
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 1), "省发展改革委");  /* the phonetic run left out */
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 2), "2019-06-30");    /* numFmt 14 */
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 3), "2019-06-30");    /* custom yyyy年m月d日 */
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 4), "1.5");           /* "d" in quotes is no date */
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 5), "TRUE");
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 6), "3");             /* the formula's cached value */
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 7), "内联x");
  CHECK_STR_EQ(xlsx_cell(&sh, 1, 8), "2019-06-30 12:00");
  CHECK_STR_EQ(xlsx_cell(&sh, 2, 1), "0.1");
  CHECK_STR_EQ(xlsx_cell(&sh, 3, 1), "0.1");           /* merged B3:B4 */
  CHECK_STR_EQ(xlsx_cell(&sh, 2, 2), "2019年6月底前"); /* a date as text stays text */
  CHECK_STR_EQ(xlsx_cell(&sh, 4, 0), "A5");            /* cells without r= */
  CHECK_STR_EQ(xlsx_cell(&sh, 4, 1), "B5");
  CHECK_INT_EQ(sh.nFormula, 2);
  CHECK_INT_EQ(sh.nDate, 3);
  CHECK_INT_EQ(sh.nRow, 5);
  CHECK_INT_EQ(sh.nCol, 9);
  xlsx_free(&sh);
  /* the first sheet by default; an unknown name is refused naming the sheets */
  CHECK_INT_EQ(read_parts(a, 6, NULL, 0, &sh, &e), 0);
  CHECK_STR_EQ(sh.zName, "说明");
  CHECK_INT_EQ(sh.nCell, 0);
  xlsx_free(&sh);
  CHECK_INT_EQ(read_parts(a, 6, "没有", 0, &sh, &e), LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "说明, 台账");
  xlsx_free(&sh);
}

TEST(xlsx_dates) {
  char z[11];
  CHECK_INT_EQ(xlsx_date_from_serial(1, 0, z), 0);
  CHECK_STR_EQ(z, "1900-01-01");
  CHECK_INT_EQ(xlsx_date_from_serial(59, 0, z), 0);
  CHECK_STR_EQ(z, "1900-02-28");
  CHECK_INT_EQ(xlsx_date_from_serial(60, 0, z), 0);
  CHECK_STR_EQ(z, "1900-02-29");
  CHECK_INT_EQ(xlsx_date_from_serial(61, 0, z), 0);
  CHECK_STR_EQ(z, "1900-03-01");
  CHECK_INT_EQ(xlsx_date_from_serial(43830, 0, z), 0);
  CHECK_STR_EQ(z, "2019-12-31");
  CHECK_INT_EQ(xlsx_date_from_serial(0, 1, z), 0);
  CHECK_STR_EQ(z, "1904-01-01");
  CHECK_INT_EQ(xlsx_date_from_serial(-1, 0, z), -1);
  CHECK_INT_EQ(xlsx_date_from_serial(3e6, 0, z), -1);
  int r, c;
  CHECK_INT_EQ(xlsx_ref_parse("$AB$12", &r, &c), 0);
  CHECK_INT_EQ(r, 11);
  CHECK_INT_EQ(c, 27);
  CHECK_INT_EQ(xlsx_ref_parse("A0", &r, &c), -1);
  CHECK_INT_EQ(xlsx_ref_parse("ZZZZ1", &r, &c), -1);
}

TEST(xlsx_round_trip_with_libxlsxwriter) {
  char zPath[] = "/tmp/luoshi-xlsx-XXXXXX";
  int fd = mkstemp(zPath);
  CHECK(fd >= 0);
  close(fd);
  lxw_workbook *wb = workbook_new(zPath);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "台账");
  lxw_format *fDate = workbook_add_format(wb);
  format_set_num_format(fDate, "yyyy-mm-dd");
  worksheet_merge_range(ws, 0, 0, 0, 3, "标题：落实情况台账", NULL);
  worksheet_write_string(ws, 1, 0, "序号", NULL);
  worksheet_write_string(ws, 1, 1, "任务内容", NULL);
  worksheet_write_string(ws, 1, 2, "牵头单位", NULL);
  worksheet_write_string(ws, 1, 3, "完成时限", NULL);
  worksheet_write_string(ws, 2, 0, "1-1", NULL);
  worksheet_write_string(ws, 2, 1, "含\t制表符与\n换行 & <尖括号>", NULL);
  worksheet_merge_range(ws, 2, 2, 3, 2, "省发展改革委", NULL);
  lxw_datetime dt = {2019, 6, 30, 0, 0, 0};
  worksheet_write_datetime(ws, 2, 3, &dt, fDate);
  worksheet_write_number(ws, 3, 0, 42, NULL);
  worksheet_write_number(ws, 3, 1, -0.25, NULL);
  worksheet_write_formula_num(ws, 3, 3, "=1+1", NULL, 2);
  CHECK_INT_EQ(workbook_close(wb), LXW_NO_ERROR);
  Buf b = BUF_INIT;
  CHECK_INT_EQ(buf_read_file(&b, zPath, 1 << 20), 0);
  unlink(zPath);
  XlsxSheet sh;
  Err e;
  err_clear(&e);
  CHECK(xlsx_is_xlsx((const unsigned char *)b.a, b.n));
  CHECK_INT_EQ(xlsx_read((const unsigned char *)b.a, b.n, NULL, 0, &sh, &e), 0);
  CHECK_STR_EQ(xlsx_cell(&sh, 0, 3), "标题：落实情况台账");
  CHECK_STR_EQ(xlsx_cell(&sh, 2, 1), "含\t制表符与\n换行 & <尖括号>");
  CHECK_STR_EQ(xlsx_cell(&sh, 3, 2), "省发展改革委");
  CHECK_STR_EQ(xlsx_cell(&sh, 2, 3), "2019-06-30");
  CHECK_STR_EQ(xlsx_cell(&sh, 3, 0), "42");
  CHECK_STR_EQ(xlsx_cell(&sh, 3, 1), "-0.25");
  CHECK_STR_EQ(xlsx_cell(&sh, 3, 3), "2");
  CHECK(xlsx_merge_at(&sh, 0, 2) != NULL);
  /* as a task-division table: the title row goes to the title, the header and rows stay */
  Buf t = BUF_INIT;
  char *zTitle = NULL;
  int nHeading = 0;
  CHECK_INT_EQ(xlsx_table_text(&sh, &t, &zTitle, &nHeading), 3);
  CHECK_STR_EQ(zTitle, "标题：落实情况台账");
  CHECK_CONTAINS(buf_str(&t), "序号\t任务内容\t牵头单位\t完成时限\n1-1\t\"含\t制表符");
  free(zTitle);
  buf_free(&t);
  xlsx_free(&sh);
  buf_free(&b);
}

TEST(xlsx_refusals) {
  XlsxSheet sh;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(xlsx_read((const unsigned char *)"hello", 5, NULL, 0, &sh, &e), LUOSHI_EINVAL);
  xlsx_free(&sh);
  /* malformed XML names the part */
  Part bad[] = {{"xl/workbook.xml", "<workbook><sheets><sheet", 0}};
  CHECK_INT_EQ(read_parts(bad, 1, NULL, 0, &sh, &e), LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "xl/workbook.xml line");
  xlsx_free(&sh);
  /* a sheet over the per-part limit (here 1 MB) */
  size_t nBig = (size_t)2 << 20;
  char *zBig = xmalloc(nBig + 64);
  memset(zBig, ' ', nBig + 64);
  memcpy(zBig, "<worksheet>", 11);
  memcpy(zBig + nBig, "</worksheet>", 12);
  Part big[] = {{"xl/workbook.xml", zWorkbook, 0},
                {"xl/_rels/workbook.xml.rels", zRels, 0},
                {"xl/worksheets/sheet1.xml", zBig, nBig + 12}};
  CHECK_INT_EQ(read_parts(big, 3, NULL, (size_t)1 << 20, &sh, &e), LUOSHI_ETOOBIG);
  CHECK_CONTAINS(e.zMsg, "over the limit");
  xlsx_free(&sh);
  free(zBig);
  /* a zip bomb: 64 MB of spaces deflate to almost nothing */
  size_t nBomb = (size_t)64 << 20;
  char *zBomb = xmalloc(nBomb);
  memset(zBomb, ' ', nBomb);
  memcpy(zBomb, "<worksheet>", 11);
  memcpy(zBomb + nBomb - 12, "</worksheet>", 12);
  Part bomb[] = {{"xl/workbook.xml", zWorkbook, 0},
                 {"xl/_rels/workbook.xml.rels", zRels, 0},
                 {"xl/worksheets/sheet1.xml", zBomb, nBomb}};
  CHECK_INT_EQ(read_parts(bomb, 3, NULL, 0, &sh, &e), LUOSHI_ETOOBIG);
  CHECK_CONTAINS(e.zMsg, "zip bomb");
  xlsx_free(&sh);
  free(zBomb);
  /* a shared string index past the table */
  Part idx[] = {{"xl/workbook.xml", zWorkbook, 0},
                {"xl/_rels/workbook.xml.rels", zRels, 0},
                {"xl/sharedStrings.xml", zStrings, 0},
                {"xl/worksheets/sheet1.xml",
                 "<worksheet><sheetData><row><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData>"
                 "</worksheet>", 0}};
  CHECK_INT_EQ(read_parts(idx, 4, NULL, 0, &sh, &e), LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "shared string");
  xlsx_free(&sh);
  /* a DOCTYPE is refused */
  Part dt[] = {{"xl/workbook.xml", "<!DOCTYPE x [<!ENTITY a \"b\">]><workbook/>", 0}};
  CHECK_INT_EQ(read_parts(dt, 1, NULL, 0, &sh, &e), LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "DOCTYPE");
  xlsx_free(&sh);
}
