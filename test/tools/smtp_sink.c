/*
** smtp_sink: an SMTP receiver for the outbox tests, on plain sockets, one connection at a time.
**
**   smtp_sink DIR
**
** Listens on 127.0.0.1 on a port the system picks, prints that port on a line of its own, then
** speaks just enough SMTP for libcurl: a 220 greeting, EHLO/HELO, MAIL FROM, RCPT TO (a
** recipient ending in @reject.test gets 550, any other 250), DATA (354, then the message up to
** the line "." with dot-stuffing undone), RSET, NOOP, QUIT. Each accepted message is written to
** DIR/N.eml (N = 1, 2, … in order of arrival) with two header lines in front:
** "X-Envelope-To: A, B" (the accepted recipients) and "X-Envelope-From: F". The file is written
** before DATA is answered, so once the client has its 250 the file is there. No STARTTLS and
** no AUTH are offered. It stops when its standard input closes, like hook_server: a test starts
** it in a coprocess, reads the port and ends it by closing the pipe.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_RCPT 32

static const char *zDir;
static int nMessage;

/* The address inside <...> after a command's colon, into z[256]; "" when there is none. */
static void path_of(const char *zLine, char z[256]) {
  z[0] = 0;
  const char *p = strchr(zLine, '<'), *q = p ? strchr(p, '>') : NULL;
  if (!p || !q || q - p - 1 >= 256) return;
  memcpy(z, p + 1, (size_t)(q - p - 1));
  z[q - p - 1] = 0;
}

static int ends_with(const char *z, const char *zEnd) {
  size_t n = strlen(z), k = strlen(zEnd);
  return n >= k && strcasecmp(z + n - k, zEnd) == 0;
}

/* Read the message after 354 up to the line ".", undoing dot-stuffing; 0 at the end line,
** -1 when the connection ended first. */
static int read_data(FILE *in, char **pLine, size_t *pnLine, FILE *out) {
  ssize_t n;
  while ((n = getline(pLine, pnLine, in)) > 0) {
    char *z = *pLine;
    if (strcmp(z, ".\r\n") == 0 || strcmp(z, ".\n") == 0) return 0;
    if (z[0] == '.') {
      z++;
      n--;
    }
    fwrite(z, 1, (size_t)n, out);
  }
  return -1;
}

static void serve(int fd) {
  struct timeval tv = {20, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  FILE *in = fdopen(fd, "r"), *out = fdopen(dup(fd), "w");
  if (!in || !out) {
    if (in) fclose(in);
    else close(fd);
    if (out) fclose(out);
    return;
  }
  char azRcpt[MAX_RCPT][256], zFrom[256] = "";
  int nRcpt = 0, haveFrom = 0;
  char *zLine = NULL;
  size_t nLine = 0;
  fputs("220 smtp_sink ready\r\n", out);
  fflush(out);
  while (getline(&zLine, &nLine, in) > 0) {
    zLine[strcspn(zLine, "\r\n")] = 0;
    if (strncasecmp(zLine, "EHLO", 4) == 0) {
      fputs("250-smtp_sink\r\n250 8BITMIME\r\n", out);
    } else if (strncasecmp(zLine, "HELO", 4) == 0) {
      fputs("250 smtp_sink\r\n", out);
    } else if (strncasecmp(zLine, "MAIL FROM:", 10) == 0) {
      path_of(zLine, zFrom);
      haveFrom = 1;
      nRcpt = 0;
      fputs("250 2.1.0 ok\r\n", out);
    } else if (strncasecmp(zLine, "RCPT TO:", 8) == 0) {
      char z[256];
      path_of(zLine, z);
      if (!haveFrom) {
        fputs("503 5.5.1 MAIL first\r\n", out);
      } else if (!*z || ends_with(z, "@reject.test")) {
        fputs("550 5.1.1 no such mailbox\r\n", out);
      } else if (nRcpt == MAX_RCPT) {
        fputs("452 4.5.3 too many recipients\r\n", out);
      } else {
        memcpy(azRcpt[nRcpt++], z, sizeof z);
        fputs("250 2.1.5 ok\r\n", out);
      }
    } else if (strcasecmp(zLine, "DATA") == 0) {
      if (!nRcpt) {
        fputs("503 5.5.1 RCPT first\r\n", out);
      } else {
        fputs("354 end with <CRLF>.<CRLF>\r\n", out);
        fflush(out);
        char zTmp[4096], zPath[4096];
        nMessage++;
        snprintf(zTmp, sizeof zTmp, "%s/.%d.tmp", zDir, nMessage);
        snprintf(zPath, sizeof zPath, "%s/%d.eml", zDir, nMessage);
        FILE *f = fopen(zTmp, "wb");
        if (!f) {
          fprintf(stderr, "smtp_sink: %s: %s\n", zTmp, strerror(errno));
          break;
        }
        fputs("X-Envelope-To: ", f);
        for (int i = 0; i < nRcpt; i++) fprintf(f, "%s%s", i ? ", " : "", azRcpt[i]);
        fprintf(f, "\r\nX-Envelope-From: %s\r\n", zFrom);
        int end = read_data(in, &zLine, &nLine, f);
        fclose(f);
        if (end) {
          unlink(zTmp);
          break;
        }
        rename(zTmp, zPath);
        fprintf(out, "250 2.0.0 queued as %d\r\n", nMessage);
        haveFrom = 0;
        nRcpt = 0;
      }
    } else if (strcasecmp(zLine, "RSET") == 0) {
      haveFrom = 0;
      nRcpt = 0;
      fputs("250 2.0.0 ok\r\n", out);
    } else if (strncasecmp(zLine, "NOOP", 4) == 0) {
      fputs("250 2.0.0 ok\r\n", out);
    } else if (strcasecmp(zLine, "QUIT") == 0) {
      fputs("221 2.0.0 bye\r\n", out);
      break;
    } else {
      fputs("502 5.5.2 not implemented\r\n", out);
    }
    fflush(out);
  }
  free(zLine);
  fclose(out);
  fclose(in);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: smtp_sink DIR\n");
    return 2;
  }
  zDir = argv[1];
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t nSa = sizeof sa;
  if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 8) != 0 ||
      getsockname(ls, (struct sockaddr *)&sa, &nSa) != 0) {
    fprintf(stderr, "smtp_sink: cannot listen: %s\n", strerror(errno));
    return 1;
  }
  printf("%u\n", (unsigned)ntohs(sa.sin_port));
  fflush(stdout);
  for (;;) {
    struct pollfd a[2] = {{ls, POLLIN, 0}, {0, POLLIN, 0}};
    if (poll(a, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (a[1].revents) {
      char c[64];
      if (read(0, c, sizeof c) <= 0) break; /* standard input closed: stop */
    }
    if (a[0].revents & POLLIN) {
      int fd = accept(ls, NULL, NULL);
      if (fd >= 0) serve(fd);
    }
  }
  close(ls);
  return 0;
}
