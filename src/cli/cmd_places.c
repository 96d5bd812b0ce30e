/*
** `luoshi places TEXT...`: the places the gazetteer finds in a piece of text.
*/
#include "cli.h"

#include "../base/buf.h"
#include "../extract/docjson.h"
#include "../extract/lexicon.h"
#include "../text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_places(int argc, char **argv) {
  int json = 0;
  Buf text = BUF_INIT;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else buf_puts(&text, argv[i]);
  }
  if (text.n == 0) return cli_usage("places");
  const Lexicons *lx = lexicon_get();
  char *zNorm = xstrndup(buf_str(&text), text.n);
  text_normalize(zNorm, text.n);
  PlaceHit *a = NULL;
  size_t n = 0, cap = 0;
  gazetteer_find(lx->pGaz, zNorm, text.n, &a, &n, &cap);
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(list, docjson_place(lx->pGaz, &a[i], text.a));
  if (json) {
    json_dumpf(list, stdout, JSON_INDENT(1));
    fputc('\n', stdout);
  } else {
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
      json_t *pref = json_object_get(p, "prefecture");
      const char *zCode = json_string_value(json_object_get(p, "code"));
      printf("%-8s %-8s %-10s %s", json_string_value(json_object_get(p, "mention")),
             zCode ? zCode : "-", json_string_value(json_object_get(p, "level")),
             json_string_value(json_object_get(p, "name")));
      if (pref) printf(" (%s)", json_string_value(json_object_get(pref, "name")));
      printf("  [%s]\n", json_string_value(json_object_get(p, "via")));
    }
  }
  json_decref(list);
  free(a);
  free(zNorm);
  buf_free(&text);
  return 0;
}
