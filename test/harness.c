/*
** The unit test runner (see harness.h): forks one process per test, collects the results,
** prints a line per failure and the closing "unit: N passed, N failed". Exit status 1 when any
** test failed.
*/
#include "harness.h"

#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct Test {
  const char *zName;
  TestFn fn;
} Test;

static Test aTest[1024];
static int nTest;

void harness_register(const char *zName, TestFn fn) {
  if (nTest < (int)(sizeof aTest / sizeof aTest[0])) aTest[nTest++] = (Test){zName, fn};
}

void harness_fail(const char *zFile, int line, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  fprintf(stderr, "%s:%d: ", zFile, line);
  vfprintf(stderr, zFmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  fflush(stderr);
  _exit(1);
}

static int cmp_test(const void *a, const void *b) {
  return strcmp(((const Test *)a)->zName, ((const Test *)b)->zName);
}

int main(int argc, char **argv) {
  qsort(aTest, (size_t)nTest, sizeof(Test), cmp_test);
  if (argc > 1 && strcmp(argv[1], "--list") == 0) {
    for (int i = 0; i < nTest; i++) printf("%s\n", aTest[i].zName);
    return 0;
  }
  int passed = 0, failed = 0;
  for (int i = 0; i < nTest; i++) {
    if (argc > 1) {
      int wanted = 0;
      for (int k = 1; k < argc; k++) wanted |= strcmp(argv[k], aTest[i].zName) == 0;
      if (!wanted) continue;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      aTest[i].fn();
      /* exit, not _exit: the sanitizer build's leak check runs at exit. */
      exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      passed++;
    } else {
      failed++;
      if (WIFSIGNALED(status)) {
        fprintf(stderr, "FAIL %s (signal %d)\n", aTest[i].zName, WTERMSIG(status));
      } else {
        fprintf(stderr, "FAIL %s\n", aTest[i].zName);
      }
    }
  }
  printf("unit: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
