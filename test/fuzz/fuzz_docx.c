/*
** Fuzz target for the .docx reader alone: libFuzzer hands arbitrary bytes (seeded with real
** and minimal .docx archives) to docx_extract() with a 1 MB inflate cap, which covers libzip's
** view of the archive, the expat callbacks over document.xml, numbering.xml and styles.xml,
** and list-number rendering. The extracted text is freed on every run. Built and run by
** test/fuzz/run.sh.
*/
#include "base/buf.h"
#include "base/err.h"
#include "text/docx.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Buf out = BUF_INIT;
  int nPara = 0;
  Err e;
  err_clear(&e);
  docx_extract(data, size, (size_t)1 << 20, &out, &nPara, &e);
  buf_free(&out);
  return 0;
}
