/*
** The bulletin page (/bulletin?period=2019Q1&notes=…): the periodic bulletin (督查通报) for
** supervisors and admins, printable, with a textarea for the good practice the office notes
** (paragraphs separated by blank lines) and a link for the same bulletin as an editable Word
** .docx (&format=docx). It renders what bulletin_build gathers through bulletin_render, the
** one rendering the command line and the .docx use too; it computes nothing itself. The
** route is PERM_SUPERVISE; the handler checks auth_supervise again.
*/
#include "html.h"
#include "page.h"
#include "web.h"
#include "../ledger/auth.h"
#include "../ledger/bulletin.h"

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

void page_bulletin(Req *r) {
  Err e;
  err_clear(&e);
  if (auth_supervise(&r->actor, &e)) {
    req_fail_err(r, &e);
    return;
  }
  const char *zPeriod = req_param(r, "period");
  const char *zNotes = req_param(r, "notes");
  const char *zFormat = req_param(r, "format");
  char zDefault[16];
  if (!zPeriod || !*zPeriod) {
    int month = (r->zToday[5] - '0') * 10 + (r->zToday[6] - '0');
    snprintf(zDefault, sizeof zDefault, "%.4sQ%d", r->zToday, (month - 1) / 3 + 1);
    zPeriod = zDefault;
  }
  if (zNotes && strlen(zNotes) > 65536) {
    req_fail(r, 400, L(r, "经验做法过长（至多64KB）。", "The notes are too long (64 KB at most)."));
    return;
  }
  AssessRules rules;
  json_t *b = NULL, *notes = bulletin_notes(zNotes);
  if (assess_rules_load(&rules, &e) || bulletin_build(r->s, &rules, zPeriod, notes, &b, &e)) {
    json_decref(notes);
    req_fail_err(r, &e);
    return;
  }
  json_decref(notes);
  if (zFormat && strcmp(zFormat, "docx") == 0) {
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
  page_begin(r, L(r, "督查通报", "Bulletin"), "bulletin");
  Buf *o = &r->out;
  html_printf(o, "<form method=\"get\" action=\"/bulletin\" class=\"filters no-print\"><label>%s "
                 "<input name=\"period\" value=\"%s\" size=\"8\"></label><label>%s<br>"
                 "<textarea name=\"notes\" rows=\"6\" cols=\"60\">%s</textarea></label> "
                 "<button type=\"submit\">%s</button> <button type=\"submit\" name=\"format\" "
                 "value=\"docx\">%s</button></form>",
              L(r, "通报期", "Period"), zPeriod,
              L(r, "经验做法（段落之间空一行）", "Good practice (a blank line between paragraphs)"),
              zNotes ? zNotes : "", L(r, "生成通报", "Make the bulletin"),
              L(r, "下载Word文档", "Download as Word .docx"));
  html_printf(o, "<article class=\"bulletin\">");
  Html h = {o, 0, NULL};
  BulletinSink k = {h_title, h_subtitle, h_heading, h_para, h_begin, h_row, h_end, &h};
  bulletin_render(b, &k);
  html_printf(o, "</article>");
  page_end(r);
  json_decref(b);
}
