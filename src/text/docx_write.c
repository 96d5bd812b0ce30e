/* Docx writing: see docx_write.h. */
#include "docx_write.h"

#include "../base/utf8.h"
#include "../base/xml.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static const char zContentTypes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
    "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.styles+xml\"/></Types>";

static const char zRels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

static const char zDocRels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/styles\" Target=\"styles.xml\"/></Relationships>";

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define FONTS(ea, latin) \
  "<w:rFonts w:ascii=\"" latin "\" w:hAnsi=\"" latin "\" w:eastAsia=\"" ea "\" w:cs=\"" latin "\"/>"

/* 16 pt is w:sz 32 (half-points); 22 pt is 44; a first-line indent of two characters is
** w:firstLineChars 200. A4 with the margins of GB/T 9704 (37 mm top, 28 mm left). */
static const char zStyles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles " W_NS ">"
    "<w:docDefaults><w:rPrDefault><w:rPr>" FONTS("仿宋_GB2312", "Times New Roman")
    "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line=\"560\" "
    "w:lineRule=\"exact\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr>"
    "<w:rPr>" FONTS("仿宋_GB2312", "Times New Roman") "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
    "</w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"0\" w:after=\"280\" w:line=\"700\" "
    "w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
    "<w:jc w:val=\"center\"/></w:pPr><w:rPr>" FONTS("方正小标宋简体", "黑体")
    "<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
    "<w:jc w:val=\"center\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"0\"/></w:pPr>"
    "<w:rPr>" FONTS("黑体", "黑体") "</w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:line=\"400\" w:lineRule=\"exact\"/>"
    "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"left\"/></w:pPr>"
    "<w:rPr><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>"
    "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr>"
    "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    "</w:tblBorders></w:tblPr></w:style></w:styles>";

static void para(DocxW *w, const char *zStyle, const char *z, int bold) {
  buf_puts(&w->body, "<w:p>");
  if (zStyle) buf_printf(&w->body, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", zStyle);
  buf_puts(&w->body, bold ? "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">"
                          : "<w:r><w:t xml:space=\"preserve\">");
  xml_text(&w->body, z);
  buf_puts(&w->body, "</w:t></w:r></w:p>");
}

void docxw_title(DocxW *w, const char *z) { para(w, "Title", z, 0); }
void docxw_subtitle(DocxW *w, const char *z) { para(w, "Subtitle", z, 0); }
void docxw_heading(DocxW *w, const char *z) { para(w, "Heading1", z, 0); }
void docxw_para(DocxW *w, const char *z) { para(w, NULL, z, 0); }

static void row(DocxW *w, const char *const *az, int header) {
  buf_puts(&w->body, header ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>");
  for (int i = 0; i < w->nCol; i++) {
    const char *z = az[i] ? az[i] : "";
    size_t nWidth = utf8_ncolumn(z, strlen(z));
    if (nWidth > w->anWidest[i]) w->anWidest[i] = nWidth;
    buf_puts(&w->body, "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>");
    para(w, "TableText", z, header);
    buf_puts(&w->body, "</w:tc>");
  }
  buf_puts(&w->body, "</w:tr>");
}

void docxw_table_begin(DocxW *w, int nCol, const char *const *azHead) {
  assert(nCol > 0 && nCol <= DOCXW_MAXCOL);
  w->nCol = nCol;
  memset(w->anWidest, 0, sizeof w->anWidest);
  buf_puts(&w->body, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" "
                     "w:type=\"pct\"/><w:jc w:val=\"center\"/></w:tblPr>");
  w->iGrid = w->body.n;
  row(w, azHead, 1);
}

void docxw_table_row(DocxW *w, const char *const *azCell) { row(w, azCell, 0); }

/* The width of the text on the page (A4 less the margins of docxw_finish), in twips. */
#define DOCXW_TEXT_TWIPS (11906 - 1588 - 1474)

void docxw_table_end(DocxW *w) {
  size_t anWeight[DOCXW_MAXCOL], nSum = 0;
  for (int i = 0; i < w->nCol; i++) {
    size_t n = w->anWidest[i];
    anWeight[i] = (n < 4 ? 4 : n > 40 ? 40 : n) + 2;  /* + the cell's padding */
    nSum += anWeight[i];
  }
  Buf grid = BUF_INIT;
  buf_puts(&grid, "<w:tblGrid>");
  for (int i = 0; i < w->nCol; i++) {
    buf_printf(&grid, "<w:gridCol w:w=\"%zu\"/>", DOCXW_TEXT_TWIPS * anWeight[i] / nSum);
  }
  buf_puts(&grid, "</w:tblGrid>");
  Buf rows = BUF_INIT;
  buf_append(&rows, w->body.a + w->iGrid, w->body.n - w->iGrid);
  w->body.n = w->iGrid;
  buf_append(&w->body, grid.a, grid.n);
  buf_append(&w->body, rows.a, rows.n);
  buf_free(&grid);
  buf_free(&rows);
  buf_puts(&w->body, "</w:tbl>");
  w->nCol = 0;
  para(w, "TableText", "", 0); /* Word wants a paragraph between tables */
}

static int add(zip_t *za, const char *zName, const char *z, size_t n) {
  zip_source_t *src = zip_source_buffer(za, z, n, 0);
  if (!src) return -1;
  if (zip_file_add(za, zName, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
    zip_source_free(src);
    return -1;
  }
  return 0;
}

int docxw_finish(DocxW *w, Buf *out, Err *e) {
  Buf doc = BUF_INIT;
  buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " W_NS
                 "><w:body>");
  buf_append(&doc, w->body.a ? w->body.a : "", w->body.n);
  buf_puts(&doc, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" "
                 "w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" "
                 "w:footer=\"992\" w:gutter=\"0\"/><w:docGrid w:type=\"lines\" "
                 "w:linePitch=\"579\"/></w:sectPr></w:body></w:document>");
  buf_free(&w->body);
  zip_error_t ze;
  zip_error_init(&ze);
  int rc = -1;
  zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = NULL;
  if (mem) {
    zip_source_keep(mem);
    za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
  }
  if (za && add(za, "[Content_Types].xml", zContentTypes, strlen(zContentTypes)) == 0 &&
      add(za, "_rels/.rels", zRels, strlen(zRels)) == 0 &&
      add(za, "word/_rels/document.xml.rels", zDocRels, strlen(zDocRels)) == 0 &&
      add(za, "word/document.xml", buf_str(&doc), doc.n) == 0 &&
      add(za, "word/styles.xml", zStyles, strlen(zStyles)) == 0) {
    rc = zip_close(za);
    if (rc) zip_discard(za);
    za = NULL;
  }
  if (za) zip_discard(za);
  if (rc == 0 && zip_source_open(mem) == 0) {
    char aChunk[8192];
    zip_int64_t n;
    while ((n = zip_source_read(mem, aChunk, sizeof aChunk)) > 0) buf_append(out, aChunk, (size_t)n);
    if (n < 0) rc = -1;
    zip_source_close(mem);
  } else {
    rc = -1;
  }
  if (mem) zip_source_free(mem);
  buf_free(&doc);
  zip_error_fini(&ze);
  return rc ? err_set(e, LUOSHI_EIO, "could not write the .docx archive") : 0;
}
