/*
** Document JSON (see docjson.h).
*/
#include "docjson.h"

#include "../base/utf8.h"
#include "findings.h"
#include "lexicon.h"
#include "units.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *json_range(long long a, long long b) {
  json_t *r = json_array();
  json_array_append_new(r, json_integer(a));
  json_array_append_new(r, json_integer(b));
  return r;
}

static json_t *json_strn(const char *z, size_t n) { return json_stringn(z, n); }

static json_t *json_str_or_null(const char *z) { return z ? json_string(z) : json_null(); }

static json_t *json_code(int code) {
  char buf[16];
  snprintf(buf, sizeof buf, "%06d", code);
  return json_string(buf);
}

static const char *level_name(PlaceLevel l) {
  switch (l) {
    case PLACE_PROVINCE: return "province";
    case PLACE_PREFECTURE: return "prefecture";
    case PLACE_COUNTY: return "county";
    case PLACE_COUNTRY: return "country";
    case PLACE_REGION: return "region";
    case PLACE_ZONE: return "zone";
  }
  return "?";
}

static const char *via_name(PlaceVia v) {
  switch (v) {
    case VIA_NAME: return "name";
    case VIA_ALIAS: return "alias";
    case VIA_ABBREVIATION: return "abbreviation";
    case VIA_LANDMARK: return "landmark";
    case VIA_ZONE: return "zone";
  }
  return "?";
}

json_t *docjson_place(const Gazetteer *g, const PlaceHit *h, const char *z) {
  json_t *p = json_object();
  if (h->code) {
    const Division *d = gazetteer_division(g, h->code);
    json_object_set_new(p, "code", json_code(h->code));
    json_object_set_new(p, "name", json_string(d ? d->zName : ""));
  } else {
    json_object_set_new(p, "code", json_null());
    json_object_set_new(p, "name", json_string(h->level == PLACE_ZONE
                                                   ? gazetteer_zone_name(g, h->index)
                                                   : gazetteer_country_name(g, h->index)));
  }
  json_object_set_new(p, "level", json_string(level_name(h->level)));
  json_object_set_new(p, "mention", json_strn(z + h->iStart, h->iEnd - h->iStart));
  json_object_set_new(p, "via", json_string(via_name(h->via)));
  if (h->level == PLACE_COUNTY) {
    int pref = gazetteer_prefecture_of(g, h->code);
    const Division *d = gazetteer_division(g, pref);
    if (d && d->level == PLACE_PREFECTURE) {
      json_t *q = json_object();
      json_object_set_new(q, "code", json_code(d->code));
      json_object_set_new(q, "name", json_string(d->zName));
      json_object_set_new(p, "prefecture", q);
    }
  }
  if (h->code) {
    int prov = gazetteer_province_of(g, h->code);
    json_object_set_new(p, "home", json_boolean(prov == gazetteer_home(g)));
  }
  return p;
}

/* A set of places already listed: open addressing on (level, code, index). */
typedef struct Seen {
  long long *a;          /* keys + 1; 0 is empty */
  size_t nSlot;          /* a power of two, at least twice the entries */
} Seen;

static int seen_add(Seen *s, const PlaceHit *h) {
  long long key = ((long long)h->level << 40) + ((long long)h->code << 12) + h->index + 2;
  size_t mask = s->nSlot - 1;
  for (size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;; i = (i + 1) & mask) {
    if (s->a[i] == key) return 0;
    if (s->a[i] == 0) {
      s->a[i] = key;
      return 1;
    }
  }
}

/* Places of hits a[0..n) within [s, e), one per place (first mention), zones apart. */
static void places_json(const Gazetteer *g, const PlaceHit *a, int n, size_t s, size_t e,
                        const char *z, json_t **pPlaces, json_t **pZones) {
  json_t *places = json_array();
  json_t *zones = json_array();
  Seen seen = {NULL, 16};
  while (seen.nSlot < (size_t)n * 2) seen.nSlot *= 2;
  seen.a = xcalloc(seen.nSlot, sizeof(long long));
  for (int k = 0; k < n; k++) {
    const PlaceHit *h = &a[k];
    if (h->iStart < s || h->iEnd > e) continue;
    if (!seen_add(&seen, h)) continue;
    /* The home province is the setting of the whole document, not a place it singles out. */
    if (h->level == PLACE_PROVINCE && h->code == gazetteer_home(g)) continue;
    if (h->level == PLACE_ZONE) {
      json_array_append_new(zones, json_string(gazetteer_zone_name(g, h->index)));
    } else {
      json_array_append_new(places, docjson_place(g, h, z));
    }
  }
  free(seen.a);
  *pPlaces = places;
  if (pZones) *pZones = zones;
  else json_decref(zones);
}

static void set_range(json_t *o, const Import *im, const Block *b, size_t s, size_t e) {
  int l1, l2;
  size_t a, z;
  block_range_src(&im->doc, b, s, e, &l1, &l2, &a, &z);
  json_object_set_new(o, "lines", json_range(l1, l2));
  json_object_set_new(o, "bytes", json_range((long long)text_src_offset(&im->t, a),
                                             (long long)text_src_offset(&im->t, z)));
}

static json_t *target_json(const Import *im, const Target *t) {
  const Block *b = &im->doc.aBlock[t->block - 1];
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(t->id));
  json_object_set_new(o, "task", json_integer(t->task));
  json_object_set_new(o, "metric", json_str_or_null(t->zMetric));
  json_object_set_new(o, "value", t->hasValue ? json_real(t->value) : json_null());
  json_object_set_new(o, "unit", json_str_or_null(t->zUnit));
  json_object_set_new(o, "comparator", json_str_or_null(t->zComparator));
  json_object_set_new(o, "tolerance", t->hasTolerance ? json_real(t->tolerance) : json_null());
  json_object_set_new(o, "level", json_str_or_null(t->zLevel));
  json_object_set_new(o, "deadline", t->deadline ? json_integer(t->deadline) : json_null());
  json_object_set_new(o, "horizon_years",
                      t->horizonYears ? json_integer(t->horizonYears) : json_null());
  json_object_set_new(o, "text", json_strn(b->zText + t->iStart, t->iEnd - t->iStart));
  set_range(o, im, b, t->iStart, t->iEnd);
  return o;
}

static json_t *str_array(char **az, int n) {
  json_t *a = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(a, json_string(az[i]));
  return a;
}

/* A finding read from prose: its number, where its task comes from ("recommendation",
** "matched", "clause", or "drafted": written by luoshi, to edit), where the problem is. */
static json_t *finding_json(const Import *im, const Finding *f) {
  static const char *const azFrom[] = {"recommendation", "matched", "clause", "drafted"};
  json_t *o = json_object();
  json_object_set_new(o, "number", json_integer(f->number));
  json_object_set_new(o, "task_from", json_string(azFrom[f->from]));
  json_object_set_new(o, "drafted", json_boolean(f->from == FINDING_DRAFTED));
  const Block *b1 = &im->doc.aBlock[f->problem.blockFirst - 1];
  const Block *b2 = &im->doc.aBlock[f->problem.blockLast - 1];
  int l1, l2, m1, m2;
  size_t a, z, c, y;
  block_range_src(&im->doc, b1, f->problem.iStart, b1 == b2 ? f->problem.iEnd : b1->nText, &l1,
                  &l2, &a, &z);
  block_range_src(&im->doc, b2, b1 == b2 ? f->problem.iStart : 0, f->problem.iEnd, &m1, &m2, &c,
                  &y);
  json_object_set_new(o, "problem_lines", json_range(l1, m2));
  json_object_set_new(o, "problem_bytes", json_range((long long)text_src_offset(&im->t, a),
                                                     (long long)text_src_offset(&im->t, y)));
  return o;
}

static json_t *task_json(const Import *im, const Task *t) {
  const Lexicons *lx = lexicon_get();
  const Gazetteer *g = lx->pGaz;
  const Block *b = &im->doc.aBlock[t->block - 1];
  const Sentence *s = &b->aSent[t->sentence];
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(t->id));
  json_object_set_new(o, "block", json_integer(t->block));
  /* A finding whose source writes no task: the task luoshi drafted (findings.h). */
  const Finding *fd = t->pMore ? t->pMore->pFinding : NULL;
  if (fd && fd->from == FINDING_DRAFTED) json_object_set_new(o, "text", json_string(FINDINGS_DRAFT));
  else json_object_set_new(o, "text", json_strn(b->zText + t->iStart, t->iEnd - t->iStart));
  json_object_set_new(o, "kind", json_string(task_kind_name((TaskKind)t->kind)));
  set_range(o, im, b, t->iStart, t->iEnd);
  json_object_set_new(o, "sentence", json_strn(b->zText + s->iStart, s->iEnd - s->iStart));
  json_object_set_new(o, "measure", b->measure ? json_integer(b->measure) : json_null());
  json_object_set_new(o, "section", json_str_or_null(b->zSection));
  json_object_set_new(o, "deliverable", json_str_or_null(task_deliverable(t)));
  json_t *places, *zones;
  const BlockPlaces *bp = &im->ex.aBlockPlaces[t->block - 1];
  places_json(g, bp->a + t->iHit, (int)t->nHit, t->iStart, t->iEnd, b->zText, &places, &zones);
  json_object_set_new(o, "places", places);
  json_object_set_new(o, "zones", zones);
  /* "actor": the actor as written, with the first acting place; "actors": every acting place. */
  const TaskActor *ta = task_actor_of(t);
  json_t *actors = json_array();
  for (int k = 0; ta && k < ta->nCode; k++) {
    const Division *d = gazetteer_division(g, ta->aCode[k]);
    json_t *a = json_object();
    json_object_set_new(a, "code", json_code(ta->aCode[k]));
    json_object_set_new(a, "division", json_string(d ? d->zName : ""));
    json_array_append_new(actors, a);
  }
  if (ta) {
    json_t *a = json_object();
    json_object_set_new(a, "name", json_string(ta->zName));
    json_object_set_new(a, "code", ta->nCode ? json_code(ta->aCode[0]) : json_null());
    json_t *first = json_array_get(actors, 0);
    json_object_set_new(a, "division", first ? json_incref(json_object_get(first, "division"))
                                             : json_null());
    json_object_set_new(o, "actor", a);
  } else {
    json_object_set_new(o, "actor", json_null());
  }
  json_object_set_new(o, "actors", actors);
  const TaskUnits *tu = task_units(t);
  json_t *u = json_object();
  json_object_set_new(u, "lead", str_array(tu ? tu->azLead : NULL, tu ? tu->nLead : 0));
  json_object_set_new(u, "cooperating",
                      str_array(tu ? tu->azCooperating : NULL, tu ? tu->nCooperating : 0));
  json_t *sugg = json_array();
  for (int k = 0; k < 2; k++) {
    if (t->aSuggested[k] >= 0) {
      json_array_append_new(sugg, json_string(units_name(lx->pUnits, t->aSuggested[k])));
    }
  }
  json_object_set_new(u, "suggested", sugg);
  json_object_set_new(o, "units", u);
  json_object_set_new(o, "deadline", t->deadline ? json_integer(t->deadline) : json_null());
  json_object_set_new(o, "deadline_text", json_str_or_null(tu ? tu->zDeadline : NULL));
  /* Only a rectification row's task has it: the finding its measure answers. */
  if (tu && tu->zProblem) json_object_set_new(o, "problem", json_string(tu->zProblem));
  /* Only a table row's task has them: the row's own 序号 and 责任领导. */
  if (tu && tu->zNumber) json_object_set_new(o, "number", json_string(tu->zNumber));
  if (tu && tu->zLeader) json_object_set_new(o, "leader", json_string(tu->zLeader));
  if (fd) json_object_set_new(o, "finding", finding_json(im, fd));
  json_t *tg = json_array();
  for (int k = 0; k < t->nTarget; k++) {
    json_array_append_new(tg, target_json(im, &im->ex.aTarget[t->iTarget + k]));
  }
  json_object_set_new(o, "targets", tg);
  return o;
}

static json_t *block_json(const Import *im, const Block *b) {
  const Gazetteer *g = lexicon_get()->pGaz;
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(b->id));
  json_object_set_new(o, "kind", json_string(block_kind_name(b->kind)));
  json_object_set_new(o, "text", json_strn(b->zText, b->nText));
  json_object_set_new(o, "lines", json_range(b->lineFirst, b->lineLast));
  json_object_set_new(o, "bytes", json_range((long long)text_src_offset(&im->t, b->iSrcStart),
                                             (long long)text_src_offset(&im->t, b->iSrcEnd)));
  json_object_set_new(o, "fragment", json_integer(b->fragment));
  json_object_set_new(o, "section", json_str_or_null(b->zSection));
  json_object_set_new(o, "subsection", json_str_or_null(b->zSubsection));
  json_object_set_new(o, "measure", b->measure ? json_integer(b->measure) : json_null());
  json_object_set_new(o, "measure_title", json_str_or_null(b->zMeasureTitle));
  if (b->kind == BLOCK_HEADING) {
    json_object_set_new(o, "level", json_string(heading_level_name(b->level)));
    json_object_set_new(o, "number", json_string(b->zNumber ? b->zNumber : ""));
    json_object_set_new(o, "title", json_str_or_null(b->zTitle));
  } else if (b->kind == BLOCK_PARAGRAPH) {
    json_object_set_new(o, "lead", json_str_or_null(b->zTitle));
  }
  if (b->continued) json_object_set_new(o, "continued", json_true());
  if (b->incomplete) json_object_set_new(o, "incomplete", json_true());
  const BlockPlaces *bp = &im->ex.aBlockPlaces[b->id - 1];
  json_t *places, *zones;
  places_json(g, bp->a, bp->n, 0, b->nText, b->zText, &places, &zones);
  json_object_set_new(o, "places", places);
  json_object_set_new(o, "zones", zones);
  json_t *ss = json_array();
  for (int i = 0; i < b->nSent; i++) {
    const Sentence *s = &b->aSent[i];
    json_t *so = json_object();
    json_object_set_new(so, "text", json_strn(b->zText + s->iStart, s->iEnd - s->iStart));
    set_range(so, im, b, s->iStart, s->iEnd);
    json_array_append_new(ss, so);
  }
  json_object_set_new(o, "sentences", ss);
  return o;
}

json_t *docjson_head(const Import *im) {
  json_t *root = json_object();
  json_t *doc = json_object();
  json_object_set_new(doc, "title", json_string(im->zTitle ? im->zTitle : ""));
  json_object_set_new(doc, "sha256", json_string(im->zSha256));
  json_object_set_new(doc, "encoding",
                      json_string(strcmp(im->zFormat, "docx") == 0
                                      ? "docx"
                                      : text_encoding_name(im->t.enc)));
  json_object_set_new(doc, "format", json_string(im->zFormat));
  json_object_set_new(doc, "chars", json_integer((json_int_t)im->nChar));
  json_object_set_new(doc, "bytes", json_integer((json_int_t)im->nSrcByte));
  json_object_set_new(doc, "lines", json_integer(im->t.nLine));
  json_object_set_new(doc, "fragments", json_integer(im->doc.nFragment));
  json_object_set_new(root, "document", doc);
  json_object_set_new(root, "kind", json_string(im->zKind ? im->zKind : "decision"));
  json_t *diags = json_array();
  for (int i = 0; i < im->doc.nDiag; i++) {
    const Diag *g = &im->doc.aDiag[i];
    json_t *o = json_object();
    json_object_set_new(o, "severity", json_string(diag_severity_name(g->severity)));
    json_object_set_new(o, "message", json_string(g->zMsg));
    json_object_set_new(o, "lines", json_range(g->lineFirst, g->lineLast));
    json_array_append_new(diags, o);
  }
  json_object_set_new(root, "diagnostics", diags);
  return root;
}

int docjson_count(const Import *im, DocPart part) {
  switch (part) {
    case DOCJSON_BLOCKS: return im->doc.nBlock;
    case DOCJSON_TASKS: return im->ex.nTask;
    case DOCJSON_TARGETS: return im->ex.nTarget;
  }
  return 0;
}

json_t *docjson_element(const Import *im, DocPart part, int i) {
  switch (part) {
    case DOCJSON_BLOCKS: return block_json(im, &im->doc.aBlock[i]);
    case DOCJSON_TASKS: return task_json(im, &im->ex.aTask[i]);
    case DOCJSON_TARGETS: return target_json(im, &im->ex.aTarget[i]);
  }
  return json_null();
}

const char *docjson_part_key(DocPart part) {
  static const char *const azKey[] = {"blocks", "tasks", "targets"};
  return azKey[part];
}

json_t *docjson_build(const Import *im) {
  json_t *root = docjson_head(im);
  for (int part = DOCJSON_BLOCKS; part <= DOCJSON_TARGETS; part++) {
    json_t *a = json_array();
    for (int i = 0; i < docjson_count(im, (DocPart)part); i++) {
      json_array_append_new(a, docjson_element(im, (DocPart)part, i));
    }
    json_object_set_new(root, docjson_part_key((DocPart)part), a);
  }
  return root;
}

/* ---- streaming the text ------------------------------------------------------------------ */

/* Where docjson_write puts its text: the Buf, flushed to f (when set) as it fills; with an
** indented layout, each line jansson writes for a value nested nDepth levels down is shifted
** right by nDepth spaces, so that values dumped one by one read as one indented document. */
typedef struct JsonSink {
  Buf *out;
  FILE *f;               /* NULL: keep everything in out */
  int bIndent;           /* the flags ask for JSON_INDENT(1) */
  int nDepth;            /* levels of nesting of the value being dumped */
  int bFailed;           /* writing to f failed */
} JsonSink;

enum { SINK_FLUSH_BYTES = 1 << 20 };

static void sink_flush(JsonSink *k, int bAll) {
  if (!k->f || (!bAll && k->out->n < SINK_FLUSH_BYTES)) return;
  if (k->out->n && fwrite(k->out->a, 1, k->out->n, k->f) != k->out->n) k->bFailed = 1;
  buf_reset(k->out);
}

static int sink_put(const char *z, size_t nByte, void *ctx) {
  JsonSink *k = ctx;
  if (!k->bIndent || k->nDepth == 0) {
    buf_append(k->out, z, nByte);
  } else {
    /* every newline jansson writes is its layout's (it escapes those inside strings): the
    ** line after it moves right with the value */
    for (const char *p = z, *end = z + nByte; p < end;) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
      buf_append(k->out, p, n);
      if (nl) for (int d = 0; d < k->nDepth; d++) buf_putc(k->out, ' ');
      p += n;
    }
  }
  sink_flush(k, 0);
  return 0;
}

/* The separator before a member or element at nDepth levels (first: no comma). */
static void sink_open_item(JsonSink *k, int bFirst, int nDepth) {
  if (!bFirst) buf_putc(k->out, ',');
  if (k->bIndent) {
    buf_putc(k->out, '\n');
    for (int d = 0; d < nDepth; d++) buf_putc(k->out, ' ');
  }
}

static void sink_close(JsonSink *k, char c, int bEmpty, int nDepth) {
  if (k->bIndent && !bEmpty) {
    buf_putc(k->out, '\n');
    for (int d = 0; d < nDepth; d++) buf_putc(k->out, ' ');
  }
  buf_putc(k->out, c);
}

static void sink_value(JsonSink *k, const json_t *v, size_t flags, int nDepth) {
  k->nDepth = nDepth;
  json_dump_callback(v, sink_put, k, flags | JSON_ENCODE_ANY);
  k->nDepth = 0;
}

/* A member's key of the outermost object, escaped as jansson escapes it, and its colon. */
static void sink_key(JsonSink *k, const char *zKey, size_t flags, int bFirst) {
  sink_open_item(k, bFirst, 1);
  json_t *key = json_string(zKey);
  json_dump_callback(key, sink_put, k, flags | JSON_ENCODE_ANY);
  json_decref(key);
  buf_puts(k->out, k->bIndent ? ": " : ":");
}

int docjson_write(const Import *im, size_t flags, json_t *pExtra, Buf *out, FILE *f) {
  JsonSink k = {out, f, (flags & JSON_MAX_INDENT) != 0, 0, 0};
  assert((flags & JSON_MAX_INDENT) <= 1);
  json_t *head = docjson_head(im);
  const char *zKey;
  json_t *v;
  int bFirst = 1;
  buf_putc(out, '{');
  json_object_foreach(head, zKey, v) {
    sink_key(&k, zKey, flags, bFirst);
    sink_value(&k, v, flags, 1);
    bFirst = 0;
  }
  json_decref(head);
  for (int part = DOCJSON_BLOCKS; part <= DOCJSON_TARGETS; part++) {
    int n = docjson_count(im, (DocPart)part);
    sink_key(&k, docjson_part_key((DocPart)part), flags, 0);
    buf_putc(out, '[');
    for (int i = 0; i < n; i++) {
      json_t *e = docjson_element(im, (DocPart)part, i);
      sink_open_item(&k, i == 0, 2);
      sink_value(&k, e, flags, 2);
      json_decref(e);
    }
    sink_close(&k, ']', n == 0, 1);
  }
  json_object_foreach(pExtra, zKey, v) {
    sink_key(&k, zKey, flags, 0);
    sink_value(&k, v, flags, 1);
  }
  sink_close(&k, '}', 0, 0);
  sink_flush(&k, 1);
  return k.bFailed ? -1 : 0;
}
