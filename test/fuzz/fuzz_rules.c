/*
** Fuzz target for the parsers of the rules files in data/rules/ (versioned text an office
** edits): the first byte of the input picks the parser and the rest is the file —
**   'w' warnings.tsv   warnings_rules_parse (src/ledger/warnings.c)
**   'e' escalation.tsv escalation_ladder_parse (src/ledger/escalation.c)
**   's' scoring.tsv    assess_rules_parse (src/ledger/assess.c)
**   't' tolerance.tsv  the TSV iterator walked as request_tolerance (src/ledger/requests.c) walks
**                      it: keys into a JSON object, then a claims list checked against them
** any other first byte hands the whole input to all four. Pure: no files, no database.
** Built and run by test/fuzz/run.sh.
*/
#include "base/err.h"
#include "extract/tsv.h"
#include "ledger/assess.h"
#include "ledger/escalation.h"
#include "ledger/warnings.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void list_item(void *ctx, const char *z, size_t n) {
  size_t *p = ctx;
  *p += n + (z[0] != 0);
}

/* rules/tolerance.tsv as request_tolerance and page__tolerance_checklist read it. */
static void tolerance(const char *z, size_t n) {
  json_t *check = json_object();
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (r.nField < 2) continue;
    char zKey[64], zText[256];
    tsv_copy(zKey, sizeof zKey, &r, 0);
    tsv_copy(zText, sizeof zText, &r, 1);
    json_object_set_new(check, zKey, json_boolean(strcmp(zKey, "policy") == 0));
    size_t nItem = 0;
    tsv_split_list(r.az[1], r.an[1], list_item, &nItem);
    (void)tsv_int(&r, 1);
  }
  char *zJson = json_dumps(check, JSON_COMPACT | JSON_SORT_KEYS);
  free(zJson);
  json_decref(check);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *z = (const char *)data + 1;
  size_t n = size - 1;
  int which = data[0];
  if (!strchr("west", which) || which == 0) {
    z = (const char *)data;
    n = size;
    which = 0;
  }
  Err e;
  char zVersion[32];
  int nRule = 0;
  if (which == 'w' || which == 0) {
    err_clear(&e);
    warnings_rules_parse(z, n, &nRule, zVersion, &e);
  }
  if (which == 'e' || which == 0) {
    err_clear(&e);
    escalation_ladder_parse(z, n, &nRule, zVersion, &e);
  }
  if (which == 's' || which == 0) {
    AssessRules *r = malloc(sizeof *r);
    err_clear(&e);
    assess_rules_parse(z, n, "rules/scoring.tsv", r, &e);
    free(r);
  }
  if (which == 't' || which == 0) tolerance(z, n);
  return 0;
}
