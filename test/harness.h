/*
** The unit test harness: TEST(name) defines a test; the runner (test/harness.c) runs each in a
** process of its own, so that a crash or an abort fails that test only, and ends with the line
** "unit: N passed, N failed". Typed checks print both values when they fail.
**
**   TEST(reflow_joins_lines) { CHECK_INT_EQ(n, 3); CHECK_STR_EQ(z, "成都"); }
**
** Run one test by name: build/unit reflow_joins_lines. List them: build/unit --list.
*/
#ifndef LUOSHI_TEST_HARNESS_H
#define LUOSHI_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*TestFn)(void);
void harness_register(const char *zName, TestFn fn);
/* Report a failed check and end the test's process. */
void harness_fail(const char *zFile, int line, const char *zFmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

#define TEST(name)                                                                   \
  static void test_##name(void);                                                     \
  __attribute__((constructor)) static void register_##name(void) {                   \
    harness_register(#name, test_##name);                                            \
  }                                                                                  \
  static void test_##name(void)

#define CHECK(cond)                                                                  \
  do {                                                                               \
    if (!(cond)) harness_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);               \
  } while (0)

#define CHECK_INT_EQ(a, b)                                                           \
  do {                                                                               \
    long long a_ = (long long)(a), b_ = (long long)(b);                              \
    if (a_ != b_) {                                                                  \
      harness_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_);    \
    }                                                                                \
  } while (0)

#define CHECK_STR_EQ(a, b)                                                           \
  do {                                                                               \
    const char *a_ = (a), *b_ = (b);                                                 \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                         \
      harness_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,         \
                   a_ ? a_ : "(null)", b_ ? b_ : "(null)");                          \
    }                                                                                \
  } while (0)

#define CHECK_CONTAINS(h, n)                                                         \
  do {                                                                               \
    const char *h_ = (h), *n_ = (n);                                                 \
    if (!h_ || !n_ || !strstr(h_, n_)) {                                             \
      harness_fail(__FILE__, __LINE__, "%s contains %s: \"%s\" lacks \"%s\"", #h, #n, \
                   h_ ? h_ : "(null)", n_ ? n_ : "(null)");                          \
    }                                                                                \
  } while (0)

#endif
