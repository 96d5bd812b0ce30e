/*
** Unit tests of full-text search over ledger items (src/store/store_search.c and migration 013):
** the query builder's output, and searches through store_ledger_count on a Store in memory —
** two-character Chinese words, phrases, Latin case and width, hostile query text, and an edited
** item's text. Items are made with store.h only; no SQL here.
*/
#include "../harness.h"

#include "store/store_internal.h"

#include <jansson.h>

/* A Store in memory holding one document whose ledger is the items aText[0..n) numbered 1..n. */
static Store *open_ledger(const char *const *aText, int n) {
  Store *s = NULL;
  Err e = {0};
  if (store_open(":memory:", &s, &e)) harness_fail(__FILE__, __LINE__, "store_open: %s", e.zMsg);
  json_t *doc = json_pack("{s:{s:s, s:s, s:s, s:s, s:i, s:i, s:i}}", "document", "sha256",
                          "0123456789abcdef", "title", "test", "format", "text", "encoding",
                          "utf-8", "chars", 1, "bytes", 1, "fragments", 1);
  long long docId = 0;
  int bExisting = 0;
  if (store_doc_save(s, "test", doc, "t.txt", &docId, &bExisting, &e)) {
    harness_fail(__FILE__, __LINE__, "store_doc_save: %s", e.zMsg);
  }
  json_decref(doc);
  StoreItem a[16] = {{0}};
  char azNumber[16][12];
  CHECK(n <= 16);
  for (int i = 0; i < n; i++) {
    snprintf(azNumber[i], sizeof azNumber[i], "%d", i + 1);
    a[i].zNumber = azNumber[i];
    a[i].zText = aText[i];
    a[i].zKind = "other";
  }
  if (store_ledger_insert(s, "test", docId, a, n, &e)) {
    harness_fail(__FILE__, __LINE__, "store_ledger_insert: %s", e.zMsg);
  }
  return s;
}

/* How many items the search zQuery finds; a database error fails the test. */
static long long found(Store *s, const char *zQuery) {
  LedgerFilter f = {0};
  f.zSearch = zQuery;
  f.all = 1;
  long long n = -1;
  Err e = {0};
  if (store_ledger_count(s, &f, &n, &e)) {
    harness_fail(__FILE__, __LINE__, "search [%s]: %s", zQuery, e.zMsg);
  }
  return n;
}

static const char *const azItem[] = {
    "推进民营经济高质量发展，支持交通运输体系建设",          /* 1 */
    "川南经济区加快交通基础设施和城际铁路运输建设",          /* 2: 交通 … 运输 apart */
    "推进基于ＩＰｖ６的下一代互联网部署",                    /* 3: full-width Latin */
    "加快 5G 网络和 IPv6 商用化进程",                         /* 4 */
    "深化川黔、川滇合作，推动川货出川",                       /* 5 */
    "建设高清四川·智慧广电",                                  /* 6 */
};
#define N_ITEM (int)(sizeof azItem / sizeof azItem[0])

TEST(search_query_quotes_every_word) {
  char *z = sq_search_query("交通运输");
  CHECK_STR_EQ(z, "\"交通\" + \"通运\" + \"运输\"");
  free(z);
  z = sq_search_query("  交通\u3000运输 ");
  CHECK_STR_EQ(z, "\"交通\" AND \"运输\"");
  free(z);
  z = sq_search_query("川");
  CHECK_STR_EQ(z, "\"川\"*");
  free(z);
  z = sq_search_query("ＩＰｖ６ a OR b");
  CHECK_STR_EQ(z, "\"ipv6\" AND \"a\" AND \"or\" AND \"b\"");
  free(z);
  z = sq_search_query("text:foo NEAR(x");
  CHECK_STR_EQ(z, "\"text\" + \"foo\" AND \"near\" + \"x\"");
  free(z);
  z = sq_search_query("5G网络");
  CHECK_STR_EQ(z, "\"5g\" + \"网络\"");
  free(z);
  z = sq_search_query("交通a");  /* the run ends before a: its last character stays */
  CHECK_STR_EQ(z, "\"交通\" + \"通\" + \"a\"");
  free(z);
  CHECK(sq_search_query(NULL) == NULL);
  CHECK(sq_search_query("") == NULL);
  CHECK(sq_search_query(" \"\" * ( ) 、。，") == NULL);
  CHECK(sq_search_query("\xff\xfe\xc0") == NULL);
}

TEST(search_finds_two_character_chinese_words) {
  Store *s = open_ledger(azItem, N_ITEM);
  CHECK_INT_EQ(found(s, "交通"), 2);
  CHECK_INT_EQ(found(s, "民营"), 1);
  CHECK_INT_EQ(found(s, "川南"), 1);
  CHECK_INT_EQ(found(s, "经济"), 2);
  CHECK_INT_EQ(found(s, "民营 交通"), 1);  /* words are ANDed */
  CHECK_INT_EQ(found(s, "民营 铁路"), 0);
  CHECK_INT_EQ(found(s, "海南"), 0);
  /* One character finds it anywhere in a run: 川 in 川南, 川黔 and 四川 (a run's end). */
  CHECK_INT_EQ(found(s, "川"), 3);
  CHECK_INT_EQ(found(s, "电"), 1);
  CHECK_INT_EQ(found(s, "广电"), 1);
  CHECK_INT_EQ(found(s, "智慧广电"), 1);
  CHECK_INT_EQ(found(s, "四川智慧"), 0);  /* · stands between them */
  /* The item number is indexed too. */
  CHECK_INT_EQ(found(s, "6"), 1);
  store_close(s);
}

TEST(search_phrase_needs_adjacent_characters) {
  Store *s = open_ledger(azItem, N_ITEM);
  CHECK_INT_EQ(found(s, "交通运输"), 1);  /* item 1, not item 2 (交通基础设施…运输) */
  CHECK_INT_EQ(found(s, "运输"), 2);
  CHECK_INT_EQ(found(s, "通运"), 1);
  CHECK_INT_EQ(found(s, "城际铁路运输"), 1);
  CHECK_INT_EQ(found(s, "运输交通"), 0);
  CHECK_INT_EQ(found(s, "交通运输体系"), 1);
  store_close(s);
}

TEST(search_latin_ignores_case_and_width) {
  Store *s = open_ledger(azItem, N_ITEM);
  CHECK_INT_EQ(found(s, "IPv6"), 2);
  CHECK_INT_EQ(found(s, "ipv6"), 2);
  CHECK_INT_EQ(found(s, "ＩＰＶ６"), 2);
  CHECK_INT_EQ(found(s, "5g"), 1);
  CHECK_INT_EQ(found(s, "5G网络"), 1);   /* a space in the text does not break the phrase */
  CHECK_INT_EQ(found(s, "ipv"), 0);      /* Latin words match whole */
  store_close(s);
}

TEST(search_hostile_queries_are_plain_text) {
  Store *s = open_ledger(azItem, N_ITEM);
  static const char *const azHostile[] = {
      "\"",        "*",          "NEAR(",        "a OR b",       ")",
      "text:foo",  "number:1",   "-text:交通",   "^交通",        "交通*",
      "\"交通",    "交通\"运输",  "NOT 交通",     "交通 AND",     "{text number}: x",
      "a + b",     "(((",        "'",            "\\",           "\xff\xfe",
      "交\xe4\xba", "\xe4\xba交通", "%_",         "NEAR(交通 运输, 1)",
  };
  for (size_t k = 0; k < sizeof azHostile / sizeof azHostile[0]; k++) found(s, azHostile[k]);
  /* Operators are words: "交通*" is 交通, not a prefix, and NOT excludes nothing. */
  CHECK_INT_EQ(found(s, "交通*"), 2);
  CHECK_INT_EQ(found(s, "NOT 交通"), 0);
  CHECK_INT_EQ(found(s, "\"交通"), 2);
  CHECK_INT_EQ(found(s, "交\xff通"), 0);  /* an invalid byte separates like punctuation */
  /* A thousand quotes have nothing to search: nothing is found. */
  char zQuotes[1001];
  memset(zQuotes, '"', 1000);
  zQuotes[1000] = 0;
  CHECK(sq_search_query(zQuotes) == NULL);
  CHECK_INT_EQ(found(s, zQuotes), 0);
  /* A very long query is cut to its first tokens rather than refused. */
  char zLong[6001];
  for (int i = 0; i < 1000; i++) memcpy(zLong + 6 * i, i % 2 ? "交通" : "a b c ", 6);
  zLong[6000] = 0;
  found(s, zLong);
  store_close(s);
}

TEST(search_follows_edits) {
  Store *s = open_ledger(azItem, N_ITEM);
  Err e = {0};
  CHECK_INT_EQ(found(s, "民营"), 1);
  CHECK_INT_EQ(store_item_edit(s, "test", 1, "支持乡村振兴和农业现代化", NULL, NULL, &e), 0);
  CHECK_INT_EQ(found(s, "民营"), 0);
  CHECK_INT_EQ(found(s, "交通运输"), 0);
  CHECK_INT_EQ(found(s, "乡村振兴"), 1);
  CHECK_INT_EQ(store_item_edit(s, "test", 2, NULL, "9-9", NULL, &e), 0);
  CHECK_INT_EQ(found(s, "9-9"), 1);
  CHECK_INT_EQ(found(s, "川南"), 1);  /* a new number keeps the text indexed */
  /* A status change leaves the index alone and the item findable. */
  CHECK_INT_EQ(store_item_publish(s, "test", 2, 1, &e), 0);
  CHECK_INT_EQ(found(s, "川南"), 1);
  store_close(s);
}
