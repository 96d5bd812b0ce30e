/*
** Csv: writing CSV fields (see csv.h).
*/
#include "csv.h"

#include <string.h>

void csv_field(Buf *b, const char *z, int bFirst) {
  if (!bFirst) buf_putc(b, ',');
  if (!z) z = "";
  int bDefuse = z[0] != 0 && strchr("=+-@\t\r", z[0]) != NULL;
  int bQuote = strpbrk(z, ",\"\r\n") != NULL;
  if (bQuote) buf_putc(b, '"');
  if (bDefuse) buf_putc(b, '\'');
  for (const char *p = z; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '"') buf_putc(b, '"');
    buf_putc(b, (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? ' ' : *p);
  }
  if (bQuote) buf_putc(b, '"');
}
