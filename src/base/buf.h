/*
** Buf: the one growable byte buffer of luoshi (after Fossil's Blob and git's strbuf).
**
** A Buf is passed by pointer and appended to; appends never hand back a new pointer. The bytes
** are always NUL-terminated after n, so a Buf's content can be used as a C string when it holds
** no NUL. Zero-initialised (BUF_INIT) is an empty buffer.
*/
#ifndef LUOSHI_BASE_BUF_H
#define LUOSHI_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct Buf {
  char *a;      /* the bytes, NUL-terminated at a[n]; NULL while nothing was appended */
  size_t n;     /* bytes in use */
  size_t cap;   /* bytes allocated */
} Buf;

#define BUF_INIT {0, 0, 0}

/* Append nByte bytes from z. */
void buf_append(Buf *b, const void *z, size_t nByte);
/* Append the NUL-terminated string z. */
void buf_puts(Buf *b, const char *z);
/* Append one byte. */
void buf_putc(Buf *b, char c);
/* Append formatted text, as printf. */
void buf_printf(Buf *b, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *zFmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Make room for nByte more bytes without changing n. */
void buf_reserve(Buf *b, size_t nByte);
/* The content as a C string (never NULL); borrowed until the next change to b. */
const char *buf_str(Buf *b);
/* Hand the bytes to the caller (who frees them); b is empty afterwards. Never NULL. */
char *buf_take(Buf *b);
/* Forget the content, keep the memory. */
void buf_reset(Buf *b);
/* Free the memory; b is empty and usable afterwards. */
void buf_free(Buf *b);

/* Read a whole file into b (appending). Returns 0, or -1 with errno set. At most nMax bytes are
** read; a larger file fails with errno EFBIG. */
int buf_read_file(Buf *b, const char *zPath, size_t nMax);

#endif
