/*
** Targets and their reported values (see targets.h).
*/
#include "targets.h"

#include "calendar.h"
#include "fields.h"

#include <math.h>
#include <string.h>

static int check_date(const char *zDate, const char *zWhat, Err *e) {
  if (calendar_day(zDate) < 0) {
    return err_set(e, LUOSHI_EINVAL, "%s '%s' is not a date YYYY-MM-DD between 1970 and 2200",
                   zWhat, zDate ? zDate : "");
  }
  return 0;
}

static int check_number(double v, const char *zWhat, Err *e) {
  if (!isfinite(v)) return err_set(e, LUOSHI_EINVAL, "%s is not a finite number", zWhat);
  return 0;
}

int target_add(Store *s, const Actor *a, const StoreTarget *t, long long *pId, Err *e) {
  int rc = auth_supervise(a, e);
  if (rc == 0) rc = field_check(t->zName, TARGET_NAME_MAX, FIELD_ONE_LINE, 1, "the name", e);
  if (rc == 0) rc = field_check(t->zUnit, TARGET_UNIT_MAX, FIELD_ONE_LINE, 0, "the unit", e);
  if (rc == 0) rc = check_number(t->baseline, "the baseline", e);
  if (rc == 0) rc = check_number(t->target, "the target", e);
  if (rc == 0) rc = check_date(t->zBaselineDate, "the baseline date", e);
  if (rc == 0) rc = check_date(t->zTargetDate, "the target date", e);
  if (rc == 0 && calendar_day(t->zBaselineDate) >= calendar_day(t->zTargetDate)) {
    rc = err_set(e, LUOSHI_EINVAL, "the target date %s is not after the baseline date %s",
                 t->zTargetDate, t->zBaselineDate);
  }
  if (rc == 0 && t->target == t->baseline) {
    rc = err_set(e, LUOSHI_EINVAL, "the target equals the baseline: there is no trajectory");
  }
  if (rc == 0) rc = store_target_add(s, a->zLogin, t, pId, e);
  return rc;
}

int target_report(Store *s, const Actor *a, long long targetId, double value, const char *zAsOf,
                  long long *pId, Err *e) {
  long long itemId = 0;
  int rc = store_target_item(s, targetId, &itemId, e);
  if (rc == 0) rc = auth_item_report(s, a, itemId, e);
  if (rc == 0) rc = check_number(value, "the value", e);
  if (rc == 0) rc = check_date(zAsOf, "the date of the value", e);
  if (rc == 0) rc = store_target_value_add(s, a->zLogin, targetId, value, zAsOf, pId, e);
  return rc;
}

double target_expected(double baseline, long b0, double target, long b1, long d) {
  if (d <= b0) return baseline;
  if (d >= b1) return target;
  return baseline + (target - baseline) * (double)(d - b0) / (double)(b1 - b0);
}
