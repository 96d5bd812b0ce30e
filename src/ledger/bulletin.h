/*
** Bulletin (督查通报): the periodic bulletin on how a decision is being carried out, in the
** customary form — title (关于…落实情况的通报, 第N期) and period; overall progress; progress by
** measure; items completed in the period; items behind with their lead units; warnings and
** escalations in the period by colour; the rankings and red and black lists of `assess` for the
** same period and rules; good practice noted by the office (paragraphs the office writes).
**
** bulletin_build gathers every fact once, through the store and assess_run, into one JSON
** object; the text (`luoshi bulletin`), the .docx (`--docx`) and the page (/bulletin) all
** render that object and compute nothing of their own. The ledger figures (status counts,
** behind, measures) are the ledger as it stands; completions, warnings and escalations are
** those within the period (items with a lead unit, as assess reads them).
*/
#ifndef LUOSHI_LEDGER_BULLETIN_H
#define LUOSHI_LEDGER_BULLETIN_H

#include "../base/buf.h"
#include "../store/store.h"
#include "assess.h"

#include <jansson.h>

/* Build the bulletin of period zPeriod (2019-03, 2019Q1, 2019) scored by rules r, with notes
** (an array of strings, borrowed, as bulletin_notes makes; or NULL for the notes stored for the
** period, see bulletin_notes.h). *pResult (the caller's): {"period", "from", "to",
** "number", "title", "document", "overall": {"items", "not_started", "in_progress",
** "completed", "closed", "behind", "on_schedule", "average_progress"}, "measures": [{"measure",
** "title", "items", "progress"}], "completed": [{"item", "number", "text", "unit", "report",
** "report_period"}], "behind": [{"item", "number", "text", "unit", "deadline", "progress"}],
** "warnings": {"red", "yellow", "blue", "escalated", "items": [{"item", "number", "unit",
** "colour", "on", "notice_level"}]}, "rankings": {"rules", "groups": [{"group", "units":
** [{"rank", "name", "score", "list"}], "red", "black"}]}, "notes": [...]}. */
int bulletin_build(Store *s, const AssessRules *r, const char *zPeriod, json_t *notes,
                   json_t **pResult, Err *e);

/* A writer of the bulletin: the one rendering (bulletin_render) says what goes where, in
** Chinese as the customary form has it; text, .docx and HTML each give these calls. Strings
** are raw text: each writer escapes for its format. */
typedef struct BulletinSink {
  void (*title)(void *, const char *);
  void (*subtitle)(void *, const char *);
  void (*heading)(void *, const char *);
  void (*para)(void *, const char *);
  void (*table_begin)(void *, int nCol, const char *const *azHead);
  void (*row)(void *, const char *const *azCell);
  void (*table_end)(void *);
  void *ctx;
} BulletinSink;
void bulletin_render(json_t *b, const BulletinSink *k);

/* The bulletin as plain text. */
void bulletin_print(json_t *b, Buf *out);

/* The bulletin as a .docx archive (its bytes appended to out). */
int bulletin_docx(json_t *b, Buf *out, Err *e);

/* A unit group's name in Chinese (department → 省直部门 …). */
const char *bulletin_group_name(const char *zGroup);

#endif
