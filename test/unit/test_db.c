/*
** Unit tests of the connection layer's pure parts (src/store/db.c): which targets open
** PostgreSQL, and that a password in a target never reaches an error message or a log.
*/
#include "../harness.h"

#include "store/db.h"

static const char *redact(const char *z) {
  static char zOut[256];
  db_target_redact(z, zOut, sizeof zOut);
  return zOut;
}

TEST(db_targets_choose_the_backend) {
  CHECK_INT_EQ(db_is_postgresql_target("postgresql://h/d"), 1);
  CHECK_INT_EQ(db_is_postgresql_target("postgres://h/d"), 1);
  CHECK_INT_EQ(db_is_postgresql_target("host=/tmp dbname=luoshi"), 1);
  CHECK_INT_EQ(db_is_postgresql_target("dbname=luoshi"), 1);
  CHECK_INT_EQ(db_is_postgresql_target("luoshi.db"), 0);
  CHECK_INT_EQ(db_is_postgresql_target("/var/lib/postgresql://x.db"), 0);
  CHECK_INT_EQ(db_is_postgresql_target(":memory:"), 0);
}

TEST(db_passwords_are_redacted) {
  CHECK_STR_EQ(redact("postgresql://luoshi:secret@db.example/luoshi"),
               "postgresql://luoshi:***@db.example/luoshi");
  CHECK_STR_EQ(redact("postgresql://u:p@h/d?password=xy&host=/tmp"),
               "postgresql://u:***@h/d?password=***&host=/tmp");
  CHECK_STR_EQ(redact("host=/tmp dbname=x password=a user=b"),
               "host=/tmp dbname=x password=*** user=b");
  CHECK_STR_EQ(redact("postgresql:///postgres?host=/tmp/x&user=luoshi"),
               "postgresql:///postgres?host=/tmp/x&user=luoshi");
  CHECK_STR_EQ(redact("postgresql://u@h:5432/d"), "postgresql://u@h:5432/d");
  CHECK_STR_EQ(redact("a:b@c.db"), "a:b@c.db");  /* an SQLite file name stays as it is */
  char zSmall[10];
  db_target_redact("postgresql://luoshi:secret@h/d", zSmall, sizeof zSmall);
  CHECK_STR_EQ(zSmall, "postgresq");
}
