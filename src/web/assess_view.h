/*
** What the assessment page (page_assess.c, /assess) and its API (api_assess.c,
** /api/v1/assessment…) share, so that both show the same result to the same person: the period a
** request asks for (the bulletin page takes its period the same way), and assess_run's result
** narrowed to the units the person may see.
**
** Supervisors and admins see every unit; a leader or a reporter sees the units they answer for
** (auth_unit_read: their unit and those below it), each with the rank it holds in its whole
** group. Nothing here renders: the page writes HTML from the result, the API sends it as JSON.
** Defined in page_assess.c.
*/
#ifndef LUOSHI_WEB_ASSESS_VIEW_H
#define LUOSHI_WEB_ASSESS_VIEW_H

#include "http.h"

#include <jansson.h>

/* The period request r asks for: its ?period= (as given, not checked), or, when absent or
** empty, the quarter of r's today written into zBuf ("2019Q1"). The answer is borrowed from r
** or zBuf. */
const char *assess_view_period(Req *r, char zBuf[16]);

/* Score period zPeriod for unit group zGroup (NULL or "all": every group) by the scoring rules
** (assess_run of assess.h), then keep only the units r's person may see: a group's "units",
** "red" and "black" keep only those, and a group left without units is dropped. *pResult (the
** caller's, json_decref) is then assess_run's result in that shape. 0, or the error of
** assess_rules_load or assess_run (LUOSHI_EINVAL for a bad period or group), or LUOSHI_EIO. */
int assess_view_run(Req *r, const char *zPeriod, const char *zGroup, json_t **pResult, Err *e);

#endif
