/*
** Web: the route table, the shared page frame, and every page and API handler.
**
** web_handle is the one entry for a request, whoever received it: it reads who is asking
** (session cookie or API token), finds the route, refuses what the route's permission does not
** allow and state changes without a CSRF token, then calls the handler. Handlers come in pairs
** per feature (page_<feature>.c beside api_<feature>.c) and call the same store functions. Per-
** item and per-unit checks (auth_item_read, auth_item_report) run inside handlers, since only
** they know which item a request touches; the route's permission runs before any of them.
*/
#ifndef LUOSHI_WEB_WEB_H
#define LUOSHI_WEB_WEB_H

#include "http.h"

/* Who may reach a route at all. */
typedef enum Perm {
  PERM_PUBLIC = 0,   /* anyone, logged in or not */
  PERM_USER,         /* any person logged in (their reach is checked per item) */
  PERM_SUPERVISE,    /* supervisors and admins */
  PERM_ADMIN         /* admins */
} Perm;

typedef struct Route {
  const char *zMethod;       /* GET or POST */
  const char *zPattern;      /* "/items/{id}": {id} matches a positive integer into r->id */
  Perm perm;
  void (*xHandler)(Req *r);
  const char *zWhat;         /* one line for the route list */
} Route;

/* Answer request r: every field of r's request part is filled by the caller, and r->s is an
** open Store. On return r->status, r->zType, r->head and r->out hold the response. */
void web_handle(Req *r);
/* The route table, for tests and `luoshi serve --routes`. */
const Route *web_routes(int *pnRoute);

/* ---- the page frame (layout.c) ------------------------------------------------------------ */

/* Begin an HTML page titled zTitle: head, navigation for r's role, language switch. zNav names
** the navigation entry to highlight ("dashboard", "ledger" …), NULL for none. */
void page_begin(Req *r, const char *zTitle, const char *zNav);
/* Close the page begun by page_begin. */
void page_end(Req *r);
/* A hidden input carrying the CSRF token; every POST form includes it. */
void page_csrf_field(Req *r);
/* The CSS class and the words for a warning colour ("red", "yellow", "blue", ""). */
const char *page_colour_class(const char *zColour);
const char *page_colour_name(Req *r, const char *zColour);
/* The words for a status (未启动 … in Chinese, their English in English pages). */
const char *page_status_name(Req *r, const char *zStatus);

/* ---- sessions (session.c) ----------------------------------------------------------------- */

/* Fill r->actor, r->bUser, r->zCsrf from the session cookie or the bearer token, if any.
** Returns 0 (identified, or anonymous), or LUOSHI_EIO when the database did not answer: the
** request must then not go on as an anonymous one. */
int session_identify(Req *r);
/* A new random token (64 hex digits) into zToken and its SHA-256 (hex) into zHash. */
void session_token_new(char zToken[65], char zHash[65]);

/* ---- handlers --------------------------------------------------------------------------- */

void page_login(Req *r);          /* GET /login */
void page_login_post(Req *r);     /* POST /login */
void page_logout(Req *r);         /* POST /logout (?everywhere=1 ends every session) */
void page_static(Req *r);         /* GET /static/... : embedded CSS and JS */
void page_lang(Req *r);           /* GET /lang?to=en|zh */
void page_dashboard(Req *r);      /* GET / : 挂图作战 */
void page_ledger(Req *r);         /* GET /ledger */
void page_ledger_csv(Req *r);     /* GET /ledger.csv : exactly what /ledger shows */
void page_item(Req *r);           /* GET /items/{id} */
void page_item_publish(Req *r);   /* POST /items/{id}/publish */
void page_document(Req *r);       /* GET /documents/{id} */
void page_documents(Req *r);      /* GET /documents */
void page_unit(Req *r);           /* GET /units/{id} */
void page_units(Req *r);          /* GET /units */
void page_report_form(Req *r);    /* GET /items/{id}/report */
void page_report_post(Req *r);    /* POST /items/{id}/report : save, submit, evidence */
void page_review(Req *r);         /* GET /review : the supervisors' queue */
void page_assess(Req *r);         /* GET /assess : 考核评价 rankings and breakdowns */
void page_bulletin(Req *r);       /* GET /bulletin : 督查通报 page and .docx (format=docx) */
void page_bulletin_notes_post(Req *r); /* POST /bulletin/notes : a period's 经验做法 */
void page_review_post(Req *r);    /* POST /reports/{id}/review : accept or return */
void page_request_post(Req *r);   /* POST /items/{id}/request : extension, close-out, 容错 */
void page_decide_post(Req *r);    /* POST /requests/{id}/decide */
void page_timeline(Req *r);       /* GET /timeline */
void page_public(Req *r);         /* GET /public : 宣传, no login */
void page_evidence(Req *r);       /* GET /evidence/{id} : a stored evidence file */

void api_index(Req *r);           /* GET /api/v1 */
void api_documents(Req *r);       /* GET /api/v1/documents */
void api_document(Req *r);        /* GET /api/v1/documents/{id} */
void api_items(Req *r);           /* GET /api/v1/items */
void api_item(Req *r);            /* GET /api/v1/items/{id} */
void api_item_reports(Req *r);    /* GET /api/v1/items/{id}/reports */
void api_report_post(Req *r);     /* POST /api/v1/items/{id}/reports */
void api_report_review(Req *r);   /* POST /api/v1/reports/{id}/review */
void api_units(Req *r);           /* GET /api/v1/units */
void api_warnings(Req *r);        /* GET /api/v1/warnings */
void api_assessment(Req *r);      /* GET /api/v1/assessment */
void api_assessment_unit(Req *r); /* GET /api/v1/assessment/units/{id} */
void api_public_items(Req *r);    /* GET /api/v1/public/items */

#endif
