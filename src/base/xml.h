/*
** Xml: text escaped for XML 1.0 (element content and attribute values): & < > " ' become the
** five predefined entities, and characters XML 1.0 forbids (control characters but tab and
** line ends) become U+FFFD, so no value can end an element, a CDATA section or the document.
** Used by the .docx writer (src/text/docx_write.c); HTML has its own writer (src/web/html.c).
*/
#ifndef LUOSHI_BASE_XML_H
#define LUOSHI_BASE_XML_H

#include "buf.h"

/* Append z escaped; NULL appends nothing. */
void xml_text(Buf *b, const char *z);

#endif
