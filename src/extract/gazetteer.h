/*
** Gazetteer: the places a policy text can name, and finding them in text.
**
** Built from data/places/: every Chinese division with its 2023 code (divisions.tsv), the home
** province (home.tsv; Sichuan by default) whose prefectures and counties are also found by
** short names (成都, 凉山州, 西昌), its zones (zones.tsv), aliases, abbreviations such as 成德绵,
** landmarks such as 天府国际机场 (aliases.tsv), words that contain place names but are not
** places (blockers), short names that are ordinary words (stop.txt), and the world's
** countries and regions (countries.tsv). Matching is longest-first, left to right, over the
** normalised (Simplified) text. Read-only after loading; safe to share between threads.
*/
#ifndef LUOSHI_EXTRACT_GAZETTEER_H
#define LUOSHI_EXTRACT_GAZETTEER_H

#include "../base/lex.h"

#include <stddef.h>
#include <stdint.h>

typedef enum PlaceLevel {
  PLACE_PROVINCE = 1,
  PLACE_PREFECTURE,
  PLACE_COUNTY,
  PLACE_COUNTRY,        /* a foreign country */
  PLACE_REGION,         /* a world or national region (东盟, 粤港澳大湾区) */
  PLACE_ZONE            /* a zone of the home province (川南经济区) */
} PlaceLevel;

typedef struct Division {
  int code;             /* six-digit code */
  const char *zName;    /* full official name */
  PlaceLevel level;     /* province, prefecture or county */
  int parent;           /* parent's code, 0 for provinces */
} Division;

typedef enum PlaceVia {
  VIA_NAME = 0,         /* the full or short name of the division itself */
  VIA_ALIAS,            /* another name */
  VIA_ABBREVIATION,     /* a joint abbreviation naming several places */
  VIA_LANDMARK,         /* a place inside the division */
  VIA_ZONE              /* a zone */
} PlaceVia;

typedef struct PlaceHit {
  uint32_t iStart, iEnd; /* the mention, a byte range of the searched text */
  int code;             /* division code; 0 for countries, regions and zones */
  short index;          /* zone or country index for those levels, else -1 */
  unsigned char level;  /* a PlaceLevel */
  unsigned char via;    /* a PlaceVia */
} PlaceHit;

typedef struct Gazetteer Gazetteer;

/* Build the gazetteer from the data files. Never NULL; missing files give an empty part. */
Gazetteer *gazetteer_load(void);
void gazetteer_free(Gazetteer *g);

/* Find the places named in z[0..nByte) (normalised text). Appends to *paHit (xrealloc'd; the
** caller frees it) and updates *pnHit and *pnCap. An abbreviation yields one hit per place,
** all with the same range. */
void gazetteer_find(const Gazetteer *g, const char *z, size_t nByte, PlaceHit **paHit,
                    size_t *pnHit, size_t *pnCap);

/* The dictionary of place words (lives as long as g), for a LexSet. */
const Lex *gazetteer_lex(const Gazetteer *g);

/* gazetteer_find answered from pWords, the hits of gazetteer_lex(g) that lex_set_scan found over
** z[0..nByte); pWords NULL scans the text instead. */
void gazetteer_find_hits(const Gazetteer *g, const LexHits *pWords, const char *z, size_t nByte,
                         PlaceHit **paHit, size_t *pnHit, size_t *pnCap);

/* The division with this code, or NULL. */
const Division *gazetteer_division(const Gazetteer *g, int code);
/* The prefecture-level division containing code (itself for a prefecture; for a county of a
** municipality, the municipality); 0 for provinces and unknown codes. */
int gazetteer_prefecture_of(const Gazetteer *g, int code);
/* The province containing code (itself for a province), or 0. */
int gazetteer_province_of(const Gazetteer *g, int code);
/* The home province's code. */
int gazetteer_home(const Gazetteer *g);
/* Name of zone i, or of country/region i. */
const char *gazetteer_zone_name(const Gazetteer *g, int i);
const char *gazetteer_country_name(const Gazetteer *g, int i);
/* Member prefecture codes of zone i: stores the array in *paCode, returns the count. */
int gazetteer_zone_members(const Gazetteer *g, int i, const int **paCode);
/* Number of divisions, and of divisions in the home province at each level. */
size_t gazetteer_count(const Gazetteer *g);
size_t gazetteer_home_count(const Gazetteer *g, PlaceLevel level);

#endif
