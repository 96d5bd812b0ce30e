/*
** Document JSON: an imported document as the JSON object of DESIGN.md.
**
** { "document": {...}, "diagnostics": [...], "blocks": [...], "tasks": [...], "targets": [...] }
** Lines are 1-based and inclusive, bytes 0-based and end-exclusive, both in the file as given
** (for a .docx: paragraph numbers and offsets in its extracted text). Fields may be added over
** time, never renamed. Built with jansson; the caller owns the returned value.
*/
#ifndef LUOSHI_EXTRACT_DOCJSON_H
#define LUOSHI_EXTRACT_DOCJSON_H

#include "import.h"

#include <jansson.h>

/* The document JSON of im; the caller json_decref()s it. */
json_t *docjson_build(const Import *im);

/* One place as JSON: {"code","name","level","mention","via", "prefecture"}; z is the text the
** hit's offsets refer to. */
json_t *docjson_place(const Gazetteer *g, const PlaceHit *h, const char *z);

#endif
