/*
** Fuzz target for the XML side of the .docx reader. Mutating a real archive mostly breaks its
** CRCs or its deflate stream, so fuzz_docx rarely gets past libzip; here the input is the XML
** itself: word/document.xml, then optionally word/numbering.xml and word/styles.xml, the parts
** separated by a NUL byte (which XML cannot contain). The harness packs them into a stored
** (uncompressed) zip in memory with libzip and hands that to docx_extract() with a 1 MB cap,
** so the expat callbacks, list numbering and style inheritance see well-formed archives.
** Built and run by test/fuzz/run.sh like the other targets.
*/
#include "base/buf.h"
#include "base/err.h"
#include "text/docx.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const azPart[] = {"word/document.xml", "word/numbering.xml",
                                     "word/styles.xml"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (src == NULL) goto done;
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (za == NULL) {
    zip_source_free(src);
    goto done;
  }
  zip_source_keep(src);
  size_t iStart = 0;
  for (int i = 0; i < 3 && iStart <= size; i++) {
    const uint8_t *zEnd = size > iStart ? memchr(data + iStart, 0, size - iStart) : NULL;
    size_t iEnd = zEnd ? (size_t)(zEnd - data) : size;
    zip_source_t *s = zip_source_buffer(za, data + iStart, iEnd - iStart, 0);
    zip_int64_t idx = s ? zip_file_add(za, azPart[i], s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
    } else {
      zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (!zEnd) break;
    iStart = iEnd + 1;
  }
  if (zip_close(za) < 0) {
    zip_discard(za);
    zip_source_free(src);
    goto done;
  }
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t n = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    unsigned char *a = malloc(n > 0 ? (size_t)n : 1);
    if (a && n > 0 && zip_source_read(src, a, (zip_uint64_t)n) == n) {
      Buf out = BUF_INIT;
      int nPara = 0;
      Err e;
      err_clear(&e);
      docx_extract(a, (size_t)n, (size_t)1 << 20, &out, &nPara, &e);
      buf_free(&out);
    }
    free(a);
    zip_source_close(src);
  }
  zip_source_free(src);
done:
  zip_error_fini(&ze);
  return 0;
}
