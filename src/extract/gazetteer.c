/*
** Gazetteer: loading place data and finding places in text (see gazetteer.h).
**
** Every findable word becomes a Name: a key in one Lex pointing at a list of places (one for a
** division's name, several for an abbreviation, none for a blocker). When two sources offer
** the same word, the better one wins: explicit aliases, then full names, then short names of
** the home province's prefectures, provinces, home counties, other prefectures.
*/
#include "gazetteer.h"

#include "../base/buf.h"
#include "../base/data.h"
#include "../base/lex.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Zone {
  const char *zName;
  int *aMember;
  int nMember;
} Zone;

typedef struct Country {
  const char *zName;
  PlaceLevel level;      /* PLACE_COUNTRY or PLACE_REGION */
} Country;

/* Guards on a name's use in text. */
enum {
  GUARD_BOUNDARY_BEFORE = 1, /* only after a word boundary (another province's county: "兴城市"
                             ** must not be found in "新兴城市") */
  GUARD_NO_WORD_AFTER = 2,   /* not when a word goes on after it ("荣县" in "繁荣县域") */
  GUARD_AFTER_PARENT = 4     /* only right after its own province or prefecture ("青海久治") */
};

typedef struct Name {
  PlaceLevel level;      /* of the places below; 0 for a blocker */
  PlaceVia via;
  int guard;             /* GUARD_* bits */
  int *aCode;            /* division codes (or one zone/country index) */
  int nCode;
} Name;

typedef struct Candidate {
  char *zKey;            /* the word */
  int prio;              /* lower wins */
  int name;              /* index into aName */
} Candidate;

struct Gazetteer {
  Arena arena;
  Division *aDiv;        /* sorted by code */
  size_t nDiv;
  int *aDivSlot;         /* open-addressing table: code -> index in aDiv, -1 empty */
  size_t maskDivSlot;    /* its size less one (a power of two, at least twice nDiv) */
  int home;              /* home province code */
  Zone *aZone;
  size_t nZone;
  Country *aCountry;
  size_t nCountry;
  Name *aName;
  size_t nName, capName;
  Lex *pLex;             /* word -> index into aName */
};

/* A word with its length in bytes, known when compiling: the loops over the lists below run
** for every division at load, and measured each word with strlen. */
typedef struct Affix {
  const char *z;
  size_t nByte;
} Affix;
#define AFFIX(lit) {lit, sizeof(lit) - 1}

/* Suffixes a division's name may drop to give its short name, longest first. */
static const Affix aSuffix[] = {
    AFFIX("特别行政区"), AFFIX("自治区"), AFFIX("自治州"), AFFIX("自治县"), AFFIX("自治旗"), AFFIX("地区"),
    AFFIX("林区"), AFFIX("特区"), AFFIX("省"), AFFIX("市"), AFFIX("盟"), AFFIX("县"), AFFIX("区"),
    AFFIX("旗")};

/* Ethnic group names, which autonomous divisions carry before their suffix. */
static const Affix aEthnic[] = {
    AFFIX("柯尔克孜"), AFFIX("乌孜别克"), AFFIX("维吾尔"), AFFIX("哈萨克"), AFFIX("塔吉克"), AFFIX("达斡尔"),
    AFFIX("俄罗斯"), AFFIX("鄂温克"), AFFIX("塔塔尔"), AFFIX("鄂伦春"), AFFIX("蒙古"), AFFIX("布依"), AFFIX("朝鲜"),
    AFFIX("土家"), AFFIX("哈尼"), AFFIX("傈僳"), AFFIX("拉祜"), AFFIX("东乡"), AFFIX("纳西"), AFFIX("景颇"),
    AFFIX("仫佬"), AFFIX("布朗"), AFFIX("撒拉"), AFFIX("毛南"), AFFIX("仡佬"), AFFIX("锡伯"), AFFIX("阿昌"),
    AFFIX("普米"), AFFIX("德昂"), AFFIX("保安"), AFFIX("裕固"), AFFIX("独龙"), AFFIX("赫哲"), AFFIX("门巴"),
    AFFIX("珞巴"), AFFIX("基诺"), AFFIX("高山"), AFFIX("回"), AFFIX("藏"), AFFIX("苗"), AFFIX("彝"),
    AFFIX("壮"), AFFIX("满"), AFFIX("侗"), AFFIX("瑶"), AFFIX("白"), AFFIX("傣"), AFFIX("黎"), AFFIX("佤"),
    AFFIX("畲"), AFFIX("水"), AFFIX("土"), AFFIX("羌"), AFFIX("怒"), AFFIX("京")};

/* Does z[0..n) end with zSuf[0..m), with something before it? */
static int ends_with_n(const char *z, size_t n, const char *zSuf, size_t m) {
  return n > m && memcmp(z + n - m, zSuf, m) == 0;
}

static int ends_with(const char *z, size_t n, const char *zSuf) {
  return ends_with_n(z, n, zSuf, strlen(zSuf));
}

/* Short name of a division: its name less suffix and ethnic names; 0 when none. */
static size_t short_name(const char *z, size_t n, int *pAutonomous) {
  *pAutonomous = 0;
  size_t m = n;
  for (size_t k = 0; k < sizeof aSuffix / sizeof aSuffix[0]; k++) {
    if (ends_with_n(z, m, aSuffix[k].z, aSuffix[k].nByte)) {
      if (strncmp(aSuffix[k].z, "自治", 6) == 0) *pAutonomous = 1;
      m -= aSuffix[k].nByte;
      break;
    }
  }
  for (int again = 1; again;) {
    again = 0;
    if (ends_with(z, m, "族")) m -= 3;
    for (size_t k = 0; k < sizeof aEthnic / sizeof aEthnic[0]; k++) {
      if (ends_with_n(z, m, aEthnic[k].z, aEthnic[k].nByte) && m - aEthnic[k].nByte >= 6) {
        m -= aEthnic[k].nByte;
        again = 1;
        break;
      }
    }
  }
  if (m == n || utf8_nchar(z, m) < 2) return 0;
  return m;
}

static int ends_in_common_word(const char *z, size_t n) {
  static const char *const az[] = {"城市", "城区", "新区", "矿区", "郊区", "林区", "山区",
                                   "港区", "江区", "河区", "山市", "海区", "安市", "平市",
                                   "和县", "安县", "平县"};
  for (size_t k = 0; k < sizeof az / sizeof az[0]; k++) {
    if (ends_with(z, n, az[k]) && n == strlen(az[k]) + 3) return 1;
  }
  return 0;
}

static int cmp_div(const void *a, const void *b) {
  const Division *x = a, *y = b;
  return (x->code > y->code) - (x->code < y->code);
}

static size_t div_slot(int code, size_t mask) {
  return (size_t)(((uint32_t)code * 2654435761u) >> 8) & mask;
}

/* The table gazetteer_division reads, over aDiv as loaded (codes are unique). A lookup is one
** probe or two: every place found in a text asks for its division, and a binary search of
** three thousand codes took a dozen unpredictable steps. */
static void index_divisions(Gazetteer *g) {
  size_t nSlot = 16;
  while (nSlot < 2 * g->nDiv) nSlot *= 2;
  g->maskDivSlot = nSlot - 1;
  g->aDivSlot = xmalloc(sizeof(int) * nSlot);
  for (size_t i = 0; i < nSlot; i++) g->aDivSlot[i] = -1;
  for (size_t i = 0; i < g->nDiv; i++) {
    size_t h = div_slot(g->aDiv[i].code, g->maskDivSlot);
    while (g->aDivSlot[h] >= 0) h = (h + 1) & g->maskDivSlot;
    g->aDivSlot[h] = (int)i;
  }
}

const Division *gazetteer_division(const Gazetteer *g, int code) {
  if (!g->aDivSlot) return NULL;   /* no divisions loaded */
  for (size_t h = div_slot(code, g->maskDivSlot);; h = (h + 1) & g->maskDivSlot) {
    int k = g->aDivSlot[h];
    if (k < 0) return NULL;
    if (g->aDiv[k].code == code) return &g->aDiv[k];
  }
}

int gazetteer_province_of(const Gazetteer *g, int code) {
  const Division *d = gazetteer_division(g, code);
  for (int guard = 0; d && d->level != PLACE_PROVINCE && guard < 4; guard++) {
    d = gazetteer_division(g, d->parent);
  }
  return d ? d->code : 0;
}

int gazetteer_prefecture_of(const Gazetteer *g, int code) {
  const Division *d = gazetteer_division(g, code);
  if (!d || d->level == PLACE_PROVINCE) return 0;
  if (d->level == PLACE_PREFECTURE) return d->code;
  return d->parent;
}

int gazetteer_home(const Gazetteer *g) { return g->home; }

const char *gazetteer_zone_name(const Gazetteer *g, int i) {
  return (i >= 0 && (size_t)i < g->nZone) ? g->aZone[i].zName : "";
}

const char *gazetteer_country_name(const Gazetteer *g, int i) {
  return (i >= 0 && (size_t)i < g->nCountry) ? g->aCountry[i].zName : "";
}

int gazetteer_zone_members(const Gazetteer *g, int i, const int **paCode) {
  if (i < 0 || (size_t)i >= g->nZone) return 0;
  *paCode = g->aZone[i].aMember;
  return g->aZone[i].nMember;
}

size_t gazetteer_count(const Gazetteer *g) { return g->nDiv; }

size_t gazetteer_home_count(const Gazetteer *g, PlaceLevel level) {
  size_t n = 0;
  for (size_t i = 0; i < g->nDiv; i++) {
    if (g->aDiv[i].level == level && gazetteer_province_of(g, g->aDiv[i].code) == g->home) n++;
  }
  return n;
}

/* ---- building ---------------------------------------------------------------------------- */

typedef struct Build {
  Gazetteer *g;
  Candidate *aCand;
  size_t nCand, capCand;
  Lex *pStop;            /* short names never used alone */
} Build;

static int new_name(Gazetteer *g, PlaceLevel level, PlaceVia via) {
  MEM_GROW(g->aName, g->capName, g->nName + 1);
  Name *n = &g->aName[g->nName];
  n->level = level;
  n->via = via;
  n->guard = 0;
  n->aCode = NULL;
  n->nCode = 0;
  return (int)g->nName++;
}

static void name_add_code(Gazetteer *g, int name, int code) {
  Name *n = &g->aName[name];
  n->aCode = xrealloc(n->aCode, sizeof(int) * (size_t)(n->nCode + 1));
  n->aCode[n->nCode++] = code;
}

static void candidate(Build *b, const char *z, size_t n, int prio, int name) {
  if (n == 0 || utf8_nchar(z, n) < 2) return;
  MEM_GROW(b->aCand, b->capCand, b->nCand + 1);
  b->aCand[b->nCand++] = (Candidate){xstrndup(z, n), prio, name};
}

static int cmp_cand(const void *a, const void *b) {
  const Candidate *x = a, *y = b;
  int c = strcmp(x->zKey, y->zKey);
  if (c) return c;
  return (x->prio > y->prio) - (x->prio < y->prio);
}

static void load_divisions(Build *b) {
  Gazetteer *g = b->g;
  size_t n = 0;
  const char *z = data_get("places/divisions.tsv", &n);
  if (!z) return;
  size_t cap = 0;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField < 3) continue;
    MEM_GROW(g->aDiv, cap, g->nDiv + 1);
    Division *d = &g->aDiv[g->nDiv++];
    d->code = tsv_int(&r, 0);
    d->zName = arena_strndup(&g->arena, r.az[1], r.an[1]);
    d->level = tsv_eq(&r, 2, "province")     ? PLACE_PROVINCE
               : tsv_eq(&r, 2, "prefecture") ? PLACE_PREFECTURE
                                             : PLACE_COUNTY;
    d->parent = r.nField > 3 ? tsv_int(&r, 3) : 0;
  }
  if (g->nDiv > 1) qsort(g->aDiv, g->nDiv, sizeof(Division), cmp_div);
  index_divisions(g);
}

static void add_division_names(Build *b) {
  Gazetteer *g = b->g;
  for (size_t i = 0; i < g->nDiv; i++) {
    const Division *d = &g->aDiv[i];
    int home = gazetteer_province_of(g, d->code) == g->home;
    int name = new_name(g, d->level, VIA_NAME);
    name_add_code(g, name, d->code);
    size_t n = strlen(d->zName);
    size_t nChar = utf8_nchar(d->zName, n);
    /* Another province's county whose name ends in an ordinary word ("兴城市" in "新兴城市")
    ** needs a word boundary before it. */
    if (d->level == PLACE_COUNTY && !home && ends_in_common_word(d->zName, n)) {
      g->aName[name].guard |= GUARD_BOUNDARY_BEFORE;
    }
    if (nChar == 2) g->aName[name].guard |= GUARD_NO_WORD_AFTER;
    /* Another province's two-character county ("成县") hides in too many words. */
    int skipFull = (nChar == 2 && !home && d->level == PLACE_COUNTY);
    if (!skipFull && lex_get(b->pStop, d->zName, n) < 0) candidate(b, d->zName, n, 10, name);
    int autonomous = 0;
    size_t m = short_name(d->zName, n, &autonomous);
    if (m == 0) continue;
    int prio;
    if (d->level == PLACE_PROVINCE) prio = 22;
    else if (d->level == PLACE_PREFECTURE) prio = home ? 20 : 24;
    else if (home) prio = 23;
    else {
      /* Another province's county by its short name only right after its province or
      ** prefecture: "青海久治". */
      int guarded = new_name(g, d->level, VIA_NAME);
      name_add_code(g, guarded, d->code);
      g->aName[guarded].guard = GUARD_AFTER_PARENT;
      candidate(b, d->zName, m, 40, guarded);
      continue;
    }
    if (lex_get(b->pStop, d->zName, m) >= 0) continue;
    candidate(b, d->zName, m, prio, name);
    if (autonomous && d->level == PLACE_PREFECTURE) {
      /* 凉山彝族自治州 is also 凉山州 */
      char buf[128];
      if (m + 4 < sizeof buf) {
        memcpy(buf, d->zName, m);
        memcpy(buf + m, "州", 3);
        candidate(b, buf, m + 3, prio, name);
      }
    }
  }
}

static void load_home(Build *b) {
  size_t n = 0;
  const char *z = data_get("places/home.tsv", &n);
  b->g->home = 510000;
  if (!z) return;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (tsv_eq(&r, 0, "province") && tsv_int(&r, 1) > 0) b->g->home = tsv_int(&r, 1);
  }
}

static void load_stop(Build *b) {
  b->pStop = lex_new();
  size_t n = 0;
  const char *z = data_get("places/stop.txt", &n);
  if (!z) return;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.an[0]) lex_add(b->pStop, r.az[0], r.an[0], 1);
  }
}

typedef struct CodeList {
  Gazetteer *g;
  int name;
} CodeList;

static void add_code_item(void *ctx, const char *z, size_t n) {
  CodeList *c = ctx;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (z[i] < '0' || z[i] > '9') return;
    v = v * 10 + (z[i] - '0');
  }
  if (v > 0) name_add_code(c->g, c->name, v);
}

static void load_aliases(Build *b) {
  Gazetteer *g = b->g;
  size_t n = 0;
  const char *z = data_get("places/aliases.tsv", &n);
  if (!z) return;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField < 3) continue;
    PlaceVia via = tsv_eq(&r, 2, "abbreviation") ? VIA_ABBREVIATION
                   : tsv_eq(&r, 2, "landmark")   ? VIA_LANDMARK
                                                 : VIA_ALIAS;
    int blocker = tsv_eq(&r, 2, "blocker");
    int name = new_name(g, blocker ? 0 : PLACE_COUNTY, via);
    if (!blocker) {
      CodeList c = {g, name};
      tsv_split_list(r.az[1], r.an[1], add_code_item, &c);
    }
    candidate(b, r.az[0], r.an[0], 0, name);
  }
}

typedef struct ZoneAlias {
  Build *b;
  int name;
} ZoneAlias;

static void add_zone_alias(void *ctx, const char *z, size_t n) {
  ZoneAlias *a = ctx;
  candidate(a->b, z, n, 1, a->name);
}

static void load_zones(Build *b) {
  Gazetteer *g = b->g;
  size_t n = 0;
  const char *z = data_get("places/zones.tsv", &n);
  if (!z) return;
  size_t cap = 0;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField < 3) continue;
    MEM_GROW(g->aZone, cap, g->nZone + 1);
    Zone *zo = &g->aZone[g->nZone];
    zo->zName = arena_strndup(&g->arena, r.az[0], r.an[0]);
    int tmp = new_name(g, PLACE_ZONE, VIA_ZONE);
    CodeList c = {g, tmp};
    tsv_split_list(r.az[2], r.an[2], add_code_item, &c);
    zo->aMember = g->aName[tmp].aCode;
    zo->nMember = g->aName[tmp].nCode;
    g->aName[tmp].aCode = xmalloc(sizeof(int));
    g->aName[tmp].aCode[0] = (int)g->nZone;
    g->aName[tmp].nCode = 1;
    candidate(b, r.az[0], r.an[0], 1, tmp);
    ZoneAlias za = {b, tmp};
    tsv_split_list(r.az[1], r.an[1], add_zone_alias, &za);
    g->nZone++;
  }
}

static void load_countries(Build *b) {
  Gazetteer *g = b->g;
  size_t n = 0;
  const char *z = data_get("places/countries.tsv", &n);
  if (!z) return;
  size_t cap = 0;
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField < 2) continue;
    /* The home country is the setting of every document, not a place it names. */
    int blocker = tsv_eq(&r, 0, "中国");
    MEM_GROW(g->aCountry, cap, g->nCountry + 1);
    Country *c = &g->aCountry[g->nCountry];
    c->zName = arena_strndup(&g->arena, r.az[0], r.an[0]);
    c->level = tsv_eq(&r, 1, "region") ? PLACE_REGION : PLACE_COUNTRY;
    int name = new_name(g, blocker ? 0 : c->level, VIA_NAME);
    if (!blocker) name_add_code(g, name, (int)g->nCountry);
    /* "海地" hides in "沿海地区": short country names need a word boundary before them. */
    if (c->level == PLACE_COUNTRY && utf8_nchar(r.az[0], r.an[0]) <= 2) {
      g->aName[name].guard = GUARD_BOUNDARY_BEFORE;
    }
    candidate(b, r.az[0], r.an[0], 30, name);
    if (r.nField > 2) {
      ZoneAlias za = {b, name};
      tsv_split_list(r.az[2], r.an[2], add_zone_alias, &za);
    }
    g->nCountry++;
  }
}

Gazetteer *gazetteer_load(void) {
  Gazetteer *g = xcalloc(1, sizeof(Gazetteer));
  arena_init(&g->arena);
  Build b = {0};
  b.g = g;
  load_home(&b);
  load_stop(&b);
  load_divisions(&b);
  load_aliases(&b);
  load_zones(&b);
  add_division_names(&b);
  load_countries(&b);
  if (b.nCand > 1) qsort(b.aCand, b.nCand, sizeof(Candidate), cmp_cand);
  g->pLex = lex_new();
  for (size_t i = 0; i < b.nCand; i++) {
    lex_add(g->pLex, b.aCand[i].zKey, strlen(b.aCand[i].zKey), b.aCand[i].name);
    free(b.aCand[i].zKey);
  }
  free(b.aCand);
  lex_free(b.pStop);
  return g;
}

void gazetteer_free(Gazetteer *g) {
  if (!g) return;
  for (size_t i = 0; i < g->nName; i++) free(g->aName[i].aCode);
  for (size_t i = 0; i < g->nZone; i++) free(g->aZone[i].aMember);
  free(g->aName);
  free(g->aZone);
  free(g->aCountry);
  free(g->aDiv);
  free(g->aDivSlot);
  lex_free(g->pLex);
  arena_free(&g->arena);
  free(g);
}

/* ---- finding ----------------------------------------------------------------------------- */

/* Characters after which a word boundary is certain enough for a guarded name. */
static int boundary_char(uint32_t cp) {
  static const uint32_t a[] = {0x81F3 /* 至 */, 0x548C /* 和 */, 0x4E0E /* 与 */, 0x53CA /* 及 */,
                               0x5728 /* 在 */, 0x5230 /* 到 */, 0x7ECF /* 经 */, 0x4ECE /* 从 */,
                               0x5411 /* 向 */, 0x5BF9 /* 对 */, 0x4EE5 /* 以 */, 0x7684 /* 的 */,
                               0x7701 /* 省 */, 0x5E02 /* 市 */, 0x5DDE /* 州 */, 0x533A /* 区 */};
  if (!utf8_is_han(cp)) return 1;
  for (size_t k = 0; k < sizeof a / sizeof a[0]; k++) {
    if (a[k] == cp) return 1;
  }
  return 0;
}

/* Characters that, right after a two-character name, show it is part of a longer word. */
static int word_goes_on(uint32_t cp) {
  static const uint32_t a[] = {0x7EA7 /* 级 */, 0x57DF /* 域 */, 0x57CE /* 城 */, 0x59D4 /* 委 */,
                               0x957F /* 长 */, 0x4E61 /* 乡 */, 0x9547 /* 镇 */, 0x91CC /* 里 */,
                               0x5185 /* 内 */, 0x5916 /* 外 */, 0x60C5 /* 情 */, 0x653F /* 政 */,
                               0x8D22 /* 财 */, 0x4EFD /* 份 */, 0x9645 /* 际 */, 0x6C11 /* 民 */};
  for (size_t k = 0; k < sizeof a / sizeof a[0]; k++) {
    if (a[k] == cp) return 1;
  }
  return 0;
}

static int guard_ok(const Gazetteer *g, const Name *nm, const char *z, size_t nByte, size_t i,
                    size_t m, size_t lastEnd, int lastCode) {
  if (nm->guard & GUARD_AFTER_PARENT) {
    const Division *d = gazetteer_division(g, nm->aCode[0]);
    if (i != lastEnd || !d || !lastCode) return 0;
    if (d->parent != lastCode && gazetteer_province_of(g, d->code) != lastCode) return 0;
  }
  if ((nm->guard & GUARD_BOUNDARY_BEFORE) && i > 0 && i != lastEnd) {
    uint32_t cp;
    size_t p = utf8_prev(z, i);
    utf8_decode((const unsigned char *)z + p, i - p, &cp);
    if (!boundary_char(cp)) return 0;
  }
  if ((nm->guard & GUARD_NO_WORD_AFTER) && i + m < nByte) {
    uint32_t cp;
    utf8_decode((const unsigned char *)z + i + m, nByte - i - m, &cp);
    if (word_goes_on(cp)) return 0;
  }
  return 1;
}

void gazetteer_find(const Gazetteer *g, const char *z, size_t nByte, PlaceHit **paHit,
                    size_t *pnHit, size_t *pnCap) {
  gazetteer_find_hits(g, NULL, z, nByte, paHit, pnHit, pnCap);
}

const Lex *gazetteer_lex(const Gazetteer *g) { return g->pLex; }

void gazetteer_find_hits(const Gazetteer *g, const LexHits *pWords, const char *z, size_t nByte,
                         PlaceHit **paHit, size_t *pnHit, size_t *pnCap) {
  LexCursor c;
  lex_cursor_init(&c, g->pLex, pWords, 0);
  size_t i = 0;
  size_t lastEnd = (size_t)-1;
  int lastCode = 0;  /* division of the previous match, for GUARD_AFTER_PARENT */
  while (i < nByte) {
    int v = -1;
    size_t m = 0;
    i = lex_cursor_next(&c, z, nByte, i, &m, &v);   /* the next place word from i */
    if (i >= nByte) break;
    if ((unsigned char)z[i] < 0x80) {   /* places are not looked for at ASCII */
      i++;
      continue;
    }
    const Name *nm = &g->aName[v];
    if (!guard_ok(g, nm, z, nByte, i, m, lastEnd, lastCode)) {
      i++;
      while (i < nByte && ((unsigned char)z[i] & 0xC0) == 0x80) i++;
      continue;
    }
    for (int k = 0; k < nm->nCode; k++) {
      MEM_GROW(*paHit, *pnCap, *pnHit + 1);
      PlaceHit *h = &(*paHit)[(*pnHit)++];
      h->iStart = i;
      h->iEnd = i + m;
      h->via = nm->via;
      h->index = -1;
      h->code = 0;
      if (nm->level == PLACE_ZONE || nm->level == PLACE_COUNTRY || nm->level == PLACE_REGION) {
        h->level = nm->level;
        h->index = nm->aCode[k];
      } else {
        const Division *d = gazetteer_division(g, nm->aCode[k]);
        if (!d) {
          (*pnHit)--;
          continue;
        }
        h->level = d->level;
        h->code = d->code;
      }
    }
    i += m;
    lastEnd = i;
    lastCode = (nm->nCode == 1 && nm->level != PLACE_ZONE && nm->level != PLACE_COUNTRY &&
                nm->level != PLACE_REGION)
                   ? nm->aCode[0]
                   : 0;
  }
}
