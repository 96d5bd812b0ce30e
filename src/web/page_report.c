/*
** The report form (/items/{id}/report): a unit's progress for one period — progress, what was
** done, problems, next steps, evidence files — saved as a draft or submitted for review.
**
** Every rule is the ledger layer's (reports.h): report_file checks the period, the progress and
** the text fields and who may report; report_submit moves the report on. The form only carries
** values there and shows the ledger's own message when it refuses, with what the person typed
** kept in the form. Evidence arrives as multipart/form-data parts named "evidence"; each is
** held to REPORT_EVIDENCE_MAX and stored whole with its SHA-256, as `luoshi report attach`
** stores a file.
**
** Also the small vocabulary the item page and the review queue share with this form (state
** names, the period of a date, the evidence list): the page__ functions below.
*/
#include "html.h"
#include "page.h"
#include "web.h"
#include "../ledger/fields.h"
#include "../ledger/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared with the other pages (page.h) ------------------------------------------------- */

const char *page__report_state(Req *r, const char *zState) {
  if (!zState) return "";
  if (strcmp(zState, "draft") == 0) return L(r, "草稿", "draft");
  if (strcmp(zState, "submitted") == 0) return L(r, "待审核", "submitted");
  if (strcmp(zState, "accepted") == 0) return L(r, "已通过", "accepted");
  if (strcmp(zState, "returned") == 0) return L(r, "已退回", "returned");
  return zState;
}

const char *page__request_kind(Req *r, const char *zKind) {
  if (!zKind) return "";
  if (strcmp(zKind, "extension") == 0) return L(r, "延期申请", "extension");
  if (strcmp(zKind, "closeout") == 0) return L(r, "销号申请", "close-out");
  if (strcmp(zKind, "tolerance") == 0) return L(r, "容错申请", "fault tolerance");
  return zKind;
}

const char *page__request_state(Req *r, const char *zState) {
  if (!zState) return "";
  if (strcmp(zState, "pending") == 0) return L(r, "待决定", "pending");
  if (strcmp(zState, "approved") == 0) return L(r, "已批准", "approved");
  if (strcmp(zState, "rejected") == 0) return L(r, "已驳回", "rejected");
  return zState;
}

/* (for "" the month: the warning rules' default cycle) */
void page__period_of(const char *zDate, const char *zCycle, char zOut[8]) {
  int y = 1970, m = 1;
  if (strlen(zDate) >= 7) {
    y = (int)strtol(zDate, NULL, 10);
    m = (int)strtol(zDate + 5, NULL, 10);
  }
  if (m < 1 || m > 12) m = 1;
  if (y < 1000 || y > 9999) y = 1970;
  char z[32];
  if (zCycle && strcmp(zCycle, "quarter") == 0) snprintf(z, sizeof z, "%04dQ%d", y, (m - 1) / 3 + 1);
  else snprintf(z, sizeof z, "%04d-%02d", y, m);
  memcpy(zOut, z, 7);
  zOut[7] = 0;
}

void page__alert(Req *r, const char *zWhat, const char *zMessage) {
  html_printf(&r->out, "<p class=\"notice red\" role=\"alert\">%s%s</p>", zWhat, zMessage);
}

static int evidence_row(void *ctx, const StoreEvidence *v) {
  Req *r = ctx;
  html_printf(&r->out,
              "<li><a href=\"/evidence/%lld\" download>%s</a> <span class=\"muted\">%lld %s · "
              "SHA-256 <code class=\"sha\">%s</code></span></li>",
              v->id, v->zName, v->nByte, L(r, "字节", "bytes"), v->zSha256);
  return 0;
}

void page__evidence_list(Req *r, long long itemId, long long reportId) {
  size_t nBefore = r->out.n;
  html_printf(&r->out, "<ul class=\"evidence\">");
  size_t nHead = r->out.n;
  Err e;
  err_clear(&e);
  store_evidence_list(r->s, itemId, reportId, evidence_row, r, &e);
  if (r->out.n == nHead) r->out.n = nBefore, r->out.a[nBefore] = 0;
  else html_printf(&r->out, "</ul>");
}

/* ---- the form ------------------------------------------------------------------------------ */

/* The values the form shows: a stored report, or what was just posted. */
typedef struct FormValues {
  const char *zPeriod;
  const char *zProgress;
  const char *zDone, *zProblems, *zNext;
  const char *zState;        /* of the stored report, "" for none */
  const char *zReason;       /* return reason, "" for none */
  long long reportId;        /* 0 for none yet */
  int submissions;
} FormValues;

typedef struct FindCtx {
  Req *r;
  const char *zPeriod;
  long long unitId;
  FormValues *v;
} FindCtx;

static int find_report(void *ctx, const StoreReportRow *w) {
  FindCtx *f = ctx;
  if (strcmp(w->r.zPeriod, f->zPeriod) != 0 || w->r.unitId != f->unitId) return 0;
  FormValues *v = f->v;
  Req *r = f->r;
  char zNum[16];
  snprintf(zNum, sizeof zNum, "%d", w->r.progress);
  v->zProgress = req_strndup(r, zNum, strlen(zNum));
  v->zDone = req_strndup(r, w->r.zDone, strlen(w->r.zDone));
  v->zProblems = req_strndup(r, w->r.zProblems, strlen(w->r.zProblems));
  v->zNext = req_strndup(r, w->r.zNext, strlen(w->r.zNext));
  v->zState = req_strndup(r, w->r.zState, strlen(w->r.zState));
  v->zReason = req_strndup(r, w->r.zReason, strlen(w->r.zReason));
  v->reportId = w->r.id;
  v->submissions = w->r.submissions;
  return 1;
}

/* The unit a report of this person on this item is filed for (as report_file decides). */
static long long report_unit(Req *r, long long leadUnit) {
  return r->actor.role == ROLE_REPORTER ? r->actor.unitId : leadUnit;
}

/* Fill v->(state, reason, reportId …) from the stored report of period v->zPeriod; when
** bValues, also the text fields. */
static void load_report(Req *r, long long leadUnit, FormValues *v, int bValues) {
  FormValues stored;
  memset(&stored, 0, sizeof stored);
  FindCtx f = {r, v->zPeriod, report_unit(r, leadUnit), &stored};
  Err e;
  err_clear(&e);
  store_item_reports(r->s, r->id, find_report, &f, &e);
  v->zState = stored.zState ? stored.zState : "";
  v->zReason = stored.zReason ? stored.zReason : "";
  v->reportId = stored.reportId;
  v->submissions = stored.submissions;
  if (bValues && stored.reportId) {
    v->zProgress = stored.zProgress;
    v->zDone = stored.zDone;
    v->zProblems = stored.zProblems;
    v->zNext = stored.zNext;
  }
}

/* Periods offered by the picker: the current one and the eleven (month) or seven (quarter)
** before it, newest first; the one shown is selected, and added when it is not among them. */
static void period_picker(Req *r, const char *zCycle, const char *zShown) {
  int y = (int)strtol(r->zToday, NULL, 10), m = (int)strtol(r->zToday + 5, NULL, 10);
  int bQuarter = zCycle && strcmp(zCycle, "quarter") == 0;
  int bFound = 0;
  html_printf(&r->out,
              "<form method=\"get\" action=\"/items/%lld/report\" class=\"filters no-print\">"
              "<label>%s<select name=\"period\">",
              r->id, L(r, "报告期", "Period"));
  for (int i = 0; i < (bQuarter ? 8 : 12); i++) {
    char z[8];
    int mm = m - i * (bQuarter ? 3 : 1), yy = y;
    while (mm < 1) mm += 12, yy--;
    char zDate[32];
    snprintf(zDate, sizeof zDate, "%04d-%02d-01", yy, mm);
    page__period_of(zDate, zCycle, z);
    int bSel = strcmp(z, zShown) == 0;
    bFound |= bSel;
    html_printf(&r->out, "<option%s>%s</option>", bSel ? " selected" : "", z);
  }
  if (!bFound) html_printf(&r->out, "<option selected>%s</option>", zShown);
  html_printf(&r->out, "</select></label><button type=\"submit\">%s</button></form>",
              L(r, "切换", "Show"));
}

static void textarea(Req *r, const char *zName, const char *zLabel, const char *zValue,
                     int bReadOnly) {
  html_printf(&r->out,
              "<label class=\"field\">%s<textarea name=\"%s\" rows=\"4\" maxlength=\"20000\"%s>"
              "%s</textarea></label>",
              zLabel, zName, bReadOnly ? " readonly" : "", zValue ? zValue : "");
}

/* Draw the form for item c->it with values v; zError (or NULL) says why the last post was
** refused. */
static void report_form(Req *r, PageItem *c, FormValues *v, const char *zError) {
  Buf title = BUF_INIT;
  buf_printf(&title, "%s %s", L(r, "填报进展", "Report"), c->it.zNumber);
  page_begin(r, buf_str(&title), "ledger");
  buf_free(&title);
  Buf *b = &r->out;
  html_printf(b,
              "<p class=\"muted\"><a href=\"/items/%lld\">← %s %s</a></p><h1>%s · %s</h1>"
              "<p>%s</p>",
              r->id, L(r, "返回事项", "Back to item"), c->it.zNumber,
              L(r, "填报本期进展", "Report progress"), v->zPeriod, c->it.zText);
  if (zError) page__alert(r, L(r, "未能保存：", "Not saved: "), zError);
  char zCycle[16] = "";
  StoreItemDetail d;
  Buf strings = BUF_INIT;
  Err e;
  err_clear(&e);
  if (store_item_detail(r->s, r->id, &d, &strings, &e) == 0) {
    snprintf(zCycle, sizeof zCycle, "%s", d.zCycle);
  }
  buf_free(&strings);
  period_picker(r, zCycle, v->zPeriod);
  int bLocked = strcmp(v->zState, "submitted") == 0 || strcmp(v->zState, "accepted") == 0;
  if (v->reportId) {
    html_printf(b, "<p>%s<span class=\"badge\">%s</span>", L(r, "本期报告：", "This period: "),
                page__report_state(r, v->zState));
    if (v->submissions > 1) {
      html_printf(b, " <span class=\"muted\">%s%d</span>", L(r, "提交次数 ", "submitted times: "),
                  v->submissions);
    }
    html_printf(b, "</p>");
  }
  if (*v->zReason && strcmp(v->zState, "returned") == 0) {
    html_printf(b, "<div class=\"notice red\" role=\"alert\"><b>%s</b><p class=\"reason\">%s</p></div>",
                L(r, "退回原因", "Returned because"), v->zReason);
  }
  if (bLocked) {
    html_printf(b, "<p class=\"notice\">%s</p>",
                strcmp(v->zState, "accepted") == 0
                    ? L(r, "本期报告已通过审核，不能再修改。", "This period's report was accepted; it can no longer be edited.")
                    : L(r, "本期报告已提交，等待审核；退回后可再修改。",
                        "This period's report is waiting for review; it can be edited again if returned."));
  }
  html_printf(b,
              "<section><form method=\"post\" action=\"/items/%lld/report\" "
              "enctype=\"multipart/form-data\" class=\"report\">",
              r->id);
  page_csrf_field(r);
  html_printf(b,
              "<input type=\"hidden\" name=\"period\" value=\"%s\">"
              "<label class=\"field\">%s <input type=\"number\" name=\"progress\" min=\"0\" "
              "max=\"100\" step=\"1\" required value=\"%s\"%s> %%</label>",
              v->zPeriod, L(r, "总体进度（0–100）", "Progress (0–100)"),
              v->zProgress ? v->zProgress : "", bLocked ? " readonly" : "");
  textarea(r, "done", L(r, "本期完成情况", "What was done"), v->zDone, bLocked);
  textarea(r, "problems", L(r, "存在问题", "Problems"), v->zProblems, bLocked);
  textarea(r, "next", L(r, "下步打算", "Next steps"), v->zNext, bLocked);
  if (v->reportId) {
    html_printf(b, "<p>%s</p>", L(r, "已上传的佐证材料：", "Evidence already attached:"));
    page__evidence_list(r, r->id, v->reportId);
  }
  if (!bLocked) {
    html_printf(b,
                "<label class=\"field\">%s <input type=\"file\" name=\"evidence\" multiple></label>"
                "<p class=\"muted\">%s%zu MB%s%zu MB%s</p>"
                "<p><button type=\"submit\" name=\"action\" value=\"save\">%s</button> "
                "<button type=\"submit\" name=\"action\" value=\"submit\">%s</button></p>",
                L(r, "佐证材料（可多选）", "Evidence files (several allowed)"),
                L(r, "每个文件不超过 ", "Each file at most "), REPORT_EVIDENCE_MAX >> 20,
                L(r, "，每次上传合计不超过 ", ", all files of one upload at most "),
                (size_t)HTTP_BODY_MAX >> 20, L(r, "。", "."), L(r, "保存草稿", "Save draft"),
                L(r, "提交", "Submit"));
  }
  html_printf(b, "</form></section>");
  page_end(r);
}

/* Find item r->id (with auth_item_report checked) into c. On failure the error response is
** written and nonzero returned. */
static int form_item(Req *r, PageItem *c) {
  Err e;
  err_clear(&e);
  if (auth_item_report(r->s, &r->actor, r->id, &e)) {
    req_fail_err(r, &e);
    return 1;
  }
  LedgerFilter f = {.itemId = r->id, .all = 1};
  if (store_ledger_list(r->s, &f, page__keep_item, c, &e) || !c->found) {
    if (!c->found && e.code == 0) err_set(&e, LUOSHI_ENOTFOUND, "no ledger item %lld", r->id);
    req_fail_err(r, &e);
    return 1;
  }
  return 0;
}

void page_report_form(Req *r) {
  PageItem c;
  memset(&c, 0, sizeof c);
  if (form_item(r, &c)) goto cleanup;
  FormValues v;
  memset(&v, 0, sizeof v);
  const char *zPeriod = req_param(r, "period");
  char zNow[8];
  if (!zPeriod || !report_period_ok(zPeriod)) {
    StoreItemDetail d;
    Buf strings = BUF_INIT;
    Err e;
    err_clear(&e);
    const char *zCycle = store_item_detail(r->s, r->id, &d, &strings, &e) == 0 ? d.zCycle : "";
    page__period_of(r->zToday, zCycle, zNow);
    buf_free(&strings);
    zPeriod = zNow;
  }
  v.zPeriod = zPeriod;
  load_report(r, c.it.leadUnitId, &v, 1);
  report_form(r, &c, &v, NULL);
cleanup:
  buf_free(&c.strings);
}

void page_report_post(Req *r) {
  PageItem c;
  memset(&c, 0, sizeof c);
  Err e;
  err_clear(&e);
  /* who may report is answered before anything about the form (report_file asks again) */
  if (auth_item_report(r->s, &r->actor, r->id, &e)) {
    req_fail_err(r, &e);
    return;
  }
  FormValues v;
  memset(&v, 0, sizeof v);
  v.zPeriod = req_param(r, "period");
  v.zProgress = req_param(r, "progress");
  v.zDone = req_param(r, "done");
  v.zProblems = req_param(r, "problems");
  v.zNext = req_param(r, "next");
  const char *zAction = req_param(r, "action");
  int bSubmit = zAction && strcmp(zAction, "submit") == 0;
  StoreReport rep;
  memset(&rep, 0, sizeof rep);
  rep.itemId = r->id;
  rep.zPeriod = v.zPeriod ? v.zPeriod : "";
  rep.zDone = v.zDone ? v.zDone : "";
  rep.zProblems = v.zProblems ? v.zProblems : "";
  rep.zNext = v.zNext ? v.zNext : "";
  char *zEnd = NULL;
  long progress = v.zProgress ? strtol(v.zProgress, &zEnd, 10) : -1;
  rep.progress = (!v.zProgress || !*v.zProgress || *zEnd || progress < -1 || progress > 1000)
                     ? -1
                     : (int)progress;
  long long id = 0;
  int rc = report_file(r->s, &r->actor, &rep, &id, &e);
  for (int i = 0; rc == 0 && i < r->nParam; i++) {
    const Param *p = &r->aParam[i];
    if (!p->bForm || !p->zFile || strcmp(p->zName, "evidence") != 0) continue;
    if (!*p->zFile && p->nValue == 0) continue; /* the file input left empty */
    rc = report_attach_data(r->s, &r->actor, id, p->zFile, p->zValue, p->nValue, &e);
  }
  if (rc == 0 && bSubmit) rc = report_submit(r->s, &r->actor, id, &e);
  if (rc == 0) {
    char zTo[64];
    snprintf(zTo, sizeof zTo, "/items/%lld?%s=1", r->id, bSubmit ? "submitted" : "saved");
    req_redirect(r, zTo);
    return;
  }
  if (e.code == LUOSHI_EDENIED || e.code == LUOSHI_ENOTFOUND) {
    req_fail_err(r, &e);
    return;
  }
  /* Refused: the form again, with the ledger's message and what was typed. */
  if (form_item(r, &c)) goto cleanup;
  if (!v.zPeriod || !report_period_ok(v.zPeriod)) {
    char zNow[8];
    page__period_of(r->zToday, "", zNow);
    v.zPeriod = req_strndup(r, zNow, strlen(zNow));
  }
  load_report(r, c.it.leadUnitId, &v, 0);
  Err show = e;
  report_form(r, &c, &v, show.zMsg);
  r->status = show.code == LUOSHI_ETOOBIG ? 413 : show.code == LUOSHI_ECONFLICT ? 409
             : show.code == LUOSHI_EIO ? 503 : 400;
cleanup:
  buf_free(&c.strings);
}

/* ---- an evidence file (GET /evidence/{id}) ----------------------------------------------- */

typedef struct EvidenceCtx {
  Req *r;
  int bDone;
} EvidenceCtx;

static int send_evidence(void *ctx, const StoreEvidence *v) {
  EvidenceCtx *c = ctx;
  Req *r = c->r;
  Err e;
  err_clear(&e);
  if (auth_item_read(r->s, &r->actor, v->itemId, &e)) {
    req_fail_err(r, &e);
    c->bDone = 1;
    return 1;
  }
  /* Always a download, never shown inline: an uploaded HTML page must not run as ours. The
  ** plain name keeps letters, digits and . - _ of the name; filename* carries it whole. */
  Buf h = BUF_INIT;
  buf_puts(&h, "attachment; filename=\"");
  size_t nPlain = h.n;
  for (const char *z = v->zName; *z; z++) {
    char ch = *z;
    int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             ch == '.' || ch == '-' || ch == '_';
    if (ok) buf_putc(&h, ch);
    else if (h.n > nPlain && h.a[h.n - 1] != '_') buf_putc(&h, '_');
  }
  if (h.n == nPlain || h.a[nPlain] == '.') buf_printf(&h, "evidence-%lld", v->id);
  buf_puts(&h, "\"; filename*=UTF-8''");
  html_url(&h, v->zName);
  r->zType = "application/octet-stream";
  req_header(r, "Content-Disposition", buf_str(&h));
  buf_free(&h);
  buf_append(&r->out, v->pData, (size_t)v->nByte);
  c->bDone = 1;
  return 1;
}

void page_evidence(Req *r) {
  EvidenceCtx c = {r, 0};
  Err e;
  err_clear(&e);
  if (store_evidence_read(r->s, r->id, send_evidence, &c, &e) && !c.bDone) req_fail_err(r, &e);
}
