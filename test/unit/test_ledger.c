/*
** Unit tests of src/ledger: the holiday calendar's working-day arithmetic, report periods,
** deadlines written in Chinese, and unit names resolved from one read of the tree.
*/
#include "../harness.h"

#include "ledger/calendar.h"
#include "ledger/deadline.h"
#include "ledger/org.h"
#include "ledger/reports.h"
#include "ledger/unit_names.h"

TEST(calendar_dates_round_trip) {
  CHECK_INT_EQ(calendar_day("1970-01-01"), 0);
  CHECK_INT_EQ(calendar_day("2019-03-29") - calendar_day("2019-03-01"), 28);
  char z[11];
  calendar_iso(calendar_day("2024-02-29"), z);
  CHECK_STR_EQ(z, "2024-02-29");
  CHECK_INT_EQ(calendar_day("2023-02-29"), -1);
  CHECK_INT_EQ(calendar_day("2019/03/29"), -1);
  CHECK_INT_EQ(calendar_day("2019-13-01"), -1);
}

TEST(deadlines_written_in_chinese) {
  static const char *const aCase[][2] = {
      {"2019年6月底前", "2019-06-30"},   {"2019年6月30日前", "2019-06-30"},
      {"2019年底", "2019-12-31"},        {"2019年上半年", "2019-06-30"},
      {"２０２０年３月", "2020-03-31"},   {"2020年二月底", "2020-02-29"},
      {"2021年十二月", "2021-12-31"},    {"2019年11月15号", "2019-11-15"},
      {"2019年2月30日", "2019-02-28"},   {"长期坚持", ""},
      {"每年", ""},                      {"力争2022年9月完成", "2022-09-30"}};
  for (size_t k = 0; k < sizeof aCase / sizeof aCase[0]; k++) {
    char z[11];
    int got = deadline_from_text(aCase[k][0], z);
    CHECK_STR_EQ(z, aCase[k][1]);
    CHECK_INT_EQ(got, aCase[k][1][0] != 0);
  }
}

TEST(calendar_knows_holidays_and_makeup_workdays) {
  CHECK(!calendar_is_workday(calendar_day("2019-04-05")));  /* 清明, a Friday */
  CHECK(!calendar_is_workday(calendar_day("2019-10-03")));  /* 国庆, a Thursday */
  CHECK(calendar_is_workday(calendar_day("2019-09-29")));   /* 调休, a Sunday */
  CHECK(calendar_is_workday(calendar_day("2019-03-29")));   /* an ordinary Friday */
  CHECK(!calendar_is_workday(calendar_day("2019-03-30")));  /* an ordinary Saturday */
}

TEST(calendar_counts_working_days) {
  /* 2019-03-29 to 2019-04-12: 4 April days before 清明, then 5 */
  CHECK_INT_EQ(calendar_workdays_between(calendar_day("2019-03-29"), calendar_day("2019-04-12")), 9);
  /* ten working days after 2019-09-27 span 国庆: 9-29 (调休), 9-30, 10-8 .. 10-11, 10-12 (调休),
  ** 10-14 .. 10-16 */
  char z[11];
  calendar_iso(calendar_add_workdays(calendar_day("2019-09-27"), 10), z);
  CHECK_STR_EQ(z, "2019-10-16");
}

TEST(report_periods) {
  CHECK(report_period_ok("2019-03"));
  CHECK(report_period_ok("2019Q4"));
  CHECK(!report_period_ok("2019-13"));
  CHECK(!report_period_ok("2019Q5"));
  CHECK(!report_period_ok("19-03"));
  CHECK(!report_period_ok("2019-3"));
}

/* A ledger made from a decision resolves its unit names from one read of the tree; each name
** must go to the unit a single lookup in the database gives: names, division codes, short
** names, a name that is also another unit's short name, unknown names and "". */
TEST(unit_names_answer_as_the_store_does) {
  Store *s = NULL;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(store_open(":memory:", &s, &e), 0);
  int nAdded = 0;
  CHECK_INT_EQ(org_seed(s, "test", &nAdded, &e), 0);
  CHECK(nAdded > 100);
  /* a unit whose short name is another unit's name: the unit of that name wins */
  StoreUnit u = {0, "测试办公室", "other", 0, "", "省发展改革委,测试办"};
  long long idTest = 0;
  CHECK_INT_EQ(store_unit_add(s, "test", &u, &idTest, &e), 0);
  UnitNames *pNames = NULL;
  CHECK_INT_EQ(unit_names_load(s, &pNames, &e), 0);
  static const char *const azName[] = {"省发展改革委", "测试办", "测试办公室", "宜宾市人民政府",
                                       "510100", "510000", "成都", "宜宾", "不存在的单位", "",
                                       "省发展改革委,测试办"};
  for (size_t i = 0; i < sizeof azName / sizeof azName[0]; i++) {
    long long want = 0;
    Err ignore;
    err_clear(&ignore);
    if (store_unit_find(s, azName[i], &want, &ignore) != 0) want = 0;
    if (strchr(azName[i], ',')) want = 0;   /* a comma joins no names */
    CHECK_INT_EQ(unit_names_find(pNames, azName[i]), want);
  }
  CHECK_INT_EQ(unit_names_find(pNames, "测试办"), idTest);
  CHECK(unit_names_find(pNames, "省发展改革委") != idTest);
  unit_names_free(pNames);
  store_close(s);
}
