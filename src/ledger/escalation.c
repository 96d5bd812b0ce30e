/*
** Escalation: the ladder, and the notices it writes to the outbox (see escalation.h).
*/
#include "escalation.h"

#include "../base/buf.h"
#include "../base/data.h"
#include "../base/mem.h"
#include "../extract/tsv.h"
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Step {
  int level;
  char zStep[24];
  int rank;              /* the least colour it applies to: 0 red, 1 yellow, 2 blue */
  long days;
  char zSays[96];
} Step;

typedef struct Ladder {
  Step a[16];
  int n;
  char zVersion[32];
} Ladder;

static int colour_rank(const char *z) {
  return strcmp(z, "red") == 0 ? 0 : strcmp(z, "yellow") == 0 ? 1 : strcmp(z, "blue") == 0 ? 2 : -1;
}

static int parse_ladder(Ladder *l, const char *z, size_t n, Err *e) {
  memset(l, 0, sizeof *l);
  TsvIter it;
  TsvRow r;
  tsv_init(&it, z, n);
  while (tsv_next(&it, &r)) {
    if (tsv_eq(&r, 0, "version")) {
      tsv_copy(l->zVersion, sizeof l->zVersion, &r, 1);
      continue;
    }
    char zColour[16];
    tsv_copy(zColour, sizeof zColour, &r, 2);
    if (r.nField < 5 || l->n >= 16 || tsv_int(&r, 0) <= 0 || colour_rank(zColour) < 0 ||
        tsv_int(&r, 3) < 0) {
      return err_set(e, LUOSHI_EINVAL, "rules/escalation.tsv line %d: a step has a level (1, 2 "
                                       "…), a name, a colour (red, yellow, blue), days and words",
                     r.line);
    }
    Step *s = &l->a[l->n++];
    s->level = tsv_int(&r, 0);
    tsv_copy(s->zStep, sizeof s->zStep, &r, 1);
    s->rank = colour_rank(zColour);
    s->days = tsv_int(&r, 3);
    tsv_copy(s->zSays, sizeof s->zSays, &r, 4);
  }
  if (!l->zVersion[0]) snprintf(l->zVersion, sizeof l->zVersion, "unversioned");
  return 0;
}

static int load_ladder(Ladder *l, Err *e) {
  size_t n = 0;
  const char *z = data_get("rules/escalation.tsv", &n);
  if (!z) {
    memset(l, 0, sizeof *l);
    return err_set(e, LUOSHI_ENOTFOUND, "the ladder file rules/escalation.tsv is missing");
  }
  return parse_ladder(l, z, n, e);
}

int escalation_ladder_parse(const char *z, size_t n, int *pnStep, char zVersionOut[32], Err *e) {
  Ladder l;
  int rc = parse_ladder(&l, z, n, e);
  if (pnStep) *pnStep = l.n;
  if (zVersionOut) snprintf(zVersionOut, 32, "%s", l.zVersion);
  return rc;
}

/* The first characters of z, at most nMax bytes, cut on a character boundary, "…" if cut. */
static void put_cut(Buf *b, const char *z, size_t nMax) {
  size_t n = strlen(z);
  if (n <= nMax) {
    buf_puts(b, z);
    return;
  }
  size_t k = nMax;
  while (k > 0 && ((unsigned char)z[k] & 0xC0) == 0x80) k--;
  buf_append(b, z, k);
  buf_puts(b, "…");
}

typedef struct Run {
  const Ladder *l;
  long asOf;
  const char *zAsOf;
  int nItem;
  int nUnassigned;       /* warned items without a lead unit: no one to address */
  StoreNotice *a;
  size_t n, cap;
  Buf strings;           /* per notice: subject, body, since; NUL-separated */
  size_t *aOff;          /* per notice: the three offsets in strings */
} Run;

static int on_episode(void *ctx, const StoreEpisode *ep) {
  Run *run = ctx;
  run->nItem++;
  if (!ep->unitId) {
    run->nUnassigned++;
    return 0;
  }
  int rank = colour_rank(ep->zColour);
  long days = run->asOf - calendar_day(ep->zSince);
  const Step *best = NULL;
  for (int k = 0; k < run->l->n; k++) {
    const Step *s = &run->l->a[k];
    if (rank <= s->rank && days >= s->days && (!best || s->level > best->level)) best = s;
  }
  if (!best) return 0;
  MEM_GROW(run->a, run->cap, run->n + 1);
  run->aOff = xrealloc(run->aOff, sizeof(size_t) * 3 * (run->n + 1));
  StoreNotice *t = &run->a[run->n];
  memset(t, 0, sizeof *t);
  t->itemId = ep->itemId;
  t->unitId = ep->unitId;
  t->zStep = best->zStep;
  t->level = best->level;
  t->zColour = ep->zColour;
  t->zAsOf = run->zAsOf;
  t->zLadder = run->l->zVersion;
  /* the episode's strings end with the callback: copy what the notice keeps */
  Buf *b = &run->strings;
  size_t *aOff = &run->aOff[3 * run->n];
  aOff[0] = b->n;
  buf_printf(b, "【%s】第%s项：", best->zSays, ep->zNumber);
  put_cut(b, ep->zText, 60);
  buf_putc(b, 0);
  aOff[1] = b->n;
  const char *zColour = rank == 0 ? "红色" : rank == 1 ? "黄色" : "蓝色";
  buf_printf(b, "%s：\n\n", ep->zUnit);
  if (days > 0) {
    buf_printf(b, "你单位牵头的第%s项任务自%s起持续处于%s预警，至%s已%ld天。", ep->zNumber,
               ep->zSince, zColour, run->zAsOf, days);
  } else {
    buf_printf(b, "你单位牵头的第%s项任务于%s出现%s预警。", ep->zNumber, run->zAsOf, zColour);
  }
  buf_printf(b, "本期预警：\n%s\n\n任务内容：", ep->zMessages);
  put_cut(b, ep->zText, 600);
  buf_printf(b, "\n\n请按要求抓紧推进并报送进展。（%s，第%d级，升级规则版本%s）\n", best->zSays,
             best->level, run->l->zVersion);
  buf_putc(b, 0);
  aOff[2] = b->n;
  buf_puts(b, ep->zSince);
  buf_putc(b, 0);
  run->n++;
  return 0;
}

int escalation_run(Store *s, const Actor *a, const char *zAsOf, int *pnItem, int *pnUnassigned,
                   int *pnNew, char zVersion[32], Err *e) {
  *pnItem = *pnUnassigned = *pnNew = 0;
  int rc = auth_supervise(a, e);
  if (rc) return rc;
  long asOf = calendar_day(zAsOf);
  if (asOf < 0) return err_set(e, LUOSHI_EINVAL, "'%s' is not a date YYYY-MM-DD", zAsOf);
  Ladder l;
  rc = load_ladder(&l, e);
  if (rc) return rc;
  snprintf(zVersion, 32, "%s", l.zVersion);
  Run run;
  memset(&run, 0, sizeof run);
  run.l = &l;
  run.asOf = asOf;
  run.zAsOf = zAsOf;
  rc = store_episodes(s, zAsOf, on_episode, &run, e);
  if (rc == 0) {
    for (size_t i = 0; i < run.n; i++) {
      run.a[i].zSubject = run.strings.a + run.aOff[3 * i];
      run.a[i].zBody = run.strings.a + run.aOff[3 * i + 1];
      run.a[i].zSince = run.strings.a + run.aOff[3 * i + 2];
    }
    rc = store_notices_add(s, a->zLogin, run.a, (int)run.n, pnNew, e);
  }
  *pnItem = run.nItem;
  *pnUnassigned = run.nUnassigned;
  free(run.a);
  free(run.aOff);
  buf_free(&run.strings);
  return rc;
}
