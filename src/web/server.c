/*
** Server: luoshi serve on libmicrohttpd's thread pool (see server.h).
**
** Each worker thread opens its own database connection on its first request and closes it
** when the thread ends. A request body is gathered whole, up to HTTP_BODY_MAX; a larger one
** (by Content-Length or by what arrives) is answered 413 without being kept. A silent client is
** cut off by libmicrohttpd's connection timeout, which only counts time without traffic; one that
** trickles its request (a byte a second: slowloris, or a slow body) or reads its response too
** slowly is cut off by the watch below, against a deadline per request phase. The connection
** limit bounds memory. SIGINT or SIGTERM
** stops accepting, lets the requests in flight finish, and returns. One access-log line per
** request: address, login, method, path, status, bytes, milliseconds.
*/
#include "server.h"
#include "web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

/* ---- the watch over slow clients ------------------------------------------------------------
** Each connection has a Guard from libmicrohttpd's STARTED notification to its CLOSED one; the
** request callbacks move it from phase to phase, each with its deadline, and the watch thread
** shut down()s the socket of a connection past its deadline. libmicrohttpd then sees the end of
** the stream (or a failed send) and closes the connection as it would any other.
**
** The socket number is only ours to use while the connection is open: libmicrohttpd sends the
** CLOSED notification before it closes the socket (daemon.c, MHD_cleanup_connections and
** new_connection_process_, in 0.9.75), and on_connection unlinks the Guard there under
** watch.mutex, which the watch thread holds while it calls shutdown(). So a number that has
** been closed, and perhaps reused by another socket, is never shut down. */

typedef enum GuardPhase {
  GUARD_HEADERS,   /* the request's headers are arriving: due headerTimeout after its start */
  GUARD_WAITING,   /* kept alive after a response: the next request is due within the idle
                   ** timeout plus headerTimeout */
  GUARD_BODY,      /* the body is arriving: due bodyTimeout + bytes received / minRate after
                   ** the headers */
  GUARD_HANDLER,   /* the handler is working: no deadline */
  GUARD_RESPONSE   /* the response is being sent: due bodyTimeout + its bytes / minRate */
} GuardPhase;

/* One open connection. Every field but zAddress and fd is read and written under watch.mutex. */
typedef struct Guard {
  struct Guard *pPrev, *pNext; /* in Watch.pFirst's list */
  int fd;                      /* the connection's socket, open while the Guard is listed */
  GuardPhase phase;
  double tPhase;               /* when the phase began (monotonic seconds) */
  double tDue;                 /* when the phase must be over; 0: never */
  int bCut;                    /* the watch has shut the socket down */
  char zAddress[48];           /* the client's address, for the message */
} Guard;

typedef struct Watch {
  pthread_mutex_t mutex;
  pthread_cond_t wake;         /* signalled when bStop is set */
  pthread_t thread;
  Guard *pFirst;               /* every open connection */
  int bStop;                   /* the watch thread is to return */
  double headerSeconds;        /* 0: headers have no deadline */
  double bodySeconds;          /* 0: bodies and responses have no deadline */
  double idleSeconds;          /* libmicrohttpd's connection timeout */
  double minRate;              /* bytes a second; 0: no extension per byte */
} Watch;

#define WATCH_TICK_MS 250      /* how often the watch looks at the deadlines */

static double monotonic_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Move g into phase at the present time, with that phase's deadline (see GuardPhase). nByte is
** the body bytes received so far (GUARD_BODY: its clock keeps running from the headers) or the
** bytes of the response (GUARD_RESPONSE); ignored otherwise. g may be NULL (no watch). */
static void guard_enter(Watch *w, Guard *g, GuardPhase phase, size_t nByte) {
  if (!g) return;
  double now = monotonic_seconds();
  pthread_mutex_lock(&w->mutex);
  int bWasHeaders = g->phase == GUARD_HEADERS || g->phase == GUARD_WAITING;
  double tPrevDue = bWasHeaders ? g->tDue : 0;
  /* a request's headers are timed from the start of the wait for them, its body from the end
  ** of the headers; every other phase from now */
  int bSameClock = (phase == GUARD_HEADERS && bWasHeaders) ||
                   (phase == GUARD_BODY && g->phase == GUARD_BODY);
  if (!bSameClock) g->tPhase = now;
  g->phase = phase;
  double extra = w->minRate > 0 ? (double)nByte / w->minRate : 0;
  switch (phase) {
    case GUARD_HEADERS:
      /* the request line has arrived: never later than the deadline already running */
      g->tDue = w->headerSeconds > 0 ? now + w->headerSeconds : 0;
      if (tPrevDue > 0 && tPrevDue < g->tDue) g->tDue = tPrevDue;
      break;
    case GUARD_WAITING:
      g->tDue = w->headerSeconds > 0 ? now + w->idleSeconds + w->headerSeconds : 0;
      break;
    case GUARD_BODY:
    case GUARD_RESPONSE:
      g->tDue = w->bodySeconds > 0 ? g->tPhase + w->bodySeconds + extra : 0;
      break;
    case GUARD_HANDLER:
      g->tDue = 0;
      break;
  }
  pthread_mutex_unlock(&w->mutex);
}

/* What a client cut off in phase was too slow with, for the message on stderr. */
static const char *guard_phase_lateness(GuardPhase phase) {
  switch (phase) {
    case GUARD_HEADERS: return "request headers still incomplete";
    case GUARD_WAITING: return "no whole request on a kept-alive connection";
    case GUARD_BODY: return "request body still incomplete";
    case GUARD_RESPONSE: return "response still not read";
    case GUARD_HANDLER: break;
  }
  return "too slow";
}

/* Whether the client's bytes wait unread in socket fd's receive queue: then the server, busy
** with other requests, is the slow one, and a client that sent its request in time is not cut
** off for the server's delay (a trickling client's byte is read as soon as it arrives). */
static int server_is_behind(int fd) {
  int nUnread = 0;
  return ioctl(fd, FIONREAD, &nUnread) == 0 && nUnread > 0;
}

/* The watch thread: every WATCH_TICK_MS, shut down the socket of each connection past its
** deadline, until w->bStop. */
static void *watch_main(void *pArg) {
  Watch *w = pArg;
  pthread_mutex_lock(&w->mutex);
  while (!w->bStop) {
    double now = monotonic_seconds();
    for (Guard *g = w->pFirst; g; g = g->pNext) {
      if (g->bCut || g->tDue <= 0 || now < g->tDue) continue;
      if (g->phase != GUARD_RESPONSE && server_is_behind(g->fd)) continue;
      /* linger 0: when libmicrohttpd closes the socket the kernel resets the connection and
      ** drops what it still holds for the client, rather than deliver it at the client's pace */
      struct linger noLinger = {1, 0};
      setsockopt(g->fd, SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
      shutdown(g->fd, SHUT_RDWR);
      g->bCut = 1;
      fprintf(stderr, "luoshi serve: %s: %s after %.0f s: connection cut off\n", g->zAddress,
              guard_phase_lateness(g->phase), now - g->tPhase);
    }
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += WATCH_TICK_MS * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
      t.tv_sec++;
      t.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&w->wake, &w->mutex, &t);
  }
  pthread_mutex_unlock(&w->mutex);
  return NULL;
}

/* Start the watch with c's limits and libmicrohttpd's connection timeout idleSeconds; 0, or an
** errno value when the thread cannot start. */
static int watch_start(Watch *w, const ServerConfig *c, unsigned idleSeconds) {
  memset(w, 0, sizeof *w);
  w->headerSeconds = c->headerTimeoutSeconds;
  w->bodySeconds = c->bodyTimeoutSeconds;
  w->idleSeconds = idleSeconds;
  w->minRate = c->minBytesPerSecond;
  pthread_mutex_init(&w->mutex, NULL);
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&w->wake, &attr);
  pthread_condattr_destroy(&attr);
  int rc = pthread_create(&w->thread, NULL, watch_main, w);
  if (rc) {
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->mutex);
  }
  return rc;
}

/* Stop the watch thread and free w's resources; call after the daemon has stopped (every
** connection closed, so no Guard is left). */
static void watch_stop(Watch *w) {
  pthread_mutex_lock(&w->mutex);
  w->bStop = 1;
  pthread_cond_signal(&w->wake);
  pthread_mutex_unlock(&w->mutex);
  pthread_join(w->thread, NULL);
  pthread_cond_destroy(&w->wake);
  pthread_mutex_destroy(&w->mutex);
}

/* What one connection's request carries between libmicrohttpd's calls. */
typedef struct Pending {
  Guard *pGuard;       /* the connection's Guard, or NULL */
  char *zTarget;       /* the raw request target, with its query */
  Buf body;
  int bTooBig;         /* the body went over HTTP_BODY_MAX: answer 413 */
  int bStarted;        /* the handler has seen the headers (its first call) */
  size_t nBodyReceived; /* bytes of the body received, kept or not */
  struct timespec t0;  /* when the request began, for the access log */
} Pending;

typedef struct Server {
  const ServerConfig *c;
  FILE *pLog;                /* access log, or NULL */
  pthread_mutex_t logMutex;
  pthread_key_t storeKey;    /* each worker thread's Store */
  Watch watch;               /* the deadlines of slow clients */
} Server;

static void close_store(void *p) { store_close(p); }

/* This thread's database connection, opened on first use; NULL (message in e) on failure. */
static Store *thread_store(Server *srv, Err *e) {
  Store *s = pthread_getspecific(srv->storeKey);
  if (!s && store_open(srv->c->zDb, &s, e) == 0) pthread_setspecific(srv->storeKey, s);
  return s;
}

static void client_address(struct MHD_Connection *conn, char *zOut, size_t nOut);

/* STARTED: give the connection a Guard, its headers due from now; CLOSED (before libmicrohttpd
** closes the socket): unlist and free it. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **ppSocketContext,
                          enum MHD_ConnectionNotificationCode code) {
  Server *srv = cls;
  Watch *w = &srv->watch;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci) return;
    Guard *g = xcalloc(1, sizeof *g);
    g->fd = ci->connect_fd;
    g->phase = GUARD_HANDLER; /* so that entering GUARD_HEADERS starts a fresh clock */
    client_address(conn, g->zAddress, sizeof g->zAddress);
    pthread_mutex_lock(&w->mutex);
    g->pNext = w->pFirst;
    if (w->pFirst) w->pFirst->pPrev = g;
    w->pFirst = g;
    pthread_mutex_unlock(&w->mutex);
    guard_enter(w, g, GUARD_HEADERS, 0);
    *ppSocketContext = g;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *ppSocketContext) {
    Guard *g = *ppSocketContext;
    pthread_mutex_lock(&w->mutex);
    if (g->pPrev) g->pPrev->pNext = g->pNext;
    else w->pFirst = g->pNext;
    if (g->pNext) g->pNext->pPrev = g->pPrev;
    pthread_mutex_unlock(&w->mutex);
    free(g);
    *ppSocketContext = NULL;
  }
}

/* The request line has arrived: the request begins (its headers keep the deadline they had). */
static void *on_uri(void *cls, const char *zUri, struct MHD_Connection *conn) {
  Server *srv = cls;
  Pending *p = xcalloc(1, sizeof *p);
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  p->pGuard = ci ? ci->socket_context : NULL;
  p->zTarget = xstrdup(zUri ? zUri : "/");
  clock_gettime(CLOCK_MONOTONIC, &p->t0);
  guard_enter(&srv->watch, p->pGuard, GUARD_HEADERS, 0);
  return p;
}

/* The request is over (its response sent, or the connection failed): the connection, if kept
** alive, waits for the next one. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **pp,
                         enum MHD_RequestTerminationCode why) {
  Server *srv = cls;
  Pending *p = *pp;
  if (!p) return;
  guard_enter(&srv->watch, p->pGuard, GUARD_WAITING, 0);
  buf_free(&p->body);
  free(p->zTarget);
  free(p);
  *pp = NULL;
}

static const char *header(struct MHD_Connection *conn, const char *zName) {
  return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, zName);
}

static void client_address(struct MHD_Connection *conn, char *zOut, size_t nOut) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  zOut[0] = 0;
  if (!ci || !ci->client_addr) return;
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, zOut, (socklen_t)nOut);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, zOut, (socklen_t)nOut);
  }
}

static enum MHD_Result send_response(struct MHD_Connection *conn, Req *r, const char *zMethod) {
  size_t nBody = r->out.n;
  struct MHD_Response *resp;
  if (strcmp(zMethod, "HEAD") == 0) {
    resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  } else {
    resp = MHD_create_response_from_buffer(nBody, buf_take(&r->out), MHD_RESPMEM_MUST_FREE);
  }
  MHD_add_response_header(resp, "Content-Type", r->zType);
  /* r->head holds "Name: value\r\n" lines, already checked for CR/LF by req_header. */
  char *z = r->head.a;
  while (z && *z) {
    char *zEnd = strstr(z, "\r\n"), *zColon = strchr(z, ':');
    if (!zEnd || !zColon || zColon > zEnd) break;
    *zEnd = 0;
    *zColon = 0;
    MHD_add_response_header(resp, z, zColon + 2);
    z = zEnd + 2;
  }
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static void access_log(Server *srv, const Req *r, const Pending *p, size_t nByte) {
  if (!srv->pLog) return;
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - p->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - p->t0.tv_nsec) / 1e6;
  time_t now = time(NULL);
  struct tm tm;
  char zTime[32];
  gmtime_r(&now, &tm);
  strftime(zTime, sizeof zTime, "%Y-%m-%dT%H:%M:%SZ", &tm);
  pthread_mutex_lock(&srv->logMutex);
  fprintf(srv->pLog, "%s %s %s %s %s %d %zu %.1fms\n", zTime, r->zAddress,
          r->bUser ? r->actor.zLogin : "-", r->zMethod, r->zPath, r->status, nByte, ms);
  fflush(srv->pLog);
  pthread_mutex_unlock(&srv->logMutex);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *zUrl,
                                  const char *zMethod, const char *zVersion,
                                  const char *aUpload, size_t *pnUpload, void **pp) {
  Server *srv = cls;
  Pending *p = *pp;
  if (!p) return MHD_NO; /* on_uri always sets it */
  const char *zLength = header(conn, "Content-Length");
  if (!p->bStarted) {
    /* The first call only sees the headers. Answering now would make libmicrohttpd close the
    ** connection (the request is not read to its end), so wait for the last call — unless the
    ** body is announced too large, which is refused at once without reading it. */
    p->bStarted = 1;
    if (!(zLength && strtoll(zLength, NULL, 10) > HTTP_BODY_MAX)) {
      guard_enter(&srv->watch, p->pGuard, GUARD_BODY, 0);
      return MHD_YES;
    }
    p->bTooBig = 1;
  }
  if (*pnUpload) {
    p->nBodyReceived += *pnUpload;
    guard_enter(&srv->watch, p->pGuard, GUARD_BODY, p->nBodyReceived);
    if (p->body.n + *pnUpload > HTTP_BODY_MAX) {
      p->bTooBig = 1;
      buf_free(&p->body);
    } else if (!p->bTooBig) {
      buf_append(&p->body, aUpload, *pnUpload);
    }
    *pnUpload = 0;
    return MHD_YES;
  }

  guard_enter(&srv->watch, p->pGuard, GUARD_HANDLER, 0);
  Req r;
  req_init(&r);
  r.zMethod = zMethod;
  char zAddress[64];
  client_address(conn, zAddress, sizeof zAddress);
  r.zAddress = zAddress;
  const char *zProto = header(conn, "X-Forwarded-Proto");
  const char *zFor = header(conn, "X-Forwarded-For");
  if (srv->c->bTrustProxy) {
    r.bSecure = zProto && strcasecmp(zProto, "https") == 0;
    if (zFor && *zFor) {
      size_t n = strcspn(zFor, ", ");
      r.zAddress = req_strndup(&r, zFor, n < 63 ? n : 63);
    }
  }
  r.zCookie = header(conn, "Cookie");
  r.zAuthorization = header(conn, "Authorization");
  r.zContentType = header(conn, "Content-Type");
  r.zAcceptLanguage = header(conn, "Accept-Language");
  r.zCsrfHeader = header(conn, "X-CSRF-Token");
  Err e;
  err_clear(&e);
  if (strlen(p->zTarget) > HTTP_URL_MAX) {
    req_fail(&r, 414, "request target too long");
  } else if (p->bTooBig) {
    web_split_target(&r, p->zTarget);
    req_fail(&r, 413, "request body too large");
  } else if (!(r.s = thread_store(srv, &e))) {
    web_split_target(&r, p->zTarget);
    req_fail(&r, 503, "the database cannot be opened");
  } else {
    web_split_target(&r, p->zTarget);
    if (p->body.n) {
      r.aBody = p->body.a;
      r.nBody = p->body.n;
    }
    web_handle(&r);
  }
  size_t nByte = r.out.n;
  guard_enter(&srv->watch, p->pGuard, GUARD_RESPONSE, strcmp(zMethod, "HEAD") == 0 ? 0 : nByte);
  enum MHD_Result ret = send_response(conn, &r, zMethod);
  access_log(srv, &r, p, nByte);
  req_free(&r);
  return ret;
}

static void on_panic(void *cls, const char *zFile, unsigned line, const char *zReason) {
  fprintf(stderr, "luoshi serve: libmicrohttpd: %s (%s:%u)\n", zReason ? zReason : "fatal",
          zFile ? zFile : "?", line);
  abort();
}

/* Parse "ADDR:PORT" (or ":PORT", or "PORT") into an IPv4 socket address. */
static int parse_listen(const char *z, struct sockaddr_in *sa, Err *e) {
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  const char *zColon = strrchr(z, ':');
  char zHost[64] = "127.0.0.1";
  const char *zPort = z;
  if (zColon) {
    size_t n = (size_t)(zColon - z);
    if (n >= sizeof zHost) return err_set(e, LUOSHI_EINVAL, "bad --listen address %s", z);
    if (n) {
      memcpy(zHost, z, n);
      zHost[n] = 0;
    }
    zPort = zColon + 1;
  }
  char *zEnd;
  long port = strtol(zPort, &zEnd, 10);
  if (*zEnd || port < 0 || port > 65535 || inet_pton(AF_INET, zHost, &sa->sin_addr) != 1) {
    return err_set(e, LUOSHI_EINVAL, "bad --listen address %s (want ADDR:PORT)", z);
  }
  sa->sin_port = htons((uint16_t)port);
  return 0;
}

int server_run(const ServerConfig *c, Err *e) {
  struct sockaddr_in sa;
  if (parse_listen(c->zListen, &sa, e)) return LUOSHI_EINVAL;
  /* Open (and migrate) the database once before serving, so a bad path fails at once. */
  Store *s0 = NULL;
  if (store_open(c->zDb, &s0, e)) return LUOSHI_EIO;
  store_close(s0);

  /* The dashboard reads the office's own basemap from LUOSHI_BASEMAP; set before any thread. */
  if (c->zBasemap) setenv("LUOSHI_BASEMAP", c->zBasemap, 1);
  Server srv;
  memset(&srv, 0, sizeof srv);
  srv.c = c;
  pthread_mutex_init(&srv.logMutex, NULL);
  pthread_key_create(&srv.storeKey, close_store);
  if (!c->zAccessLog) srv.pLog = stderr;
  else if (strcmp(c->zAccessLog, "-") != 0 && !(srv.pLog = fopen(c->zAccessLog, "a"))) {
    return err_set(e, LUOSHI_EIO, "cannot open the access log %s: %s", c->zAccessLog,
                   strerror(errno));
  }

  /* Every connection is a file descriptor, and the usual soft limit is 1024: below the connection
  ** limit, so that accept() would fail with EMFILE near 1000 connections (libmicrohttpd then
  ** stops accepting for a while). Raise the soft limit to the connection limit plus room for
  ** the database files, the log and the listening socket, as far as the hard limit allows;
  ** when it allows less, serve fewer connections rather than fail to accept them. */
  unsigned maxConn = (unsigned)(c->maxConnections > 0 ? c->maxConnections : 2000);
  unsigned nThread = (unsigned)(c->nThread > 0 ? c->nThread : 4);
  rlim_t nRoom = 64 + 4 * (rlim_t)nThread, nWant = (rlim_t)maxConn + nRoom;
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < nWant) {
    rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < nWant ? rl.rlim_max : nWant;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < nWant) {
      unsigned nFit = rl.rlim_cur > nRoom + nThread ? (unsigned)(rl.rlim_cur - nRoom) : nThread;
      fprintf(stderr, "luoshi serve: only %llu file descriptors allowed (ulimit -n): serving %u "
              "connections at most, not %u\n", (unsigned long long)rl.rlim_cur, nFit, maxConn);
      maxConn = nFit;
    }
  }

  /* The workers inherit a mask without SIGINT and SIGTERM; this thread waits for them. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  MHD_set_panic_func(on_panic, NULL);
  unsigned idleSeconds = (unsigned)(c->timeoutSeconds > 0 ? c->timeoutSeconds : 30);
  int rcWatch = watch_start(&srv.watch, c, idleSeconds);
  if (rcWatch) {
    if (srv.pLog && srv.pLog != stderr) fclose(srv.pLog);
    return err_set(e, LUOSHI_EIO, "cannot start the watch over slow clients: %s",
                   strerror(rcWatch));
  }

  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
      on_request, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
      MHD_OPTION_THREAD_POOL_SIZE, nThread,
      MHD_OPTION_CONNECTION_TIMEOUT, idleSeconds,
      MHD_OPTION_CONNECTION_LIMIT, maxConn,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_URI_LOG_CALLBACK,
      on_uri, &srv, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv, MHD_OPTION_NOTIFY_CONNECTION,
      on_connection, &srv, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
  if (!d) {
    watch_stop(&srv.watch);
    if (srv.pLog && srv.pLog != stderr) fclose(srv.pLog);
    return err_set(e, LUOSHI_EIO, "cannot serve on %s (address in use, or not allowed)",
                   c->zListen);
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  char zHost[64];
  inet_ntop(AF_INET, &sa.sin_addr, zHost, sizeof zHost);
  unsigned port = di ? di->port : ntohs(sa.sin_port);
  char zDbName[512];
  store_target_name(c->zDb, zDbName, sizeof zDbName);
  printf("luoshi: serving http://%s:%u/ (database %s); Ctrl-C stops\n", zHost, port, zDbName);
  fflush(stdout);
  if (c->zReadyFile) {
    FILE *f = fopen(c->zReadyFile, "w");
    if (f) {
      fprintf(f, "%s:%u\n", zHost, port);
      fclose(f);
    }
  }
  int sig = 0;
  sigwait(&set, &sig);
  fprintf(stderr, "luoshi serve: signal %d: finishing the requests in flight\n", sig);
  MHD_stop_daemon(d);
  watch_stop(&srv.watch);
  if (srv.pLog && srv.pLog != stderr) fclose(srv.pLog);
  pthread_key_delete(srv.storeKey);
  pthread_mutex_destroy(&srv.logMutex);
  return 0;
}

int server_config_read(const char *zPath, ServerConfig *c, Buf *pStrings, Err *e) {
  FILE *f = fopen(zPath, "r");
  if (!f) return err_set(e, LUOSHI_EIO, "cannot read %s: %s", zPath, strerror(errno));
  char zLine[1024];
  int line = 0, rc = 0;
  /* Values are copied into pStrings one after another; offsets are fixed up at the end since
  ** the buffer may move while growing. */
  size_t aOff[8];
  const char **apDest[8];
  int nStr = 0;
  while (rc == 0 && fgets(zLine, sizeof zLine, f)) {
    line++;
    char *z = zLine;
    while (*z == ' ' || *z == '\t') z++;
    if (*z == '#' || *z == '\n' || *z == 0) continue;
    char *zEq = strchr(z, '=');
    if (!zEq) {
      rc = err_set(e, LUOSHI_EINVAL, "%s:%d: want key = value", zPath, line);
      break;
    }
    char *zKeyEnd = zEq;
    while (zKeyEnd > z && (zKeyEnd[-1] == ' ' || zKeyEnd[-1] == '\t')) zKeyEnd--;
    *zKeyEnd = 0;
    char *zVal = zEq + 1;
    while (*zVal == ' ' || *zVal == '\t') zVal++;
    zVal[strcspn(zVal, "\r\n")] = 0;
    for (char *zT = zVal + strlen(zVal); zT > zVal && (zT[-1] == ' ' || zT[-1] == '\t');) *--zT = 0;
    const char **pDest = strcmp(z, "listen") == 0       ? &c->zListen
                         : strcmp(z, "db") == 0         ? &c->zDb
                         : strcmp(z, "access_log") == 0 ? &c->zAccessLog
                         : strcmp(z, "basemap") == 0    ? &c->zBasemap
                                                        : NULL;
    if (pDest && nStr < 8) {
      aOff[nStr] = pStrings->n;
      apDest[nStr++] = pDest;
      buf_append(pStrings, zVal, strlen(zVal) + 1);
      continue;
    }
    char *zEnd;
    long v = strtol(zVal, &zEnd, 10);
    if (*zEnd || v < 0 || v > 1000000) {
      rc = err_set(e, LUOSHI_EINVAL, "%s:%d: %s wants a number", zPath, line, z);
    } else if (strcmp(z, "threads") == 0) {
      c->nThread = (int)v;
    } else if (strcmp(z, "timeout") == 0) {
      c->timeoutSeconds = (int)v;
    } else if (strcmp(z, "header_timeout") == 0) {
      c->headerTimeoutSeconds = (int)v;
    } else if (strcmp(z, "body_timeout") == 0) {
      c->bodyTimeoutSeconds = (int)v;
    } else if (strcmp(z, "min_rate") == 0) {
      c->minBytesPerSecond = (int)v;
    } else if (strcmp(z, "max_connections") == 0) {
      c->maxConnections = (int)v;
    } else if (strcmp(z, "trust_proxy") == 0) {
      c->bTrustProxy = v != 0;
    } else {
      rc = err_set(e, LUOSHI_EINVAL, "%s:%d: unknown setting %s", zPath, line, z);
    }
  }
  fclose(f);
  for (int i = 0; rc == 0 && i < nStr; i++) *apDest[i] = pStrings->a + aOff[i];
  return rc;
}
