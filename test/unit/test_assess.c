/*
** Unit tests of src/ledger/assess: the scoring rules file (good and bad lines, each bad line
** named) and periods (month, quarter, year, the previous one, what counts in each).
*/
#include "../harness.h"

#include "base/data.h"
#include "ledger/assess.h"

static int parse(const char *z, AssessRules *r, Err *e) {
  err_clear(e);
  return assess_rules_parse(z, strlen(z), "scoring.tsv", r, e);
}

TEST(assess_rules_default_file_parses) {
  AssessRules r;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(assess_rules_load(&r, &e), 0);
  CHECK_STR_EQ(r.zVersion, "2019.1");
  CHECK_INT_EQ(r.base, 10000);
  CHECK_INT_EQ(r.redTop, 3);
  CHECK_INT_EQ(r.blackBottom, 3);
  CHECK_INT_EQ(r.blackBelow, 9000);
  CHECK(r.exemptTolerance);
  CHECK(r.n >= 10);
  CHECK_INT_EQ(strlen(r.zSha256), 64);
}

TEST(assess_rules_points_and_lines) {
  AssessRules r;
  Err e;
  CHECK_INT_EQ(parse("version\tv1\nbase\t100\ncap\treports\t7.5\n"
                     "rule\tlate\treports\treport-late\t0\t-0.5\t迟报\n"
                     "rule\tahead\tcompletion\tdone-ahead\t30\t+1.25\t提前\n"
                     "rule\tred\twarnings\twarned\tred\t-2\t红\n"
                     "red\ttop\t2\nblack\tbelow\t85.5\nexempt\ttolerance\n",
                     &r, &e),
               0);
  CHECK_STR_EQ(r.zVersion, "v1");
  CHECK_INT_EQ(r.n, 3);
  CHECK_INT_EQ(r.a[0].points, -50);
  CHECK_INT_EQ(r.a[1].points, 125);
  CHECK_INT_EQ(r.a[1].param, 30);
  CHECK_INT_EQ(r.a[2].cond, ASSESS_WARNED);
  CHECK_INT_EQ(r.a[2].line, 6);
  CHECK_INT_EQ(r.aCap[0].cap, 750);
  CHECK_INT_EQ(r.blackBelow, 8550);
  CHECK(r.hasBlackBelow);
  /* no version line: unversioned */
  CHECK_INT_EQ(parse("base\t100\n", &r, &e), 0);
  CHECK_STR_EQ(r.zVersion, "unversioned");
}

TEST(assess_rules_bad_lines_are_named) {
  static const char *const aCase[][2] = {
      {"version\tv\nrule\tx\tc\tnonsense\t0\t-1\tx\n", "scoring.tsv line 2: unknown condition"},
      {"rule\tx\tc\toverdue\t0\t-1\n", "scoring.tsv line 1: a rule has a name"},
      {"# c\n\nrule\tx\tc\toverdue\t0\tminus one\tx\n", "scoring.tsv line 3: points are"},
      {"rule\tx\tc\toverdue\t0\t-1.255\tx\n", "line 1: points are"},
      {"rule\tx\tc\tbehind\t0\t-1\tx\n", "line 1: the parameter of behind is 1 to 100"},
      {"rule\tx\tc\twarned\tpurple\t-1\tx\n", "line 1: the parameter of warned is red"},
      {"rule\tx\tc\toverdue\tten\t-1\tx\n", "line 1: the parameter is a whole number"},
      {"rule\tx\tc\toverdue\t0\t-1\tx\nrule\tx\tc\toverdue\t0\t-1\tx\n",
       "line 2: a rule of this name comes earlier"},
      {"base\t100\nbase\t90\n", "line 2: one base line"},
      {"cap\tc\t-1\n", "line 1: a cap line"},
      {"cap\tc\t1\ncap\tc\t2\n", "line 2: this component is capped"},
      {"red\tbottom\t3\n", "line 1: the red list line"},
      {"black\tunder\t3\n", "line 1: a black list line"},
      {"exempt\tall\n", "line 1: the exemption line"},
      {"weight\t3\n", "line 1: unknown line"},
  };
  for (size_t k = 0; k < sizeof aCase / sizeof aCase[0]; k++) {
    AssessRules r;
    Err e;
    CHECK_INT_EQ(parse(aCase[k][0], &r, &e), LUOSHI_EINVAL);
    CHECK_CONTAINS(e.zMsg, aCase[k][1]);
  }
}

TEST(assess_periods) {
  AssessPeriod p;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(assess_period_parse("2019Q1", &p, &e), 0);
  CHECK_STR_EQ(p.zFrom, "2019-01-01");
  CHECK_STR_EQ(p.zTo, "2019-03-31");
  CHECK_STR_EQ(p.zPrev, "2018Q4");
  CHECK_STR_EQ(p.zCounted, "[\"2019-01\",\"2019-02\",\"2019-03\",\"2019Q1\"]");
  CHECK_STR_EQ(p.zOverlap, "[\"2019-01\",\"2019-02\",\"2019-03\",\"2019Q1\"]");
  CHECK_INT_EQ(assess_period_parse("2020-02", &p, &e), 0);
  CHECK_STR_EQ(p.zTo, "2020-02-29");
  CHECK_STR_EQ(p.zPrev, "2020-01");
  CHECK_STR_EQ(p.zCounted, "[\"2020-02\"]");
  CHECK_STR_EQ(p.zOverlap, "[\"2020-02\",\"2020Q1\"]");
  CHECK_INT_EQ(assess_period_parse("2019-03", &p, &e), 0);
  CHECK_STR_EQ(p.zCounted, "[\"2019-03\",\"2019Q1\"]");
  CHECK_INT_EQ(assess_period_parse("2019-01", &p, &e), 0);
  CHECK_STR_EQ(p.zPrev, "2018-12");
  CHECK_INT_EQ(assess_period_parse("2019", &p, &e), 0);
  CHECK_STR_EQ(p.zFrom, "2019-01-01");
  CHECK_STR_EQ(p.zTo, "2019-12-31");
  CHECK_STR_EQ(p.zPrev, "2018");
  CHECK_INT_EQ(p.lastMonth - p.firstMonth, 11);
  CHECK_INT_EQ(assess_period_parse("2019Q3", &p, &e), 0);
  CHECK_STR_EQ(p.zPrev, "2019Q2");
  static const char *const azBad[] = {"2019Q5", "2019-13", "2019-00", "19Q1", "2019-3", "",
                                      "2019Q1x", "abcd"};
  for (size_t k = 0; k < sizeof azBad / sizeof azBad[0]; k++) {
    CHECK_INT_EQ(assess_period_parse(azBad[k], &p, &e), LUOSHI_EINVAL);
    CHECK_CONTAINS(e.zMsg, "is not a period");
  }
}
