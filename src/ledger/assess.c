/*
** Assessment: the scoring rules, the scores, rankings and lists (see assess.h).
**
** Points are kept in hundredths of a point (long), so sums and caps are exact and the same on
** every machine; they become JSON numbers only when printed.
*/
#include "assess.h"

#include "../base/buf.h"
#include "../base/data.h"
#include "../base/mem.h"
#include "../base/sha256.h"
#include "../extract/tsv.h"
#include "calendar.h"
#include "targets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the rules file ------------------------------------------------------------------------ */

static const struct {
  const char *zName;
  AssessCond cond;
} aCondName[] = {
    {"done-on-time", ASSESS_DONE_ON_TIME},   {"done-ahead", ASSESS_DONE_AHEAD},
    {"done-late", ASSESS_DONE_LATE},         {"overdue", ASSESS_OVERDUE},
    {"behind", ASSESS_BEHIND},               {"no-report", ASSESS_NO_REPORT},
    {"report-late", ASSESS_REPORT_LATE},     {"report-returned", ASSESS_REPORT_RETURNED},
    {"target-met", ASSESS_TARGET_MET},       {"target-behind", ASSESS_TARGET_BEHIND},
    {"warned", ASSESS_WARNED},               {"escalated", ASSESS_ESCALATED},
};
#define N_COND (int)(sizeof aCondName / sizeof aCondName[0])

/* Field k of r as points: [+-]digits[.d[d]] into *pOut in hundredths; 0, or -1 when bad. */
static int field_points(const TsvRow *r, int k, long *pOut) {
  char z[32];
  if (k >= r->nField || r->an[k] == 0 || r->an[k] >= sizeof z) return -1;
  tsv_copy(z, sizeof z, r, k);
  const char *p = z;
  int neg = 0;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  if (*p < '0' || *p > '9') return -1;
  long whole = 0, frac = 0;
  int nDigit = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (++nDigit > 7) return -1;
    whole = whole * 10 + (*p - '0');
  }
  if (*p == '.') {
    p++;
    int nFrac = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
      if (++nFrac > 2) return -1;
      frac = frac * 10 + (*p - '0');
    }
    if (nFrac == 0) return -1;
    if (nFrac == 1) frac *= 10;
  }
  if (*p) return -1;
  *pOut = (neg ? -1 : 1) * (whole * 100 + frac);
  return 0;
}

/* Field k of r as a whole number >= 0 into *pOut; 0, or -1 when it is not one. */
static int field_count(const TsvRow *r, int k, long *pOut) {
  if (k >= r->nField || r->an[k] == 0 || r->an[k] > 9) return -1;
  long v = 0;
  for (size_t i = 0; i < r->an[k]; i++) {
    char c = r->az[k][i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  *pOut = v;
  return 0;
}

static int bad_line(Err *e, const char *zName, int line, const char *zWhy) {
  return err_set(e, LUOSHI_EINVAL, "%s line %d: %s", zName, line, zWhy);
}

/* A rule line: rule NAME COMPONENT CONDITION PARAMETER POINTS SAYS. */
static int parse_rule(AssessRules *rs, const TsvRow *r, const char *zName, Err *e) {
  if (r->nField < 7) {
    return bad_line(e, zName, r->line, "a rule has a name, a component, a condition, a parameter, "
                                       "points and words (7 fields separated by tabs)");
  }
  if (rs->n >= ASSESS_MAX_RULE) return bad_line(e, zName, r->line, "too many rules (at most 64)");
  AssessRule *u = &rs->a[rs->n];
  memset(u, 0, sizeof *u);
  u->line = r->line;
  if (r->an[1] == 0 || r->an[1] >= sizeof u->zName || r->an[2] == 0 ||
      r->an[2] >= sizeof u->zComponent) {
    return bad_line(e, zName, r->line, "a rule's name and component are 1 to 31 bytes");
  }
  tsv_copy(u->zName, sizeof u->zName, r, 1);
  tsv_copy(u->zComponent, sizeof u->zComponent, r, 2);
  for (int k = 0; k < rs->n; k++) {
    if (strcmp(rs->a[k].zName, u->zName) == 0) {
      return bad_line(e, zName, r->line, "a rule of this name comes earlier");
    }
  }
  int found = 0;
  for (int k = 0; k < N_COND; k++) {
    if (tsv_eq(r, 3, aCondName[k].zName)) {
      u->cond = aCondName[k].cond;
      found = 1;
    }
  }
  if (!found) {
    return bad_line(e, zName, r->line, "unknown condition (done-on-time, done-ahead, done-late, "
                                       "overdue, behind, no-report, report-late, report-returned, "
                                       "target-met, target-behind, warned, escalated)");
  }
  if (u->cond == ASSESS_WARNED) {
    if (tsv_eq(r, 4, "red")) u->param = 0;
    else if (tsv_eq(r, 4, "yellow")) u->param = 1;
    else if (tsv_eq(r, 4, "blue")) u->param = 2;
    else return bad_line(e, zName, r->line, "the parameter of warned is red, yellow or blue");
  } else if (field_count(r, 4, &u->param)) {
    return bad_line(e, zName, r->line, "the parameter is a whole number (days, points, percent "
                                       "or a level; 0 when the condition takes none)");
  } else if (u->cond == ASSESS_BEHIND && (u->param < 1 || u->param > 100)) {
    return bad_line(e, zName, r->line, "the parameter of behind is 1 to 100 points");
  } else if (u->cond == ASSESS_ESCALATED && u->param < 1) {
    return bad_line(e, zName, r->line, "the parameter of escalated is a level, 1 or more");
  }
  if (field_points(r, 5, &u->points)) {
    return bad_line(e, zName, r->line, "points are a number such as +1, -2 or -0.5 (at most two "
                                       "decimals)");
  }
  tsv_copy(u->zSays, sizeof u->zSays, r, 6);
  rs->n++;
  return 0;
}

int assess_rules_parse(const char *z, size_t n, const char *zName, AssessRules *rs, Err *e) {
  memset(rs, 0, sizeof *rs);
  rs->base = 10000;
  unsigned char digest[32];
  sha256_digest((const unsigned char *)z, n, digest);
  for (int k = 0; k < 32; k++) snprintf(rs->zSha256 + 2 * k, 3, "%02x", digest[k]);
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  int haveBase = 0;
  while (tsv_next(&it, &r)) {
    if (tsv_eq(&r, 0, "version")) {
      if (r.nField < 2 || r.an[1] == 0 || r.an[1] >= sizeof rs->zVersion) {
        return bad_line(e, zName, r.line, "the version line names a version of 1 to 31 bytes");
      }
      tsv_copy(rs->zVersion, sizeof rs->zVersion, &r, 1);
    } else if (tsv_eq(&r, 0, "base")) {
      if (haveBase++ || field_points(&r, 1, &rs->base) || rs->base < 0) {
        return bad_line(e, zName, r.line, "one base line, with the points every unit starts from");
      }
    } else if (tsv_eq(&r, 0, "cap")) {
      if (rs->nCap >= ASSESS_MAX_CAP || r.nField < 3 || r.an[1] == 0 ||
          r.an[1] >= sizeof rs->aCap[0].zComponent || field_points(&r, 2, &rs->aCap[rs->nCap].cap) ||
          rs->aCap[rs->nCap].cap < 0) {
        return bad_line(e, zName, r.line, "a cap line names a component and the points (0 or "
                                          "more) it may move the score by");
      }
      tsv_copy(rs->aCap[rs->nCap].zComponent, sizeof rs->aCap[0].zComponent, &r, 1);
      for (int k = 0; k < rs->nCap; k++) {
        if (strcmp(rs->aCap[k].zComponent, rs->aCap[rs->nCap].zComponent) == 0) {
          return bad_line(e, zName, r.line, "this component is capped on an earlier line");
        }
      }
      rs->nCap++;
    } else if (tsv_eq(&r, 0, "rule")) {
      int rc = parse_rule(rs, &r, zName, e);
      if (rc) return rc;
    } else if (tsv_eq(&r, 0, "red")) {
      long v;
      if (!tsv_eq(&r, 1, "top") || field_count(&r, 2, &v) || v > 1000) {
        return bad_line(e, zName, r.line, "the red list line is: red, top, a number of units");
      }
      rs->redTop = (int)v;
    } else if (tsv_eq(&r, 0, "black")) {
      long v;
      if (tsv_eq(&r, 1, "bottom") && field_count(&r, 2, &v) == 0 && v <= 1000) {
        rs->blackBottom = (int)v;
      } else if (tsv_eq(&r, 1, "below") && field_points(&r, 2, &v) == 0) {
        rs->hasBlackBelow = 1;
        rs->blackBelow = v;
      } else {
        return bad_line(e, zName, r.line, "a black list line is: black, bottom, a number of "
                                          "units; or black, below, a score");
      }
    } else if (tsv_eq(&r, 0, "exempt")) {
      if (!tsv_eq(&r, 1, "tolerance")) {
        return bad_line(e, zName, r.line, "the exemption line is: exempt, tolerance");
      }
      rs->exemptTolerance = 1;
    } else {
      return bad_line(e, zName, r.line, "unknown line (version, base, cap, rule, red, black, "
                                        "exempt)");
    }
  }
  if (!rs->zVersion[0]) snprintf(rs->zVersion, sizeof rs->zVersion, "unversioned");
  return 0;
}

int assess_rules_load(AssessRules *r, Err *e) {
  size_t n = 0;
  const char *z = data_get("rules/scoring.tsv", &n);
  if (!z) return err_set(e, LUOSHI_ENOTFOUND, "the rules file rules/scoring.tsv is missing");
  return assess_rules_parse(z, n, "rules/scoring.tsv", r, e);
}

/* ---- periods ------------------------------------------------------------------------------- */

static const int aMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int month_days(int year, int month) {
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : aMonthDays[month - 1];
}

/* Append period zP to the JSON array text in z[nZ] (begun as "[" by the caller). */
static void list_add(char *z, size_t nZ, const char *zP) {
  size_t n = strlen(z);
  snprintf(z + n, nZ - n, "%s\"%s\"", n > 1 ? "," : "", zP);
}

int assess_period_parse(const char *z, AssessPeriod *p, Err *e) {
  memset(p, 0, sizeof *p);
  size_t n = z ? strlen(z) : 0;
  int year = 0, first = 0, last = 0; /* months 1..12 */
  char kind = 0;
  for (int k = 0; k < 4 && k < (int)n; k++) {
    if (z[k] < '0' || z[k] > '9') n = 0;
  }
  if (n >= 4) year = (z[0] - '0') * 1000 + (z[1] - '0') * 100 + (z[2] - '0') * 10 + (z[3] - '0');
  if (n == 4) {
    kind = 'Y';
    first = 1;
    last = 12;
  } else if (n == 6 && z[4] == 'Q' && z[5] >= '1' && z[5] <= '4') {
    kind = 'Q';
    first = (z[5] - '1') * 3 + 1;
    last = first + 2;
  } else if (n == 7 && z[4] == '-' && z[5] >= '0' && z[5] <= '1' && z[6] >= '0' && z[6] <= '9') {
    kind = 'M';
    first = last = (z[5] - '0') * 10 + (z[6] - '0');
    if (first < 1 || first > 12) kind = 0;
  }
  if (!kind || year < 1971 || year > 2199) {
    return err_set(e, LUOSHI_EINVAL, "'%s' is not a period: a month (2019-03), a quarter "
                   "(2019Q1) or a year (2019)", z ? z : "");
  }
  snprintf(p->zName, sizeof p->zName, "%s", z);
  snprintf(p->zFrom, sizeof p->zFrom, "%04d-%02d-01", year, first);
  snprintf(p->zTo, sizeof p->zTo, "%04d-%02d-%02d", year, last, month_days(year, last));
  p->firstMonth = year * 12 + first - 1;
  p->lastMonth = year * 12 + last - 1;
  if (kind == 'Y') snprintf(p->zPrev, sizeof p->zPrev, "%04d", year - 1);
  else if (kind == 'Q' && first == 1) snprintf(p->zPrev, sizeof p->zPrev, "%04dQ4", year - 1);
  else if (kind == 'Q') snprintf(p->zPrev, sizeof p->zPrev, "%04dQ%d", year, (first - 1) / 3);
  else if (first == 1) snprintf(p->zPrev, sizeof p->zPrev, "%04d-12", year - 1);
  else snprintf(p->zPrev, sizeof p->zPrev, "%04d-%02d", year, first - 1);
  /* counted: the months in it and the quarters whose last month is in it; overlapping: the
  ** months in it and the quarters touching it */
  snprintf(p->zCounted, sizeof p->zCounted, "[");
  snprintf(p->zOverlap, sizeof p->zOverlap, "[");
  char zP[32];
  for (int m = first; m <= last; m++) {
    snprintf(zP, sizeof zP, "%04d-%02d", year, m);
    list_add(p->zCounted, sizeof p->zCounted, zP);
    list_add(p->zOverlap, sizeof p->zOverlap, zP);
  }
  for (int q = 1; q <= 4; q++) {
    snprintf(zP, sizeof zP, "%04dQ%d", year, q);
    if (q * 3 >= first && q * 3 <= last) list_add(p->zCounted, sizeof p->zCounted, zP);
    if (q * 3 >= first && q * 3 - 2 <= last) list_add(p->zOverlap, sizeof p->zOverlap, zP);
  }
  size_t nC = strlen(p->zCounted), nO = strlen(p->zOverlap); /* 16 periods of 11 bytes fit */
  snprintf(p->zCounted + nC, sizeof p->zCounted - nC, "]");
  snprintf(p->zOverlap + nO, sizeof p->zOverlap - nO, "]");
  return 0;
}

/* ---- scoring ------------------------------------------------------------------------------- */

typedef struct Unit {
  long long id;
  char *zName;
  char *zKind;
  long long nItem;           /* items counted */
  long aCount[ASSESS_MAX_RULE];
  json_t *aFacts[ASSESS_MAX_RULE]; /* NULL until a fact (only when facts are kept) */
  json_t *exempt;            /* exempted items, or NULL */
  long score;                /* hundredths */
  int group;                 /* index in azGroup */
  int rank;
  int list;                  /* 1 red, -1 black, 0 neither */
} Unit;

static const char *const azGroup[] = {"department", "city", "county", "other"};
#define N_GROUP 4

typedef struct Scoring {
  const AssessRules *rs;
  const AssessPeriod *p;
  long to;                   /* the period's last day */
  int keepFacts;
  Unit *a;
  size_t n, cap;
  long *aIdx;                /* unit id -> index in a, + 1; 0 for none */
  size_t nIdx;
} Scoring;

static Unit *unit_for(Scoring *sc, const StoreAssessItem *f) {
  if ((size_t)f->unitId >= sc->nIdx) {
    size_t nNew = (size_t)f->unitId + 64;
    sc->aIdx = xrealloc(sc->aIdx, nNew * sizeof(long));
    memset(sc->aIdx + sc->nIdx, 0, (nNew - sc->nIdx) * sizeof(long));
    sc->nIdx = nNew;
  }
  if (sc->aIdx[f->unitId]) return &sc->a[sc->aIdx[f->unitId] - 1];
  MEM_GROW(sc->a, sc->cap, sc->n + 1);
  Unit *u = &sc->a[sc->n++];
  memset(u, 0, sizeof *u);
  u->id = f->unitId;
  u->zName = xstrdup(f->zUnit);
  u->zKind = xstrdup(f->zUnitKind);
  u->group = 3;
  for (int k = 0; k < 3; k++) {
    if (strcmp(f->zUnitKind, azGroup[k]) == 0) u->group = k;
  }
  sc->aIdx[f->unitId] = (long)sc->n;
  return u;
}

/* Record one fact of rule k for unit u; takes the reference to fact (NULL allowed when facts
** are not kept). */
static void fire(Scoring *sc, Unit *u, int k, json_t *fact) {
  u->aCount[k]++;
  if (!sc->keepFacts) {
    json_decref(fact);
    return;
  }
  if (!u->aFacts[k]) u->aFacts[k] = json_array();
  json_array_append_new(u->aFacts[k], fact);
}

static json_t *item_fact(const StoreAssessItem *f) {
  return json_pack("{s:I, s:s}", "item", (json_int_t)f->id, "number", f->zNumber);
}

static int on_item(void *ctx, const StoreAssessItem *f) {
  Scoring *sc = ctx;
  const AssessRules *rs = sc->rs;
  Unit *u = unit_for(sc, f);
  if (rs->exemptTolerance && f->toleranceId) {
    if (sc->keepFacts) {
      if (!u->exempt) u->exempt = json_array();
      json_t *j = item_fact(f);
      json_object_set_new(j, "request", json_integer(f->toleranceId));
      json_array_append_new(u->exempt, j);
    }
    return 0;
  }
  u->nItem++;
  /* done: the first submitted or accepted report at 100 %; when, by its period's bounds */
  const StoreAssessReport *done = NULL, *latest = NULL;
  int reportedHere = 0;
  for (int k = 0; k < f->nReport; k++) {
    const StoreAssessReport *r = &f->aReport[k];
    if (!r->reported) continue;
    if (!done && r->progress == 100) done = r;
    latest = r;
    if (r->counted) reportedHere = 1;
  }
  long doneFrom = -1, doneTo = -1;
  int doneHere = 0, doneBefore = 0;
  if (done) {
    AssessPeriod dp;
    if (assess_period_parse(done->zPeriod, &dp, NULL) == 0) {
      doneFrom = calendar_day(dp.zFrom);
      doneTo = calendar_day(dp.zTo);
    }
    doneHere = done->lastMonth >= sc->p->firstMonth;
    doneBefore = !doneHere;
  }
  long deadline = *f->zDeadline ? calendar_day(f->zDeadline) : -1;
  long start = calendar_day(f->zStart);
  int progress = latest ? latest->progress : 0;
  int firedBehind = 0, firedEscalated = 0;
  char *aTargetFired = f->nTarget ? xcalloc((size_t)f->nTarget, 1) : NULL;
  for (int k = 0; k < rs->n; k++) {
    const AssessRule *r = &rs->a[k];
    json_t *j;
    switch (r->cond) {
      case ASSESS_DONE_ON_TIME:
      case ASSESS_DONE_AHEAD:
      case ASSESS_DONE_LATE: {
        if (!doneHere || deadline < 0 || doneFrom < 0) break;
        int holds = r->cond == ASSESS_DONE_ON_TIME ? doneFrom <= deadline
                    : r->cond == ASSESS_DONE_AHEAD ? doneTo + r->param <= deadline
                                                    : doneFrom > deadline;
        if (!holds) break;
        j = item_fact(f);
        json_object_set_new(j, "report", json_integer(done->id));
        json_object_set_new(j, "period", json_string(done->zPeriod));
        json_object_set_new(j, "deadline", json_string(f->zDeadline));
        fire(sc, u, k, j);
        break;
      }
      case ASSESS_OVERDUE:
        if (done || f->recurring || deadline < 0 || deadline >= sc->to) break;
        j = item_fact(f);
        json_object_set_new(j, "deadline", json_string(f->zDeadline));
        json_object_set_new(j, "days_over", json_integer(sc->to - deadline));
        fire(sc, u, k, j);
        break;
      case ASSESS_BEHIND: {
        if (firedBehind || done || f->recurring || deadline < sc->to || start < 0 ||
            deadline <= start || sc->to <= start) {
          break;
        }
        long span = deadline - start, gone = sc->to - start;
        int expected = (int)(gone >= span ? 100 : gone * 100 / span);
        if (expected - progress < r->param) break;
        firedBehind = 1;
        j = item_fact(f);
        json_object_set_new(j, "expected", json_integer(expected));
        json_object_set_new(j, "progress", json_integer(progress));
        if (latest) json_object_set_new(j, "report", json_integer(latest->id));
        fire(sc, u, k, j);
        break;
      }
      case ASSESS_NO_REPORT:
        if (doneBefore || reportedHere) break;
        fire(sc, u, k, item_fact(f));
        break;
      case ASSESS_REPORT_LATE:
      case ASSESS_REPORT_RETURNED:
        for (int i = 0; i < f->nReport; i++) {
          const StoreAssessReport *rp = &f->aReport[i];
          if (!rp->counted) continue;
          if (r->cond == ASSESS_REPORT_LATE ? !rp->late : !rp->returned) continue;
          j = item_fact(f);
          json_object_set_new(j, "report", json_integer(rp->id));
          json_object_set_new(j, "period", json_string(rp->zPeriod));
          fire(sc, u, k, j);
        }
        break;
      case ASSESS_TARGET_MET:
      case ASSESS_TARGET_BEHIND:
        for (int i = 0; i < f->nTarget; i++) {
          const StoreAssessTarget *t = &f->aTarget[i];
          if (!t->hasValue) continue;
          int up = t->target > t->baseline;
          int met = up ? t->value >= t->target : t->value <= t->target;
          double expected = 0;
          if (r->cond == ASSESS_TARGET_MET) {
            if (!met) continue;
          } else {
            long b0 = calendar_day(t->zBaselineDate), b1 = calendar_day(t->zTargetDate);
            long d = calendar_day(t->zAsOf);
            double span = fabs(t->target - t->baseline);
            if (met || aTargetFired[i] || b0 < 0 || b1 <= b0 || d < 0 || !(span > 0)) continue;
            expected = target_expected(t->baseline, b0, t->target, b1, d);
            double shortfall = up ? expected - t->value : t->value - expected;
            if (!(shortfall > 0) || shortfall * 100 < (double)r->param * span) continue;
            aTargetFired[i] = 1;
          }
          j = item_fact(f);
          json_object_set_new(j, "target", json_integer(t->id));
          json_object_set_new(j, "name", json_string(t->zName));
          json_object_set_new(j, "value", json_real(t->value));
          json_object_set_new(j, "as_of", json_string(t->zAsOf));
          if (r->cond == ASSESS_TARGET_BEHIND) {
            json_object_set_new(j, "expected", json_real(round(expected * 100) / 100));
          }
          fire(sc, u, k, j);
        }
        break;
      case ASSESS_WARNED: {
        static const char *const az[] = {"red", "yellow", "blue"};
        if (strcmp(f->zWorst, az[r->param]) != 0) break;
        j = item_fact(f);
        json_object_set_new(j, "colour", json_string(f->zWorst));
        json_object_set_new(j, "since", json_string(f->zWarnedOn));
        fire(sc, u, k, j);
        break;
      }
      case ASSESS_ESCALATED:
        if (firedEscalated || f->noticeLevel < r->param) break;
        firedEscalated = 1;
        j = item_fact(f);
        json_object_set_new(j, "notice", json_integer(f->noticeId));
        json_object_set_new(j, "level", json_integer(f->noticeLevel));
        fire(sc, u, k, j);
        break;
    }
  }
  free(aTargetFired);
  return 0;
}

/* The cap of component zComponent in hundredths, or -1 for none. */
static long cap_of(const AssessRules *rs, const char *zComponent) {
  for (int k = 0; k < rs->nCap; k++) {
    if (strcmp(rs->aCap[k].zComponent, zComponent) == 0) return rs->aCap[k].cap;
  }
  return -1;
}

/* A component's raw and capped points for unit u. */
static void component_points(const AssessRules *rs, const Unit *u, const char *zComponent,
                             long *pRaw, long *pCapped) {
  long raw = 0;
  for (int k = 0; k < rs->n; k++) {
    if (strcmp(rs->a[k].zComponent, zComponent) == 0) raw += u->aCount[k] * rs->a[k].points;
  }
  long cap = cap_of(rs, zComponent), capped = raw;
  if (cap >= 0 && capped > cap) capped = cap;
  if (cap >= 0 && capped < -cap) capped = -cap;
  *pRaw = raw;
  *pCapped = capped;
}

/* Is rule k the first of the rules with its component? (Components in order of first use.) */
static int first_of_component(const AssessRules *rs, int k) {
  for (int i = 0; i < k; i++) {
    if (strcmp(rs->a[i].zComponent, rs->a[k].zComponent) == 0) return 0;
  }
  return 1;
}

static int cmp_unit(const void *pa, const void *pb) {
  const Unit *a = *(Unit *const *)pa, *b = *(Unit *const *)pb;
  if (a->group != b->group) return a->group - b->group;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  int c = strcmp(a->zName, b->zName);
  if (c) return c;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* Score, sort (into *paOrder, the caller frees it) and rank the units; mark the lists. */
static Unit **rank_units(Scoring *sc) {
  const AssessRules *rs = sc->rs;
  Unit **ap = xmalloc((sc->n + 1) * sizeof(Unit *));
  for (size_t i = 0; i < sc->n; i++) {
    Unit *u = &sc->a[i];
    u->score = rs->base;
    for (int k = 0; k < rs->n; k++) {
      if (!first_of_component(rs, k)) continue;
      long raw, capped;
      component_points(rs, u, rs->a[k].zComponent, &raw, &capped);
      u->score += capped;
    }
    ap[i] = u;
  }
  qsort(ap, sc->n, sizeof *ap, cmp_unit);
  for (size_t i = 0; i < sc->n;) {
    size_t j = i;
    while (j < sc->n && ap[j]->group == ap[i]->group) j++;
    size_t g = j - i, half = g / 2;
    for (size_t k = i; k < j; k++) {
      size_t above = 0, below = 0;
      for (size_t m = i; m < j; m++) {
        if (ap[m]->score > ap[k]->score) above++;
        if (ap[m]->score < ap[k]->score) below++;
      }
      Unit *u = ap[k];
      u->rank = (int)above + 1;
      u->list = 0;
      if (rs->redTop && (size_t)u->rank <= (size_t)rs->redTop && (size_t)u->rank <= half) {
        u->list = 1;
      } else if ((rs->blackBottom && below + 1 <= (size_t)rs->blackBottom && below + 1 <= half) ||
                 (rs->hasBlackBelow && u->score < rs->blackBelow)) {
        u->list = -1;
      }
    }
    i = j;
  }
  return ap;
}

static json_t *points_json(long hundredths) { return json_real((double)hundredths / 100.0); }

static void scoring_free(Scoring *sc) {
  for (size_t i = 0; i < sc->n; i++) {
    free(sc->a[i].zName);
    free(sc->a[i].zKind);
    for (int k = 0; k < ASSESS_MAX_RULE; k++) json_decref(sc->a[i].aFacts[k]);
    json_decref(sc->a[i].exempt);
  }
  free(sc->a);
  free(sc->aIdx);
}

static int score_period(Store *s, const AssessRules *rs, const AssessPeriod *p, int keepFacts,
                        Scoring *sc, Err *e) {
  memset(sc, 0, sizeof *sc);
  sc->rs = rs;
  sc->p = p;
  sc->to = calendar_day(p->zTo);
  sc->keepFacts = keepFacts;
  StoreAssessPeriod sp = {p->zFrom, p->zTo, p->lastMonth, p->zCounted, p->zOverlap};
  return store_assess_facts(s, &sp, on_item, sc, e);
}

static int group_wanted(const char *zGroup, int g) {
  if (!zGroup || !*zGroup || strcmp(zGroup, "all") == 0) return 1;
  /* departments, cities, counties as the command line says them, or the kind itself */
  static const char *const azPlural[] = {"departments", "cities", "counties", "others"};
  return strcmp(zGroup, azGroup[g]) == 0 || strcmp(zGroup, azPlural[g]) == 0;
}

int assess_run(Store *s, const AssessRules *rs, const char *zPeriod, const char *zGroup,
               json_t **pResult, Err *e) {
  *pResult = NULL;
  if (zGroup && *zGroup && strcmp(zGroup, "all") != 0) {
    int ok = 0;
    for (int g = 0; g < N_GROUP; g++) ok |= group_wanted(zGroup, g);
    if (!ok) {
      return err_set(e, LUOSHI_EINVAL, "'%s' is not a unit group (departments, cities, counties, "
                     "others or all)", zGroup);
    }
  }
  AssessPeriod p, prev;
  int rc = assess_period_parse(zPeriod, &p, e);
  if (rc) return rc;
  assess_period_parse(p.zPrev, &prev, NULL);
  Scoring sc, sp;
  rc = score_period(s, rs, &p, 1, &sc, e);
  if (rc == 0) rc = score_period(s, rs, &prev, 0, &sp, e);
  if (rc) {
    scoring_free(&sc);
    scoring_free(&sp);
    return rc;
  }
  Unit **ap = rank_units(&sc);
  Unit **apPrev = rank_units(&sp);
  json_t *res = json_object();
  json_object_set_new(res, "period", json_string(p.zName));
  json_object_set_new(res, "from", json_string(p.zFrom));
  json_object_set_new(res, "to", json_string(p.zTo));
  json_object_set_new(res, "previous", json_string(p.zPrev));
  json_object_set_new(res, "rules", json_pack("{s:s, s:s}", "version", rs->zVersion, "sha256",
                                              rs->zSha256));
  json_t *groups = json_array();
  json_object_set_new(res, "groups", groups);
  for (size_t i = 0; i < sc.n;) {
    size_t j = i;
    while (j < sc.n && ap[j]->group == ap[i]->group) j++;
    int g = ap[i]->group;
    if (!group_wanted(zGroup, g)) {
      i = j;
      continue;
    }
    json_t *units = json_array(), *red = json_array(), *black = json_array();
    for (size_t k = i; k < j; k++) {
      Unit *u = ap[k];
      json_t *ju = json_object();
      json_object_set_new(ju, "unit", json_integer(u->id));
      json_object_set_new(ju, "name", json_string(u->zName));
      json_object_set_new(ju, "kind", json_string(u->zKind));
      json_object_set_new(ju, "rank", json_integer(u->rank));
      json_object_set_new(ju, "score", points_json(u->score));
      json_object_set_new(ju, "items", json_integer(u->nItem));
      json_object_set_new(ju, "list", json_string(u->list > 0 ? "red" : u->list < 0 ? "black" : ""));
      if (u->list > 0) json_array_append_new(red, json_string(u->zName));
      if (u->list < 0) json_array_append_new(black, json_string(u->zName));
      const Unit *pu = NULL;
      if ((size_t)u->id < sp.nIdx && sp.aIdx[u->id]) pu = &sp.a[sp.aIdx[u->id] - 1];
      if (pu && pu->group == u->group) {
        json_object_set_new(ju, "previous", json_pack("{s:o, s:i}", "score", points_json(pu->score),
                                                      "rank", pu->rank));
        json_object_set_new(ju, "change", json_pack("{s:o, s:i}", "score",
                                                    points_json(u->score - pu->score), "rank",
                                                    pu->rank - u->rank));
      } else {
        json_object_set_new(ju, "previous", json_null());
        json_object_set_new(ju, "change", json_null());
      }
      json_t *comps = json_array(), *lines = json_array();
      for (int r = 0; r < rs->n; r++) {
        const AssessRule *rule = &rs->a[r];
        if (first_of_component(rs, r)) {
          long raw, capped, cap = cap_of(rs, rule->zComponent);
          component_points(rs, u, rule->zComponent, &raw, &capped);
          json_t *jc = json_pack("{s:s, s:o, s:o}", "component", rule->zComponent, "points",
                                 points_json(capped), "raw", points_json(raw));
          json_object_set_new(jc, "cap", cap >= 0 ? points_json(cap) : json_null());
          json_array_append_new(comps, jc);
        }
        if (!u->aCount[r]) continue;
        json_t *jl = json_pack("{s:s, s:s, s:s, s:o, s:I, s:o}", "rule", rule->zName, "component",
                               rule->zComponent, "says", rule->zSays, "each",
                               points_json(rule->points), "count", (json_int_t)u->aCount[r],
                               "points", points_json(rule->points * u->aCount[r]));
        json_object_set(jl, "facts", u->aFacts[r] ? u->aFacts[r] : json_array());
        if (!u->aFacts[r]) json_decref(json_object_get(jl, "facts"));
        json_array_append_new(lines, jl);
      }
      json_object_set_new(ju, "components", comps);
      json_object_set_new(ju, "lines", lines);
      json_object_set(ju, "exempt", u->exempt ? u->exempt : json_array());
      if (!u->exempt) json_decref(json_object_get(ju, "exempt"));
      json_array_append_new(units, ju);
    }
    json_array_append_new(groups, json_pack("{s:s, s:o, s:o, s:o}", "group", azGroup[g], "units",
                                            units, "red", red, "black", black));
    i = j;
  }
  free(ap);
  free(apPrev);
  scoring_free(&sc);
  scoring_free(&sp);
  *pResult = res;
  return 0;
}

char *assess_dumps(json_t *result) {
  return json_dumps(result, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
}

/* A score as text: 97.5, 100, -2.25. */
static void put_points(Buf *out, json_t *j, int sign) {
  double v = json_number_value(j);
  long h = lround(v * 100);
  const char *zSign = h < 0 ? "-" : sign && h > 0 ? "+" : "";
  long a = labs(h);
  if (a % 100 == 0) buf_printf(out, "%s%ld", zSign, a / 100);
  else if (a % 10 == 0) buf_printf(out, "%s%ld.%ld", zSign, a / 100, (a % 100) / 10);
  else buf_printf(out, "%s%ld.%02ld", zSign, a / 100, a % 100);
}

void assess_print(json_t *res, Buf *out) {
  json_t *rules = json_object_get(res, "rules");
  buf_printf(out, "assessment %s (%s to %s), rules %s; compared with %s\n",
             json_string_value(json_object_get(res, "period")),
             json_string_value(json_object_get(res, "from")),
             json_string_value(json_object_get(res, "to")),
             json_string_value(json_object_get(rules, "version")),
             json_string_value(json_object_get(res, "previous")));
  size_t gi;
  json_t *g;
  json_array_foreach(json_object_get(res, "groups"), gi, g) {
    buf_printf(out, "\n== %s\n", json_string_value(json_object_get(g, "group")));
    size_t ui;
    json_t *u;
    json_array_foreach(json_object_get(g, "units"), ui, u) {
      const char *zList = json_string_value(json_object_get(u, "list"));
      buf_printf(out, "%3d  ", (int)json_integer_value(json_object_get(u, "rank")));
      put_points(out, json_object_get(u, "score"), 0);
      json_t *ch = json_object_get(u, "change");
      if (json_is_object(ch)) {
        buf_puts(out, " (");
        put_points(out, json_object_get(ch, "score"), 1);
        long dr = (long)json_integer_value(json_object_get(ch, "rank"));
        buf_printf(out, ", rank %s%ld)", dr > 0 ? "+" : "", dr);
      } else {
        buf_puts(out, " (new)");
      }
      buf_printf(out, "  %s%s  %lld items\n", json_string_value(json_object_get(u, "name")),
                 strcmp(zList, "red") == 0 ? "  [红榜]" : strcmp(zList, "black") == 0 ? "  [黑榜]" : "",
                 (long long)json_integer_value(json_object_get(u, "items")));
      size_t li;
      json_t *l;
      json_array_foreach(json_object_get(u, "lines"), li, l) {
        buf_printf(out, "       %-16s ", json_string_value(json_object_get(l, "rule")));
        put_points(out, json_object_get(l, "each"), 1);
        buf_printf(out, " x %lld = ", (long long)json_integer_value(json_object_get(l, "count")));
        put_points(out, json_object_get(l, "points"), 1);
        buf_printf(out, "  %s:", json_string_value(json_object_get(l, "says")));
        size_t fi;
        json_t *fa;
        json_t *facts = json_object_get(l, "facts");
        json_array_foreach(facts, fi, fa) {
          if (fi == 10) {
            buf_printf(out, " … (%zu more)", json_array_size(facts) - fi);
            break;
          }
          buf_printf(out, " %s", json_string_value(json_object_get(fa, "number")));
          json_t *rep = json_object_get(fa, "report");
          if (rep) buf_printf(out, "(report %lld)", (long long)json_integer_value(rep));
        }
        buf_putc(out, '\n');
      }
      size_t xi;
      json_t *x;
      json_array_foreach(json_object_get(u, "exempt"), xi, x) {
        buf_printf(out, "       exempt: %s (容错 request %lld)\n",
                   json_string_value(json_object_get(x, "number")),
                   (long long)json_integer_value(json_object_get(x, "request")));
      }
    }
  }
}

int assess_save(Store *s, const char *zActor, const AssessRules *rs, json_t *result,
                long long *pId, Err *e) {
  char *z = assess_dumps(result);
  StoreAssessment a = {0, json_string_value(json_object_get(result, "period")), rs->zVersion,
                       rs->zSha256, z, NULL, NULL};
  int rc = store_assessment_save(s, zActor, &a, pId, e);
  free(z);
  return rc;
}
