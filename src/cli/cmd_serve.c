/*
** luoshi serve, luoshi http and luoshi token: the web application from the command line.
** serve runs the server (src/web/server.c); http answers one request read from standard input,
** for tests and for scripts that want a page without a socket; token makes an API token for a
** person's scripts and prints it once (only its hash is stored).
*/
#include "cli.h"
#include "../web/server.h"
#include "../web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_serve(int argc, char **argv) {
  ServerConfig c = {.zDb = cli_global.zDb,
                    .zListen = "127.0.0.1:8080",
                    .nThread = 4,
                    .timeoutSeconds = 30,
                    .headerTimeoutSeconds = SERVER_HEADER_TIMEOUT,
                    .bodyTimeoutSeconds = SERVER_BODY_TIMEOUT,
                    .minBytesPerSecond = SERVER_MIN_RATE,
                    .maxConnections = 2000};
  const char *zConfig = NULL, *zThreads = NULL, *zListen = NULL, *zLog = NULL, *zReady = NULL;
  /* the slow-client limits given as flags, applied after the config file's */
  static const char *const azLimitFlag[3] = {"--header-timeout", "--body-timeout", "--min-rate"};
  const char *azLimit[3] = {NULL, NULL, NULL};
  int *apLimit[3] = {&c.headerTimeoutSeconds, &c.bodyTimeoutSeconds, &c.minBytesPerSecond};
  int bRoutes = 0;
  for (int i = 1; i < argc; i++) {
    int r;
    if (strcmp(argv[i], "--routes") == 0) {
      bRoutes = 1;
      continue;
    }
    if ((r = cli_flag_value(argc, argv, &i, "--config", &zConfig)) ||
        (r = cli_flag_value(argc, argv, &i, "--listen", &zListen)) ||
        (r = cli_flag_value(argc, argv, &i, "--threads", &zThreads)) ||
        (r = cli_flag_value(argc, argv, &i, "--access-log", &zLog)) ||
        (r = cli_flag_value(argc, argv, &i, "--ready-file", &zReady))) {
      if (r < 0) return 2;
      continue;
    }
    for (int k = 0; k < 3 && r == 0; k++) {
      r = cli_flag_value(argc, argv, &i, azLimitFlag[k], &azLimit[k]);
    }
    if (r < 0) return 2;
    if (r > 0) continue;
    return cli_usage("serve");
  }
  if (bRoutes) {
    int n;
    const Route *a = web_routes(&n);
    static const char *const azPerm[] = {"public", "user", "supervise", "admin"};
    for (int i = 0; i < n; i++) {
      printf("%-4s %-28s %-9s %s\n", a[i].zMethod, a[i].zPattern, azPerm[a[i].perm], a[i].zWhat);
    }
    return 0;
  }
  Err e;
  err_clear(&e);
  Buf strings = BUF_INIT;
  if (zConfig && server_config_read(zConfig, &c, &strings, &e)) {
    buf_free(&strings);
    return cli_fail("serve", "%s", e.zMsg);
  }
  if (zListen) c.zListen = zListen;
  if (zLog) c.zAccessLog = zLog;
  if (zReady) c.zReadyFile = zReady;
  if (zThreads) {
    char *zEnd;
    long n = strtol(zThreads, &zEnd, 10);
    if (*zEnd || n < 1 || n > 256) {
      buf_free(&strings);
      return cli_fail("serve", "--threads wants 1 to 256");
    }
    c.nThread = (int)n;
  }
  for (int k = 0; k < 3; k++) {
    if (!azLimit[k]) continue;
    char *zEnd;
    long n = strtol(azLimit[k], &zEnd, 10);
    if (zEnd == azLimit[k] || *zEnd || n < 0 || n > 1000000) {
      buf_free(&strings);
      return cli_fail("serve", "%s wants a whole number from 0 to 1000000", azLimitFlag[k]);
    }
    *apLimit[k] = (int)n;
  }
  int rc = server_run(&c, &e);
  buf_free(&strings);
  return rc ? cli_fail("serve", "%s", e.zMsg) : 0;
}

int cmd_http(int argc, char **argv) {
  if (argc != 1) return cli_usage("http");
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("http", "%s", e.zMsg);
  int rc = web_stdio(s, stdin, stdout);
  store_close(s);
  return rc;
}

int cmd_token(int argc, char **argv) {
  int json = cli_take_json(&argc, argv);
  const char *zName = "script";
  if (argc < 2) return cli_usage("token");
  for (int i = 2; i < argc; i++) {
    int r = cli_flag_value(argc, argv, &i, "--name", &zName);
    if (r <= 0) return cli_usage("token");
  }
  Store *s = NULL;
  Err e;
  err_clear(&e);
  if (store_open(cli_global.zDb, &s, &e)) return cli_fail("token", "%s", e.zMsg);
  char zToken[65], zHash[65];
  session_token_new(zToken, zHash);
  int rc = store_token_add(s, cli_global.zActor, argv[1], zHash, zName, &e);
  store_close(s);
  if (rc) return cli_fail("token", "%s", e.zMsg);
  if (json) cli_print_json(json_pack("{s:s, s:s}", "login", argv[1], "token", zToken));
  else printf("%s\n", zToken);
  return 0;
}
