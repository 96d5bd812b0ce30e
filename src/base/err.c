/*
** Err: recording a recoverable error with its place (see err.h).
*/
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

__attribute__((format(printf, 5, 0))) static void err_vset(Err *e, int code, long line,
                                                            long long byte, const char *zFmt,
                     va_list ap) {
  e->code = code;
  e->line = line;
  e->byte = byte;
  vsnprintf(e->zMsg, sizeof e->zMsg, zFmt, ap);
}

int err_set(Err *e, int code, const char *zFmt, ...) {
  if (e) {
    va_list ap;
    va_start(ap, zFmt);
    err_vset(e, code, 0, -1, zFmt, ap);
    va_end(ap);
  }
  return code;
}

int err_set_at(Err *e, int code, long line, long long byte, const char *zFmt, ...) {
  if (e) {
    va_list ap;
    va_start(ap, zFmt);
    err_vset(e, code, line, byte, zFmt, ap);
    va_end(ap);
  }
  return code;
}

void err_clear(Err *e) {
  e->code = 0;
  e->line = 0;
  e->byte = -1;
  e->zMsg[0] = 0;
}
