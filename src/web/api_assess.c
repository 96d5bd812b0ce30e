/*
** The API beside the assessment page (考核评价): GET /api/v1/assessment?period=&group= (the
** rankings of every unit group, each unit's score broken down into rule lines and the ledger
** facts behind them, the red and black lists, the change since the previous period) and
** GET /api/v1/assessment/units/{id}?period= (one unit of it). The same data as `luoshi assess
** --json`, narrowed for the reader exactly as the page narrows it (assess_view_run): a leader or
** a reporter sees the units they answer for, supervisors and admins every unit. Scores nothing
** itself; answers through api.h's envelope and req_fail's errors.
*/
#include "api.h"
#include "assess_view.h"
#include "web.h"

#include <stdlib.h>
#include <string.h>

/* Send {"item": result} (taking the reference) as api_send does, with scores written as `luoshi
** assess --json` writes them (15 significant digits: 96.35, never 96.349999999999994). */
static void send_item(Req *r, json_t *result) {
  json_t *j = json_pack("{s:o}", "item", result);
  char *z = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
  json_decref(j);
  if (!z) {
    req_fail(r, 500, "the assessment could not be written as JSON");
    return;
  }
  r->zType = "application/json";
  buf_puts(&r->out, z);
  buf_putc(&r->out, '\n');
  free(z);
}

/* ---- GET /api/v1/assessment ----------------------------------------------------------------- */

void api_assessment(Req *r) {
  Err e;
  err_clear(&e);
  char zDefault[16];
  const char *zPeriod = assess_view_period(r, zDefault);
  json_t *res = NULL;
  if (assess_view_run(r, zPeriod, req_param(r, "group"), &res, &e)) {
    req_fail_err(r, &e);
    return;
  }
  send_item(r, res);
}

/* ---- GET /api/v1/assessment/units/{id} ------------------------------------------------------ */

void api_assessment_unit(Req *r) {
  Err e;
  err_clear(&e);
  /* 404 for no such unit, 403 outside the reader's reach: before anything is scored */
  if (auth_unit_read(r->s, &r->actor, r->id, &e)) {
    req_fail_err(r, &e);
    return;
  }
  char zDefault[16];
  const char *zPeriod = assess_view_period(r, zDefault);
  json_t *res = NULL;
  if (assess_view_run(r, zPeriod, NULL, &res, &e)) {
    req_fail_err(r, &e);
    return;
  }
  json_t *found = NULL, *group = NULL;
  size_t gi, ui;
  json_t *g, *u;
  json_array_foreach(json_object_get(res, "groups"), gi, g) {
    json_array_foreach(json_object_get(g, "units"), ui, u) {
      if (json_integer_value(json_object_get(u, "unit")) == r->id) {
        found = u;
        group = json_object_get(g, "group");
      }
    }
  }
  json_t *item = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "period",
                           json_object_get(res, "period"), "from", json_object_get(res, "from"),
                           "to", json_object_get(res, "to"), "previous",
                           json_object_get(res, "previous"), "rules",
                           json_object_get(res, "rules"), "group",
                           group ? group : json_null(), "unit", found ? found : json_null());
  json_decref(res);
  send_item(r, item);
}
