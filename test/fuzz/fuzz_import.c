/*
** Fuzz target for the whole reading pipeline: libFuzzer hands arbitrary bytes to import_run()
** (encoding detected, inputs over 1 MB refused), and when the import succeeds the document
** JSON is built and serialised so that docjson.c and the extraction results it walks are
** exercised too. Everything is freed on every run, so LeakSanitizer sees each input's leaks.
** Built and run by test/fuzz/run.sh; it must not touch files, the database or global state
** beyond what the library itself initialises once.
*/
#include "extract/docjson.h"
#include "extract/import.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* data is not NUL-terminated, so bTerminated stays 0. */
  ImportOpts o = {.forceEncoding = -1, .nMaxByte = (size_t)1 << 20, .zFileName = "fuzz.txt"};
  Import im;
  Err e;
  err_clear(&e);
  if (import_run(data, size, &o, &im, &e) != 0) return 0;
  json_t *root = docjson_build(&im);
  if (root) {
    char *z = json_dumps(root, JSON_COMPACT);
    free(z);
    json_decref(root);
  }
  import_free(&im);
  return 0;
}
