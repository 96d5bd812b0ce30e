/*
** Assessment (考核评价): scores for the units by the rules of data/rules/scoring.tsv (a
** versioned data file an office edits, not code), rankings by unit group, the red and black
** lists (红黑榜), and the comparison with the previous period.
**
** A unit is scored on the ledger items it leads; each score is the base plus, per component,
** the points of its rule lines (each capped), and breaks down into the rule lines and the facts
** behind them (item ids, report ids, request ids). The score reads only the ledger and the rules
** file, judged as at the period's last day: the same ledger and rules give the same result,
** byte for byte (no clock, fixed order). The rule lines are explained in scoring.tsv itself.
** Scoring is pure over the facts store_assess_facts gives; the store is touched only to read
** them (and by assess_save).
*/
#ifndef LUOSHI_LEDGER_ASSESS_H
#define LUOSHI_LEDGER_ASSESS_H

#include "../store/store.h"

#include <jansson.h>

#define ASSESS_MAX_RULE 64
#define ASSESS_MAX_CAP 16

typedef enum AssessCond {
  ASSESS_DONE_ON_TIME,
  ASSESS_DONE_AHEAD,
  ASSESS_DONE_LATE,
  ASSESS_OVERDUE,
  ASSESS_BEHIND,
  ASSESS_NO_REPORT,
  ASSESS_REPORT_LATE,
  ASSESS_REPORT_RETURNED,
  ASSESS_TARGET_MET,
  ASSESS_TARGET_BEHIND,
  ASSESS_WARNED,
  ASSESS_ESCALATED
} AssessCond;

/* A rule line: points for each fact of a condition. Points are in hundredths (-2 is -200). */
typedef struct AssessRule {
  char zName[32];
  char zComponent[32];
  AssessCond cond;
  long param;            /* days, points, percent, level; warned: 0 red, 1 yellow */
  long points;           /* hundredths of a point, signed */
  char zSays[128];
  int line;              /* its line in the rules file */
} AssessRule;

typedef struct AssessCap {
  char zComponent[32];
  long cap;              /* hundredths */
} AssessCap;

typedef struct AssessRules {
  char zVersion[32];
  char zSha256[65];      /* of the rules file's bytes */
  long base;             /* hundredths */
  AssessRule a[ASSESS_MAX_RULE];
  int n;
  AssessCap aCap[ASSESS_MAX_CAP];
  int nCap;
  int redTop;            /* 0: no red list */
  int blackBottom;       /* 0: none by rank */
  int hasBlackBelow;
  long blackBelow;       /* hundredths */
  int exemptTolerance;
} AssessRules;

/* Parse rules file z[0..n), named zName in messages, into *r. LUOSHI_EINVAL with a message
** naming the file and the line for a bad line; *r is then partly filled. */
int assess_rules_parse(const char *z, size_t n, const char *zName, AssessRules *r, Err *e);
/* Load rules/scoring.tsv (the --data-dir / LUOSHI_DATA override, else the embedded copy). */
int assess_rules_load(AssessRules *r, Err *e);

/* A period: a month 2019-03, a quarter 2019Q1 or a year 2019. */
typedef struct AssessPeriod {
  char zName[16];
  char zPrev[16];        /* the period before it, of the same kind */
  char zFrom[11], zTo[11];
  int firstMonth, lastMonth; /* as year*12 + month - 1 */
  char zCounted[512];    /* JSON arrays, see StoreAssessPeriod */
  char zOverlap[512];
} AssessPeriod;

/* Parse z into *p: 0, or LUOSHI_EINVAL with a message. */
int assess_period_parse(const char *z, AssessPeriod *p, Err *e);

/* Score every unit for period zPeriod, ranking within unit groups (zGroup: department, city,
** county, other, or NULL / "all" for every group), compared with the previous period. The
** result (the caller's, json_decref) is what `luoshi assess --json` prints: {"period", "from",
** "to", "previous", "rules": {"version","sha256"}, "groups": [{"group", "units": [{"unit",
** "name", "kind", "rank", "score", "items", "list": "red"|"black"|"", "previous": {"score",
** "rank"}|null, "change": {"score","rank"}|null, "components": […], "lines": [{"rule",
** "component", "says", "points", "count", "facts": [{"item","number",…}]}], "exempt": […]}],
** "red": [names], "black": [names]}]}. Scores are numbers with at most two decimals. */
int assess_run(Store *s, const AssessRules *r, const char *zPeriod, const char *zGroup,
               json_t **pResult, Err *e);

/* The result as text: the rankings and each unit's lines, one table per group. */
void assess_print(json_t *result, Buf *out);

/* Save result (as assess_run made it) with the rules' version and hash, audited; *pId its id. */
int assess_save(Store *s, const char *zActor, const AssessRules *r, json_t *result,
                long long *pId, Err *e);

/* The JSON text assess_run's result is printed and saved as (the caller frees it). */
char *assess_dumps(json_t *result);

#endif
