/*
** Xlsx: reading one worksheet of an .xlsx workbook into cells of text (see xlsx.h).
**
** Five parts are streamed through expat in this order, each in its own pass: xl/workbook.xml
** (the sheets in order, the date system), xl/_rels/workbook.xml.rels (which part holds the
** sheet asked for), xl/styles.xml (which cell styles format numbers as dates),
** xl/sharedStrings.xml (the strings), then the worksheet itself. Elements are matched by local
** name whatever their namespace (transitional and strict workbooks alike). Every part is read
** from libzip in chunks straight into expat's buffer and capped at nMaxByte inflated bytes; the
** archive as a whole is checked against a compression ratio before anything is inflated.
** Nothing here touches the file system.
*/
#include "xlsx.h"

#include <expat.h>
#include <zip.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PART_WORKBOOK "xl/workbook.xml"
#define PART_RELS "xl/_rels/workbook.xml.rels"
#define PART_STYLES "xl/styles.xml"
#define PART_STRINGS "xl/sharedStrings.xml"

#define CHUNK_BYTES 65536
#define ROW_MAX 1048576
#define COL_MAX 16384
#define XF_MAX 65536           /* cell styles kept at most */
#define FMT_ID_MAX 4096        /* number format ids considered */

/* ---- Names, attributes, numbers ----------------------------------------------------------- */

/* The local name of an expat name "URI local" (or a name without namespace). */
static const char *local(const char *zName) {
  const char *z = strrchr(zName, ' ');
  return z ? z + 1 : zName;
}

/* The value of the attribute with local name zLocal, or NULL. */
static const char *attr(const char **azAttr, const char *zLocal) {
  for (int i = 0; azAttr[i]; i += 2) {
    if (strcmp(local(azAttr[i]), zLocal) == 0) return azAttr[i + 1];
  }
  return NULL;
}

/* A whole number in [lo, hi] from z, or -1. */
static long num_attr(const char *z, long lo, long hi) {
  if (!z || *z < '0' || *z > '9') return -1;
  char *end;
  long v = strtol(z, &end, 10);
  return (*end || v < lo || v > hi) ? -1 : v;
}

int xlsx_ref_parse(const char *z, int *pRow, int *pCol) {
  long col = 0, row = 0;
  int nLetter = 0, nDigit = 0;
  if (*z == '$') z++;
  for (; (*z >= 'A' && *z <= 'Z') || (*z >= 'a' && *z <= 'z'); z++) {
    if (++nLetter > 3) return -1;
    col = col * 26 + ((*z | 0x20) - 'a' + 1);
  }
  if (*z == '$') z++;
  for (; *z >= '0' && *z <= '9'; z++) {
    if (++nDigit > 7) return -1;
    row = row * 10 + (*z - '0');
  }
  if (*z || nLetter == 0 || nDigit == 0 || col > COL_MAX || row < 1 || row > ROW_MAX) return -1;
  *pRow = (int)row - 1;
  *pCol = (int)col - 1;
  return 0;
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil_from_days(long long z, int *pY, int *pM, int *pD) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = yoe + era * 400;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  int d = (int)(doy - (153 * mp + 2) / 5 + 1);
  int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *pY = (int)(y + (m <= 2));
  *pM = m;
  *pD = d;
}

int xlsx_date_from_serial(double serial, int b1904, char zOut[11]) {
  zOut[0] = 0;
  if (!(serial >= 0) || serial > 2958465.0) return -1;  /* 9999-12-31 */
  long long n = (long long)floor(serial);
  if (!b1904 && n == 60) {
    memcpy(zOut, "1900-02-29", 11);  /* Excel's phantom leap day */
    return 0;
  }
  long long days = b1904 ? n + 1462 - 25569 : (n >= 61 ? n - 25569 : n - 25568);
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  if (y < 1900 || y > 9999) return -1;
  snprintf(zOut, 11, "%04d-%02d-%02d", y, m, d);
  return 0;
}

/* Does a custom number format show a date or time (y, m, d, h, s outside quotes, brackets and
** escapes)? "General" and plain numbers do not. */
static int format_is_date(const char *z) {
  for (; *z; z++) {
    if (*z == '"') {
      while (z[1] && z[1] != '"') z++;
      if (z[1]) z++;
    } else if (*z == '[') {
      while (z[1] && z[1] != ']') z++;
      if (z[1]) z++;
    } else if (*z == '\\' || *z == '_' || *z == '*') {
      if (z[1]) z++;
    } else if (strchr("yYmMdDhHsS", *z)) {
      if ((*z == 'G' || *z == 'g')) continue;
      return 1;
    } else if (*z == ';') {
      return 0;  /* the first section decides */
    }
  }
  return 0;
}

static int builtin_is_date(long id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

/* ---- Streaming a part --------------------------------------------------------------------- */

typedef struct XmlBase {
  XML_Parser p;
  int bDoctype;
} XmlBase;

static void on_doctype(void *pUser, const XML_Char *zName, const XML_Char *zSys,
                       const XML_Char *zPub, int bInternal) {
  XmlBase *x = pUser;
  x->bDoctype = 1;
  XML_StopParser(x->p, XML_FALSE);
}

static XML_Parser xml_new(XmlBase *x) {
  XML_Parser p = XML_ParserCreateNS(NULL, ' ');
  if (p == NULL) {
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
  const char *zWhy = x->bDoctype ? "a DOCTYPE is not allowed in an .xlsx part"
                                 : XML_ErrorString(XML_GetErrorCode(p));
  return err_set_at(e, LUOSHI_EINVAL, line, (long long)XML_GetCurrentByteIndex(p),
                    "%s line %ld: malformed XML: %s", zPart, line, zWhy ? zWhy : "error");
}

/* Stream zPart through p. LUOSHI_ENOTFOUND when absent (e untouched); LUOSHI_ETOOBIG over
** nMaxByte; LUOSHI_EINVAL when unreadable or malformed. */
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
  if (nDeclared > (unsigned long long)nMaxByte) {
    return err_set(e, LUOSHI_ETOOBIG,
                   "%s is %llu bytes uncompressed, over the limit of %zu MB: refused, nothing "
                   "read", zPart, nDeclared, nMaxByte >> 20);
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
      rc = err_set(e, LUOSHI_ETOOBIG,
                   "%s inflates to more than the limit of %zu MB (declared %llu bytes; zip bomb "
                   "guard): refused, nothing read", zPart, nMaxByte >> 20, nDeclared);
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

/* ---- xl/workbook.xml and its relationships ------------------------------------------------ */

typedef struct WorkbookState {
  XmlBase x;
  const char *zWant;     /* the sheet asked for, or NULL for the first */
  Arena *arena;
  char *zName;           /* the chosen sheet's name and relationship id */
  char *zRid;
  int b1904;
  int nSheet;
  Buf names;             /* the sheets seen, for the message when zWant is missing */
} WorkbookState;

static void workbook_start(void *pUser, const XML_Char *zName, const XML_Char **azAttr) {
  WorkbookState *s = pUser;
  const char *z = local(zName);
  if (strcmp(z, "workbookPr") == 0) {
    const char *v = attr(azAttr, "date1904");
    s->b1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
  } else if (strcmp(z, "sheet") == 0) {
    const char *zN = attr(azAttr, "name"), *zId = attr(azAttr, "id");
    if (!zN || !zId) return;
    s->nSheet++;
    if (s->names.n) buf_puts(&s->names, ", ");
    buf_puts(&s->names, zN);
    if (s->zRid) return;
    if (s->zWant == NULL || strcmp(s->zWant, zN) == 0) {
      s->zName = arena_strndup(s->arena, zN, strlen(zN));
      s->zRid = arena_strndup(s->arena, zId, strlen(zId));
    }
  }
}

typedef struct RelsState {
  XmlBase x;
  const char *zRid;
  char zTarget[512];
} RelsState;

static void rels_start(void *pUser, const XML_Char *zName, const XML_Char **azAttr) {
  RelsState *s = pUser;
  if (strcmp(local(zName), "Relationship") != 0) return;
  const char *zId = attr(azAttr, "Id"), *zT = attr(azAttr, "Target");
  if (!zId || !zT || strcmp(zId, s->zRid) != 0) return;
  if (zT[0] == '/') snprintf(s->zTarget, sizeof s->zTarget, "%s", zT + 1);
  else snprintf(s->zTarget, sizeof s->zTarget, "xl/%s", zT);
}

/* ---- xl/styles.xml ----------------------------------------------------------------------- */

typedef struct StylesState {
  XmlBase x;
  unsigned char aCustomDate[FMT_ID_MAX];  /* custom numFmtId → shows a date */
  unsigned char *aXfDate;                 /* cellXfs index → its number format is a date */
  int nXf;
  int bInXfs;
} StylesState;

static void styles_start(void *pUser, const XML_Char *zName, const XML_Char **azAttr) {
  StylesState *s = pUser;
  const char *z = local(zName);
  if (strcmp(z, "numFmt") == 0) {
    long id = num_attr(attr(azAttr, "numFmtId"), 0, FMT_ID_MAX - 1);
    const char *zCode = attr(azAttr, "formatCode");
    if (id >= 0 && zCode) s->aCustomDate[id] = (unsigned char)format_is_date(zCode);
  } else if (strcmp(z, "cellXfs") == 0) {
    s->bInXfs = 1;
  } else if (strcmp(z, "xf") == 0 && s->bInXfs && s->nXf < XF_MAX) {
    long id = num_attr(attr(azAttr, "numFmtId"), 0, FMT_ID_MAX - 1);
    s->aXfDate[s->nXf++] = (unsigned char)(id >= 0 && (builtin_is_date(id) || s->aCustomDate[id]));
  }
}

static void styles_end(void *pUser, const XML_Char *zName) {
  StylesState *s = pUser;
  if (strcmp(local(zName), "cellXfs") == 0) s->bInXfs = 0;
}

/* ---- xl/sharedStrings.xml ----------------------------------------------------------------- */

typedef struct StringsState {
  XmlBase x;
  Arena *arena;
  const char **az;       /* the strings, in the arena */
  size_t n, cap;
  Buf text;
  int bInSi, bInT, depthPh;  /* inside <si>, inside <t>, inside <rPh> (phonetic: skipped) */
} StringsState;

static void strings_start(void *pUser, const XML_Char *zName, const XML_Char **azAttr) {
  StringsState *s = pUser;
  const char *z = local(zName);
  if (strcmp(z, "si") == 0) {
    s->bInSi = 1;
    buf_reset(&s->text);
  } else if (strcmp(z, "rPh") == 0) {
    s->depthPh++;
  } else if (strcmp(z, "t") == 0 && s->bInSi) {
    s->bInT = 1;
  }
}

static void strings_end(void *pUser, const XML_Char *zName) {
  StringsState *s = pUser;
  const char *z = local(zName);
  if (strcmp(z, "si") == 0) {
    MEM_GROW(s->az, s->cap, s->n + 1);
    s->az[s->n++] = arena_strndup(s->arena, buf_str(&s->text), s->text.n);
    s->bInSi = 0;
  } else if (strcmp(z, "rPh") == 0) {
    s->depthPh--;
  } else if (strcmp(z, "t") == 0) {
    s->bInT = 0;
  }
}

static void strings_text(void *pUser, const XML_Char *z, int nByte) {
  StringsState *s = pUser;
  if (s->bInT && s->depthPh == 0) buf_append(&s->text, z, (size_t)nByte);
}

/* ---- the worksheet ------------------------------------------------------------------------ */

typedef struct SheetState {
  XmlBase x;
  XlsxSheet *sh;
  const StringsState *strings;
  const StylesState *styles;
  int b1904;
  size_t capCell, capMerge;
  int row, col;          /* of the current cell; row -1 before the first <row> */
  char cType;            /* 's' shared, 'i' inline, 'b' boolean, 'e' error, 'f' str, 'd' ISO, 'n' */
  int style;
  int bFormula;
  int bInV, bInIs, bInT, depthPh;
  Buf text;
  int bBad;              /* a shared string index out of range */
} SheetState;

static void cell_add(SheetState *s, const char *z, size_t n) {
  XlsxSheet *sh = s->sh;
  MEM_GROW(sh->aCell, s->capCell, (size_t)sh->nCell + 1);
  sh->aCell[sh->nCell++] = (XlsxCell){s->row, s->col, arena_strndup(&sh->arena, z, n)};
  if (s->row + 1 > sh->nRow) sh->nRow = s->row + 1;
  if (s->col + 1 > sh->nCol) sh->nCol = s->col + 1;
}

/* Render a number cell's text: a date when its style says so, else the shortest decimal. */
static void number_text(SheetState *s, const char *z, Buf *out) {
  char *end;
  double v = strtod(z, &end);
  if (end == z || *end) {
    buf_puts(out, z);  /* not a number after all: keep what is there */
    return;
  }
  if (s->style >= 0 && s->style < s->styles->nXf && s->styles->aXfDate[s->style]) {
    char zDate[11];
    if (xlsx_date_from_serial(v, s->b1904, zDate) == 0) {
      buf_puts(out, zDate);
      double frac = v - floor(v);
      if (frac > 1e-9) {
        long secs = lround(frac * 86400.0);
        if (secs >= 86400) secs = 86399;
        buf_printf(out, " %02ld:%02ld", secs / 3600, secs / 60 % 60);
      }
      s->sh->nDate++;
      return;
    }
  }
  if (v == floor(v) && fabs(v) < 1e15) {
    buf_printf(out, "%.0f", v);
    return;
  }
  char zNum[40];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(zNum, sizeof zNum, "%.*g", prec, v);
    if (strtod(zNum, NULL) == v) break;
  }
  buf_puts(out, zNum);
}

static void sheet_start(void *pUser, const XML_Char *zName, const XML_Char **azAttr) {
  SheetState *s = pUser;
  const char *z = local(zName);
  if (strcmp(z, "row") == 0) {
    long r = num_attr(attr(azAttr, "r"), 1, ROW_MAX);
    s->row = r > 0 ? (int)r - 1 : s->row + 1;
    s->col = -1;
  } else if (strcmp(z, "c") == 0) {
    const char *zRef = attr(azAttr, "r");
    int row, col;
    if (zRef && xlsx_ref_parse(zRef, &row, &col) == 0) {
      s->row = row;
      s->col = col;
    } else {
      if (s->row < 0) s->row = 0;
      s->col++;
    }
    const char *zT = attr(azAttr, "t");
    s->cType = !zT                           ? 'n'
               : strcmp(zT, "s") == 0        ? 's'
               : strcmp(zT, "inlineStr") == 0 ? 'i'
               : strcmp(zT, "b") == 0        ? 'b'
               : strcmp(zT, "e") == 0        ? 'e'
               : strcmp(zT, "str") == 0      ? 'f'
               : strcmp(zT, "d") == 0        ? 'd'
                                             : 'n';
    long st = num_attr(attr(azAttr, "s"), 0, XF_MAX - 1);
    s->style = (int)st;
    s->bFormula = 0;
    buf_reset(&s->text);
  } else if (strcmp(z, "v") == 0) {
    s->bInV = 1;
  } else if (strcmp(z, "f") == 0) {
    s->bFormula = 1;
  } else if (strcmp(z, "is") == 0) {
    s->bInIs = 1;
  } else if (strcmp(z, "rPh") == 0) {
    s->depthPh++;
  } else if (strcmp(z, "t") == 0 && s->bInIs) {
    s->bInT = 1;
  } else if (strcmp(z, "mergeCell") == 0) {
    const char *zRef = attr(azAttr, "ref");
    char zA[32];
    const char *colon = zRef ? strchr(zRef, ':') : NULL;
    int r0, c0, r1, c1;
    if (!colon || (size_t)(colon - zRef) >= sizeof zA) return;
    memcpy(zA, zRef, (size_t)(colon - zRef));
    zA[colon - zRef] = 0;
    if (xlsx_ref_parse(zA, &r0, &c0) || xlsx_ref_parse(colon + 1, &r1, &c1)) return;
    XlsxSheet *sh = s->sh;
    MEM_GROW(sh->aMerge, s->capMerge, (size_t)sh->nMerge + 1);
    XlsxMerge m = {r0 < r1 ? r0 : r1, c0 < c1 ? c0 : c1, r0 < r1 ? r1 : r0, c0 < c1 ? c1 : c0};
    sh->aMerge[sh->nMerge++] = m;
    if (m.row1 + 1 > sh->nRow) sh->nRow = m.row1 + 1;
    if (m.col1 + 1 > sh->nCol) sh->nCol = m.col1 + 1;
  }
}

static void sheet_end(void *pUser, const XML_Char *zName) {
  SheetState *s = pUser;
  const char *z = local(zName);
  if (strcmp(z, "v") == 0) {
    s->bInV = 0;
  } else if (strcmp(z, "is") == 0) {
    s->bInIs = 0;
  } else if (strcmp(z, "rPh") == 0) {
    s->depthPh--;
  } else if (strcmp(z, "t") == 0) {
    s->bInT = 0;
  } else if (strcmp(z, "c") == 0) {
    Buf out = BUF_INIT;
    const char *zV = buf_str(&s->text);
    if (s->cType == 's') {
      long k = num_attr(zV, 0, LONG_MAX);
      if (k >= 0 && (size_t)k < s->strings->n) buf_puts(&out, s->strings->az[k]);
      else if (s->text.n) s->bBad = 1;
    } else if (s->cType == 'b') {
      if (s->text.n) buf_puts(&out, strcmp(zV, "1") == 0 ? "TRUE" : "FALSE");
    } else if (s->cType == 'n') {
      if (s->text.n) number_text(s, zV, &out);
    } else {
      buf_append(&out, s->text.a ? s->text.a : "", s->text.n);
    }
    if (out.n) {
      cell_add(s, out.a, out.n);
      if (s->bFormula) s->sh->nFormula++;
    }
    buf_free(&out);
    buf_reset(&s->text);
  }
}

static void sheet_text(void *pUser, const XML_Char *z, int nByte) {
  SheetState *s = pUser;
  if (s->bInV || (s->bInT && s->depthPh == 0)) buf_append(&s->text, z, (size_t)nByte);
}

static int cell_cmp(const void *pA, const void *pB) {
  const XlsxCell *a = pA, *b = pB;
  if (a->row != b->row) return a->row < b->row ? -1 : 1;
  return (a->col > b->col) - (a->col < b->col);
}

/* ---- Entry points -------------------------------------------------------------------------- */

static int zip_open_mem(const unsigned char *z, size_t nByte, zip_t **pza, Err *e) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(z, nByte, 0, &ze);
  zip_t *za = NULL;
  if (src != NULL) {
    za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (za == NULL) zip_source_free(src);
  }
  if (za == NULL) {
    int rc = err_set(e, LUOSHI_EINVAL, "not an .xlsx: cannot open the zip archive: %s",
                     zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
  }
  zip_error_fini(&ze);
  *pza = za;
  return 0;
}

int xlsx_is_xlsx(const unsigned char *z, size_t nByte) {
  if (!(nByte >= 4 && z[0] == 'P' && z[1] == 'K' && z[2] == 3 && z[3] == 4)) return 0;
  zip_t *za = NULL;
  if (zip_open_mem(z, nByte, &za, NULL)) return 0;
  int ok = zip_name_locate(za, PART_WORKBOOK, ZIP_FL_NOCASE) >= 0;
  zip_discard(za);
  return ok;
}

/* The whole archive's declared sizes against its compressed sizes (zip bomb guard). */
static int ratio_check(zip_t *za, Err *e) {
  zip_int64_t n = zip_get_num_entries(za, 0);
  unsigned long long nSize = 0, nComp = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0) continue;
    if (st.valid & ZIP_STAT_SIZE) nSize += st.size;
    if (st.valid & ZIP_STAT_COMP_SIZE) nComp += st.comp_size;
  }
  if (nSize > XLSX_RATIO_FLOOR && nSize > (unsigned long long)XLSX_RATIO_MAX * (nComp + 1)) {
    return err_set(e, LUOSHI_ETOOBIG,
                   "the archive's entries declare %llu bytes from %llu compressed, more than %d "
                   "times (zip bomb guard): refused, nothing read", nSize, nComp,
                   XLSX_RATIO_MAX);
  }
  return 0;
}

int xlsx_read(const unsigned char *z, size_t nByte, const char *zSheet, size_t nMaxByte,
              XlsxSheet *sh, Err *e) {
  memset(sh, 0, sizeof *sh);
  arena_init(&sh->arena);
  if (nMaxByte == 0) nMaxByte = XLSX_MAX_BYTE;
  if (!(nByte >= 4 && z[0] == 'P' && z[1] == 'K' && z[2] == 3 && z[3] == 4)) {
    return err_set(e, LUOSHI_EINVAL, "not an .xlsx: not a zip archive (no PK\\3\\4 signature)");
  }
  zip_t *za = NULL;
  int rc = zip_open_mem(z, nByte, &za, e);
  if (rc) return rc;
  WorkbookState wb;
  RelsState rels;
  StylesState *styles = xcalloc(1, sizeof *styles);
  StringsState strings;
  SheetState ss;
  memset(&wb, 0, sizeof wb);
  memset(&rels, 0, sizeof rels);
  memset(&strings, 0, sizeof strings);
  memset(&ss, 0, sizeof ss);
  styles->aXfDate = xcalloc(XF_MAX, 1);
  strings.arena = &sh->arena;
  XML_Parser p = NULL;

  rc = ratio_check(za, e);
  if (rc) goto cleanup;

  wb.zWant = zSheet;
  wb.arena = &sh->arena;
  p = xml_new(&wb.x);
  XML_SetElementHandler(p, workbook_start, NULL);
  rc = part_parse(za, PART_WORKBOOK, nMaxByte, p, &wb.x, e);
  XML_ParserFree(p);
  p = NULL;
  if (rc == LUOSHI_ENOTFOUND) {
    rc = err_set(e, LUOSHI_EINVAL, "not an .xlsx: the archive has no %s", PART_WORKBOOK);
  }
  if (rc) goto cleanup;
  if (!wb.zRid) {
    rc = zSheet ? err_set(e, LUOSHI_EINVAL, "the workbook has no sheet named '%s' (it has: %s)",
                          zSheet, wb.names.n ? buf_str(&wb.names) : "none")
                : err_set(e, LUOSHI_EINVAL, "the workbook has no worksheet");
    goto cleanup;
  }
  sh->zName = wb.zName;

  rels.zRid = wb.zRid;
  p = xml_new(&rels.x);
  XML_SetElementHandler(p, rels_start, NULL);
  rc = part_parse(za, PART_RELS, nMaxByte, p, &rels.x, e);
  XML_ParserFree(p);
  p = NULL;
  if (rc == LUOSHI_ENOTFOUND || (rc == 0 && !rels.zTarget[0])) {
    rc = err_set(e, LUOSHI_EINVAL, "the workbook does not say which part holds sheet '%s'",
                 wb.zName);
  }
  if (rc) goto cleanup;

  p = xml_new(&styles->x);
  XML_SetElementHandler(p, styles_start, styles_end);
  rc = part_parse(za, PART_STYLES, nMaxByte, p, &styles->x, e);
  XML_ParserFree(p);
  p = NULL;
  if (rc == LUOSHI_ENOTFOUND) rc = 0;
  if (rc) goto cleanup;

  p = xml_new(&strings.x);
  XML_SetElementHandler(p, strings_start, strings_end);
  XML_SetCharacterDataHandler(p, strings_text);
  rc = part_parse(za, PART_STRINGS, nMaxByte, p, &strings.x, e);
  XML_ParserFree(p);
  p = NULL;
  if (rc == LUOSHI_ENOTFOUND) rc = 0;
  if (rc) goto cleanup;

  ss.sh = sh;
  ss.strings = &strings;
  ss.styles = styles;
  ss.b1904 = wb.b1904;
  ss.row = -1;
  p = xml_new(&ss.x);
  XML_SetElementHandler(p, sheet_start, sheet_end);
  XML_SetCharacterDataHandler(p, sheet_text);
  rc = part_parse(za, rels.zTarget, nMaxByte, p, &ss.x, e);
  XML_ParserFree(p);
  p = NULL;
  if (rc == LUOSHI_ENOTFOUND) {
    rc = err_set(e, LUOSHI_EINVAL, "the archive has no %s (sheet '%s')", rels.zTarget, wb.zName);
  }
  if (rc == 0 && ss.bBad) {
    rc = err_set(e, LUOSHI_EINVAL, "%s: a cell points at a shared string that does not exist",
                 rels.zTarget);
  }
  if (rc) goto cleanup;
  if (sh->nCell > 1) qsort(sh->aCell, (size_t)sh->nCell, sizeof *sh->aCell, cell_cmp);

cleanup:
  if (p) XML_ParserFree(p);
  buf_free(&wb.names);
  buf_free(&strings.text);
  free(strings.az);
  buf_free(&ss.text);
  free(styles->aXfDate);
  free(styles);
  zip_discard(za);
  if (rc) {
    free(sh->aCell);
    free(sh->aMerge);
    sh->aCell = NULL;
    sh->aMerge = NULL;
    sh->nCell = sh->nMerge = sh->nRow = sh->nCol = 0;
  }
  return rc;
}

const XlsxMerge *xlsx_merge_at(const XlsxSheet *sh, int row, int col) {
  for (int i = 0; i < sh->nMerge; i++) {
    const XlsxMerge *m = &sh->aMerge[i];
    if (row >= m->row0 && row <= m->row1 && col >= m->col0 && col <= m->col1) return m;
  }
  return NULL;
}

static const char *cell_raw(const XlsxSheet *sh, int row, int col) {
  int lo = 0, hi = sh->nCell - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    const XlsxCell *c = &sh->aCell[mid];
    if (c->row == row && c->col == col) return c->z;
    if (c->row < row || (c->row == row && c->col < col)) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

const char *xlsx_cell(const XlsxSheet *sh, int row, int col) {
  const XlsxMerge *m = xlsx_merge_at(sh, row, col);
  if (m) {
    row = m->row0;
    col = m->col0;
  }
  const char *z = cell_raw(sh, row, col);
  return z ? z : "";
}

void xlsx_free(XlsxSheet *sh) {
  free(sh->aCell);
  free(sh->aMerge);
  arena_free(&sh->arena);
  memset(sh, 0, sizeof *sh);
}

/* ---- The sheet as a task-division table ---------------------------------------------------- */

static int has_any(const char *z, const char *const *az) {
  for (int k = 0; az[k]; k++) {
    if (strstr(z, az[k])) return 1;
  }
  return 0;
}

/* Does row r's one non-empty cell read as a heading: 一、 … 十二、 or 第一部分 …? */
static int heading_text(const XlsxSheet *sh, int r, int nCol) {
  static const char zDigits[] = "一二三四五六七八九十";
  for (int c = 0; c < nCol; c++) {
    const char *z = xlsx_cell(sh, r, c);
    if (!*z) continue;
    if (strncmp(z, "第", 3) == 0) return 1;
    size_t i = 0;
    while (z[i] && z[i + 1] && z[i + 2] && i < 12) {
      char zCh[4] = {z[i], z[i + 1], z[i + 2], 0};
      if (!strstr(zDigits, zCh)) break;
      i += 3;
    }
    return i > 0 && strncmp(z + i, "、", 3) == 0;
  }
  return 0;
}

int xlsx_table_text(const XlsxSheet *sh, Buf *out, char **pzTitle, int *pnHeading) {
  static const char *const azTask[] = {"任务", "内容", "事项", "措施", NULL};
  static const char *const azUnit[] = {"单位", "牵头", "部门", NULL};
  *pzTitle = NULL;
  if (pnHeading) *pnHeading = 0;
  int header = -1;
  for (int r = 0; r < sh->nRow && header < 0; r++) {
    int bTask = 0, bUnit = 0;
    for (int c = 0; c < sh->nCol; c++) {
      const XlsxMerge *m = xlsx_merge_at(sh, r, c);
      if (m && m->col0 != m->col1) continue;  /* a merged title is no header */
      const char *z = xlsx_cell(sh, r, c);
      if (!bTask && has_any(z, azTask)) bTask = 1;
      else if (has_any(z, azUnit)) bUnit = 1;
    }
    if (bTask && bUnit) header = r;
  }
  if (header < 0) return -1;
  for (int r = 0; r < header && !*pzTitle; r++) {
    for (int c = 0; c < sh->nCol; c++) {
      const char *z = xlsx_cell(sh, r, c);
      if (*z) {
        *pzTitle = xstrdup(z);
        break;
      }
    }
  }
  int nCol = 0;
  for (int c = 0; c < sh->nCol; c++) {
    if (*xlsx_cell(sh, header, c)) nCol = c + 1;
  }
  int nRow = 0;
  for (int r = header; r < sh->nRow; r++) {
    int nFull = 0, bWide = 0;
    for (int c = 0; c < nCol; c++) {
      const XlsxMerge *m = xlsx_merge_at(sh, r, c);
      if (m && m->row0 == r && m->col0 == c && m->col1 > m->col0 && m->col1 - m->col0 + 1 >= 2 &&
          m->row0 == m->row1) {
        bWide = 1;
      }
      if (*xlsx_cell(sh, r, c) && !(m && m->col0 < c && m->row0 == m->row1)) nFull++;
    }
    if (nFull == 0) continue;
    int bHeading = r > header && (bWide || (nFull == 1 && heading_text(sh, r, nCol)));
    if (bHeading && pnHeading) (*pnHeading)++;
    const char *zHeading = "";
    for (int c = 0; bHeading && c < nCol && !*zHeading; c++) zHeading = xlsx_cell(sh, r, c);
    for (int c = 0; c < nCol; c++) {
      const char *z = bHeading ? (c == 0 ? zHeading : "") : xlsx_cell(sh, r, c);
      if (c) buf_putc(out, '\t');
      if (strpbrk(z, "\t\"\r\n")) {
        buf_putc(out, '"');
        for (const char *p = z; *p; p++) {
          if (*p == '"') buf_putc(out, '"');
          buf_putc(out, *p);
        }
        buf_putc(out, '"');
      } else {
        buf_puts(out, z);
      }
    }
    buf_putc(out, '\n');
    nRow += !bHeading;
  }
  return nRow;
}
