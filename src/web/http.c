/*
** Http: parsing a request's parameters and cookies, and the helpers that shape a response
** (see http.h). Bodies arrive whole (their size is capped before this runs), so the
** urlencoded and multipart parsers work on one buffer and copy what they keep into the arena.
*/
#include "http.h"
#include "html.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void req_init(Req *r) {
  memset(r, 0, sizeof *r);
  arena_init(&r->arena);
  r->zMethod = "GET";
  r->zPath = "/";
  r->zQuery = "";
  r->zAddress = "";
  r->status = 200;
  r->zType = "text/html; charset=utf-8";
}

void req_free(Req *r) {
  buf_free(&r->head);
  buf_free(&r->out);
  free(r->aParam);
  arena_free(&r->arena);
}

const char *req_strndup(Req *r, const char *z, size_t nByte) {
  return arena_strndup(&r->arena, z, nByte);
}

const char *req_printf(Req *r, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  Buf b = BUF_INIT;
  buf_vprintf(&b, zFmt, ap);
  va_end(ap);
  const char *z = req_strndup(r, buf_str(&b), b.n);
  buf_free(&b);
  return z;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

const char *req_url_decode(Req *r, const char *z, size_t nByte, int bPlus, size_t *pnOut) {
  char *zOut = arena_alloc(&r->arena, nByte + 1);
  size_t n = 0;
  for (size_t i = 0; i < nByte; i++) {
    int hi, lo;
    if (z[i] == '%' && i + 2 < nByte &&
        (hi = hex_value(z[i + 1])) >= 0 && (lo = hex_value(z[i + 2])) >= 0) {
      zOut[n++] = (char)(hi * 16 + lo);
      i += 2;
    } else if (z[i] == '+' && bPlus) {
      zOut[n++] = ' ';
    } else {
      zOut[n++] = z[i];
    }
  }
  zOut[n] = 0;
  if (pnOut) *pnOut = n;
  return zOut;
}

static int add_param(Req *r, const char *zName, const char *zValue, size_t nValue,
                     const char *zFile, int bForm, Err *e) {
  if (r->nParam >= HTTP_PARAM_MAX) {
    return err_set(e, LUOSHI_EINVAL, "too many parameters (at most %d)", HTTP_PARAM_MAX);
  }
  if (!zFile && nValue > HTTP_FIELD_MAX) {
    return err_set(e, LUOSHI_EINVAL, "field %.40s is too long (%zu bytes; at most %d)", zName,
                   nValue, HTTP_FIELD_MAX);
  }
  if (r->nParam % 16 == 0) {
    r->aParam = xrealloc(r->aParam, sizeof(Param) * (size_t)(r->nParam + 16));
  }
  r->aParam[r->nParam++] = (Param){zName, zValue, nValue, zFile, bForm};
  return 0;
}

int req_parse_urlencoded(Req *r, const char *z, size_t nByte, int bForm, Err *e) {
  size_t i = 0;
  while (i < nByte) {
    size_t end = i;
    while (end < nByte && z[end] != '&') end++;
    size_t eq = i;
    while (eq < end && z[eq] != '=') eq++;
    if (end > i) {
      const char *zName = req_url_decode(r, z + i, eq - i, 1, NULL);
      size_t nValue = 0;
      const char *zValue = eq < end ? req_url_decode(r, z + eq + 1, end - eq - 1, 1, &nValue)
                                    : req_strndup(r, "", 0);
      int rc = add_param(r, zName, zValue, nValue, NULL, bForm, e);
      if (rc) return rc;
    }
    i = end + 1;
  }
  return 0;
}

/* The value of parameter zAttr (boundary, name, filename) in a header value such as
** `form-data; name="x"; filename="y"`, copied into the arena, or NULL. */
static const char *header_attr(Req *r, const char *z, size_t nByte, const char *zAttr) {
  size_t nAttr = strlen(zAttr);
  for (size_t i = 0; i + nAttr < nByte; i++) {
    if ((i == 0 || z[i - 1] == ';' || z[i - 1] == ' ') && strncasecmp(z + i, zAttr, nAttr) == 0 &&
        z[i + nAttr] == '=') {
      size_t j = i + nAttr + 1, k;
      if (j < nByte && z[j] == '"') {
        for (k = ++j; k < nByte && z[k] != '"'; k++) {}
      } else {
        for (k = j; k < nByte && z[k] != ';' && z[k] != ' ' && z[k] != '\r'; k++) {}
      }
      return req_strndup(r, z + j, k - j);
    }
  }
  return NULL;
}

static const char *find_bytes(const char *z, size_t n, const char *zNeedle, size_t nNeedle) {
  return memmem(z, n, zNeedle, nNeedle);
}

/* multipart/form-data: parts separated by "--boundary", each with headers, a blank line and
** its bytes. A part without a name, or a body that does not end with the closing boundary,
** is an error. */
static int parse_multipart(Req *r, const char *zBoundary, Err *e) {
  if (!zBoundary || !*zBoundary || strlen(zBoundary) > 200) {
    return err_set(e, LUOSHI_EINVAL, "multipart body without a usable boundary");
  }
  char zDelim[256];
  int nDelim = snprintf(zDelim, sizeof zDelim, "\r\n--%s", zBoundary);
  const char *z = r->aBody, *zEnd = r->aBody + r->nBody;
  /* The first delimiter may start the body without the CR LF. */
  const char *p = find_bytes(z, r->nBody, zDelim + 2, (size_t)nDelim - 2);
  if (!p) return err_set(e, LUOSHI_EINVAL, "multipart body without its boundary");
  p += nDelim - 2;
  for (;;) {
    if (zEnd - p >= 2 && p[0] == '-' && p[1] == '-') return 0; /* closing delimiter */
    if (zEnd - p < 2 || p[0] != '\r' || p[1] != '\n') break;
    p += 2;
    const char *zHeadEnd = find_bytes(p, (size_t)(zEnd - p), "\r\n\r\n", 4);
    if (!zHeadEnd) break;
    const char *zName = NULL, *zFile = NULL;
    for (const char *h = p; h < zHeadEnd;) {
      const char *hEnd = find_bytes(h, (size_t)(zHeadEnd - h), "\r\n", 2);
      if (!hEnd) hEnd = zHeadEnd;
      if ((size_t)(hEnd - h) > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
        zName = header_attr(r, h + 20, (size_t)(hEnd - h - 20), "name");
        zFile = header_attr(r, h + 20, (size_t)(hEnd - h - 20), "filename");
      }
      h = hEnd + 2;
    }
    const char *zData = zHeadEnd + 4;
    const char *zNext = find_bytes(zData, (size_t)(zEnd - zData), zDelim, (size_t)nDelim);
    if (!zNext) break;
    if (!zName) return err_set(e, LUOSHI_EINVAL, "multipart part without a name");
    int rc = add_param(r, zName, req_strndup(r, zData, (size_t)(zNext - zData)),
                       (size_t)(zNext - zData), zFile, 1, e);
    if (rc) return rc;
    p = zNext + nDelim;
  }
  return err_set(e, LUOSHI_EINVAL, "multipart body is truncated or malformed");
}

int req_parse_body(Req *r, Err *e) {
  if (!r->aBody || !r->zContentType) return 0;
  const char *zType = r->zContentType;
  if (strncasecmp(zType, "application/x-www-form-urlencoded", 33) == 0) {
    return req_parse_urlencoded(r, r->aBody, r->nBody, 1, e);
  }
  if (strncasecmp(zType, "multipart/form-data", 19) == 0) {
    return parse_multipart(r, header_attr(r, zType, strlen(zType), "boundary"), e);
  }
  return 0;
}

const Param *req_param_full(Req *r, const char *zName) {
  const Param *pFound = NULL;
  for (int i = 0; i < r->nParam; i++) {
    const Param *p = &r->aParam[i];
    if (strcmp(p->zName, zName) == 0 && (!pFound || p->bForm >= pFound->bForm)) pFound = p;
  }
  return pFound;
}

const char *req_param(Req *r, const char *zName) {
  const Param *p = req_param_full(r, zName);
  return p ? p->zValue : NULL;
}

long long req_param_id(Req *r, const char *zName) {
  const char *z = req_param(r, zName);
  if (!z || !*z) return 0;
  char *zEnd;
  long long v = strtoll(z, &zEnd, 10);
  return (*zEnd == 0 && v > 0) ? v : 0;
}

const char *req_cookie(Req *r, const char *zName) {
  const char *z = r->zCookie;
  size_t nName = strlen(zName);
  while (z && *z) {
    while (*z == ' ' || *z == ';') z++;
    const char *zEnd = strchr(z, ';');
    if (!zEnd) zEnd = z + strlen(z);
    if ((size_t)(zEnd - z) > nName && strncmp(z, zName, nName) == 0 && z[nName] == '=') {
      return req_strndup(r, z + nName + 1, (size_t)(zEnd - z - (ptrdiff_t)nName - 1));
    }
    z = zEnd;
  }
  return NULL;
}

int req_header(Req *r, const char *zName, const char *zValue) {
  if (strpbrk(zName, "\r\n:") || strpbrk(zValue, "\r\n")) return -1;
  buf_printf(&r->head, "%s: %s\r\n", zName, zValue);
  return 0;
}

void req_redirect(Req *r, const char *zLocation) {
  r->status = 303;
  if (req_header(r, "Location", zLocation)) req_header(r, "Location", "/");
  buf_reset(&r->out);
}

int req_is_api(const Req *r) { return strncmp(r->zPath, "/api/", 5) == 0; }

void req_fail(Req *r, int status, const char *zMessage) {
  r->status = status;
  buf_reset(&r->out);
  if (status == 503) req_header(r, "Retry-After", "5");
  if (req_is_api(r)) {
    r->zType = "application/json";
    json_t *j = json_pack("{s:{s:i, s:s}}", "error", "status", status, "message", zMessage);
    /* A message quoting the client's bytes may not be UTF-8, which JSON cannot carry. */
    if (!j) {
      j = json_pack("{s:{s:i, s:s}}", "error", "status", status, "message",
                    "the request is not valid (and its error quotes bytes that are not UTF-8)");
    }
    char *z = json_dumps(j, JSON_COMPACT);
    buf_puts(&r->out, z);
    buf_putc(&r->out, '\n');
    free(z);
    json_decref(j);
    return;
  }
  r->zType = "text/html; charset=utf-8";
  html_printf(&r->out,
              "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              "<link rel=\"stylesheet\" href=\"/static/luoshi.css\"><title>%d</title></head>"
              "<body><main class=\"error\"><h1>%d</h1><p>%s</p><p><a href=\"/\">%s</a></p>"
              "</main></body></html>\n",
              r->bEnglish ? "en" : "zh-CN", status, status, zMessage, L(r, "返回首页", "Home"));
}

void req_fail_err(Req *r, const Err *e) {
  int status = e->code == LUOSHI_ENOTFOUND   ? 404
               : e->code == LUOSHI_EDENIED   ? 403
               : e->code == LUOSHI_ECONFLICT ? 409
               : e->code == LUOSHI_EINVAL    ? 400
               : e->code == LUOSHI_ETOOBIG   ? 413
               : e->code == LUOSHI_EIO       ? 503
                                             : 500;
  req_fail(r, status, e->zMsg[0] ? e->zMsg : "error");
}
