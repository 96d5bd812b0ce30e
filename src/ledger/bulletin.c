/* Bulletin (督查通报): see bulletin.h. */
#include "bulletin.h"
#include "bulletin_notes.h"

#include "../text/docx_write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- gathering -------------------------------------------------------------------------- */

typedef struct Gather {
  json_t *items;             /* id (text) -> {"number","text","unit"} */
  long long aStatus[5];
  long long nItem;
  long long progressSum;
  json_t *behind;
  json_t *completed;
  json_t *warned;
  long long nRed, nYellow, nBlue, nEscalated;
  const AssessPeriod *p;
} Gather;

static int on_item(void *ctx, const StoreItem *it) {
  Gather *g = ctx;
  static const char *const azStatus[] = STORE_STATUS_NAMES;
  g->nItem++;
  int done = 0;
  for (int i = 0; i < 5; i++) {
    if (strcmp(it->zStatus, azStatus[i]) == 0) {
      g->aStatus[i]++;
      done = i == 2 || i == 3;
    }
  }
  g->progressSum += done ? 100 : it->progress > 0 ? it->progress : 0;
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", it->id);
  json_object_set_new(g->items, zId,
                      json_pack("{s:s, s:s, s:s}", "number", it->zNumber ? it->zNumber : "",
                                "text", it->zText ? it->zText : "", "unit",
                                it->zLeadUnit ? it->zLeadUnit : ""));
  if (strcmp(it->zStatus, "滞后") == 0) {
    json_array_append_new(g->behind,
                          json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "item", (json_int_t)it->id,
                                    "number", it->zNumber ? it->zNumber : "", "text",
                                    it->zText ? it->zText : "", "unit",
                                    it->zLeadUnit ? it->zLeadUnit : "", "deadline",
                                    it->zDeadline ? it->zDeadline : "", "progress",
                                    it->progress));
  }
  return 0;
}

static int on_facts(void *ctx, const StoreAssessItem *f) {
  Gather *g = ctx;
  /* completed in the period: the first submitted or accepted report at 100 % (as assess
  ** counts it) belongs to a period ending within this one */
  const StoreAssessReport *done = NULL;
  for (int k = 0; k < f->nReport && !done; k++) {
    if (f->aReport[k].reported && f->aReport[k].progress == 100) done = &f->aReport[k];
  }
  char zId[24];
  snprintf(zId, sizeof zId, "%lld", f->id);
  json_t *it = json_object_get(g->items, zId);
  const char *zText = it ? json_string_value(json_object_get(it, "text")) : "";
  if (done && done->lastMonth >= g->p->firstMonth && done->lastMonth <= g->p->lastMonth) {
    json_array_append_new(g->completed,
                          json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "item", (json_int_t)f->id,
                                    "number", f->zNumber, "text", zText, "unit", f->zUnit,
                                    "report", (json_int_t)done->id, "report_period",
                                    done->zPeriod));
  }
  if (f->zWorst && *f->zWorst) {
    if (strcmp(f->zWorst, "red") == 0) g->nRed++;
    else if (strcmp(f->zWorst, "yellow") == 0) g->nYellow++;
    else g->nBlue++;
  }
  if (f->noticeLevel > 0) g->nEscalated++;
  if ((f->zWorst && *f->zWorst) || f->noticeLevel > 0) {
    json_array_append_new(g->warned,
                          json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "item", (json_int_t)f->id,
                                    "number", f->zNumber, "unit", f->zUnit, "colour",
                                    f->zWorst ? f->zWorst : "", "on",
                                    f->zWarnedOn ? f->zWarnedOn : "", "notice_level",
                                    f->noticeLevel));
  }
  return 0;
}

typedef struct Doc {
  int n;
  char zTitle[512];
} Doc;

static int on_doc(void *ctx, const StoreDocRow *d) {
  Doc *doc = ctx;
  if (d->zKind && strcmp(d->zKind, "decision") != 0) return 0;
  if (doc->n++ == 0) snprintf(doc->zTitle, sizeof doc->zTitle, "%s", d->zTitle ? d->zTitle : "");
  return 0;
}

static int on_measure(void *ctx, const StoreMeasure *m) {
  json_array_append_new(ctx, json_pack("{s:i, s:s, s:I, s:f}", "measure", m->measure, "title",
                                       m->zTitle ? m->zTitle : "", "items",
                                       (json_int_t)m->nItem, "progress",
                                       round(m->progress * 10) / 10));
  return 0;
}

static int period_number(const AssessPeriod *p) {
  const char *z = p->zName;
  const char *q = strchr(z, 'Q');
  if (q) return (int)strtol(q + 1, NULL, 10);
  if (strlen(z) == 7) return (int)strtol(z + 5, NULL, 10);
  return 1;
}

int bulletin_build(Store *s, const AssessRules *r, const char *zPeriod, json_t *notes,
                   json_t **pResult, Err *e) {
  *pResult = NULL;
  AssessPeriod p;
  if (assess_period_parse(zPeriod, &p, e)) return LUOSHI_EINVAL;
  Gather g;
  memset(&g, 0, sizeof g);
  g.p = &p;
  g.items = json_object();
  g.behind = json_array();
  g.completed = json_array();
  g.warned = json_array();
  json_t *measures = json_array(), *ranks = NULL;
  Doc doc = {0, ""};
  int rc = store_ledger_list(s, NULL, on_item, &g, e);
  StoreAssessPeriod sp = {p.zFrom, p.zTo, p.lastMonth, p.zCounted, p.zOverlap};
  if (rc == 0) rc = store_assess_facts(s, &sp, on_facts, &g, e);
  LedgerFilter scope;
  memset(&scope, 0, sizeof scope);
  if (rc == 0) rc = store_measure_progress(s, &scope, on_measure, measures, e);
  if (rc == 0) rc = store_doc_list(s, on_doc, &doc, e);
  if (rc == 0) rc = assess_run(s, r, zPeriod, NULL, &ranks, e);
  json_t *stored = NULL;   /* the period's notes from the store, when none are given */
  if (rc == 0 && !notes) rc = bulletin_notes_load(s, p.zName, &stored, e);
  if (rc) {
    json_decref(g.items);
    json_decref(g.behind);
    json_decref(g.completed);
    json_decref(g.warned);
    json_decref(measures);
    json_decref(ranks);
    json_decref(stored);
    return rc;
  }
  char zTitle[700];
  if (doc.n == 1 && *doc.zTitle) {
    snprintf(zTitle, sizeof zTitle, "关于《%s》落实情况的通报", doc.zTitle);
  } else {
    snprintf(zTitle, sizeof zTitle, "关于重点任务落实情况的通报");
  }
  /* the rankings: each group's units in rank order, with the red and black lists */
  json_t *groups = json_array();
  size_t gi, ui;
  json_t *gr, *u;
  json_array_foreach(json_object_get(ranks, "groups"), gi, gr) {
    json_t *units = json_array();
    json_array_foreach(json_object_get(gr, "units"), ui, u) {
      json_array_append_new(units, json_pack("{s:O, s:O, s:O, s:O}", "rank",
                                             json_object_get(u, "rank"), "name",
                                             json_object_get(u, "name"), "score",
                                             json_object_get(u, "score"), "list",
                                             json_object_get(u, "list")));
    }
    json_array_append_new(groups, json_pack("{s:O, s:o, s:O, s:O}", "group",
                                            json_object_get(gr, "group"), "units", units,
                                            "red", json_object_get(gr, "red"), "black",
                                            json_object_get(gr, "black")));
  }
  double avg = g.nItem ? round((double)g.progressSum * 10 / (double)g.nItem) / 10 : 0;
  json_t *b = json_pack(
      "{s:s, s:s, s:s, s:i, s:s, s:s,"
      " s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f},"
      " s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I, s:o}, s:{s:O, s:o}, s:o}",
      "period", p.zName, "from", p.zFrom, "to", p.zTo, "number", period_number(&p), "title",
      zTitle, "document", doc.zTitle,
      "overall", "items", (json_int_t)g.nItem, "not_started", (json_int_t)g.aStatus[0],
      "in_progress", (json_int_t)g.aStatus[1], "completed", (json_int_t)g.aStatus[2], "closed",
      (json_int_t)g.aStatus[3], "behind", (json_int_t)g.aStatus[4], "on_schedule",
      (json_int_t)(g.aStatus[0] + g.aStatus[1]), "average_progress", avg,
      "measures", measures, "completed", g.completed, "behind", g.behind,
      "warnings", "red", (json_int_t)g.nRed, "yellow", (json_int_t)g.nYellow, "blue",
      (json_int_t)g.nBlue, "escalated", (json_int_t)g.nEscalated, "items", g.warned,
      "rankings", "rules", json_object_get(ranks, "rules"), "groups", groups,
      "notes", notes ? json_incref(notes) : stored);
  json_decref(g.items);
  json_decref(ranks);
  if (!b) return err_set(e, LUOSHI_EINVAL, "the bulletin could not be built (bad text?)");
  *pResult = b;
  return 0;
}

/* ---- rendering ---------------------------------------------------------------------------- */

const char *bulletin_group_name(const char *zGroup) {
  return strcmp(zGroup, "department") == 0 ? "省直部门"
         : strcmp(zGroup, "city") == 0     ? "市（州）"
         : strcmp(zGroup, "county") == 0   ? "县（市、区）"
                                           : "其他单位";
}

static const char *colour_name(const char *z) {
  return strcmp(z, "red") == 0 ? "红色" : strcmp(z, "yellow") == 0 ? "黄色"
                                        : strcmp(z, "blue") == 0   ? "蓝色"
                                                                   : "";
}

static void score_text(json_t *j, char *z, size_t n) {
  long h = lround(json_number_value(j) * 100);
  long a = labs(h);
  const char *zSign = h < 0 ? "-" : "";
  if (a % 100 == 0) snprintf(z, n, "%s%ld", zSign, a / 100);
  else if (a % 10 == 0) snprintf(z, n, "%s%ld.%ld", zSign, a / 100, (a % 100) / 10);
  else snprintf(z, n, "%s%ld.%02ld", zSign, a / 100, a % 100);
}

#define I(o, k) ((long long)json_integer_value(json_object_get((o), (k))))
#define S(o, k) json_string_value(json_object_get((o), (k)))

void bulletin_render(json_t *b, const BulletinSink *k) {
  char z[1024], zA[64], zB[64], zC[64];
  json_t *o = json_object_get(b, "overall");
  k->title(k->ctx, S(b, "title"));
  snprintf(z, sizeof z, "第%lld期（%s）", I(b, "number"), S(b, "period"));
  k->subtitle(k->ctx, z);
  snprintf(z, sizeof z, "%s至%s", S(b, "from"), S(b, "to"));
  k->subtitle(k->ctx, z);

  k->heading(k->ctx, "一、总体进展");
  snprintf(z, sizeof z,
           "纳入台账的任务共%lld项，其中已完成%lld项、已销号%lld项，按序时推进%lld项（推进中%lld"
           "项、未启动%lld项），进度滞后%lld项；平均进度%.1f%%。",
           I(o, "items"), I(o, "completed"), I(o, "closed"), I(o, "on_schedule"),
           I(o, "in_progress"), I(o, "not_started"), I(o, "behind"),
           json_number_value(json_object_get(o, "average_progress")));
  k->para(k->ctx, z);

  k->heading(k->ctx, "二、各项措施推进情况");
  static const char *const azM[] = {"措施", "名称", "任务数", "平均进度"};
  k->table_begin(k->ctx, 4, azM);
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(b, "measures"), i, x) {
    snprintf(zA, sizeof zA, "%lld", I(x, "measure"));
    snprintf(zB, sizeof zB, "%lld", I(x, "items"));
    snprintf(zC, sizeof zC, "%.1f%%", json_number_value(json_object_get(x, "progress")));
    const char *az[] = {zA, S(x, "title"), zB, zC};
    k->row(k->ctx, az);
  }
  k->table_end(k->ctx);

  json_t *done = json_object_get(b, "completed");
  k->heading(k->ctx, "三、本期完成的任务");
  snprintf(z, sizeof z, "本期完成任务%zu项。", json_array_size(done));
  k->para(k->ctx, z);
  if (json_array_size(done)) {
    static const char *const azH[] = {"编号", "任务内容", "牵头单位"};
    k->table_begin(k->ctx, 3, azH);
    json_array_foreach(done, i, x) {
      const char *az[] = {S(x, "number"), S(x, "text"), S(x, "unit")};
      k->row(k->ctx, az);
    }
    k->table_end(k->ctx);
  }

  json_t *behind = json_object_get(b, "behind");
  k->heading(k->ctx, "四、进度滞后的任务");
  snprintf(z, sizeof z, "目前进度滞后的任务%zu项，请牵头单位加快推进。", json_array_size(behind));
  k->para(k->ctx, z);
  if (json_array_size(behind)) {
    static const char *const azH[] = {"编号", "任务内容", "牵头单位", "完成时限", "进度"};
    k->table_begin(k->ctx, 5, azH);
    json_array_foreach(behind, i, x) {
      long long pr = I(x, "progress");
      if (pr >= 0) snprintf(zA, sizeof zA, "%lld%%", pr);
      else snprintf(zA, sizeof zA, "未报送");
      const char *az[] = {S(x, "number"), S(x, "text"), S(x, "unit"),
                          *S(x, "deadline") ? S(x, "deadline") : "长期坚持", zA};
      k->row(k->ctx, az);
    }
    k->table_end(k->ctx);
  }

  json_t *w = json_object_get(b, "warnings");
  k->heading(k->ctx, "五、预警和督办情况");
  snprintf(z, sizeof z, "本期发出红色预警%lld项、黄色预警%lld项、蓝色预警%lld项，督办%lld项。",
           I(w, "red"), I(w, "yellow"), I(w, "blue"), I(w, "escalated"));
  k->para(k->ctx, z);
  if (json_array_size(json_object_get(w, "items"))) {
    static const char *const azH[] = {"编号", "牵头单位", "预警", "预警日期", "督办"};
    k->table_begin(k->ctx, 5, azH);
    json_array_foreach(json_object_get(w, "items"), i, x) {
      long long lv = I(x, "notice_level");
      if (lv) snprintf(zA, sizeof zA, "%lld级", lv);
      else zA[0] = 0;
      const char *az[] = {S(x, "number"), S(x, "unit"), colour_name(S(x, "colour")), S(x, "on"),
                          zA};
      k->row(k->ctx, az);
    }
    k->table_end(k->ctx);
  }

  json_t *rk = json_object_get(b, "rankings");
  k->heading(k->ctx, "六、考核排名（红黑榜）");
  snprintf(z, sizeof z, "按考核评价规则（%s版）计分排名。",
           S(json_object_get(rk, "rules"), "version"));
  k->para(k->ctx, z);
  json_t *gr;
  json_array_foreach(json_object_get(rk, "groups"), i, gr) {
    Buf t = BUF_INIT;
    buf_printf(&t, "%s：", bulletin_group_name(S(gr, "group")));
    size_t j;
    json_t *n;
    buf_puts(&t, "红榜");
    json_array_foreach(json_object_get(gr, "red"), j, n) buf_printf(&t, "%s%s", j ? "、" : "：", json_string_value(n));
    if (!json_array_size(json_object_get(gr, "red"))) buf_puts(&t, "：无");
    buf_puts(&t, "；黑榜");
    json_array_foreach(json_object_get(gr, "black"), j, n) buf_printf(&t, "%s%s", j ? "、" : "：", json_string_value(n));
    if (!json_array_size(json_object_get(gr, "black"))) buf_puts(&t, "：无");
    buf_puts(&t, "。");
    k->para(k->ctx, buf_str(&t));
    buf_free(&t);
    static const char *const azH[] = {"名次", "单位", "得分", "红黑榜"};
    k->table_begin(k->ctx, 4, azH);
    json_t *u;
    json_array_foreach(json_object_get(gr, "units"), j, u) {
      snprintf(zA, sizeof zA, "%lld", I(u, "rank"));
      score_text(json_object_get(u, "score"), zB, sizeof zB);
      const char *zL = S(u, "list");
      const char *az[] = {zA, S(u, "name"), zB, strcmp(zL, "red") == 0     ? "红榜"
                                                 : strcmp(zL, "black") == 0 ? "黑榜"
                                                                            : ""};
      k->row(k->ctx, az);
    }
    k->table_end(k->ctx);
  }

  json_t *notes = json_object_get(b, "notes");
  if (json_array_size(notes)) {
    k->heading(k->ctx, "七、经验做法");
    json_array_foreach(notes, i, x) k->para(k->ctx, json_string_value(x));
  }
}

/* text */
typedef struct Text {
  Buf *out;
  int nCol;
} Text;
static void t_line(void *c, const char *z) { buf_printf(((Text *)c)->out, "%s\n", z ? z : ""); }
static void t_heading(void *c, const char *z) { buf_printf(((Text *)c)->out, "\n%s\n", z); }
static void t_para(void *c, const char *z) { buf_printf(((Text *)c)->out, "　　%s\n", z); }
static void t_row(void *c, const char *const *az) {
  Text *t = c;
  for (int i = 0; i < t->nCol; i++) buf_printf(t->out, "%s%s", i ? "  " : "    ", az[i] ? az[i] : "");
  buf_putc(t->out, '\n');
}
static void t_begin(void *c, int n, const char *const *az) {
  ((Text *)c)->nCol = n;
  t_row(c, az);
}
static void t_end(void *c) { (void)c; }

void bulletin_print(json_t *b, Buf *out) {
  Text t = {out, 0};
  BulletinSink k = {t_line, t_line, t_heading, t_para, t_begin, t_row, t_end, &t};
  bulletin_render(b, &k);
}

/* docx */
static void d_title(void *c, const char *z) { docxw_title(c, z); }
static void d_subtitle(void *c, const char *z) { docxw_subtitle(c, z); }
static void d_heading(void *c, const char *z) { docxw_heading(c, z); }
static void d_para(void *c, const char *z) { docxw_para(c, z); }
static void d_begin(void *c, int n, const char *const *az) { docxw_table_begin(c, n, az); }
static void d_row(void *c, const char *const *az) { docxw_table_row(c, az); }
static void d_end(void *c) { docxw_table_end(c); }

int bulletin_docx(json_t *b, Buf *out, Err *e) {
  DocxW w = DOCXW_INIT;
  BulletinSink k = {d_title, d_subtitle, d_heading, d_para, d_begin, d_row, d_end, &w};
  bulletin_render(b, &k);
  return docxw_finish(&w, out, e);
}
