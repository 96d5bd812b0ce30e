/*
** Lexicon: one-time loading of reference data (see lexicon.h).
*/
#include "lexicon.h"

#include "../base/data.h"
#include "../text/text.h"
#include "gazetteer.h"
#include "units.h"

#include <stdio.h>

void lexicon_init_text(void) {
  static int done;
  if (done) return;
  done = 1;
  size_t n = 0;
  const char *z = data_get("text/t2s.tsv", &n);
  if (z) text_set_t2s(z, n);
}

const Lexicons *lexicon_get(void) {
  static Lexicons lx;
  static int done;
  if (done) return &lx;
  done = 1;
  lexicon_init_text();
  lx.pGaz = gazetteer_load();
  lx.pUnits = units_lexicon_load();
  return &lx;
}
