/*
** The helpers the HTML pages (page_*.c) share among themselves: names for report and request
** states, the fragments several pages draw the same way (progress, warning badge, evidence
** list, a request's facts and its decide form, an alert) and the "show this page again with a
** refusal" entries the POST handlers call. Declared once here so that a change to one is a
** change everywhere it is drawn.
**
** Private to src/web: nothing outside the pages includes it. Every fragment writes through the
** escaping writer (html.h) into r->out; none reads or decides who may see what — the page
** calling it has already checked (auth_item_read, auth_supervise …).
*/
#ifndef LUOSHI_WEB_PAGE_H
#define LUOSHI_WEB_PAGE_H

#include "web.h"

/* ---- one ledger row (page_parts.c) -------------------------------------------------------- */

/* A ledger row kept past store_ledger_list's callback, for the pages of one item: it, its
** strings copied into strings (free them with buf_free); found once a row was kept. */
typedef struct PageItem {
  StoreItem it;
  Buf strings;
  int found;
} PageItem;

/* store_ledger_list's callback: copy the row *it, with every string it points to, into ctx (a
** zeroed PageItem whose strings is BUF_INIT), and stop the listing. NULL strings become "". */
int page__keep_item(void *ctx, const StoreItem *it);

/* ---- words (page_report.c) ---------------------------------------------------------------- */

/* The words for a report's state (draft, submitted, accepted, returned); other values as
** given, NULL as "". Static strings. */
const char *page__report_state(Req *r, const char *zState);
/* The words for a request's kind (extension, closeout, tolerance) and state (pending,
** approved, rejected); other values as given, NULL as "". Static strings. */
const char *page__request_kind(Req *r, const char *zKind);
const char *page__request_state(Req *r, const char *zState);
/* The words for a close-out verdict (achieved, partly, not achieved, not verifiable); other
** values as given, NULL as "". Static strings. (page_request_parts.c) */
const char *page__verdict_name(Req *r, const char *zVerdict);
/* The period a date (YYYY-MM-DD) falls in for a report cycle into zOut: "2019-03" for a month
** (and for "" or NULL), "2019Q1" for "quarter". A malformed date counts as 1970-01. */
void page__period_of(const char *zDate, const char *zCycle, char zOut[8]);

/* ---- fragments ------------------------------------------------------------------------------ */

/* A notice saying what went wrong (role="alert"); zWhat, a literal in the page's language,
** introduces zMessage. (page_report.c) */
void page__alert(Req *r, const char *zWhat, const char *zMessage);
/* The evidence files of report reportId (of item itemId) as a list with download links;
** nothing when there are none. (page_report.c) */
void page__evidence_list(Req *r, long long itemId, long long reportId);
/* The conditions of data/rules/tolerance.tsv: as checkboxes named "claim" (bForm, checked as
** the form last sent them), or, with zChecklist (the JSON a request recorded), as a list
** saying which were claimed met. (page_request_parts.c) */
void page__tolerance_checklist(Req *r, const char *zChecklist, int bForm);
/* What a request asks beyond its reason: the new deadline, the period, the tolerance
** checklist — each only when the request has it. (page_request_parts.c) */
void page__request_facts(Req *r, const StoreRequest *q);
/* The approve/reject form of pending request requestId of kind zKind (a verdict select for a
** close-out), posting to /requests/{id}/decide with back=zBack ("item" or "review") so the
** answer returns to that page. (page_request_parts.c) */
void page__decide_form(Req *r, long long requestId, const char *zKind, const char *zBack);
/* An item's progress (0..100, or -1 when nothing was reported): a <progress> element (with
** CSS class zClass unless NULL) and the percentage, or zNone (a literal) muted. (page_parts.c) */
void page__progress(Req *r, int progress, const char *zClass, const char *zNone);
/* A badge in a warning colour ("red", "yellow", "blue", "" for none) with its words.
** (page_parts.c) */
void page__colour_badge(Req *r, const char *zColour);

/* ---- pages shown again after a refused POST --------------------------------------------- */

/* The HTTP status for a refusal the ledger gave in e: 404 not found, 409 conflict, 503 when the
** store failed, else 400. (page_request_parts.c) */
int page__err_status(const Err *e);
/* The item page of r->id with zError (NULL for none) above it, answered with status (0 keeps
** 200). Checks auth_item_read itself. (page_item.c) */
void page__item_show(Req *r, const char *zError, int status);
/* The review queue with zError (NULL for none) above it, answered with status (0 keeps 200).
** Checks auth_supervise itself. (page_review.c) */
void page__review_show(Req *r, const char *zError, int status);

#endif
