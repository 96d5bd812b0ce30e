/*
** Server: `luoshi serve` on libmicrohttpd, and `luoshi http` on a stream. Both fill a Req and
** hand it to web_handle; this is the only part of luoshi that knows about sockets.
*/
#ifndef LUOSHI_WEB_SERVER_H
#define LUOSHI_WEB_SERVER_H

#include "http.h"

#include <stdio.h>

typedef struct ServerConfig {
  const char *zDb;          /* database path */
  const char *zListen;      /* "ADDR:PORT", e.g. 127.0.0.1:8080 (port 0: any free port) */
  int nThread;              /* worker threads (each with its own database connection) */
  int timeoutSeconds;       /* a connection that sends and reads nothing this long is closed */
  int headerTimeoutSeconds; /* a request's headers must be whole this long after it begins
                            ** (0: no limit); see server_run */
  int bodyTimeoutSeconds;   /* grace for a request body and for a response (0: no limit) */
  int minBytesPerSecond;    /* each such byte extends the grace by 1/minBytesPerSecond s */
  int maxConnections;
  const char *zAccessLog;   /* file to append one line per request to; NULL: stderr; "-": none */
  int bTrustProxy;          /* honour X-Forwarded-For and X-Forwarded-Proto (behind nginx) */
  const char *zReadyFile;   /* when set, the bound address is written here once serving */
  const char *zBasemap;     /* the office's own basemap file for the dashboard, or NULL */
} ServerConfig;

/* The defaults of the slow-client limits (seconds, seconds, bytes a second). */
#define SERVER_HEADER_TIMEOUT 20
#define SERVER_BODY_TIMEOUT 20
#define SERVER_MIN_RATE 500

/* Read "key = value" lines (listen, db, threads, timeout, header_timeout, body_timeout,
** min_rate, max_connections, access_log, trust_proxy, basemap) from zPath into c; values given
** on the command line are applied after. Returns 0 or LUOSHI_EINVAL naming the line. Strings
** are kept in *pStrings' memory. */
int server_config_read(const char *zPath, ServerConfig *c, Buf *pStrings, Err *e);
/* Serve until SIGINT or SIGTERM, then finish the requests in flight and return 0. Prints the
** address it serves on to stdout. Returns LUOSHI_EIO when the address cannot be bound or the
** database cannot be opened.
**
** Slow clients are cut off (the connection is shut down, nothing answered, a line on stderr):
** one whose request headers are not whole headerTimeoutSeconds after the connection opened, or
** after the request line arrived (on a kept-alive connection: timeoutSeconds +
** headerTimeoutSeconds after the previous response at most); one whose body has not arrived
** bodyTimeoutSeconds after the headers plus one second for every minBytesPerSecond bytes
** received; and one that reads its response slower, bodyTimeoutSeconds after it was ready plus
** one second for every minBytesPerSecond bytes of it. The handler's own time never counts. */
int server_run(const ServerConfig *c, Err *e);

/* Answer one HTTP request read from in, writing the response to out. Returns 0, or 1 when no
** request could be read at all. */
int web_stdio(Store *s, FILE *in, FILE *out);
/* Split a request target into r->zPath (percent-decoded) and r->zQuery (raw). */
void web_split_target(Req *r, const char *zTarget);
/* The reason phrase of an HTTP status. */
const char *web_reason(int status);

#endif
