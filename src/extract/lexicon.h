/*
** Lexicon: loading the reference data that reading and extraction use, once per process.
**
** lexicon_init_text() installs the Traditional->Simplified table for Text.zNorm.
** lexicon_get() returns the extraction lexicons (gazetteer, zones, aliases, departments),
** built on first use from data/ (embedded, or overridden with --data-dir) and read-only after.
*/
#ifndef LUOSHI_EXTRACT_LEXICON_H
#define LUOSHI_EXTRACT_LEXICON_H

typedef struct Gazetteer Gazetteer;
typedef struct UnitLexicon UnitLexicon;

typedef struct Lexicons {
  const Gazetteer *pGaz;     /* places */
  const UnitLexicon *pUnits; /* departments and their keywords */
} Lexicons;

/* Install the character tables used while decoding. Idempotent. */
void lexicon_init_text(void);

/* The extraction lexicons, loaded on first call. Never NULL; a missing data file leaves the
** corresponding lexicon empty and prints a warning once. */
const Lexicons *lexicon_get(void);

#endif
