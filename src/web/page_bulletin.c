/*
** The bulletin page (/bulletin?period=2019Q1): the periodic bulletin (督查通报) for supervisors
** and admins, printable, with a link for the same bulletin as an editable Word .docx
** (&format=docx), and the form (POST /bulletin/notes, with the CSRF token) where the office
** writes the period's good practice (经验做法, paragraphs separated by blank lines). The notes
** are stored per period (bulletin_notes_save: audited, 64 KB at most), so the page, the .docx
** and `luoshi bulletin` of that period print the same ones. It renders what bulletin_build
** gathers through bulletin_render, the one rendering the command line and the .docx use too;
** it computes nothing itself. The routes are PERM_SUPERVISE; the handlers check
** auth_supervise again (and bulletin_notes_save a third time).
*/
#include "assess_view.h"
#include "html.h"
#include "page.h"
#include "web.h"
#include "../ledger/auth.h"
#include "../ledger/bulletin.h"
#include "../ledger/bulletin_notes.h"

#include <stdio.h>
#include <string.h>

typedef struct Html {
  Buf *b;
  int nCol;
  const char *const *azHead;
} Html;

static void h_title(void *c, const char *z) { html_printf(((Html *)c)->b, "<h1 class=\"bulletin-title\">%s</h1>", z); }
static void h_subtitle(void *c, const char *z) { html_printf(((Html *)c)->b, "<p class=\"bulletin-sub\">%s</p>", z); }
static void h_heading(void *c, const char *z) { html_printf(((Html *)c)->b, "<h2>%s</h2>", z); }
static void h_para(void *c, const char *z) { html_printf(((Html *)c)->b, "<p class=\"bulletin-para\">%s</p>", z); }
static void h_begin(void *c, int n, const char *const *az) {
  Html *h = c;
  h->nCol = n;
  h->azHead = az;
  html_printf(h->b, "<table class=\"ledger\"><thead><tr>");
  for (int i = 0; i < n; i++) html_printf(h->b, "<th>%s</th>", az[i]);
  html_printf(h->b, "</tr></thead><tbody>");
}
static void h_row(void *c, const char *const *az) {
  Html *h = c;
  html_printf(h->b, "<tr>");
  for (int i = 0; i < h->nCol; i++) {
    html_printf(h->b, "<td data-label=\"%s\">%s</td>", h->azHead[i], az[i] ? az[i] : "");
  }
  html_printf(h->b, "</tr>");
}
static void h_end(void *c) { html_printf(((Html *)c)->b, "</tbody></table>"); }

/* The notes form of period zPeriod: the text stored (or zTyped, what a refused save sent, when
** not NULL), who stored it and when. */
static void notes_form(Req *r, const char *zPeriod, const char *zTyped) {
  Buf *o = &r->out;
  Err e;
  err_clear(&e);
  StoreBulletinNotes n = {zPeriod, "", "", ""};
  Buf strings = BUF_INIT;
  if (store_bulletin_notes_get(r->s, zPeriod, &n, &strings, &e)) {
    page__alert(r, L(r, "读取经验做法失败：", "The notes could not be read: "), e.zMsg);
  }
  html_printf(o, "<form method=\"post\" action=\"/bulletin/notes\" class=\"bulletin-notes "
                 "no-print\">");
  page_csrf_field(r);
  html_printf(o, "<input type=\"hidden\" name=\"period\" value=\"%s\"><label>%s<br><textarea "
                 "name=\"notes\" rows=\"8\" cols=\"72\" maxlength=\"%d\">%s</textarea></label>",
              zPeriod, L(r, "本期经验做法（段落之间空一行）",
                         "Good practice of this period (a blank line between paragraphs)"),
              BULLETIN_NOTES_MAX, zTyped ? zTyped : n.zNotes);
  if (*n.zUpdatedBy) {
    html_printf(o, "<p class=\"muted\">%s %s，%s</p>", L(r, "最近保存：", "Last saved by"),
                n.zUpdatedBy, n.zUpdatedAt);
  }
  html_printf(o, "<button type=\"submit\">%s</button></form>",
              L(r, "保存经验做法", "Save the good practice"));
  buf_free(&strings);
}

/* The bulletin of zPeriod (or its .docx, for format=docx) with zError above it when a save
** was refused (zTyped: the text it sent), answered with status (0 keeps 200). */
static void bulletin_show(Req *r, const char *zPeriod, const char *zError, const char *zTyped,
                          int status) {
  Err e;
  err_clear(&e);
  const char *zFormat = req_param(r, "format");
  AssessRules rules;
  json_t *b = NULL;
  if (assess_rules_load(&rules, &e) || bulletin_build(r->s, &rules, zPeriod, NULL, &b, &e)) {
    req_fail_err(r, &e);
    return;
  }
  if (!zError && zFormat && strcmp(zFormat, "docx") == 0) {
    if (bulletin_docx(b, &r->out, &e)) {
      json_decref(b);
      req_fail_err(r, &e);
      return;
    }
    r->zType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    char zDisp[96];
    snprintf(zDisp, sizeof zDisp, "attachment; filename=\"bulletin-%s.docx\"",
             json_string_value(json_object_get(b, "period")));
    req_header(r, "Content-Disposition", zDisp);
    json_decref(b);
    return;
  }
  const char *zShown = json_string_value(json_object_get(b, "period"));
  page_begin(r, L(r, "督查通报", "Bulletin"), "bulletin");
  Buf *o = &r->out;
  html_printf(o, "<form method=\"get\" action=\"/bulletin\" class=\"filters no-print\"><label>%s "
                 "<input name=\"period\" value=\"%s\" size=\"8\"></label> "
                 "<button type=\"submit\">%s</button> <button type=\"submit\" name=\"format\" "
                 "value=\"docx\">%s</button></form>",
              L(r, "通报期", "Period"), zShown, L(r, "生成通报", "Make the bulletin"),
              L(r, "下载Word文档", "Download as Word .docx"));
  if (zError) {
    page__alert(r, L(r, "经验做法未保存：", "The good practice was not saved: "), zError);
  } else if (req_param(r, "saved")) {
    html_printf(o, "<p class=\"notice\" role=\"status\">%s</p>",
                L(r, "经验做法已保存。", "The good practice was saved."));
  }
  notes_form(r, zShown, zTyped);
  html_printf(o, "<article class=\"bulletin\">");
  Html h = {o, 0, NULL};
  BulletinSink k = {h_title, h_subtitle, h_heading, h_para, h_begin, h_row, h_end, &h};
  bulletin_render(b, &k);
  html_printf(o, "</article>");
  page_end(r);
  if (status) r->status = status;
  json_decref(b);
}

void page_bulletin(Req *r) {
  Err e;
  err_clear(&e);
  if (auth_supervise(&r->actor, &e)) {
    req_fail_err(r, &e);
    return;
  }
  char zDefault[16];
  bulletin_show(r, assess_view_period(r, zDefault), NULL, NULL, 0);
}

void page_bulletin_notes_post(Req *r) {
  Err e;
  err_clear(&e);
  const char *zPeriod = req_param(r, "period");
  const char *zNotes = req_param(r, "notes");
  if (!zPeriod || !*zPeriod) {
    req_fail(r, 400, L(r, "请指明通报期（如 2019Q1）。", "period is required (e.g. 2019Q1)"));
    return;
  }
  int rc = bulletin_notes_save(r->s, &r->actor, zPeriod, zNotes ? zNotes : "", NULL, &e);
  if (rc == 0) {
    Buf to = BUF_INIT;
    buf_puts(&to, "/bulletin?period=");
    html_url(&to, zPeriod);
    buf_puts(&to, "&saved=1");
    req_redirect(r, buf_str(&to));
    buf_free(&to);
    return;
  }
  AssessPeriod p;
  if (rc != LUOSHI_EINVAL || assess_period_parse(zPeriod, &p, NULL)) {
    req_fail_err(r, &e);   /* refused, a bad period, or a store that failed */
    return;
  }
  bulletin_show(r, zPeriod, e.zMsg, zNotes ? zNotes : "", 400);
}
