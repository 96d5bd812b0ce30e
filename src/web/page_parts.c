/*
** Small fragments several pages draw the same way (declared in page.h): an item's progress and
** a warning-colour badge; and the copy of one ledger row the item pages keep. Each writes through the escaping writer into r->out and nothing else:
** no store reads, no decisions about who may see what — the page calling it has checked.
*/
#include "html.h"
#include "page.h"

void page__progress(Req *r, int progress, const char *zClass, const char *zNone) {
  if (progress < 0) {
    html_printf(&r->out, "<span class=\"muted\">%s</span>", zNone);
    return;
  }
  if (zClass) html_printf(&r->out, "<progress class=\"%s\" max=\"100\"", zClass);
  else html_printf(&r->out, "<progress max=\"100\"");
  html_printf(&r->out, " value=\"%d\">%d%%</progress> %d%%", progress, progress, progress);
}

void page__colour_badge(Req *r, const char *zColour) {
  html_printf(&r->out, "<span class=\"badge %s\">%s</span>", page_colour_class(zColour),
              page_colour_name(r, zColour));
}

int page__keep_item(void *ctx, const StoreItem *it) {
  PageItem *p = ctx;
  const char *az[] = {it->zNumber,   it->zText,     it->zKind,         it->zStatus,
                      it->zLeader,   it->zLeadUnit, it->zDeadline,     it->zCooperating,
                      it->zColour,   it->zRecurrence};
  enum { N = sizeof az / sizeof az[0] };
  size_t aOff[N]; /* offsets first: the buffer may move as it grows */
  for (size_t i = 0; i < N; i++) {
    aOff[i] = p->strings.n;
    buf_puts(&p->strings, az[i] ? az[i] : "");
    buf_putc(&p->strings, 0);
  }
  p->it = *it;
  const char **apDst[] = {&p->it.zNumber,   &p->it.zText,     &p->it.zKind,
                          &p->it.zStatus,   &p->it.zLeader,   &p->it.zLeadUnit,
                          &p->it.zDeadline, &p->it.zCooperating, &p->it.zColour,
                          &p->it.zRecurrence};
  for (size_t i = 0; i < N; i++) *apDst[i] = p->strings.a + aOff[i];
  p->found = 1;
  return 1;
}
