/*
** Fields: the checks every free-text field a person types into the ledger goes through (titles,
** reasons, what was done). A field is valid UTF-8, within a byte limit, and holds no control
** characters other than line breaks and tabs where the field allows several lines.
*/
#ifndef LUOSHI_LEDGER_FIELDS_H
#define LUOSHI_LEDGER_FIELDS_H

#include "../base/err.h"

#include <stddef.h>

#define FIELD_ONE_LINE 0
#define FIELD_LINES 1

/* Byte limits of the common kinds of field: a name (of a unit, a person, a leader, a login)
** and a text (an item's wording, a reason, a note, a document's title). */
#define FIELD_NAME_MAX 200
#define FIELD_TEXT_MAX 20000

/* Check text field z (zWhat names it in the message) against the rules above: 0, or
** LUOSHI_EINVAL. An empty or NULL z is an error when required is set. */
int field_check(const char *z, size_t nMax, int lines, int required, const char *zWhat, Err *e);

#endif
