/*
** friso_seg: the peer that `make bench` measures luoshi against.
**
** Segments a whole UTF-8 text file with Debian's libfriso (the MMSEG word splitter behind
** RediSearch's Chinese tokenizer) and prints one line of figures:
**
**   friso mode=M tokens=N lines=N bytes=N load_s=S seg_s=S seg_cpu_s=S mbps=X
**
** The file is read into memory once and cut into lines in place before the clock starts; the
** dictionary is loaded from friso.ini (argument 2, default /etc/friso/friso.ini from libfriso0)
** before the clock starts too. Argument 3 overrides the ini's friso.mode: 1 simple (maximum
** matching), 2 complex (the four MMSEG rules; Debian's default), 3 detect. Only the
** segmenting loop is timed (CLOCK_MONOTONIC): every non-empty line is handed to friso_set_text
** and drained through config->next_token. seg_s is wall time, seg_cpu_s the process's CPU
** time over the same loop (CLOCK_PROCESS_CPUTIME_ID, immune to other load on the machine).
** mbps is the bytes of the whole file (newlines included) over seg_s, in MB of 2^20 bytes, the
** unit bench/run.sh uses everywhere.
**
** A benchmark helper, built by bench/run.sh with cc into build/bench/; it is not part of
** luoshi and includes nothing from src/. Exit status: 0 ok, 1 unreadable file or friso.ini,
** 2 usage.
*/
#include <friso.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds on clock `clk` (CLOCK_MONOTONIC for wall time, CLOCK_PROCESS_CPUTIME_ID for CPU). */
static double clock_seconds(clockid_t clk) {
  struct timespec ts;
  clock_gettime(clk, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads the whole of zPath into a NUL-terminated heap buffer, which the caller frees; sets
** *pnByte to its length. Returns NULL (with errno set) when the file cannot be read. */
static char *read_all(const char *zPath, size_t *pnByte) {
  FILE *f = fopen(zPath, "rb");
  if (!f) return NULL;
  size_t nCap = (size_t)1 << 20, nByte = 0;
  char *z = malloc(nCap + 1);
  if (!z) abort();
  for (;;) {
    if (nByte == nCap) {
      nCap *= 2;
      z = realloc(z, nCap + 1);
      if (!z) abort();
    }
    size_t nGot = fread(z + nByte, 1, nCap - nByte, f);
    nByte += nGot;
    if (nGot == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(z);
    errno = EIO;
    return NULL;
  }
  z[nByte] = 0;
  *pnByte = nByte;
  return z;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: friso_seg FILE [FRISO_INI [MODE]]\n");
    return 2;
  }
  const char *zIni = argc >= 3 ? argv[2] : "/etc/friso/friso.ini";
  long mode = 0;
  if (argc == 4) {
    char *zEnd;
    mode = strtol(argv[3], &zEnd, 10);
    if (*zEnd || mode < 1 || mode > 3) {
      fprintf(stderr, "friso_seg: MODE is 1 (simple), 2 (complex) or 3 (detect)\n");
      return 2;
    }
  }
  size_t nByte = 0;
  char *zText = read_all(argv[1], &nByte);
  if (!zText) {
    fprintf(stderr, "friso_seg: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }

  /* Cut into lines in place: aLine[i] points at a NUL-terminated line. */
  size_t nLine = 0, nLineCap = 1024;
  char **aLine = malloc(nLineCap * sizeof *aLine);
  if (!aLine) abort();
  for (char *p = zText; *p;) {
    char *zEnd = strchr(p, '\n');
    if (zEnd) {
      *zEnd = 0;
      if (zEnd > p && zEnd[-1] == '\r') zEnd[-1] = 0;
    }
    if (*p) {
      if (nLine == nLineCap) {
        nLineCap *= 2;
        aLine = realloc(aLine, nLineCap * sizeof *aLine);
        if (!aLine) abort();
      }
      aLine[nLine++] = p;
    }
    if (!zEnd) break;
    p = zEnd + 1;
  }

  double tLoad0 = clock_seconds(CLOCK_MONOTONIC);
  friso_t friso = friso_new();
  friso_config_t config = friso_new_config();
  if (friso_init_from_ifile(friso, config, (fstring)zIni) != 1) {
    fprintf(stderr, "friso_seg: cannot load the friso configuration %s\n", zIni);
    return 1;
  }
  if (mode) friso_set_mode(config, (friso_mode_t)mode);
  friso_task_t task = friso_new_task();
  double tLoad = clock_seconds(CLOCK_MONOTONIC) - tLoad0;

  unsigned long long nToken = 0;
  double t0 = clock_seconds(CLOCK_MONOTONIC);
  double c0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
  for (size_t i = 0; i < nLine; i++) {
    friso_set_text(task, aLine[i]);
    while (config->next_token(friso, config, task) != NULL) nToken++;
  }
  double tSeg = clock_seconds(CLOCK_MONOTONIC) - t0;
  double cSeg = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;

  printf("friso mode=%d tokens=%llu lines=%zu bytes=%zu load_s=%.3f seg_s=%.3f seg_cpu_s=%.3f "
         "mbps=%.2f\n", (int)config->mode, nToken, nLine, nByte, tLoad, tSeg, cSeg,
         tSeg > 0 ? (double)nByte / 1048576.0 / tSeg : 0.0);

  friso_free_task(task);
  friso_free_config(config);
  friso_free(friso);
  free(aLine);
  free(zText);
  return 0;
}
