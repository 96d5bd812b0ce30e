/*
** Small fragments several pages draw the same way (declared in page.h): an item's progress and
** a warning-colour badge. Each writes through the escaping writer into r->out and nothing else:
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
