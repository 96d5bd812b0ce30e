/*
** Reflow: from hard-wrapped lines (newspaper columns, OCR output, typed text) to blocks.
**
** reflow_run() finds page markers (上接第1版 / 下转第6版 / 紧接01版, on their own line or inline),
** running titles repeated between columns, the document title, headings at every level and the
** paragraphs between them, joining the lines of a paragraph across hard wraps and across the
** blank lines that column breaks leave in the middle of sentences. Spaces that typesetting put
** between Chinese and digits or Latin are dropped; spaces between Latin words are kept. Every
** block records, segment by segment, where its text came from. Fragments are numbered at page
** jumps. Pure: works on a Text, writes into a Doc, no I/O.
*/
#ifndef LUOSHI_TEXT_REFLOW_H
#define LUOSHI_TEXT_REFLOW_H

#include "doc.h"

/* Build the blocks of d (which must be freshly initialised over its Text). Never fails: what it
** cannot decide it reports as diagnostics. */
void reflow_run(Doc *d);

/* If a heading number starts z[0..nByte) return its level and store the number's length in bytes
** (including the 、 or brackets and any following spaces) in *pnNumber and its value in *pValue;
** else return LEVEL_NONE. */
HeadingLevel reflow_heading_prefix(const char *z, size_t nByte, size_t *pnNumber, int *pValue);

/* If a page marker such as （上接第1版） starts at z[0..nByte), return its length in bytes and set
** *pbFrom to 1 for "continued from" markers (上接, 接, 紧接, 续) and 0 for "continued on" ones
** (下转, 转); else return 0. bBare allows a marker without brackets. */
size_t reflow_marker_at(const char *z, size_t nByte, int bBare, int *pbFrom);

/* Value of a Chinese numeral such as 十二 or 一百零五 in z[0..nByte), or -1. */
int reflow_chinese_number(const char *z, size_t nByte);

#endif
