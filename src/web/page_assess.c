/*
** The assessment page (/assess?period=2019Q1&group=cities): the rankings of each unit group by
** the scoring rules (考核评价), the red and black lists (红黑榜), the change since the previous
** period, and each unit's breakdown into rule lines down to the items and reports behind them.
** It calls the same ledger function as `luoshi assess` (assess_run) and renders its result;
** it scores nothing itself. Supervisors and admins see every unit; a leader or a reporter sees
** the units they answer for (auth_unit_read: their unit and those below it), with the ranks
** those units hold in their groups. That narrowing (assess_view_run, assess_view.h) is defined
** here and shared with the page's JSON API (api_assess.c), so both show one person the same.
*/
#include "assess_view.h"
#include "html.h"
#include "page.h"
#include "web.h"
#include "../ledger/assess.h"
#include "../ledger/auth.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *group_name(Req *r, const char *zGroup) {
  return strcmp(zGroup, "department") == 0 ? L(r, "省直部门", "Departments")
         : strcmp(zGroup, "city") == 0     ? L(r, "市（州）", "Cities")
         : strcmp(zGroup, "county") == 0   ? L(r, "县（市、区）", "Counties")
                                           : L(r, "其他单位", "Other units");
}

/* The words for a component of the default rules; another component is shown as named. */
static const char *component_name(Req *r, const char *z) {
  return strcmp(z, "completion") == 0   ? L(r, "完成情况", "completion")
         : strcmp(z, "progress") == 0   ? L(r, "序时进度", "progress")
         : strcmp(z, "reports") == 0    ? L(r, "报送", "reports")
         : strcmp(z, "targets") == 0    ? L(r, "指标", "targets")
         : strcmp(z, "warnings") == 0   ? L(r, "预警", "warnings")
         : strcmp(z, "escalation") == 0 ? L(r, "督办", "escalation")
                                        : z;
}

/* A JSON number of hundredths as text: 97.5, 100, +2 (sign: show + for positive). */
static void points_text(json_t *j, int sign, char *z, size_t n) {
  long h = lround(json_number_value(j) * 100);
  const char *zSign = h < 0 ? "-" : sign && h > 0 ? "+" : "";
  long a = labs(h);
  if (a % 100 == 0) snprintf(z, n, "%s%ld", zSign, a / 100);
  else if (a % 10 == 0) snprintf(z, n, "%s%ld.%ld", zSign, a / 100, (a % 100) / 10);
  else snprintf(z, n, "%s%ld.%02ld", zSign, a / 100, a % 100);
}

/* May r's person see unit unitId's assessment? 1 yes, 0 no, LUOSHI_EIO when the store failed. */
static int may_see(Req *r, long long unitId, Err *e) {
  if (auth_supervise(&r->actor, e) == 0) return 1;
  err_clear(e);
  int rc = auth_unit_read(r->s, &r->actor, unitId, e);
  if (rc == LUOSHI_EIO) return rc;
  err_clear(e);
  return rc == 0;
}

const char *assess_view_period(Req *r, char zBuf[16]) {
  const char *zPeriod = req_param(r, "period");
  if (zPeriod && *zPeriod) return zPeriod;
  page__period_of(r->zToday, "quarter", zBuf);
  return zBuf;
}

int assess_view_run(Req *r, const char *zPeriod, const char *zGroup, json_t **pResult, Err *e) {
  *pResult = NULL;
  AssessRules rules;
  json_t *res = NULL;
  int rc = assess_rules_load(&rules, e);
  if (rc == 0) rc = assess_run(r->s, &rules, zPeriod, zGroup, &res, e);
  json_t *groups = json_object_get(res, "groups");
  for (size_t gi = 0; rc == 0 && gi < json_array_size(groups);) {
    json_t *g = json_array_get(groups, gi);
    json_t *units = json_object_get(g, "units");
    json_t *red = json_array(), *black = json_array();
    for (size_t ui = 0; rc == 0 && ui < json_array_size(units);) {
      json_t *u = json_array_get(units, ui);
      int yes = may_see(r, json_integer_value(json_object_get(u, "unit")), e);
      if (yes < 0) rc = yes;
      if (yes <= 0) {
        json_array_remove(units, ui);
        continue;
      }
      const char *zList = json_string_value(json_object_get(u, "list"));
      json_t *list = strcmp(zList, "red") == 0 ? red : strcmp(zList, "black") == 0 ? black : NULL;
      if (list) json_array_append(list, json_object_get(u, "name"));
      ui++;
    }
    json_object_set_new(g, "red", red);
    json_object_set_new(g, "black", black);
    if (json_array_size(units) == 0) json_array_remove(groups, gi);
    else gi++;
  }
  if (rc) {
    json_decref(res);
    return rc;
  }
  *pResult = res;
  return 0;
}

static void unit_breakdown(Req *r, json_t *u) {
  Buf *b = &r->out;
  char zPts[32], zEach[32];
  html_printf(b, "<details class=\"assess-unit\" id=\"unit-%lld\"><summary>%s</summary>",
              (long long)json_integer_value(json_object_get(u, "unit")),
              json_string_value(json_object_get(u, "name")));
  json_t *lines = json_object_get(u, "lines");
  if (json_array_size(lines) == 0) {
    html_printf(b, "<p class=\"muted\">%s</p>", L(r, "本期无加减分。", "No points this period."));
  } else {
    html_printf(b, "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                   "<th>%s</th><th>%s</th></tr></thead><tbody>",
                L(r, "考核项", "Rule"), L(r, "类别", "Component"), L(r, "分值", "Each"),
                L(r, "合计", "Points"), L(r, "依据（事项、报告）", "Facts (items, reports)"));
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
      points_text(json_object_get(l, "each"), 1, zEach, sizeof zEach);
      points_text(json_object_get(l, "points"), 1, zPts, sizeof zPts);
      html_printf(b, "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                     "<td data-label=\"%s\">%s × %lld</td><td data-label=\"%s\">%s</td>"
                     "<td data-label=\"%s\">",
                  L(r, "考核项", "Rule"), json_string_value(json_object_get(l, "says")),
                  L(r, "类别", "Component"),
                  component_name(r, json_string_value(json_object_get(l, "component"))),
                  L(r, "分值", "Each"), zEach,
                  (long long)json_integer_value(json_object_get(l, "count")),
                  L(r, "合计", "Points"), zPts, L(r, "依据", "Facts"));
      size_t k;
      json_t *f;
      json_array_foreach(json_object_get(l, "facts"), k, f) {
        if (k == 50) {
          html_printf(b, " … (%zu)", json_array_size(json_object_get(l, "facts")));
          break;
        }
        long long item = (long long)json_integer_value(json_object_get(f, "item"));
        html_printf(b, "%s<a href=\"/items/%lld\">%s</a>", k ? "、" : "", item,
                    json_string_value(json_object_get(f, "number")));
        json_t *rep = json_object_get(f, "report");
        if (rep) {
          html_printf(b, "（<a href=\"/items/%lld#report-%lld\">%s %lld</a>）", item,
                      (long long)json_integer_value(rep), L(r, "报告", "report"),
                      (long long)json_integer_value(rep));
        }
      }
      html_printf(b, "</td></tr>");
    }
    html_printf(b, "</tbody></table>");
  }
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(u, "exempt"), i, x) {
    long long item = (long long)json_integer_value(json_object_get(x, "item"));
    html_printf(b, "<p class=\"muted\">%s<a href=\"/items/%lld\">%s</a>（%s %lld）</p>",
                L(r, "容错免予考核：", "Exempt (fault tolerance): "), item,
                json_string_value(json_object_get(x, "number")), L(r, "申请", "request"),
                (long long)json_integer_value(json_object_get(x, "request")));
  }
  html_printf(b, "</details>");
}

void page_assess(Req *r) {
  Err e;
  err_clear(&e);
  char zDefault[16];
  const char *zPeriod = assess_view_period(r, zDefault);
  const char *zGroup = req_param(r, "group");
  json_t *res = NULL;
  if (assess_view_run(r, zPeriod, zGroup, &res, &e)) {
    req_fail_err(r, &e);
    return;
  }
  page_begin(r, L(r, "考核评价", "Assessment"), "assess");
  Buf *b = &r->out;
  html_printf(b, "<h1>%s %s</h1>", L(r, "考核评价", "Assessment"), zPeriod);
  html_printf(b, "<form method=\"get\" action=\"/assess\" class=\"filters no-print\"><label>%s "
                 "<input name=\"period\" value=\"%s\" size=\"8\"></label> <label>%s <select "
                 "name=\"group\">",
              L(r, "考核期", "Period"), zPeriod, L(r, "类别", "Group"));
  static const char *const azGroup[] = {"all", "departments", "cities", "counties"};
  for (int k = 0; k < 4; k++) {
    html_printf(b, "<option value=\"%s\"%s>%s</option>", azGroup[k],
                zGroup && strcmp(zGroup, azGroup[k]) == 0 ? " selected" : "",
                k == 0 ? L(r, "全部", "All") : group_name(r, k == 1 ? "department" : k == 2 ? "city" : "county"));
  }
  html_printf(b, "</select></label> <button type=\"submit\">%s</button></form>",
              L(r, "查看", "Show"));
  json_t *jr = json_object_get(res, "rules");
  html_printf(b, "<p class=\"muted\">%s — %s · %s %s · %s %s · %s %s</p>",
              json_string_value(json_object_get(res, "from")),
              json_string_value(json_object_get(res, "to")), L(r, "考核规则版本", "rules version"),
              json_string_value(json_object_get(jr, "version")),
              L(r, "对比上期", "compared with"),
              json_string_value(json_object_get(res, "previous")), L(r, "规则文件", "rules file"),
              json_string_value(json_object_get(jr, "sha256")));
  int nShown = 0;
  size_t gi;
  json_t *g;
  json_array_foreach(json_object_get(res, "groups"), gi, g) {
    const char *zG = json_string_value(json_object_get(g, "group"));
    json_t *units = json_object_get(g, "units");
    size_t ui;
    json_t *u;
    html_printf(b, "<section class=\"assess-group\" id=\"group-%s\"><h2>%s</h2>", zG,
                group_name(r, zG));
    html_printf(b, "<table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                   "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                L(r, "名次", "Rank"), L(r, "单位", "Unit"), L(r, "得分", "Score"),
                L(r, "较上期", "Change"), L(r, "事项", "Items"), L(r, "红黑榜", "List"));
    json_array_foreach(units, ui, u) {
      long long unitId = json_integer_value(json_object_get(u, "unit"));
      nShown++;
      char zScore[32], zChange[64] = "";
      points_text(json_object_get(u, "score"), 0, zScore, sizeof zScore);
      json_t *ch = json_object_get(u, "change");
      if (json_is_object(ch)) {
        char zS[32];
        points_text(json_object_get(ch, "score"), 1, zS, sizeof zS);
        long long dr = json_integer_value(json_object_get(ch, "rank"));
        if (dr) snprintf(zChange, sizeof zChange, "%s（%s%lld）", zS, dr > 0 ? "↑" : "↓", dr < 0 ? -dr : dr);
        else snprintf(zChange, sizeof zChange, "%s（%s）", zS, L(r, "名次不变", "same rank"));
      }
      const char *zList = json_string_value(json_object_get(u, "list"));
      int red = strcmp(zList, "red") == 0, black = strcmp(zList, "black") == 0;
      html_printf(b, "<tr><td data-label=\"%s\">%lld</td><td data-label=\"%s\"><a href=\"#unit-%lld\">"
                     "%s</a></td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                     "<td data-label=\"%s\">%lld</td><td data-label=\"%s\">",
                  L(r, "名次", "Rank"), (long long)json_integer_value(json_object_get(u, "rank")),
                  L(r, "单位", "Unit"), unitId, json_string_value(json_object_get(u, "name")),
                  L(r, "得分", "Score"), zScore, L(r, "较上期", "Change"),
                  *zChange ? zChange : L(r, "（新）", "(new)"), L(r, "事项", "Items"),
                  (long long)json_integer_value(json_object_get(u, "items")),
                  L(r, "红黑榜", "List"));
      if (red) html_printf(b, "<span class=\"badge red\">%s</span>", L(r, "红榜", "red list"));
      if (black) html_printf(b, "<span class=\"badge black\">%s</span>", L(r, "黑榜", "black list"));
      html_printf(b, "</td></tr>");
    }
    html_printf(b, "</tbody></table>");
    json_array_foreach(units, ui, u) unit_breakdown(r, u);
    html_printf(b, "</section>");
  }
  if (nShown == 0) {
    html_printf(b, "<p class=\"muted\">%s</p>",
                L(r, "本期没有可显示的考核结果。", "No assessment to show for this period."));
  }
  page_end(r);
  json_decref(res);
}
