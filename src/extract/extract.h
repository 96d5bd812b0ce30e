/*
** Extract: from a structured Doc to tasks, targets, deliverables, places and units.
**
** extract_run() reads every paragraph of a Doc sentence by sentence. A sentence's clauses are
** grouped into directives (a new directive starts at a clause that opens with an action verb,
** a "支持X…" phrase, a place acting as subject, or a dated target); each directive becomes a
** Task, typed from its wording, with the document it orders issued (one Task per document when
** a sentence orders two), its quantitative and qualitative targets, the places and zones it
** names (and the acting place of "支持X建设…"), the units the text assigns it, and the units
** the department lexicon suggests. Every Task and Target keeps its byte range in its block's
** text, which doc.h maps back to the source. Pure: no I/O, no database.
*/
#ifndef LUOSHI_EXTRACT_EXTRACT_H
#define LUOSHI_EXTRACT_EXTRACT_H

#include "../text/doc.h"
#include "gazetteer.h"

#include <stdint.h>
#include "lexicon.h"
#include "words.h"

typedef enum TaskKind {
  TASK_OTHER = 0,
  TASK_DELIVERABLE,   /* issue a document: 出台…意见 */
  TASK_PROJECT,       /* build something: 建设…机场 */
  TASK_REFORM,        /* reform or pilot: …改革, …试点 */
  TASK_CAMPAIGN,      /* a campaign: 开展…行动, 专项治理 */
  TASK_INSTITUTION,   /* set up a mechanism: 建立健全…机制 */
  TASK_SUPPORT,       /* support an actor: 支持绵阳建设… */
  TASK_TARGET         /* reach a target: 到2022年…达到… */
} TaskKind;
#define TASK_KIND_COUNT 8

/* A place named in a block: a gazetteer hit in block-text coordinates. */
typedef PlaceHit PlaceRef;

typedef struct Target {
  int id;              /* 1-based */
  int task;            /* id of its task */
  int block;           /* id of its block */
  uint32_t iStart, iEnd; /* range in the block's text */
  char *zMetric;       /* what is measured ("服务业占比"), or NULL */
  double value;        /* the number, when hasValue */
  int hasValue;
  char *zUnit;         /* "%", "公里", or NULL */
  const char *zComparator; /* ">=", "<=", ">", "<", "=", "~", "rank", "reach" */
  double tolerance;    /* for "~": half-width of the accepted band, in zUnit */
  int hasTolerance;
  char *zLevel;        /* qualitative level ("全国前列", "全国平均水平"), or NULL */
  int deadline;        /* year, or 0 */
  int horizonYears;    /* years from the decision, or 0 */
} Target;

/* Units and deadline an assignment note gives a task. */
typedef struct TaskUnits {
  char **azLead;       /* lead (牵头) */
  int nLead;
  char **azCooperating; /* cooperating (配合) */
  int nCooperating;
  char *zDeadline;     /* "2023年9月底前" (完成时限), or NULL */
  char *zProblem;      /* the inspection's finding (反馈问题) a rectification row answers, or NULL */
  char *zNumber;       /* a table row's own 序号 ("3-1", "十二-4"), or NULL */
  char *zLeader;       /* a table row's 责任领导, or NULL */
} TaskUnits;

/* The acting places of a support task ("支持成都、德阳共建…"), or its actor in words. */
typedef struct TaskActor {
  char *zName;         /* the actor as written ("成都、德阳", "高校") */
  int nCode;           /* acting places */
  int aCode[8];        /* their division codes */
} TaskActor;

/* What only some tasks have. */
typedef struct TaskMore {
  char *zDeliverable;      /* the document to issue, or NULL */
  const TaskUnits *pUnits; /* assigned by a note or a table row, or NULL */
  TaskActor *pActor;       /* support tasks: the actor, or NULL */
  const struct Finding *pFinding; /* a finding read from prose (findings.h), or NULL */
} TaskMore;

/* A task is kept small (48 bytes): a decision of a few hundred kilobytes has thousands of them,
** a benchmark corpus hundreds of thousands. What few tasks have hangs off pMore. */
typedef struct Task {
  int id;              /* 1-based, in document order */
  int block;           /* id of its block */
  uint32_t iStart, iEnd; /* range in the block's text (the directive's clauses) */
  uint32_t sentence;   /* index of its sentence in the block */
  uint32_t iHit;       /* its places and zones: hits [iHit, iHit+nHit) of its block */
  int iTarget;         /* its targets: aTarget[iTarget .. iTarget+nTarget) */
  uint16_t nHit;
  uint16_t nTarget;
  int16_t deadline;    /* year named in the task, its sentence or its note, or 0 */
  int16_t aSuggested[2];/* departments suggested from the wording (unit lexicon indexes), -1 */
  uint8_t kind;        /* a TaskKind */
  TaskMore *pMore;     /* or NULL */
} Task;

static inline const char *task_deliverable(const Task *t) {
  return t->pMore ? t->pMore->zDeliverable : NULL;
}
static inline const TaskUnits *task_units(const Task *t) {
  return t->pMore ? t->pMore->pUnits : NULL;
}
static inline const TaskActor *task_actor_of(const Task *t) {
  return t->pMore ? t->pMore->pActor : NULL;
}
/* The task's TaskMore, allocated in a on first use. */
TaskMore *task_more(Arena *a, Task *t);

typedef struct BlockPlaces {
  PlaceRef *a;         /* places named in the block, block-text coordinates */
  int n;
} BlockPlaces;

typedef struct Extraction {
  Arena arena;         /* owns everything below */
  Task *aTask;
  int nTask;
  Target *aTarget;
  int nTarget;
  BlockPlaces *aBlockPlaces;  /* one per block of the Doc, same order */
  int nBlock;
} Extraction;

/* Extract from d into x (which the call initialises). Never fails. */
void extract_run(const Doc *d, const Lexicons *lx, Extraction *x);
void extraction_free(Extraction *x);

const char *task_kind_name(TaskKind k);
/* Kind from its name, or -1. */
int task_kind_from_name(const char *z);

/* Parse the targets in z[0..nByte) (normalised text of one clause group); calls out for each
** with a Target whose iStart/iEnd are offsets in z and whose strings are allocated in a and
** taken from zOrig (the original text at the same offsets). Returns the number found. */
int targets_find(Arena *a, const char *z, const char *zOrig, size_t nByte,
                 void (*out)(void *, Target *), void *ctx);

/* What a caller already knows of the text z[0..nByte) it hands targets_find_known. */
typedef struct TargetsHint {
  size_t firstDigit;   /* offset of its first digit (words_skip_to_digit), nByte when none */
  int mayHaveWord;     /* 0 only when no word of targets_verbs, targets_level_verbs or
                       ** targets_scopes occurs in it */
} TargetsHint;

/* targets_find for a text that may hold a target (targets_possible) and that the caller has
** already looked through: the same targets, without scanning again for what pHint tells
** (which must be true of z). */
int targets_find_known(Arena *a, const char *z, const char *zOrig, size_t nByte,
                       const TargetsHint *pHint, void (*out)(void *, Target *), void *ctx);

/* The verbs that order a document (出台, 制定, 编制 …), the scopes of qualitative targets
** (全国, 西部 …), and the verbs a target starts with (达到, 控制在 …; 位居, 跻身 … before a
** level): a task's text without any of them needs no deliverable, level or verb search. */
extern WordList deliverables_verbs;
extern WordList targets_scopes;
extern WordList targets_verbs;
extern WordList targets_level_verbs;

/* Could z[0..nByte) hold a target at all (a number, or a scope word such as 全国)? */
int targets_possible(const char *z, size_t nByte);

/* Parse deliverables ordered in z[0..nByte) (normalised text): stores up to nMax names
** (allocated in a, taken from zOrig, the original text at the same offsets) in azOut and returns
** the count. "出台区域产业布局指导意见和引导目录" gives two. */
int deliverables_find(Arena *a, const char *z, const char *zOrig, size_t nByte, char **azOut,
                      int nMax);

#endif
