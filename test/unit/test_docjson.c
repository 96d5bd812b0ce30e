/*
** Unit tests of the streamed document JSON (src/extract/docjson.c, store_doc_save_import): the
** text docjson_write gives, compact and indented, into a Buf and through a FILE, with members
** added at the end, must be byte for byte what jansson gives for the whole tree; and a document
** stored element by element, its import freed on the way, must hold that same text and every
** task. The documents are a task-division table and a decision in prose.
*/
#include "../harness.h"

#include "extract/docjson.h"
#include "extract/import.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zTable[] =
    "序号,任务内容,牵头单位,配合单位,完成时限\n"
    "1,推进成都平原经济区一体化发展，2025年地区生产总值达到3万亿元,省发展改革委,"
    "成都市人民政府、德阳市人民政府,2025年12月底前\n"
    "2,\"建设中国（四川）自由贸易试验区，\"\"川南\"\"片区先行\",省商务厅,省财政厅,长期坚持\n"
    "3,加快攀西经济区转型升级，治理安宁河流域,攀枝花市人民政府,凉山州人民政府,2021年\n";

static const char zProse[] =
    "中共四川省委关于推动高质量发展的决定\n"
    "一、总体要求\n"
    "（一）加快建设成渝地区双城经济圈，到2025年全省地区生产总值超过6万亿元。"
    "支持成都建设国家中心城市，推动川南经济区一体化发展。\n"
    "二、重点任务\n"
    "（二）实施乡村振兴战略，2022年底前完成高标准农田建设1000万亩。\n";

/* Read z[0..nByte) named zName; fails the test when the pipeline refuses it. */
static void read_import(const char *z, const char *zName, Import *im) {
  Err e;
  err_clear(&e);
  ImportOpts o = {.forceEncoding = -1, .zFileName = zName};
  CHECK_INT_EQ(import_run((const unsigned char *)z, strlen(z), &o, im, &e), 0);
}

/* The text jansson gives for root with flags, as a Buf. */
static void dump_tree(json_t *root, size_t flags, Buf *out) {
  char *z = json_dumps(root, flags);
  buf_puts(out, z);
  free(z);
}

/* docjson_write of zText (named zName) against the whole tree's dump, for both layouts, into
** a Buf and through a FILE, and with a member added at the end. */
static void check_same_text(const char *zText, const char *zName) {
  Import im;
  read_import(zText, zName, &im);
  CHECK(docjson_count(&im, DOCJSON_TASKS) > 0);
  json_t *root = docjson_build(&im);
  json_t *extra = json_object();
  json_object_set_new(extra, "unmatched_units", json_pack("[s]", "省\"某\"办"));
  static const size_t aFlags[] = {JSON_COMPACT, JSON_INDENT(1)};
  for (int k = 0; k < 2; k++) {
    Buf want = BUF_INIT, got = BUF_INIT;
    dump_tree(root, aFlags[k], &want);
    CHECK_INT_EQ(docjson_write(&im, aFlags[k], NULL, &got, NULL), 0);
    CHECK_STR_EQ(buf_str(&got), buf_str(&want));
    /* through a FILE: the same bytes, nothing left in the Buf */
    FILE *f = tmpfile();
    CHECK(f != NULL);
    buf_reset(&got);
    CHECK_INT_EQ(docjson_write(&im, aFlags[k], NULL, &got, f), 0);
    CHECK_INT_EQ((long long)got.n, 0);
    rewind(f);
    char *zFile = xcalloc(want.n + 2, 1);
    CHECK_INT_EQ((long long)fread(zFile, 1, want.n + 1, f), (long long)want.n);
    CHECK_STR_EQ(zFile, buf_str(&want));
    free(zFile);
    fclose(f);
    /* a member added last, as `import --json` adds the units the unit tree does not know */
    json_t *copy = json_deep_copy(root);
    json_object_set(copy, "unmatched_units", json_object_get(extra, "unmatched_units"));
    buf_reset(&want);
    buf_reset(&got);
    dump_tree(copy, aFlags[k], &want);
    CHECK_INT_EQ(docjson_write(&im, aFlags[k], extra, &got, NULL), 0);
    CHECK_STR_EQ(buf_str(&got), buf_str(&want));
    CHECK_CONTAINS(buf_str(&got), "unmatched_units");
    json_decref(copy);
    buf_free(&want);
    buf_free(&got);
  }
  json_decref(extra);
  json_decref(root);
  import_free(&im);
}

TEST(docjson_write_table_is_the_tree_text) { check_same_text(zTable, "分工.csv"); }

TEST(docjson_write_prose_is_the_tree_text) { check_same_text(zProse, "决定.txt"); }

static int count_task(void *ctx, const StoreTaskRow *t) {
  (*(int *)ctx)++;
  return 0;
}

/* Stored element by element with the import freed on the way: the stored JSON is the tree's
** compact text, every task has its row, and a second import finds the document. */
TEST(docjson_stored_by_element_keeps_json_and_tasks) {
  Import im;
  read_import(zTable, "分工.csv", &im);
  json_t *root = docjson_build(&im);
  int nTask = docjson_count(&im, DOCJSON_TASKS);
  Buf want = BUF_INIT;
  dump_tree(root, JSON_COMPACT, &want);
  Store *s = NULL;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(store_open(":memory:", &s, &e), 0);
  long long id = 0;
  int bExisting = -1;
  CHECK_INT_EQ(store_doc_save_import(s, "test", &im, 1, "分工.csv", &id, &bExisting, &e), 0);
  CHECK_INT_EQ(bExisting, 0);
  CHECK_INT_EQ(docjson_count(&im, DOCJSON_TASKS), 0);  /* freed */
  Buf got = BUF_INIT;
  CHECK_INT_EQ(store_doc_json(s, id, &got, &e), 0);
  CHECK_STR_EQ(buf_str(&got), buf_str(&want));
  int nRow = 0;
  CHECK_INT_EQ(store_task_list(s, id, NULL, count_task, &nRow, &e), 0);
  CHECK_INT_EQ(nRow, nTask);
  import_free(&im);  /* harmless after the release */
  read_import(zTable, "分工.csv", &im);
  long long id2 = 0;
  CHECK_INT_EQ(store_doc_save_import(s, "test", &im, 0, "分工.csv", &id2, &bExisting, &e), 0);
  CHECK_INT_EQ(bExisting, 1);
  CHECK_INT_EQ(id2, id);
  CHECK_INT_EQ(docjson_count(&im, DOCJSON_TASKS), nTask);  /* kept */
  import_free(&im);
  store_close(s);
  buf_free(&want);
  buf_free(&got);
  json_decref(root);
}
