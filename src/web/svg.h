/*
** Svg: the pictures of the web application, drawn on the server as inline SVG.
**
** Four pure renderers: the province map (svg_map.c), the timeline of items (svg_gantt.c), the
** trajectory of a target and the progress bars (svg_chart.c). Each appends one <svg> element to
** a Buf. They know nothing of requests or the database: the caller hands in plain rows, already
** checked for the reader's reach. The only input they read themselves is embedded reference
** data through data_get() (the basemap geo/sichuan-prefectures.tsv and places/zones.tsv); a
** user's own basemap (that TSV format, or GeoJSON) comes in as text.
**
** Every value from the caller (names, labels, links, colours) goes through the escaping writer
** of html.h; markup comes only from literals here. The output carries a viewBox, width="100%",
** role="img" and a <title>, uses class names for CSS, presentation attributes rather than
** style="" (a strict CSP forbids inline styles), and no script and no external reference.
**
** Dates are ISO "YYYY-MM-DD" strings; anything else counts as "no date".
*/
#ifndef LUOSHI_WEB_SVG_H
#define LUOSHI_WEB_SVG_H

#include "../base/buf.h"
#include "../base/err.h"

#include <stddef.h>

/* ---- the province map (svg_map.c) ---------------------------------------------------------- */

/* How one division is drawn. Every pointer is borrowed for the duration of the call. */
typedef struct MapFill {
  int code;            /* six-digit division code, e.g. 510100 */
  const char *zColour; /* CSS colour of the fill ("#c0392b", "red"), NULL for the default grey */
  const char *zLabel;  /* second label line, e.g. "12项 · 2红", or NULL */
  const char *zHref;   /* link when the division is clicked, or NULL */
  const char *zTitle;  /* tooltip, NULL for the division's name */
} MapFill;

/* Draw the province: every division of the basemap as a path (class "div", data-code), filled
** per the entry of aFill[0..nFill) with the same code (the first wins; divisions without one are
** grey, class "div nofill"), wrapped in <a href> when the entry has zHref, with a <title>; then
** the short names (成都, 阿坝州) with the entry's zLabel below, in a layer that ignores the
** pointer.
**
** zGeoTsv is a basemap in the format of data/geo/sichuan-prefectures.tsv
** (code TAB name TAB label_x TAB label_y TAB path, '#' lines are comments; the path may use
** M m L l H h V v Z z only), or NULL for the embedded one. The viewBox is the basemap's extent
** plus a margin.
**
** When bZones, a group <g class="zones"> follows the divisions: the outline of each of the five
** economic zones (成都平原经济区, 川南经济区, 川东北经济区, 攀西经济区, 川西北生态示范区, members
** from data places/zones.tsv) in its own colour, without the borders inside a zone, and a legend
** in the bottom-left corner. CSS can hide the group (".zones{display:none}") for a toggle.
** Division paths carry id="luoshi-div<code>" (the zone outlines clip to them), so draw one map
** per page.
**
** Returns 0, or LUOSHI_EINVAL with e (if not NULL) naming the line when the basemap is malformed
** (too few fields, a code that is not six digits, a label point that is not a number, a path
** that does not parse, no division at all), LUOSHI_ENOTFOUND when the embedded basemap is
** missing. On error nothing is appended to b. */
int svg_map(Buf *b, const MapFill *aFill, int nFill, const char *zGeoTsv, int bZones, Err *e);

/* As svg_map, from a GeoJSON FeatureCollection zJson[0..nByte) instead of the basemap text.
** Each feature with a six-digit code (properties.adcode, properties.code or the feature's id,
** number or string) and a Polygon or MultiPolygon geometry becomes a division named by
** properties.name; other features are skipped. Positions are [lon, lat] degrees, projected as the
** embedded basemap is (equirectangular, x scaled by the cosine of the mid-latitude, 1000 units
** wide) and rounded to 0.1 units; no further simplification, so shared borders stay shared and
** zones outline as with the embedded basemap. The label point is properties.cp or
** properties.center when given, else the centroid of the largest ring.
** Returns 0, LUOSHI_EINVAL with e filled when the text is not JSON, not a FeatureCollection, has
** no usable feature or a position that is not two numbers, LUOSHI_ETOOBIG over a million
** positions. On error nothing is appended to b. */
int svg_map_geojson(Buf *b, const MapFill *aFill, int nFill, const char *zJson, size_t nByte,
                    int bZones, Err *e);
/* The basemap text svg_map reads (one line per division), made from GeoJSON zJson[0..nByte) as
** svg_map_geojson does, appended to pTsv: for callers that list the divisions themselves.
** Returns 0 or LUOSHI_EINVAL / LUOSHI_ETOOBIG with e filled. */
int svg_geojson_to_tsv(const char *zJson, size_t nByte, Buf *pTsv, Err *e);

/* The CSS colour luoshi uses for a warning level: "red", "yellow", "blue" give their colours,
** anything else (including NULL and "") a neutral green for "on track". Static string. */
const char *svg_warning_colour(const char *zWarning);

/* ---- the timeline (svg_gantt.c) -------------------------------------------------------------- */

/* The state of a milestone on the timeline. */
typedef enum GanttMarkState {
  GANTT_MARK_OPEN = 0, /* not reached yet: hollow diamond */
  GANTT_MARK_REACHED,  /* reached: filled diamond */
  GANTT_MARK_MISSED    /* past due and not reached: red diamond */
} GanttMarkState;

typedef struct GanttMark {
  const char *zDate;    /* ISO date of the milestone */
  GanttMarkState state; /* how it is drawn */
  const char *zTitle;   /* tooltip, or NULL */
} GanttMark;

/* One item. Rows are drawn in the order given; a group heading is drawn whenever measure changes
** from the row before. All pointers are borrowed for the call. */
typedef struct GanttRow {
  const char *zNumber; /* item number, e.g. "3.2" */
  const char *zText;   /* the item's text; shortened on the label, whole in the tooltip */
  const char *zStart;  /* ISO start date, "" or NULL for the chart's start */
  const char *zEnd;    /* ISO deadline, "" or NULL for ongoing (长期坚持): open-ended bar */
  const char *zColour; /* CSS colour of the bar (status / warning), NULL for the default */
  const char *zHref;   /* link of the row (label and bar), or NULL */
  int measure;         /* number of the measure the item belongs to */
  const char *zMeasureTitle; /* heading of the measure group, or NULL */
  const GanttMark *aMark;    /* milestones, nMark of them */
  int nMark;
} GanttRow;

/* Draw the timeline of aRow[0..nRow): month ticks and year labels on top, one bar per row from
** start to deadline (to the chart's end, with an arrow, for an ongoing row), milestone diamonds,
** and a vertical line at zToday labelled with the date. The time axis covers every start, end,
** milestone and today, widened to whole months. With no row a short empty chart is drawn.
**
** Returns 0, or LUOSHI_EINVAL with e naming the first date that could not be read (of zToday or
** of a row or milestone); the chart is drawn all the same, the unreadable date left out (a bad
** today draws no today line). */
int svg_gantt(Buf *b, const GanttRow *aRow, int nRow, const char *zToday, Err *e);

/* Days since 1970-01-01 of the ISO date z ("YYYY-MM-DD", year 1..9999, checked against the
** month's length). Returns 0 and sets *pDay, or -1 when z is not such a date. */
int svg_date_day(const char *z, long *pDay);

/* ---- charts (svg_chart.c) ----------------------------------------------------------------- */

/* One line of a chart. Points with a non-finite x or y are skipped. */
typedef struct ChartSeries {
  const char *zName;   /* legend entry, e.g. "规划" / "实际" */
  const char *zColour; /* CSS colour of line and points, NULL for a default per position */
  const double *aX;    /* x of each point: a year (2025, 2025.5) or any number */
  const double *aY;    /* y of each point */
  int n;               /* points */
  int bDashed;         /* draw the line dashed (planned trajectory) */
} ChartSeries;

/* Draw a line chart of a[0..n): axes with "nice" ticks (whole years when every x is a whole
** number between 1900 and 2200), zUnit (or NULL) above the y axis, a legend, one polyline per
** series with a dot and tooltip per point. When no series has a point, draws a small frame
** saying "暂无数据 · no data". Returns 0 (e is for future checks and may be NULL). */
int svg_line_chart(Buf *b, const ChartSeries *a, int n, const char *zUnit, Err *e);

/* One horizontal progress bar. */
typedef struct ProgressBar {
  const char *zLabel;  /* label left of the bar, e.g. the measure's title */
  double percent;      /* 0..100; clamped, non-finite counts as 0 */
  const char *zColour; /* CSS colour of the filled part, NULL for the default */
  const char *zHref;   /* link of the row, or NULL */
  const char *zTitle;  /* tooltip, NULL for label and percent */
} ProgressBar;

/* Draw aBar[0..nBar) as rows of label, bar and "NN%". Nothing to fail. */
void svg_bar_progress(Buf *b, const ProgressBar *aBar, int nBar);

/* ---- shared inside the svg files ------------------------------------------------------------ */

/* Append at most nCharMax characters of the UTF-8 string z, escaped, with "…" when cut. */
void svg__text_cut(Buf *b, const char *z, size_t nCharMax);

#endif
