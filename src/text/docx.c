/*
** Docx: reading a Word .docx into plain text, one paragraph per line (see docx.h).
**
** Three parts of the archive are streamed through expat, each in its own pass and in this
** order: word/styles.xml (which paragraph styles carry list numbering), word/numbering.xml
** (the list definitions: w:abstractNum levels and the w:num instances that point at them),
** then word/document.xml, whose paragraphs are written to the output as they close. Parsing is
** namespace-aware, so only elements of the WordprocessingML namespace (transitional or strict)
** count, whatever prefix a producer chose. Every part is read from libzip in chunks straight
** into expat's buffer and capped at nMaxByte inflated bytes. Nothing here touches the file
** system; the numbering tables live only for one call.
*/
#include "docx.h"

#include "../base/mem.h"
#include "../base/utf8.h"

#include <expat.h>
#include <zip.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main "
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006 "

#define PART_DOCUMENT "word/document.xml"
#define PART_NUMBERING "word/numbering.xml"
#define PART_STYLES "word/styles.xml"

#define CHUNK_BYTES 65536     /* inflated bytes handed to expat at a time */
#define N_LEVEL 9             /* list levels 0..8, as in Word */
#define COUNT_UNSET INT_MIN   /* a level counter that has not started yet */
#define START_MAX 1000000000  /* list start values are clamped to 0..START_MAX */
#define STYLE_CHAIN_MAX 16    /* w:basedOn links followed at most */

/* ---- Names and attributes ---------------------------------------------------------------- */

/* The local name of zName when it is in the WordprocessingML namespace, else NULL. With
** namespace processing expat passes names as "URI localname". */
static const char *w_local(const char *zName) {
  if (strncmp(zName, W_NS, sizeof W_NS - 1) == 0) return zName + sizeof W_NS - 1;
  if (strncmp(zName, W_NS_STRICT, sizeof W_NS_STRICT - 1) == 0) {
    return zName + sizeof W_NS_STRICT - 1;
  }
  return NULL;
}

/* The value of attribute w:zLocal (or of an unqualified zLocal) in azAttr, or NULL. */
static const char *attr_get(const char **azAttr, const char *zLocal) {
  for (int i = 0; azAttr[i]; i += 2) {
    const char *zName = azAttr[i];
    const char *z = w_local(zName);
    if (z == NULL && strchr(zName, ' ') == NULL) z = zName;
    if (z != NULL && strcmp(z, zLocal) == 0) return azAttr[i + 1];
  }
  return NULL;
}

/* Parse a decimal integer attribute value into *pOut. Returns 1 when z is a whole number in
** [lo, hi], else 0 and *pOut unchanged. */
static int int_parse(const char *z, long lo, long hi, int *pOut) {
  if (z == NULL) return 0;
  char *zEnd = NULL;
  long v = strtol(z, &zEnd, 10);
  if (zEnd == z) return 0;
  while (*zEnd == ' ') zEnd++;
  if (*zEnd != 0 || v < lo || v > hi) return 0;
  *pOut = (int)v;
  return 1;
}

/* ---- Number formats ---------------------------------------------------------------------- */

typedef enum NumFmt {
  FMT_DECIMAL = 0,      /* 1 2 3 (also every format not listed here) */
  FMT_DECIMAL_ZERO,     /* 01 02 ... 10 */
  FMT_DECIMAL_FULL,     /* １ ２ ３ */
  FMT_CHINESE,          /* 一 二 … 十 十一 … 二十 … 一百零一 */
  FMT_CHINESE_LEGAL,    /* 壹 贰 … 壹拾 */
  FMT_IDEO_DIGITAL,     /* 一 二 … 一〇 (digit by digit) */
  FMT_IDEO_TRAD,        /* 甲 乙 丙 … 癸 (the ten heavenly stems, cycling) */
  FMT_IDEO_ZODIAC,      /* 子 丑 寅 … 亥 (the twelve earthly branches, cycling) */
  FMT_CIRCLE,           /* ① … ⑳ */
  FMT_PAREN,            /* ⑴ … ⒇ */
  FMT_FULLSTOP,         /* ⒈ … ⒛ */
  FMT_LOWER_LETTER,     /* a … z aa bb … */
  FMT_UPPER_LETTER,     /* A … Z AA BB … */
  FMT_LOWER_ROMAN,      /* i ii iii … */
  FMT_UPPER_ROMAN,      /* I II III … */
  FMT_BULLET,           /* a bullet: renders nothing */
  FMT_NONE              /* no number: renders nothing */
} NumFmt;

static NumFmt fmt_from_name(const char *z) {
  static const struct {
    const char *zName;
    NumFmt fmt;
  } aMap[] = {
      {"decimalZero", FMT_DECIMAL_ZERO},
      {"decimalFullWidth", FMT_DECIMAL_FULL},
      {"decimalFullWidth2", FMT_DECIMAL_FULL},
      {"chineseCounting", FMT_CHINESE},
      {"chineseCountingThousand", FMT_CHINESE},
      {"taiwaneseCounting", FMT_CHINESE},
      {"taiwaneseCountingThousand", FMT_CHINESE},
      {"japaneseCounting", FMT_CHINESE},
      {"chineseLegalSimplified", FMT_CHINESE_LEGAL},
      {"ideographDigital", FMT_IDEO_DIGITAL},
      {"taiwaneseDigital", FMT_IDEO_DIGITAL},
      {"ideographTraditional", FMT_IDEO_TRAD},
      {"ideographZodiac", FMT_IDEO_ZODIAC},
      {"decimalEnclosedCircle", FMT_CIRCLE},
      {"decimalEnclosedCircleChinese", FMT_CIRCLE},
      {"ideographEnclosedCircle", FMT_CIRCLE},
      {"decimalEnclosedParen", FMT_PAREN},
      {"decimalEnclosedFullstop", FMT_FULLSTOP},
      {"lowerLetter", FMT_LOWER_LETTER},
      {"upperLetter", FMT_UPPER_LETTER},
      {"lowerRoman", FMT_LOWER_ROMAN},
      {"upperRoman", FMT_UPPER_ROMAN},
      {"bullet", FMT_BULLET},
      {"none", FMT_NONE},
  };
  if (z == NULL) return FMT_DECIMAL;
  for (size_t i = 0; i < sizeof aMap / sizeof aMap[0]; i++) {
    if (strcmp(z, aMap[i].zName) == 0) return aMap[i].fmt;
  }
  return FMT_DECIMAL;
}

static void put_cp(Buf *b, uint32_t cp) {
  unsigned char a[4];
  int n = utf8_encode(cp, a);
  buf_append(b, a, (size_t)n);
}

/* Chinese numerals for 0 <= v <= 9999: azDigit holds 零..九 (azDigit[0] is written for v == 0
** and for a gap), azUnit the units 十 百 千. bShortTen writes 10..19 as 十, 十一 rather than
** 一十, 一十一. */
static void fmt_chinese(Buf *b, int v, const char *const azDigit[10], const char *zZero,
                        const char *const azUnit[3], int bShortTen) {
  if (v == 0) {
    buf_puts(b, zZero);
    return;
  }
  int aD[4] = {v / 1000 % 10, v / 100 % 10, v / 10 % 10, v % 10};
  int bStarted = 0;
  int bGap = 0;
  for (int i = 0; i < 4; i++) {
    if (aD[i] == 0) {
      if (bStarted) bGap = 1;
      continue;
    }
    if (bGap) buf_puts(b, azDigit[0]);
    bGap = 0;
    if (!(bShortTen && !bStarted && i == 2 && aD[i] == 1)) buf_puts(b, azDigit[aD[i]]);
    if (i < 3) buf_puts(b, azUnit[2 - i]);
    bStarted = 1;
  }
}

static void fmt_roman(Buf *b, int v, int bUpper) {
  static const struct {
    int v;
    const char *zLower;
    const char *zUpper;
  } aR[] = {{1000, "m", "M"}, {900, "cm", "CM"}, {500, "d", "D"}, {400, "cd", "CD"},
            {100, "c", "C"},  {90, "xc", "XC"},  {50, "l", "L"},  {40, "xl", "XL"},
            {10, "x", "X"},   {9, "ix", "IX"},   {5, "v", "V"},   {4, "iv", "IV"},
            {1, "i", "I"}};
  for (size_t i = 0; i < sizeof aR / sizeof aR[0]; i++) {
    while (v >= aR[i].v) {
      buf_puts(b, bUpper ? aR[i].zUpper : aR[i].zLower);
      v -= aR[i].v;
    }
  }
}

/* Append v (>= 0) in format fmt. Values a format cannot show fall back to decimal. */
static void fmt_number(Buf *b, NumFmt fmt, int v) {
  static const char *const azCn[10] = {"零", "一", "二", "三", "四",
                                       "五", "六", "七", "八", "九"};
  static const char *const azCnUnit[3] = {"十", "百", "千"};
  static const char *const azLegal[10] = {"零", "壹", "贰", "叁", "肆",
                                          "伍", "陆", "柒", "捌", "玖"};
  static const char *const azLegalUnit[3] = {"拾", "佰", "仟"};
  static const char *const azIdeo[10] = {"〇", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
  static const char *const azStem[10] = {"甲", "乙", "丙", "丁", "戊",
                                         "己", "庚", "辛", "壬", "癸"};
  static const char *const azBranch[12] = {"子", "丑", "寅", "卯", "辰", "巳",
                                           "午", "未", "申", "酉", "戌", "亥"};
  char zDec[16];
  int nDec = snprintf(zDec, sizeof zDec, "%d", v);
  switch (fmt) {
    case FMT_BULLET:
    case FMT_NONE:
      return;
    case FMT_DECIMAL_ZERO:
      buf_printf(b, "%02d", v);
      return;
    case FMT_DECIMAL_FULL:
      for (int i = 0; i < nDec; i++) put_cp(b, 0xFF10u + (uint32_t)(zDec[i] - '0'));
      return;
    case FMT_CHINESE:
      if (v <= 9999) {
        fmt_chinese(b, v, azCn, "〇", azCnUnit, 1);
        return;
      }
      break;
    case FMT_CHINESE_LEGAL:
      if (v <= 9999) {
        fmt_chinese(b, v, azLegal, "零", azLegalUnit, 0);
        return;
      }
      break;
    case FMT_IDEO_DIGITAL:
      for (int i = 0; i < nDec; i++) buf_puts(b, azIdeo[zDec[i] - '0']);
      return;
    case FMT_IDEO_TRAD:
      if (v >= 1) {
        buf_puts(b, azStem[(v - 1) % 10]);
        return;
      }
      break;
    case FMT_IDEO_ZODIAC:
      if (v >= 1) {
        buf_puts(b, azBranch[(v - 1) % 12]);
        return;
      }
      break;
    case FMT_CIRCLE:
      if (v >= 1 && v <= 20) {
        put_cp(b, 0x2460u + (uint32_t)(v - 1));
        return;
      }
      break;
    case FMT_PAREN:
      if (v >= 1 && v <= 20) {
        put_cp(b, 0x2474u + (uint32_t)(v - 1));
        return;
      }
      break;
    case FMT_FULLSTOP:
      if (v >= 1 && v <= 20) {
        put_cp(b, 0x2488u + (uint32_t)(v - 1));
        return;
      }
      break;
    case FMT_LOWER_LETTER:
    case FMT_UPPER_LETTER:
      /* Word repeats the letter: 27 is "aa", 28 "bb". Beyond 30 repeats, decimal. */
      if (v >= 1 && v <= 26 * 30) {
        char c = (char)((fmt == FMT_LOWER_LETTER ? 'a' : 'A') + (v - 1) % 26);
        for (int i = 0; i <= (v - 1) / 26; i++) buf_putc(b, c);
        return;
      }
      break;
    case FMT_LOWER_ROMAN:
    case FMT_UPPER_ROMAN:
      if (v >= 1 && v <= 3999) {
        fmt_roman(b, v, fmt == FMT_UPPER_ROMAN);
        return;
      }
      break;
    case FMT_DECIMAL:
      break;
  }
  buf_append(b, zDec, (size_t)nDec);
}

/* ---- Tables read from styles.xml and numbering.xml ---------------------------------------- */

/* One level of a list definition. */
typedef struct NumLvl {
  int bSet;        /* 1 when the part defined this level */
  int start;       /* w:start, 0..START_MAX (0 when absent, as ECMA-376 says) */
  NumFmt fmt;      /* w:numFmt */
  char *zText;     /* w:lvlText w:val, in the arena; NULL when absent */
  char *zStyle;    /* w:pStyle: the paragraph style tied to this level, or NULL */
} NumLvl;

/* A w:abstractNum: the shape of a list. */
typedef struct AbstractNum {
  int id;                  /* w:abstractNumId */
  int seq;                 /* order in the part; a later definition of the same id wins */
  char *zStyleLink;        /* w:numStyleLink: take the levels from this style's list */
  NumLvl aLvl[N_LEVEL];    /* the levels */
} AbstractNum;

/* A w:num: one list instance, with its counters. */
typedef struct Num {
  int id;                  /* w:numId */
  int seq;                 /* order in the part */
  int abstractId;          /* w:abstractNumId w:val, -1 when absent */
  int aStart[N_LEVEL];     /* w:startOverride per level, or COUNT_UNSET */
  NumLvl aLvl[N_LEVEL];    /* w:lvlOverride/w:lvl replacements (bSet when present) */
  int aCount[N_LEVEL];     /* current counter per level, COUNT_UNSET before its first use */
} Num;

/* A paragraph style, for the numbering it brings. */
typedef struct StyleDef {
  char *zId;               /* w:styleId, in the arena */
  char *zBasedOn;          /* w:basedOn w:val, or NULL */
  int seq;                 /* order in the part */
  int numId;               /* w:pPr/w:numPr/w:numId, -1 when absent */
  int ilvl;                /* w:pPr/w:numPr/w:ilvl, -1 when absent */
} StyleDef;

/* Everything one extraction knows about lists. Arrays are sorted by (id, seq) once read. */
typedef struct Lists {
  Arena arena;             /* all strings */
  AbstractNum *aAbs;
  size_t nAbs, capAbs;
  Num *aNum;
  size_t nNum, capNum;
  StyleDef *aStyle;
  size_t nStyle, capStyle;
} Lists;

static int abs_cmp(const void *pA, const void *pB) {
  const AbstractNum *a = pA, *b = pB;
  if (a->id != b->id) return a->id < b->id ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int num_cmp(const void *pA, const void *pB) {
  const Num *a = pA, *b = pB;
  if (a->id != b->id) return a->id < b->id ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int style_cmp(const void *pA, const void *pB) {
  const StyleDef *a = pA, *b = pB;
  int c = strcmp(a->zId, b->zId);
  if (c != 0) return c;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The last definition of abstractNum id, or NULL. */
static AbstractNum *abs_find(Lists *l, int id) {
  size_t lo = 0, hi = l->nAbs; /* first index with aAbs[i].id > id */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->aAbs[mid].id <= id) lo = mid + 1; else hi = mid;
  }
  return lo > 0 && l->aAbs[lo - 1].id == id ? &l->aAbs[lo - 1] : NULL;
}

static Num *num_find(Lists *l, int id) {
  size_t lo = 0, hi = l->nNum;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->aNum[mid].id <= id) lo = mid + 1; else hi = mid;
  }
  return lo > 0 && l->aNum[lo - 1].id == id ? &l->aNum[lo - 1] : NULL;
}

static StyleDef *style_find(Lists *l, const char *zId) {
  size_t lo = 0, hi = l->nStyle;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(l->aStyle[mid].zId, zId) <= 0) lo = mid + 1; else hi = mid;
  }
  return lo > 0 && strcmp(l->aStyle[lo - 1].zId, zId) == 0 ? &l->aStyle[lo - 1] : NULL;
}

static void lists_free(Lists *l) {
  free(l->aAbs);
  free(l->aNum);
  free(l->aStyle);
  arena_free(&l->arena);
  memset(l, 0, sizeof *l);
}

/* ---- Streaming a part through expat ------------------------------------------------------- */

/* The head of every parser state, so that shared handlers can reach it from user data. */
typedef struct XmlBase {
  XML_Parser p;            /* the parser this state belongs to */
  int bDoctype;            /* a DOCTYPE was seen and parsing was stopped */
} XmlBase;

static void on_doctype(void *pUser, const XML_Char *zName, const XML_Char *zSys,
                       const XML_Char *zPub, int bInternal) {
  XmlBase *x = pUser;
  x->bDoctype = 1;
  XML_StopParser(x->p, XML_FALSE);
}

/* A namespace-aware parser with user data x (whose first member is an XmlBase). */
static XML_Parser xml_new(XmlBase *x) {
  XML_Parser p = XML_ParserCreateNS(NULL, ' ');
  if (p == NULL) { /* out of memory: abort, as xmalloc does */
    fputs("luoshi: out of memory creating an XML parser\n", stderr);
    abort();
  }
  x->p = p;
  x->bDoctype = 0;
  XML_SetUserData(p, x);
  XML_SetStartDoctypeDeclHandler(p, on_doctype);
  return p;
}

static int xml_error(XML_Parser p, const XmlBase *x, const char *zPart, Err *e) {
  long line = (long)XML_GetCurrentLineNumber(p);
  long long byte = (long long)XML_GetCurrentByteIndex(p);
  const char *zWhy = x->bDoctype ? "a DOCTYPE is not allowed in a .docx part"
                                 : XML_ErrorString(XML_GetErrorCode(p));
  return err_set_at(e, LUOSHI_EINVAL, line, byte, "%s line %ld: malformed XML: %s", zPart, line,
                    zWhy ? zWhy : "unknown error");
}

/* Stream part zPart of za through p, whose user data is x. Returns 0; LUOSHI_ENOTFOUND when
** the archive has no such part (e untouched); or LUOSHI_EINVAL with e filled when the part
** cannot be read, declares or inflates to more than nMaxByte bytes, or is malformed XML. */
static int part_parse(zip_t *za, const char *zPart, size_t nMaxByte, XML_Parser p,
                      const XmlBase *x, Err *e) {
  zip_int64_t idx = zip_name_locate(za, zPart, ZIP_FL_NOCASE);
  if (idx < 0) return LUOSHI_ENOTFOUND;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0) {
    return err_set(e, LUOSHI_EINVAL, "%s: cannot read its zip entry: %s", zPart,
                   zip_strerror(za));
  }
  unsigned long long nDeclared = (st.valid & ZIP_STAT_SIZE) ? (unsigned long long)st.size : 0;
  if ((st.valid & ZIP_STAT_SIZE) && nDeclared > (unsigned long long)nMaxByte) {
    return err_set(e, LUOSHI_EINVAL,
                   "%s declares %llu bytes uncompressed, over the limit of %zu bytes "
                   "(zip bomb guard)", zPart, nDeclared, nMaxByte);
  }
  zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
  if (zf == NULL) {
    return err_set(e, LUOSHI_EINVAL, "%s: cannot open its zip entry: %s", zPart,
                   zip_strerror(za));
  }
  int rc = 0;
  unsigned long long nInflated = 0;
  for (;;) {
    void *pChunk = XML_GetBuffer(p, CHUNK_BYTES);
    if (pChunk == NULL) {
      rc = xml_error(p, x, zPart, e);
      break;
    }
    zip_int64_t n = zip_fread(zf, pChunk, CHUNK_BYTES);
    if (n < 0) {
      rc = err_set(e, LUOSHI_EINVAL, "%s: cannot inflate: %s", zPart, zip_file_strerror(zf));
      break;
    }
    nInflated += (unsigned long long)n;
    if (nInflated > (unsigned long long)nMaxByte) {
      rc = err_set_at(e, LUOSHI_EINVAL, 0, (long long)nInflated,
                      "%s: stopped after inflating more than the limit of %zu bytes "
                      "(declared %llu; zip bomb guard)", zPart, nMaxByte, nDeclared);
      break;
    }
    if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
      rc = xml_error(p, x, zPart, e);
      break;
    }
    if (n == 0) break;
  }
  zip_fclose(zf);
  return rc;
}

/* ---- styles.xml ---------------------------------------------------------------------------- */

typedef struct StylesState {
  XmlBase x;               /* must come first */
  Lists *l;
  int depth;               /* elements open */
  int styleDepth;          /* depth of the open w:style, 0 when none */
  int numPrDepth;          /* depth of an open w:numPr inside it, 0 when none */
} StylesState;

static void styles_start(void *pUser, const XML_Char *zName, const XML_Char **azAttr) {
  StylesState *s = pUser;
  int d = ++s->depth;
  const char *zLocal = w_local(zName);
  if (zLocal == NULL) return;
  Lists *l = s->l;
  if (s->styleDepth == 0) {
    const char *zId = attr_get(azAttr, "styleId");
    if (strcmp(zLocal, "style") == 0 && zId != NULL) {
      MEM_GROW(l->aStyle, l->capStyle, l->nStyle + 1);
      StyleDef *sd = &l->aStyle[l->nStyle];
      sd->zId = arena_strndup(&l->arena, zId, strlen(zId));
      sd->zBasedOn = NULL;
      sd->seq = (int)l->nStyle;
      sd->numId = -1;
      sd->ilvl = -1;
      l->nStyle++;
      s->styleDepth = d;
    }
    return;
  }
  StyleDef *sd = &l->aStyle[l->nStyle - 1];
  const char *zVal = attr_get(azAttr, "val");
  if (d == s->styleDepth + 1 && strcmp(zLocal, "basedOn") == 0 && zVal != NULL) {
    sd->zBasedOn = arena_strndup(&l->arena, zVal, strlen(zVal));
  } else if (strcmp(zLocal, "numPr") == 0 && s->numPrDepth == 0) {
    s->numPrDepth = d;
  } else if (s->numPrDepth != 0 && d == s->numPrDepth + 1) {
    if (strcmp(zLocal, "numId") == 0) int_parse(zVal, 0, INT_MAX, &sd->numId);
    if (strcmp(zLocal, "ilvl") == 0) int_parse(zVal, 0, N_LEVEL - 1, &sd->ilvl);
  }
}

static void styles_end(void *pUser, const XML_Char *zName) {
  StylesState *s = pUser;
  int d = s->depth--;
  if (d == s->numPrDepth) s->numPrDepth = 0;
  if (d == s->styleDepth) s->styleDepth = 0;
}

static int styles_read(zip_t *za, size_t nMaxByte, Lists *l, Err *e) {
  StylesState s;
  memset(&s, 0, sizeof s);
  s.l = l;
  XML_Parser p = xml_new(&s.x);
  XML_SetElementHandler(p, styles_start, styles_end);
  int rc = part_parse(za, PART_STYLES, nMaxByte, p, &s.x, e);
  XML_ParserFree(p);
  if (rc == LUOSHI_ENOTFOUND) rc = 0;
  if (l->nStyle > 1) qsort(l->aStyle, l->nStyle, sizeof l->aStyle[0], style_cmp);
  return rc;
}

/* ---- numbering.xml ------------------------------------------------------------------------- */

typedef struct NumberingState {
  XmlBase x;               /* must come first */
  Lists *l;
  int depth;               /* elements open */
  int absDepth;            /* depth of the open w:abstractNum, 0 when none */
  int numDepth;            /* depth of the open w:num, 0 when none */
  int overrideDepth;       /* depth of the open w:lvlOverride, 0 when none */
  int overrideLvl;         /* its w:ilvl, -1 when invalid */
  int lvlDepth;            /* depth of the open w:lvl, 0 when none */
  int lvlIlvl;             /* its w:ilvl */
} NumberingState;

/* The level being defined, or NULL. Looked up each time: the arrays may move as they grow. */
static NumLvl *numbering_lvl(NumberingState *s) {
  if (s->lvlDepth == 0) return NULL;
  if (s->absDepth != 0) return &s->l->aAbs[s->l->nAbs - 1].aLvl[s->lvlIlvl];
  if (s->numDepth != 0) return &s->l->aNum[s->l->nNum - 1].aLvl[s->lvlIlvl];
  return NULL;
}

static void numbering_start(void *pUser, const XML_Char *zName, const XML_Char **azAttr) {
  NumberingState *s = pUser;
  int d = ++s->depth;
  const char *zLocal = w_local(zName);
  if (zLocal == NULL) return;
  Lists *l = s->l;
  const char *zVal = attr_get(azAttr, "val");
  int v;
  if (s->absDepth == 0 && s->numDepth == 0) {
    if (strcmp(zLocal, "abstractNum") == 0 &&
        int_parse(attr_get(azAttr, "abstractNumId"), INT_MIN, INT_MAX, &v)) {
      MEM_GROW(l->aAbs, l->capAbs, l->nAbs + 1);
      AbstractNum *a = &l->aAbs[l->nAbs];
      memset(a, 0, sizeof *a);
      a->id = v;
      a->seq = (int)l->nAbs;
      l->nAbs++;
      s->absDepth = d;
    } else if (strcmp(zLocal, "num") == 0 &&
               int_parse(attr_get(azAttr, "numId"), INT_MIN, INT_MAX, &v)) {
      MEM_GROW(l->aNum, l->capNum, l->nNum + 1);
      Num *n = &l->aNum[l->nNum];
      memset(n, 0, sizeof *n);
      n->id = v;
      n->seq = (int)l->nNum;
      n->abstractId = -1;
      for (int i = 0; i < N_LEVEL; i++) n->aStart[i] = n->aCount[i] = COUNT_UNSET;
      l->nNum++;
      s->numDepth = d;
    }
    return;
  }
  if (s->lvlDepth != 0) {
    NumLvl *lv = numbering_lvl(s);
    if (lv == NULL || d != s->lvlDepth + 1) return;
    if (strcmp(zLocal, "start") == 0) {
      int_parse(zVal, 0, START_MAX, &lv->start);
    } else if (strcmp(zLocal, "numFmt") == 0) {
      lv->fmt = fmt_from_name(zVal);
    } else if (strcmp(zLocal, "lvlText") == 0) {
      if (zVal != NULL) lv->zText = arena_strndup(&l->arena, zVal, strlen(zVal));
    } else if (strcmp(zLocal, "pStyle") == 0) {
      if (zVal != NULL) lv->zStyle = arena_strndup(&l->arena, zVal, strlen(zVal));
    }
    return;
  }
  if (strcmp(zLocal, "lvl") == 0 && (s->absDepth != 0 || s->overrideDepth != 0)) {
    int ilvl = -1;
    if (s->absDepth != 0) {
      int_parse(attr_get(azAttr, "ilvl"), 0, N_LEVEL - 1, &ilvl);
    } else {
      ilvl = s->overrideLvl;
    }
    if (ilvl < 0) return;
    s->lvlDepth = d;
    s->lvlIlvl = ilvl;
    NumLvl *lv = numbering_lvl(s);
    memset(lv, 0, sizeof *lv);
    lv->bSet = 1;
    lv->fmt = FMT_DECIMAL;
    return;
  }
  if (s->absDepth != 0) {
    if (strcmp(zLocal, "numStyleLink") == 0 && zVal != NULL) {
      l->aAbs[l->nAbs - 1].zStyleLink = arena_strndup(&l->arena, zVal, strlen(zVal));
    }
    return;
  }
  /* Inside a w:num. */
  Num *n = &l->aNum[l->nNum - 1];
  if (strcmp(zLocal, "abstractNumId") == 0) {
    int_parse(zVal, INT_MIN, INT_MAX, &n->abstractId);
  } else if (strcmp(zLocal, "lvlOverride") == 0) {
    s->overrideDepth = d;
    s->overrideLvl = -1;
    int_parse(attr_get(azAttr, "ilvl"), 0, N_LEVEL - 1, &s->overrideLvl);
  } else if (strcmp(zLocal, "startOverride") == 0 && s->overrideDepth != 0 &&
             s->overrideLvl >= 0 && int_parse(zVal, 0, START_MAX, &v)) {
    n->aStart[s->overrideLvl] = v;
  }
}

static void numbering_end(void *pUser, const XML_Char *zName) {
  NumberingState *s = pUser;
  int d = s->depth--;
  if (d == s->lvlDepth) s->lvlDepth = 0;
  if (d == s->overrideDepth) s->overrideDepth = 0;
  if (d == s->absDepth) s->absDepth = 0;
  if (d == s->numDepth) s->numDepth = 0;
}

static int numbering_read(zip_t *za, size_t nMaxByte, Lists *l, Err *e) {
  NumberingState s;
  memset(&s, 0, sizeof s);
  s.l = l;
  XML_Parser p = xml_new(&s.x);
  XML_SetElementHandler(p, numbering_start, numbering_end);
  int rc = part_parse(za, PART_NUMBERING, nMaxByte, p, &s.x, e);
  XML_ParserFree(p);
  if (rc == LUOSHI_ENOTFOUND) rc = 0;
  if (l->nAbs > 1) qsort(l->aAbs, l->nAbs, sizeof l->aAbs[0], abs_cmp);
  if (l->nNum > 1) qsort(l->aNum, l->nNum, sizeof l->aNum[0], num_cmp);
  return rc;
}

/* ---- Rendering a list number ---------------------------------------------------------------- */

/* The definition of level ilvl of list n, or NULL: an override in the w:num, else the level of
** its w:abstractNum, following one w:numStyleLink when the abstractNum defines no levels. */
static const NumLvl *num_level(Lists *l, const Num *n, int ilvl) {
  if (n->aLvl[ilvl].bSet) return &n->aLvl[ilvl];
  AbstractNum *a = abs_find(l, n->abstractId);
  for (int hop = 0; a != NULL && a->zStyleLink != NULL && !a->aLvl[ilvl].bSet && hop < 2;
       hop++) {
    StyleDef *sd = style_find(l, a->zStyleLink);
    Num *nLinked = sd != NULL && sd->numId > 0 ? num_find(l, sd->numId) : NULL;
    a = nLinked != NULL ? abs_find(l, nLinked->abstractId) : NULL;
  }
  return a != NULL && a->aLvl[ilvl].bSet ? &a->aLvl[ilvl] : NULL;
}

static int num_start(Lists *l, const Num *n, int ilvl) {
  if (n->aStart[ilvl] != COUNT_UNSET) return n->aStart[ilvl];
  const NumLvl *lv = num_level(l, n, ilvl);
  return lv != NULL ? lv->start : 0;
}

/* The level of list n tied to paragraph style zStyle by w:lvl/w:pStyle, or 0. */
static int num_level_of_style(Lists *l, const Num *n, const char *zStyle) {
  for (int i = 0; i < N_LEVEL; i++) {
    const NumLvl *lv = num_level(l, n, i);
    if (lv != NULL && lv->zStyle != NULL && strcmp(lv->zStyle, zStyle) == 0) return i;
  }
  return 0;
}

/* Advance list numId at level ilvl (-1: unknown, from style zStyle or 0) and append the
** rendered number to out. */
static void num_render(Lists *l, int numId, int ilvl, const char *zStyle, Buf *out) {
  Num *n = num_find(l, numId);
  if (n == NULL) return;
  if (ilvl < 0) ilvl = zStyle != NULL ? num_level_of_style(l, n, zStyle) : 0;
  if (n->aCount[ilvl] == COUNT_UNSET) {
    n->aCount[ilvl] = num_start(l, n, ilvl);
  } else if (n->aCount[ilvl] < INT_MAX) {
    n->aCount[ilvl]++;
  }
  for (int i = ilvl + 1; i < N_LEVEL; i++) n->aCount[i] = COUNT_UNSET;
  const NumLvl *lv = num_level(l, n, ilvl);
  if (lv == NULL || lv->zText == NULL || lv->fmt == FMT_BULLET || lv->fmt == FMT_NONE) return;
  const char *z = lv->zText;
  size_t nText = strlen(z);
  size_t n0 = out->n;
  for (size_t i = 0; i < nText; i++) {
    if (z[i] == '%' && z[i + 1] >= '1' && z[i + 1] <= '9') {
      int k = z[i + 1] - '1';
      const NumLvl *lk = num_level(l, n, k);
      int v = n->aCount[k] != COUNT_UNSET ? n->aCount[k] : num_start(l, n, k);
      fmt_number(out, lk != NULL ? lk->fmt : FMT_DECIMAL, v);
      i++;
    } else {
      buf_putc(out, z[i]);
    }
  }
  if (out->n > n0 && nText > 0 && z[nText - 1] == '.') buf_putc(out, ' ');
}

/* ---- document.xml -------------------------------------------------------------------------- */

#define KIND_DEPTH_MAX 256    /* element kinds remembered this deep; deeper ones are ignored */
#define PARA_DEPTH_MAX 8      /* paragraphs open at once (text boxes nest them) */

typedef enum Kind {
  K_OTHER = 0,   /* an element that does not matter, or one past the depth limits */
  K_P,           /* w:p that is being collected */
  K_PPR,         /* w:pPr of such a paragraph */
  K_NUMPR,       /* w:numPr of that w:pPr */
  K_ILVL,        /* w:ilvl of that w:numPr */
  K_NUMID,       /* w:numId of that w:numPr */
  K_PSTYLE,      /* w:pStyle of that w:pPr */
  K_R,           /* w:r */
  K_T,           /* w:t: its characters are text */
  K_TAB,         /* w:tab in a run */
  K_HYPHEN       /* w:noBreakHyphen in a run */
} Kind;

/* A paragraph being collected. */
typedef struct Para {
  Buf text;      /* its text so far */
  Buf style;     /* w:pStyle w:val, empty when none */
  int numId;     /* direct w:numId, -1 when absent */
  int ilvl;      /* direct w:ilvl, -1 when absent */
} Para;

typedef struct DocState {
  XmlBase x;                       /* must come first */
  Lists *l;                        /* list definitions and counters */
  Buf *out;                        /* where lines go */
  int nParagraph;                  /* lines written */
  int nSkip;                       /* > 0 inside deleted or fallback content: its depth there */
  int depth;                       /* elements open (outside skipped content) */
  unsigned char aKind[KIND_DEPTH_MAX]; /* kind of each open element, by depth */
  Para aPara[PARA_DEPTH_MAX];      /* open paragraphs, innermost last */
  int nPara;                       /* paragraphs open */
} DocState;

/* Elements whose whole content is left out: deletions, moved-away text, the old properties of
** a revision, ruby guide text, and the fallback copy of mc:AlternateContent. */
static int doc_is_skipped(const char *zName) {
  const char *z = w_local(zName);
  if (z != NULL) {
    return strcmp(z, "del") == 0 || strcmp(z, "delText") == 0 ||
           strcmp(z, "delInstrText") == 0 || strcmp(z, "moveFrom") == 0 ||
           strcmp(z, "pPrChange") == 0 || strcmp(z, "rPrChange") == 0 ||
           strcmp(z, "rt") == 0; /* ruby (phonetic guide) text above its base */
  }
  return strcmp(zName, MC_NS "Fallback") == 0;
}

static void doc_para_finish(DocState *s) {
  Para *pp = &s->aPara[--s->nPara];
  Lists *l = s->l;
  int numId = pp->numId;
  int ilvl = pp->ilvl;
  const char *zStyle = NULL;
  if (numId < 0 && pp->style.n > 0) {
    /* Numbering from the paragraph style, following w:basedOn. */
    StyleDef *sd = style_find(l, buf_str(&pp->style));
    int ilvlStyle = -1;
    for (int hop = 0; sd != NULL && hop < STYLE_CHAIN_MAX; hop++) {
      if (ilvlStyle < 0) ilvlStyle = sd->ilvl;
      if (sd->numId >= 0) {
        numId = sd->numId;
        zStyle = sd->zId;
        break;
      }
      sd = sd->zBasedOn != NULL ? style_find(l, sd->zBasedOn) : NULL;
    }
    if (ilvl < 0) ilvl = ilvlStyle;
  }
  if (numId > 0) num_render(l, numId, ilvl, zStyle, s->out);
  buf_append(s->out, pp->text.a, pp->text.n);
  buf_putc(s->out, '\n');
  s->nParagraph++;
}

static void doc_start(void *pUser, const XML_Char *zName, const XML_Char **azAttr) {
  DocState *s = pUser;
  if (s->nSkip > 0) {
    s->nSkip++;
    return;
  }
  if (doc_is_skipped(zName)) {
    s->nSkip = 1;
    return;
  }
  int d = s->depth++;
  if (d >= KIND_DEPTH_MAX) return;
  Kind parent = d > 0 ? (Kind)s->aKind[d - 1] : K_OTHER;
  const char *zLocal = w_local(zName);
  Kind k = K_OTHER;
  if (zLocal != NULL) {
    if (strcmp(zLocal, "p") == 0) {
      if (s->nPara < PARA_DEPTH_MAX) k = K_P;
    } else if (strcmp(zLocal, "r") == 0) {
      k = K_R;
    } else if (strcmp(zLocal, "t") == 0) {
      k = K_T;
    } else if (parent == K_R) {
      if (strcmp(zLocal, "tab") == 0) k = K_TAB;
      if (strcmp(zLocal, "noBreakHyphen") == 0) k = K_HYPHEN;
    } else if (parent == K_P && strcmp(zLocal, "pPr") == 0) {
      k = K_PPR;
    } else if (parent == K_PPR && strcmp(zLocal, "numPr") == 0) {
      k = K_NUMPR;
    } else if (parent == K_PPR && strcmp(zLocal, "pStyle") == 0) {
      k = K_PSTYLE;
    } else if (parent == K_NUMPR && strcmp(zLocal, "ilvl") == 0) {
      k = K_ILVL;
    } else if (parent == K_NUMPR && strcmp(zLocal, "numId") == 0) {
      k = K_NUMID;
    }
  }
  s->aKind[d] = (unsigned char)k;
  Para *pp = s->nPara > 0 ? &s->aPara[s->nPara - 1] : NULL;
  const char *zVal;
  switch (k) {
    case K_P:
      pp = &s->aPara[s->nPara++];
      buf_reset(&pp->text);
      buf_reset(&pp->style);
      pp->numId = -1;
      pp->ilvl = -1;
      break;
    case K_TAB:
      if (pp) buf_putc(&pp->text, '\t');
      break;
    case K_HYPHEN:
      if (pp) buf_putc(&pp->text, '-');
      break;
    case K_PSTYLE:
      zVal = attr_get(azAttr, "val");
      if (pp && zVal) {
        buf_reset(&pp->style);
        buf_puts(&pp->style, zVal);
      }
      break;
    case K_ILVL:
      if (pp) int_parse(attr_get(azAttr, "val"), 0, N_LEVEL - 1, &pp->ilvl);
      break;
    case K_NUMID:
      if (pp) int_parse(attr_get(azAttr, "val"), 0, INT_MAX, &pp->numId);
      break;
    default:
      break;
  }
}

static void doc_end(void *pUser, const XML_Char *zName) {
  DocState *s = pUser;
  if (s->nSkip > 0) {
    s->nSkip--;
    return;
  }
  int d = --s->depth;
  if (d < KIND_DEPTH_MAX && s->aKind[d] == K_P) doc_para_finish(s);
}

static void doc_text(void *pUser, const XML_Char *z, int nByte) {
  DocState *s = pUser;
  if (s->nSkip > 0 || s->nPara == 0 || s->depth < 1 || s->depth > KIND_DEPTH_MAX) return;
  if (s->aKind[s->depth - 1] != K_T) return;
  Buf *b = &s->aPara[s->nPara - 1].text;
  int i0 = 0;
  for (int i = 0; i < nByte; i++) {
    if (z[i] == '\n' || z[i] == '\r') {
      buf_append(b, z + i0, (size_t)(i - i0));
      buf_putc(b, ' ');
      i0 = i + 1;
    }
  }
  buf_append(b, z + i0, (size_t)(nByte - i0));
}

static int document_read(zip_t *za, size_t nMaxByte, Lists *l, Buf *out, int *pnParagraph,
                         Err *e) {
  DocState *s = xcalloc(1, sizeof *s);
  s->l = l;
  s->out = out;
  XML_Parser p = xml_new(&s->x);
  XML_SetElementHandler(p, doc_start, doc_end);
  XML_SetCharacterDataHandler(p, doc_text);
  int rc = part_parse(za, PART_DOCUMENT, nMaxByte, p, &s->x, e);
  if (rc == LUOSHI_ENOTFOUND) {
    rc = err_set(e, LUOSHI_EINVAL, "not a .docx: the archive has no %s", PART_DOCUMENT);
  }
  *pnParagraph = s->nParagraph;
  XML_ParserFree(p);
  for (int i = 0; i < PARA_DEPTH_MAX; i++) {
    buf_free(&s->aPara[i].text);
    buf_free(&s->aPara[i].style);
  }
  free(s);
  return rc;
}

/* ---- Entry points -------------------------------------------------------------------------- */

int docx_is_zip(const unsigned char *z, size_t nByte) {
  return nByte >= 4 && z[0] == 'P' && z[1] == 'K' && z[2] == 3 && z[3] == 4;
}

int docx_extract(const unsigned char *z, size_t nByte, size_t nMaxByte, Buf *out,
                 int *pnParagraph, Err *e) {
  size_t nOut0 = out->n;
  int nParagraph = 0;
  int rc = 0;
  zip_t *za = NULL;
  zip_source_t *src = NULL;
  zip_error_t ze;
  Lists l;
  memset(&l, 0, sizeof l);
  arena_init(&l.arena);
  if (pnParagraph) *pnParagraph = 0;

  if (!docx_is_zip(z, nByte)) {
    rc = err_set(e, LUOSHI_EINVAL, "not a .docx: not a zip archive (no PK\\3\\4 signature)");
    goto cleanup;
  }
  zip_error_init(&ze);
  src = zip_source_buffer_create(z, nByte, 0, &ze);
  if (src != NULL) {
    za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (za == NULL) zip_source_free(src);
  }
  if (za == NULL) {
    rc = err_set(e, LUOSHI_EINVAL, "not a .docx: cannot open the zip archive: %s",
                 zip_error_strerror(&ze));
    zip_error_fini(&ze);
    goto cleanup;
  }
  zip_error_fini(&ze);
  if (zip_name_locate(za, PART_DOCUMENT, ZIP_FL_NOCASE) < 0) {
    rc = err_set(e, LUOSHI_EINVAL, "not a .docx: the archive has no %s", PART_DOCUMENT);
    goto cleanup;
  }
  rc = styles_read(za, nMaxByte, &l, e);
  if (rc != 0) goto cleanup;
  rc = numbering_read(za, nMaxByte, &l, e);
  if (rc != 0) goto cleanup;
  rc = document_read(za, nMaxByte, &l, out, &nParagraph, e);

cleanup:
  if (rc != 0) {
    out->n = nOut0;
    if (out->a) out->a[nOut0] = 0;
  } else if (pnParagraph) {
    *pnParagraph = nParagraph;
  }
  if (za != NULL) zip_discard(za);
  lists_free(&l);
  return rc;
}
