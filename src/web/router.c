/*
** Router: the route table and web_handle, the one door every request goes through (see
** web.h). The order of checks is fixed: identify the person, match the route, refuse what its
** permission forbids, refuse a state change without its CSRF token, and only then run the
** handler. Security headers are added to every response here, not by handlers.
*/
#include "web.h"
#include "html.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const Route aRoute[] = {
    {"GET", "/", PERM_USER, page_dashboard, "挂图作战 dashboard: map, progress, deadlines"},
    {"GET", "/login", PERM_PUBLIC, page_login, "the login form"},
    {"POST", "/login", PERM_PUBLIC, page_login_post, "log in"},
    {"POST", "/logout", PERM_USER, page_logout, "log out (everywhere=1: every session)"},
    {"GET", "/lang", PERM_PUBLIC, page_lang, "switch the page language"},
    {"GET", "/static/{file}", PERM_PUBLIC, page_static, "embedded CSS and JavaScript"},
    {"GET", "/public", PERM_PUBLIC, page_public, "宣传: the items the office made public"},
    {"GET", "/ledger", PERM_USER, page_ledger, "the ledger (台账) with filters and search"},
    {"GET", "/ledger.csv", PERM_USER, page_ledger_csv, "the ledger as shown, as CSV"},
    {"GET", "/items/{id}", PERM_USER, page_item, "one item: source, assignment, history"},
    {"POST", "/items/{id}/publish", PERM_SUPERVISE, page_item_publish, "show on the public page"},
    {"GET", "/items/{id}/report", PERM_USER, page_report_form, "the report form"},
    {"POST", "/items/{id}/report", PERM_USER, page_report_post, "save or submit a report"},
    {"POST", "/items/{id}/request", PERM_USER, page_request_post, "ask for an extension, "
                                                                   "close-out or 容错"},
    {"GET", "/review", PERM_SUPERVISE, page_review, "the review queue"},
    {"GET", "/assess", PERM_USER, page_assess, "考核评价: rankings, 红黑榜, each unit's breakdown"},
    {"GET", "/bulletin", PERM_SUPERVISE, page_bulletin, "督查通报: the periodic bulletin, .docx"},
    {"POST", "/bulletin/notes", PERM_SUPERVISE, page_bulletin_notes_post,
     "store a period's good practice (经验做法)"},
    {"POST", "/reports/{id}/review", PERM_SUPERVISE, page_review_post, "accept or return"},
    {"POST", "/requests/{id}/decide", PERM_SUPERVISE, page_decide_post, "decide a request"},
    {"GET", "/evidence/{id}", PERM_USER, page_evidence, "download an evidence file"},
    {"GET", "/documents", PERM_USER, page_documents, "the imported documents"},
    {"GET", "/documents/{id}", PERM_USER, page_document, "a document with its structure"},
    {"GET", "/units", PERM_USER, page_units, "the unit tree"},
    {"GET", "/units/{id}", PERM_USER, page_unit, "one unit: items, punctuality, warnings"},
    {"GET", "/timeline", PERM_USER, page_timeline, "Gantt of items and milestones"},
    {"GET", "/api/v1", PERM_PUBLIC, api_index, "what the API offers"},
    {"GET", "/api/v1/public/items", PERM_PUBLIC, api_public_items, "the public items"},
    {"GET", "/api/v1/documents", PERM_USER, api_documents, "documents"},
    {"GET", "/api/v1/documents/{id}", PERM_USER, api_document, "one document's JSON"},
    {"GET", "/api/v1/items", PERM_USER, api_items, "items, filtered and paged"},
    {"GET", "/api/v1/items/{id}", PERM_USER, api_item, "one item"},
    {"GET", "/api/v1/items/{id}/reports", PERM_USER, api_item_reports, "an item's reports"},
    {"POST", "/api/v1/items/{id}/reports", PERM_USER, api_report_post, "file a report"},
    {"POST", "/api/v1/reports/{id}/review", PERM_SUPERVISE, api_report_review, "review one"},
    {"GET", "/api/v1/units", PERM_USER, api_units, "the unit tree"},
    {"GET", "/api/v1/warnings", PERM_USER, api_warnings, "warnings of the latest run"},
    {"GET", "/api/v1/assessment", PERM_USER, api_assessment, "考核评价: rankings, 红黑榜, "
                                                              "each unit's breakdown"},
    {"GET", "/api/v1/assessment/units/{id}", PERM_USER, api_assessment_unit,
     "one unit's assessment"},
};

const Route *web_routes(int *pnRoute) {
  *pnRoute = (int)(sizeof aRoute / sizeof aRoute[0]);
  return aRoute;
}

/* Does zPath match zPattern? {id} takes a positive integer into *pId; {file} takes one plain
** segment (letters, digits, '.', '-', '_'). */
static int route_match(const char *zPattern, const char *zPath, long long *pId) {
  const char *p = zPattern, *z = zPath;
  while (*p) {
    if (strncmp(p, "{id}", 4) == 0) {
      if (*z < '1' || *z > '9') return 0;
      long long v = 0;
      int nDigit = 0;
      while (*z >= '0' && *z <= '9') {
        if (++nDigit > 15) return 0;
        v = v * 10 + (*z++ - '0');
      }
      *pId = v;
      p += 4;
    } else if (strncmp(p, "{file}", 6) == 0) {
      const char *zStart = z;
      while ((*z >= 'a' && *z <= 'z') || (*z >= '0' && *z <= '9') || *z == '.' || *z == '-' ||
             *z == '_') {
        z++;
      }
      if (z == zStart || zStart[0] == '.') return 0;
      p += 6;
    } else if (*p++ != *z++) {
      return 0;
    }
  }
  return *z == 0;
}

static void security_headers(Req *r) {
  req_header(r, "Content-Security-Policy",
             "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
             "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  req_header(r, "X-Content-Type-Options", "nosniff");
  req_header(r, "X-Frame-Options", "DENY");
  req_header(r, "Referrer-Policy", "same-origin");
  if (r->bSecure) req_header(r, "Strict-Transport-Security", "max-age=31536000");
}

/* Does the request carry the CSRF token it needs? Scripts with a bearer token need none (they
** send no cookie a third-party page could ride on). A logged-in session must send its token as
** the csrf field or the X-CSRF-Token header; before login, the form's token must equal the
** luoshi_csrf cookie (double submit). */
static int csrf_ok(Req *r) {
  if (r->bToken) return 1;
  const char *zSent = r->zCsrfHeader ? r->zCsrfHeader : req_param(r, "csrf");
  const char *zWant = r->bUser ? r->zCsrf : req_cookie(r, "luoshi_csrf");
  if (!zSent || !zWant || strlen(zWant) < 32 || strlen(zSent) != strlen(zWant)) return 0;
  return sodium_memcmp(zSent, zWant, strlen(zWant)) == 0;
}

static void set_today(Req *r) {
  const char *z = getenv("LUOSHI_TODAY");
  if (z && strlen(z) == 10) {
    snprintf(r->zToday, sizeof r->zToday, "%s", z);
    return;
  }
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(r->zToday, sizeof r->zToday, "%Y-%m-%d", &tm);
}

void web_handle(Req *r) {
  set_today(r);
  const char *zLang = req_cookie(r, "lang");
  r->bEnglish = zLang ? strcmp(zLang, "en") == 0
                      : (r->zAcceptLanguage && strncmp(r->zAcceptLanguage, "en", 2) == 0);
  security_headers(r);
  req_header(r, "Cache-Control", strncmp(r->zPath, "/static/", 8) == 0 ? "public, max-age=3600"
                                                                         : "no-store");
  int bHead = strcmp(r->zMethod, "HEAD") == 0;
  const char *zMethod = bHead ? "GET" : r->zMethod;
  const Route *pRoute = NULL;
  int bPathKnown = 0;
  for (size_t i = 0; i < sizeof aRoute / sizeof aRoute[0]; i++) {
    long long id = 0;
    if (!route_match(aRoute[i].zPattern, r->zPath, &id)) continue;
    bPathKnown = 1;
    if (strcmp(aRoute[i].zMethod, zMethod) == 0) {
      pRoute = &aRoute[i];
      r->id = id;
      break;
    }
  }
  if (!pRoute) {
    req_fail(r, bPathKnown ? 405 : 404,
             bPathKnown ? L(r, "不支持这种请求方法", "method not allowed")
                        : L(r, "没有这个页面", "no such page"));
    return;
  }
  Err e;
  err_clear(&e);
  if (req_parse_urlencoded(r, r->zQuery, strlen(r->zQuery), 0, &e) || req_parse_body(r, &e)) {
    req_fail_err(r, &e);
    return;
  }
  if (pRoute->xHandler != page_static && session_identify(r)) {
    /* not "anonymous": who is asking cannot be told while the database is away */
    req_fail(r, 503, L(r, "数据库暂时无法访问，请稍后重试",
                       "the database is not answering: try again shortly"));
    return;
  }
  if (pRoute->perm != PERM_PUBLIC && !r->bUser) {
    if (req_is_api(r)) {
      req_fail(r, 401, "authentication required: log in or send Authorization: Bearer TOKEN");
    } else {
      Buf next = BUF_INIT;
      buf_puts(&next, "/login?next=");
      html_url(&next, r->zPath);
      req_redirect(r, buf_str(&next));
      buf_free(&next);
    }
    return;
  }
  if ((pRoute->perm == PERM_SUPERVISE && auth_supervise(&r->actor, &e)) ||
      (pRoute->perm == PERM_ADMIN && r->actor.role != ROLE_ADMIN)) {
    req_fail(r, 403, L(r, "没有权限", "not allowed for your role"));
    return;
  }
  if (strcmp(zMethod, "GET") != 0 && !csrf_ok(r)) {
    req_fail(r, 403, L(r, "表单已过期或来源不明（CSRF），请刷新后重试",
                       "missing or wrong CSRF token: reload the page and try again"));
    return;
  }
  pRoute->xHandler(r);
}
