/*
** Targets: quantitative and qualitative targets in a directive's text.
**
** A target is a comparator verb (达到, 超过, 控制在 …) or a trailing comparator (以上, 左右 …)
** around a number with its unit ("2300公里以上", "55%左右"), or a qualitative level
** ("位居全国前列", "达到全国平均水平"). Its metric is the noun phrase before the verb, less any
** deadline ("到2022年"), horizon ("5年") or framing word (力争, 确保). A year "YYYY年" in the
** same text is its deadline; a small number of years at the start is its horizon. "左右" is
** read as within 5% of the value (the tolerance). Part of extract.h's interface.
*/
#include "extract.h"

#include "../base/utf8.h"
#include "words.h"

#include <string.h>

static WordList wlUnit = WORDS("个百分点", "%", "％", "公里", "千米", "万公里", "平方公里", "亿元", "万亿元", "千亿元",
    "万元", "元", "万人", "亿人", "人", "万户", "户", "个", "家", "项", "座", "所", "条",
    "万吨", "吨", "亿千瓦时", "千瓦时", "万千瓦", "千瓦", "兆瓦", "小时", "年", "倍", "公顷",
    "万亩", "亩", "万辆", "辆", "万张", "张", "床", "天", "分钟", "岁", "处", "艘", "架",
    "次", "万人次", "亿人次", "人次", "万标箱", "标箱", "平方米", "万平方米", "米", "Mbps",
    "亿立方米", "立方米", "万个", "千个", "万家", "万亿", "亿", "万");

/* Comparator verbs, and the comparator each implies when no 以上/左右 follows the value. The
** single characters 达 and 超 are left out: "成南达350公里时速高铁" names a railway, not a target. */
WordList targets_verbs = WORDS("达到", "超过", "突破", "提高到", "提升到", "增加到",
                               "增长到", "降低到", "下降到", "降至", "控制在", "保持在",
                               "稳定在", "不低于", "不少于", "不超过", "低于", "高于",
                               "提高至", "提升至", "增至");
static const char *const azVerbCmp[] = {">=", ">",  ">",  ">=", ">=", ">=", ">=",
                                        "<=", "<=", "<=", "<=", "=",  "=",  ">=",
                                        ">=", "<=", "<",  ">",  ">=", ">=", ">="};

static WordList wlTrail = WORDS("以上", "及以上", "以下", "以内", "左右", "上下");
static const char *const azTrailCmp[] = {">=", ">=", "<=", "<=", "~", "~"};

WordList targets_level_verbs = WORDS("位居", "进入", "保持", "走在", "达到", "居于",
                                     "稳居", "跻身", "处于", "迈入", "位于", "居");
WordList targets_scopes = WORDS("全国", "西部", "中西部", "全省", "全球", "世界",
                                           "国内", "国际", "同类城市");
static WordList wlLevel = WORDS("前列", "前茅", "第一方阵", "第一梯队", "平均水平",
                                      "先进水平", "领先水平", "领先地位", "领先", "一流",
                                      "先进行列", "前十", "前三");

/* Words that frame a metric without being part of it. */
static WordList wlFrame = WORDS("今年", "明年", "年内", "当年", "力争", "争取", "确保", "实现", "推动", "促进", "使",
                                      "让", "全省", "全市", "其中", "届时", "基本");

/* Verbs of a count target: "建成5G基站5万个", "培育10家以上百亿级企业". */
static WordList wlCountVerb = WORDS("建成", "新增", "培育", "引进", "新建", "创建", "认定",
                                    "打造", "建设", "发展", "累计建成", "累计培育", "新培育");

typedef struct Found {
  size_t iStart, iEnd;   /* whole target */
  size_t iVerb;          /* where the comparator verb or value starts */
} Found;

/* Year mentioned as YYYY年 in z[0..n), or 0; first is the offset of its first digit (or n). */
static int find_year(const char *z, size_t n, size_t first) {
  for (size_t i = first; i < n; i = words_skip_to_digit(z, i, n)) {
    double v;
    size_t m = words_number(z, n, i, &v);
    if (m) {
      if (v >= 1990 && v <= 2100 && v == (int)v && words_lit(z, n, i + m, "年")) {
        /* not a duration such as "2022年间" is still a year; accept */
        return (int)v;
      }
      i += m;
      continue;
    }
    i = words_next(z, n, i);
  }
  return 0;
}

/* Horizon "5年" / "五年" / "用3年时间" at the start of z (after framing words); returns years. */
static int find_horizon(const char *z, size_t n, size_t *pEnd) {
  size_t i = 0;
  for (;;) {
    size_t m = words_at(&wlFrame, z, n, i, NULL);
    if (!m) m = words_lit(z, n, i, "用") ? 3 : 0;
    if (!m) m = words_lit(z, n, i, "再用") ? 6 : 0;
    if (!m) break;
    i += m;
  }
  double v = 0;
  size_t m = words_number(z, n, i, &v);
  size_t len = 0;
  if (!m) {
    int c = words_cn_number(z, n, i, &len);
    if (c > 0) {
      v = c;
      m = len;
    }
  }
  if (!m || v <= 0 || v > 30) return 0;
  size_t j = i + m;
  if (!words_lit(z, n, j, "年")) return 0;
  j += 3;
  if (words_lit(z, n, j, "内")) j += 3;
  else if (words_lit(z, n, j, "时间")) j += 6;
  else if (words_lit(z, n, j, "左右")) j += 6;
  /* "3年行动" is a plan's name, not a horizon */
  if (words_lit(z, n, j, "行动") || words_lit(z, n, j, "计划")) return 0;
  *pEnd = j;
  return (int)v;
}

/* Start of the metric before offset iVerb: after the last clause mark, the deadline or
** horizon expression, and framing words. */
static size_t metric_start(const char *z, size_t n, size_t s, size_t iVerb) {
  size_t i = s;
  for (size_t k = s; k < iVerb;) {
    int len;
    uint32_t cp = words_cp(z, n, k, &len);
    if (utf8_is_clause_mark(cp) || utf8_is_sentence_end(cp)) i = k + (size_t)len;
    k += (size_t)len;
  }
  for (int again = 1; again && i < iVerb;) {
    again = 0;
    size_t m = words_at(&wlFrame, z, n, i, NULL);
    if (m) {
      i += m;
      again = 1;
      continue;
    }
    /* 到2022年 / 2022年前 / 到2022年底 */
    size_t j = i;
    if (words_lit(z, n, j, "到") || words_lit(z, n, j, "至") || words_lit(z, n, j, "于")) j += 3;
    else if (words_lit(z, n, j, "截至")) j += 6;
    double v;
    size_t d = words_number(z, n, j, &v);
    if (d && words_lit(z, n, j + d, "年")) {
      j += d + 3;
      if (words_lit(z, n, j, "底前")) j += 6;
      else if (words_lit(z, n, j, "前")) j += 3;
      else if (words_lit(z, n, j, "底")) j += 3;
      else if (words_lit(z, n, j, "末")) j += 3;
      i = j;
      again = 1;
      continue;
    }
    size_t hEnd = 0;
    if (find_horizon(z + i, iVerb - i, &hEnd)) {
      i += hEnd;
      again = 1;
    }
  }
  return i;
}

/* Could z[0..n) hold a target at all? A number, or a scope word of a qualitative level. */
int targets_possible(const char *z, size_t n) {
  return words_has_digit(z, 0, n) || words_any(&targets_scopes, z, 0, n);
}

/* One scan of a text for targets: what every target found in it shares. */
typedef struct Scan {
  Arena *a;
  const char *z, *zOrig;  /* normalised and original text */
  size_t n;
  int year, horizon;      /* the text's deadline and horizon */
  TargetsHint hint;       /* what the caller knew of z */
  size_t lastEnd;         /* end of the previous target: a metric starts after it */
  int count;
  void (*out)(void *, Target *);
  void *ctx;
} Scan;

/* Complete target t, whose comparator word or value starts at iWord and which ends at e: its
** metric is what precedes iWord. Hands it out; returns e. */
static size_t emit(Scan *s, Target *t, size_t iWord, size_t e) {
  size_t ms = metric_start(s->z, s->n, s->lastEnd, iWord);
  t->iStart = (uint32_t)(ms < iWord ? ms : iWord);
  if (ms < iWord && words_at(&wlCountVerb, s->z, iWord, ms, NULL) == iWord - ms) {
    /* "培育10家以上百亿级企业": what is counted follows the number */
    size_t q = e;
    while (q < s->n && !words_lit(s->z, s->n, q, "，") && !words_lit(s->z, s->n, q, "；") &&
           !words_lit(s->z, s->n, q, "。")) {
      q = words_next(s->z, s->n, q);
    }
    if (q > e) {
      t->zMetric = arena_strndup(s->a, s->zOrig + e, q - e);
      e = q;
    }
    ms = iWord;
  }
  t->iEnd = (uint32_t)e;
  if (ms < iWord) t->zMetric = arena_strndup(s->a, s->zOrig + ms, iWord - ms);
  t->deadline = s->year;
  t->horizonYears = s->horizon;
  s->out(s->ctx, t);
  s->count++;
  s->lastEnd = e;
  return e;
}

/* Count targets, clause by clause: a count verb, then either a noun and a number with its unit
** ending the clause, or a number with its unit and the noun counted. */
static void count_targets(Scan *s) {
  const char *z = s->z;
  size_t n = s->n;
  if (s->hint.firstDigit >= n) return;   /* no number: nothing is counted */
  size_t c = 0;
  while (c < n) {
    size_t e = c;
    while (e < n && !words_lit(z, n, e, "，") && !words_lit(z, n, e, "；") &&
           !words_lit(z, n, e, "。")) {
      e = words_next(z, n, e);
    }
    size_t i = c;
    for (;;) {
      size_t m = words_at(&wlFrame, z, e, i, NULL);
      if (!m) break;
      i += m;
    }
    size_t v = words_at(&wlCountVerb, z, e, i, NULL);
    if (v) {
      size_t after = i + v;
      /* the first number after the verb */
      size_t k = after;
      double val = 0;
      size_t d = 0;
      while (k < e && !(d = words_number(z, e, k, &val))) k = words_next(z, e, k);
      /* "5G" is a name, not a count: a number followed by a Latin letter is skipped */
      if (d && k + d < e && utf8_is_latin(words_cp(z, e, k + d, NULL))) {
        k += d;
        d = 0;
        while (k < e && !(d = words_number(z, e, k, &val))) k = words_next(z, e, k);
      }
      size_t u = d ? words_at(&wlUnit, z, e, k + d, NULL) : 0;
      if (d && u && !(u == 3 && words_lit(z, e, k + d, "年"))) {
        Target t;
        memset(&t, 0, sizeof t);
        t.value = val;
        t.hasValue = 1;
        t.zUnit = arena_strndup(s->a, s->zOrig + k + d, u);
        size_t q = k + d + u;
        int kt = -1;
        size_t tr = words_at(&wlTrail, z, e, q, &kt);
        t.zComparator = tr ? azTrailCmp[kt] : ">=";
        if (tr && strcmp(t.zComparator, "~") == 0) {
          t.tolerance = val * 0.05;
          t.hasTolerance = 1;
        }
        q += tr;
        if (k > after) {
          t.zMetric = arena_strndup(s->a, s->zOrig + after, k - after);  /* noun, then count */
        } else if (q < e) {
          t.zMetric = arena_strndup(s->a, s->zOrig + q, e - q);          /* count, then noun */
        }
        if (t.zMetric && (k == after ? q < e : q == e)) {
          t.iStart = (uint32_t)i;
          t.iEnd = (uint32_t)e;
          t.deadline = s->year;
          t.horizonYears = s->horizon;
          s->out(s->ctx, &t);
          s->count++;
        }
      }
    }
    c = e < n ? words_next(z, n, e) : n;
  }
}

/* Where a target can start: a comparing verb, a level verb or a scope word (the lists the loop
** of targets_find tries at each position), or a digit. None of these words holds a digit or a
** full-width character, so none runs into the digit that next_target_start stops at. */
static WordList *const apTargetStart[] = {&targets_verbs, &targets_level_verbs, &targets_scopes,
                                          NULL};
static WordSet wsTargetStart = {apTargetStart, NULL};

/* The first character start in [i, n) of z where targets_find's loop can find anything: one of
** the words of wsTargetStart starts there, or a digit. n when there is none. The hint h says
** where the first digit is and whether any of the words occurs at all. */
static size_t next_target_start(const char *z, size_t n, size_t i, const TargetsHint *h) {
  size_t d = i <= h->firstDigit ? h->firstDigit : words_skip_to_digit(z, i, n);
  if (!h->mayHaveWord) return d;
  size_t m;
  int v;
  size_t w = lex_next(words_set_lex(&wsTargetStart), z, d, i, &m, &v);
  return w < d ? w : d;
}

int targets_find(Arena *a, const char *z, const char *zOrig, size_t n,
                 void (*out)(void *, Target *), void *ctx) {
  if (!targets_possible(z, n)) return 0;
  TargetsHint h = {words_skip_to_digit(z, 0, n), 1};
  return targets_find_known(a, z, zOrig, n, &h, out, ctx);
}

int targets_find_known(Arena *a, const char *z, const char *zOrig, size_t n,
                       const TargetsHint *pHint, void (*out)(void *, Target *), void *ctx) {
  int year = find_year(z, n, pHint->firstDigit);
  size_t hEnd = 0;
  int horizon = find_horizon(z, n, &hEnd);
  Scan sc = {a, z, zOrig, n, year, horizon, *pHint, 0, 0, out, ctx};
  /* Positions where none of the tests below can succeed are skipped, not tried. */
  size_t i = next_target_start(z, n, 0, pHint);
  while (i < n) {
    Target t;
    memset(&t, 0, sizeof t);
    size_t iVerb = i, j = i;
    int k = -1;
    size_t m = words_at(&targets_verbs, z, n, i, &k);
    const char *zCmp = NULL;
    double v = 0;
    size_t d = 0;
    if (m) {
      j = i + m;
      d = words_number(z, n, j, &v);
      if (d) zCmp = azVerbCmp[k];
    } else {
      d = words_number(z, n, i, &v);
      if (d) {
        /* A bare value counts only with a trailing comparator: "55%以上". */
        size_t u = words_at(&wlUnit, z, n, i + d, NULL);
        if (!words_at(&wlTrail, z, n, i + d + u, NULL)) d = 0;
        /* Not when it is the tail of a longer number or a year. */
        if (i > 0 && utf8_is_digit(words_cp(z, n, utf8_prev(z, i), NULL))) d = 0;
        j = i;
      }
    }
    if (d) {
      size_t e = j + d;
      size_t u = words_at(&wlUnit, z, n, e, NULL);
      /* a year is not a target value */
      int isYear = (u == 3 && words_lit(z, n, e, "年") && v >= 1990 && v <= 2100);
      if (!isYear) {
        t.value = v;
        t.hasValue = 1;
        if (u) t.zUnit = arena_strndup(a, zOrig + e, u);
        e += u;
        int kt = -1;
        size_t tr = words_at(&wlTrail, z, n, e, &kt);
        if (tr) {
          zCmp = azTrailCmp[kt];
          e += tr;
        }
        if (!zCmp) zCmp = "=";
        t.zComparator = zCmp;
        if (strcmp(zCmp, "~") == 0) {
          t.tolerance = v * 0.05;
          t.hasTolerance = 1;
        }
        i = emit(&sc, &t, iVerb, e);
        continue;
      }
    }
    /* Qualitative level: 位居全国前列, 达到全国平均水平, 全国领先. */
    size_t lv = words_at(&targets_level_verbs, z, n, i, NULL);
    size_t scope = words_at(&targets_scopes, z, n, i + lv, NULL);
    size_t le = scope ? words_at(&wlLevel, z, n, i + lv + scope, &k) : 0;
    if (scope && le) {
      t.zLevel = arena_strndup(a, zOrig + i + lv, scope + le);
      t.zComparator = (words_lit(z, n, i + lv + scope, "平均水平") ||
                       words_lit(z, n, i + lv + scope, "先进水平"))
                          ? "reach"
                          : "rank";
      i = emit(&sc, &t, i, i + lv + scope + le);
      continue;
    }
    i = next_target_start(z, n, words_next(z, n, i), pHint);
  }
  if (sc.count == 0) count_targets(&sc);
  return sc.count;
}
