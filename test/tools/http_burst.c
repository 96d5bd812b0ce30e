/*
** http_burst: a small HTTP/1.1 client for the server crash test (test/e2e/web-crash.sh).
**
**   http_burst ADDR:PORT CONNS KILL_PID KILL_AFTER [HEADER ...] <requests
**
** Reads one POST request a line from standard input, "TAG<TAB>PATH<TAB>HEADERS<TAB>BODY" (HEADERS:
** "Name: value" lines joined by "|", e.g. "Content-Type: application/json|Authorization: Bearer
** T"), and sends them over CONNS keep-alive connections at once (one request in flight on each),
** with the extra HEADER arguments ("Name: value") on every request. For each response it prints a line
** "TAG STATUS BODY" (the body's CR and LF turned into spaces) and flushes it. After KILL_AFTER
** acknowledged writes (status 200-399) it sends SIGKILL to KILL_PID, at once, while the other
** connections still have requests in flight, and exits 0: a kill at a chosen count of
** acknowledgements, not at a time. KILL_PID 0: no kill, every request is sent. Exits 2 when the
** requests ran out before the count was reached, 1 on a connection error before the kill.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CONN 64
#define IN_MAX (1 << 16)      /* bytes of one response */
#define LINE_MAX_ (1 << 16)   /* bytes of one request line */

typedef struct Conn {
  int fd;          /* -1: not connected */
  int bBusy;       /* a request is in flight */
  char zTag[64];
  char aIn[IN_MAX + 1]; /* the response so far */
  size_t nIn;
} Conn;

static struct sockaddr_in sAddr;
static char **azHeader;
static int nHeader;

static int conn_open(Conn *c) {
  c->fd = socket(AF_INET, SOCK_STREAM, 0);
  if (c->fd < 0) return -1;
  if (connect(c->fd, (struct sockaddr *)&sAddr, sizeof sAddr) != 0) {
    close(c->fd);
    c->fd = -1;
    return -1;
  }
  return 0;
}

static int write_all(int fd, const char *z, size_t n) {
  while (n > 0) {
    ssize_t k = write(fd, z, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    z += k;
    n -= (size_t)k;
  }
  return 0;
}

/* Send the request of line zLine (modified in place) on c; -1 on a bad line or a write error. */
static int conn_send(Conn *c, char *zLine) {
  char *azF[4];
  azF[0] = zLine;
  for (int i = 1; i < 4; i++) {
    char *zTab = strchr(azF[i - 1], '\t');
    if (!zTab) return -1;
    *zTab = 0;
    azF[i] = zTab + 1;
  }
  snprintf(c->zTag, sizeof c->zTag, "%.63s", azF[0]);
  if (c->fd < 0 && conn_open(c)) return -1;
  size_t nBody = strlen(azF[3]);
  size_t nReq = strlen(azF[1]) + 2 * strlen(azF[2]) + nBody + 256;
  for (int i = 0; i < nHeader; i++) nReq += strlen(azHeader[i]) + 2;
  char *zReq = malloc(nReq);
  if (!zReq) return -1;
  int n = snprintf(zReq, nReq, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %zu\r\n",
                   azF[1], inet_ntoa(sAddr.sin_addr), nBody);
  for (char *z = azF[2]; *z;) {
    size_t k = strcspn(z, "|");
    n += snprintf(zReq + n, nReq - (size_t)n, "%.*s\r\n", (int)k, z);
    z += k + (z[k] == '|');
  }
  for (int i = 0; i < nHeader; i++) n += snprintf(zReq + n, nReq - (size_t)n, "%s\r\n", azHeader[i]);
  n += snprintf(zReq + n, nReq - (size_t)n, "\r\n%s", azF[3]);
  int rc = write_all(c->fd, zReq, (size_t)n);
  free(zReq);
  c->bBusy = rc == 0;
  c->nIn = 0;
  return rc;
}

/* Is c's response whole? Then *pStatus, *pzBody (NUL-terminated, inside c->aIn), *pbClose. */
static int response_done(Conn *c, int *pStatus, char **pzBody, int *pbClose) {
  c->aIn[c->nIn] = 0;
  char *zEnd = strstr(c->aIn, "\r\n\r\n");
  if (!zEnd) return 0;
  long nLen = 0;
  *pbClose = 0;
  for (char *z = strstr(c->aIn, "\r\n"); z && z < zEnd; z = strstr(z + 2, "\r\n")) {
    if (strncasecmp(z + 2, "Content-Length:", 15) == 0) nLen = strtol(z + 17, NULL, 10);
    if (strncasecmp(z + 2, "Connection: close", 17) == 0) *pbClose = 1;
  }
  if ((size_t)(zEnd + 4 - c->aIn) + (size_t)nLen > c->nIn) return 0;
  *pStatus = (int)strtol(c->aIn + 9, NULL, 10);
  *pzBody = zEnd + 4;
  (*pzBody)[nLen] = 0;
  for (char *z = *pzBody; *z; z++) {
    if (*z == '\r' || *z == '\n') *z = ' ';
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: http_burst ADDR:PORT CONNS KILL_PID KILL_AFTER [HEADER ...] <requests\n");
    return 64;
  }
  char *zColon = strrchr(argv[1], ':');
  if (!zColon) return 64;
  *zColon = 0;
  memset(&sAddr, 0, sizeof sAddr);
  sAddr.sin_family = AF_INET;
  sAddr.sin_port = htons((uint16_t)atoi(zColon + 1));
  if (inet_pton(AF_INET, argv[1], &sAddr.sin_addr) != 1) return 64;
  int nConn = atoi(argv[2]);
  if (nConn < 1) nConn = 1;
  if (nConn > MAX_CONN) nConn = MAX_CONN;
  pid_t killPid = (pid_t)atol(argv[3]);
  long killAfter = atol(argv[4]);
  azHeader = argv + 5;
  nHeader = argc - 5;
  signal(SIGPIPE, SIG_IGN);

  /* static: no heap to free on the many ways out (the sanitizer build checks for leaks) */
  static Conn aConn[MAX_CONN];
  static char zLine[LINE_MAX_];
  for (int i = 0; i < nConn; i++) aConn[i].fd = -1;
  int bEof = 0;
  long nAck = 0;
  for (;;) {
    /* give every idle connection its next request */
    for (int i = 0; i < nConn && !bEof; i++) {
      if (aConn[i].bBusy) continue;
      if (!fgets(zLine, sizeof zLine, stdin)) {
        bEof = 1;
        break;
      }
      zLine[strcspn(zLine, "\n")] = 0;
      if (conn_send(&aConn[i], zLine)) {
        fprintf(stderr, "http_burst: cannot send: %s\n", strerror(errno));
        return 1;
      }
    }
    struct pollfd aPoll[MAX_CONN];
    int nPoll = 0, aIdx[MAX_CONN];
    for (int i = 0; i < nConn; i++) {
      if (!aConn[i].bBusy) continue;
      aPoll[nPoll].fd = aConn[i].fd;
      aPoll[nPoll].events = POLLIN;
      aIdx[nPoll++] = i;
    }
    if (nPoll == 0) break;
    if (poll(aPoll, (nfds_t)nPoll, -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    for (int k = 0; k < nPoll; k++) {
      if (!aPoll[k].revents) continue;
      Conn *c = &aConn[aIdx[k]];
      ssize_t n = read(c->fd, c->aIn + c->nIn, IN_MAX - c->nIn);
      if (n <= 0) {
        fprintf(stderr, "http_burst: the server closed the connection (%s)\n",
                n < 0 ? strerror(errno) : "end of stream");
        return 1;
      }
      c->nIn += (size_t)n;
      int status, bClose;
      char *zBody;
      if (!response_done(c, &status, &zBody, &bClose)) {
        if (c->nIn >= IN_MAX) return 1;
        continue;
      }
      printf("%s %d %s\n", c->zTag, status, zBody);
      fflush(stdout);
      c->bBusy = 0;
      if (bClose) {
        close(c->fd);
        c->fd = -1;
      }
      if (status >= 200 && status < 400 && ++nAck == killAfter && killPid > 0) {
        kill(killPid, SIGKILL);
        return 0;
      }
    }
  }
  return killPid > 0 ? 2 : 0;
}
