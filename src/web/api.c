/*
** The helpers every API handler shares (api.h): the JSON answer, the page parameters and the
** list envelope. Writes only the response of the Req it is given; reads no store and makes no
** decision about who may see what (the handlers do, before calling here).
*/
#include "api.h"

#include <stdlib.h>

void api_send(Req *r, json_t *j) {
  char *z = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  if (!z) {
    req_fail(r, 500, "the answer could not be written as JSON");
    return;
  }
  r->zType = "application/json";
  buf_puts(&r->out, z);
  buf_putc(&r->out, '\n');
  free(z);
}

void api_send_list(Req *r, json_t *aItem, long long nTotal, const ApiPage *p) {
  api_send(r, json_pack("{s:o, s:I, s:I, s:I}", "items", aItem, "total", (json_int_t)nTotal,
                        "limit", (json_int_t)p->limit, "offset", (json_int_t)p->offset));
}

/* Parameter zName as decimal digits into *pOut, cut to max (kept when absent). 0, or -1 after
** answering 400. */
static int param_count(Req *r, const char *zName, long long max, long long *pOut) {
  const char *z = req_param(r, zName);
  if (!z) return 0;
  if (!*z) goto bad;
  long long v = 0;
  for (const char *p = z; *p; p++) {
    if (*p < '0' || *p > '9') goto bad;
    if (v <= max) v = v * 10 + (*p - '0');
  }
  *pOut = v > max ? max : v;
  return 0;
bad:
  req_fail(r, 400, "limit and offset are whole numbers");
  return -1;
}

int api_page_params(Req *r, ApiPage *p) {
  p->limit = API_LIMIT_DEFAULT;
  p->offset = 0;
  p->n = 0;
  if (param_count(r, "limit", API_LIMIT_MAX, &p->limit) ||
      param_count(r, "offset", API_OFFSET_MAX, &p->offset)) {
    return -1;
  }
  if (p->limit == 0) p->limit = API_LIMIT_DEFAULT;
  return 0;
}

int api_page_take(ApiPage *p) {
  long long i = p->n++;
  return i >= p->offset && i < p->offset + p->limit;
}

json_t *api_str_or_null(const char *z) { return z && *z ? json_string(z) : json_null(); }
