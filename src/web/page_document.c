/*
** The document pages: GET /documents, the imported documents, and GET /documents/{id}, one
** decision reflowed as the import understood it — its diagnostics, then every block in order:
** headings (sections, measures with their titles), paragraphs, and the page markers and running
** titles of a newspaper page shown apart as layout marks, with the fragments the text was split
** into at page jumps. Each sentence that produced a task is highlighted, carries the anchor
** id="task-N" (N the task's id in the document JSON) and links to the ledger items made from
** it; each block carries id="block-N". Item pages link back to /documents/DOC#task-N, so
** provenance runs both ways.
**
** Documents are public decisions, so any logged-in person may read them; the ledger items
** linked from them are linked only when the reader may open them (auth_scope), and shown by
** number otherwise. The document JSON comes from store_doc_json and is read with jansson; every
** value goes through the escaping writer.
*/
#include "html.h"
#include "web.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared ------------------------------------------------------------------------------- */

static const char *doc_kind_name(Req *r, const char *zKind) {
  if (zKind && strcmp(zKind, "inspection") == 0) return L(r, "巡视反馈意见", "inspection findings");
  if (zKind && strcmp(zKind, "decision") == 0) return L(r, "决定", "decision");
  return zKind ? zKind : "";
}

/* The last component of a path: the name a document was imported from, without the server's
** directories. */
static const char *base_name(const char *z) {
  if (!z) return "";
  const char *p = strrchr(z, '/');
  return p ? p + 1 : z;
}

/* ---- GET /documents ----------------------------------------------------------------------- */

static int doc_row(void *ctx, const StoreDocRow *d) {
  Req *r = ctx;
  html_printf(&r->out,
              "<tr><td data-label=\"%s\" class=\"num\">%lld</td>"
              "<td data-label=\"%s\"><a href=\"/documents/%lld\">%s</a>"
              "<br><small class=\"muted\">%s</small></td><td data-label=\"%s\">%s</td>"
              "<td data-label=\"%s\" class=\"num\"><a href=\"/ledger?doc=%lld\">%lld</a></td>"
              "<td data-label=\"%s\" class=\"num\">%lld</td><td data-label=\"%s\">%s</td></tr>",
              L(r, "编号", "No."), d->id, L(r, "标题", "Title"), d->id, d->zTitle, base_name(d->zFileName),
              L(r, "类别", "Kind"), doc_kind_name(r, d->zKind), L(r, "任务", "Tasks"), d->id,
              d->nTask, L(r, "指标", "Targets"), d->nTarget, L(r, "导入时间", "Imported"),
              d->zImportedAt);
  return 0;
}

void page_documents(Req *r) {
  Buf *b = &r->out;
  page_begin(r, L(r, "文件", "Documents"), "documents");
  html_printf(b,
              "<h1>%s</h1><section><table class=\"ledger\"><thead><tr><th>%s</th><th>%s</th>"
              "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
              L(r, "文件", "Documents"), L(r, "编号", "No."), L(r, "标题", "Title"),
              L(r, "类别", "Kind"), L(r, "任务", "Tasks"), L(r, "指标", "Targets"),
              L(r, "导入时间", "Imported"));
  Err e;
  err_clear(&e);
  size_t nMark = b->n;
  if (store_doc_list(r->s, doc_row, r, &e)) {
    b->n = nMark;
    req_fail_err(r, &e);
    return;
  }
  html_printf(b, "</tbody></table>");
  if (b->n - nMark < 200) {
    html_printf(b, "<p class=\"muted\">%s</p>",
                L(r, "还没有导入文件（luoshi import FILE）。",
                  "No documents yet (luoshi import FILE)."));
  }
  html_printf(b, "</section>");
  page_end(r);
}

/* ---- GET /documents/{id} ------------------------------------------------------------------ */

/* A ledger item made from a task of the document. */
typedef struct TaskItem {
  long long taskId;
  long long itemId;
  char *zNumber;
  int bReach;                /* the reader may open it */
} TaskItem;

typedef struct DocPage {
  Req *r;
  StoreDocRow row;           /* the document's row; strings owned by strs */
  int bFound;
  Buf strs;
  TaskItem *aItem;           /* by task, then item id */
  int nItem, nAlloc;
  long long *aReach;         /* ids of the items the reader may open, ascending */
  int nReach, nReachAlloc;
} DocPage;

static int find_doc(void *ctx, const StoreDocRow *d) {
  DocPage *p = ctx;
  if (d->id != p->r->id) return 0;
  p->row = *d;
  p->bFound = 1;
  /* Keep the strings: one Buf holding each after the other, pointers fixed up at the end. */
  const char **az[] = {&p->row.zTitle, &p->row.zKind, &p->row.zImportedAt, &p->row.zFileName,
                       &p->row.zSha256, &p->row.zEncoding, &p->row.zFormat};
  size_t aOff[7];
  for (int i = 0; i < 7; i++) {
    aOff[i] = p->strs.n;
    buf_puts(&p->strs, *az[i] ? *az[i] : "");
    buf_putc(&p->strs, 0);
  }
  for (int i = 0; i < 7; i++) *az[i] = p->strs.a + aOff[i];
  return 1;
}

static int collect_item(void *ctx, const StoreItem *it) {
  DocPage *p = ctx;
  if (!it->taskId) return 0;
  if (p->nItem == p->nAlloc) {
    p->nAlloc = p->nAlloc ? p->nAlloc * 2 : 256;
    p->aItem = xrealloc(p->aItem, sizeof *p->aItem * (size_t)p->nAlloc);
  }
  p->aItem[p->nItem++] = (TaskItem){it->taskId, it->id, xstrdup(it->zNumber), 0};
  return 0;
}

static int collect_reach(void *ctx, const StoreItem *it) {
  DocPage *p = ctx;
  if (p->nReach == p->nReachAlloc) {
    p->nReachAlloc = p->nReachAlloc ? p->nReachAlloc * 2 : 256;
    p->aReach = xrealloc(p->aReach, sizeof *p->aReach * (size_t)p->nReachAlloc);
  }
  p->aReach[p->nReach++] = it->id;
  return 0;
}

static int cmp_ll(const void *pa, const void *pb) {
  long long a = *(const long long *)pa, b = *(const long long *)pb;
  return a < b ? -1 : a > b;
}

static int cmp_task_item(const void *pa, const void *pb) {
  const TaskItem *a = pa, *b = pb;
  if (a->taskId != b->taskId) return a->taskId < b->taskId ? -1 : 1;
  return a->itemId < b->itemId ? -1 : a->itemId > b->itemId;
}

/* The items of task taskId: *pn of them from the returned pointer (NULL when none). */
static const TaskItem *task_items(const DocPage *p, long long taskId, int *pn) {
  int lo = 0, hi = p->nItem;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (p->aItem[mid].taskId < taskId) lo = mid + 1; else hi = mid;
  }
  int n = 0;
  while (lo + n < p->nItem && p->aItem[lo + n].taskId == taskId) n++;
  *pn = n;
  return n ? &p->aItem[lo] : NULL;
}

static void doc_page_free(DocPage *p) {
  for (int i = 0; i < p->nItem; i++) free(p->aItem[i].zNumber);
  free(p->aItem);
  free(p->aReach);
  buf_free(&p->strs);
}

static json_int_t jint(json_t *o, const char *zKey) {
  return json_integer_value(json_object_get(o, zKey));
}
static const char *jstr(json_t *o, const char *zKey) {
  const char *z = json_string_value(json_object_get(o, zKey));
  return z ? z : "";
}
/* Element i of the array under zKey as an integer (the "lines" and "bytes" pairs). */
static json_int_t jpair(json_t *o, const char *zKey, size_t i) {
  return json_integer_value(json_array_get(json_object_get(o, zKey), i));
}

/* " L12–15" after a block: where it stands in the source file. */
static void lines_note(Req *r, json_t *o) {
  json_int_t a = jpair(o, "lines", 0), z = jpair(o, "lines", 1);
  if (a <= 0) return;
  if (z > a) {
    html_printf(&r->out, " <small class=\"doc-lines muted\" title=\"%s\">L%lld–%lld</small>",
                L(r, "原文行号", "source lines"), (long long)a, (long long)z);
  } else {
    html_printf(&r->out, " <small class=\"doc-lines muted\" title=\"%s\">L%lld</small>",
                L(r, "原文行号", "source lines"), (long long)a);
  }
}

/* The links to the items of tasks aTask[0..n) (their ids). */
static void item_links(DocPage *p, json_t **aTask, int n) {
  Req *r = p->r;
  Buf *b = &r->out;
  html_printf(b, "<sup class=\"task-items\">");
  int nShown = 0;
  for (int k = 0; k < n; k++) {
    int nIt;
    const TaskItem *a = task_items(p, jint(aTask[k], "id"), &nIt);
    for (int i = 0; i < nIt; i++) {
      if (a[i].bReach) {
        html_printf(b, " <a class=\"item-link\" href=\"/items/%lld\" title=\"%s %s\">%s</a>",
                    a[i].itemId, L(r, "台账事项", "ledger item"), a[i].zNumber, a[i].zNumber);
      } else {
        html_printf(b, " <span class=\"item-link muted\" title=\"%s\">%s</span>",
                    L(r, "不在您的范围内", "outside your reach"), a[i].zNumber);
      }
      nShown++;
    }
  }
  if (!nShown) {
    html_printf(b, "<span class=\"muted\">%s</span>", L(r, "未列入台账", "not in the ledger"));
  }
  html_printf(b, "</sup>");
}

/* The anchors of tasks aTask[0..n): the first on the element written by the caller (its id),
** the others as empty spans. */
static void extra_anchors(Req *r, json_t **aTask, int n) {
  for (int k = 1; k < n; k++) {
    html_printf(&r->out, "<span id=\"task-%lld\"></span>", (long long)jint(aTask[k], "id"));
  }
}

/* One sentence (or a whole block without sentences) of text zText with the tasks aTask[0..n)
** that it produced. */
static void sentence_html(DocPage *p, const char *zText, json_t **aTask, int n) {
  Req *r = p->r;
  Buf *b = &r->out;
  if (n == 0) {
    html_text(b, zText);
    return;
  }
  html_printf(b, "<mark class=\"task-sentence\" id=\"task-%lld\" title=\"%s\">",
              (long long)jint(aTask[0], "id"), L(r, "产生台账任务的句子", "a sentence that made a task"));
  extra_anchors(r, aTask, n);
  int nIt;
  const TaskItem *a = task_items(p, jint(aTask[0], "id"), &nIt);
  if (nIt && a[0].bReach) {
    html_printf(b, "<a href=\"/items/%lld\">%s</a>", a[0].itemId, zText);
  } else {
    html_text(b, zText);
  }
  html_printf(b, "</mark>");
  item_links(p, aTask, n);
}

/* Write block o with the tasks aTask[0..n) of its block. */
static void block_html(DocPage *p, json_t *o, json_t **aTask, int n) {
  Req *r = p->r;
  Buf *b = &r->out;
  long long id = (long long)jint(o, "id");
  const char *zKind = jstr(o, "kind");
  if (strcmp(zKind, "page-marker") == 0 || strcmp(zKind, "running-title") == 0) {
    int bJump = strcmp(zKind, "page-marker") == 0;
    html_printf(b,
                "<p class=\"doc-marker muted\" id=\"block-%lld\"><span class=\"badge\">%s</span> "
                "%s",
                id, bJump ? L(r, "版面标记 · 转版", "page jump")
                          : L(r, "版面标记 · 报头", "running title"),
                jstr(o, "text"));
    lines_note(r, o);
    html_printf(b, "</p>");
    return;
  }
  int bHeading = strcmp(zKind, "heading") == 0;
  int bSection = bHeading && json_is_string(json_object_get(o, "section")) &&
                 !json_is_integer(json_object_get(o, "measure"));
  const char *zTag = !bHeading ? "p" : bSection ? "h2" : "h3";
  html_printf(b, "<%s class=\"doc-%s\" id=\"block-%lld\">", zTag, bHeading ? "heading" : "para",
              id);
  json_t *aSentence = json_object_get(o, "sentences");
  size_t nSentence = json_array_size(aSentence);
  /* Each task goes to the sentence holding its first byte; what no sentence holds goes after
  ** the block's text. */
  char *aPlaced = xcalloc((size_t)n + 1, 1);
  json_t **aHere = xmalloc(sizeof(json_t *) * ((size_t)n + 1));
  if (nSentence == 0) {
    sentence_html(p, jstr(o, "text"), aTask, n);
    memset(aPlaced, 1, (size_t)n);
  }
  for (size_t i = 0; i < nSentence; i++) {
    json_t *s = json_array_get(aSentence, i);
    json_int_t s0 = jpair(s, "bytes", 0), s1 = jpair(s, "bytes", 1);
    int nHere = 0;
    for (int k = 0; k < n; k++) {
      json_int_t t0 = jpair(aTask[k], "bytes", 0);
      if (!aPlaced[k] && t0 >= s0 && t0 < s1) {
        aHere[nHere++] = aTask[k];
        aPlaced[k] = 1;
      }
    }
    sentence_html(p, jstr(s, "text"), aHere, nHere);
  }
  int nLeft = 0;
  for (int k = 0; k < n; k++) {
    if (!aPlaced[k]) aHere[nLeft++] = aTask[k];
  }
  if (nLeft) {
    html_printf(b, " <span class=\"task-sentence\" id=\"task-%lld\">",
                (long long)jint(aHere[0], "id"));
    extra_anchors(r, aHere, nLeft);
    html_printf(b, "</span>");
    item_links(p, aHere, nLeft);
  }
  free(aPlaced);
  free(aHere);
  lines_note(r, o);
  if (bHeading && json_is_integer(json_object_get(o, "measure"))) {
    html_printf(b, " <a class=\"no-print doc-measure-link\" href=\"/ledger?doc=%lld&amp;measure=%lld\">%s</a>",
                r->id, (long long)jint(o, "measure"), L(r, "本措施台账", "this measure's items"));
  }
  html_printf(b, "</%s>", zTag);
}

static void diagnostics_html(Req *r, json_t *doc) {
  json_t *a = json_object_get(doc, "diagnostics");
  size_t n = json_array_size(a);
  if (!n) return;
  Buf *b = &r->out;
  html_printf(b, "<section class=\"diagnostics\"><h2>%s</h2><ul>",
              L(r, "导入诊断", "Import diagnostics"));
  for (size_t i = 0; i < n; i++) {
    json_t *d = json_array_get(a, i);
    json_int_t l0 = jpair(d, "lines", 0), l1 = jpair(d, "lines", 1);
    html_printf(b, "<li><span class=\"badge\">%s</span> %s", jstr(d, "severity"),
                jstr(d, "message"));
    if (l0 > 0) {
      html_printf(b, " <small class=\"muted\">L%lld", (long long)l0);
      if (l1 > l0) html_printf(b, "–%lld", (long long)l1);
      html_printf(b, "</small>");
    }
    html_printf(b, "</li>");
  }
  html_printf(b, "</ul></section>");
}

void page_document(Req *r) {
  DocPage p = {.r = r, .strs = BUF_INIT};
  Err e;
  err_clear(&e);
  Buf js = BUF_INIT;
  json_t *doc = NULL;
  if (store_doc_list(r->s, find_doc, &p, &e)) goto fail;
  if (!p.bFound) {
    err_set(&e, LUOSHI_ENOTFOUND, "%s", L(r, "没有这个文件", "no such document"));
    goto fail;
  }
  if (store_doc_json(r->s, r->id, &js, &e)) goto fail;
  json_error_t je;
  doc = json_loadb(js.a, js.n, 0, &je);
  if (!doc) {
    err_set(&e, LUOSHI_EIO, "the stored document %lld is not JSON: %s", r->id, je.text);
    goto fail;
  }
  /* The items made from its tasks, and which of them the reader may open. */
  LedgerFilter f = {.docId = r->id, .all = 1};
  if (store_ledger_list(r->s, &f, collect_item, &p, &e)) goto fail;
  LedgerFilter fReach = {.docId = r->id, .all = 1};
  auth_scope(&r->actor, &fReach);
  if (store_ledger_list(r->s, &fReach, collect_reach, &p, &e)) goto fail;
  qsort(p.aReach, (size_t)p.nReach, sizeof *p.aReach, cmp_ll);
  for (int i = 0; i < p.nItem; i++) {
    p.aItem[i].bReach = p.nReach && bsearch(&p.aItem[i].itemId, p.aReach, (size_t)p.nReach,
                                            sizeof *p.aReach, cmp_ll) != NULL;
  }
  if (p.nItem) qsort(p.aItem, (size_t)p.nItem, sizeof *p.aItem, cmp_task_item);

  Buf *b = &r->out;
  json_t *meta = json_object_get(doc, "document");
  const char *zTitle = *jstr(meta, "title") ? jstr(meta, "title") : p.row.zTitle;
  page_begin(r, zTitle, "documents");
  json_t *aBlock = json_object_get(doc, "blocks"), *aTask = json_object_get(doc, "tasks");
  size_t nBlock = json_array_size(aBlock), nTask = json_array_size(aTask);
  long long nFragment = (long long)jint(meta, "fragments");
  html_printf(b,
              "<h1>%s</h1><p class=\"muted\">%s · %s %s · %s %zu · %s %lld · %s %s · "
              "<a href=\"/ledger?doc=%lld\">%s</a> · <a href=\"/api/v1/documents/%lld\">JSON</a>"
              "</p>",
              zTitle, doc_kind_name(r, p.row.zKind), L(r, "导入于", "imported"),
              p.row.zImportedAt, L(r, "任务", "tasks"), nTask, L(r, "字数", "characters"),
              (long long)jint(meta, "chars"), L(r, "文件", "file"), base_name(p.row.zFileName), r->id,
              L(r, "查看台账", "its ledger"), r->id);
  diagnostics_html(r, doc);
  html_printf(b,
              "<p class=\"doc-legend muted no-print\"><mark class=\"task-sentence\">%s</mark> %s；"
              "<span class=\"badge\">%s</span> %s</p><article class=\"document card\">",
              L(r, "高亮", "Highlighted"),
              L(r, "的句子产生了台账任务，上标为事项序号", "sentences made ledger tasks; the "
                "superscripts are their items"),
              L(r, "版面标记", "layout mark"),
              L(r, "为报纸版面的转版标记或报头，不属于正文", "page jumps and running titles of "
                "the printed page, not part of the text"));
  /* Tasks by block: the JSON lists them in document order, so one pass keeps them grouped. */
  json_t **aOfBlock = xmalloc(sizeof(json_t *) * (nTask + 1));
  long long fragment = 0;
  for (size_t i = 0; i < nBlock; i++) {
    json_t *o = json_array_get(aBlock, i);
    long long id = (long long)jint(o, "id");
    long long fr = (long long)jint(o, "fragment");
    if (fr != fragment && (nFragment > 1 || fragment != 0)) {
      html_printf(b, "<div class=\"doc-fragment\" id=\"fragment-%lld\" role=\"separator\">", fr);
      if (fragment) {
        html_printf(b, L(r, "片段 %lld（原文在此转版，编号不跨片段延续）",
                         "Fragment %lld (the text jumps pages here; numbering does not carry "
                         "across)"),
                    fr);
      } else {
        html_printf(b, L(r, "片段 %lld", "Fragment %lld"), fr);
      }
      html_printf(b, "</div>");
    }
    fragment = fr;
    int n = 0;
    for (size_t k = 0; k < nTask; k++) {
      json_t *t = json_array_get(aTask, k);
      if (jint(t, "block") == id) aOfBlock[n++] = t;
    }
    block_html(&p, o, aOfBlock, n);
  }
  free(aOfBlock);
  html_printf(b, "</article>");
  page_end(r);
  json_decref(doc);
  buf_free(&js);
  doc_page_free(&p);
  return;
fail:
  json_decref(doc);
  buf_free(&js);
  doc_page_free(&p);
  req_fail_err(r, &e);
}
