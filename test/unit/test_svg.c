/*
** Unit tests of src/web/svg_*.c: the province map over the embedded basemap (all 21 divisions,
** fills, escaping, zones, malformed basemaps), the gantt timeline (dates, today line, marks
** beyond the deadline), the line chart (nice axes, empty data) and the progress bars.
**
** Set LUOSHI_SVG_OUT to a directory to keep the rendered SVG files for a look in a browser.
*/
#include "../harness.h"

#include "base/buf.h"
#include "base/err.h"
#include "web/svg.h"

#include <math.h>
#include <stdlib.h>

static const int aSichuan[] = {510100, 510300, 510400, 510500, 510600, 510700, 510800,
                               510900, 511000, 511100, 511300, 511400, 511500, 511600,
                               511700, 511800, 511900, 512000, 513200, 513300, 513400};

/* Count the occurrences of zNeedle in zHay. */
static int count_of(const char *zHay, const char *zNeedle) {
  int n = 0;
  for (const char *p = strstr(zHay, zNeedle); p; p = strstr(p + 1, zNeedle)) n++;
  return n;
}

/* Does z hold a number printed from NaN or infinity ("nan", "-inf" in an attribute or text)? */
static int has_bad_number(const char *z) {
  static const char *const az[] = {"nan\"", "nan,", "nan<", "nan ",
                                   "inf\"", "inf,", "inf<", "inf "};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    if (strstr(z, az[i])) return 1;
  }
  return 0;
}

/* The element of b that carries data-code="code", from its start to its end ("</path>"). */
static char *div_element(Buf *b, int code) {
  char zAttr[40];
  snprintf(zAttr, sizeof zAttr, "data-code=\"%d\"", code);
  const char *p = strstr(buf_str(b), zAttr);
  if (!p) return NULL;
  while (p > b->a && *p != '<') p--;
  const char *q = strstr(p, "</path>");
  if (!q) return NULL;
  size_t n = (size_t)(q - p);
  char *z = malloc(n + 1);
  memcpy(z, p, n);
  z[n] = 0;
  return z;
}

static void keep(const char *zName, Buf *b) {
  const char *zDir = getenv("LUOSHI_SVG_OUT");
  if (!zDir) return;
  char zPath[512];
  snprintf(zPath, sizeof zPath, "%s/%s", zDir, zName);
  FILE *f = fopen(zPath, "w");
  if (!f) return;
  fwrite(b->a, 1, b->n, f);
  fclose(f);
}

/* The x attribute value of the first element after zAfter, or -1. */
static double attr_after(const char *z, const char *zAfter, const char *zAttr) {
  const char *p = strstr(z, zAfter);
  if (!p) return -1;
  p = strstr(p, zAttr);
  if (!p) return -1;
  return strtod(p + strlen(zAttr), NULL);
}

TEST(svg_map_draws_all_21_divisions) {
  Buf b = BUF_INIT;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(svg_map(&b, NULL, 0, NULL, 0, &e), 0);
  const char *z = buf_str(&b);
  CHECK_INT_EQ(count_of(z, "data-code=\""), 21);
  for (size_t i = 0; i < sizeof aSichuan / sizeof aSichuan[0]; i++) {
    char zAttr[40];
    snprintf(zAttr, sizeof zAttr, "data-code=\"%d\"", aSichuan[i]);
    CHECK_CONTAINS(z, zAttr);
  }
  CHECK_CONTAINS(z, "viewBox=\"");
  CHECK_CONTAINS(z, "role=\"img\"");
  CHECK_CONTAINS(z, "<title>");
  CHECK_CONTAINS(z, "width=\"100%\"");
  CHECK_CONTAINS(z, ">成都</text>");
  CHECK_CONTAINS(z, ">阿坝州</text>");
  CHECK_CONTAINS(z, ">凉山州</text>");
  CHECK(!strstr(z, "<script"));
  CHECK(!strstr(z, "style="));
  CHECK(!strstr(z, "class=\"zones\"")); /* not asked for */
  CHECK_INT_EQ(count_of(z, "nofill"), 21);
  keep("map-plain.svg", &b);
  buf_free(&b);
}

TEST(svg_map_fill_colours_the_right_division) {
  MapFill a[] = {{510300, "#123456", "3项", "/units/510300", NULL}};
  Buf b = BUF_INIT;
  CHECK_INT_EQ(svg_map(&b, a, 1, NULL, 0, NULL), 0);
  char *zZigong = div_element(&b, 510300);
  char *zChengdu = div_element(&b, 510100);
  CHECK_CONTAINS(zZigong, "fill=\"#123456\"");
  CHECK(!strstr(zZigong, "nofill"));
  CHECK(!strstr(zChengdu, "#123456"));
  CHECK_CONTAINS(zChengdu, "nofill");
  CHECK_CONTAINS(buf_str(&b), "<a href=\"/units/510300\"><path id=\"luoshi-div510300\"");
  CHECK_CONTAINS(buf_str(&b), ">3项</text>");
  CHECK_INT_EQ(count_of(buf_str(&b), "<a href="), 1);
  free(zZigong);
  free(zChengdu);
  buf_free(&b);
}

TEST(svg_map_escapes_hostile_values) {
  const char *zBad = "<script>alert(1)</script>";
  MapFill a[] = {{510100, "red\" onload=\"x", zBad, "javascript:\"><script>", zBad}};
  Buf b = BUF_INIT;
  CHECK_INT_EQ(svg_map(&b, a, 1, NULL, 1, NULL), 0);
  const char *z = buf_str(&b);
  CHECK(!strstr(z, "<script"));
  CHECK(!strstr(z, "\" onload"));
  CHECK_CONTAINS(z, "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK_CONTAINS(z, "fill=\"red&quot; onload=&quot;x\"");
  buf_free(&b);

  /* A hostile name in a user's basemap. */
  const char *zGeo = "510100\t<script>alert(1)</script>\t5\t5\tM0 0L10 0L10 10z\n";
  CHECK_INT_EQ(svg_map(&b, NULL, 0, zGeo, 0, NULL), 0);
  CHECK(!strstr(buf_str(&b), "<script"));
  CHECK_CONTAINS(buf_str(&b), "&lt;script&gt;");
  buf_free(&b);
}

TEST(svg_map_zones_outline_and_legend) {
  Buf b = BUF_INIT;
  CHECK_INT_EQ(svg_map(&b, NULL, 0, NULL, 1, NULL), 0);
  const char *z = buf_str(&b);
  CHECK_CONTAINS(z, "<g class=\"zones\"");
  for (int k = 1; k <= 5; k++) {
    char zClass[40];
    snprintf(zClass, sizeof zClass, "class=\"zone zone%d\"", k);
    CHECK_CONTAINS(z, zClass);
  }
  CHECK_CONTAINS(z, ">成都平原经济区</text>");
  CHECK_CONTAINS(z, ">川西北生态示范区</text>");
  CHECK(!strstr(z, "环成都经济圈")); /* not one of the five */
  keep("map-zones.svg", &b);
  buf_free(&b);
}

TEST(svg_map_rejects_malformed_basemap) {
  static const char *const az[] = {
      "510100\t成都市\t1\t2\n",                       /* too few fields */
      "5101\t成都市\t1\t2\tM0 0L1 1z\n",              /* short code */
      "510100\t成都市\tabc\t2\tM0 0L1 1z\n",          /* label x not a number */
      "510100\t成都市\t1\t2\tM0 0L1 1Q3 3z\n",        /* unsupported command */
      "510100\t成都市\t1\t2\tM0 0L1\n",               /* odd coordinate count */
      "510100\t成都市\t1\t2\t\" onload=\"alert(1)\n", /* not path data at all */
      "# only a comment\n",                           /* no division */
      "510100\t成都市\t1\t2\tM0 0L1e999 1z\n",        /* overflow */
      "510100\t成都市\t1\t2\tM0 0L1 1z\n510100\t成都市\t1\t2\tM0 0L1 1z\n", /* twice */
  };
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    Buf b = BUF_INIT;
    Err e;
    err_clear(&e);
    int rc = svg_map(&b, NULL, 0, az[i], 0, &e);
    if (rc != LUOSHI_EINVAL) harness_fail(__FILE__, __LINE__, "case %zu: rc %d", i, rc);
    CHECK(e.zMsg[0] != 0);
    CHECK_INT_EQ(b.n, 0);
    buf_free(&b);
  }
  /* A well-formed one-division basemap in relative and H/V form is fine. */
  Buf b = BUF_INIT;
  CHECK_INT_EQ(svg_map(&b, NULL, 0, "# x\n510100\t成都市\t5\t5\tm0 0h10v10H0z\n", 0, NULL), 0);
  CHECK_CONTAINS(buf_str(&b), "viewBox=\"-10.0 -10.0 30.0 30.0\"");
  buf_free(&b);
}

TEST(svg_date_day_reads_iso_dates) {
  long d = -1;
  CHECK_INT_EQ(svg_date_day("1970-01-01", &d), 0);
  CHECK_INT_EQ(d, 0);
  CHECK_INT_EQ(svg_date_day("2024-02-29", &d), 0);
  CHECK_INT_EQ(d, 19782);
  CHECK_INT_EQ(svg_date_day("2025-02-29", &d), -1);
  CHECK_INT_EQ(svg_date_day("2025-13-01", &d), -1);
  CHECK_INT_EQ(svg_date_day("2025-1-01", &d), -1);
  CHECK_INT_EQ(svg_date_day("", &d), -1);
  CHECK_INT_EQ(svg_date_day(NULL, &d), -1);
}

TEST(svg_gantt_today_line_between_start_and_end) {
  GanttRow r[] = {
      {"1", "推进项目", "2025-01-01", "2025-12-31", "#6fbf73", "/items/1", 1, "一、措施", NULL, 0}};
  Buf b = BUF_INIT;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(svg_gantt(&b, r, 1, "2025-07-01", &e), 0);
  const char *z = buf_str(&b);
  double xBar = attr_after(z, "class=\"bar\"", "x=\"");
  double wBar = attr_after(z, "class=\"bar\"", "width=\"");
  double xToday = attr_after(z, "class=\"today\"", "x1=\"");
  CHECK(xBar > 0 && wBar > 0);
  if (!(xToday > xBar && xToday < xBar + wBar)) {
    harness_fail(__FILE__, __LINE__, "today %.1f outside bar %.1f..%.1f", xToday, xBar,
                 xBar + wBar);
  }
  /* Half a year into a one-year bar: near the middle. */
  double f = (xToday - xBar) / wBar;
  CHECK(f > 0.45 && f < 0.55);
  CHECK_CONTAINS(z, "2025-07-01");
  CHECK_CONTAINS(z, ">2025</text>");
  CHECK_CONTAINS(z, "<a href=\"/items/1\">");
  CHECK_CONTAINS(z, ">一、措施</text>");
  keep("gantt-one.svg", &b);
  buf_free(&b);
}

TEST(svg_gantt_mark_after_end_stays_in_box) {
  GanttMark m[] = {{"2026-03-15", GANTT_MARK_MISSED, "<b>迟</b>"},
                   {"2025-03-01", GANTT_MARK_REACHED, NULL}};
  GanttRow r[] = {
      {"1", "有里程碑", "2025-01-01", "2025-06-30", NULL, NULL, 1, NULL, m, 2},
      {"2", "长期坚持", "2025-01-01", "", NULL, NULL, 2, NULL, NULL, 0},
  };
  Buf b = BUF_INIT;
  CHECK_INT_EQ(svg_gantt(&b, r, 2, "2025-05-01", NULL), 0);
  const char *z = buf_str(&b);
  const char *p = strstr(z, "class=\"mark missed\" points=\"");
  CHECK(p != NULL);
  double xMark = strtod(p + strlen("class=\"mark missed\" points=\""), NULL);
  double xEnd = attr_after(z, "class=\"bar\"", "width=\"") + attr_after(z, "class=\"bar\"", "x=\"");
  CHECK(xMark > xEnd);
  CHECK(xMark >= 290 && xMark <= 985);
  CHECK_CONTAINS(z, "class=\"mark reached\"");
  CHECK_CONTAINS(z, "class=\"bar open\"");
  CHECK_CONTAINS(z, "&lt;b&gt;迟&lt;/b&gt;");
  CHECK(!strstr(z, "<b>"));
  keep("gantt-marks.svg", &b);
  buf_free(&b);
}

TEST(svg_gantt_bad_dates_and_no_rows) {
  GanttRow r[] = {{"1", "x", "2025-02-30", "soon", NULL, NULL, 1, NULL, NULL, 0}};
  Buf b = BUF_INIT;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(svg_gantt(&b, r, 1, "2025-05-01", &e), LUOSHI_EINVAL);
  CHECK_CONTAINS(e.zMsg, "2025-02-30");
  CHECK_CONTAINS(buf_str(&b), "</svg>");
  CHECK(!strstr(buf_str(&b), "class=\"bar"));
  buf_free(&b);
  CHECK_INT_EQ(svg_gantt(&b, NULL, 0, NULL, NULL), 0);
  CHECK_CONTAINS(buf_str(&b), "no items");
  buf_free(&b);
}

TEST(svg_line_chart_no_points_says_no_data) {
  Buf b = BUF_INIT;
  CHECK_INT_EQ(svg_line_chart(&b, NULL, 0, "%", NULL), 0);
  CHECK_CONTAINS(buf_str(&b), "no data");
  buf_free(&b);
  double x[] = {2025}, y[] = {NAN};
  ChartSeries s[] = {{"实际", NULL, x, y, 1, 0}, {"规划", NULL, NULL, NULL, 3, 1}};
  CHECK_INT_EQ(svg_line_chart(&b, s, 2, NULL, NULL), 0);
  CHECK_CONTAINS(buf_str(&b), "no data");
  buf_free(&b);
}

TEST(svg_line_chart_axes_and_legend) {
  double x1[] = {2027, 2020, 2025}, y1[] = {85, 40, 70};
  double x2[] = {2020, 2021, 2022}, y2[] = {40, 47, 52};
  ChartSeries s[] = {{"规划", NULL, x1, y1, 3, 1}, {"<实际>", "#d64541", x2, y2, 3, 0}};
  Buf b = BUF_INIT;
  CHECK_INT_EQ(svg_line_chart(&b, s, 2, "万吨", NULL), 0);
  const char *z = buf_str(&b);
  CHECK_CONTAINS(z, ">2020</text>");
  CHECK_CONTAINS(z, ">0</text>"); /* the y axis starts at zero for 40..85 */
  CHECK_CONTAINS(z, ">万吨</text>");
  CHECK_CONTAINS(z, "&lt;实际&gt;");
  CHECK_CONTAINS(z, "stroke-dasharray=\"6 4\"");
  CHECK_INT_EQ(count_of(z, "<polyline"), 2);
  CHECK_INT_EQ(count_of(z, "<circle"), 6);
  CHECK(!has_bad_number(z));
  /* One point, one value: the axes still have a range. */
  buf_free(&b);
  double x3[] = {0.5}, y3[] = {3};
  ChartSeries one[] = {{"a", NULL, x3, y3, 1, 0}};
  CHECK_INT_EQ(svg_line_chart(&b, one, 1, NULL, NULL), 0);
  CHECK(!has_bad_number(buf_str(&b)));
  keep("chart.svg", &b);
  buf_free(&b);
}

TEST(svg_bar_progress_clamps_and_escapes) {
  ProgressBar a[] = {{"一、<措施>", 150, NULL, "/m/1", NULL},
                     {"二", -5, "#f2c94c", NULL, NULL},
                     {"三", NAN, NULL, NULL, NULL}};
  Buf b = BUF_INIT;
  svg_bar_progress(&b, a, 3);
  const char *z = buf_str(&b);
  CHECK_CONTAINS(z, ">100%</text>");
  CHECK_INT_EQ(count_of(z, ">0%</text>"), 2);
  CHECK_CONTAINS(z, "&lt;措施&gt;");
  CHECK_CONTAINS(z, "<a href=\"/m/1\">");
  CHECK(!has_bad_number(z));
  buf_free(&b);
}

/* The d attribute of the first element with class zClass, copied; the caller frees. */
static char *path_of(const char *z, const char *zClass) {
  const char *p = strstr(z, zClass);
  if (!p) return NULL;
  p = strstr(p, " d=\"");
  if (!p) return NULL;
  p += 4;
  const char *q = strchr(p, '"');
  char *zOut = malloc((size_t)(q - p) + 1);
  memcpy(zOut, p, (size_t)(q - p));
  zOut[q - p] = 0;
  return zOut;
}

TEST(svg_map_geojson_two_squares_one_zone) {
  const char *zJson =
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{\"adcode\":510100,\"name\":\"成都市\"},"
      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
      "[[[104,30],[105,30],[105,31],[104,31],[104,30]]]}},"
      "{\"type\":\"Feature\",\"id\":\"510600\",\"properties\":{\"name\":\"<script>德阳市\","
      "\"cp\":[105.5,30.5]},"
      "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":"
      "[[[[105,30],[106,30],[106,31],[105,31],[105,30]]]]}},"
      "{\"type\":\"Feature\",\"properties\":{\"name\":\"no code\"},\"geometry\":null}]}";
  MapFill a[] = {{510600, "#123456", NULL, NULL, NULL}};
  Buf b = BUF_INIT;
  Err e;
  err_clear(&e);
  int rc = svg_map_geojson(&b, a, 1, zJson, strlen(zJson), 1, &e);
  if (rc) harness_fail(__FILE__, __LINE__, "rc %d: %s", rc, e.zMsg);
  const char *z = buf_str(&b);
  CHECK_INT_EQ(count_of(z, "data-code=\""), 2);
  CHECK_CONTAINS(z, ">成都</text>");
  CHECK_CONTAINS(z, "&lt;script&gt;德阳</text>");
  CHECK(!strstr(z, "<script"));
  char *zDeyang = div_element(&b, 510600);
  CHECK_CONTAINS(zDeyang, "fill=\"#123456\"");
  free(zDeyang);
  /* Both squares are in 成都平原经济区: its outline is the 6 outer edges, not the shared one. */
  char *zD = path_of(z, "class=\"zone zone1\"");
  CHECK(zD != NULL);
  CHECK_INT_EQ(count_of(zD, "L"), 6);
  free(zD);
  /* The label of 德阳 is at its cp, the middle of the right square (x = 10 + 3/4 * 980). */
  CHECK_CONTAINS(z, "x=\"745.0\"");
  keep("map-geojson.svg", &b);
  buf_free(&b);
}

TEST(svg_map_geojson_rejects_bad_input) {
  static const char *const az[] = {
      "{\"type\":\"FeatureCollection\",\"features\":[", /* not JSON */
      "[1,2,3]",                                        /* no features */
      "{\"features\":[]}",                              /* no feature at all */
      "{\"features\":[{\"id\":510100,\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
      "[[[104,30],[\"x\",30],[105,31]]]}}]}", /* a position is not numbers */
      "{\"features\":[{\"id\":510100,\"geometry\":{\"type\":\"Point\",\"coordinates\":"
      "[104,30]}}]}", /* not a polygon */
  };
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    Buf b = BUF_INIT;
    Err e;
    err_clear(&e);
    int rc = svg_map_geojson(&b, NULL, 0, az[i], strlen(az[i]), 0, &e);
    if (rc != LUOSHI_EINVAL) harness_fail(__FILE__, __LINE__, "case %zu: rc %d", i, rc);
    CHECK(e.zMsg[0] != 0);
    CHECK_INT_EQ(b.n, 0);
    buf_free(&b);
  }
}
