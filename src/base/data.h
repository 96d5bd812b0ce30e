/*
** Data: the reference files luoshi carries (gazetteer, lexicons, character tables).
**
** Each file of data/ is embedded at build time under its path relative to data/ (for example
** "places/divisions.tsv"). A user overrides any of them by putting a file of the same relative
** path under a directory named with --data-dir or the LUOSHI_DATA environment variable.
*/
#ifndef LUOSHI_BASE_DATA_H
#define LUOSHI_BASE_DATA_H

#include <stddef.h>

/* Directory searched before the embedded copies, or NULL for none. The string is borrowed for
** the life of the program. */
void data_set_dir(const char *zDir);

/* The content of data file zName: the override when one exists, else the embedded copy.
** Returns a NUL-terminated buffer (*pnByte bytes) that lives until the program ends, or NULL
** when there is no such file. */
const char *data_get(const char *zName, size_t *pnByte);

#endif
