/*
** Svg gantt: the timeline page's chart of items against time (see svg.h).
**
** Left, a column of row labels (item number and shortened text) under measure headings; right,
** the time axis: year labels and month ticks on top, one bar per item from start to deadline,
** milestone diamonds on the bar's row, and a vertical line at today. Dates are turned into day
** numbers here (days from the civil calendar, after Howard Hinnant's algorithm), with no locale
** and no time.h, so the chart is the same on every server.
**
** Pure: no I/O, no store; every value goes through the escaping html writer.
*/
#include "svg.h"

#include "html.h"

#include <string.h>

#define G_WIDTH 1000.0  /* viewBox width */
#define G_LABEL 290.0   /* left edge of the time axis; labels live left of it */
#define G_RIGHT 985.0   /* right edge of the time axis */
#define G_HEAD 46.0     /* height of the axis header (years, months) */
#define G_ROW 24.0      /* height of an item row */
#define G_GROUP 26.0    /* height of a measure heading */
#define G_FOOT 24.0     /* room below the rows for today's label */
#define G_TEXT_CHARS 15 /* characters of an item's text kept on its label */

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
static long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The civil date of day number z. */
static void civil_from_days(long z, long *py, int *pm, int *pd) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *pd = (int)(doy - (153 * mp + 2) / 5 + 1);
  *pm = (int)(mp < 10 ? mp + 3 : mp - 9);
  *py = yoe + era * 400 + (*pm <= 2);
}

int svg_date_day(const char *z, long *pDay) {
  if (!z) return -1;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7 ? z[i] != '-' : (z[i] < '0' || z[i] > '9')) return -1;
  }
  if (z[10] != 0 && z[10] != 'T' && z[10] != ' ') return -1;
  long y = (z[0] - '0') * 1000 + (z[1] - '0') * 100 + (z[2] - '0') * 10 + (z[3] - '0');
  int m = (z[5] - '0') * 10 + (z[6] - '0');
  int d = (z[8] - '0') * 10 + (z[9] - '0');
  static const int aLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return -1;
  int bLeap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > aLen[m - 1] + (m == 2 && bLeap)) return -1;
  *pDay = days_from_civil(y, m, d);
  return 0;
}

/* The state of one chart while it is drawn. */
typedef struct Gantt {
  long day0, day1; /* the axis runs from day0 (first of a month) to day1 (first of a month) */
  int bBad;        /* an unreadable date was seen and reported */
  Err *e;          /* where to report it, or NULL */
} Gantt;

/* Read date z into *pDay: 1 when there is a date, 0 when z is empty or NULL, 0 and a report when
** z is not a date. */
static int date_read(Gantt *g, const char *z, const char *zWhat, long *pDay) {
  if (!z || !z[0]) return 0;
  if (svg_date_day(z, pDay) == 0) return 1;
  if (!g->bBad) err_set(g->e, LUOSHI_EINVAL, "%s: \"%.40s\" is not a date YYYY-MM-DD", zWhat, z);
  g->bBad = 1;
  return 0;
}

static double day_x(const Gantt *g, long day) {
  if (day < g->day0) day = g->day0;
  if (day > g->day1) day = g->day1;
  return G_LABEL + (G_RIGHT - G_LABEL) * (double)(day - g->day0) / (double)(g->day1 - g->day0);
}

static long month_start(long day, int nAdd) {
  long y;
  int m, d;
  civil_from_days(day, &y, &m, &d);
  long k = y * 12 + (m - 1) + nAdd;
  return days_from_civil(k / 12, (int)(k % 12) + 1, 1);
}

static void axis_draw(Buf *b, const Gantt *g, double yBottom) {
  double dxMonth = (G_RIGHT - G_LABEL) * 30.4 / (double)(g->day1 - g->day0);
  int step = dxMonth >= 18 ? 1 : dxMonth >= 6 ? 3 : 12; /* months between labels */
  buf_puts(b, "<g class=\"axis\" font-size=\"12\" fill=\"#52606d\">\n");
  for (long day = g->day0; day <= g->day1; day = month_start(day, 1)) {
    long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    double x = day_x(g, day);
    int bYear = m == 1;
    if (day < g->day1 && (bYear || day == g->day0)) {
      html_printf(b, "<text class=\"year\" x=\"%.1f\" y=\"16\" font-weight=\"bold\">%ld</text>",
                  x + 2, y);
    }
    if (day < g->day1 && (m - 1) % step == 0 && dxMonth >= 6) {
      html_printf(b, "<text class=\"month\" x=\"%.1f\" y=\"36\">%d</text>", x + 2, m);
    }
    html_printf(
        b, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
        bYear ? "tick year" : "tick", x, bYear ? 4.0 : 24.0, x, yBottom,
        bYear ? "#9aa5b1" : "#e4e7eb");
  }
  buf_puts(b, "</g>\n");
}

static void mark_draw(Buf *b, Gantt *g, const GanttMark *k, double yMid) {
  long day;
  if (!date_read(g, k->zDate, "milestone", &day)) return;
  double x = day_x(g, day), r = 6;
  const char *zFill = k->state == GANTT_MARK_REACHED  ? "#323f4b"
                      : k->state == GANTT_MARK_MISSED ? "#d64541"
                                                      : "#ffffff";
  const char *zStroke = k->state == GANTT_MARK_MISSED ? "#8b1e1b" : "#323f4b";
  const char *zClass = k->state == GANTT_MARK_REACHED  ? "reached"
                       : k->state == GANTT_MARK_MISSED ? "missed"
                                                       : "open";
  html_printf(b,
              "<polygon class=\"mark %s\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
              "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"><title>%s %s</title></polygon>",
              zClass, x, yMid - r, x + r, yMid, x, yMid + r, x - r, yMid, zFill, zStroke, k->zDate,
              k->zTitle ? k->zTitle : "");
}

static void row_draw(Buf *b, Gantt *g, const GanttRow *p, double y, int iRow) {
  double yMid = y + G_ROW / 2;
  if (iRow % 2) {
    html_printf(b,
                "<rect class=\"stripe\" x=\"0\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                "fill=\"#f5f7fa\"/>\n",
                y, G_WIDTH, G_ROW);
  }
  if (p->zHref) html_printf(b, "<a href=\"%s\">", p->zHref);
  html_printf(b, "<g class=\"row\"><title>%s %s</title>", p->zNumber, p->zText);
  html_printf(
      b,
      "<text class=\"label\" x=\"6\" y=\"%.1f\" font-size=\"13\" dominant-baseline=\"middle\" "
      "fill=\"#1f2933\"><tspan font-weight=\"bold\">%s</tspan> ",
      yMid, p->zNumber);
  svg__text_cut(b, p->zText, G_TEXT_CHARS);
  buf_puts(b, "</text>");
  long dStart = g->day0, dEnd = g->day1;
  date_read(g, p->zStart, "start", &dStart); /* none: the chart's start */
  int bEnd = date_read(g, p->zEnd, "deadline", &dEnd);
  int bOpen = !(p->zEnd && p->zEnd[0]);
  if (bOpen || bEnd) {
    if (dEnd < dStart) {
      long t = dEnd;
      dEnd = dStart;
      dStart = t;
    }
    double x0 = day_x(g, dStart), x1 = day_x(g, dEnd);
    const char *zFill = p->zColour ? p->zColour : "#7b8794";
    if (bOpen) {
      /* Ongoing (长期坚持): the bar runs off the chart's end as an arrow. */
      double xTip = x1, xBody = xTip - 8 > x0 ? xTip - 8 : x0;
      html_printf(
          b,
          "<rect class=\"bar open\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" "
          "fill=\"%s\" fill-opacity=\"0.75\"/>"
          "<polygon class=\"bar-tip\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>",
          x0, yMid - 6, xBody - x0, zFill, xBody, yMid - 8, xTip, yMid, xBody, yMid + 8, zFill);
    } else {
      double w = x1 - x0 < 2 ? 2 : x1 - x0;
      html_printf(b,
                  "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" rx=\"2\" "
                  "fill=\"%s\"/>",
                  x0, yMid - 6, w, zFill);
    }
  }
  for (int k = 0; k < p->nMark; k++) mark_draw(b, g, &p->aMark[k], yMid);
  buf_puts(b, "</g>");
  if (p->zHref) buf_puts(b, "</a>");
  buf_putc(b, '\n');
}

int svg_gantt(Buf *b, const GanttRow *aRow, int nRow, const char *zToday, Err *e) {
  Gantt g;
  memset(&g, 0, sizeof g);
  g.e = e;
  /* The time axis: every date, widened to whole months; ongoing rows reach 90 days past today. */
  long lo = 0, hi = 0, day;
  int bAny = 0, bOngoing = 0;
  long today = 0;
  int bToday = zToday && zToday[0] && date_read(&g, zToday, "today", &today);
#define SEE(d)                       \
  do {                               \
    if (!bAny || (d) < lo) lo = (d); \
    if (!bAny || (d) > hi) hi = (d); \
    bAny = 1;                        \
  } while (0)
  if (bToday) SEE(today);
  for (int i = 0; i < nRow; i++) {
    const GanttRow *p = &aRow[i];
    if (date_read(&g, p->zStart, "start", &day)) SEE(day);
    if (date_read(&g, p->zEnd, "deadline", &day)) SEE(day);
    if (!(p->zEnd && p->zEnd[0])) bOngoing = 1;
    for (int k = 0; k < p->nMark; k++) {
      if (date_read(&g, p->aMark[k].zDate, "milestone", &day)) SEE(day);
    }
  }
#undef SEE
  if (!bAny) lo = hi = days_from_civil(2025, 1, 1);
  if (bOngoing) {
    long far = (bToday ? today : hi) + 90;
    if (far > hi) hi = far;
  }
  g.day0 = month_start(lo, 0);
  g.day1 = month_start(hi, 1);
  if (g.day1 - g.day0 < 59) g.day1 = month_start(g.day0, 2);

  /* Height: header, rows with their group headings, footer. */
  double h = G_HEAD + G_FOOT;
  for (int i = 0; i < nRow; i++) {
    if (i == 0 || aRow[i].measure != aRow[i - 1].measure) h += G_GROUP;
    h += G_ROW;
  }
  html_printf(b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" viewBox=\"0 0 %.0f %.1f\" "
              "width=\"100%%\" role=\"img\" font-family=\"sans-serif\">\n<title>%s</title>\n",
              G_WIDTH, h, "时间轴 timeline");
  double yEnd = h - G_FOOT;
  axis_draw(b, &g, yEnd);
  double y = G_HEAD;
  for (int i = 0; i < nRow; i++) {
    const GanttRow *p = &aRow[i];
    if (i == 0 || p->measure != aRow[i - 1].measure) {
      html_printf(b,
                  "<g class=\"group\"><line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" "
                  "stroke=\"#cbd2d9\"/>",
                  y, G_WIDTH, y);
      if (p->zMeasureTitle) {
        html_printf(b,
                    "<text x=\"4\" y=\"%.1f\" font-size=\"13\" font-weight=\"bold\" "
                    "fill=\"#323f4b\">",
                    y + G_GROUP - 8);
        svg__text_cut(b, p->zMeasureTitle, 60);
        buf_puts(b, "</text>");
      }
      buf_puts(b, "</g>\n");
      y += G_GROUP;
    }
    row_draw(b, &g, p, y, i);
    y += G_ROW;
  }
  if (bToday) {
    double x = day_x(&g, today);
    html_printf(
        b,
        "<g class=\"today\"><line x1=\"%.1f\" y1=\"24\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d64541\" "
        "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#d64541\" text-anchor=\"%s\">"
        "▲ %s</text></g>\n",
        x, x, yEnd + 4, x, yEnd + 18, x > G_RIGHT - 60 ? "end" : "middle", zToday);
  }
  if (nRow == 0) {
    html_printf(
        b,
        "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\" font-size=\"13\" fill=\"#7b8794\">%s</text>\n",
        G_LABEL / 2, G_HEAD + 14, "暂无事项 · no items");
  }
  buf_puts(b, "</svg>\n");
  return g.bBad ? LUOSHI_EINVAL : 0;
}
