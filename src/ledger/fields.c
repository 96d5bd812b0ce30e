/*
** Free-text fields (see fields.h).
*/
#include "fields.h"

#include "../base/utf8.h"

#include <string.h>

int field_check(const char *z, size_t nMax, int lines, int required, const char *zWhat, Err *e) {
  size_t n = z ? strlen(z) : 0;
  if (n == 0) return required ? err_set(e, LUOSHI_EINVAL, "%s is required", zWhat) : 0;
  if (n > nMax) {
    return err_set(e, LUOSHI_EINVAL, "%s is at most %zu bytes (this one is %zu)", zWhat, nMax, n);
  }
  size_t bad = utf8_invalid_offset((const unsigned char *)z, n);
  if (bad < n) return err_set(e, LUOSHI_EINVAL, "%s is not UTF-8 (byte %zu)", zWhat, bad + 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)z[i];
    int allowed = lines && (c == '\n' || c == '\t' || c == '\r');
    if ((c < 0x20 || c == 0x7f) && !allowed) {
      return err_set(e, LUOSHI_EINVAL, "%s holds a control character (byte %zu)", zWhat, i + 1);
    }
  }
  return 0;
}
