/*
** Svg map: the province drawn from a basemap, one clickable path per prefecture-level division,
** with the five economic zones as an optional outline layer (see svg.h).
**
** The basemap is text (data/geo/sichuan-prefectures.tsv, made by scripts/geo-convert.js, or the
** user's own in that format), read into a Geo here: the divisions with their name, label point
** and path text, and the path's points, which give the extent (viewBox) and the borders. Zone
** outlines come from the borders: a segment that two members of one zone share is inside the
** zone and left out, the rest is the zone's outline. That works because the converter simplifies
** every shared border once, so both neighbours carry the very same points.
**
** A GeoJSON basemap (svg_map_geojson) is projected and rounded into that same text first, so
** there is one reader of basemaps.
**
** This file does no I/O beyond data_get() and writes only through the escaping html writer; it
** must not learn about requests or the store.
*/
#include "svg.h"

#include "../base/data.h"
#include "../base/mem.h"
#include "../extract/tsv.h"
#include "html.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GEO_MARGIN 10.0 /* viewBox units around the basemap's extent */

/* One point of a ring; (kx, ky) is the point in hundredths, to compare borders exactly. */
typedef struct GeoPt {
  double x, y;      /* viewBox units */
  long long kx, ky; /* llround(x * 100), llround(y * 100) */
} GeoPt;

/* One division of the basemap. Its rings are aRing[iRing .. iRing + nRing) of the Geo. */
typedef struct GeoDiv {
  int code;              /* six-digit division code */
  const char *zName;     /* full name, not NUL-terminated, borrowed from the basemap text */
  size_t nName;          /* bytes of zName */
  double xLabel, yLabel; /* where the name goes */
  const char *zPath;     /* path data, borrowed from the basemap text */
  size_t nPath;          /* bytes of zPath */
  int iRing, nRing;      /* rings of this division */
} GeoDiv;

/* A ring: aPt[iPt .. iPt + nPt) of the Geo, closed implicitly. */
typedef struct GeoRing {
  int iPt, nPt;
} GeoRing;

/* A parsed basemap. x0 <= x1 and y0 <= y1 once a point was read. */
typedef struct Geo {
  GeoDiv *aDiv;
  size_t nDiv, nDivCap;
  GeoRing *aRing;
  size_t nRing, nRingCap;
  GeoPt *aPt;
  size_t nPt, nPtCap;
  double x0, y0, x1, y1; /* extent of every point */
} Geo;

static void geo_free(Geo *g) {
  free(g->aDiv);
  free(g->aRing);
  free(g->aPt);
  memset(g, 0, sizeof *g);
}

static void ring_begin(Geo *g) {
  MEM_GROW(g->aRing, g->nRingCap, g->nRing + 1);
  g->aRing[g->nRing].iPt = (int)g->nPt;
  g->aRing[g->nRing].nPt = 0;
  g->nRing++;
}

static void point_add(Geo *g, double x, double y) {
  MEM_GROW(g->aPt, g->nPtCap, g->nPt + 1);
  GeoPt *p = &g->aPt[g->nPt++];
  p->x = x;
  p->y = y;
  p->kx = llround(x * 100);
  p->ky = llround(y * 100);
  g->aRing[g->nRing - 1].nPt++;
  if (g->nPt == 1 || x < g->x0) g->x0 = x;
  if (g->nPt == 1 || x > g->x1) g->x1 = x;
  if (g->nPt == 1 || y < g->y0) g->y0 = y;
  if (g->nPt == 1 || y > g->y1) g->y1 = y;
}

/* Read one number of path data at z[*pi], below nByte, after separators. Returns 0 or -1. */
static int path_number(const char *z, size_t nByte, size_t *pi, double *pv) {
  size_t i = *pi;
  while (i < nByte && (z[i] == ' ' || z[i] == ',')) i++;
  if (i >= nByte || !strchr("0123456789+-.", z[i])) return -1;
  char zNum[40];
  size_t n = 0;
  /* Sign, digits, one dot, an exponent: copy what can belong to a number, strtod decides. */
  while (i + n < nByte && n < sizeof zNum - 1 && strchr("0123456789+-.eE", z[i + n])) {
    if (n > 0 && (z[i + n] == '-' || z[i + n] == '+') && z[i + n - 1] != 'e' &&
        z[i + n - 1] != 'E') {
      break;
    }
    if (z[i + n] == '.' && memchr(zNum, '.', n)) break;
    zNum[n] = z[i + n];
    n++;
  }
  zNum[n] = 0;
  char *zEnd;
  double v = strtod(zNum, &zEnd);
  if (zEnd == zNum || !isfinite(v) || fabs(v) > 1e7) return -1;
  *pi = i + (size_t)(zEnd - zNum);
  *pv = v;
  return 0;
}

/* Read path data z[0..nByte) into rings of g. Returns 0, or -1 with *piBad at the bad byte. */
static int path_parse(Geo *g, const char *z, size_t nByte, size_t *piBad) {
  size_t i = 0;
  char cmd = 0;
  double x = 0, y = 0, xStart = 0, yStart = 0;
  int bOpen = 0;
  for (;;) {
    while (i < nByte && (z[i] == ' ' || z[i] == ',')) i++;
    if (i >= nByte) break;
    if (strchr("MmLlHhVvZz", z[i])) {
      cmd = z[i++];
      if (cmd == 'Z' || cmd == 'z') {
        if (!bOpen) goto bad;
        x = xStart;
        y = yStart;
        bOpen = 0;
        cmd = 0;
        continue;
      }
    } else if (cmd == 0) {
      goto bad;
    }
    /* One set of coordinates for cmd. */
    double a = 0, c = 0;
    if (path_number(z, nByte, &i, &a)) goto bad;
    if (cmd != 'H' && cmd != 'h' && cmd != 'V' && cmd != 'v' && path_number(z, nByte, &i, &c)) {
      goto bad;
    }
    switch (cmd) {
      case 'M':
        x = a;
        y = c;
        break;
      case 'm':
        x += a;
        y += c;
        break;
      case 'L':
        x = a;
        y = c;
        break;
      case 'l':
        x += a;
        y += c;
        break;
      case 'H':
        x = a;
        break;
      case 'h':
        x += a;
        break;
      case 'V':
        y = a;
        break;
      case 'v':
        y += a;
        break;
    }
    if (cmd == 'M' || cmd == 'm') {
      ring_begin(g);
      xStart = x;
      yStart = y;
      bOpen = 1;
      cmd = cmd == 'M' ? 'L' : 'l'; /* further pairs after a moveto are linetos */
    } else if (!bOpen) {
      /* A lineto after z starts a new subpath at the closing point. */
      ring_begin(g);
      point_add(g, x, y);
      bOpen = 1;
    }
    point_add(g, x, y);
  }
  return 0;
bad:
  *piBad = i;
  return -1;
}

/* Parse basemap text z[0..nByte) into g. Returns 0 or LUOSHI_EINVAL with e filled. */
static int geo_parse(Geo *g, const char *z, size_t nByte, Err *e) {
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, nByte);
  while (tsv_next(&it, &r)) {
    long long byteAt = r.az[0] - z;
    if (r.nField < 5) {
      return err_set_at(e, LUOSHI_EINVAL, r.line, byteAt,
                        "basemap line %d: %d fields, want code, name, label x, label y, path",
                        r.line, r.nField);
    }
    int code = 0;
    int bCode = r.an[0] == 6;
    for (size_t k = 0; bCode && k < 6; k++) {
      if (r.az[0][k] < '0' || r.az[0][k] > '9')
        bCode = 0;
      else
        code = code * 10 + (r.az[0][k] - '0');
    }
    if (!bCode || code < 100000) {
      return err_set_at(e, LUOSHI_EINVAL, r.line, byteAt,
                        "basemap line %d: the code is not a six-digit division code", r.line);
    }
    double av[2];
    for (int k = 0; k < 2; k++) {
      char zNum[40];
      tsv_copy(zNum, sizeof zNum, &r, 2 + k);
      char *zEnd;
      av[k] = strtod(zNum, &zEnd);
      if (zEnd == zNum || *zEnd || r.an[2 + k] >= sizeof zNum || !isfinite(av[k]) ||
          fabs(av[k]) > 1e7 || !strchr("0123456789+-.", zNum[0])) {
        return err_set_at(e, LUOSHI_EINVAL, r.line, r.az[2 + k] - z,
                          "basemap line %d: the label %c is not a number", r.line, k ? 'y' : 'x');
      }
    }
    for (size_t i = 0; i < g->nDiv; i++) {
      if (g->aDiv[i].code == code) {
        return err_set_at(e, LUOSHI_EINVAL, r.line, byteAt,
                          "basemap line %d: division %d appears twice", r.line, code);
      }
    }
    MEM_GROW(g->aDiv, g->nDivCap, g->nDiv + 1);
    GeoDiv *d = &g->aDiv[g->nDiv++];
    d->code = code;
    d->zName = r.az[1];
    d->nName = r.an[1];
    d->xLabel = av[0];
    d->yLabel = av[1];
    d->zPath = r.az[4];
    d->nPath = r.an[4];
    d->iRing = (int)g->nRing;
    size_t iBad = 0;
    if (path_parse(g, d->zPath, d->nPath, &iBad) || g->nRing == (size_t)d->iRing) {
      return err_set_at(e, LUOSHI_EINVAL, r.line, (d->zPath - z) + (long long)iBad,
                        "basemap line %d: the path does not parse at byte %zu", r.line, iBad);
    }
    d->nRing = (int)g->nRing - d->iRing;
  }
  if (g->nDiv == 0) return err_set(e, LUOSHI_EINVAL, "basemap: no division");
  return 0;
}

const char *svg_warning_colour(const char *zWarning) {
  if (zWarning && strcmp(zWarning, "red") == 0) return "#d64541";
  if (zWarning && strcmp(zWarning, "yellow") == 0) return "#f2c94c";
  if (zWarning && strcmp(zWarning, "blue") == 0) return "#4a90d9";
  return "#6fbf73";
}

/* The short form of a division name: 成都市 → 成都, 阿坝藏族羌族自治州 → 阿坝州, 凉山彝族自治州
** → 凉山州, 某某地区 → 某某. Appends it escaped. */
static void name_short(Buf *b, const char *z, size_t nByte) {
  static const char zCity[] = "市", zPref[] = "自治州", zArea[] = "地区";
  size_t nCity = sizeof zCity - 1, nPref = sizeof zPref - 1, nArea = sizeof zArea - 1;
  if (nByte > nPref + 6 && memcmp(z + nByte - nPref, zPref, nPref) == 0) {
    html_textn(b, z, 6); /* the first two characters, three bytes each: 阿坝 */
    html_text(b, "州");
  } else if (nByte > nCity + 3 && memcmp(z + nByte - nCity, zCity, nCity) == 0) {
    html_textn(b, z, nByte - nCity);
  } else if (nByte > nArea + 3 && memcmp(z + nByte - nArea, zArea, nArea) == 0) {
    html_textn(b, z, nByte - nArea);
  } else {
    html_textn(b, z, nByte);
  }
}

static const MapFill *fill_find(const MapFill *aFill, int nFill, int code) {
  for (int i = 0; i < nFill; i++) {
    if (aFill[i].code == code) return &aFill[i];
  }
  return NULL;
}

/* ---- zones ---------------------------------------------------------------------------------- */

/* The five economic zones of the "五区协同" strategy, with their outline colours. Their members
** come from places/zones.tsv; other groups in that file (成德眉资 …) are not drawn. */
static const struct {
  const char *zName;
  const char *zColour;
} aZoneDef[] = {
    /* clang-format off */
    {"成都平原经济区", "#7b3294"},
    {"川南经济区", "#e66101"},
    {"川东北经济区", "#01665e"},
    {"攀西经济区", "#8c510a"},
    {"川西北生态示范区", "#c51b7d"},
    /* clang-format on */
};
#define N_ZONE ((int)(sizeof aZoneDef / sizeof aZoneDef[0]))

/* A border segment, its ends ordered so that both directions compare equal. */
typedef struct Seg {
  long long ax, ay, bx, by;
} Seg;

static int seg_cmp(const void *pa, const void *pb) {
  const Seg *a = pa, *b = pb;
  if (a->ax != b->ax) return a->ax < b->ax ? -1 : 1;
  if (a->ay != b->ay) return a->ay < b->ay ? -1 : 1;
  if (a->bx != b->bx) return a->bx < b->bx ? -1 : 1;
  if (a->by != b->by) return a->by < b->by ? -1 : 1;
  return 0;
}

static Seg seg_make(const GeoPt *p, const GeoPt *q) {
  Seg s;
  if (p->kx < q->kx || (p->kx == q->kx && p->ky <= q->ky)) {
    s.ax = p->kx;
    s.ay = p->ky;
    s.bx = q->kx;
    s.by = q->ky;
  } else {
    s.ax = q->kx;
    s.ay = q->ky;
    s.bx = p->kx;
    s.by = p->ky;
  }
  return s;
}

typedef struct CodeList {
  int aCode[64]; /* member division codes */
  int nCode;
} CodeList;

static void code_item(void *ctx, const char *z, size_t n) {
  CodeList *c = ctx;
  int code = 0;
  for (size_t i = 0; i < n; i++) {
    if (z[i] < '0' || z[i] > '9') return;
    code = code * 10 + (z[i] - '0');
    if (code > 999999) return;
  }
  if (c->nCode < (int)(sizeof c->aCode / sizeof c->aCode[0])) c->aCode[c->nCode++] = code;
}

/* Members of zone zName from places/zones.tsv into *c (empty when the file or row is missing). */
static void zone_members(const char *zName, CodeList *c) {
  size_t n = 0;
  const char *z = data_get("places/zones.tsv", &n);
  c->nCode = 0;
  if (!z) return;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField >= 3 && tsv_eq(&r, 0, zName)) {
      tsv_split_list(r.az[2], r.an[2], code_item, c);
      return;
    }
  }
}

static int code_in(const CodeList *c, int code) {
  for (int i = 0; i < c->nCode; i++) {
    if (c->aCode[i] == code) return 1;
  }
  return 0;
}

/* Is segment p-q in aSeg[0..nSeg) (sorted) more than once, that is a border inside the zone? */
static int seg_shared(const Seg *aSeg, size_t nSeg, const GeoPt *p, const GeoPt *q) {
  Seg s = seg_make(p, q);
  const Seg *pHit = bsearch(&s, aSeg, nSeg, sizeof *aSeg, seg_cmp);
  return pHit && ((pHit > aSeg && seg_cmp(pHit - 1, &s) == 0) ||
                  (pHit + 1 < aSeg + nSeg && seg_cmp(pHit + 1, &s) == 0));
}

#define ZONE_MIN_RUN 2.0 /* viewBox units: shorter loose pieces are slivers of the source data */

/* Append the outline of the divisions of g listed in c as path data: every segment of their
** rings except those two members share, in runs of connected segments; a run shorter than
** ZONE_MIN_RUN is left out. Returns the number of segments drawn. */
static int zone_outline(Buf *b, const Geo *g, const CodeList *c) {
  Seg *aSeg = NULL;
  size_t nSeg = 0, nSegCap = 0;
  for (size_t d = 0; d < g->nDiv; d++) {
    if (!code_in(c, g->aDiv[d].code)) continue;
    for (int r = g->aDiv[d].iRing; r < g->aDiv[d].iRing + g->aDiv[d].nRing; r++) {
      const GeoRing *pr = &g->aRing[r];
      for (int i = 0; i < pr->nPt; i++) {
        MEM_GROW(aSeg, nSegCap, nSeg + 1);
        aSeg[nSeg++] = seg_make(&g->aPt[pr->iPt + i], &g->aPt[pr->iPt + (i + 1) % pr->nPt]);
      }
    }
  }
  if (nSeg) qsort(aSeg, nSeg, sizeof *aSeg, seg_cmp);
  int nDrawn = 0;
  Buf run = BUF_INIT;
  for (size_t d = 0; d < g->nDiv; d++) {
    if (!code_in(c, g->aDiv[d].code)) continue;
    for (int r = g->aDiv[d].iRing; r < g->aDiv[d].iRing + g->aDiv[d].nRing; r++) {
      const GeoRing *pr = &g->aRing[r];
      const GeoPt *a = &g->aPt[pr->iPt];
      int n = pr->nPt;
      /* Start after a shared segment when there is one, so that no run wraps round the start. */
      int i0 = 0;
      for (int i = 0; i < n; i++) {
        if (seg_shared(aSeg, nSeg, &a[i], &a[(i + 1) % n])) {
          i0 = i + 1;
          break;
        }
      }
      double len = 0;
      int nRunSeg = 0;
      for (int k = 0; k <= n; k++) {
        int i = (i0 + k) % n;
        const GeoPt *p = &a[i], *q = &a[(i + 1) % n];
        int bEnd = k == n || seg_shared(aSeg, nSeg, p, q);
        if (bEnd) {
          if (nRunSeg && len >= ZONE_MIN_RUN) {
            buf_append(b, run.a, run.n);
            nDrawn += nRunSeg;
          }
          buf_reset(&run);
          len = 0;
          nRunSeg = 0;
          continue;
        }
        if (nRunSeg == 0) html_printf(&run, "M%.1f %.1f", p->x, p->y);
        html_printf(&run, "L%.1f %.1f", q->x, q->y);
        len += hypot(q->x - p->x, q->y - p->y);
        nRunSeg++;
      }
    }
  }
  buf_free(&run);
  free(aSeg);
  return nDrawn;
}

static void zones_draw(Buf *b, const Geo *g) {
  buf_puts(b,
           "<g class=\"zones\" fill=\"none\" stroke-width=\"3\" stroke-linejoin=\"round\" "
           "stroke-linecap=\"round\" pointer-events=\"none\">\n");
  int nShown = 0;
  int aShown[N_ZONE];
  for (int z = 0; z < N_ZONE; z++) {
    CodeList c;
    zone_members(aZoneDef[z].zName, &c);
    Buf d = BUF_INIT;
    aShown[z] = c.nCode > 0 && zone_outline(&d, g, &c) > 0;
    if (aShown[z]) {
      /* The line is twice as wide as it shows, clipped to the zone's own divisions: it runs just
      ** inside the zone, so two zones' lines sit side by side on their common border. */
      html_printf(b, "<clipPath id=\"luoshi-zone-clip%d\">", z + 1);
      for (size_t i = 0; i < g->nDiv; i++) {
        if (!code_in(&c, g->aDiv[i].code)) continue;
        html_printf(b, "<use href=\"#luoshi-div%d\"/>", g->aDiv[i].code);
      }
      html_printf(b,
                  "</clipPath>\n<path class=\"zone zone%d\" stroke=\"%s\" stroke-width=\"6\" "
                  "clip-path=\"url(#luoshi-zone-clip%d)\" d=\"",
                  z + 1, aZoneDef[z].zColour, z + 1);
      buf_append(b, d.a, d.n); /* only digits, dots, minus signs and M/L from html_printf */
      html_printf(b, "\"><title>%s</title></path>\n", aZoneDef[z].zName);
      nShown++;
    }
    buf_free(&d);
  }
  /* The legend in the bottom-left corner. */
  double row = 22, x = g->x0, y = g->y1 - nShown * row;
  if (nShown) {
    html_printf(
        b,
        "<g class=\"zone-legend\"><rect x=\"%.1f\" y=\"%.1f\" width=\"190\" height=\"%.1f\" "
        "fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"none\"/>\n",
        x - 4, y - 4, nShown * row + 8);
  }
  for (int z = 0, k = 0; z < N_ZONE; z++) {
    if (!aShown[z]) continue;
    double yRow = y + k * row + row / 2;
    html_printf(b,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" fill=\"#333333\" stroke=\"none\" font-size=\"14\" "
                "dominant-baseline=\"middle\">%s</text>\n",
                x + 2, yRow, x + 28, yRow, aZoneDef[z].zColour, x + 36, yRow, aZoneDef[z].zName);
    k++;
  }
  if (nShown) buf_puts(b, "</g>\n");
  buf_puts(b, "</g>\n");
}

/* ---- the map -------------------------------------------------------------------------------- */

int svg_map(Buf *b, const MapFill *aFill, int nFill, const char *zGeoTsv, int bZones, Err *e) {
  size_t nByte = 0;
  const char *z = zGeoTsv;
  if (z) {
    nByte = strlen(z);
  } else {
    z = data_get("geo/sichuan-prefectures.tsv", &nByte);
    if (!z)
      return err_set(e, LUOSHI_ENOTFOUND, "the basemap geo/sichuan-prefectures.tsv is missing");
  }
  Geo g;
  memset(&g, 0, sizeof g);
  int rc = geo_parse(&g, z, nByte, e);
  if (rc) {
    geo_free(&g);
    return rc;
  }
  double x0 = g.x0 - GEO_MARGIN, y0 = g.y0 - GEO_MARGIN;
  double w = g.x1 - g.x0 + 2 * GEO_MARGIN, h = g.y1 - g.y0 + 2 * GEO_MARGIN;
  html_printf(
      b,
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"%.1f %.1f %.1f %.1f\" "
      "width=\"100%%\" role=\"img\" font-family=\"sans-serif\">\n"
      "<title>%s</title>\n",
      x0, y0, w, h, "四川省 市州");
  buf_puts(b,
           "<g class=\"divs\" stroke=\"#ffffff\" stroke-width=\"1.2\" stroke-linejoin=\"round\" "
           "fill-rule=\"evenodd\">\n");
  for (size_t i = 0; i < g.nDiv; i++) {
    const GeoDiv *d = &g.aDiv[i];
    const MapFill *f = fill_find(aFill, nFill, d->code);
    int bFill = f && f->zColour && f->zColour[0];
    if (f && f->zHref) html_printf(b, "<a href=\"%s\">", f->zHref);
    html_printf(b, "<path id=\"luoshi-div%d\" class=\"div%s\" data-code=\"%d\" fill=\"%s\" d=\"",
                d->code, bFill ? "" : " nofill", d->code, bFill ? f->zColour : "#e3e5e8");
    html_textn(b, d->zPath, d->nPath);
    buf_puts(b, "\"><title>");
    if (f && f->zTitle) {
      html_text(b, f->zTitle);
    } else {
      html_textn(b, d->zName, d->nName);
      if (f && f->zLabel) html_printf(b, " %s", f->zLabel);
    }
    buf_puts(b, "</title></path>");
    if (f && f->zHref) buf_puts(b, "</a>");
    buf_putc(b, '\n');
  }
  buf_puts(b, "</g>\n");
  if (bZones) zones_draw(b, &g);
  buf_puts(
      b,
      "<g class=\"labels\" text-anchor=\"middle\" pointer-events=\"none\" fill=\"#1f2933\" "
      "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\">\n");
  for (size_t i = 0; i < g.nDiv; i++) {
    const GeoDiv *d = &g.aDiv[i];
    const MapFill *f = fill_find(aFill, nFill, d->code);
    int bSub = f && f->zLabel && f->zLabel[0];
    double y = bSub ? d->yLabel - 3 : d->yLabel + 5;
    html_printf(b, "<text class=\"name\" x=\"%.1f\" y=\"%.1f\" font-size=\"15\">", d->xLabel, y);
    name_short(b, d->zName, d->nName);
    buf_puts(b, "</text>");
    if (bSub) {
      html_printf(b, "<text class=\"sub\" x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%s</text>",
                  d->xLabel, y + 14, f->zLabel);
    }
    buf_putc(b, '\n');
  }
  buf_puts(b, "</g>\n</svg>\n");
  geo_free(&g);
  return 0;
}

/* ---- GeoJSON basemaps ----------------------------------------------------------------------- */

#define GEOJSON_MAX_POINTS 1000000
#define GEOJSON_WIDTH 1000.0 /* projected width in viewBox units */

/* The division code of feature f: properties.adcode, properties.code or the feature's id, as a
** number or a string of six digits. 0 when there is none. */
static int feature_code(json_t *f) {
  json_t *props = json_object_get(f, "properties");
  json_t *aj[] = {json_object_get(props, "adcode"), json_object_get(props, "code"),
                  json_object_get(f, "id")};
  for (size_t i = 0; i < sizeof aj / sizeof aj[0]; i++) {
    if (json_is_integer(aj[i])) {
      json_int_t v = json_integer_value(aj[i]);
      if (v >= 100000 && v <= 999999) return (int)v;
    } else if (json_is_string(aj[i]) && json_string_length(aj[i]) == 6) {
      const char *z = json_string_value(aj[i]);
      int v = 0;
      for (int k = 0; k < 6 && z[k] >= '0' && z[k] <= '9'; k++) v = v * 10 + (z[k] - '0');
      if (v >= 100000) return v;
    }
  }
  return 0;
}

/* The polygons of geometry g as a JSON array of polygons (rings of positions), or NULL. */
static json_t *geometry_polygons(json_t *g, json_t **pOwned) {
  const char *zType = json_string_value(json_object_get(g, "type"));
  json_t *c = json_object_get(g, "coordinates");
  *pOwned = NULL;
  if (!zType || !json_is_array(c)) return NULL;
  if (strcmp(zType, "MultiPolygon") == 0) return c;
  if (strcmp(zType, "Polygon") == 0) {
    *pOwned = json_pack("[O]", c);
    return *pOwned;
  }
  return NULL;
}

/* The lon/lat of position p into *pLon, *pLat; 0, or -1 when it is not two finite numbers. */
static int position_read(json_t *p, double *pLon, double *pLat) {
  json_t *x = json_array_get(p, 0), *y = json_array_get(p, 1);
  if (!json_is_number(x) || !json_is_number(y)) return -1;
  *pLon = json_number_value(x);
  *pLat = json_number_value(y);
  if (!isfinite(*pLon) || !isfinite(*pLat) || fabs(*pLat) > 90 || fabs(*pLon) > 360) return -1;
  return 0;
}

/* The projection from degrees to viewBox units. */
typedef struct Proj {
  double lon0, lat1, k, scale;
} Proj;

static void proj_apply(const Proj *pj, double lon, double lat, double *px, double *py) {
  *px = GEO_MARGIN + (lon - pj->lon0) * pj->k * pj->scale;
  *py = GEO_MARGIN + (pj->lat1 - lat) * pj->scale;
}

/* Append feature f as one basemap line to t. Returns 0, or -1 when its geometry is malformed. */
static int feature_to_tsv(Buf *t, json_t *f, int code, const Proj *pj, Err *e, size_t iFeature) {
  json_t *owned, *polys = geometry_polygons(json_object_get(f, "geometry"), &owned);
  Buf path = BUF_INIT;
  double bestArea = -1, xLabel = 0, yLabel = 0;
  size_t iPoly, iRing, iPos;
  json_t *poly, *ring, *pos;
  int rc = 0;
  json_array_foreach(polys, iPoly, poly) {
    json_array_foreach(poly, iRing, ring) {
      long long xPrev = LLONG_MIN, yPrev = LLONG_MIN, xFirst = 0, yFirst = 0;
      int nPt = 0;
      double area = 0, cx = 0, cy = 0, xLast = 0, yLast = 0;
      json_array_foreach(ring, iPos, pos) {
        double lon, lat, x, y;
        if (position_read(pos, &lon, &lat)) {
          rc = err_set(e, LUOSHI_EINVAL, "GeoJSON feature %zu: position %zu is not [lon, lat]",
                       iFeature, iPos);
          goto done;
        }
        proj_apply(pj, lon, lat, &x, &y);
        long long xt = llround(x * 10), yt = llround(y * 10); /* tenths of a unit */
        if (xt == xPrev && yt == yPrev) continue;
        if (nPt > 0 && xt == xFirst && yt == yFirst && iPos + 1 == json_array_size(ring)) {
          continue; /* the closing position repeats the first */
        }
        if (nPt == 0) {
          xFirst = xt;
          yFirst = yt;
        } else {
          double c = xLast * (double)yt / 10 - (double)xt / 10 * yLast;
          area += c;
          cx += (xLast + (double)xt / 10) * c;
          cy += (yLast + (double)yt / 10) * c;
        }
        buf_printf(&path, "%c%.1f %.1f", nPt ? 'L' : 'M', (double)xt / 10, (double)yt / 10);
        xPrev = xt;
        yPrev = yt;
        xLast = (double)xt / 10;
        yLast = (double)yt / 10;
        nPt++;
      }
      if (nPt == 0) continue;
      buf_putc(&path, 'z');
      /* Close the shoelace sums and keep the centroid of the largest ring. */
      double c = xLast * (double)yFirst / 10 - (double)xFirst / 10 * yLast;
      area += c;
      cx += (xLast + (double)xFirst / 10) * c;
      cy += (yLast + (double)yFirst / 10) * c;
      if (nPt >= 3 && fabs(area) > bestArea && fabs(area) > 1e-9) {
        bestArea = fabs(area);
        xLabel = cx / (3 * area);
        yLabel = cy / (3 * area);
      }
    }
  }
  if (path.n == 0) {
    rc = err_set(e, LUOSHI_EINVAL, "GeoJSON feature %zu: no Polygon or MultiPolygon", iFeature);
    goto done;
  }
  /* A label point given by the data (echarts "cp", DataV "center") wins over the centroid. */
  json_t *props = json_object_get(f, "properties");
  json_t *cp = json_object_get(props, "cp");
  if (!cp) cp = json_object_get(props, "center");
  double lon, lat;
  if (cp && position_read(cp, &lon, &lat) == 0) proj_apply(pj, lon, lat, &xLabel, &yLabel);
  buf_printf(t, "%d\t", code);
  const char *zName = json_string_value(json_object_get(props, "name"));
  for (const char *z = zName ? zName : ""; *z; z++)
    buf_putc(t, *z == '\t' || *z == '\n' || *z == '\r' ? ' ' : *z);
  buf_printf(t, "\t%.1f\t%.1f\t", xLabel, yLabel);
  buf_append(t, path.a, path.n);
  buf_putc(t, '\n');
done:
  buf_free(&path);
  json_decref(owned);
  return rc;
}

int svg_map_geojson(Buf *b, const MapFill *aFill, int nFill, const char *zJson, size_t nByte,
                    int bZones, Err *e) {
  Buf t = BUF_INIT;
  int rc = svg_geojson_to_tsv(zJson, nByte, &t, e);
  if (rc == 0) rc = svg_map(b, aFill, nFill, buf_str(&t), bZones, e);
  buf_free(&t);
  return rc;
}

int svg_geojson_to_tsv(const char *zJson, size_t nByte, Buf *pTsv, Err *e) {
  json_error_t jerr;
  json_t *root = json_loadb(zJson, nByte, 0, &jerr);
  if (!root) {
    return err_set_at(e, LUOSHI_EINVAL, jerr.line, jerr.position, "GeoJSON: %s", jerr.text);
  }
  int rc = 0;
  Buf t = BUF_INIT;
  json_t *features = json_object_get(root, "features");
  if (!json_is_array(features)) {
    rc = err_set(e, LUOSHI_EINVAL, "GeoJSON: not a FeatureCollection with a features array");
    goto done;
  }
  /* First pass: the extent in degrees, and the size. */
  double lon0 = 0, lon1 = 0, lat0 = 0, lat1 = 0;
  long nPos = 0;
  size_t i, iPoly, iRing, iPos;
  json_t *f, *poly, *ring, *pos;
  json_array_foreach(features, i, f) {
    if (!feature_code(f)) continue;
    json_t *owned, *polys = geometry_polygons(json_object_get(f, "geometry"), &owned);
    json_array_foreach(polys, iPoly, poly) {
      json_array_foreach(poly, iRing, ring) {
        json_array_foreach(ring, iPos, pos) {
          double lon, lat;
          if (position_read(pos, &lon, &lat)) continue; /* reported in the second pass */
          if (nPos == 0 || lon < lon0) lon0 = lon;
          if (nPos == 0 || lon > lon1) lon1 = lon;
          if (nPos == 0 || lat < lat0) lat0 = lat;
          if (nPos == 0 || lat > lat1) lat1 = lat;
          nPos++;
        }
      }
    }
    json_decref(owned);
  }
  if (nPos > GEOJSON_MAX_POINTS) {
    rc = err_set(e, LUOSHI_ETOOBIG, "GeoJSON: %ld positions, at most %d", nPos, GEOJSON_MAX_POINTS);
    goto done;
  }
  if (nPos == 0) {
    rc = err_set(e, LUOSHI_EINVAL, "GeoJSON: no feature with a six-digit adcode and a polygon");
    goto done;
  }
  Proj pj;
  pj.lon0 = lon0;
  pj.lat1 = lat1;
  pj.k = cos((lat0 + lat1) / 2 * M_PI / 180);
  pj.scale = lon1 > lon0 ? (GEOJSON_WIDTH - 2 * GEO_MARGIN) / ((lon1 - lon0) * pj.k) : 1;
  /* Second pass: one basemap line per feature with a code. */
  json_array_foreach(features, i, f) {
    int code = feature_code(f);
    if (!code) continue;
    rc = feature_to_tsv(&t, f, code, &pj, e, i);
    if (rc) goto done;
  }
  buf_append(pTsv, t.a ? t.a : "", t.n);
done:
  buf_free(&t);
  json_decref(root);
  return rc;
}
