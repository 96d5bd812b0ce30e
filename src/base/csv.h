/*
** Csv: one field of a CSV file for spreadsheets (RFC 4180, UTF-8), shared by the web's
** /ledger.csv and `luoshi ledger export --csv`.
**
** A field beginning with = + - @, a tab or a CR gets a leading single quote, so a spreadsheet
** shows it as text instead of running it as a formula (CSV injection); a field holding a comma,
** a quote or a line break is quoted, its quotes doubled. Other C0 control characters (and DEL)
** become spaces: spreadsheets choke on them and no ledger field means them. Pure.
*/
#ifndef LUOSHI_BASE_CSV_H
#define LUOSHI_BASE_CSV_H

#include "buf.h"

/* The byte-order mark Excel needs to read a CSV file as UTF-8. */
#define CSV_BOM "\xEF\xBB\xBF"

/* Append field z (NULL: empty) to b, after a comma unless bFirst. */
void csv_field(Buf *b, const char *z, int bFirst);

#endif
