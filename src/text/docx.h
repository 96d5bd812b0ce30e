/*
** Docx: the text of a Word .docx (Office Open XML) as plain UTF-8, one paragraph per line.
**
** A .docx is a zip archive; its body is the part word/document.xml, and list numbers live in
** word/numbering.xml (with paragraph styles in word/styles.xml). docx_extract() opens the
** archive from memory with libzip and streams each part through expat in chunks, so a part is
** never held whole in memory, and every part is capped at a caller-given number of inflated
** bytes (a zip bomb guard). List numbers ("一、", "（二）", "3. ") are rendered as Word shows
** them, because Chinese policy documents carry their structure in them. Deleted revisions,
** footnotes, headers and comments are left out. The input is bytes in memory: this file opens
** no files and knows nothing of what later stages do with the text.
*/
#ifndef LUOSHI_TEXT_DOCX_H
#define LUOSHI_TEXT_DOCX_H

#include "../base/buf.h"
#include "../base/err.h"

#include <stddef.h>

/* Is z[0..nByte) a zip archive (starts with "PK\x03\x04")? Returns 1 or 0; z may be NULL when
** nByte is 0. */
int docx_is_zip(const unsigned char *z, size_t nByte);

/* Extract the text of the .docx held in z[0..nByte) into out (appended): one line per w:p
** paragraph of word/document.xml in document order (body paragraphs and table-cell
** paragraphs; each table cell paragraph on its own line), with the paragraph's list number
** rendered in front of its text when it has w:numPr (see below), tabs (w:tab) as a tab
** character, w:br / w:cr as nothing inside a paragraph (join), and empty paragraphs kept as
** empty lines. Text is the concatenation of w:t runs (xml:space does not matter; keep the
** characters as they are). Deleted text (w:del / w:delText) is skipped; inserted (w:ins) kept.
** Footnotes, headers, comments are ignored.
** Returns 0, or LUOSHI_EINVAL with e filled when the archive is not a zip, has no
** word/document.xml, the XML is malformed (message names the XML line), or the uncompressed
** document.xml is larger than nMaxByte (zip bomb guard: check the declared size AND stop
** reading once more than nMaxByte bytes have been inflated; message says so). *pnParagraph
** gets the number of paragraphs (lines) written.
**
** Details of this implementation:
** - Every line, the last included, ends with '\n'. A line feed inside a w:t (which Word never
**   writes) becomes a space so that one paragraph stays one line. w:noBreakHyphen gives '-'.
** - Numbers: a counter per (w:numId, w:ilvl), started at w:start (or w:lvlOverride/
**   w:startOverride), deeper levels restarted when a level advances; w:lvlText with %N
**   replaced by level N-1's counter in that level's w:numFmt; a space follows only when
**   w:lvlText ends with '.'. Bullets and "none" levels render nothing. A paragraph without a
**   direct w:numPr takes the numbering of its paragraph style (w:pStyle, following w:basedOn).
** - Text boxes (w:txbxContent) are paragraphs of their own, written when they end, that is
**   before the paragraph that anchors them; mc:Fallback copies are skipped.
** - word/numbering.xml and word/styles.xml obey the same nMaxByte cap and are malformed-XML
**   errors too. A DOCTYPE in any part is refused.
** - On error nothing is appended (out is put back as it was) and *pnParagraph is 0.
** - pnParagraph and e may be NULL. */
int docx_extract(const unsigned char *z, size_t nByte, size_t nMaxByte, Buf *out,
                 int *pnParagraph, Err *e);

#endif
