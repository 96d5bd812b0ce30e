/*
** Unit tests of src/ledger: the holiday calendar's working-day arithmetic and report periods.
*/
#include "../harness.h"

#include "ledger/calendar.h"
#include "ledger/reports.h"

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
