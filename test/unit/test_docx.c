/*
** Unit tests of src/text/docx.c: .docx files are built here in memory with libzip (so every
** case states its own XML) and read back with docx_extract. Covers plain and split runs, tabs
** and breaks, list numbers (Chinese counting, nested levels, decimal, start overrides, circled,
** bullets, style numbering), tables, text boxes, tracked deletions, and the error paths: not a
** zip, no word/document.xml, malformed XML, and both halves of the zip bomb guard.
*/
#include "../harness.h"

#include "base/buf.h"
#include "base/err.h"
#include "base/mem.h"
#include "text/docx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MB (1024 * 1024)

static const char zContentTypes[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";

/* One file of a test archive; nByte 0 means strlen(z). */
typedef struct Part {
  const char *zName;
  const char *z;
  size_t nByte;
} Part;

/* A zip archive in memory holding aPart[0..nPart), deflated as libzip does by default. The
** caller frees the result; *pnByte gets its size. NULL when libzip fails. */
static unsigned char *zip_build(const Part *aPart, int nPart, size_t *pnByte) {
  zip_error_t ze;
  zip_error_init(&ze);
  unsigned char *a = NULL;
  *pnByte = 0;
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (src == NULL) goto cleanup;
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (za == NULL) {
    zip_source_free(src);
    goto cleanup;
  }
  zip_source_keep(src); /* keep the bytes after zip_close */
  for (int i = 0; i < nPart; i++) {
    size_t n = aPart[i].nByte ? aPart[i].nByte : strlen(aPart[i].z);
    zip_source_t *s = zip_source_buffer(za, aPart[i].z, n, 0);
    if (s == NULL || zip_file_add(za, aPart[i].zName, s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s) zip_source_free(s);
    }
  }
  if (zip_close(za) < 0) {
    zip_discard(za);
    zip_source_free(src);
    goto cleanup;
  }
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t n = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    a = xmalloc(n > 0 ? (size_t)n : 1);
    if (n > 0 && zip_source_read(src, a, (zip_uint64_t)n) == n) {
      *pnByte = (size_t)n;
    } else {
      free(a);
      a = NULL;
    }
    zip_source_close(src);
  }
  zip_source_free(src);
cleanup:
  zip_error_fini(&ze);
  return a;
}

/* word/document.xml around zBody (the content of w:body). The caller frees it. */
static char *doc_xml(const char *zBody) {
  Buf b = BUF_INIT;
  buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
               "<w:document xmlns:w=\"" W_NS "\" "
               "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
               "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\">"
               "<w:body>");
  buf_puts(&b, zBody);
  buf_puts(&b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>");
  return buf_take(&b);
}

/* Build a .docx from a body and optional numbering.xml and styles.xml, and extract it into out.
** Returns what docx_extract returns (or -100 when the zip could not be built). */
static int docx_run(const char *zBody, const char *zNumbering, const char *zStyles,
                    size_t nMaxByte, Buf *out, int *pnParagraph, Err *e) {
  char *zDoc = doc_xml(zBody);
  Part aPart[4] = {{"[Content_Types].xml", zContentTypes, 0}, {"word/document.xml", zDoc, 0}};
  int nPart = 2;
  if (zNumbering) aPart[nPart++] = (Part){"word/numbering.xml", zNumbering, 0};
  if (zStyles) aPart[nPart++] = (Part){"word/styles.xml", zStyles, 0};
  size_t nZip = 0;
  unsigned char *aZip = zip_build(aPart, nPart, &nZip);
  int rc = aZip ? docx_extract(aZip, nZip, nMaxByte, out, pnParagraph, e) : -100;
  free(aZip);
  free(zDoc);
  return rc;
}

/* A paragraph of list numId at level ilvl with one run of text. */
#define NP(numId, ilvl, text)                                                              \
  "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #ilvl "\"/><w:numId w:val=\"" #numId "\"/>"     \
  "</w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
/* A plain paragraph with one run. */
#define PP(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"

#define LVL(ilvl, start, fmt, text)                                                        \
  "<w:lvl w:ilvl=\"" #ilvl "\"><w:start w:val=\"" #start "\"/><w:numFmt w:val=\"" fmt    \
  "\"/><w:lvlText w:val=\"" text "\"/><w:lvlJc w:val=\"left\"/>"                         \
  "<w:pPr><w:ind w:left=\"420\" w:hanging=\"420\"/></w:pPr></w:lvl>"

static const char zNumbering[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:numbering xmlns:w=\"" W_NS "\">"
    "<w:abstractNum w:abstractNumId=\"0\">"
    LVL(0, 1, "chineseCounting", "%1、")
    LVL(1, 1, "chineseCounting", "（%2）")
    LVL(2, 1, "decimal", "%3.")
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"1\">"
    LVL(0, 1, "decimal", "%1.")
    LVL(1, 1, "decimal", "%1.%2")
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"2\">"
    LVL(0, 1, "decimalEnclosedCircleChinese", "%1")
    LVL(1, 1, "bullet", "\xEF\x82\xB7")
    "</w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/>"
    "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"19\"/></w:lvlOverride></w:num>"
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"2\"/></w:num>"
    "<w:num w:numId=\"5\"><w:abstractNumId w:val=\"0\"/>"
    "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"99\"/></w:lvlOverride></w:num>"
    "</w:numbering>";

TEST(docx_is_zip) {
  CHECK(docx_is_zip((const unsigned char *)"PK\x03\x04rest", 8));
  CHECK(!docx_is_zip((const unsigned char *)"PK\x03", 3));
  CHECK(!docx_is_zip((const unsigned char *)"%PDF-1.7", 8));
  CHECK(!docx_is_zip(NULL, 0));
}

TEST(docx_plain_paragraphs_join_runs) {
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int nPara = -1;
  int rc = docx_run(
      /* Chinese text split across runs with different formatting must join. */
      "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
      "<w:r><w:t>长江</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>经济</w:t></w:r>"
      "<w:proofErr w:type=\"spellStart\"/><w:r><w:t xml:space=\"preserve\">带 </w:t></w:r>"
      "<w:r><w:t>发展</w:t></w:r></w:p>"
      /* An empty paragraph stays an empty line. */
      "<w:p/>"
      "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:p>"
      /* Tab, line break, carriage return, hyperlink and field results. */
      "<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/></w:r>"
      "<w:hyperlink r:id=\"rId9\" xmlns:r=\"http://schemas.openxmlformats.org/"
      "officeDocument/2006/relationships\"><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
      "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText>"
      "</w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
      PP("a &amp; b &lt;c&gt;"),
      NULL, NULL, MB, &out, &nPara, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_STR_EQ(buf_str(&out), "长江经济带 发展\n\n\n甲\t乙丙链接7\na & b <c>\n");
  CHECK_INT_EQ(nPara, 5);
  buf_free(&out);
}

TEST(docx_numbering_chinese_nested_decimal) {
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int nPara = 0;
  int rc = docx_run(NP(1, 0, "重点任务") NP(1, 1, "推进绿色建筑") NP(1, 1, "加强监管")
                    NP(1, 2, "细则") NP(1, 2, "附则") NP(1, 0, "保障措施") NP(1, 1, "组织领导")
                    PP("正文段落。")
                    NP(2, 0, "出台指导意见") NP(2, 0, "提高占比") NP(2, 1, "分项")
                    NP(3, 0, "甲") NP(3, 0, "乙") NP(3, 0, "丙")
                    NP(4, 0, "圆圈") NP(4, 1, "圆点") NP(4, 0, "圆圈二")
                    NP(0, 0, "numId 0 removes numbering") NP(77, 0, "unknown list"),
                    zNumbering, NULL, MB, &out, &nPara, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_STR_EQ(buf_str(&out),
               "一、重点任务\n"
               "（一）推进绿色建筑\n"
               "（二）加强监管\n"
               "1. 细则\n"
               "2. 附则\n"
               "二、保障措施\n"
               "（一）组织领导\n"
               "正文段落。\n"
               "1. 出台指导意见\n"
               "2. 提高占比\n"
               "2.1分项\n"
               "十九、甲\n"
               "二十、乙\n"
               "二十一、丙\n"
               "①圆圈\n"
               "圆点\n"
               "②圆圈二\n"
               "numId 0 removes numbering\n"
               "unknown list\n");
  CHECK_INT_EQ(nPara, 19);
  buf_free(&out);
}

TEST(docx_numbering_chinese_numerals_past_ninety_nine) {
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = docx_run(NP(5, 0, "a") NP(5, 0, "b") NP(5, 0, "c") NP(5, 1, "d"), zNumbering, NULL,
                    MB, &out, NULL, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_STR_EQ(buf_str(&out), "九十九、a\n一百、b\n一百零一、c\n（一）d\n");
  buf_free(&out);
}

TEST(docx_numbering_from_paragraph_style) {
  static const char zStyles[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<w:styles xmlns:w=\"" W_NS "\">"
      "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
      "<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
      "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"MyH1\"><w:basedOn w:val=\"Heading1\"/>"
      "</w:style>"
      "</w:styles>";
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = docx_run("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>总体要求</w:t>"
                    "</w:r></w:p>"
                    "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>指导思想</w:t>"
                    "</w:r></w:p>"
                    "<w:p><w:pPr><w:pStyle w:val=\"MyH1\"/></w:pPr><w:r><w:t>重点任务</w:t>"
                    "</w:r></w:p>"
                    "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t>正文</w:t>"
                    "</w:r></w:p>",
                    zNumbering, zStyles, MB, &out, NULL, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_STR_EQ(buf_str(&out), "一、总体要求\n（一）指导思想\n二、重点任务\n正文\n");
  buf_free(&out);
}

TEST(docx_table_cells_one_line_each) {
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int nPara = 0;
  int rc = docx_run(PP("表前")
                    "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
                    "<w:tblGrid><w:gridCol w:w=\"4000\"/><w:gridCol w:w=\"4000\"/></w:tblGrid>"
                    "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"4000\"/></w:tcPr>" PP("牵头单位")
                    PP("（第二段）") "</w:tc><w:tc>" PP("省发展改革委") "</w:tc></w:tr>"
                    "<w:tr><w:tc>" PP("完成时限") "</w:tc><w:tc><w:p/></w:tc></w:tr>"
                    "</w:tbl>" PP("表后"),
                    NULL, NULL, MB, &out, &nPara, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_STR_EQ(buf_str(&out), "表前\n牵头单位\n（第二段）\n省发展改革委\n完成时限\n\n表后\n");
  CHECK_INT_EQ(nPara, 7);
  buf_free(&out);
}

TEST(docx_deleted_text_skipped_inserted_kept) {
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = docx_run(
      "<w:p><w:r><w:t>到2022年</w:t></w:r>"
      "<w:del w:id=\"1\" w:author=\"a\" w:date=\"2021-01-01T00:00:00Z\"><w:r>"
      "<w:delText>，力争</w:delText></w:r></w:del>"
      "<w:ins w:id=\"2\" w:author=\"a\" w:date=\"2021-01-01T00:00:00Z\"><w:r><w:t>，"
      "</w:t></w:r></w:ins><w:r><w:t>达到55%左右</w:t></w:r>"
      "<w:moveFrom w:id=\"3\" w:author=\"a\"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom></w:p>"
      /* The old paragraph properties of a revision do not number the paragraph. */
      "<w:p><w:pPr><w:pPrChange w:id=\"4\" w:author=\"a\"><w:pPr><w:numPr><w:ilvl w:val=\"0\"/>"
      "<w:numId w:val=\"1\"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>无编号</w:t>"
      "</w:r></w:p>",
      zNumbering, NULL, MB, &out, NULL, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_STR_EQ(buf_str(&out), "到2022年，达到55%左右\n无编号\n");
  buf_free(&out);
}

TEST(docx_text_box_once) {
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int nPara = 0;
  int rc = docx_run("<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent><mc:Choice "
                    "Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>" PP("框内")
                    "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>"
                    "<w:txbxContent>" PP("框内") "</w:txbxContent></w:pict></mc:Fallback>"
                    "</mc:AlternateContent></w:r><w:r><w:t>点</w:t></w:r></w:p>",
                    NULL, NULL, MB, &out, &nPara, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_STR_EQ(buf_str(&out), "框内\n锚点\n");
  CHECK_INT_EQ(nPara, 2);
  buf_free(&out);
}

TEST(docx_appends_and_restores_on_error) {
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  buf_puts(&out, "前\n");
  int rc = docx_run(PP("后"), NULL, NULL, MB, &out, NULL, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_STR_EQ(buf_str(&out), "前\n后\n");
  rc = docx_run(PP("x") "<w:p>", NULL, NULL, MB, &out, NULL, &e);
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_STR_EQ(buf_str(&out), "前\n后\n");
  buf_free(&out);
}

TEST(docx_not_a_zip) {
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int nPara = 9;
  const char *z = "关于推进绿色建筑发展的实施意见\n";
  int rc = docx_extract((const unsigned char *)z, strlen(z), MB, &out, &nPara, &e);
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_INT_EQ(e.code, LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "zip");
  CHECK_INT_EQ(nPara, 0);
  CHECK_INT_EQ(out.n, 0);
  /* A zip signature followed by garbage. */
  err_clear(&e);
  static const unsigned char aBad[] = "PK\x03\x04garbage that is not an archive";
  rc = docx_extract(aBad, sizeof aBad - 1, MB, &out, &nPara, &e);
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "zip");
  buf_free(&out);
}

TEST(docx_zip_without_document) {
  Part aPart[] = {{"[Content_Types].xml", zContentTypes, 0},
                  {"word/styles.xml", "<w:styles xmlns:w=\"" W_NS "\"/>", 0}};
  size_t nZip = 0;
  unsigned char *aZip = zip_build(aPart, 2, &nZip);
  CHECK(aZip != NULL);
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = aZip ? docx_extract(aZip, nZip, MB, &out, NULL, &e) : -100;
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "word/document.xml");
  CHECK_INT_EQ(out.n, 0);
  free(aZip);
  buf_free(&out);
}

TEST(docx_malformed_xml_names_line) {
  /* Line 1 is the XML declaration, line 2 opens w:document: the mismatched tag is on line 4. */
  static const char zDoc[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<w:document xmlns:w=\"" W_NS "\">\n"
                             "<w:body>\n"
                             "<w:p><w:r><w:t>文本</w:r></w:p>\n"
                             "</w:body></w:document>\n";
  Part aPart[] = {{"[Content_Types].xml", zContentTypes, 0}, {"word/document.xml", zDoc, 0}};
  size_t nZip = 0;
  unsigned char *aZip = zip_build(aPart, 2, &nZip);
  CHECK(aZip != NULL);
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = aZip ? docx_extract(aZip, nZip, MB, &out, NULL, &e) : -100;
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_INT_EQ(e.line, 4);
  CHECK_CONTAINS(e.zMsg, "line 4");
  CHECK_CONTAINS(e.zMsg, "word/document.xml");
  CHECK_INT_EQ(out.n, 0);
  free(aZip);
  buf_free(&out);
}

TEST(docx_doctype_refused) {
  static const char zDoc[] = "<?xml version=\"1.0\"?>\n"
                             "<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n"
                             "<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>&lol;"
                             "</w:t></w:r></w:p></w:body></w:document>";
  Part aPart[] = {{"[Content_Types].xml", zContentTypes, 0}, {"word/document.xml", zDoc, 0}};
  size_t nZip = 0;
  unsigned char *aZip = zip_build(aPart, 2, &nZip);
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = aZip ? docx_extract(aZip, nZip, MB, &out, NULL, &e) : -100;
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "DOCTYPE");
  free(aZip);
  buf_free(&out);
}

TEST(docx_declared_size_over_limit) {
  Buf body = BUF_INIT;
  for (int i = 0; i < 200; i++) buf_puts(&body, PP("推动城乡建设绿色发展。"));
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = docx_run(buf_str(&body), NULL, NULL, 1000, &out, NULL, &e);
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "declares");
  CHECK_CONTAINS(e.zMsg, "limit of 1000 bytes");
  CHECK_INT_EQ(out.n, 0);
  /* The same document within a larger limit reads fine. */
  err_clear(&e);
  int nPara = 0;
  rc = docx_run(buf_str(&body), NULL, NULL, MB, &out, &nPara, &e);
  CHECK_INT_EQ(rc, 0);
  CHECK_INT_EQ(nPara, 200);
  buf_free(&body);
  buf_free(&out);
}

/* A .docx whose document.xml is one paragraph of about nByte bytes of repeated text. */
static unsigned char *big_docx(size_t nByte, size_t *pnZip, size_t *pnText) {
  static const char zUnit[] = "到2022年，城镇新建建筑中绿色建筑面积占比达到55%左右。";
  Buf text = BUF_INIT;
  while (text.n < nByte) buf_append(&text, zUnit, sizeof zUnit - 1);
  *pnText = text.n;
  Buf body = BUF_INIT;
  buf_puts(&body, "<w:p><w:r><w:t>");
  buf_append(&body, text.a, text.n);
  buf_puts(&body, "</w:t></w:r></w:p>");
  char *zDoc = doc_xml(buf_str(&body));
  Part aPart[] = {{"[Content_Types].xml", zContentTypes, 0}, {"word/document.xml", zDoc, 0}};
  unsigned char *aZip = zip_build(aPart, 2, pnZip);
  free(zDoc);
  buf_free(&body);
  buf_free(&text);
  return aZip;
}

static unsigned get_le16(const unsigned char *a) { return a[0] | (unsigned)a[1] << 8; }

static void put_le32(unsigned char *a, unsigned long v) {
  for (int i = 0; i < 4; i++) a[i] = (unsigned char)(v >> (8 * i));
}

/* Make every header of zName in the archive declare nDeclared uncompressed bytes (a lying zip
** bomb). Returns the number of headers changed. */
static int zip_patch_size(unsigned char *a, size_t nByte, const char *zName,
                          unsigned long nDeclared) {
  size_t nName = strlen(zName);
  int nPatched = 0;
  for (size_t i = 0; i + 46 + nName <= nByte; i++) {
    if (a[i] != 'P' || a[i + 1] != 'K') continue;
    if (a[i + 2] == 1 && a[i + 3] == 2 && get_le16(a + i + 28) == nName &&
        memcmp(a + i + 46, zName, nName) == 0) {
      put_le32(a + i + 24, nDeclared); /* central directory: uncompressed size */
      nPatched++;
    } else if (a[i + 2] == 3 && a[i + 3] == 4 && get_le16(a + i + 26) == nName &&
               memcmp(a + i + 30, zName, nName) == 0) {
      put_le32(a + i + 22, nDeclared); /* local header: uncompressed size */
      nPatched++;
    }
  }
  return nPatched;
}

TEST(docx_zip_bomb_declared) {
  size_t nZip = 0, nText = 0;
  unsigned char *aZip = big_docx(10 * MB, &nZip, &nText);
  CHECK(aZip != NULL);
  CHECK(nZip < MB); /* it really is deflated */
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = aZip ? docx_extract(aZip, nZip, MB, &out, NULL, &e) : -100;
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "declares");
  CHECK_CONTAINS(e.zMsg, "zip bomb");
  CHECK_INT_EQ(out.n, 0);
  /* With room for it, the whole text comes back as one line. */
  err_clear(&e);
  int nPara = 0;
  rc = aZip ? docx_extract(aZip, nZip, 16 * MB, &out, &nPara, &e) : -100;
  CHECK_INT_EQ(rc, 0);
  CHECK_INT_EQ(nPara, 1);
  CHECK_INT_EQ(out.n, nText + 1);
  free(aZip);
  buf_free(&out);
}

TEST(docx_zip_bomb_lying_size_stops_inflating) {
  size_t nZip = 0, nText = 0;
  unsigned char *aZip = big_docx(10 * MB, &nZip, &nText);
  CHECK(aZip != NULL);
  /* The archive now claims document.xml inflates to 1000 bytes; only counting stops it. */
  CHECK_INT_EQ(aZip ? zip_patch_size(aZip, nZip, "word/document.xml", 1000) : 0, 2);
  Buf out = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = aZip ? docx_extract(aZip, nZip, MB, &out, NULL, &e) : -100;
  CHECK_INT_EQ(rc, LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "stopped after inflating");
  CHECK_CONTAINS(e.zMsg, "zip bomb");
  /* e.byte is how much was inflated when it stopped: just over the limit, far from 10 MB. */
  CHECK(e.byte > MB);
  CHECK(e.byte <= MB + 65536);
  CHECK_INT_EQ(out.n, 0);
  free(aZip);
  buf_free(&out);
}
