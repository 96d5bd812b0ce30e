/*
** Unit tests of recurring deadlines: the forms a table's 完成时限 writes them in
** (deadline_recurrence_from_text), the stored forms (store_recurrence_parse) and the due dates
** around a day (store_recurrence_dues).
*/
#include "../harness.h"

#include "extract/lexicon.h"
#include "ledger/deadline.h"
#include "store/store.h"

#include <stddef.h>

static void check_text(const char *const aCase[][2], size_t n) {
  for (size_t k = 0; k < n; k++) {
    char z[16];
    int got = deadline_recurrence_from_text(aCase[k][0], z);
    CHECK_STR_EQ(z, aCase[k][1]);
    CHECK_INT_EQ(got, aCase[k][1][0] != 0);
  }
}

TEST(recurrence_from_text_every_quarter_half_year) {
  static const char *const aCase[][2] = {
      {"每季度末", "quarter"},           {"按季度", "quarter"},
      {"按季报送", "quarter"},           {"每季度末前5个工作日", "quarter"},
      {"季度末", "quarter"},             {"每个季度", "quarter"},
      {"每半年报告一次", "half"},        {"半年一次", "half"},
      {"每年年底前", "year:12-31"},      {"每年度", "year:12-31"},
      {"每年", "year:12-31"},            {"每年3月底前", "year:03-31"},
      {"每年6月30日前", "year:06-30"},   {"每年二月底", "year:02-29"},
      {"每年上半年", "year:06-30"},      {"2020年起每年年底前", "year:12-31"},
      {"逐年", "year:12-31"}};
  check_text(aCase, sizeof aCase / sizeof aCase[0]);
}

TEST(recurrence_from_text_every_month) {
  static const char *const aCase[][2] = {
      {"每月10日前", "month:10"},  {"每月１０日前", "month:10"}, {"每 月 10 日前", "month:10"},
      {"次月5日前", "month:5"},    {"每月底", "month:0"},       {"按月", "month:0"},
      {"每月", "month:0"},         {"每个月上旬", "month:10"},  {"每月中旬", "month:20"},
      {"每月十五日前", "month:15"}, {"月度", "month:0"}};
  check_text(aCase, sizeof aCase / sizeof aCase[0]);
}

TEST(recurrence_from_text_traditional_and_full_width) {
  /* without the table: 個 終 號 are read anyway */
  static const char *const aCase[][2] = {
      {"每個月10號前", "month:10"}, {"每年年終前", "year:12-31"}, {"每個季度", "quarter"},
      {"ＥＶＥＲＹ每季度", "quarter"}, {"每年１２月３１日前", "year:12-31"}};
  check_text(aCase, sizeof aCase / sizeof aCase[0]);
  lexicon_init_text(); /* with it too */
  static const char *const aTable[][2] = {{"每半年報告一次", "half"}, {"每季度報送", "quarter"}};
  check_text(aTable, sizeof aTable / sizeof aTable[0]);
}

TEST(recurrence_from_text_leaves_dates_alone) {
  static const char *const aCase[][2] = {
      {"2019年6月底前", ""}, {"长期坚持", ""}, {"年底前", ""},  {"2019年一季度末", ""},
      {"2019年底", ""},     {"", ""},         {"持续推进", ""}, {"2019年度", ""}};
  check_text(aCase, sizeof aCase / sizeof aCase[0]);
  char z[16] = "x";
  CHECK_INT_EQ(deadline_recurrence_from_text(NULL, z), 0);
  CHECK_STR_EQ(z, "");
}

TEST(recurrence_forms_are_checked_and_canonical) {
  static const char *const aGood[][2] = {
      {"quarter", "quarter"},        {"half", "half"},          {"year:12-31", "year:12-31"},
      {"year:3-1", "year:03-01"},    {"year:02-29", "year:02-29"}, {"month:05", "month:5"},
      {"month:0", "month:0"},        {"month:31", "month:31"}};
  for (size_t k = 0; k < sizeof aGood / sizeof aGood[0]; k++) {
    char z[16];
    CHECK_INT_EQ(store_recurrence_parse(aGood[k][0], z), 1);
    CHECK_STR_EQ(z, aGood[k][1]);
  }
  static const char *const aBad[] = {"yearly:13-45", "year:13-01", "year:02-30", "year:00-10",
                                     "year:12-31x", "year:12", "month:32", "month:",
                                     "month:100", "month:-1", "", "weekly", "Quarter",
                                     "quarter ", "year:１２-31"};
  for (size_t k = 0; k < sizeof aBad / sizeof aBad[0]; k++) {
    char z[16] = "x";
    CHECK_INT_EQ(store_recurrence_parse(aBad[k], z), 0);
    CHECK_STR_EQ(z, "");
  }
  char z[16];
  CHECK_INT_EQ(store_recurrence_parse(NULL, z), 0);
}

TEST(recurrence_dues_around_a_day) {
  static const char *const aCase[][4] = {
      /* recurrence, day, last before it, first on or after it */
      {"quarter", "2019-04-05", "2019-03-31", "2019-06-30"},
      {"quarter", "2019-03-31", "2018-12-31", "2019-03-31"},
      {"quarter", "2019-01-01", "2018-12-31", "2019-03-31"},
      {"half", "2019-07-01", "2019-06-30", "2019-12-31"},
      {"half", "2019-06-30", "2018-12-31", "2019-06-30"},
      {"month:10", "2019-04-10", "2019-03-10", "2019-04-10"},
      {"month:10", "2019-04-11", "2019-04-10", "2019-05-10"},
      {"month:31", "2019-02-15", "2019-01-31", "2019-02-28"},
      {"month:0", "2020-02-01", "2020-01-31", "2020-02-29"},
      {"month:0", "2019-12-31", "2019-11-30", "2019-12-31"},
      {"year:12-31", "2019-01-01", "2018-12-31", "2019-12-31"},
      {"year:12-31", "2019-12-31", "2018-12-31", "2019-12-31"},
      {"year:03-31", "2019-04-01", "2019-03-31", "2020-03-31"},
      {"year:02-29", "2019-03-01", "2019-02-28", "2020-02-29"}};
  for (size_t k = 0; k < sizeof aCase / sizeof aCase[0]; k++) {
    char zLast[11], zNext[11];
    CHECK_INT_EQ(store_recurrence_dues(aCase[k][0], aCase[k][1], zLast, zNext), 0);
    CHECK_STR_EQ(zLast, aCase[k][2]);
    CHECK_STR_EQ(zNext, aCase[k][3]);
  }
  char zLast[11], zNext[11];
  CHECK_INT_EQ(store_recurrence_dues("weekly", "2019-04-05", zLast, zNext), -1);
  CHECK_INT_EQ(store_recurrence_dues("quarter", "2019-02-30", zLast, zNext), -1);
  CHECK_INT_EQ(store_recurrence_dues("quarter", "2019/04/05", zLast, zNext), -1);
  CHECK_STR_EQ(zLast, "");
  CHECK_STR_EQ(zNext, "");
}
