/*
** Svg chart: the trajectory line chart of a target (planned path against reported values) and
** the dashboard's horizontal progress bars (see svg.h), with the small text helper the svg files
** share.
**
** Axes use "nice" ticks (1, 2 or 5 times a power of ten, after Heckbert's Graphics Gems
** algorithm); years on the x axis stay whole. Pure: no I/O, no store; every value goes through
** the escaping html writer.
*/
#include "svg.h"

#include "../base/mem.h"
#include "../base/utf8.h"
#include "html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define C_WIDTH 640.0
#define C_HEIGHT 340.0
#define C_LEFT 64.0 /* plot area */
#define C_RIGHT 620.0
#define C_TOP 48.0
#define C_BOTTOM 300.0

void svg__text_cut(Buf *b, const char *z, size_t nCharMax) {
  if (!z) return;
  size_t nByte = strlen(z), i = 0, nChar = 0;
  while (i < nByte && nChar < nCharMax) {
    uint32_t cp;
    i += (size_t)utf8_decode((const unsigned char *)z + i, nByte - i, &cp);
    nChar++;
  }
  html_textn(b, z, i);
  if (i < nByte) buf_puts(b, "…");
}

static const char *const azDefaultColour[] = {"#4a90d9", "#d64541", "#2f9e44", "#f2994a",
                                              "#9b51e0"};

/* A "nice" number near x: 1, 2, 5 or 10 times a power of ten, rounded or not below x. */
static double nice_num(double x, int bRound) {
  double ex = floor(log10(x));
  double f = x / pow(10, ex), nf;
  if (bRound)
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nf * pow(10, ex);
}

/* An axis: [lo, hi] with ticks every step from lo; nDec decimals on the labels. */
typedef struct Axis {
  double lo, hi, step;
  int nDec;
} Axis;

static void axis_nice(Axis *a, double lo, double hi, int bWhole) {
  if (hi - lo < 1e-9) {
    double d = fabs(lo) > 1 ? fabs(lo) * 0.1 : 1;
    lo -= d;
    hi += d;
  }
  double step = nice_num(nice_num(hi - lo, 0) / 4, 1);
  if (bWhole && step < 1) step = 1;
  a->lo = floor(lo / step) * step;
  a->hi = ceil(hi / step) * step;
  a->step = step;
  a->nDec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
  if (a->nDec > 3) a->nDec = 3;
}

static void num_put(Buf *b, double v, int nDec) {
  if (fabs(v) < 1e-12) v = 0; /* no "-0" */
  switch (nDec) {
    case 0:
      html_printf(b, "%.0f", v);
      break;
    case 1:
      html_printf(b, "%.1f", v);
      break;
    case 2:
      html_printf(b, "%.2f", v);
      break;
    default:
      html_printf(b, "%.3f", v);
      break;
  }
}

static double axis_pos(const Axis *a, double v, double p0, double p1) {
  return p0 + (p1 - p0) * (v - a->lo) / (a->hi - a->lo);
}

/* Indices of the finite points of s, sorted by x; the caller frees. Returns the count. */
static int series_points(const ChartSeries *s, int **paIdx) {
  int *a = xmalloc(sizeof(int) * (size_t)(s->n > 0 ? s->n : 1));
  int n = 0;
  for (int i = 0; i < s->n; i++) {
    if (!s->aX || !s->aY || !isfinite(s->aX[i]) || !isfinite(s->aY[i])) continue;
    int j = n++;
    while (j > 0 && s->aX[a[j - 1]] > s->aX[i]) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = i;
  }
  *paIdx = a;
  return n;
}

int svg_line_chart(Buf *b, const ChartSeries *a, int n, const char *zUnit, Err *e) {
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  int nPoint = 0, bYears = 1;
  for (int s = 0; s < n; s++) {
    for (int i = 0; i < a[s].n; i++) {
      if (!a[s].aX || !a[s].aY) break;
      double x = a[s].aX[i], y = a[s].aY[i];
      if (!isfinite(x) || !isfinite(y)) continue;
      if (nPoint == 0 || x < x0) x0 = x;
      if (nPoint == 0 || x > x1) x1 = x;
      if (nPoint == 0 || y < y0) y0 = y;
      if (nPoint == 0 || y > y1) y1 = y;
      if (x != floor(x) || x < 1900 || x > 2200) bYears = 0;
      nPoint++;
    }
  }
  if (nPoint == 0) {
    html_printf(
        b,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart empty\" viewBox=\"0 0 %.0f 80\" "
        "width=\"100%%\" role=\"img\" font-family=\"sans-serif\"><title>%s</title>"
        "<rect x=\"1\" y=\"1\" width=\"%.0f\" height=\"78\" fill=\"none\" stroke=\"#cbd2d9\"/>"
        "<text x=\"%.0f\" y=\"45\" text-anchor=\"middle\" font-size=\"14\" fill=\"#7b8794\">%s"
        "</text></svg>\n",
        C_WIDTH, "暂无数据 · no data", C_WIDTH - 2, C_WIDTH / 2, "暂无数据 · no data");
    return 0;
  }
  if (y0 >= 0 && y0 < 0.5 * y1) y0 = 0;
  Axis ax, ay;
  axis_nice(&ax, x0, x1, bYears);
  axis_nice(&ay, y0, y1, 0);
  if (bYears) ax.nDec = 0;

  html_printf(b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\" "
              "width=\"100%%\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>",
              C_WIDTH, C_HEIGHT);
  for (int s = 0; s < n; s++) html_printf(b, "%s%s", s ? " / " : "", a[s].zName);
  if (zUnit) html_printf(b, " (%s)", zUnit);
  buf_puts(b, "</title>\n");

  /* Grid and tick labels. */
  buf_puts(b, "<g class=\"axis\" fill=\"#52606d\">\n");
  for (double v = ay.lo; v <= ay.hi + ay.step * 1e-6; v += ay.step) {
    double y = axis_pos(&ay, v, C_BOTTOM, C_TOP);
    html_printf(b,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e7eb\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\">",
                C_LEFT, y, C_RIGHT, y, C_LEFT - 6, y);
    num_put(b, v, ay.nDec);
    buf_puts(b, "</text>\n");
  }
  for (double v = ax.lo; v <= ax.hi + ax.step * 1e-6; v += ax.step) {
    double x = axis_pos(&ax, v, C_LEFT, C_RIGHT);
    html_printf(b,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9aa5b1\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                x, C_BOTTOM, x, C_BOTTOM + 5, x, C_BOTTOM + 20);
    num_put(b, v, ax.nDec);
    buf_puts(b, "</text>\n");
  }
  html_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9aa5b1\"/>\n",
              C_LEFT, C_BOTTOM, C_RIGHT, C_BOTTOM);
  if (zUnit)
    html_printf(b, "<text class=\"unit\" x=\"%.1f\" y=\"%.1f\">%s</text>\n", 8.0, C_TOP - 16,
                zUnit);
  buf_puts(b, "</g>\n");

  /* Legend, right-aligned on top: a swatch and a name per series. */
  double xLegend = C_RIGHT;
  for (int s = n - 1; s >= 0; s--) {
    const char *zName = a[s].zName ? a[s].zName : "";
    xLegend -= 36 + 12.0 * (double)utf8_nchar(zName, strlen(zName));
  }
  buf_puts(b, "<g class=\"legend\">\n");
  for (int s = 0; s < n; s++) {
    const char *zColour = a[s].zColour ? a[s].zColour : azDefaultColour[s % 5];
    const char *zName = a[s].zName ? a[s].zName : "";
    html_printf(
        b,
        "<line x1=\"%.1f\" y1=\"16\" x2=\"%.1f\" y2=\"16\" stroke=\"%s\" stroke-width=\"2.5\" "
        "stroke-dasharray=\"%s\"/>"
        "<text x=\"%.1f\" y=\"16\" dominant-baseline=\"middle\" fill=\"#1f2933\">%s</text>\n",
        xLegend, xLegend + 22, zColour, a[s].bDashed ? "6 4" : "none", xLegend + 27, zName);
    xLegend += 36 + 12.0 * (double)utf8_nchar(zName, strlen(zName));
  }
  buf_puts(b, "</g>\n");

  /* The series. */
  for (int s = 0; s < n; s++) {
    const char *zColour = a[s].zColour ? a[s].zColour : azDefaultColour[s % 5];
    int *aIdx;
    int nIdx = series_points(&a[s], &aIdx);
    html_printf(b, "<g class=\"series%s\">", a[s].bDashed ? " planned" : "");
    if (nIdx > 1) {
      html_printf(b,
                  "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
                  "stroke-dasharray=\"%s\" points=\"",
                  zColour, a[s].bDashed ? "6 4" : "none");
      for (int k = 0; k < nIdx; k++) {
        html_printf(b, "%s%.1f,%.1f", k ? " " : "",
                    axis_pos(&ax, a[s].aX[aIdx[k]], C_LEFT, C_RIGHT),
                    axis_pos(&ay, a[s].aY[aIdx[k]], C_BOTTOM, C_TOP));
      }
      buf_puts(b, "\"/>");
    }
    for (int k = 0; k < nIdx; k++) {
      double x = a[s].aX[aIdx[k]], y = a[s].aY[aIdx[k]];
      html_printf(b,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" stroke=\"%s\" "
                  "stroke-width=\"1.5\"><title>%s: ",
                  axis_pos(&ax, x, C_LEFT, C_RIGHT), axis_pos(&ay, y, C_BOTTOM, C_TOP),
                  a[s].bDashed ? "#ffffff" : zColour, zColour, a[s].zName);
      num_put(b, x, bYears ? 0 : 2);
      html_printf(b, " → %g%s</title></circle>", y, zUnit ? zUnit : "");
    }
    buf_puts(b, "</g>\n");
    free(aIdx);
  }
  buf_puts(b, "</svg>\n");
  (void)e;
  return 0;
}

void svg_bar_progress(Buf *b, const ProgressBar *aBar, int nBar) {
  const double row = 30, xBar = 230, wBar = 330;
  double h = row * (nBar > 0 ? nBar : 1) + 8;
  html_printf(
      b,
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"progress\" viewBox=\"0 0 %.0f %.0f\" "
      "width=\"100%%\" role=\"img\" font-family=\"sans-serif\" font-size=\"13\">\n"
      "<title>%s</title>\n",
      C_WIDTH, h, "进度 progress");
  for (int i = 0; i < nBar; i++) {
    const ProgressBar *p = &aBar[i];
    double pct = isfinite(p->percent) ? p->percent : 0;
    if (pct < 0) pct = 0;
    if (pct > 100) pct = 100;
    double y = 4 + i * row, yMid = y + row / 2;
    if (p->zHref) html_printf(b, "<a href=\"%s\">", p->zHref);
    buf_puts(b, "<g class=\"bar-row\"><title>");
    if (p->zTitle)
      html_text(b, p->zTitle);
    else
      html_printf(b, "%s %.0f%%", p->zLabel, pct);
    html_printf(
        b, "</title><text x=\"4\" y=\"%.1f\" dominant-baseline=\"middle\" fill=\"#1f2933\">", yMid);
    svg__text_cut(b, p->zLabel, 16);
    html_printf(
        b,
        "</text><rect class=\"track\" x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"14\" rx=\"3\" "
        "fill=\"#e4e7eb\"/>"
        "<rect class=\"fill\" x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" rx=\"3\" "
        "fill=\"%s\"/>"
        "<text x=\"%.0f\" y=\"%.1f\" dominant-baseline=\"middle\" "
        "fill=\"#52606d\">%.0f%%</text></g>",
        xBar, yMid - 7, wBar, xBar, yMid - 7, wBar * pct / 100, p->zColour ? p->zColour : "#4a90d9",
        xBar + wBar + 10, yMid, pct);
    if (p->zHref) buf_puts(b, "</a>");
    buf_putc(b, '\n');
  }
  buf_puts(b, "</svg>\n");
}
