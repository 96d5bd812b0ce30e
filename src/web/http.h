/*
** Http: one request and its response, as every page and API handler sees them.
**
** A Req is filled by whoever received the request — the libmicrohttpd server (server.c) or
** `luoshi http`, which reads one request from stdin (stdio.c) — and then handed to
** web_handle (router.c), which authenticates, checks the route's permission and the CSRF token,
** and calls the handler. Handlers read parameters with req_param and write the body into
** r->out through the escaping writer of html.h (or json for the API). All strings a Req points
** to live in its arena and die with req_free. Nothing here touches a socket.
*/
#ifndef LUOSHI_WEB_HTTP_H
#define LUOSHI_WEB_HTTP_H

#include "../base/buf.h"
#include "../base/mem.h"
#include "../ledger/auth.h"
#include "../store/store.h"

#include <stddef.h>

/* Limits a request must keep to; larger ones are refused with 413 before a handler runs. */
#define HTTP_BODY_MAX (21 * 1024 * 1024)   /* bytes of a request body: one evidence file at its
                                           ** limit (20 MB, REPORT_EVIDENCE_MAX) and the form */
#define HTTP_FIELD_MAX (64 * 1024)         /* bytes of one form field other than a file */
#define HTTP_PARAM_MAX 256                 /* parameters of one request */
#define HTTP_URL_MAX 8192                  /* bytes of the request target */

/* One query or form parameter; a multipart file part has zFile set. */
typedef struct Param {
  const char *zName;
  const char *zValue;   /* NUL-terminated; may hold NULs for a file, see nValue */
  size_t nValue;        /* bytes in zValue */
  const char *zFile;    /* the uploaded file's name, or NULL for a plain field */
  int bForm;            /* from the body (1) or the query string (0) */
} Param;

typedef struct Req {
  Arena arena;               /* owns every string below */
  /* --- the request, as received --- */
  const char *zMethod;       /* GET, POST, HEAD ... */
  const char *zPath;         /* percent-decoded path, no query */
  const char *zQuery;        /* raw query string, "" when none */
  const char *zAddress;      /* the client's address */
  const char *zCookie;       /* the Cookie header, or NULL */
  const char *zAuthorization;/* the Authorization header, or NULL */
  const char *zContentType;  /* the Content-Type header, or NULL */
  const char *zAcceptLanguage;
  const char *zCsrfHeader;   /* X-CSRF-Token, or NULL */
  int bSecure;               /* reached over TLS (directly or through the configured proxy) */
  const char *aBody;         /* the body (NUL-terminated), NULL when none */
  size_t nBody;
  Param *aParam;             /* query parameters, then form parameters */
  int nParam;
  /* --- who asks, filled by web_handle --- */
  Store *s;                  /* the database connection of this request's thread */
  Actor actor;               /* meaningful when bUser */
  int bUser;                 /* a person is logged in (session cookie or API token) */
  int bToken;                /* ... by an API token (no CSRF needed, no cookie) */
  char zCsrf[80];            /* the CSRF token forms must carry */
  char zSessionHash[72];     /* the session's token hash, "" without a session */
  int bEnglish;              /* pages in English rather than Chinese */
  char zToday[11];           /* today's date, YYYY-MM-DD (LUOSHI_TODAY overrides) */
  long long id;              /* the {id} of the route pattern, 0 when none */
  /* --- the response --- */
  int status;                /* HTTP status, 200 unless a handler changes it */
  const char *zType;         /* Content-Type of the body */
  Buf head;                  /* extra header lines, each "Name: value\r\n" */
  Buf out;                   /* the body */
} Req;

/* Prepare r (all zero, arena ready, status 200, text/html). */
void req_init(Req *r);
/* Free everything r owns. */
void req_free(Req *r);
/* A copy of z[0..nByte) in r's arena. */
const char *req_strndup(Req *r, const char *z, size_t nByte);
/* A printf-formatted string in r's arena (lives as long as r). */
const char *req_printf(Req *r, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

/* Percent-decode z[0..nByte) (and '+' as a space when bPlus) into r's arena; *pnOut (if not
** NULL) gets the decoded length, which may hold NULs. */
const char *req_url_decode(Req *r, const char *z, size_t nByte, int bPlus, size_t *pnOut);
/* Parse an application/x-www-form-urlencoded string into parameters (bForm as given).
** Returns 0, or LUOSHI_EINVAL with a message when there are too many parameters or a field is
** too long. */
int req_parse_urlencoded(Req *r, const char *z, size_t nByte, int bForm, Err *e);
/* Parse r's body by its Content-Type (urlencoded or multipart/form-data; anything else is
** left alone). Returns 0, or LUOSHI_EINVAL with a message for a malformed body. */
int req_parse_body(Req *r, Err *e);

/* The value of parameter zName (the last one given), or NULL. Form values win over the query. */
const char *req_param(Req *r, const char *zName);
/* The parameter zName as a whole Param (for files), or NULL. */
const Param *req_param_full(Req *r, const char *zName);
/* The parameter zName as a positive integer, or 0 when missing or not one. */
long long req_param_id(Req *r, const char *zName);
/* The value of cookie zName, copied into the arena, or NULL. */
const char *req_cookie(Req *r, const char *zName);

/* Add a response header. A name or value holding CR or LF is refused (not added, returns -1). */
int req_header(Req *r, const char *zName, const char *zValue);
/* Respond with a 303 redirect to zLocation (a local path). */
void req_redirect(Req *r, const char *zLocation);
/* Respond with an error page (or, under /api/, the JSON error envelope) saying zMessage. */
void req_fail(Req *r, int status, const char *zMessage);
/* req_fail with the status that fits an Err code (404 not found, 403 denied, 409 conflict, 400
** invalid, 413 too big, 503 for a database that failed (LUOSHI_EIO: the client may retry),
** 500 otherwise). A 503 carries Retry-After. */
void req_fail_err(Req *r, const Err *e);
/* Is this an API request (path under /api/)? */
int req_is_api(const Req *r);

/* Pick the page language's version of a text. */
#define L(r, zZh, zEn) ((r)->bEnglish ? (zEn) : (zZh))

#endif
