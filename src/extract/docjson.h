/*
** Document JSON: an imported document as the JSON object of DESIGN.md.
**
** { "document": {...}, "diagnostics": [...], "blocks": [...], "tasks": [...], "targets": [...] }
** Lines are 1-based and inclusive, bytes 0-based and end-exclusive, both in the file as given
** (for a .docx: paragraph numbers and offsets in its extracted text). Fields may be added over
** time, never renamed. Built with jansson; the caller owns the returned value.
**
** A large table gives a document of hundreds of thousands of elements, whose jansson tree takes
** ten times the size of its text: docjson_write() streams the same text element by element, and
** docjson_head()/docjson_element() give the parts one at a time to a caller that stores them.
*/
#ifndef LUOSHI_EXTRACT_DOCJSON_H
#define LUOSHI_EXTRACT_DOCJSON_H

#include "import.h"

#include <jansson.h>
#include <stdio.h>

/* The arrays of elements of the document JSON, in the order they appear in it. */
typedef enum DocPart { DOCJSON_BLOCKS, DOCJSON_TASKS, DOCJSON_TARGETS } DocPart;

/* The document JSON of im as one tree; the caller json_decref()s it. */
json_t *docjson_build(const Import *im);

/* The members that come before the arrays of elements: {"document", "kind", "diagnostics"}.
** The caller json_decref()s it. */
json_t *docjson_head(const Import *im);

/* The key of the array part in the document JSON: "blocks", "tasks" or "targets". */
const char *docjson_part_key(DocPart part);

/* How many elements the array part of the document JSON has. */
int docjson_count(const Import *im, DocPart part);

/* Element i (0 <= i < docjson_count) of the array part, as in docjson_build's tree; the caller
** json_decref()s it. */
json_t *docjson_element(const Import *im, DocPart part, int i);

/* Write the text of the document JSON of im, byte for byte what json_dumpf(docjson_build(im),
** flags) gives, followed by the members of the object pExtra (may be NULL; not changed) as
** though they had been added to the tree last. flags: JSON_COMPACT or JSON_INDENT(1),
** optionally with JSON_ENSURE_ASCII (not JSON_SORT_KEYS: the members keep their order). The
** text is appended to out; when f is set it is written to f as it grows instead (out is left
** empty), so that no more than about a megabyte is held at once. Only one element's tree is
** held at a time. Returns 0, or -1 when writing to f failed. */
int docjson_write(const Import *im, size_t flags, json_t *pExtra, Buf *out, FILE *f);

/* One place as JSON: {"code","name","level","mention","via", "prefecture"}; z is the text the
** hit's offsets refer to. */
json_t *docjson_place(const Gazetteer *g, const PlaceHit *h, const char *z);

#endif
