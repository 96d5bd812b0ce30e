/*
** Unit tests of the connection layer's pure parts (src/store/db.c): which targets open
** PostgreSQL, that a password in a target never reaches an error message or a log, and that
** the SQLite connection's kept statements come back clean.
*/
#include "../harness.h"

#include "store/db.h"

#include <stdlib.h>
#include <unistd.h>

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

/* The SQLite connection keeps finalized statements for reuse. A kept statement must come back
** with no bindings and must hold no lock: another connection writes the file right after a
** query was stepped to its first row and finalized. Two statements of the same SQL live at
** once stay apart. */
TEST(db_kept_statements_are_clean_and_unlocked) {
  char zPath[] = "/tmp/luoshi-unit-db-XXXXXX";
  int fd = mkstemp(zPath);
  CHECK(fd >= 0);
  close(fd);
  Db *a = NULL, *b = NULL;
  char zErr[200];
  CHECK_INT_EQ(db_open(zPath, 200, &a, zErr, sizeof zErr), DB_OK);
  CHECK_INT_EQ(db_open(zPath, 200, &b, zErr, sizeof zErr), DB_OK);
  CHECK_INT_EQ(db_exec(a, "CREATE TABLE t(x); INSERT INTO t VALUES(1),(2),(3)"), DB_OK);
  DbStmt *st;
  CHECK_INT_EQ(db_prepare(a, "SELECT ?1", &st), DB_OK);
  db_bind_int(st, 1, 5);
  CHECK_INT_EQ(db_step(st), DB_ROW);
  CHECK_INT_EQ(db_column_int64(st, 0), 5);
  db_finalize(st);
  CHECK_INT_EQ(db_prepare(a, "SELECT ?1", &st), DB_OK);
  CHECK_INT_EQ(db_step(st), DB_ROW);
  CHECK_INT_EQ(db_column_type(st, 0), DB_NULL);   /* the 5 is gone */
  db_finalize(st);
  /* stepped to its first row of three, then finalized: no read lock left */
  CHECK_INT_EQ(db_prepare(a, "SELECT x FROM t ORDER BY x", &st), DB_OK);
  CHECK_INT_EQ(db_step(st), DB_ROW);
  db_finalize(st);
  CHECK_INT_EQ(db_exec(b, "BEGIN EXCLUSIVE; DELETE FROM t WHERE x=1; COMMIT"), DB_OK);
  /* the same SQL twice at once */
  DbStmt *s1, *s2;
  CHECK_INT_EQ(db_prepare(a, "SELECT x FROM t ORDER BY x", &s1), DB_OK);
  CHECK_INT_EQ(db_prepare(a, "SELECT x FROM t ORDER BY x", &s2), DB_OK);
  CHECK_INT_EQ(db_step(s1), DB_ROW);
  CHECK_INT_EQ(db_step(s1), DB_ROW);
  CHECK_INT_EQ(db_step(s2), DB_ROW);
  CHECK_INT_EQ(db_column_int64(s1, 0), 3);
  CHECK_INT_EQ(db_column_int64(s2, 0), 2);
  db_finalize(s1);
  db_finalize(s2);
  db_close(a);
  db_close(b);
  unlink(zPath);
}
