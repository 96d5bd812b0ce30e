/*
** Docx writing: a small WordprocessingML (.docx) writer for documents in the customary form
** of Chinese official documents (公文): a title in 方正小标宋简体 (黑体 as fallback) 22 pt
** centred, headings in 黑体 16 pt, body text in 仿宋_GB2312 16 pt with a two-character
** first-line indent, and plain bordered tables. Every text is XML-escaped (src/base/xml.h).
** The archive is made in memory with libzip: [Content_Types].xml, _rels/.rels,
** word/document.xml, word/styles.xml. Reading .docx is src/text/docx.h.
*/
#ifndef LUOSHI_TEXT_DOCX_WRITE_H
#define LUOSHI_TEXT_DOCX_WRITE_H

#include "../base/buf.h"
#include "../base/err.h"

#define DOCXW_MAXCOL 16       /* columns a table may have */

/* A table's column widths are known only at its end (from its widest cells), so its w:tblGrid
** is put in at iGrid then. */
typedef struct DocxW {
  Buf body;                  /* the w:body content so far */
  int nCol;                  /* columns of the open table, 0 when none */
  size_t iGrid;              /* byte offset in body where the open table's w:tblGrid goes */
  size_t anWidest[DOCXW_MAXCOL]; /* the open table's widest cell by column, in half-width
                                 ** columns (utf8_ncolumn) */
} DocxW;
#define DOCXW_INIT {BUF_INIT, 0, 0, {0}}

void docxw_title(DocxW *w, const char *z);      /* the document's title */
void docxw_subtitle(DocxW *w, const char *z);   /* centred 仿宋 line under it (第N期, date) */
void docxw_heading(DocxW *w, const char *z);    /* 一、… in 黑体 */
void docxw_para(DocxW *w, const char *z);       /* body paragraph, first line indented */
/* A table of nCol columns (at most DOCXW_MAXCOL): a header row of azHead, then rows of nCol
** cells. The columns share the page's width in proportion to their widest cells (each counted
** between 4 and 40 half-width columns), so that short figures do not take as much room as
** names; Word may fit them again, LibreOffice keeps them. */
void docxw_table_begin(DocxW *w, int nCol, const char *const *azHead);
void docxw_table_row(DocxW *w, const char *const *azCell);
void docxw_table_end(DocxW *w);
/* The .docx archive's bytes into out (appended); w is freed. 0, or LUOSHI_EIO with e. */
int docxw_finish(DocxW *w, Buf *out, Err *e);

#endif
