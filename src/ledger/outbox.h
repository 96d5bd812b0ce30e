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
**     answer within OUTBOX_TIMEOUT seconds is delivery;
**   - mail by SMTP: the directory's message (but with a base64 body, the unit's address in To,
**     the sender's in From, the time of sending in Date) goes with libcurl to the notice's unit
**     at the address `unit email` gave it (store_unit_email_get); a unit without an address, a
**     refused recipient or message, or no answer within OUTBOX_TIMEOUT seconds is a failure.
** Only the office (a supervisor) delivers.
*/
#ifndef LUOSHI_LEDGER_OUTBOX_H
#define LUOSHI_LEDGER_OUTBOX_H

#include "auth.h"

#define OUTBOX_TIMEOUT 10
#define OUTBOX_FROM "noreply@luoshi.invalid" /* the sender when none is given */

/* Deliver every unsent notice into directory zDir. *pnSent and *pnFailed get the counts;
** returns 0 unless the outbox could not be read or updated. */
int outbox_deliver_dir(Store *s, const Actor *a, const char *zDir, int *pnSent, int *pnFailed,
                       Err *e);

/* Deliver every unsent notice to the webhook at zUrl (http:// or https://). As above. */
int outbox_deliver_webhook(Store *s, const Actor *a, const char *zUrl, int *pnSent,
                           int *pnFailed, Err *e);

/* Deliver every unsent notice by mail through the SMTP server at zUrl (smtp://HOST[:PORT], with
** STARTTLS when offered, or smtps://) from address zFrom (NULL: OUTBOX_FROM), logging in as
** zUser with zPassword when zUser is not NULL or "" (smtp:// then requires STARTTLS). As above;
** LUOSHI_EINVAL, before anything is sent, for a URL or sender that is not valid. */
int outbox_deliver_smtp(Store *s, const Actor *a, const char *zUrl, const char *zFrom,
                        const char *zUser, const char *zPassword, int *pnSent, int *pnFailed,
                        Err *e);

#endif
