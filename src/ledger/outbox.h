/*
** Outbox: delivering the escalation notices (escalation.h writes them).
**
** The rules over store.h: every notice not yet sent (pending, or failed before) is delivered
** in order, one at a time, and its outcome recorded on it at once: sent, or failed with the
** error, staying for the next attempt, so a delivery killed half-way repeats at most the one
** notice in flight. Two channels:
**   - a directory: each notice becomes DIR/notice-ID.eml, an RFC 5322 message (UTF-8 body,
**     RFC 2047 headers), written to a temporary file, synced and renamed, so a mail system or
**     a person picking files up never sees half of one;
**   - a webhook: each notice is POSTed as a JSON object (id, item, unit, unit_name, step,
**     level, colour, since, as_of, ladder, subject, body) to an http(s) URL with libcurl; a 2xx
**     answer within OUTBOX_TIMEOUT seconds is delivery.
** Only the office (a supervisor) delivers.
*/
#ifndef LUOSHI_LEDGER_OUTBOX_H
#define LUOSHI_LEDGER_OUTBOX_H

#include "auth.h"

#define OUTBOX_TIMEOUT 10

/* Deliver every unsent notice into directory zDir. *pnSent and *pnFailed get the counts;
** returns 0 unless the outbox could not be read or updated. */
int outbox_deliver_dir(Store *s, const Actor *a, const char *zDir, int *pnSent, int *pnFailed,
                       Err *e);

/* Deliver every unsent notice to the webhook at zUrl (http:// or https://). As above. */
int outbox_deliver_webhook(Store *s, const Actor *a, const char *zUrl, int *pnSent,
                           int *pnFailed, Err *e);

#endif
