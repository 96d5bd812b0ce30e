/*
** Warnings: the rules engine (see warnings.h).
*/
#include "warnings.h"

#include "../base/buf.h"
#include "../base/data.h"
#include "../base/mem.h"
#include "../extract/tsv.h"
#include "calendar.h"
#include "deadline.h"
#include "targets.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum Condition {
  COND_OVERDUE,
  COND_BEHIND,
  COND_NO_REPORT,
  COND_DUE_SOON,
  COND_MILESTONE,
  COND_TARGET_BEHIND
} Condition;

typedef struct Rule {
  char zName[32];
  char zColour[8];
  Condition cond;
  long param;            /* points, working days, days of grace; no-report: 0 month, 1 quarter;
                         ** target-behind: percent of |target - baseline| */
  char zSays[128];
} Rule;

typedef struct Rules {
  Rule a[32];
  int n;
  char zVersion[32];
} Rules;

static int parse_rules(Rules *rs, const char *z, size_t n, Err *e) {
  memset(rs, 0, sizeof *rs);
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (tsv_eq(&r, 0, "version")) {
      tsv_copy(rs->zVersion, sizeof rs->zVersion, &r, 1);
      continue;
    }
    if (r.nField < 4 || rs->n >= 32) {
      return err_set(e, LUOSHI_EINVAL, "rules/warnings.tsv line %d: a rule has a name, colour, "
                                       "condition and parameter", r.line);
    }
    Rule *u = &rs->a[rs->n];
    tsv_copy(u->zName, sizeof u->zName, &r, 0);
    tsv_copy(u->zColour, sizeof u->zColour, &r, 1);
    tsv_copy(u->zSays, sizeof u->zSays, &r, 4);
    if (strcmp(u->zColour, "red") && strcmp(u->zColour, "yellow") && strcmp(u->zColour, "blue")) {
      return err_set(e, LUOSHI_EINVAL, "rules/warnings.tsv line %d: colour is red, yellow or blue",
                     r.line);
    }
    if (tsv_eq(&r, 2, "overdue")) u->cond = COND_OVERDUE;
    else if (tsv_eq(&r, 2, "behind")) u->cond = COND_BEHIND;
    else if (tsv_eq(&r, 2, "no-report")) u->cond = COND_NO_REPORT;
    else if (tsv_eq(&r, 2, "due-soon")) u->cond = COND_DUE_SOON;
    else if (tsv_eq(&r, 2, "milestone-missed")) u->cond = COND_MILESTONE;
    else if (tsv_eq(&r, 2, "target-behind")) u->cond = COND_TARGET_BEHIND;
    else {
      return err_set(e, LUOSHI_EINVAL, "rules/warnings.tsv line %d: unknown condition (overdue, "
                                       "behind, no-report, due-soon, milestone-missed, "
                                       "target-behind)", r.line);
    }
    if (u->cond == COND_NO_REPORT) u->param = tsv_eq(&r, 3, "quarter");
    else u->param = tsv_int(&r, 3);
    rs->n++;
  }
  if (!rs->zVersion[0]) snprintf(rs->zVersion, sizeof rs->zVersion, "unversioned");
  return 0;
}

static int load_rules(Rules *rs, Err *e) {
  size_t n = 0;
  const char *z = data_get("rules/warnings.tsv", &n);
  if (!z) {
    memset(rs, 0, sizeof *rs);
    return err_set(e, LUOSHI_ENOTFOUND, "the rules file rules/warnings.tsv is missing");
  }
  return parse_rules(rs, z, n, e);
}

int warnings_rules_parse(const char *z, size_t n, int *pnRule, char zVersionOut[32], Err *e) {
  Rules rs;
  int rc = parse_rules(&rs, z, n, e);
  if (pnRule) *pnRule = rs.n;
  if (zVersionOut) snprintf(zVersionOut, 32, "%s", rs.zVersion);
  return rc;
}

typedef struct Run {
  const Rules *rs;
  long asOf;
  char zMonth[16];       /* the month and quarter asOf falls in: 2019-03, 2019Q1 */
  char zQuarter[16];
  int year, month;
  int quarterly;         /* the first no-report rule's period: 1 quarter, 0 month (the default) */
  StoreWarning *a;
  size_t n, cap;
  Buf strings;
  size_t *aOff;          /* per warning: offsets of message and data in strings */
} Run;

static void add(Run *run, long long itemId, const Rule *u, json_t *data, const char *zMsg) {
  MEM_GROW(run->a, run->cap, run->n + 1);
  run->aOff = xrealloc(run->aOff, sizeof(size_t) * 2 * (run->n + 1));
  StoreWarning *w = &run->a[run->n];
  memset(w, 0, sizeof *w);
  w->itemId = itemId;
  w->zRule = u->zName;
  w->zColour = u->zColour;
  run->aOff[2 * run->n] = run->strings.n;
  buf_puts(&run->strings, zMsg);
  buf_putc(&run->strings, 0);
  run->aOff[2 * run->n + 1] = run->strings.n;
  char *z = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
  buf_puts(&run->strings, z);
  buf_putc(&run->strings, 0);
  free(z);
  run->n++;
}

/* The rules over a recurring item (每年/每半年/每季度/每月): overdue fires when its last
** occurrence (the latest due date before the run's date, on or after the day the item entered
** the ledger) passed without a submitted or accepted report for the period that holds it — the
** month or quarter, as the item's report cycle says, else as the first no-report rule says;
** due-soon fires within the rule's working days before its next occurrence, unless that
** occurrence's period is reported already. The behind rules do not apply: progress restarts
** each cycle, so there is no 序时进度 to fall behind. Its fixed deadline, if it has one, is not
** read while it recurs. Returns 1 when rule u was handled here (d set when it fires). */
static int recurring_rule(Run *run, const StoreItemFacts *f, const Rule *u, json_t **pd,
                          char *zMsg, size_t nMsg) {
  int quarter = *f->zCycle ? strcmp(f->zCycle, "quarter") == 0 : run->quarterly;
  long start = calendar_day(f->zStart);
  char zLabel[64];
  deadline_recurrence_words(f->zRecurrence, zLabel, sizeof zLabel);
  switch (u->cond) {
    case COND_OVERDUE: {
      long last = *f->zLastDue ? calendar_day(f->zLastDue) : -1;
      int reported = quarter ? f->reportedLastQuarter : f->reportedLastMonth;
      if (last < 0 || reported || (start >= 0 && last < start) || run->asOf <= last) return 1;
      char zPeriod[16];
      int month = (f->zLastDue[5] - '0') * 10 + (f->zLastDue[6] - '0');
      if (quarter) snprintf(zPeriod, sizeof zPeriod, "%.4sQ%d", f->zLastDue, (month - 1) / 3 + 1);
      else snprintf(zPeriod, sizeof zPeriod, "%.7s", f->zLastDue);
      *pd = json_pack("{s:s, s:s, s:s, s:I}", "recurrence", f->zRecurrence, "occurrence",
                      f->zLastDue, "period", zPeriod, "days_over",
                      (json_int_t)(run->asOf - last));
      snprintf(zMsg, nMsg, "%s：周期完成时限%s（%s）未见%s报送，已逾期%ld天", u->zSays,
               f->zLastDue, zLabel, zPeriod, run->asOf - last);
      return 1;
    }
    case COND_DUE_SOON: {
      long next = *f->zNextDue ? calendar_day(f->zNextDue) : -1;
      int reported = quarter ? f->reportedNextQuarter : f->reportedNextMonth;
      if (next < 0 || reported || run->asOf > next) return 1;
      long left = calendar_workdays_between(run->asOf, next);
      if (left <= u->param) {
        *pd = json_pack("{s:s, s:s, s:I}", "recurrence", f->zRecurrence, "occurrence",
                        f->zNextDue, "workdays_left", (json_int_t)left);
        snprintf(zMsg, nMsg, "%s：周期完成时限%s（%s），还剩%ld个工作日", u->zSays, f->zNextDue,
                 zLabel, left);
      }
      return 1;
    }
    case COND_BEHIND:
      return 1;
    default:
      return 0;
  }
}

static int on_item(void *ctx, const StoreItemFacts *f) {
  Run *run = ctx;
  if (strcmp(f->zStatus, "已完成") == 0 || strcmp(f->zStatus, "已销号") == 0) return 0;
  long deadline = *f->zDeadline ? calendar_day(f->zDeadline) : -1;
  long start = calendar_day(f->zStart);
  int progress = f->lastProgress < 0 ? 0 : f->lastProgress;
  int behindFired = 0;
  int recurring = *f->zRecurrence != 0;
  for (int k = 0; k < run->rs->n; k++) {
    const Rule *u = &run->rs->a[k];
    char zMsg[1024];
    json_t *d = NULL;
    if (recurring && recurring_rule(run, f, u, &d, zMsg, sizeof zMsg)) {
      if (d) {
        add(run, f->id, u, d, zMsg);
        json_decref(d);
      }
      continue;
    }
    switch (u->cond) {
      case COND_OVERDUE:
        if (deadline >= 0 && run->asOf > deadline) {
          d = json_pack("{s:s, s:i, s:I}", "deadline", f->zDeadline, "progress", progress,
                        "days_over", (json_int_t)(run->asOf - deadline));
          snprintf(zMsg, sizeof zMsg, "%s：完成时限%s，已逾期%ld天", u->zSays, f->zDeadline,
                   run->asOf - deadline);
        }
        break;
      case COND_BEHIND:
        if (!behindFired && deadline > start && start >= 0 && run->asOf > start) {
          long span = deadline - start, gone = run->asOf - start;
          int expected = (int)(gone >= span ? 100 : gone * 100 / span);
          int gap = expected - progress;
          /* rules of this condition are tried in file order: list the higher threshold first */
          if (gap >= u->param) {
            behindFired = 1;
            d = json_pack("{s:i, s:i, s:i}", "expected", expected, "progress", progress,
                          "gap", gap);
            snprintf(zMsg, sizeof zMsg, "%s：序时进度%d%%，实际%d%%", u->zSays, expected, progress);
          }
        }
        break;
      case COND_NO_REPORT: {
        /* the item's own cycle, else the rule's; with a due day, not before that day */
        int quarter = *f->zCycle ? strcmp(f->zCycle, "quarter") == 0 : (int)u->param;
        int reported = quarter ? f->reportedInQuarter : f->reportedInMonth;
        int lastMonth = quarter ? (run->month - 1) / 3 * 3 + 3 : run->month;
        char zDue[32] = "";
        if (f->reportDay > 0) {
          snprintf(zDue, sizeof zDue, "%04d-%02d-%02d", run->year, lastMonth, f->reportDay);
        }
        if (!reported && (!*zDue || run->asOf > calendar_day(zDue))) {
          d = json_pack("{s:s, s:s, s:s?}", "period", quarter ? run->zQuarter : run->zMonth,
                        "cycle", quarter ? "quarter" : "month", "due", *zDue ? zDue : NULL);
          snprintf(zMsg, sizeof zMsg, "%s：%s", u->zSays, quarter ? run->zQuarter : run->zMonth);
        }
        break;
      }
      case COND_MILESTONE:
        if (*f->zMilestoneDue && run->asOf > calendar_day(f->zMilestoneDue) + u->param) {
          long over = run->asOf - calendar_day(f->zMilestoneDue);
          d = json_pack("{s:s, s:s, s:I}", "milestone", f->zMilestoneTitle, "due",
                        f->zMilestoneDue, "days_over", (json_int_t)over);
          snprintf(zMsg, sizeof zMsg, "%s：节点“%s”应于%s完成，已逾期%ld天", u->zSays,
                   f->zMilestoneTitle, f->zMilestoneDue, over);
        }
        break;
      case COND_DUE_SOON:
        if (deadline >= 0 && run->asOf <= deadline) {
          long left = calendar_workdays_between(run->asOf, deadline);
          if (left <= u->param) {
            d = json_pack("{s:s, s:I}", "deadline", f->zDeadline, "workdays_left",
                          (json_int_t)left);
            snprintf(zMsg, sizeof zMsg, "%s：还剩%ld个工作日", u->zSays, left);
          }
        }
        break;
      case COND_TARGET_BEHIND: /* per target, in on_target */
        break;
    }
    if (d) {
      add(run, f->id, u, d, zMsg);
      json_decref(d);
    }
  }
  return 0;
}

/* The target-behind rules over one target's latest value: the value is compared with the
** straight line from baseline to target on the date the unit gave it (not the run's date), and
** falls behind when it is short of the line, in the target's direction, by at least the rule's
** percent of |target - baseline|. Rules of the condition are tried in file order; the first
** that holds fires. */
static int on_target(void *ctx, const StoreTargetFacts *f) {
  Run *run = ctx;
  const StoreTarget *t = &f->t;
  if (strcmp(f->zStatus, "已完成") == 0 || strcmp(f->zStatus, "已销号") == 0) return 0;
  long b0 = calendar_day(t->zBaselineDate), b1 = calendar_day(t->zTargetDate);
  long d = calendar_day(t->zAsOf);
  double span = fabs(t->target - t->baseline);
  if (b0 < 0 || b1 <= b0 || d < 0 || !(span > 0)) return 0;
  double expected = target_expected(t->baseline, b0, t->target, b1, d);
  double shortfall = t->target > t->baseline ? expected - t->value : t->value - expected;
  for (int k = 0; k < run->rs->n; k++) {
    const Rule *u = &run->rs->a[k];
    if (u->cond != COND_TARGET_BEHIND) continue;
    if (!(shortfall > 0) || shortfall * 100 < (double)u->param * span) continue;
    double shown = round(expected * 100) / 100;
    json_t *data = json_pack("{s:s, s:f, s:f, s:s}", "target", t->zName, "expected", shown,
                             "actual", t->value, "as_of", t->zAsOf);
    char zMsg[1024];
    snprintf(zMsg, sizeof zMsg, "%s：指标“%s”截至%s应达%.15g%s，实际%.15g%s", u->zSays, t->zName,
             t->zAsOf, shown, t->zUnit, t->value, t->zUnit);
    add(run, t->itemId, u, data, zMsg);
    json_decref(data);
    break;
  }
  return 0;
}

int warnings_run(Store *s, const char *zActor, const char *zAsOf, int *pnWarning,
                 char zVersionOut[32], Err *e) {
  Rules rs;
  int rc = load_rules(&rs, e);
  if (rc) return rc;
  long asOf = calendar_day(zAsOf);
  if (asOf < 0) return err_set(e, LUOSHI_EINVAL, "'%s' is not a date YYYY-MM-DD", zAsOf);
  Run run;
  memset(&run, 0, sizeof run);
  run.rs = &rs;
  run.asOf = asOf;
  run.year = (int)strtol(zAsOf, NULL, 10);
  run.month = (zAsOf[5] - '0') * 10 + (zAsOf[6] - '0');
  snprintf(run.zMonth, sizeof run.zMonth, "%.7s", zAsOf);
  snprintf(run.zQuarter, sizeof run.zQuarter, "%.4sQ%d", zAsOf, (run.month - 1) / 3 + 1);
  for (int k = 0; k < rs.n; k++) {
    if (rs.a[k].cond == COND_NO_REPORT) {
      run.quarterly = (int)rs.a[k].param;
      break;
    }
  }
  rc = store_item_facts(s, zAsOf, run.zMonth, run.zQuarter, on_item, &run, e);
  if (rc == 0) rc = store_target_facts(s, zAsOf, on_target, &run, e);
  if (rc == 0) {
    for (size_t i = 0; i < run.n; i++) {
      run.a[i].zMessage = run.strings.a + run.aOff[2 * i];
      run.a[i].zData = run.strings.a + run.aOff[2 * i + 1];
    }
    rc = store_warnings_replace(s, zActor, zAsOf, rs.zVersion, run.a, (int)run.n, e);
  }
  *pnWarning = (int)run.n;
  snprintf(zVersionOut, 32, "%s", rs.zVersion);
  free(run.a);
  free(run.aOff);
  buf_free(&run.strings);
  return rc;
}
