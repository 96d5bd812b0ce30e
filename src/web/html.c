/*
** Html: escaping writer (see html.h). The format parser understands the conversions luoshi's
** pages use; anything else in a format is a programmer error caught by assert.
*/
#include "html.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Is z[i..nByte) a bidi embedding/override/isolate control (U+202A–U+202E, U+2066–U+2069)? */
static int bidi_control(const char *z, size_t i, size_t nByte) {
  if (i + 2 >= nByte || (unsigned char)z[i] != 0xE2) return 0;
  unsigned char b1 = (unsigned char)z[i + 1], b2 = (unsigned char)z[i + 2];
  return (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
}

void html_textn(Buf *b, const char *z, size_t nByte) {
  size_t i, start = 0;
  for (i = 0; i < nByte; i++) {
    const char *zEnt = NULL;
    size_t nSkip = 1;
    unsigned char c = (unsigned char)z[i];
    switch (c) {
      case '&': zEnt = "&amp;"; break;
      case '<': zEnt = "&lt;"; break;
      case '>': zEnt = "&gt;"; break;
      case '"': zEnt = "&quot;"; break;
      case '\'': zEnt = "&#39;"; break;
      default:
        /* Control characters are not text in HTML (C0, DEL, and the C1 range U+0080–U+009F,
        ** C2 80..C2 9F), and a bidi override planted in a title would turn the rest of the
        ** line around: all are shown as U+FFFD. */
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
          zEnt = "\xEF\xBF\xBD";
        } else if (c == 0xC2 && i + 1 < nByte && (unsigned char)z[i + 1] <= 0x9F &&
                   (unsigned char)z[i + 1] >= 0x80) {
          zEnt = "\xEF\xBF\xBD";
          nSkip = 2;
        } else if (bidi_control(z, i, nByte)) {
          zEnt = "\xEF\xBF\xBD";
          nSkip = 3;
        } else {
          continue;
        }
    }
    buf_append(b, z + start, i - start);
    buf_puts(b, zEnt);
    start = i + nSkip;
    i += nSkip - 1;
  }
  buf_append(b, z + start, nByte - start);
}

void html_text(Buf *b, const char *z) {
  if (z) html_textn(b, z, strlen(z));
}

void html_url(Buf *b, const char *z) {
  static const char hex[] = "0123456789ABCDEF";
  for (; z && *z; z++) {
    unsigned char c = (unsigned char)*z;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      buf_putc(b, (char)c);
    } else {
      buf_putc(b, '%');
      buf_putc(b, hex[c >> 4]);
      buf_putc(b, hex[c & 15]);
    }
  }
}

/* zSpec is one conversion taken from a literal format that the compiler checked. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void html_printf(Buf *b, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  const char *z = zFmt;
  while (*z) {
    const char *zPct = strchr(z, '%');
    if (!zPct) {
      buf_puts(b, z);
      break;
    }
    buf_append(b, z, (size_t)(zPct - z));
    /* One conversion: flags, width, precision, length, type. */
    char zSpec[32];
    size_t n = 0;
    const char *p = zPct + 1;
    zSpec[n++] = '%';
    while (*p && strchr("-+ #0123456789.", *p) && n < sizeof zSpec - 4) zSpec[n++] = *p++;
    int nLong = 0, bSize = 0;
    while (*p == 'l' || *p == 'z') {
      if (*p == 'l') nLong++;
      else bSize = 1;
      zSpec[n++] = *p++;
    }
    char type = *p;
    assert(type && n < sizeof zSpec - 2);
    zSpec[n++] = type;
    zSpec[n] = 0;
    char zNum[64];
    switch (type) {
      case '%': buf_putc(b, '%'); break;
      case 's': html_text(b, va_arg(ap, const char *)); break;
      case 'c': {
        char c = (char)va_arg(ap, int);
        html_textn(b, &c, 1);
        break;
      }
      case 'd': case 'i': case 'u': case 'x':
        if (bSize) snprintf(zNum, sizeof zNum, zSpec, va_arg(ap, size_t));
        else if (nLong >= 2) snprintf(zNum, sizeof zNum, zSpec, va_arg(ap, long long));
        else if (nLong == 1) snprintf(zNum, sizeof zNum, zSpec, va_arg(ap, long));
        else snprintf(zNum, sizeof zNum, zSpec, va_arg(ap, int));
        buf_puts(b, zNum);
        break;
      case 'f': case 'g': case 'e':
        snprintf(zNum, sizeof zNum, zSpec, va_arg(ap, double));
        buf_puts(b, zNum);
        break;
      default: assert(!"html_printf: unsupported conversion"); break;
    }
    z = p + 1;
  }
  va_end(ap);
}
