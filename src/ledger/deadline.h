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

/* Write the ISO date zText stands for into zOut[11] and return 1, or return 0 (zOut "") when
** it names no year. */
int deadline_from_text(const char *zText, char zOut[11]);

#endif
