/*
** Bulletin notes (经验做法): the good practice the supervision office writes for one period's
** bulletin (督查通报), kept in the store per period, so the page, the .docx and `luoshi
** bulletin` of that period all print the same paragraphs (bulletin_build reads them).
**
** This is where the rules for them live: only supervisors and admins write them; the period is
** one `assess` takes (2019-03, 2019Q1, 2019); the text is UTF-8, at most BULLETIN_NOTES_MAX
** bytes, without control characters other than line breaks and tabs, and its CR LF line ends
** are kept as LF. Every change is audited by the store. Nothing here renders the notes.
*/
#ifndef LUOSHI_LEDGER_BULLETIN_NOTES_H
#define LUOSHI_LEDGER_BULLETIN_NOTES_H

#include "../store/store.h"
#include "auth.h"

#include <jansson.h>

#define BULLETIN_NOTES_MAX 65536   /* bytes of one period's notes (the web's field limit too) */

/* Split notes text into paragraphs: blocks separated by blank lines, each block's lines
** joined (a CJK line break joins without a space), trimmed; a paragraph that is not UTF-8 is
** left out. A new JSON array of strings, the caller's. */
json_t *bulletin_notes(const char *zNotes);

/* The notes stored for period zPeriod as paragraphs (bulletin_notes) into
** *pNotes: a new array, the caller's (json_decref), empty when none are stored. 0, or
** LUOSHI_EINVAL for a malformed period, LUOSHI_EIO when the store failed (*pNotes NULL). */
int bulletin_notes_load(Store *s, const char *zPeriod, json_t **pNotes, Err *e);

/* Store zText as period zPeriod's notes on behalf of a, in place of any stored before ("" clears
** them), audited as a's change. Refused: LUOSHI_EDENIED unless a supervises (supervisor or
** admin); LUOSHI_EINVAL for a malformed period or a text breaking the rules above (the message
** says which, and where). *pbChanged (may be NULL) is 0 when that text was stored already
** (then nothing is written), 1 otherwise. LUOSHI_EIO when the store failed. */
int bulletin_notes_save(Store *s, const Actor *a, const char *zPeriod, const char *zText,
                        int *pbChanged, Err *e);

#endif
