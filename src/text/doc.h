/*
** Doc: the structured document that reading produces — blocks (headings, paragraphs, running
** titles, page markers) in fragments, with sentences and clauses, each carrying its provenance.
**
** A Doc is built by reflow_run() and structure_run() from a Text and owns an Arena holding
** every string and array below; doc_free() releases all of it. Offsets named i* are byte
** offsets: iText* into Block.zText, iSrc* into Text.z (convert with text_src_offset for the
** file as given). Diagnostics collect problems and observations; reading never stops at the
** first one.
*/
#ifndef LUOSHI_TEXT_DOC_H
#define LUOSHI_TEXT_DOC_H

#include "../base/mem.h"
#include "text.h"

#include <stddef.h>
#include <stdint.h>

/* Offsets inside a Doc are 32-bit: inputs are limited well below 4 GB (DOC_MAX_BYTES). */
#define DOC_MAX_BYTES ((size_t)2048 << 20)

typedef enum BlockKind {
  BLOCK_PARAGRAPH = 0,
  BLOCK_HEADING,
  BLOCK_TITLE,          /* the document's own title at its head */
  BLOCK_RUNNING_TITLE,  /* a title repeated between columns or pages: not content */
  BLOCK_PAGE_MARKER     /* 上接第1版 / 下转第6版 / 紧接01版: not content */
} BlockKind;

/* Heading levels, outermost first. */
typedef enum HeadingLevel {
  LEVEL_NONE = 0,
  LEVEL_SECTION,        /* 一、 */
  LEVEL_SUBSECTION,     /* （一） */
  LEVEL_MEASURE,        /* 1. 1． 1、 */
  LEVEL_ITEM,           /* （1） */
  LEVEL_POINT           /* ① */
} HeadingLevel;

/* A run of block text copied unchanged from the source. Block text is the concatenation of
** its segments, except for spaces that reflow inserts between Latin words across a line
** break (those belong to no segment). */
typedef struct Seg {
  uint32_t iText; /* where the run starts in the block's text */
  uint32_t iSrc;  /* where it starts in Text.z */
  uint32_t nByte; /* its length */
} Seg;

/* A sentence (ends at 。！？；) and its clauses (split at ，). */
typedef struct Sentence {
  uint32_t iStart, iEnd; /* byte range in the block text, end exclusive, end mark included */
  int iClause;           /* index of its first clause in Block.aClause */
  int nClause;
} Sentence;

typedef struct Clause {
  uint32_t iStart, iEnd; /* byte range in the block text, trailing ， excluded */
} Clause;

/* Fields are ordered widest first, with no padding between them, and offsets take 32 bits: a
** large input has a hundred thousand blocks. */
typedef struct Block {
  char *zText;           /* reflowed text: lines joined, typesetting spaces dropped */
  char *zNorm;           /* zText with Traditional characters as Simplified, same length */
  Seg *aSeg;             /* provenance of zText */
  char *zNumber;         /* for headings: the number as written ("十二", "3", "（一）") */
  char *zTitle;          /* for headings: the title; for paragraphs: the lead sentence's
                         ** words (without its end mark), or NULL */
  /* Where the block sits in the heading tree of its fragment (borrowed from heading blocks). */
  const char *zSection;  /* number of the enclosing 一、 heading, or NULL */
  const char *zSubsection; /* enclosing （一）, or NULL */
  const char *zMeasureTitle; /* title of the enclosing 1. heading, or NULL */
  Sentence *aSent;
  Clause *aClause;
  /* Offsets are 32-bit, as everywhere in a Doc (DOC_MAX_BYTES). */
  uint32_t nText;        /* bytes in zText */
  uint32_t iSrcStart, iSrcEnd; /* range in Text.z, end exclusive */
  uint32_t iTitle;       /* for headings: where the title starts in zText */
  uint32_t nLead;        /* paragraphs: bytes of the lead sentence in zText, 0 if none */
  int id;                /* 1-based, in file order */
  BlockKind kind;
  int nSeg;              /* segments in aSeg */
  int lineFirst, lineLast;   /* 1-based source lines, inclusive */
  int fragment;          /* 1-based fragment (text between page jumps) */
  HeadingLevel level;    /* for headings */
  int number;            /* for headings: its value (12, 3, 1), 0 if unknown */
  int measure;           /* number of the enclosing 1. heading, 0 if none */
  int nSent;
  int nClause;
  uint8_t jump;          /* page markers: JUMP_FROM (上接) or JUMP_TO (下转), JUMP_JOINED added
                         ** when the text runs on through the jump in this file */
  uint8_t furniture;     /* running titles: a page header or the paper's name, not a title */
  uint8_t continued;     /* starts mid-sentence, continuing text from elsewhere */
  uint8_t incomplete;    /* ends mid-sentence, continued elsewhere */
} Block;

enum { JUMP_FROM = 1, JUMP_TO = 2, JUMP_JOINED = 4 };

typedef enum DiagSeverity { DIAG_INFO = 0, DIAG_WARNING, DIAG_ERROR } DiagSeverity;

typedef struct Diag {
  DiagSeverity severity;
  char *zMsg;            /* English message */
  int lineFirst, lineLast;
} Diag;

typedef struct Doc {
  Arena arena;           /* owns every string and array of the Doc */
  const Text *pText;     /* the decoded text, borrowed */
  char *zTitle;          /* the document's title, from its title or running title, or NULL */
  Block *aBlock;
  int nBlock;
  int nBlockCap;
  Diag *aDiag;
  int nDiag;
  int nDiagCap;
  int nFragment;
  int bTraditional;      /* the text has Traditional characters (blocks keep a Simplified copy) */
} Doc;

/* Start an empty Doc over text t (which must outlive it). */
void doc_init(Doc *d, const Text *t);
/* Free everything the Doc owns. */
void doc_free(Doc *d);
/* Append a new zeroed block and return it (valid until the next doc_block_new). */
Block *doc_block_new(Doc *d);
/* Record a diagnostic about lines a..b (0 when not about lines). */
void doc_diag(Doc *d, DiagSeverity sev, int a, int b, const char *zFmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Is this a content block (heading, paragraph or title)? */
int block_is_content(const Block *b);

/* Map a byte range of a block's text to source: lines and the range in Text.z. */
void block_range_src(const Doc *d, const Block *b, size_t iStart, size_t iEnd, int *pLineFirst,
                     int *pLineLast, size_t *piSrcStart, size_t *piSrcEnd);

const char *block_kind_name(BlockKind k);
const char *heading_level_name(HeadingLevel l);
const char *diag_severity_name(DiagSeverity s);

#endif
