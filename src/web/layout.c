/*
** Layout: the frame every HTML page shares — head, navigation by role, language switch,
** footer — and the small vocabularies pages print (status and warning names). Also serves the
** embedded stylesheet and script. Pages write their own content between page_begin and
** page_end; nothing here reads the database.
*/
#include "html.h"
#include "web.h"
#include "../base/data.h"

#include <string.h>

void page_csrf_field(Req *r) {
  html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->zCsrf);
}

static void nav_link(Req *r, const char *zHref, const char *zName, const char *zText,
                     const char *zNav) {
  if (zNav && strcmp(zNav, zName) == 0) {
    html_printf(&r->out, "<a href=\"%s\" aria-current=\"page\">%s</a>", zHref, zText);
  } else {
    html_printf(&r->out, "<a href=\"%s\">%s</a>", zHref, zText);
  }
}

static const char *role_name(Req *r) {
  switch (r->actor.role) {
    case ROLE_ADMIN: return L(r, "管理员", "admin");
    case ROLE_SUPERVISOR: return L(r, "督查", "supervisor");
    case ROLE_LEADER: return L(r, "领导", "leader");
    default: return L(r, "填报", "reporter");
  }
}

void page_begin(Req *r, const char *zTitle, const char *zNav) {
  Buf *b = &r->out;
  html_printf(b,
              "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              "<meta name=\"csrf-token\" content=\"%s\">"
              "<title>%s · %s</title><link rel=\"stylesheet\" href=\"/static/luoshi.css\">"
              "<script src=\"/static/luoshi.js\" defer></script></head><body>"
              "<header class=\"top\"><a class=\"brand\" href=\"%s\">落实 <small>%s</small></a>"
              "<nav aria-label=\"%s\">",
              r->bEnglish ? "en" : "zh-CN", r->zCsrf, zTitle, L(r, "落实", "luoshi"),
              r->bUser ? "/" : "/public", L(r, "督查落实", "implementation"),
              L(r, "主导航", "main"));
  if (r->bUser) {
    nav_link(r, "/", "dashboard", L(r, "挂图作战", "Dashboard"), zNav);
    nav_link(r, "/ledger", "ledger", L(r, "台账", "Ledger"), zNav);
    nav_link(r, "/timeline", "timeline", L(r, "时间轴", "Timeline"), zNav);
    nav_link(r, "/documents", "documents", L(r, "文件", "Documents"), zNav);
    nav_link(r, "/units", "units", L(r, "单位", "Units"), zNav);
    nav_link(r, "/assess", "assess", L(r, "考核", "Assessment"), zNav);
    if (r->actor.role == ROLE_ADMIN || r->actor.role == ROLE_SUPERVISOR) {
      nav_link(r, "/review", "review", L(r, "审核", "Review"), zNav);
    }
  }
  nav_link(r, "/public", "public", L(r, "公开", "Public"), zNav);
  html_printf(b, "</nav><div class=\"who\">");
  if (r->bUser) {
    html_printf(b,
                "<span>%s（%s）</span><form method=\"post\" action=\"/logout\" "
                "class=\"inline\">",
                r->actor.zName, role_name(r));
    page_csrf_field(r);
    html_printf(b, "<button type=\"submit\">%s</button></form>", L(r, "退出", "Log out"));
  } else if (strcmp(r->zPath, "/login") != 0) {
    html_printf(b, "<a href=\"/login\">%s</a>", L(r, "登录", "Log in"));
  }
  html_printf(b, " <a class=\"lang\" href=\"/lang?to=%s&amp;back=", r->bEnglish ? "zh" : "en");
  html_url(b, r->zPath);
  html_printf(b, "\">%s</a></div></header><main>", r->bEnglish ? "中文" : "English");
}

void page_end(Req *r) {
  html_printf(&r->out,
              "</main><footer><span>%s</span> <span class=\"today\">%s %s</span></footer>"
              "</body></html>\n",
              L(r, "落实 · 列出清单、挂图作战", "luoshi · list every task, run the work from maps"),
              L(r, "今天", "Today"), r->zToday);
}

const char *page_colour_class(const char *zColour) {
  if (!zColour) return "none";
  if (strcmp(zColour, "red") == 0) return "red";
  if (strcmp(zColour, "yellow") == 0) return "yellow";
  if (strcmp(zColour, "blue") == 0) return "blue";
  return "none";
}

const char *page_colour_name(Req *r, const char *zColour) {
  const char *z = page_colour_class(zColour);
  if (strcmp(z, "red") == 0) return L(r, "红色预警", "red");
  if (strcmp(z, "yellow") == 0) return L(r, "黄色预警", "yellow");
  if (strcmp(z, "blue") == 0) return L(r, "蓝色提醒", "blue");
  return L(r, "正常", "on track");
}

const char *page_status_name(Req *r, const char *zStatus) {
  static const char *const az[][2] = {{"未启动", "not started"}, {"推进中", "in progress"},
                                      {"已完成", "completed"},   {"已销号", "closed"},
                                      {"滞后", "behind"}};
  for (size_t i = 0; zStatus && i < sizeof az / sizeof az[0]; i++) {
    if (strcmp(zStatus, az[i][0]) == 0) return L(r, az[i][0], az[i][1]);
  }
  return zStatus ? zStatus : "";
}

void page_static(Req *r) {
  const char *zFile = r->zPath + strlen("/static/");
  char zName[128];
  size_t nByte = 0;
  const char *z = NULL;
  if (strlen(zFile) < 100) {
    snprintf(zName, sizeof zName, "assets/%s", zFile);
    z = data_get(zName, &nByte);
  }
  if (!z) {
    req_fail(r, 404, L(r, "没有这个文件", "no such file"));
    return;
  }
  size_t n = strlen(zFile);
  r->zType = n > 4 && strcmp(zFile + n - 4, ".css") == 0  ? "text/css; charset=utf-8"
             : n > 3 && strcmp(zFile + n - 3, ".js") == 0 ? "text/javascript; charset=utf-8"
                                                          : "application/octet-stream";
  buf_append(&r->out, z, nByte);
}
