/*
** Deliverables: the documents a directive orders issued.
**
** A deliverable verb (出台, 制定, 编制, 研究制定, 修订, 印发 …) followed within the clause by a
** document type (意见, 办法, 条例, 规划, 方案, 目录, 标准, 计划 …) names a document: the words
** between them. Where the object joins two documents with 和/及/与/、 ("区域产业布局指导意见和
** 引导目录"), each is returned, and a second one that is only a genre ("引导目录") borrows the
** first one's topic ("区域产业布局引导目录"). Part of extract.h's interface.
*/
#include "extract.h"

#include "../base/utf8.h"
#include "words.h"

#include <string.h>

WordList deliverables_verbs = WORDS("研究制定", "制定出台", "研究出台", "出台", "制定",
                                         "编制", "修订", "修编", "印发", "起草", "发布",
                                         "颁布", "拟定", "编制出台");
/* Verbs that may follow the first one before the object: 编制实施, 制定落实. */
static WordList wlThenVerb = WORDS("实施", "落实", "出台", "印发", "并实施", "完善");

static WordList wlDocType = WORDS("指导意见", "实施意见", "若干意见", "意见", "实施细则", "细则", "实施办法", "管理办法",
    "办法", "条例", "发展规划", "规划", "实施方案", "行动方案", "工作方案", "方案",
    "指导目录", "引导目录", "目录", "标准", "行动计划", "计划", "规定", "政策", "指南",
    "清单", "纲要", "规程", "名录", "措施", "法规");

static WordList wlGenre = WORDS("指导", "引导", "实施", "管理", "认定", "行动", "专项",
                                      "年度", "工作", "激励", "配套", "总体", "若干", "支持",
                                      "扶持", "考核", "评价");

static WordList wlJoin = WORDS("和", "及", "与", "、", "以及");

/* Is z[s..e) only genre words then a document type? */
static int only_genre(const char *z, size_t s, size_t e) {
  size_t i = s;
  for (;;) {
    size_t m = words_at(&wlGenre, z, e, i, NULL);
    if (!m) break;
    i += m;
  }
  size_t m = words_at(&wlDocType, z, e, i, NULL);
  return m && i + m == e;
}

/* End of the topic of z[s..e): before its document type and the genre words before that. */
static size_t topic_end(const char *z, size_t s, size_t e) {
  size_t m = words_before(&wlDocType, z, s, e);
  e -= m;
  for (;;) {
    size_t g = words_before(&wlGenre, z, s, e);
    if (!g || e - g == s) break;
    e -= g;
  }
  return e;
}

int deliverables_find(Arena *a, const char *z, const char *zOrig, size_t n, char **azOut,
                      int nMax) {
  int count = 0;
  for (size_t i = 0; i < n && count < nMax;) {
    size_t m = 0;
    i = words_find(&deliverables_verbs, z, i, n, &m, NULL);
    if (i >= n) break;
    size_t s = i + m;
    /* "地方出台的发展规划" describes documents that exist; "制定本方案" is the document itself. */
    if (words_lit(z, n, s, "的") || words_lit(z, n, s, "本")) {
      i = s;
      continue;
    }
    for (;;) {
      size_t t = words_at(&wlThenVerb, z, n, s, NULL);
      if (!t) break;
      s += t;
    }
    /* The object runs to the end of the clause; it ends with its last document type. Only a
    ** character whose lead byte may be a mark is decoded: the rest are ideographs. */
    size_t clauseEnd = s;
    while (clauseEnd < n) {
      unsigned char c = (unsigned char)z[clauseEnd];
      if (!utf8_lead_may_be_mark(c)) {
        clauseEnd = words_next(z, n, clauseEnd);
        continue;
      }
      int len;
      uint32_t cp = words_cp(z, n, clauseEnd, &len);
      if (cp == 0xFF0C || cp == ',' || utf8_sentence_end_at(z, n, clauseEnd, cp, (size_t)len)) {
        break;
      }
      clauseEnd += (size_t)len;
    }
    size_t e = 0;
    size_t dm = 0;
    for (size_t k = words_find(&wlDocType, z, s, clauseEnd, &dm, NULL); k < clauseEnd;
         k = words_find(&wlDocType, z, k + dm, clauseEnd, &dm, NULL)) {
      e = k + dm;
    }
    if (e <= s) {
      i = s;
      continue;
    }
    /* Split at joins that follow a document type. */
    size_t partStart = s;
    size_t firstStart = s, firstEnd = 0;
    for (size_t k = s; k <= e && count < nMax;) {
      size_t jm = 0;
      k = words_find(&wlJoin, z, k, e, &jm, NULL);   /* the next join, or e */
      int atEnd = (k == e);
      size_t dt = atEnd || jm ? words_before(&wlDocType, z, partStart, k) : 0;
      if (atEnd || (jm && dt)) {
        if (k > partStart) {
          if (firstEnd && only_genre(z, partStart, k)) {
            size_t te = topic_end(z, firstStart, firstEnd);
            size_t nTopic = te - firstStart;
            char *zName = arena_alloc(a, nTopic + (k - partStart) + 1);
            memcpy(zName, zOrig + firstStart, nTopic);
            memcpy(zName + nTopic, zOrig + partStart, k - partStart);
            zName[nTopic + (k - partStart)] = 0;
            azOut[count++] = zName;
          } else if (utf8_nchar(z + partStart, k - partStart) <
                     utf8_nchar(z + k - dt, dt) + 2) {
            /* a bare "方案" names no document */
          } else {
            azOut[count++] = arena_strndup(a, zOrig + partStart, k - partStart);
            if (!firstEnd) {
              firstStart = partStart;
              firstEnd = k;
            }
          }
        }
        if (atEnd) break;
        k += jm;
        partStart = k;
        continue;
      }
      k = words_next(z, e, k);
    }
    i = e;
  }
  return count;
}
