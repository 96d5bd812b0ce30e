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
#include <unistd.h>

void buf_reserve(Buf *b, size_t nByte) {
  if (b->n + nByte + 1 > b->cap) {
    /* Double for small appends; take exactly what a large reservation asks (a whole file). */
    size_t need = b->n + nByte + 1;
    size_t cap = b->cap ? b->cap * 2 : 64;
    if (cap < need) cap = need;
    b->a = xrealloc(b->a, cap);
    b->cap = cap;
    b->a[b->n] = 0;  /* a first allocation holds no string yet: keep the NUL at a[n] */
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
  /* read(2) straight into the buffer (a regular file's whole size is reserved above), not
  ** through stdio and a chunk copied again; the chunk only takes what comes past the room. */
  int fd = fileno(f);
  char chunk[65536];
  size_t total = 0;
  for (;;) {
    size_t room = b->cap > b->n + 1 ? b->cap - b->n - 1 : 0;
    ssize_t got = room ? read(fd, b->a + b->n, room) : read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      fclose(f);
      errno = EIO;
      return -1;
    }
    if (got == 0) break;
    total += (size_t)got;
    if (total > nMax) {
      fclose(f);
      errno = EFBIG;
      return -1;
    }
    if (room) {
      b->n += (size_t)got;
      b->a[b->n] = 0;
    } else {
      buf_append(b, chunk, (size_t)got);
    }
  }
  fclose(f);
  if (b->a == NULL) buf_append(b, "", 0);
  return 0;
}
