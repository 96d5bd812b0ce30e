/*
** hook_server: a webhook receiver for the outbox tests, on libmicrohttpd.
**
**   hook_server OUTFILE STATUS
**
** Listens on 127.0.0.1 on a port the system picks, prints that port on a line of its own, then
** answers every POST with HTTP STATUS after appending its body, one line per request, to
** OUTFILE. It stops when its standard input closes, so a test starts it in a coprocess, reads
** the port (which is the synchronisation: the server is listening once it is printed) and ends
** it by closing the pipe.
*/
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Request {
  char *a;
  size_t n;
} Request;

static const char *zOut;
static unsigned status;

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *zUrl,
                              const char *zMethod, const char *zVersion, const char *zData,
                              size_t *pnData, void **pState) {
  Request *r = *pState;
  if (!r) {
    *pState = calloc(1, sizeof *r);
    return *pState ? MHD_YES : MHD_NO;
  }
  if (*pnData) {
    char *a = realloc(r->a, r->n + *pnData);
    if (!a) return MHD_NO;
    memcpy(a + r->n, zData, *pnData);
    r->a = a;
    r->n += *pnData;
    *pnData = 0;
    return MHD_YES;
  }
  FILE *f = fopen(zOut, "ab");
  if (f) {
    fprintf(f, "%s %.*s\n", zMethod, (int)r->n, r->a ? r->a : "");
    fclose(f);
  }
  struct MHD_Response *resp = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
  enum MHD_Result rc = MHD_queue_response(c, status, resp);
  MHD_destroy_response(resp);
  return rc;
}

static void done(void *cls, struct MHD_Connection *c, void **pState,
                 enum MHD_RequestTerminationCode why) {
  Request *r = *pState;
  if (r) free(r->a);
  free(r);
  *pState = NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: hook_server OUTFILE STATUS\n");
    return 2;
  }
  zOut = argv[1];
  status = (unsigned)atoi(argv[2]);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, answer,
                                          NULL, MHD_OPTION_SOCK_ADDR, &sa,
                                          MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "hook_server: cannot listen\n");
    return 1;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  printf("%u\n", info ? info->port : 0);
  fflush(stdout);
  while (getchar() != EOF) {
  }
  MHD_stop_daemon(d);
  return 0;
}
