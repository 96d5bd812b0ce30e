/*
** Doc: blocks, diagnostics and provenance mapping (see doc.h).
*/
#include "doc.h"

#include "../base/buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void doc_init(Doc *d, const Text *t) {
  memset(d, 0, sizeof *d);
  arena_init(&d->arena);
  d->pText = t;
}

void doc_free(Doc *d) {
  free(d->aBlock);
  free(d->aDiag);
  arena_free(&d->arena);
  memset(d, 0, sizeof *d);
}

Block *doc_block_new(Doc *d) {
  if (d->nBlock + 1 > d->nBlockCap) {
    /* grow by half: a large text has tens of thousands of blocks */
    d->nBlockCap = d->nBlockCap ? d->nBlockCap + d->nBlockCap / 2 : 64;
    d->aBlock = xrealloc(d->aBlock, sizeof(Block) * (size_t)d->nBlockCap);
  }
  Block *b = &d->aBlock[d->nBlock++];
  memset(b, 0, sizeof *b);
  b->id = d->nBlock;
  return b;
}

void doc_diag(Doc *d, DiagSeverity sev, int a, int b, const char *zFmt, ...) {
  size_t cap = (size_t)d->nDiagCap;
  MEM_GROW(d->aDiag, cap, (size_t)d->nDiag + 1);
  d->nDiagCap = (int)cap;
  Buf m = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vprintf(&m, zFmt, ap);
  va_end(ap);
  Diag *g = &d->aDiag[d->nDiag++];
  g->severity = sev;
  g->zMsg = arena_strndup(&d->arena, buf_str(&m), m.n);
  g->lineFirst = a;
  g->lineLast = b;
  buf_free(&m);
}

int block_is_content(const Block *b) {
  return b->kind == BLOCK_PARAGRAPH || b->kind == BLOCK_HEADING || b->kind == BLOCK_TITLE;
}

/* Source offset in Text.z of text offset i, looking in the segments; for an offset that falls
** between segments, the start of the next segment (bEnd: the end of the previous one). */
static size_t seg_src(const Block *b, size_t i, int bEnd) {
  if (b->nSeg == 0) return b->iSrcStart;
  int lo = 0, hi = b->nSeg - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (b->aSeg[mid].iText <= i) lo = mid;
    else hi = mid - 1;
  }
  const Seg *s = &b->aSeg[lo];
  if (i < s->iText) return s->iSrc;
  if (i <= s->iText + s->nByte) {
    if (bEnd && i == s->iText && lo > 0) {
      const Seg *p = &b->aSeg[lo - 1];
      return p->iSrc + p->nByte;
    }
    return s->iSrc + (i - s->iText);
  }
  /* In a gap after segment lo (an inserted space). */
  if (bEnd || lo + 1 >= b->nSeg) return s->iSrc + s->nByte;
  return b->aSeg[lo + 1].iSrc;
}

void block_range_src(const Doc *d, const Block *b, size_t iStart, size_t iEnd, int *pLineFirst,
                     int *pLineLast, size_t *piSrcStart, size_t *piSrcEnd) {
  size_t s = seg_src(b, iStart, 0);
  size_t e = seg_src(b, iEnd, 1);
  if (e < s) e = s;
  *piSrcStart = s;
  *piSrcEnd = e;
  *pLineFirst = text_line_of(d->pText, s);
  *pLineLast = text_line_of(d->pText, e > s ? e - 1 : s);
}

const char *block_kind_name(BlockKind k) {
  switch (k) {
    case BLOCK_PARAGRAPH: return "paragraph";
    case BLOCK_HEADING: return "heading";
    case BLOCK_TITLE: return "title";
    case BLOCK_RUNNING_TITLE: return "running-title";
    case BLOCK_PAGE_MARKER: return "page-marker";
  }
  return "?";
}

const char *heading_level_name(HeadingLevel l) {
  switch (l) {
    case LEVEL_NONE: return NULL;
    case LEVEL_SECTION: return "section";
    case LEVEL_SUBSECTION: return "subsection";
    case LEVEL_MEASURE: return "measure";
    case LEVEL_ITEM: return "item";
    case LEVEL_POINT: return "point";
  }
  return NULL;
}

const char *diag_severity_name(DiagSeverity s) {
  switch (s) {
    case DIAG_INFO: return "info";
    case DIAG_WARNING: return "warning";
    case DIAG_ERROR: return "error";
  }
  return "?";
}
