/* Xml: see xml.h. */
#include "xml.h"

void xml_text(Buf *b, const char *z) {
  if (!z) return;
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    switch (*p) {
      case '&': buf_puts(b, "&amp;"); break;
      case '<': buf_puts(b, "&lt;"); break;
      case '>': buf_puts(b, "&gt;"); break;
      case '"': buf_puts(b, "&quot;"); break;
      case '\'': buf_puts(b, "&apos;"); break;
      default:
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F) {
          buf_puts(b, "\xEF\xBF\xBD");
        } else if (*p == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
          buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFE, U+FFFF are not XML characters */
          p += 2;
        } else {
          buf_putc(b, (char)*p);
        }
    }
  }
}
