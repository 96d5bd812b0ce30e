/*
** Outline printing (see outline.h).
*/
#include "outline.h"

#include <string.h>

static const char *str(json_t *o, const char *zKey) {
  const char *z = json_string_value(json_object_get(o, zKey));
  return z ? z : "";
}

static long long num(json_t *o, const char *zKey) {
  return json_integer_value(json_object_get(o, zKey));
}

static void print_range(FILE *f, json_t *o) {
  json_t *r = json_object_get(o, "lines");
  long long a = json_integer_value(json_array_get(r, 0));
  long long b = json_integer_value(json_array_get(r, 1));
  if (a == b) fprintf(f, "L%lld", a);
  else fprintf(f, "L%lld-%lld", a, b);
}

static void print_list(FILE *f, const char *zLabel, json_t *a, const char *zKey) {
  if (json_array_size(a) == 0) return;
  fprintf(f, " %s:", zLabel);
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) {
    const char *z = zKey ? str(v, zKey) : json_string_value(v);
    fprintf(f, "%s%s", i ? "、" : "", z ? z : "");
  }
}

static void print_target(FILE *f, json_t *t) {
  fprintf(f, "        target: %s", str(t, "text"));
  json_t *v = json_object_get(t, "value");
  fprintf(f, " →");
  if (json_string_value(json_object_get(t, "metric"))) fprintf(f, " %s", str(t, "metric"));
  fprintf(f, " %s", str(t, "comparator"));
  if (json_is_number(v)) fprintf(f, " %g%s", json_number_value(v), str(t, "unit"));
  if (json_string_value(json_object_get(t, "level"))) fprintf(f, " %s", str(t, "level"));
  if (json_is_integer(json_object_get(t, "deadline"))) {
    fprintf(f, " by %lld", num(t, "deadline"));
  }
  if (json_is_integer(json_object_get(t, "horizon_years"))) {
    fprintf(f, " within %lld years", num(t, "horizon_years"));
  }
  fprintf(f, "\n");
}

static void print_task(FILE *f, json_t *t) {
  fprintf(f, "    task %lld [%s] ", num(t, "id"), str(t, "kind"));
  print_range(f, t);
  fprintf(f, " %s\n", str(t, "text"));
  int extra = 0;
  if (json_string_value(json_object_get(t, "deliverable"))) {
    fprintf(f, "        deliverable: %s\n", str(t, "deliverable"));
  }
  if (json_string_value(json_object_get(t, "deadline_text"))) {
    fprintf(f, "        deadline: %s\n", str(t, "deadline_text"));
  } else if (json_is_integer(json_object_get(t, "deadline"))) {
    fprintf(f, "        deadline: %lld\n", num(t, "deadline"));
  }
  json_t *actor = json_object_get(t, "actor");
  if (json_is_object(actor)) fprintf(f, "        actor: %s\n", str(actor, "name"));
  if (json_string_value(json_object_get(t, "leader"))) {
    fprintf(f, "        leader: %s\n", str(t, "leader"));
  }
  json_t *places = json_object_get(t, "places");
  json_t *zones = json_object_get(t, "zones");
  json_t *units = json_object_get(t, "units");
  if (json_array_size(places) || json_array_size(zones) ||
      json_array_size(json_object_get(units, "lead")) ||
      json_array_size(json_object_get(units, "suggested"))) {
    fprintf(f, "       ");
    print_list(f, "places", places, "name");
    print_list(f, "zones", zones, NULL);
    print_list(f, "lead", json_object_get(units, "lead"), NULL);
    print_list(f, "cooperating", json_object_get(units, "cooperating"), NULL);
    print_list(f, "suggested", json_object_get(units, "suggested"), NULL);
    fprintf(f, "\n");
    extra = 1;
  }
  (void)extra;
  size_t i;
  json_t *g;
  json_array_foreach(json_object_get(t, "targets"), i, g) print_target(f, g);
}

void outline_summary(FILE *f, json_t *root) {
  json_t *doc = json_object_get(root, "document");
  fprintf(f, "%s: %zu blocks, %zu tasks, %zu targets, %lld fragments\n", str(doc, "title"),
          json_array_size(json_object_get(root, "blocks")),
          json_array_size(json_object_get(root, "tasks")),
          json_array_size(json_object_get(root, "targets")), num(doc, "fragments"));
}

void outline_print(FILE *f, json_t *root) {
  json_t *doc = json_object_get(root, "document");
  fprintf(f, "%s\n", str(doc, "title"));
  fprintf(f, "  sha256 %.16s…  %s  %lld bytes, %lld lines, %lld characters\n", str(doc, "sha256"),
          str(doc, "encoding"), num(doc, "bytes"), num(doc, "lines"), num(doc, "chars"));
  outline_summary(f, root);
  json_t *tasks = json_object_get(root, "tasks");
  size_t iTask = 0;
  long long frag = 0;
  size_t i;
  json_t *b;
  json_array_foreach(json_object_get(root, "blocks"), i, b) {
    if (num(b, "fragment") != frag) {
      frag = num(b, "fragment");
      fprintf(f, "\nfragment %lld\n", frag);
    }
    const char *zKind = str(b, "kind");
    if (strcmp(zKind, "heading") == 0) {
      fprintf(f, "  %s %s ", str(b, "level"), str(b, "number"));
      print_range(f, b);
      fprintf(f, "  %s\n", str(b, "title"));
    } else if (strcmp(zKind, "paragraph") == 0) {
      fprintf(f, "  ¶ ");
      print_range(f, b);
      if (json_string_value(json_object_get(b, "lead"))) fprintf(f, "  「%s」", str(b, "lead"));
      print_list(f, "places", json_object_get(b, "places"), "name");
      print_list(f, "zones", json_object_get(b, "zones"), NULL);
      fprintf(f, "\n");
    } else {
      fprintf(f, "  [%s] ", zKind);
      print_range(f, b);
      fprintf(f, "  %s\n", str(b, "text"));
    }
    while (iTask < json_array_size(tasks) &&
           num(json_array_get(tasks, iTask), "block") == num(b, "id")) {
      print_task(f, json_array_get(tasks, iTask));
      iTask++;
    }
  }
  json_t *diags = json_object_get(root, "diagnostics");
  if (json_array_size(diags)) fprintf(f, "\ndiagnostics\n");
  json_t *g;
  json_array_foreach(diags, i, g) {
    fprintf(f, "  %s ", str(g, "severity"));
    print_range(f, g);
    fprintf(f, ": %s\n", str(g, "message"));
  }
}
