/*
** Html: the one writer of HTML (and SVG) in luoshi. Every inserted value is escaped.
**
** Markup comes only from string literals: html_printf's format is raw, and each %s argument is
** escaped (& < > " ' become entities), so a title, a unit name or a planted <script> can never
** change the page's structure. Numbers are formatted as printf would. Nothing here knows about
** requests or the database; it writes into a Buf.
*/
#ifndef LUOSHI_WEB_HTML_H
#define LUOSHI_WEB_HTML_H

#include "../base/buf.h"

#include <stddef.h>

/* Append z with & < > " ' escaped; control characters (but tab and line ends) and bidi
** override controls become U+FFFD. NULL appends nothing. */
void html_text(Buf *b, const char *z);
/* Append z[0..nByte) escaped. */
void html_textn(Buf *b, const char *z, size_t nByte);
/* Append formatted text: zFmt (a literal) is copied raw, every %s argument is escaped, other
** conversions (d i u x ld lld zu f g c %) are formatted as printf does. %s with NULL writes
** nothing. */
void html_printf(Buf *b, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
/* Append z percent-encoded for a URL query value or path segment (unreserved bytes kept). */
void html_url(Buf *b, const char *z);

#endif
