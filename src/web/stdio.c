/*
** One HTTP request from a stream: what `luoshi http` does, so that tests drive every page and
** API route through the real router without a socket (after Fossil's test-http). Reads the
** request line, the headers and a body of Content-Length bytes; writes one HTTP/1.1 response.
*/
#include "server.h"
#include "web.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Read one CRLF- or LF-terminated line into b (without its end). 0, or -1 at end of input. */
static int read_line(FILE *in, Buf *b) {
  buf_reset(b);
  int c, n = 0;
  while ((c = getc(in)) != EOF) {
    n++;
    if (c == '\n') break;
    if (b->n < HTTP_URL_MAX + 16) buf_putc(b, (char)c);
  }
  if (n == 0) return -1;
  if (b->n && b->a[b->n - 1] == '\r') b->a[--b->n] = 0;
  return 0;
}

const char *web_reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 429: return "Too Many Requests";
    case 501: return "Not Implemented";
    default: return status >= 500 ? "Internal Server Error" : "Unknown";
  }
}

void web_split_target(Req *r, const char *zTarget) {
  const char *zQ = strchr(zTarget, '?');
  size_t nPath = zQ ? (size_t)(zQ - zTarget) : strlen(zTarget), nDecoded = 0;
  r->zPath = req_url_decode(r, zTarget, nPath, 0, &nDecoded);
  if (strlen(r->zPath) != nDecoded) r->zPath = "/%00"; /* an encoded NUL: matches no route */
  r->zQuery = zQ ? req_strndup(r, zQ + 1, strlen(zQ + 1)) : "";
}

int web_stdio(Store *s, FILE *in, FILE *out) {
  Req r;
  req_init(&r);
  r.s = s;
  r.zAddress = "127.0.0.1";
  Buf line = BUF_INIT, body = BUF_INIT;
  int rc = 0;
  if (read_line(in, &line) || line.n == 0) {
    fprintf(stderr, "luoshi http: no request line on standard input\n");
    rc = 1;
    goto cleanup;
  }
  char *zSp1 = strchr(line.a, ' ');
  if (!zSp1 || line.n > HTTP_URL_MAX) {
    req_fail(&r, line.n > HTTP_URL_MAX ? 414 : 400, "malformed request line");
    goto respond;
  }
  *zSp1 = 0;
  char *zTarget = zSp1 + 1, *zSp2 = strchr(zTarget, ' ');
  if (zSp2) *zSp2 = 0;
  r.zMethod = req_strndup(&r, line.a, strlen(line.a));
  web_split_target(&r, zTarget);
  long long nContent = 0;
  while (read_line(in, &line) == 0 && line.n > 0) {
    char *zColon = strchr(line.a, ':');
    if (!zColon) continue;
    *zColon = 0;
    const char *zValue = zColon + 1;
    while (*zValue == ' ' || *zValue == '\t') zValue++;
    const char *zCopy = req_strndup(&r, zValue, strlen(zValue));
    if (strcasecmp(line.a, "Cookie") == 0) r.zCookie = zCopy;
    else if (strcasecmp(line.a, "Authorization") == 0) r.zAuthorization = zCopy;
    else if (strcasecmp(line.a, "Content-Type") == 0) r.zContentType = zCopy;
    else if (strcasecmp(line.a, "Accept-Language") == 0) r.zAcceptLanguage = zCopy;
    else if (strcasecmp(line.a, "X-CSRF-Token") == 0) r.zCsrfHeader = zCopy;
    else if (strcasecmp(line.a, "Content-Length") == 0) nContent = strtoll(zCopy, NULL, 10);
  }
  if (nContent < 0 || nContent > HTTP_BODY_MAX) {
    req_fail(&r, 413, "request body too large");
    goto respond;
  }
  if (nContent > 0) {
    buf_reserve(&body, (size_t)nContent);
    body.n = fread(body.a, 1, (size_t)nContent, in);
    body.a[body.n] = 0;
    if ((long long)body.n < nContent) {
      req_fail(&r, 400, "request body shorter than its Content-Length");
      goto respond;
    }
    r.aBody = body.a;
    r.nBody = body.n;
  }
  web_handle(&r);
respond:
  fprintf(out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s\r\n", r.status,
          web_reason(r.status), r.zType, r.out.n, buf_str(&r.head));
  if (strcmp(r.zMethod, "HEAD") != 0) fwrite(r.out.a ? r.out.a : "", 1, r.out.n, out);
  fflush(out);
cleanup:
  buf_free(&line);
  buf_free(&body);
  req_free(&r);
  return rc;
}
