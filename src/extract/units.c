/*
** Units: assignment notes and lead-unit suggestions (see units.h).
**
** The lexicon puts every keyword in one Lex pointing at a (department, weight) list; scoring a
** task is one scan of its text. A keyword's weight is its length in characters, so that
** "工业互联网" counts for more than "工业".
*/
#include "units.h"

#include "../base/data.h"
#include "../base/lex.h"
#include "../base/utf8.h"
#include "tsv.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>

typedef struct Keyword {
  int *aDept;            /* departments listing this keyword */
  int nDept;
  int nChar;             /* its length in characters: its weight */
} Keyword;

struct UnitLexicon {
  Arena arena;
  const char **azDept;   /* department names */
  int nDept;
  Keyword *aKey;
  int nKey, capKey;
  Lex *pLex;             /* keyword -> index into aKey */
};

typedef struct KeyCtx {
  UnitLexicon *u;
  int dept;
} KeyCtx;

static void add_keyword(void *ctx, const char *z, size_t n) {
  KeyCtx *c = ctx;
  UnitLexicon *u = c->u;
  int k = lex_get(u->pLex, z, n);
  if (k < 0) {
    size_t cap = (size_t)u->capKey;
    MEM_GROW(u->aKey, cap, (size_t)u->nKey + 1);
    u->capKey = (int)cap;
    k = u->nKey++;
    u->aKey[k].aDept = NULL;
    u->aKey[k].nDept = 0;
    u->aKey[k].nChar = (int)utf8_nchar(z, n);
    lex_add(u->pLex, z, n, k);
  }
  Keyword *kw = &u->aKey[k];
  kw->aDept = xrealloc(kw->aDept, sizeof(int) * (size_t)(kw->nDept + 1));
  kw->aDept[kw->nDept++] = c->dept;
}

UnitLexicon *units_lexicon_load(void) {
  UnitLexicon *u = xcalloc(1, sizeof(UnitLexicon));
  arena_init(&u->arena);
  u->pLex = lex_new();
  size_t n = 0;
  const char *z = data_get("units/departments.tsv", &n);
  if (!z) return u;
  size_t cap = 0;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField < 3) continue;
    MEM_GROW(u->azDept, cap, (size_t)u->nDept + 1);
    u->azDept[u->nDept] = arena_strndup(&u->arena, r.az[0], r.an[0]);
    KeyCtx c = {u, u->nDept};
    tsv_split_list(r.az[2], r.an[2], add_keyword, &c);
    u->nDept++;
  }
  return u;
}

void units_lexicon_free(UnitLexicon *u) {
  if (!u) return;
  for (int i = 0; i < u->nKey; i++) free(u->aKey[i].aDept);
  free(u->aKey);
  free(u->azDept);
  lex_free(u->pLex);
  arena_free(&u->arena);
  free(u);
}

const char *units_name(const UnitLexicon *u, int i) {
  return (i >= 0 && i < u->nDept) ? u->azDept[i] : "";
}

int units_suggest(const UnitLexicon *u, const char *z, size_t n, int *aOut, int nMax) {
  return units_suggest_hits(u, NULL, NULL, z, 0, n, aOut, nMax);
}

const Lex *units_lex(const UnitLexicon *u) { return u->pLex; }

int units_suggest_hits(const UnitLexicon *u, const LexHits *pHits, size_t *pNext,
                       const char *zText, size_t s, size_t e, int *aOut, int nMax) {
  const char *z = zText + s;
  size_t n = e - s;
  if (u->nDept == 0) return 0;
  LexCursor c;
  lex_cursor_init(&c, u->pLex, pHits, s);
  if (pHits && pNext) lex_cursor_resume(&c, *pNext);
  int aSmall[64];
  int *aScore = u->nDept <= 64 ? aSmall : xmalloc(sizeof(int) * (size_t)u->nDept);
  memset(aScore, 0, sizeof(int) * (size_t)u->nDept);
  /* Keywords are matched from i, stepping a character (words_next) at a time. A caller may
  ** hand a range that starts inside a character: words_next steps from a continuation byte
  ** by two, so the scan's positions are kept as they were until they reach a character start
  ** (from there lex_next visits the same ones). */
  size_t i = 0;
  int lo = u->nDept, hi = 0;   /* the departments scored lie in [lo, hi) */
  while (i < n && ((unsigned char)z[i] & 0xC0) == 0x80) i = words_next(z, n, i);
  while (i < n) {
    int k = -1;
    size_t m = 0;
    size_t p = lex_cursor_next(&c, z, n, i, &m, &k);
    if (p >= n) break;
    int w = u->aKey[k].nChar;
    for (int d = 0; d < u->aKey[k].nDept; d++) {
      int dept = u->aKey[k].aDept[d];
      aScore[dept] += w;
      if (dept < lo) lo = dept;
      if (dept >= hi) hi = dept + 1;
    }
    i = p + m;
  }
  if (pHits && pNext) *pNext = lex_cursor_where(&c);
  int count = 0;
  int best = 0;
  for (int pick = 0; pick < nMax; pick++) {
    int top = -1;
    for (int d = lo; d < hi; d++) {   /* only [lo, hi) scored: most texts score none */
      if (aScore[d] > 0 && (top < 0 || aScore[d] > aScore[top])) top = d;
    }
    if (top < 0) break;
    if (count == 0) best = aScore[top];
    /* A second suggestion must be nearly as strong as the first. */
    if (count > 0 && aScore[top] * 3 < best * 2) break;
    aOut[count++] = top;
    aScore[top] = 0;
  }
  if (aScore != aSmall) free(aScore);
  return count;
}

/* ---- assignment notes -------------------------------------------------------------------- */

static WordList wlLeadSuffix = WORDS("牵头", "负责", "牵头负责");
static WordList wlTimeKey = WORDS("完成时限", "时限", "完成时间", "时间节点", "完成期限");
static WordList wlCoopSuffix = WORDS("配合", "参与");
static WordList wlLeadKey = WORDS("牵头单位", "牵头部门", "责任单位", "责任部门",
                                        "主办单位", "主责单位", "牵头", "牵头责任单位",
                                        "牵头责任部门", "主要责任单位", "责任主体");
static WordList wlCoopKey = WORDS("配合单位", "配合部门", "协办单位", "参与单位",
                                        "协同单位", "配合", "协同责任单位", "配合责任单位",
                                        "协助单位", "协同部门", "协办部门", "参与部门");
/* The responsible leader of an item, as 责任分解 notices label it. */
static WordList wlLeaderKey = WORDS("牵头负责领导", "分管省领导", "分管市领导", "分管县领导",
                                    "分管领导", "责任领导", "牵头领导", "牵头省领导",
                                    "责任省领导", "联系领导");
/* Labels whose value is itself written as parts: "部门分工：省财政厅牵头，省税务局配合". */
static WordList wlShareKey = WORDS("部门分工", "责任分工", "任务分工", "分工");

typedef struct List {
  Arena *a;
  char **az;
  int n;
  int cap;
} List;

/* Words that close a list of units without being a unit: "省财政厅、省税务局等", "…等部门". */
static WordList wlListEnd = WORDS("等", "等部门", "等单位", "等有关部门", "等有关单位");

static void list_add(void *ctx, const char *z, size_t n) {
  List *l = ctx;
  size_t end = words_before(&wlListEnd, z, 0, n);
  if (end && end < n) n -= end;
  if (n == 0 || n > 300) return;
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 4;
    char **az = arena_alloc(l->a, sizeof(char *) * (size_t)cap);
    if (l->n) memcpy(az, l->az, sizeof(char *) * (size_t)l->n);
    l->az = az;
    l->cap = cap;
  }
  l->az[l->n++] = arena_strndup(l->a, z, n);
}

/* Split "A、B，C" into the list. Unit names keep their 和 (市工业和信息化局) and their brackets
** (各县（市、区）人民政府). */
static void split_names(List *l, const char *z, size_t n) {
  size_t s = 0;
  int depth = 0;
  for (size_t i = 0; i <= n;) {
    size_t sep = 0;
    if (i < n) {
      if (words_lit(z, n, i, "（") || z[i] == '(') depth++;
      else if ((words_lit(z, n, i, "）") || z[i] == ')') && depth > 0) depth--;
      else if (depth == 0 && (words_lit(z, n, i, "、") || words_lit(z, n, i, "，"))) sep = 3;
      else if (depth == 0 && (z[i] == ',' || z[i] == ' ')) sep = 1;
    }
    if (i == n || sep) {
      size_t a = s, b = i;
      while (a < b && z[a] == ' ') a++;
      while (b > a && z[b - 1] == ' ') b--;
      list_add(l, z + a, b - a);
      if (i == n) break;
      i += sep;
      s = i;
      continue;
    }
    i = words_next(z, n, i);
  }
}

int units_split(Arena *a, const char *z, size_t n, char ***pazOut) {
  List l = {a, NULL, 0, 0};
  split_names(&l, z, n);
  *pazOut = l.az;
  return l.n;
}

int units_deadline_year(const char *p, size_t m) {
  for (size_t i = 0; i < m; i = words_next(p, m, i)) {
    double v;
    size_t d = words_number(p, m, i, &v);
    if (d && v >= 1990 && v <= 2100 && words_lit(p, m, i + d, "年")) return (int)v;
    if (d) i += d - 1;
  }
  return 0;
}

/* Length of the label and its colon at z[i] of z[0..n) ("牵头责任单位：", "分管省领导:"),
** of any kind a note knows, or 0. */
static size_t label_at(const char *z, size_t n, size_t i) {
  static WordList *const aList[] = {&wlLeadKey, &wlCoopKey, &wlTimeKey, &wlLeaderKey, &wlShareKey};
  for (size_t k = 0; k < sizeof aList / sizeof aList[0]; k++) {
    size_t m = words_at(aList[k], z, n, i, NULL);
    if (m && words_lit(z, n, i + m, "：")) return m + 3;
    if (m && i + m < n && z[i + m] == ':') return m + 1;
  }
  return 0;
}

/* Does a new part of a note start at z[i] (after a comma): a key, or "X牵头" / "X配合"? */
static int part_starts(const char *z, size_t n, size_t i) {
  if (words_at(&wlLeadKey, z, n, i, NULL) || words_at(&wlCoopKey, z, n, i, NULL) ||
      words_at(&wlTimeKey, z, n, i, NULL) || label_at(z, n, i)) {
    return 1;
  }
  for (size_t k = i; k < n && k < i + 300; k = words_next(z, n, k)) {
    if (words_lit(z, n, k, "，") || words_lit(z, n, k, "；")) break;
    if (words_at(&wlLeadSuffix, z, n, k, NULL) || words_at(&wlCoopSuffix, z, n, k, NULL)) return 1;
  }
  return 0;
}

/* Read one part "KEY：value" or "names牵头" into the assignment lists. */
static int read_part(const char *p, size_t m, List *lead, List *coop, Assignment *pa, Arena *a) {
  size_t lm = words_at(&wlLeaderKey, p, m, 0, NULL);
  size_t sm = lm ? 0 : words_at(&wlShareKey, p, m, 0, NULL);
  size_t colon = lm + sm ? label_at(p, m, 0) : 0;
  if (colon && lm) {
    size_t s = colon, e = m;
    while (s < e && p[s] == ' ') s++;
    while (e > s && p[e - 1] == ' ') e--;
    if (e > s) pa->zLeader = arena_strndup(a, p + s, e - s);
    return e > s;
  }
  if (colon) return read_part(p + colon, m - colon, lead, coop, pa, a);   /* 部门分工：X牵头 */
  int k = -1;
  size_t km = words_at(&wlLeadKey, p, m, 0, &k);
  size_t cm = km ? 0 : words_at(&wlCoopKey, p, m, 0, NULL);
  size_t tm = (km || cm) ? 0 : words_at(&wlTimeKey, p, m, 0, NULL);
  size_t key = km + cm + tm;
  if (key && (words_lit(p, m, key, "：") || words_lit(p, m, key, ":"))) {
    size_t off = key + (p[key] == ':' ? 1 : 3);
    if (tm) {
      pa->zDeadline = arena_strndup(a, p + off, m - off);
      pa->deadlineYear = units_deadline_year(p + off, m - off);
      return 1;
    }
    split_names(km ? lead : coop, p + off, m - off);
    return 1;
  }
  size_t suf = words_before(&wlLeadSuffix, p, 0, m);
  if (suf && m > suf) {
    split_names(lead, p, m - suf);
    return 1;
  }
  suf = words_before(&wlCoopSuffix, p, 0, m);
  if (suf && m > suf) {
    split_names(coop, p, m - suf);
    return 1;
  }
  return 0;
}

/* Read z[0..n) as parts of an assignment into *pa (zeroed first); returns whether any part was
** read. */
static int parse_parts(Arena *a, const char *z, size_t n, Assignment *pa) {
  List lead = {a, NULL, 0, 0}, coop = {a, NULL, 0, 0};
  memset(pa, 0, sizeof *pa);
  int found = 0;
  /* Parts end at ；, or at a comma that a new key follows; brackets inside names are kept. */
  size_t s = 0;
  size_t valueAt = label_at(z, n, 0);   /* where the value of the part from s starts */
  int depth = 0;
  for (size_t i = 0; i <= n;) {
    int end = (i == n);
    if (!end) {
      if (words_lit(z, n, i, "（") || z[i] == '(') depth++;
      else if ((words_lit(z, n, i, "）") || z[i] == ')') && depth > 0) depth--;
      else if (depth == 0 && (words_lit(z, n, i, "；") || z[i] == ';' || words_lit(z, n, i, "。")))
        end = 1;
      else if (depth == 0 && words_lit(z, n, i, "，")) end = part_starts(z, n, i + 3);
      else if (depth == 0 && i > valueAt && label_at(z, n, i)) {
        /* a label right after the value before it, the line break between them gone:
        ** "分管省领导：王某部门分工：…" */
        found |= read_part(z + s, i - s, &lead, &coop, pa, a);
        s = i;
        valueAt = s + label_at(z, n, s);
        i = words_next(z, n, i);
        continue;
      }
    }
    if (end) {
      if (i > s) found |= read_part(z + s, i - s, &lead, &coop, pa, a);
      if (i == n) break;
      i = words_next(z, n, i);
      s = i;
      valueAt = s + label_at(z, n, s);
      continue;
    }
    i = words_next(z, n, i);
  }
  pa->azLead = lead.az;
  pa->nLead = lead.n;
  pa->azCooperating = coop.az;
  pa->nCooperating = coop.n;
  return found;
}

int units_parse_assignment(Arena *a, const char *z, size_t n, Assignment *pa) {
  return parse_parts(a, z, n, pa) && (pa->nLead + pa->nCooperating > 0 || pa->zLeader);
}

int units_parse_labels(Arena *a, const char *z, size_t n, Assignment *pa) {
  if (!label_at(z, n, 0)) return 0;
  /* under an item, a time limit alone is a label too (完成时限：2024年6月底前。) */
  return parse_parts(a, z, n, pa) &&
         (pa->nLead + pa->nCooperating > 0 || pa->zLeader || pa->zDeadline);
}
