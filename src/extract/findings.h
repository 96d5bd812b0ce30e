/*
** Findings: an inspection's feedback written in prose (巡视/巡察反馈意见) read as a
** rectification ledger (整改台账).
**
** A feedback release lists the problems the inspection found ("巡视指出的主要问题：一是…；二是…",
** "（一）…方面存在的问题", "1．…方面：…", "问题一：…") and, usually, its recommendations
** ("巡视组提出以下意见建议：一要…；二要…"). findings_read() finds the enumerated problems in the
** blocks of a Doc and gives one Finding per problem: where the problem is written and the
** corrective task that answers it — the recommendation numbered in parallel, or one that shares
** its wording when the two lists differ in length, or the problem's own 要/整改 clause, or else
** a task luoshi drafts (FINDINGS_DRAFT) that the source does not write, flagged so that the
** office edits it. findings_apply() turns the findings into the tasks of an Extraction, each
** carrying its problem (TaskUnits.zProblem and the problem's range), so that the ledger makes
** rectification items from them as it does from a rectification table.
**
** Only enumerations introduced by words about problems (问题, 不足, 差距, 短板 …) count: a
** decision's "一是…二是…" lists are not findings. Enumerations inside a finding (its own
** "一是…二是…" under a "（一）" problem) are part of it. Pure: no I/O, no database.
*/
#ifndef LUOSHI_EXTRACT_FINDINGS_H
#define LUOSHI_EXTRACT_FINDINGS_H

#include "../text/doc.h"
#include "extract.h"

#include <stdint.h>

/* The task drafted for a problem that no recommendation answers. */
#define FINDINGS_DRAFT "针对该问题制定整改措施并抓好落实"

/* A range of text that may run over several blocks: from iStart in block blockFirst to iEnd
** in block blockLast (block ids, 1-based; offsets in the blocks' zText). */
typedef struct FindingRange {
  int blockFirst, blockLast;
  uint32_t iStart, iEnd;
} FindingRange;

typedef enum FindingTaskFrom {
  FINDING_RECOMMENDATION = 0, /* the recommendation with the same number (一要 for 一是) */
  FINDING_MATCHED,            /* a recommendation sharing the problem's wording (lists differ) */
  FINDING_CLAUSE,             /* the problem's own clause: "…，要…整改到位" */
  FINDING_DRAFTED             /* none written: FINDINGS_DRAFT */
} FindingTaskFrom;

typedef struct Finding {
  int number;            /* 1-based, in document order */
  char *zProblem;        /* the problem as one line (blocks joined), in the Finding's arena */
  FindingRange problem;  /* where it is written, enumerator and end marks left out */
  FindingTaskFrom from;  /* where the task comes from */
  FindingRange task;     /* the task's text, within one block; for FINDING_DRAFTED the first
                         ** block of the problem (the place the drafted task answers) */
} Finding;

typedef struct Findings {
  Arena arena;           /* owns zProblem strings */
  Finding *a;            /* xmalloc'd */
  int n;
  int nRecommendation;   /* items of the recommendation list used (0 if none) */
  int nUnused;           /* recommendations that answer no problem */
} Findings;

/* Read the findings of d into f (which the call initialises; free with findings_free). Returns
** the number of findings; 0 when the document lists no problems. Never fails. */
int findings_read(const Doc *d, Findings *f);
void findings_free(Findings *f);

/* Replace the tasks of x (extracted from d) by the findings of d: one task per finding, whose
** kind, deadline, suggested units, places and targets come from the extracted tasks its text
** covers, and whose TaskUnits carry the problem (zProblem, its range) and, for a drafted task,
** the drafted text (zDrafted). Recommendations answering no problem are noted as a diagnostic
** of d. Leaves x as it was and returns 0 when the document lists no problems; else returns the
** number of findings. */
int findings_apply(Doc *d, Extraction *x);

#endif
