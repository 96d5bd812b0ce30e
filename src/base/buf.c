/*
** Buf: growable byte buffer (see buf.h).
*/
#include "buf.h"

#include "mem.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

void buf_reserve(Buf *b, size_t nByte) {
  if (b->n + nByte + 1 > b->cap) {
    /* Double for small appends; take exactly what a large reservation asks (a whole file). */
    size_t need = b->n + nByte + 1;
    size_t cap = b->cap ? b->cap * 2 : 64;
    if (cap < need) cap = need;
    b->a = xrealloc(b->a, cap);
    b->cap = cap;
  }
}

void buf_append(Buf *b, const void *z, size_t nByte) {
  buf_reserve(b, nByte);
  if (nByte) memcpy(b->a + b->n, z, nByte);
  b->n += nByte;
  b->a[b->n] = 0;
}

void buf_puts(Buf *b, const char *z) { buf_append(b, z, strlen(z)); }

void buf_putc(Buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(Buf *b, const char *zFmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  char small[256];
  int n = vsnprintf(small, sizeof small, zFmt, ap);
  if (n < 0) {
    va_end(ap2);
    return;
  }
  if ((size_t)n < sizeof small) {
    buf_append(b, small, (size_t)n);
  } else {
    buf_reserve(b, (size_t)n);
    vsnprintf(b->a + b->n, (size_t)n + 1, zFmt, ap2);
    b->n += (size_t)n;
  }
  va_end(ap2);
}

void buf_printf(Buf *b, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(b, zFmt, ap);
  va_end(ap);
}

const char *buf_str(Buf *b) { return b->a ? b->a : ""; }

char *buf_take(Buf *b) {
  char *z = b->a ? b->a : xstrdup("");
  b->a = NULL;
  b->n = b->cap = 0;
  return z;
}

void buf_reset(Buf *b) {
  b->n = 0;
  if (b->a) b->a[0] = 0;
}

void buf_free(Buf *b) {
  free(b->a);
  b->a = NULL;
  b->n = b->cap = 0;
}

int buf_read_file(Buf *b, const char *zPath, size_t nMax) {
  FILE *f = fopen(zPath, "rb");
  if (f == NULL) return -1;
  struct stat st;
  if (fstat(fileno(f), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      fclose(f);
      errno = EISDIR;
      return -1;
    }
    if (S_ISREG(st.st_mode)) {
      if ((unsigned long long)st.st_size > nMax) {
        fclose(f);
        errno = EFBIG;
        return -1;
      }
      buf_reserve(b, (size_t)st.st_size);
    }
  }
  char chunk[65536];
  size_t got;
  size_t total = 0;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    total += got;
    if (total > nMax) {
      fclose(f);
      errno = EFBIG;
      return -1;
    }
    buf_append(b, chunk, got);
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    errno = EIO;
    return -1;
  }
  if (b->a == NULL) buf_append(b, "", 0);
  return 0;
}
