/*
** 宣传, the public page (GET /public, no login): the items the supervision office marked public
** (store_item_publish), each with its number, text, lead unit, progress, status and the
** sentence of the decision that ordered it — and nothing else. No warning, no report text, no
** person's name (not even the responsible leader), no link to a page behind the login: items
** link only to their own anchor (#item-N). The summary counts only public items.
** api_public.c answers the same as JSON; both read only items with publicOnly set.
*/
#include "html.h"
#include "page.h"
#include "web.h"
#include "cache.h"

#include <stdio.h>
#include <string.h>

#define PUBLIC_PAGE 100

typedef struct PublicCtx {
  Req *r;
  Err *e;
  int rc;
} PublicCtx;

static int public_item(void *ctx, const StoreItem *it) {
  PublicCtx *p = ctx;
  Req *r = p->r;
  Buf *b = &r->out;
  Buf sentence = BUF_INIT;
  int lineFirst = 0, lineLast = 0;
  if (store_item_source(r->s, it->id, &sentence, &lineFirst, &lineLast, p->e)) {
    p->rc = -1;
    buf_free(&sentence);
    return 1;
  }
  html_printf(b, "<article class=\"card public-item\" id=\"item-%lld\">"
                 "<h2><a href=\"#item-%lld\">%s</a> %s</h2><dl class=\"public-facts\">",
              it->id, it->id, it->zNumber, it->zText);
  html_printf(b, "<dt>%s</dt><dd>%s</dd>", L(r, "牵头单位", "Lead unit"),
              it->zLeadUnit[0] ? it->zLeadUnit : L(r, "待明确", "to be assigned"));
  html_printf(b, "<dt>%s</dt><dd><span class=\"status\">%s</span></dd>", L(r, "状态", "Status"),
              page_status_name(r, it->zStatus));
  html_printf(b, "<dt>%s</dt><dd>", L(r, "进度", "Progress"));
  page__progress(r, it->progress, "item-progress", L(r, "尚未报送", "not reported yet"));
  html_printf(b, "</dd></dl>");
  if (sentence.n) {
    html_printf(b, "<blockquote class=\"source\"><p>%s</p><footer class=\"muted\">%s</footer>"
                   "</blockquote>",
                buf_str(&sentence), L(r, "——文件原文", "— from the decision"));
  }
  html_printf(b, "</article>");
  buf_free(&sentence);
  return 0;
}

void page_public(Req *r) {
  Err e;
  err_clear(&e);
  const char *zOffset = req_param(r, "offset");
  long long offset = zOffset && zOffset[0] ? req_param_id(r, "offset") : 0;
  if (offset > 1000000000) offset = 1000000000;
  LedgerFilter f = {0};
  f.publicOnly = 1;
  /* Anyone may ask for this page as often as they like: its content is computed once per
  ** change of the database (see cache.h) and the page, language and date. */
  char zKey[160];
  snprintf(zKey, sizeof zKey, "public|%lld|%lld|%d|%s", store_change_counter(r->s), offset,
           r->bEnglish, r->zToday);
  page_begin(r, L(r, "公开进展", "Public progress"), "public");
  if (cache_get(zKey, &r->out)) {
    page_end(r);
    return;
  }
  size_t nStart = r->out.n;
  StoreCounts all;
  if (store_division_stats(r->s, &f, NULL, NULL, &all, &e)) {
    req_fail_err(r, &e);
    return;
  }
  Buf *b = &r->out;
  html_printf(b, "<h1>%s</h1><p>%s</p>", L(r, "重点任务落实进展", "Progress of the key tasks"),
              L(r, "以下为督查部门公开的事项及其最新进展。",
                "The items the supervision office has made public, with their latest "
                "progress."));
  static const char *const azStatus[] = STORE_STATUS_NAMES;
  html_printf(b, "<div class=\"stats public-summary\"><div class=\"stat\"><b>%lld</b>%s</div>",
              all.nItem, L(r, "公开事项", "public items"));
  for (int k = 0; k < 5; k++) {
    html_printf(b, "<div class=\"stat\"><b>%lld</b>%s</div>", all.aStatus[k],
                page_status_name(r, azStatus[k]));
  }
  html_printf(b, "</div>");
  f.limit = PUBLIC_PAGE;
  f.offset = (int)offset;
  PublicCtx ctx = {r, &e, 0};
  if (store_ledger_list(r->s, &f, public_item, &ctx, &e) || ctx.rc) {
    req_fail_err(r, &e);
    return;
  }
  if (all.nItem == 0) {
    html_printf(b, "<p class=\"muted\">%s</p>", L(r, "暂无公开事项。", "Nothing is public yet."));
  }
  if (all.nItem > PUBLIC_PAGE || offset > 0) {
    html_printf(b, "<nav class=\"pager\">");
    if (offset > 0) {
      html_printf(b, "<a href=\"/public?offset=%lld\">%s</a>",
                  offset > PUBLIC_PAGE ? offset - PUBLIC_PAGE : 0, L(r, "上一页", "Previous"));
    }
    if (offset + PUBLIC_PAGE < all.nItem) {
      html_printf(b, "<a href=\"/public?offset=%lld\">%s</a>", offset + PUBLIC_PAGE,
                  L(r, "下一页", "Next"));
    }
    html_printf(b, "</nav>");
  }
  html_printf(b, "<p class=\"muted\">%s <a href=\"/api/v1/public/items\">/api/v1/public/items</a>"
                 "</p>",
              L(r, "数据接口：", "The same as JSON:"));
  cache_put(zKey, r->out.a + nStart, r->out.n - nStart);
  page_end(r);
}
