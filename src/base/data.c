/*
** Data: embedded reference files with user overrides (see data.h).
**
** Override files are read once and kept for the life of the process, like the embedded ones.
*/
#include "data.h"

#include "buf.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

typedef struct Embedded {
  const char *zName;
  const unsigned char *z;
  size_t n;
} Embedded;

extern const Embedded embedded_files[];

static const char *g_zDir;

/* Override files read so far, kept for the life of the process (and reachable, so that leak
** checkers see them as held, not lost). */
typedef struct Loaded {
  struct Loaded *pNext;
  char *zName;
  char *z;
  size_t n;
} Loaded;
static Loaded *g_pLoaded;

void data_set_dir(const char *zDir) { g_zDir = zDir; }

const char *data_get(const char *zName, size_t *pnByte) {
  const char *zDir = g_zDir ? g_zDir : getenv("LUOSHI_DATA");
  for (Loaded *l = g_pLoaded; l; l = l->pNext) {
    if (strcmp(l->zName, zName) == 0) {
      *pnByte = l->n;
      return l->z;
    }
  }
  if (zDir && *zDir) {
    Buf path = BUF_INIT;
    buf_printf(&path, "%s/%s", zDir, zName);
    Buf content = BUF_INIT;
    int rc = buf_read_file(&content, buf_str(&path), (size_t)256 << 20);
    buf_free(&path);
    if (rc == 0) {
      Loaded *l = xmalloc(sizeof(Loaded));
      l->zName = xstrdup(zName);
      l->n = content.n;
      l->z = buf_take(&content);
      l->pNext = g_pLoaded;
      g_pLoaded = l;
      *pnByte = l->n;
      return l->z;
    }
    buf_free(&content);
  }
  for (const Embedded *e = embedded_files; e->zName; e++) {
    if (strcmp(e->zName, zName) == 0) {
      *pnByte = e->n;
      return (const char *)e->z;
    }
  }
  return NULL;
}
