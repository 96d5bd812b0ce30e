/*
** Err: how a recoverable error travels back to the caller (after libuv and SQLite).
**
** Functions that can fail on external data return an int (0 for success, a negative LUOSHI_E*
** code otherwise) and, when the caller passes a non-NULL Err *, fill it with a message and the
** place of the problem in the input. assert() is for programmer errors only.
*/
#ifndef LUOSHI_BASE_ERR_H
#define LUOSHI_BASE_ERR_H

#include <stddef.h>

enum {
  LUOSHI_OK = 0,
  LUOSHI_EINVAL = -1,   /* bad input: the message says what and where */
  LUOSHI_EIO = -2,      /* a file or the database could not be read or written */
  LUOSHI_ENOTFOUND = -3,/* the thing asked for does not exist */
  LUOSHI_ETOOBIG = -4,  /* input over a configured limit */
  LUOSHI_ECONFLICT = -5,/* the change conflicts with what is stored */
  LUOSHI_EDENIED = -6   /* the caller may not do this */
};

typedef struct Err {
  int code;          /* a LUOSHI_E* code, 0 when no error was set */
  long line;         /* 1-based source line of the problem, 0 when not about a line */
  long long byte;    /* 0-based byte offset of the problem, -1 when not about a byte */
  char zMsg[512];    /* the message, NUL-terminated, in English */
} Err;

/* Record an error in e (if e is not NULL) and return code. */
int err_set(Err *e, int code, const char *zFmt, ...) __attribute__((format(printf, 3, 4)));
/* As err_set, naming a line and byte offset in the input. */
int err_set_at(Err *e, int code, long line, long long byte, const char *zFmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Reset e to "no error". */
void err_clear(Err *e);

#endif
