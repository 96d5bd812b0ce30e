/*
** Store: the only interface to the database. All SQL of luoshi lives behind these functions.
**
** A Store is an open database, SQLite or PostgreSQL (src/store/db.h: every function here runs
** unchanged on both). Opening applies any pending forward-only migrations. Documents are saved from their document JSON (the
** contract of DESIGN.md), in one transaction: a failure leaves nothing behind. Values are
** always bound, never spliced into SQL text.
*/
#ifndef LUOSHI_STORE_STORE_H
#define LUOSHI_STORE_STORE_H

#include "../base/buf.h"
#include "../base/err.h"

#include <jansson.h>

typedef struct Store Store;

/* Open the database zPath and bring its schema up to date: an SQLite file (created if needed),
** or PostgreSQL for a "postgresql://…" URI or libpq keyword string. Errors name the database
** without its password. */
int store_open(const char *zPath, Store **pp, Err *e);
void store_close(Store *s);
/* zPath as it may be printed or logged: a PostgreSQL password becomes "***". Always
** NUL-terminates zOut (nOut > 0). */
void store_target_name(const char *zPath, char *zOut, size_t nOut);
/* One transaction around many changes (a sheet imported at once): between begin and end every
** store function's own transaction is a savepoint inside it, so end with rc != 0 (or a failed
** commit) leaves nothing of the batch behind. end returns the final rc (ROLLBACK when rc != 0).
** LUOSHI_EINVAL when a batch is open already. */
int store_batch_begin(Store *s, Err *e);
int store_batch_end(Store *s, int rc, Err *e);

/* The schema version the database is at. */
int store_schema_version(Store *s);
/* A number that grows with every change written to the database (the audit chain's last
** entry: every change is audited), for caches keyed on what is stored. 0 for none. */
long long store_change_counter(Store *s);

/* Save an imported document from its JSON, recording zActor's import in the audit chain. When
** a document with the same sha256 exists, nothing is written and *pbExisting is set to 1. *pId
** receives the document's id either way. */
int store_doc_save(Store *s, const char *zActor, json_t *doc, const char *zFileName,
                   long long *pId, int *pbExisting, Err *e);

/* store_doc_save of the document JSON of im (docjson.h), the same rows and text, built one
** element at a time instead of held as one tree: for large tables. With bRelease, im is freed
** (import_free) as soon as it is no longer needed; the caller's import_free is then harmless. */
struct Import;
int store_doc_save_import(Store *s, const char *zActor, struct Import *im, int bRelease,
                          const char *zFileName, long long *pId, int *pbExisting, Err *e);

/* A stored document's summary row. */
typedef struct StoreDocRow {
  long long id;
  const char *zSha256;
  const char *zTitle;
  const char *zFileName;
  const char *zFormat;
  const char *zEncoding;
  long long nChar;
  long long nTask;
  long long nTarget;
  const char *zImportedAt;
  const char *zKind;       /* "decision" or "inspection" (巡视反馈意见) */
} StoreDocRow;

/* Call x for each document (strings valid during the call). Stops early if x returns nonzero. */
int store_doc_list(Store *s, int (*x)(void *, const StoreDocRow *), void *ctx, Err *e);

/* Resolve DOC as the user wrote it (an id, or a sha256 prefix of at least 6 digits) to an id. */
int store_doc_resolve(Store *s, const char *zDoc, long long *pId, Err *e);

/* The stored document JSON of document id, appended to out. */
int store_doc_json(Store *s, long long id, Buf *out, Err *e);

/* Filter for store_task_list; NULL or 0 fields do not filter. */
typedef struct TaskFilter {
  const char *zKind;
  int measure;
  const char *zPlace;     /* a place name or six-digit code */
} TaskFilter;

typedef struct StoreTaskRow {
  long long id;
  const char *zKind;
  const char *zText;
  int measure;
  const char *zSection;
  const char *zDeliverable;
  int lineFirst, lineLast;
  const char *zPlaces;    /* names joined with 、 */
  const char *zLead;      /* JSON array */
  const char *zSuggested; /* JSON array */
  int deadline;           /* year, or 0 */
  const char *zCooperating; /* JSON array */
  const char *zActor;     /* support tasks: the actor as written, or NULL */
  const char *zDeadlineText; /* the deadline as a table row writes it, or NULL */
  const char *zProblem;   /* rectification tasks: the finding (反馈问题), or NULL */
  const char *zNumber;    /* a table row's own 序号 (3-1, 十二-4), or NULL (migration 20) */
  const char *zLeader;    /* a table row's 责任领导, or NULL */
} StoreTaskRow;

/* Call x for each task of document id that passes the filter, in order. */
int store_task_list(Store *s, long long id, const TaskFilter *f,
                    int (*x)(void *, const StoreTaskRow *), void *ctx, Err *e);

/* ---- the organisation ------------------------------------------------------------------- */

typedef struct StoreUnit {
  long long id;
  const char *zName;     /* unique */
  const char *zKind;     /* leadership, department, city, county, other */
  long long parentId;    /* 0 for a top unit */
  const char *zCode;     /* division code of a city or county, or "" */
  const char *zShort;    /* other written forms, comma-separated, or "" */
} StoreUnit;

/* Add a unit (u->id is ignored); *pId gets its id. LUOSHI_ECONFLICT for a duplicate name or a
** bad parent or kind. */
int store_unit_add(Store *s, const char *zActor, const StoreUnit *u, long long *pId, Err *e);
/* The unit with this name, division code or short name. LUOSHI_ENOTFOUND when none. */
int store_unit_find(Store *s, const char *zName, long long *pId, Err *e);
/* Call x for each unit, parents before children. */
int store_unit_list(Store *s, int (*x)(void *, const StoreUnit *), void *ctx, Err *e);
/* A unit's mail address for escalation notices (store_unit_email.c). set stores zEmail ("" or
** NULL clears it) and audits the change; LUOSHI_EINVAL unless it is a plausible address (one
** @ with text on both sides, no spaces, control characters, CR/LF, <, >, quotes or commas, at
** most 254 bytes), LUOSHI_ENOTFOUND for no such unit. get copies the address into zOut ("" when
** the unit has none); LUOSHI_ENOTFOUND for no such unit. */
int store_unit_email_set(Store *s, const char *zActor, long long unitId, const char *zEmail,
                         Err *e);
int store_unit_email_get(Store *s, long long unitId, char zOut[256], Err *e);
/* 1 when z is an address store_unit_email_set accepts (the same check, for other callers). */
int store_email_valid(const char *z);

typedef struct StorePerson {
  long long id;
  const char *zLogin;
  const char *zName;
  const char *zRole;          /* admin, supervisor, leader, reporter */
  long long unitId;           /* 0 for none */
  const char *zPasswordHash;  /* argon2id, as crypto_pwhash_str encodes it */
} StorePerson;

/* Add a person; the password hash is stored, never written to the audit trail. */
int store_person_add(Store *s, const char *zActor, const StorePerson *p, long long *pId, Err *e);
/* The person with this login; the strings of *p live in pStrings (appended to) until it
** changes. LUOSHI_ENOTFOUND when none. */
int store_person_get(Store *s, const char *zLogin, StorePerson *p, Buf *pStrings, Err *e);

/* ---- the ledger (台账) -------------------------------------------------------------------- */

typedef struct StoreItem {
  long long id;
  long long docId;
  long long taskId;          /* 0 for an item added by hand */
  const char *zNumber;       /* the office's numbering: 3-2 */
  const char *zText;
  const char *zKind;
  int measure;               /* 0 for none */
  const char *zStatus;       /* 未启动 推进中 已完成 已销号 滞后 (read only) */
  const char *zLeader;       /* responsible leader, or "" */
  long long leadUnitId;      /* 0 for none */
  const char *zLeadUnit;     /* its name (read only) */
  const char *zDeadline;     /* ISO date, or "" for 长期坚持 */
  const char *zCooperating;  /* names joined with 、 (read only), or NULL */
  int progress;              /* latest submitted or accepted progress, -1 when none (read only) */
  const char *zColour;       /* worst warning on the latest date computed, "" when none (r/o) */
  int isPublic;              /* shown on the public page (read only; see store_item_publish) */
  long long parentId;        /* the item it was split from, 0 for a top item (read only) */
  const char *zRecurrence;   /* its recurring deadline (store_item_recurrence_set's forms), ""
                             ** for none (read only; NULL where an item is filled by hand) */
} StoreItem;

/* Create the ledger of document docId from a[0..n) in one transaction (the read-only fields
** are ignored). LUOSHI_ECONFLICT when the document has a ledger already: nothing is written. */
int store_ledger_insert(Store *s, const char *zActor, long long docId, const StoreItem *a,
                        int n, Err *e);
/* Filter for store_ledger_list; 0 and NULL fields do not filter. */
typedef struct LedgerFilter {
  long long docId;           /* one document */
  long long unitId;          /* items led by this unit or a unit below it */
  const char *zStatus;       /* 未启动 推进中 已完成 已销号 滞后 */
  const char *zColour;       /* items with a warning of this colour on the latest date computed */
  const char *zBefore;       /* deadline on or before this ISO date */
  int measure;
  int all;                   /* 1: merged items too (they are left out otherwise) */
  const char *zKind;         /* task kind: deliverable, project … */
  const char *zSearch;       /* words to find in the item's text or number (Chinese-aware) */
  const char *zPlace;        /* a place (six-digit code or name): its source sentence names it
                                (a prefecture's code takes in its counties), or its lead unit
                                is that place's unit or below it (SQ_ITEM_IN_PLACE) */
  int publicOnly;            /* 1: only items marked public */
  long long itemId;          /* one item */
  const char *zSort;         /* NULL or "number": ledger order; "deadline", "progress",
                                "warning" (red first), "status" */
  int limit;                 /* at most this many (0: all), after skipping offset */
  int offset;
  long long reachUnitId;     /* scope: items led by this unit or below, or that it cooperates
                                on ... */
  const char *zReachLeader;  /* ... or whose responsible leader is this person; both unset: all */
} LedgerFilter;

/* Call x for each item that passes the filter (NULL: all), in order. */
int store_ledger_list(Store *s, const LedgerFilter *f, int (*x)(void *, const StoreItem *),
                      void *ctx, Err *e);
/* Rebuild the full-text index of the ledger from the items (after a bulk load made outside
** luoshi, which cannot keep the index itself). */
int store_search_rebuild(Store *s, Err *e);
/* How many items pass the filter (its sort, limit and offset are ignored). */
int store_ledger_count(Store *s, const LedgerFilter *f, long long *pN, Err *e);
/* Show item itemId on the public page (bPublic 1) or take it off (0), with an audit entry.
** LUOSHI_ENOTFOUND for an unknown item. */
int store_item_publish(Store *s, const char *zActor, long long itemId, int bPublic, Err *e);

/* A change of assignment: NULL / 0 fields are left as they are; nCooperating < 0 leaves the
** cooperating units, otherwise they are replaced by aCooperating[0..nCooperating). */
typedef struct StoreAssignment {
  const char *zLeader;
  long long leadUnitId;
  const char *zDeadline;
  const long long *aCooperating;
  int nCooperating;
} StoreAssignment;

/* Assign item itemId, recording before and after in the audit chain. LUOSHI_ENOTFOUND for an
** unknown item. */
int store_item_assign(Store *s, const char *zActor, long long itemId, const StoreAssignment *a,
                      Err *e);

/* Add an item by hand (no task) to the ledger of document docId, in one transaction with its
** audit entry. it->zText is required; it->zNumber NULL or "" numbers it after the ledger's last
** top-level item, in that item's group (3-25 is followed by 3-26, 十二-2 by 十二-3); it->zKind
** NULL or "" is "other" (else a task kind: deliverable, project …); it->zDeadline an ISO date,
** or NULL or "" for 长期坚持; other fields are ignored. *pId gets the new id, zNumber[64] its
** number. LUOSHI_EINVAL for a bad field, LUOSHI_ENOTFOUND when the document has no ledger,
** LUOSHI_ECONFLICT when the number is taken; nothing is written then. */
int store_item_add(Store *s, const char *zActor, long long docId, const StoreItem *it,
                   long long *pId, char zNumber[64], Err *e);
/* Change item itemId's text, number and kind (NULL: as it is), recording the three before and
** after in the audit chain. Its sub-items keep their numbers (see store_item_renumber).
** LUOSHI_EINVAL for a bad value, LUOSHI_ENOTFOUND for an unknown item, LUOSHI_ECONFLICT when
** another item of its document has the number; nothing changes then. */
int store_item_edit(Store *s, const char *zActor, long long itemId, const char *zText,
                    const char *zNumber, const char *zKind, Err *e);
/* Give item itemId number zNumber and its cascade sub-items (all levels) the same new prefix:
** with 3-6 renumbered 3-2, 3-6-1 becomes 3-2-1. A sub-item whose number does not begin with
** its ancestor's is left as it is. One transaction, one audit entry listing every number before
** and after. LUOSHI_EINVAL, LUOSHI_ENOTFOUND, or LUOSHI_ECONFLICT when a new number belongs to
** an item outside the subtree; nothing changes then. */
int store_item_renumber(Store *s, const char *zActor, long long itemId, const char *zNumber,
                        Err *e);
/* Merge items aOther[0..n) into item keepId: each gets merged_into = keepId (an audit entry
** each); keepId's text is unchanged and the reports and warnings of the others stay theirs.
** LUOSHI_EINVAL for merging an item into itself, across documents, or into a merged item;
** LUOSHI_ECONFLICT when one of aOther is merged already; LUOSHI_ENOTFOUND for an unknown item.
** Nothing changes on any error. Needs migration 007. */
int store_item_merge(Store *s, const char *zActor, long long keepId, const long long *aOther,
                     int n, Err *e);

/* ---- reports ------------------------------------------------------------------------------ */

typedef struct StoreReport {
  long long id;
  long long itemId;
  const char *zPeriod;       /* 2019-03 or 2019Q1 */
  long long unitId;          /* the reporting unit, 0 for none */
  int progress;              /* 0..100 */
  const char *zDone;         /* what was done */
  const char *zProblems;
  const char *zNext;         /* next steps */
  const char *zState;        /* draft, submitted, accepted, returned (read only) */
  const char *zReason;       /* why it was returned (read only) */
  int submissions;           /* times submitted (read only) */
  int nEvidence;             /* evidence files (read only) */
  int late;                  /* first submitted after its due date (read only) */
} StoreReport;

/* The lead unit of item itemId (0 for none). LUOSHI_ENOTFOUND for an unknown item. */
int store_item_get(Store *s, long long itemId, long long *pLeadUnit, Err *e);
/* Is unitId a cooperating unit of itemId? 1 yes, 0 no, LUOSHI_EIO when the database could not
** tell (callers must not read that as "no": an outage is not a refusal). */
int store_item_cooperates(Store *s, long long itemId, long long unitId);
/* Is unitId ancestorId or below it in the unit tree? 1, 0 or LUOSHI_EIO as above. */
int store_unit_within(Store *s, long long unitId, long long ancestorId);

/* Create or edit the report of r->itemId, r->zPeriod and r->unitId (editable while a draft or
** returned; LUOSHI_ECONFLICT otherwise). *pId gets its id. */
int store_report_save(Store *s, const char *zActor, const StoreReport *r, long long *pId,
                      Err *e);
/* Read report reportId; its strings are appended to pStrings and valid until it changes. */
int store_report_get(Store *s, long long reportId, StoreReport *r, Buf *pStrings, Err *e);
/* Move a report from state zFrom1 (or zFrom2, if not NULL) to zTo, with a reason for a return.
** LUOSHI_ECONFLICT, and nothing changed, when it is in another state. */
int store_report_move(Store *s, const char *zActor, long long reportId, const char *zFrom1,
                      const char *zFrom2, const char *zTo, const char *zReason, Err *e);
/* Attach evidence (stored whole, with its SHA-256) to a draft or returned report. */
int store_evidence_add(Store *s, const char *zActor, long long reportId, const char *zName,
                       const void *pData, size_t nByte, const char *zSha256, Err *e);
/* Call x for each report of item itemId (0: of every item). */
int store_report_list(Store *s, long long itemId, int (*x)(void *, const StoreReport *),
                      void *ctx, Err *e);

/* ---- warnings ----------------------------------------------------------------------------- */

/* What the warning rules read about an item. */
typedef struct StoreItemFacts {
  long long id;
  const char *zNumber;
  long long leadUnitId;
  const char *zDeadline;     /* ISO date or "" */
  const char *zStart;        /* ISO date the item entered the ledger */
  const char *zStatus;
  int lastProgress;          /* latest submitted or accepted progress, -1 when none */
  int reportedInMonth;       /* a submitted or accepted report for the month asked about */
  int reportedInQuarter;     /* ... for the quarter asked about */
  const char *zCycle;        /* its report cycle: month, quarter, or "" for the rules' default */
  int reportDay;             /* day of the period's last month the report is due, 0: last day */
  const char *zMilestoneDue; /* the earliest milestone not yet reached: its date, or "" */
  const char *zMilestoneTitle;
  const char *zRecurrence;   /* its recurring deadline (store_item_recurrence_set), "" for none */
  const char *zLastDue;      /* recurring: the latest due date before the date asked about */
  const char *zNextDue;      /* recurring: the first due date on or after it ("" both if not) */
  int reportedLastMonth;     /* recurring: a submitted or accepted report for the month ... */
  int reportedLastQuarter;   /* ... or the quarter that holds zLastDue */
  int reportedNextMonth;     /* ... for the month or the quarter that holds zNextDue */
  int reportedNextQuarter;
} StoreItemFacts;

/* Call x with the facts of every ledger item, for date zAsOf (YYYY-MM-DD: the recurring
** deadlines' occurrences around it), its month zMonth (2019-03) and quarter zQuarter (2019Q1). */
int store_item_facts(Store *s, const char *zAsOf, const char *zMonth, const char *zQuarter,
                     int (*x)(void *, const StoreItemFacts *), void *ctx, Err *e);

typedef struct StoreWarning {
  long long itemId;
  const char *zRule;         /* the rule that fired */
  const char *zColour;       /* red, yellow, blue */
  const char *zMessage;
  const char *zData;         /* JSON: the facts it used */
  const char *zVersion;      /* the rules' version (read only) */
  const char *zAsOf;         /* (read only) */
  const char *zNumber;       /* the item's number (read only) */
} StoreWarning;

/* Replace the warnings of date zAsOf with a[0..n), computed by rules version zVersion. */
int store_warnings_replace(Store *s, const char *zActor, const char *zAsOf,
                           const char *zVersion, const StoreWarning *a, int n, Err *e);
/* Call x for each warning of zAsOf (NULL: the latest date computed), zColour (NULL: all),
** red first. */
int store_warning_list(Store *s, const char *zAsOf, const char *zColour,
                       int (*x)(void *, const StoreWarning *), void *ctx, Err *e);

/* ---- requests, decisions, accountability -------------------------------------------------- */

typedef struct StoreItemState {
  char zDeadline[16];        /* ISO date or "" */
  char zStatus[16];
  char zVerdict[24];
  int nEvidence;             /* evidence files on the item's reports */
  long long lastEvidenceReport; /* the latest report holding evidence, 0 for none */
} StoreItemState;

/* The state of item itemId. LUOSHI_ENOTFOUND for an unknown item. */
int store_item_state(Store *s, long long itemId, StoreItemState *st, Err *e);

typedef struct StoreRequest {
  long long id;
  long long itemId;
  const char *zKind;         /* extension, closeout, tolerance */
  const char *zState;        /* pending, approved, rejected (read only) */
  long long unitId;
  const char *zNewDeadline;  /* extension */
  const char *zPeriod;       /* tolerance */
  const char *zReason;
  const char *zChecklist;    /* tolerance: JSON */
  long long evidenceReport;  /* close-out */
} StoreRequest;

/* Add a request; LUOSHI_ECONFLICT when one of its kind is pending for the item. */
int store_request_add(Store *s, const char *zActor, const StoreRequest *r, long long *pId,
                      Err *e);
/* Read request id; strings appended to pStrings. */
int store_request_get(Store *s, long long id, StoreRequest *r, Buf *pStrings, Err *e);
/* Approve or reject a pending request, with its effect in the same transaction: an approved
** extension moves the deadline; an approved close-out sets 已销号 and the verdict. */
int store_request_decide(Store *s, const char *zActor, long long id, int approve,
                         const char *zNote, const char *zVerdict, Err *e);
/* Reopen a completed or closed item (推进中, verdict cleared). */
int store_item_reopen(Store *s, const char *zActor, long long itemId, const char *zReason,
                      Err *e);
/* Record an accountability measure (提醒谈话, 约谈, 通报, 问责) on an item. */
int store_accountability_add(Store *s, const char *zActor, long long itemId, const char *zKind,
                             long long unitId, const char *zPerson, const char *zReason,
                             long long *pId, Err *e);

/* ---- cascade (层层分解) --------------------------------------------------------------------- */

/* Split item parentId into n sub-items, led by units aUnit[0..n) with weights aWeight (NULL: all
** 1), numbered after the parent (3-6 gives 3-6-1, 3-6-2 …). */
int store_item_split(Store *s, const char *zActor, long long parentId, const long long *aUnit,
                     const double *aWeight, int n, Err *e);
/* Put item itemId, made already, under parentId of the same document as one of its sub-items
** (weight as it is), as ledger create does for a table row numbered under another (3-1-2 under
** 3-1); audited as a split of the parent. LUOSHI_ENOTFOUND when either is missing or they are
** of two documents. */
int store_item_parent_set(Store *s, const char *zActor, long long itemId, long long parentId,
                          Err *e);

typedef struct StoreNode {
  long long id;
  long long parentId;
  int depth;                 /* 0 for the root asked for */
  const char *zNumber;
  double weight;
  const char *zStatus;
  const char *zLeadUnit;
  int progress;              /* latest submitted or accepted progress, -1 when none */
  const char *zText;
} StoreNode;

/* Call x for item rootId and every item below it, sorted by number. LUOSHI_ENOTFOUND when the
** item does not exist. */
int store_item_subtree(Store *s, long long rootId, int (*x)(void *, const StoreNode *), void *ctx,
                       Err *e);

/* ---- milestones (节点) and report cycles ---------------------------------------------------- */

typedef struct StoreMilestone {
  long long id;
  long long itemId;
  const char *zNumber;       /* the item's number */
  const char *zDue;          /* ISO date */
  const char *zTitle;
  const char *zDoneOn;       /* ISO date reached, "" while open */
} StoreMilestone;

/* Add a milestone due on zDue (ISO date) to item itemId. LUOSHI_ENOTFOUND for an unknown item. */
int store_milestone_add(Store *s, const char *zActor, long long itemId, const char *zDue,
                        const char *zTitle, long long *pId, Err *e);
/* Record milestone id reached on zOn. LUOSHI_ENOTFOUND unless it exists and is open. */
int store_milestone_done(Store *s, const char *zActor, long long id, const char *zOn, Err *e);
/* The item milestone id belongs to. LUOSHI_ENOTFOUND for an unknown milestone. */
int store_milestone_item(Store *s, long long id, long long *pItemId, Err *e);
/* Call x for each milestone of item itemId (0: of every item), by item and date. */
int store_milestone_list(Store *s, long long itemId, int (*x)(void *, const StoreMilestone *),
                         void *ctx, Err *e);
/* Set item itemId's report cycle (month or quarter) and due day (1..28; 0: the period's last
** day). LUOSHI_ENOTFOUND for an unknown item. */
int store_item_cycle(Store *s, const char *zActor, long long itemId, const char *zCycle,
                     int dueDay, Err *e);
/* An item's recurring deadline (store_recurrence.c; needs migration 015): "year:MM-DD" (every
** year by that day: 每年年底前 is year:12-31), "half" (by 06-30 and 12-31), "quarter" (by each
** quarter's last day), "month:DD" (every month by day DD, 1-31, a day past the month's end being
** its last day; 0: the month's last day). set stores the canonical form of zRecurrence (NULL or
** "" clears it) and audits before and after; LUOSHI_EINVAL for any other form,
** LUOSHI_ENOTFOUND for an unknown item; nothing changes then. get copies it into zOut ("" when
** the item does not recur); LUOSHI_ENOTFOUND for an unknown item. */
int store_item_recurrence_set(Store *s, const char *zActor, long long itemId,
                              const char *zRecurrence, Err *e);
int store_item_recurrence_get(Store *s, long long itemId, char zOut[16], Err *e);
/* Pure helpers over the forms above. parse: 1 and the canonical form of z in zOut[16]
** (month:05 is month:5, year:3-31 is year:03-31), or 0 and "" when z is no recurrence. dues:
** for date zAsOf (YYYY-MM-DD), zLast[11] gets the latest due date before it and zNext[11] the
** first on or after it; -1 (both "") for a bad recurrence or date, else 0. */
int store_recurrence_parse(const char *z, char zOut[16]);
int store_recurrence_dues(const char *zRec, const char *zAsOf, char zLast[11], char zNext[11]);

/* ---- escalation (催办/督办) and its outbox ------------------------------------------------- */

/* An item warned on a date: its worst colour, and since when it has been warned that badly. */
typedef struct StoreEpisode {
  long long itemId;
  const char *zNumber;
  long long unitId;          /* its lead unit, 0 for none */
  const char *zUnit;         /* the lead unit's name, "" for none */
  const char *zColour;       /* the worst colour on the date */
  const char *zSince;        /* the first warnings run of the unbroken episode */
  const char *zMessages;     /* the date's warning messages, one a line */
  const char *zText;         /* the item's text */
} StoreEpisode;

/* Call x for every item with a warning on zAsOf. */
int store_episodes(Store *s, const char *zAsOf, int (*x)(void *, const StoreEpisode *),
                   void *ctx, Err *e);

typedef struct StoreNotice {
  long long id;              /* (read only) */
  long long itemId;
  long long unitId;          /* addressed to; 0 for none */
  const char *zUnit;         /* (read only) */
  const char *zStep;         /* reminder, notice, letter, interview */
  int level;
  const char *zColour;
  const char *zSince;
  const char *zAsOf;
  const char *zLadder;       /* the ladder file's version */
  const char *zSubject;
  const char *zBody;
  const char *zState;        /* pending, sent, failed (read only) */
  int attempts;              /* (read only) */
  const char *zError;        /* the last delivery error (read only) */
  const char *zSentAt;       /* (read only) */
} StoreNotice;

/* Add a[0..n) to the outbox in one transaction; a notice already there for its item, step and
** episode (zSince) is skipped. *pnNew gets the number added. */
int store_notices_add(Store *s, const char *zActor, const StoreNotice *a, int n, int *pnNew,
                      Err *e);
/* Call x for each notice in state zState (NULL: all), oldest first. */
int store_notice_list(Store *s, const char *zState, int (*x)(void *, const StoreNotice *),
                      void *ctx, Err *e);
/* Claim notice id for delivery by the sender zClaim (a token unique to this sender's run):
** *pbClaimed is 1 when it is now this sender's to deliver, 0 when it was sent already or
** another sender holds a claim younger than nStaleSeconds. The claim is not audited; the
** delivery (store_notice_mark) is, and clears it. */
int store_notice_claim(Store *s, long long id, const char *zClaim, int nStaleSeconds,
                       int *pbClaimed, Err *e);
/* Record a delivery attempt of notice id: sent, or failed with zError; its claim is released.
** LUOSHI_ECONFLICT when it does not exist or was sent already. */
int store_notice_mark(Store *s, const char *zActor, long long id, int sent, const char *zError,
                      Err *e);

/* ---- targets (指标) with baseline and trajectory ------------------------------------------ */

/* A quantitative target of a ledger item: from baseline on zBaselineDate to target on
** zTargetDate, in a straight line; target is below baseline for a decreasing target. */
typedef struct StoreTarget {
  long long id;              /* (read only) */
  long long itemId;
  const char *zNumber;       /* the item's number (read only) */
  const char *zName;         /* 5G基站, 森林覆盖率 */
  const char *zUnit;         /* %, 公里, 个; "" for none */
  double baseline;
  const char *zBaselineDate; /* ISO date */
  double target;
  const char *zTargetDate;   /* ISO date, after zBaselineDate */
  int hasValue;              /* a value was reported (read only) */
  double value;              /* the latest reported value, when hasValue (read only) */
  const char *zAsOf;         /* the date it describes, "" when none (read only) */
} StoreTarget;

/* Add target t (id, zNumber and the value fields are ignored) to item t->itemId; *pId gets its
** id. LUOSHI_ENOTFOUND for an unknown item. One transaction with its audit entry. */
int store_target_add(Store *s, const char *zActor, const StoreTarget *t, long long *pId, Err *e);
/* Record value as target targetId's actual value as of zAsOf (ISO date); *pId gets its id.
** LUOSHI_ENOTFOUND for an unknown target. One transaction with its audit entry. */
int store_target_value_add(Store *s, const char *zActor, long long targetId, double value,
                           const char *zAsOf, long long *pId, Err *e);
/* The item target id belongs to. LUOSHI_ENOTFOUND for an unknown target. */
int store_target_item(Store *s, long long id, long long *pItemId, Err *e);
/* Call x for each target of item itemId (0: of every item), by item and id, with its latest
** value (latest as_of, then latest reported). Strings are borrowed for the call only. */
int store_target_list(Store *s, long long itemId, int (*x)(void *, const StoreTarget *),
                      void *ctx, Err *e);

/* What the target-behind rule reads: a target of an item in the warnings' facts (not merged),
** with its latest value as of the run date. */
typedef struct StoreTargetFacts {
  const char *zStatus;       /* the item's status */
  StoreTarget t;             /* hasValue is always set */
} StoreTargetFacts;

/* Call x once per target of every ledger item not merged into another that has a value with
** as_of on or before zAsOf (ISO date), with the latest such value; by item and target. */
int store_target_facts(Store *s, const char *zAsOf, int (*x)(void *, const StoreTargetFacts *),
                       void *ctx, Err *e);

/* ---- the audit chain ---------------------------------------------------------------------- */

typedef struct StoreAuditResult {
  long long nEntry;      /* entries read */
  long long badSeq;      /* first entry that breaks the chain, 0 when it holds */
  char zWhy[96];         /* why that entry breaks it */
  char zHead[65];        /* hash of the last entry: record it elsewhere to detect truncation */
} StoreAuditResult;

/* Recompute the whole audit chain. Returns 0 with *r filled (r->badSeq says whether the chain
** holds), or LUOSHI_EIO. */
int store_audit_verify(Store *s, StoreAuditResult *r, Err *e);


/* ---- the web application: sessions, API tokens, login attempts ---------------------------- */

/* Open a session for person personId: zTokenHash is the SHA-256 (hex) of the cookie's token,
** zCsrf the session's CSRF token, zExpires its end (ISO 8601 UTC). */
int store_session_add(Store *s, long long personId, const char *zTokenHash, const char *zCsrf,
                      const char *zExpires, Err *e);
/* The session whose token hashes to zTokenHash and has not expired at zNow: the person's login
** into zLogin[64] and the CSRF token into zCsrf[80]. LUOSHI_ENOTFOUND when there is none. */
int store_session_get(Store *s, const char *zTokenHash, const char *zNow, char zLogin[64],
                      char zCsrf[80], Err *e);
/* End one session (zTokenHash), or every session of the person with login zLogin ("logout
** everywhere") when zTokenHash is NULL; expired sessions of anyone are removed too. */
int store_session_end(Store *s, const char *zTokenHash, const char *zLogin, Err *e);
/* Add an API token (its hash) for the person with login zLogin, recorded in the audit chain.
** LUOSHI_ENOTFOUND for an unknown login. */
int store_token_add(Store *s, const char *zActor, const char *zLogin, const char *zTokenHash,
                    const char *zName, Err *e);
/* The login of the person holding the token that hashes to zTokenHash, into zLogin[64].
** LUOSHI_ENOTFOUND when there is none. */
int store_token_get(Store *s, const char *zTokenHash, char zLogin[64], Err *e);
/* Record a login attempt for zLogin from zAddress at zNow (ISO UTC), ok or not. */
int store_login_attempt(Store *s, const char *zLogin, const char *zAddress, int ok,
                        const char *zNow, Err *e);
/* Failed login attempts since zSince (ISO UTC) for zLogin and, separately, from zAddress. */
int store_login_failures(Store *s, const char *zLogin, const char *zAddress, const char *zSince,
                         long long *pByLogin, long long *pByAddress, Err *e);

/* ---- web: dashboard and map (store_dashboard.c) ------------------------------------------ */

/* The dashboard's functions take a scope: a LedgerFilter of which only docId, reachUnitId,
** zReachLeader (as auth_scope sets them) and publicOnly are read; merged items are left out, as
** in store_ledger_list. Warning colours are those of the latest date computed. */

/* Counts of a set of items. aStatus follows STORE_STATUS_NAMES; nRed, nYellow, nBlue count the
** items with at least one warning of that colour (an item may count in several); nWarned the
** items with any warning. */
#define STORE_STATUS_NAMES {"未启动", "推进中", "已完成", "已销号", "滞后"}
typedef struct StoreCounts {
  long long nItem;
  long long aStatus[5];
  long long nRed, nYellow, nBlue;
  long long nWarned;
} StoreCounts;

/* Per prefecture-level division (six-digit code ending in 00), by the place rule of the
** ledger's place filter (SQ_ITEM_IN_PLACE in store_internal.h): an item counts in a division
** when its lead unit is, or lies below, a unit with a code of the division (the city's, a
** county's), or its source task names a place of the division; an item may count in several.
** x is called once per division that has an item, by code (zCode borrowed for the call); then
** *pAll (if not NULL) receives the counts of every item of the scope, placed or not. */
int store_division_stats(Store *s, const LedgerFilter *scope,
                         int (*x)(void *, const char *zCode, const StoreCounts *), void *ctx,
                         StoreCounts *pAll, Err *e);

/* A measure (措施) of a document: its number, its title from the document's headings ("" when
** none), and, from store_measure_progress, how far its items are. */
typedef struct StoreMeasure {
  long long docId;
  int measure;
  const char *zTitle;
  long long nItem;           /* items of the scope under it (0 from store_measure_titles) */
  double progress;           /* average of its items' progress: an item completed or closed
                                counts 100, else its latest submitted or accepted report's
                                progress, 0 without one */
} StoreMeasure;

/* Call x for each measure with items in scope, by document and number. */
int store_measure_progress(Store *s, const LedgerFilter *scope,
                           int (*x)(void *, const StoreMeasure *), void *ctx, Err *e);
/* Call x for each measure heading of document docId (0: of every document), by document and
** number; nItem and progress are 0. */
int store_measure_titles(Store *s, long long docId, int (*x)(void *, const StoreMeasure *),
                         void *ctx, Err *e);

/* Items of the scope with a deadline from zFrom to zTo (ISO dates, inclusive) that are neither
** completed nor closed, by deadline: x gets at most limit of them (0: all) with id, docId,
** zNumber, zText, zStatus, zLeadUnit, zDeadline and zColour filled (other fields 0 or "");
** *pnTotal (if not NULL) gets how many there are. */
int store_deadlines_between(Store *s, const LedgerFilter *scope, const char *zFrom,
                            const char *zTo, int limit, int (*x)(void *, const StoreItem *),
                            void *ctx, long long *pnTotal, Err *e);

/* One late or missing report of an item. */
typedef struct StoreLate {
  long long itemId;
  const char *zNumber;
  const char *zText;
  const char *zLeadUnit;     /* "" for none */
  int missing;               /* 1: warned by rule zRule (no report this cycle); 0: a report
                                first submitted after its due date */
  const char *zPeriod;       /* the late report's period; "" when missing */
  const char *zMessage;      /* the warning's message when missing, else "" */
} StoreLate;

/* Items of the scope warned by rule zRule (the warning rules' "no-report") on the latest date
** computed, then reports marked late whose period ends in month sinceMonth or later (months
** counted as year*12 + month - 1; a quarter ends in its third month), latest first. x gets at
** most limit rows (0: all); *pnMissing and *pnLate (if not NULL) get the two totals. */
int store_late_reports(Store *s, const LedgerFilter *scope, const char *zRule, int sinceMonth,
                       int limit, int (*x)(void *, const StoreLate *), void *ctx,
                       long long *pnMissing, long long *pnLate, Err *e);

/* The date (YYYY-MM-DD) each of aId[0..n) entered the ledger into azStart[i], "" for an
** unknown item. */
int store_items_started(Store *s, const long long *aId, int n, char (*azStart)[11], Err *e);

/* The source sentence of item itemId's task, appended to pSentence, and its lines in the
** document into *pLineFirst and *pLineLast; nothing appended and 0 lines for an item without a
** task. LUOSHI_ENOTFOUND for an unknown item. */
int store_item_source(Store *s, long long itemId, Buf *pSentence, int *pLineFirst,
                      int *pLineLast, Err *e);

/* ---- web: documents (store_document.c) --------------------------------------------------- */

/* ---- web: item page, reports, review queue (store_item_page.c) --------------------------- */

/* What the item page shows beyond StoreItem: its source, how it is run, its parent. */
typedef struct StoreItemDetail {
  long long docId;
  const char *zDocTitle;
  long long taskId;          /* 0 for an item added by hand */
  const char *zBlockText;    /* the paragraph its source task stands in, "" when none */
  const char *zSentence;     /* the task's sentence, "" when none */
  const char *zTaskText;     /* the task's own words, "" when none */
  const char *zMeasureTitle; /* "" when none */
  const char *zVerdict;      /* the close-out verdict, "" when none */
  const char *zCycle;        /* month, quarter, or "" for the warning rules' default */
  int reportDay;             /* day of the period's last month a report is due; 0: last day */
  const char *zCreatedAt;    /* when it entered the ledger (ISO 8601) */
  long long mergedInto;      /* the item it was merged into, 0 for none */
  const char *zParentNumber; /* the parent item's number, "" for a top item */
  const char *zProblem;      /* its task's problem (反馈问题 of a rectification row), "" when none */
} StoreItemDetail;

/* Item itemId's detail into *d; its strings are appended to pStrings and valid until it
** changes. LUOSHI_ENOTFOUND for an unknown item. */
int store_item_detail(Store *s, long long itemId, StoreItemDetail *d, Buf *pStrings, Err *e);

/* One entry of the audit chain. */
typedef struct StoreAuditEntry {
  long long seq;
  const char *zAt;           /* ISO 8601 UTC */
  const char *zActor;
  const char *zAction;       /* save, submitted, accepted, assign, request … */
  const char *zEntity;       /* item, report, evidence, milestone, target, request … */
  long long entityId;        /* 0 for none */
  const char *zBefore;       /* JSON, "" for none */
  const char *zAfter;        /* JSON, "" for none */
} StoreAuditEntry;

/* Call x for each audit entry about item itemId — the item itself, its reports and their
** evidence, its requests and their decisions, milestones, targets, accountability records and
** escalation notices — oldest first (strings borrowed for the call). */
int store_item_history(Store *s, long long itemId, int (*x)(void *, const StoreAuditEntry *),
                       void *ctx, Err *e);

/* A report with what the item page, the review queue and the API show beside it. */
typedef struct StoreReportRow {
  StoreReport r;             /* every field filled */
  const char *zNumber;       /* the item's number */
  const char *zItemText;
  const char *zUnit;         /* the reporting unit's name, "" for none */
  const char *zCreatedBy;
  const char *zSubmittedAt;  /* the latest submission, "" for none */
  const char *zReviewedBy;   /* "" for none */
  const char *zReviewedAt;
} StoreReportRow;

/* Call x for each report of item itemId, newest period first (strings borrowed for the call). */
int store_item_reports(Store *s, long long itemId, int (*x)(void *, const StoreReportRow *),
                       void *ctx, Err *e);
/* Call x for each submitted report awaiting review, the longest waiting first. */
int store_review_queue(Store *s, int (*x)(void *, const StoreReportRow *), void *ctx, Err *e);

/* An evidence file of a report. */
typedef struct StoreEvidence {
  long long id;
  long long reportId;
  long long itemId;
  const char *zName;         /* the file name as uploaded */
  const char *zSha256;       /* hex */
  long long nByte;
  const char *zAddedAt;
  const void *pData;         /* the content (store_evidence_read only, else NULL) */
} StoreEvidence;

/* Call x for each evidence file on the reports of item itemId (reportId 0) or of report
** reportId, by report and id; pData is NULL. */
int store_evidence_list(Store *s, long long itemId, long long reportId,
                        int (*x)(void *, const StoreEvidence *), void *ctx, Err *e);
/* Call x once with evidence file id, content included (borrowed for the call).
** LUOSHI_ENOTFOUND for an unknown file. */
int store_evidence_read(Store *s, long long id, int (*x)(void *, const StoreEvidence *),
                        void *ctx, Err *e);

/* A request with who asked and decided, and its item. */
typedef struct StoreRequestRow {
  StoreRequest r;
  const char *zNumber;       /* the item's number */
  const char *zItemText;
  const char *zUnit;         /* the asking unit's name, "" for none */
  const char *zRequestedBy;
  const char *zRequestedAt;
  const char *zDecidedBy;    /* "" while pending */
  const char *zDecidedAt;
  const char *zNote;         /* the decision's note, "" for none */
} StoreRequestRow;

/* Call x for each request on item itemId (0: every item) in state zState (NULL: any); an
** item's requests newest first, a queue of every item's (itemId 0) oldest first. */
int store_request_rows(Store *s, long long itemId, const char *zState,
                       int (*x)(void *, const StoreRequestRow *), void *ctx, Err *e);

/* Call x for each accountability record on item itemId, newest first (StoreAccountability is
** declared with the unit pages' functions below). */
struct StoreAccountability;
int store_item_accountability(Store *s, long long itemId,
                              int (*x)(void *, const struct StoreAccountability *), void *ctx,
                              Err *e);

/* Call x for each reported value of target targetId, by as_of then report (zAsOf borrowed). */
int store_target_values(Store *s, long long targetId,
                        int (*x)(void *, double value, const char *zAsOf), void *ctx, Err *e);

/* ---- web: units (store_unit_page.c) ------------------------------------------------------- */

/* Unit id into *u; its strings are appended to pStrings and valid until it changes.
** LUOSHI_ENOTFOUND for an unknown unit. */
int store_unit_get(Store *s, long long id, StoreUnit *u, Buf *pStrings, Err *e);

/* A unit of the tree with the items led by it or a unit below it. */
typedef struct StoreUnitCount {
  StoreUnit u;               /* strings borrowed for the call */
  int depth;                 /* 0 for a top unit */
  int nChild;                /* units directly below it */
  long long nItem;           /* items led by it or below (passing the filter) */
  long long nOwn;            /* ... led by it itself */
  long long nRed, nYellow, nBlue; /* ... whose worst warning of the latest run is that colour */
} StoreUnitCount;

/* Call x for every unit, depth first (a parent, then its subtree, children in store_unit_list
** order), with the counts of the items that pass f (NULL: all; its unitId, sort, limit and
** offset are ignored, so pass the reader's auth_scope). Stops early when x returns nonzero. */
int store_unit_counts(Store *s, const LedgerFilter *f, int (*x)(void *, const StoreUnitCount *),
                      void *ctx, Err *e);

/* A request on an item, with what the unit pages show beside it. */
typedef struct StoreUnitRequest {
  StoreRequest r;
  const char *zNumber;       /* the item's number */
  const char *zRequestedAt;  /* ISO 8601 UTC */
  const char *zDecidedAt;    /* "" while pending */
  const char *zNote;         /* the decision's note, or "" */
} StoreUnitRequest;

/* Call x for each request on an item led by unitId or a unit below it, newest first (strings
** borrowed for the call). */
int store_unit_requests(Store *s, long long unitId, int (*x)(void *, const StoreUnitRequest *),
                        void *ctx, Err *e);

/* An accountability record (提醒谈话, 约谈, 通报, 问责). */
typedef struct StoreAccountability {
  long long id;
  long long itemId;
  const char *zNumber;       /* the item's number */
  const char *zKind;
  long long unitId;          /* 0 for none */
  const char *zUnit;         /* its name, "" for none */
  const char *zPerson;       /* "" for none */
  const char *zReason;
  const char *zRecordedAt;   /* ISO 8601 UTC */
} StoreAccountability;

/* Call x for each accountability record on an item led by unitId or a unit below it, newest
** first (strings borrowed for the call). */
int store_unit_accountability(Store *s, long long unitId,
                              int (*x)(void *, const StoreAccountability *), void *ctx, Err *e);

/* ---- backups (store_backup.c) ------------------------------------------------------------- */

/* What a backup or restore copied, as checked on the copy. */
typedef struct StoreBackupInfo {
  long long nPage;           /* database pages copied */
  int integrityOk;           /* PRAGMA integrity_check said ok */
  int schemaVersion;         /* the copy's schema version */
  StoreAuditResult audit;    /* the copy's audit chain (store_audit_verify): entries, head */
  long long nDocument, nItem, nReport, nAudit; /* rows of documents, ledger_items, reports,
                                                  audit_log */
} StoreBackupInfo;

/* Copy the open SQLite database s to the file zFile while others go on writing (SQLite's
** online backup API, one snapshot), through zFile.tmp: fsynced, checked (integrity_check, the
** audit chain), renamed to zFile, its directory fsynced. *p describes the copy. On any error
** zFile is as it was and zFile.tmp is gone. LUOSHI_EIO, or LUOSHI_EINVAL when the copy fails
** its check or s is PostgreSQL (whose tool is pg_dump). */
int store_backup(Store *s, const char *zFile, StoreBackupInfo *p, Err *e);
/* Check the backup zFile without changing it: a luoshi database passing integrity_check, at a
** schema version this luoshi knows, with a whole audit chain. *p describes it. */
int store_backup_check(const char *zFile, StoreBackupInfo *p, Err *e);
/* Check the backup zFile (as store_backup_check), then put a copy of it at zPath through
** zPath.tmp and a rename. Unless bForce, LUOSHI_ECONFLICT when zPath holds a database with
** any audited change (or a file that is not a database); LUOSHI_ECONFLICT too when another
** process has zPath open. On any error zPath is untouched. *p describes what was restored. */
int store_restore(const char *zFile, const char *zPath, int bForce, StoreBackupInfo *p,
                  Err *e);

/* ---- assessment (考核评价; store_assess.c) ------------------------------------------------ */

/* The period assessed, as src/ledger/assess.c works it out. */
typedef struct StoreAssessPeriod {
  const char *zFrom, *zTo;   /* its first and last day, ISO */
  int lastMonth;             /* zTo's month as year*12 + month - 1 */
  const char *zCounted;      /* JSON array of the report periods counted in it (those whose last
                                month lies in it: 2019-03 counts 2019-03 and 2019Q1) */
  const char *zOverlap;      /* JSON array of the periods overlapping it (for 容错 requests) */
} StoreAssessPeriod;

/* A report of an item, submitted at least once, whose period ends by the period's end. */
typedef struct StoreAssessReport {
  long long id;
  char zPeriod[16];
  int lastMonth;             /* its period's last month as year*12 + month - 1 */
  int counted;               /* its period is counted in the period assessed */
  int reported;              /* submitted or accepted (not returned) */
  int accepted;
  int progress;
  int late;                  /* first submitted after its due date */
  int returned;              /* returned by the office at least once */
} StoreAssessReport;

/* A target of an item with its latest value as of the period's end. */
typedef struct StoreAssessTarget {
  long long id;
  const char *zName;
  double baseline, target;
  const char *zBaselineDate, *zTargetDate;
  int hasValue;
  double value;
  const char *zAsOf;         /* "" without a value */
} StoreAssessTarget;

/* What the scoring rules read about one ledger item for a period. Strings and arrays are
** borrowed for the callback only. */
typedef struct StoreAssessItem {
  long long id;
  const char *zNumber;
  long long unitId;          /* its lead unit */
  const char *zUnit;         /* ... its name and kind (department, city, county, other …) */
  const char *zUnitKind;
  const char *zDeadline;     /* ISO date or "" */
  const char *zStart;        /* the day it entered the ledger */
  int recurring;             /* it has a recurring deadline (no 序时进度, no overdue here) */
  int nReport;               /* its reports by the period's end, by period then id */
  const StoreAssessReport *aReport;
  const char *zWorst;        /* its worst warning colour in runs within the period, "" none */
  const char *zWarnedOn;     /* the first run date of that colour in the period */
  int noticeLevel;           /* the highest escalation notice raised in the period, 0 none */
  long long noticeId;        /* ... that notice */
  long long toleranceId;     /* an approved tolerance request overlapping the period, 0 none */
  int nTarget;
  const StoreAssessTarget *aTarget;
} StoreAssessItem;

/* Call x for each ledger item with a lead unit, not merged, that entered the ledger by p's last
** day, by id, with its facts for period p. A handful of queries each ordered by item, merged as
** they stream (no query per item): fit for 100,000 items. Stops early when x returns nonzero. */
int store_assess_facts(Store *s, const StoreAssessPeriod *p,
                       int (*x)(void *, const StoreAssessItem *), void *ctx, Err *e);

/* A saved assessment (needs migration 016): the result exactly as `luoshi assess --json`
** printed it, with the rules' version and SHA-256. */
typedef struct StoreAssessment {
  long long id;
  const char *zPeriod;
  const char *zRulesVersion;
  const char *zRulesSha256;
  const char *zResult;       /* JSON */
  const char *zSavedBy;
  const char *zSavedAt;      /* ISO 8601 UTC */
} StoreAssessment;

/* Save assessment a (id, zSavedBy and zSavedAt are ignored) with an audit entry holding its
** period, rules version and the SHA-256 of the result; *pId gets its id. One transaction. */
int store_assessment_save(Store *s, const char *zActor, const StoreAssessment *a, long long *pId,
                          Err *e);
/* Call x for each saved assessment of period zPeriod (NULL: all), newest first (strings
** borrowed for the call; zResult is "" unless bResult). */
int store_assessment_list(Store *s, const char *zPeriod, int bResult,
                          int (*x)(void *, const StoreAssessment *), void *ctx, Err *e);

/* ---- bulletin notes (经验做法; store_bulletin.c) ------------------------------------------- */

/* The good practice the office wrote for one period's bulletin (needs migration 021). */
typedef struct StoreBulletinNotes {
  const char *zPeriod;       /* 2019-03, 2019Q1 or 2019 */
  const char *zNotes;        /* as written, paragraphs separated by blank lines; "" when none */
  const char *zUpdatedBy;    /* the login of the last change, "" when none */
  const char *zUpdatedAt;    /* ISO 8601 UTC, "" when none */
} StoreBulletinNotes;

/* The notes stored for period zPeriod into *p (zPeriod borrowed; the other strings appended to
** pStrings, valid until it changes); all "" when none are stored. 0 or LUOSHI_EIO. */
int store_bulletin_notes_get(Store *s, const char *zPeriod, StoreBulletinNotes *p,
                             Buf *pStrings, Err *e);
/* Store zNotes (valid UTF-8) as period zPeriod's notes in place of any before, in one
** transaction with an audit entry by zActor (action "notes", entity "bulletin", the row's id;
** before and after {"period", "notes"}). Saving the text already stored writes nothing:
** *pbChanged (may be NULL) says whether anything was written. 0 or LUOSHI_EIO. */
int store_bulletin_notes_set(Store *s, const char *zActor, const char *zPeriod,
                             const char *zNotes, int *pbChanged, Err *e);

/* ---- copying a deployment to another database (store_copy.c) ----------------------------- */

/* The most tables a copy reports. */
#define STORE_COPY_MAX_TABLES 64

/* What a copy moved, as checked on the target before it committed. */
typedef struct StoreCopyInfo {
  char zFrom[256], zTo[256]; /* the two databases as they may be shown (no password) */
  int nTable;                /* entries of aTable */
  struct {
    const char *zName;       /* the table (a static string) */
    long long nRow;          /* its rows, equal on source and target */
  } aTable[STORE_COPY_MAX_TABLES];
  StoreAuditResult audit;    /* the target's audit chain: the source's entries and head */
} StoreCopyInfo;

/* Copy every row of the deployment at zFrom into the database zTo, each "sqlite:PATH", a path
** (SQLite) or a PostgreSQL URI or keyword string (see db_open); both are opened with store_open,
** so both end at this luoshi's latest schema. The source is read in one snapshot while others
** may go on writing; the target is written in one transaction and must be empty (no row in
** any table copied: LUOSHI_ECONFLICT) and another database than the source (LUOSHI_EINVAL).
** Before it commits, every table's row count on the target equals the source's and the
** target's audit chain holds with the source's entries and head hash. A missing SQLite source
** is LUOSHI_ENOTFOUND; other failures LUOSHI_EIO or LUOSHI_EINVAL. On any failure the target
** is as it was (an SQLite file the copy created is removed) and *p holds only zFrom and zTo;
** messages name the databases as zFrom and zTo do, without their passwords. */
int store_copy(const char *zFrom, const char *zTo, StoreCopyInfo *p, Err *e);

#endif
