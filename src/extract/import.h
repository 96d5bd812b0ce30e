/*
** Import: the whole reading pipeline in one call — bytes in, document with tasks out.
**
** import_run() recognises the input (a Word .docx, or text in UTF-8/GB18030), decodes it,
** reflows it into blocks, gives it structure, and extracts tasks and targets. For a .docx the
** text is first taken from its XML, one paragraph per line; lines and bytes then refer to that
** text (paragraph numbers and offsets in it). Pure apart from hashing: no files, no database.
*/
#ifndef LUOSHI_EXTRACT_IMPORT_H
#define LUOSHI_EXTRACT_IMPORT_H

#include "../base/buf.h"
#include "../base/err.h"
#include "../text/doc.h"
#include "extract.h"

typedef struct ImportOpts {
  int forceEncoding;       /* -1 to detect, else a TextEncoding */
  size_t nMaxByte;         /* refuse inputs larger than this (0: 256 MB) */
  const char *zFileName;   /* shown in messages and used as a title of last resort */
  int bTerminated;         /* the input is followed by a NUL byte (it is read in place) */
  Buf *pSource;            /* when set, the input is this Buf's bytes, and the pipeline frees
                           ** them (leaving it empty) once it no longer needs them: on large
                           ** inputs that lowers the peak of memory by the input's size */
  int bInspection;         /* the document is an inspection's findings whatever its form */
} ImportOpts;

typedef struct Import {
  const char *zFormat;     /* "text", "docx" or "table" */
  const char *zKind;       /* "decision", or "inspection" for findings (巡视反馈意见): a
                           ** rectification table or ImportOpts.bInspection */
  char zSha256[65];        /* of the input bytes, lower-case hex */
  size_t nSrcByte;         /* size of the input */
  Buf text;                /* for .docx: the extracted text the Text decodes */
  Text t;
  Doc doc;
  Extraction ex;
  char *zTitle;            /* title: from the document, else the file name; owned */
  size_t nChar;            /* characters of the decoded text */
} Import;

/* Run the pipeline over z[0..nByte). On success returns 0 and fills *im (free it with
** import_free). On bad input returns a negative code with e saying what and where, and *im
** needs no freeing. z must stay valid until import_free. */
int import_run(const unsigned char *z, size_t nByte, const ImportOpts *o, Import *im, Err *e);
void import_free(Import *im);

/* SHA-256 of z[0..nByte) as 64 hex digits into zOut[65]. */
void import_sha256(const unsigned char *z, size_t nByte, char zOut[65]);

#endif
