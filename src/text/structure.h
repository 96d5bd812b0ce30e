/*
** Structure: the heading tree, sentences, clauses and lead sentences of a reflowed Doc.
**
** structure_run() walks the blocks of each fragment separately — numbering is never carried
** across a page jump, because the text after it may come from anywhere in the document — and
** gives every block its place (section 一、, subsection （一）, measure 1. and its title). It
** splits content blocks into sentences (at 。！？；, not inside brackets or quotes) and clauses
** (at ，), finds the lead sentence of paragraphs ("强化领导责任。"), picks the document title,
** and reports what a reader should know: fragments, gaps in numbering, text cut at a page
** jump. Pure, no I/O.
*/
#ifndef LUOSHI_TEXT_STRUCTURE_H
#define LUOSHI_TEXT_STRUCTURE_H

#include "doc.h"

/* Fill in the structure of d after reflow_run(). Never fails. */
void structure_run(Doc *d);

/* Split z[0..nByte) into sentences and clauses; arrays are allocated in arena a. */
void structure_sentences(Arena *a, const char *z, size_t nByte, Sentence **paSent, int *pnSent,
                         Clause **paClause, int *pnClause);

#endif
