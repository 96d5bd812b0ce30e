/*
** Deadline: the date a deadline written in Chinese stands for, as a ledger takes it.
**
** "2019年6月底前", "2019年6月30日前", "2019年底", "2019年上半年", "２０２０年３月" name the last day
** they allow: 2019-06-30, 2019-06-30, 2019-12-31, 2019-06-30, 2020-03-31. Months may be digits
** of either width or Chinese numerals (六月, 十二月). A text without a four-digit year gives
** nothing (长期坚持 is no date).
*/
#ifndef LUOSHI_LEDGER_DEADLINE_H
#define LUOSHI_LEDGER_DEADLINE_H

#include <stddef.h>

/* Write the ISO date zText stands for into zOut[11] and return 1, or return 0 (zOut "") when
** it names no year. */
int deadline_from_text(const char *zText, char zOut[11]);

/* Write the recurrence zText stands for, in the forms of store_item_recurrence_set, into
** zOut[16] and return 1, or return 0 (zOut "") when it does not recur. White space, full-width
** forms and Traditional characters are read as their plain forms. "每月10日前", "次月5日前"
** -> month:10, month:5; "每月底", "按月" -> month:0 (上旬 10, 中旬 20); "每季度末", "按季度"
** -> quarter; "每半年" -> half; "每年年底前", "每年度" -> year:12-31, "每年3月底前" ->
** year:03-31, "每年6月30日前" -> year:06-30. Words with "every" count beside a year
** ("2020年起每年年底前" recurs); bare period ends (季度末, 月度) only in a text without a
** year. "年底前" alone is the end of the plan's year, a date, not a recurrence. */
int deadline_recurrence_from_text(const char *zText, char zOut[16]);

/* Write recurrence zRec (store_item_recurrence_set's forms) as an office writes it, in words
** deadline_recurrence_from_text reads back as the same recurrence, into zOut[nOut]: quarter
** 每季度末, half 每半年, year:12-31 每年年底前, year:06-30 每年6月30日前, month:0 每月底,
** month:10 每月10日前; any other text as it is. */
void deadline_recurrence_words(const char *zRec, char *zOut, size_t nOut);

/* An item's 完成时限 as the ledger shows it: zDeadline (an ISO date) when there is one, else
** the words of recurrence zRec written into zBuf[nBuf] when it recurs, else 长期坚持. Either
** argument may be NULL or "". Returns zDeadline, zBuf or a constant. */
const char *deadline_words(const char *zDeadline, const char *zRec, char *zBuf, size_t nBuf);

#endif
