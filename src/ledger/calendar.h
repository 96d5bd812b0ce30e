/*
** Calendar: working days by the holiday calendar (data/calendar/cn-holidays.tsv).
**
** A day is a working day when the calendar makes it one (调休), or when it is Monday to Friday
** and the calendar does not make it a holiday. Dates are days since 1970-01-01 (calendar_day)
** or ISO strings. Loaded once; read-only after.
*/
#ifndef LUOSHI_LEDGER_CALENDAR_H
#define LUOSHI_LEDGER_CALENDAR_H

/* Days since 1970-01-01 of an ISO date YYYY-MM-DD from 1970 to 2200, or -1 when z is not a
** valid date in that range (-1 is never a day it returns). */
long calendar_day(const char *z);
/* The ISO date of day d into zOut[11]. */
void calendar_iso(long d, char zOut[11]);
/* Is day d a working day? */
int calendar_is_workday(long d);
/* Working days after a and up to b (b included); negative when b is before a. */
long calendar_workdays_between(long a, long b);
/* The day n working days after d (n >= 0; n = 0 gives d itself). */
long calendar_add_workdays(long d, long n);

#endif
