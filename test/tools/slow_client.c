/*
** slow_client: HTTP clients that trickle their requests, for the slow-client tests of
** `luoshi serve` (test/e2e/web-server.sh).
**
**   slow_client ADDR:PORT CONNS MAX_SECONDS headers|body|keepalive
**   slow_client ADDR:PORT read MAX_SECONDS PATH BYTES_PER_SECOND [HEADER ...]
**
** Opens CONNS connections. In headers mode each sends a GET request's headers one byte a second
** and never finishes them (slowloris); in body mode each sends a POST's headers at once,
** announcing a 1 MB body, and then the body one byte a second; in keepalive mode each first
** sends a whole GET and reads its whole response, and then trickles the headers of a second
** request on the kept-alive connection (its SECONDS count from that first response). Once every
** connection is open and
** has sent its first bytes it prints "ready" and flushes, so that a test can act while they are
** all held. It then keeps trickling until the server ends each connection (end of stream or a
** failed write) or MAX_SECONDS pass, and prints one line a connection:
**
**   closed SECONDS BYTES     the server ended it SECONDS after it opened, BYTES of it sent
**   answered SECONDS BYTES   the server answered (a status line came back) and then ended it
**   open SECONDS BYTES       still open when MAX_SECONDS ran out (the client then closes it)
**
** Exits 0 when the server ended every connection without answering, 1 otherwise, 64 on bad
** arguments. It never waits on a timer for the server: the server's close is what it sees.
**
** In read mode it sends one GET of PATH (with the extra HEADER arguments, "Name: value") on a
** connection whose receive buffer is kept small, and reads the response at BYTES_PER_SECOND,
** so that the server cannot hand the whole of a large response to the kernel at once. It prints
**
**   whole|cut|open STATUS BODY_BYTES CONTENT_LENGTH SECONDS
**
** (whole: the body came to its Content-Length; cut: the server ended the connection before;
** open: MAX_SECONDS ran out first) and exits 0, 1 or 2 accordingly.
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
#include <time.h>
#include <unistd.h>

#define SLOW_CONN_MAX 1000
#define SLOW_TICK_MS 1000   /* one byte per connection per tick */
#define SLOW_READ_TICK_MS 50 /* read mode reads BYTES_PER_SECOND / 20 bytes a tick */
#define SLOW_READ_RCVBUF 16384 /* bytes of read mode's receive buffer (the kernel may double it) */

typedef enum SlowEnd { SLOW_OPEN, SLOW_CLOSED, SLOW_ANSWERED } SlowEnd;

typedef struct SlowConn {
  int fd;            /* -1 once ended */
  double tOpen;      /* when it connected (monotonic seconds) */
  double tEnd;       /* when the server ended it */
  size_t nSent;      /* bytes of the request sent so far */
  SlowEnd end;
} SlowConn;

/* Headers that never end: the request line and a header whose value goes on and on. */
static const char zHeadersTrickled[] =
    "GET /login HTTP/1.1\r\nHost: slow\r\nX-Slow: "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/* A POST whose announced body will come one byte at a time. */
static const char zBodyHeaders[] =
    "POST /login HTTP/1.1\r\nHost: slow\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    "Content-Length: 1000000\r\n\r\n";

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Send the next byte of c's request (headers mode: the next header byte, body mode: one more
** "a"); a failed write means the server has ended the connection. */
static void conn_trickle(SlowConn *c, int bBody) {
  char ch = !bBody && c->nSent < sizeof zHeadersTrickled - 1 ? zHeadersTrickled[c->nSent] : 'a';
  if (send(c->fd, &ch, 1, MSG_NOSIGNAL) == 1) {
    c->nSent++;
  } else {
    if (c->end == SLOW_OPEN) c->end = SLOW_CLOSED;
    c->tEnd = now_seconds();
    close(c->fd);
    c->fd = -1;
  }
}

/* Read what the server sent on c: the end of the stream or an error ends c; data is an answer
** (and c stays until the server's close). */
static void conn_read(SlowConn *c) {
  char a[4096];
  ssize_t n = recv(c->fd, a, sizeof a, 0);
  if (n < 0 && errno == EINTR) return;
  if (n > 0) {
    c->end = SLOW_ANSWERED;
    return;
  }
  if (c->end == SLOW_OPEN) c->end = SLOW_CLOSED;
  c->tEnd = now_seconds();
  close(c->fd);
  c->fd = -1;
}

/* If aHead (NUL-terminated) holds a response's whole head, return a pointer just past it and
** set *pStatus and *pnLength (-1 without Content-Length); else NULL. */
static const char *response_head(const char *aHead, long *pStatus, long *pnLength) {
  const char *zEnd = strstr(aHead, "\r\n\r\n");
  if (!zEnd) return NULL;
  *pStatus = strtol(aHead + 9, NULL, 10);
  *pnLength = -1;
  for (const char *z = strstr(aHead, "\r\n"); z && z < zEnd; z = strstr(z + 2, "\r\n")) {
    if (strncasecmp(z + 2, "Content-Length:", 15) == 0) *pnLength = strtol(z + 17, NULL, 10);
  }
  return zEnd + 4;
}

/* Send a whole GET /login on fd and read its whole response (which must be small), waiting at
** most maxSeconds; 0 when it came, -1 otherwise. */
static int get_one_response(int fd, double maxSeconds) {
  static const char zReq[] = "GET /login HTTP/1.1\r\nHost: slow\r\n\r\n";
  if (send(fd, zReq, sizeof zReq - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof zReq - 1)) return -1;
  static char aIn[1 << 18];
  size_t nIn = 0;
  double tEnd = now_seconds() + maxSeconds;
  while (nIn < sizeof aIn - 1) {
    aIn[nIn] = 0;
    long status, nLength;
    const char *zBody = response_head(aIn, &status, &nLength);
    if (zBody && nLength >= 0 && (size_t)(zBody - aIn) + (size_t)nLength <= nIn) return 0;
    struct pollfd pfd = {fd, POLLIN, 0};
    int msWait = (int)((tEnd - now_seconds()) * 1000);
    if (msWait <= 0 || poll(&pfd, 1, msWait) <= 0) return -1;
    ssize_t k = recv(fd, aIn + nIn, sizeof aIn - 1 - nIn, 0);
    if (k <= 0) return -1;
    nIn += (size_t)k;
  }
  return -1;
}

/* Read mode: GET zPath on a connection to sa with the headers azHeader[0..nHeader), reading at
** bytesPerSecond for at most maxSeconds; prints the outcome line, returns the exit status. */
static int read_slowly(const struct sockaddr_in *sa, double maxSeconds, const char *zPath,
                       long bytesPerSecond, char **azHeader, int nHeader) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int nRcvBuf = SLOW_READ_RCVBUF;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &nRcvBuf, sizeof nRcvBuf) != 0 ||
      connect(fd, (const struct sockaddr *)sa, sizeof *sa) != 0) {
    fprintf(stderr, "slow_client: cannot connect: %s\n", strerror(errno));
    return 1;
  }
  static char zReq[16384];
  int n = snprintf(zReq, sizeof zReq, "GET %s HTTP/1.1\r\nHost: slow\r\nConnection: close\r\n",
                   zPath);
  for (int i = 0; i < nHeader && n > 0 && (size_t)n < sizeof zReq; i++) {
    n += snprintf(zReq + n, sizeof zReq - (size_t)n, "%s\r\n", azHeader[i]);
  }
  if (n <= 0 || (size_t)n + 2 >= sizeof zReq) return 64;
  memcpy(zReq + n, "\r\n", 2);
  n += 2;
  if (send(fd, zReq, (size_t)n, MSG_NOSIGNAL) != n) {
    fprintf(stderr, "slow_client: cannot send the request\n");
    return 1;
  }
  static char aHead[16384];  /* the response's status line and headers */
  size_t nHead = 0, nBody = 0;
  long status = 0, nLength = -1;
  int bHeadDone = 0, bEnd = 0;
  size_t nPerTick = (size_t)(bytesPerSecond * SLOW_READ_TICK_MS / 1000);
  if (nPerTick < 1) nPerTick = 1;
  static char aIn[1 << 20];
  if (nPerTick > sizeof aIn) nPerTick = sizeof aIn;
  double tStart = now_seconds(), tTick = tStart;
  while (!bEnd && now_seconds() - tStart < maxSeconds) {
    /* read this tick's share, waiting for it until the tick is over */
    size_t nTick = 0;
    tTick += SLOW_READ_TICK_MS / 1000.0;
    while (nTick < nPerTick) {
      int msWait = (int)((tTick - now_seconds()) * 1000);
      if (msWait <= 0) break;
      struct pollfd pfd = {fd, POLLIN, 0};
      if (poll(&pfd, 1, msWait) <= 0) continue;
      ssize_t k = recv(fd, aIn, nPerTick - nTick, 0);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) {
        bEnd = 1;
        break;
      }
      nTick += (size_t)k;
      size_t off = 0;
      if (!bHeadDone) {
        size_t nCopy = (size_t)k < sizeof aHead - 1 - nHead ? (size_t)k : sizeof aHead - 1 - nHead;
        memcpy(aHead + nHead, aIn, nCopy);
        nHead += nCopy;
        aHead[nHead] = 0;
        const char *zBody = response_head(aHead, &status, &nLength);
        if (zBody) {
          bHeadDone = 1;
          off = (size_t)(zBody - aHead) - (nHead - nCopy);
        } else {
          off = (size_t)k;
        }
      }
      nBody += (size_t)k - off;
    }
    while (!bEnd && now_seconds() < tTick) {
      int msWait = (int)((tTick - now_seconds()) * 1000) + 1;
      poll(NULL, 0, msWait);
    }
  }
  close(fd);
  int bWhole = bHeadDone && nLength >= 0 && nBody >= (size_t)nLength;
  printf("%s %ld %zu %ld %.1f\n", bWhole ? "whole" : bEnd ? "cut" : "open", status, nBody, nLength,
         now_seconds() - tStart);
  return bWhole ? 0 : bEnd ? 1 : 2;
}

int main(int argc, char **argv) {
  int bRead = argc >= 6 && strcmp(argv[2], "read") == 0;
  if (!bRead && (argc != 5 || (strcmp(argv[4], "headers") != 0 && strcmp(argv[4], "body") != 0 &&
                                strcmp(argv[4], "keepalive") != 0))) {
    fprintf(stderr,
            "usage: slow_client ADDR:PORT CONNS MAX_SECONDS headers|body|keepalive\n"
            "       slow_client ADDR:PORT read MAX_SECONDS PATH BYTES_PER_SECOND [HEADER ...]\n");
    return 64;
  }
  char *zColon = strrchr(argv[1], ':');
  if (!zColon) return 64;
  *zColon = 0;
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  long port = strtol(zColon + 1, NULL, 10), nConn = bRead ? 1 : strtol(argv[2], NULL, 10);
  double maxSeconds = strtod(argv[3], NULL);
  if (port <= 0 || port > 65535 || inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1 || nConn < 1 ||
      nConn > SLOW_CONN_MAX || maxSeconds <= 0) {
    fprintf(stderr, "slow_client: bad address, connection count or time\n");
    return 64;
  }
  sa.sin_port = htons((uint16_t)port);
  signal(SIGPIPE, SIG_IGN);
  if (bRead) {
    long bytesPerSecond = strtol(argv[5], NULL, 10);
    if (bytesPerSecond < 1) return 64;
    return read_slowly(&sa, maxSeconds, argv[4], bytesPerSecond, argv + 6, argc - 6);
  }
  int bBody = strcmp(argv[4], "body") == 0, bKeepAlive = strcmp(argv[4], "keepalive") == 0;

  static SlowConn aConn[SLOW_CONN_MAX];
  for (long i = 0; i < nConn; i++) {
    SlowConn *c = &aConn[i];
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
      fprintf(stderr, "slow_client: connection %ld: %s\n", i + 1, strerror(errno));
      return 1;
    }
    if (bKeepAlive && get_one_response(c->fd, maxSeconds) != 0) {
      fprintf(stderr, "slow_client: connection %ld: no whole answer to a first request\n", i + 1);
      return 1;
    }
    c->tOpen = now_seconds();
    if (bBody) {
      if (send(c->fd, zBodyHeaders, sizeof zBodyHeaders - 1, MSG_NOSIGNAL) !=
          (ssize_t)(sizeof zBodyHeaders - 1)) {
        fprintf(stderr, "slow_client: connection %ld: cannot send the headers\n", i + 1);
        return 1;
      }
    }
    conn_trickle(c, bBody);
  }
  printf("ready\n");
  fflush(stdout);

  static struct pollfd aPoll[SLOW_CONN_MAX];
  static long aIdx[SLOW_CONN_MAX];
  double tStart = now_seconds(), tTick = tStart + SLOW_TICK_MS / 1000.0;
  for (;;) {
    double now = now_seconds();
    if (now - tStart >= maxSeconds) break;
    if (now >= tTick) {
      for (long i = 0; i < nConn; i++) {
        if (aConn[i].fd >= 0) conn_trickle(&aConn[i], bBody);
      }
      tTick += SLOW_TICK_MS / 1000.0;
    }
    int nPoll = 0;
    for (long i = 0; i < nConn; i++) {
      if (aConn[i].fd < 0) continue;
      aPoll[nPoll].fd = aConn[i].fd;
      aPoll[nPoll].events = POLLIN;
      aIdx[nPoll++] = i;
    }
    if (nPoll == 0) break;
    double tWake = tTick < tStart + maxSeconds ? tTick : tStart + maxSeconds;
    int msWait = (int)((tWake - now_seconds()) * 1000) + 1;
    int nReady = poll(aPoll, (nfds_t)nPoll, msWait > 0 ? msWait : 0);
    if (nReady < 0 && errno != EINTR) {
      perror("slow_client: poll");
      return 1;
    }
    for (int k = 0; k < nPoll && nReady > 0; k++) {
      if (aPoll[k].revents) conn_read(&aConn[aIdx[k]]);
    }
  }

  int bAllClosed = 1;
  double now = now_seconds();
  for (long i = 0; i < nConn; i++) {
    SlowConn *c = &aConn[i];
    static const char *const azEnd[] = {"open", "closed", "answered"};
    if (c->fd >= 0) {
      close(c->fd);
      c->tEnd = now;
    }
    printf("%s %.1f %zu\n", azEnd[c->end], c->tEnd - c->tOpen, c->nSent);
    if (c->end != SLOW_CLOSED) bAllClosed = 0;
  }
  return bAllClosed ? 0 : 1;
}
