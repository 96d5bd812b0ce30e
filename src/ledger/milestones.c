/*
** Milestones and report cycles (see milestones.h).
*/
#include "milestones.h"

#include "calendar.h"
#include "fields.h"

#include <string.h>

static int check_date(const char *zDate, const char *zWhat, Err *e) {
  if (calendar_day(zDate) < 0) {
    return err_set(e, LUOSHI_EINVAL, "%s '%s' is not a date YYYY-MM-DD between 1970 and 2200",
                   zWhat, zDate ? zDate : "");
  }
  return 0;
}

int milestone_add(Store *s, const Actor *a, long long itemId, const char *zDue,
                  const char *zTitle, long long *pId, Err *e) {
  int rc = auth_item_report(s, a, itemId, e);
  if (rc == 0) rc = check_date(zDue, "the milestone date", e);
  if (rc == 0) rc = field_check(zTitle, MILESTONE_TITLE_MAX, FIELD_ONE_LINE, 1, "the title", e);
  if (rc == 0) rc = store_milestone_add(s, a->zLogin, itemId, zDue, zTitle, pId, e);
  return rc;
}

int milestone_reach(Store *s, const Actor *a, long long id, const char *zOn, Err *e) {
  long long itemId = 0;
  int rc = store_milestone_item(s, id, &itemId, e);
  if (rc == 0) rc = auth_item_report(s, a, itemId, e);
  if (rc == 0) rc = check_date(zOn, "the date reached", e);
  if (rc == 0) rc = store_milestone_done(s, a->zLogin, id, zOn, e);
  return rc;
}

int milestone_set_cycle(Store *s, const Actor *a, long long itemId, const char *zCycle,
                        int dueDay, Err *e) {
  int rc = auth_supervise(a, e);
  if (rc) return rc;
  if (!zCycle || (strcmp(zCycle, "month") && strcmp(zCycle, "quarter"))) {
    return err_set(e, LUOSHI_EINVAL, "a report cycle is month or quarter");
  }
  if (dueDay < 0 || dueDay > 28) {
    return err_set(e, LUOSHI_EINVAL, "the due day is 1 to 28 (a day every month has)");
  }
  return store_item_cycle(s, a->zLogin, itemId, zCycle, dueDay, e);
}
