/*
** Units: who is to carry out a task — as the text assigns it, or as its wording suggests.
**
** Explicit assignments are parenthesised notes such as "（牵头单位：市发展改革委，配合单位：市委
** 组织部、市财政局）" or "（省发展改革委牵头，省交通运输厅配合）"; units_parse_assignment() reads
** one. Where the text assigns nobody, units_suggest() scores the department lexicon
** (data/units/departments.tsv: each department with keywords) against the task's words.
*/
#ifndef LUOSHI_EXTRACT_UNITS_H
#define LUOSHI_EXTRACT_UNITS_H

#include "../base/lex.h"
#include "../base/mem.h"

#include <stddef.h>

typedef struct UnitLexicon UnitLexicon;

/* Load the department lexicon. Never NULL (empty when the file is missing). */
UnitLexicon *units_lexicon_load(void);
void units_lexicon_free(UnitLexicon *u);

/* The assignment read from a note. Arrays and strings are allocated in the arena given. */
typedef struct Assignment {
  char **azLead;
  int nLead;
  char **azCooperating;
  int nCooperating;
  char *zDeadline;       /* "2023年9月底前" from 完成时限：…, or NULL */
  int deadlineYear;      /* its year, or 0 */
  char *zLeader;         /* the responsible leader (牵头负责领导：…, 分管省领导：…), or NULL */
} Assignment;

/* If z[0..nByte) (the inside of a bracket pair, brackets excluded) is an assignment note, fill
** *pa and return 1; else return 0. */
int units_parse_assignment(Arena *a, const char *z, size_t nByte, Assignment *pa);

/* Is z[0..nByte), a whole paragraph, only labelled assignment parts, the way a 责任分解 notice
** writes them under each item: "牵头负责领导：张某。牵头责任单位：省发展改革委。协同责任单位：…",
** "分管省领导：王某 部门分工：省财政厅牵头，省税务局配合。"? It must open with a label and a colon.
** Fill *pa and return 1; else return 0. */
int units_parse_labels(Arena *a, const char *z, size_t nByte, Assignment *pa);

/* Split a list of unit names "A、B，C" (brackets and 和 inside names kept) into *pazOut (allocated
** in a); returns the count. */
int units_split(Arena *a, const char *z, size_t nByte, char ***pazOut);

/* The year in a deadline such as "2023年9月底前", or 0. */
int units_deadline_year(const char *z, size_t nByte);

/* Up to nMax departments suggested for the task text z[0..nByte), best first, as indexes for
** units_name(). Returns the count (0 when no keyword matches). */
int units_suggest(const UnitLexicon *u, const char *z, size_t nByte, int *aOut, int nMax);

/* The keyword dictionary of u (lives as long as u), for a LexSet. */
const Lex *units_lex(const UnitLexicon *u);

/* units_suggest(u, zText + s, e - s, aOut, nMax) answered from pHits, the hits of units_lex(u)
** that lex_set_scan found over a text starting at zText and reaching at least to e; pHits NULL
** scans the text instead. pNext, when not NULL (and pHits is not), is where reading the hits
** may start (lex_cursor_resume; any value is safe, 0 to begin) and is left where this call
** stopped: a caller going through the text's tasks in order reads each hit about once. */
int units_suggest_hits(const UnitLexicon *u, const LexHits *pHits, size_t *pNext,
                       const char *zText, size_t s, size_t e, int *aOut, int nMax);

/* Name of department i of the lexicon (borrowed for the life of the lexicon). */
const char *units_name(const UnitLexicon *u, int i);

#endif
