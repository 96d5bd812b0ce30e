/*
** Outline: a document JSON printed for people — fragments, headings, paragraphs with their lead,
** and under each paragraph its tasks with kind, deliverable, places, units and targets; then
** the diagnostics. Used by `luoshi import` and `luoshi show`, so both print the same thing.
*/
#ifndef LUOSHI_CLI_OUTLINE_H
#define LUOSHI_CLI_OUTLINE_H

#include <jansson.h>
#include <stdio.h>

/* Print the outline of document JSON root to f. */
void outline_print(FILE *f, json_t *root);

/* Print one line of counts: "title: N blocks, N tasks, N targets, N fragments". */
void outline_summary(FILE *f, json_t *root);

#endif
