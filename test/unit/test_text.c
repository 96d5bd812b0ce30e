/*
** Unit tests of src/base and src/text: UTF-8 classes, the byte trie, decoding with offsets
** back to the source, reflow of column text, and sentence splitting.
*/
#include "../harness.h"

#include "base/buf.h"
#include "base/lex.h"
#include "base/utf8.h"
#include "text/doc.h"
#include "text/reflow.h"
#include "text/structure.h"
#include "text/text.h"

/* Decode and reflow z; the Doc and Text are the caller's to free. */
static void read_text(const char *z, Text *t, Doc *d) {
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(decode_run((const unsigned char *)z, strlen(z), NULL, t, &e), 0);
  doc_init(d, t);
  reflow_run(d);
  structure_run(d);
}

static const Block *nth_content(const Doc *d, int n) {
  for (int i = 0; i < d->nBlock; i++) {
    if (block_is_content(&d->aBlock[i]) && n-- == 0) return &d->aBlock[i];
  }
  return NULL;
}

TEST(utf8_decode_rejects_overlong_and_surrogates) {
  uint32_t cp;
  CHECK_INT_EQ(utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 1);
  CHECK(cp == UTF8_INVALID);
  utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp);
  CHECK(cp == UTF8_INVALID);
  CHECK_INT_EQ(utf8_decode((const unsigned char *)"成", 3, &cp), 3);
  CHECK_INT_EQ(cp, 0x6210);
  CHECK_INT_EQ(utf8_invalid_offset((const unsigned char *)"ab成\xE6\x88", 7), 5);
}

/* The validator that guards every import reads two characters a load; it must stop exactly
** where decoding one character at a time finds the first invalid sequence: overlong E0 forms,
** ED surrogates, truncated characters at the very end, stray continuation bytes. */
TEST(utf8_invalid_offset_matches_decoding) {
  static const char *const azPiece[] = {"a", "成", "都", "。", "é", "𠀀", "\xE0\xA0\x80",
                                        "\xE0\x9F\xBF", "\xED\x9F\xBF", "\xED\xA0\x80",
                                        "\xEF\xBF\xBF", "\xE6\x88", "\x88", "\xF4\x90\x80\x80"};
  unsigned seed = 11;
  for (int t = 0; t < 3000; t++) {
    unsigned char z[64];
    size_t n = 0;
    int nPiece = (int)(seed >> 5) % 14;
    for (int k = 0; k < nPiece; k++) {
      seed = seed * 1103515245u + 12345u;
      /* mostly well-formed Chinese, now and then one bad piece */
      unsigned r = (seed >> 16) % 100;
      const char *p = azPiece[r < 85 ? 1 + r % 3 : (r < 90 ? 0 : 4 + r % 10)];
      size_t m = strlen(p);
      memcpy(z + n, p, m);
      n += m;
    }
    size_t want = n;
    for (size_t i = 0; i < n;) {
      uint32_t cp;
      int len = utf8_decode(z + i, n - i, &cp);
      if (cp == UTF8_INVALID) {
        want = i;
        break;
      }
      i += (size_t)len;
    }
    CHECK_INT_EQ(utf8_invalid_offset(z, n), want);
    seed = seed * 1103515245u + 12345u;
  }
}

TEST(utf8_classes) {
  CHECK(utf8_is_sentence_end(0x3002));
  CHECK(utf8_is_digit(0xFF12));
  CHECK_INT_EQ(utf8_digit_value(0xFF12), 2);
  CHECK(utf8_is_space(0x3000));
  CHECK(utf8_is_wide(0x201C));
  CHECK(!utf8_is_wide('a'));
}

TEST(lex_longest_match) {
  Lex *x = lex_new();
  lex_add(x, "成都", strlen("成都"), 1);
  lex_add(x, "成都平原", strlen("成都平原"), 2);
  CHECK_INT_EQ(lex_add(x, "成都", strlen("成都"), 9), 1);
  int v = -1;
  const char *z = "成都平原经济区";
  CHECK_INT_EQ(lex_longest(x, z, strlen(z), &v), strlen("成都平原"));
  CHECK_INT_EQ(v, 2);
  z = "成都市";
  CHECK_INT_EQ(lex_longest(x, z, strlen(z), &v), strlen("成都"));
  CHECK_INT_EQ(v, 1);
  CHECK_INT_EQ(lex_longest(x, "成", 3, &v), 0);
  for (int i = 0; i < 5000; i++) {
    char key[32];
    snprintf(key, sizeof key, "键%d", i);
    lex_add(x, key, strlen(key), i);
  }
  CHECK_INT_EQ(lex_get(x, "键4999", strlen("键4999")), 4999);
  CHECK_INT_EQ(lex_count(x), 5002);
  lex_free(x);
}

/* The pieces random keys and texts are made of: characters of one to four bytes, characters
** that share lead bytes, and (the last N_LEX_BROKEN) broken sequences: a lone lead, a stray
** continuation byte. */
static const char *const azLexPiece[] = {"a", "1", "é", "成", "都", "市", "平", "原", "𠀀",
                                         "\xE6", "\x88", "\xE6\x88"};
#define N_LEX_PIECE (unsigned)(sizeof azLexPiece / sizeof azLexPiece[0])
#define N_LEX_BROKEN 3u

/* Appends nPiece pieces chosen by *pSeed to b, among the first nChoice of azLexPiece. */
static void lex_random_text(Buf *b, unsigned *pSeed, int nPiece, unsigned nChoice) {
  for (int i = 0; i < nPiece; i++) {
    *pSeed = *pSeed * 1103515245u + 12345u;
    const char *z = azLexPiece[(*pSeed >> 16) % nChoice];
    buf_append(b, z, strlen(z));
  }
}

/* A scan of several dictionaries at once finds, for each of them, exactly what lex_longest
** finds at every character start, and a cursor over its hits reads what lex_next finds within
** any range (for keys of whole characters, as its contract says): the task kinds, places and
** units of every block rest on them. */
TEST(lex_set_scan_matches_longest_at_every_position) {
  unsigned seed = 7;
  for (int round = 0; round < 40; round++) {
    Lex *aLex[3];
    int bWhole = round % 2 == 0;   /* keys of whole characters only */
    for (int k = 0; k < 3; k++) {
      aLex[k] = lex_new();
      int nKey = 1 + round % 25;
      for (int j = 0; j < nKey; j++) {
        Buf key = BUF_INIT;
        lex_random_text(&key, &seed, 1 + (int)(seed >> 8) % 4,
                        bWhole ? N_LEX_PIECE - N_LEX_BROKEN : N_LEX_PIECE);
        lex_add(aLex[k], key.a, key.n, j);
        buf_free(&key);
      }
    }
    LexSet *s = lex_set_new((const Lex *const *)aLex, 3);
    LexHits aHits[3] = {{0}};
    for (int t = 0; t < 20; t++) {
      Buf text = BUF_INIT;
      lex_random_text(&text, &seed, (int)(seed >> 4) % 40, N_LEX_PIECE);
      lex_set_scan(s, text.a, text.n, aHits);
      for (int k = 0; k < 3; k++) {
        size_t iHit = 0;
        for (size_t p = 0; p < text.n; p++) {
          if (((unsigned char)text.a[p] & 0xC0) == 0x80) continue;
          int v = -1;
          size_t m = lex_longest(aLex[k], text.a + p, text.n - p, &v);
          if (m == 0) continue;
          CHECK(iHit < aHits[k].n);
          CHECK_INT_EQ(aHits[k].a[iHit].iStart, p);
          CHECK_INT_EQ(aHits[k].a[iHit].nByte, m);
          CHECK_INT_EQ(aHits[k].a[iHit].value, v);
          iHit++;
        }
        CHECK_INT_EQ(aHits[k].n, iHit);
        if (!bWhole) continue;
        size_t s0 = text.n ? (seed >> 3) % (text.n + 1) : 0;
        size_t e = s0 + (text.n > s0 ? (seed >> 7) % (text.n - s0 + 1) : 0);
        /* Twice: fresh, then resumed from where the first stopped (a hint past the start). */
        size_t kWhere = SIZE_MAX;
        for (int pass = 0; pass < 2; pass++) {
          LexCursor c;
          lex_cursor_init(&c, aLex[k], &aHits[k], 0);
          if (pass == 1) lex_cursor_resume(&c, kWhere);
          for (size_t i = s0; i < e;) {
            size_t m1 = 0, m2 = 0;
            int v1 = -1, v2 = -1;
            size_t p1 = lex_cursor_next(&c, text.a, e, i, &m1, &v1);
            size_t p2 = lex_next(aLex[k], text.a, e, i, &m2, &v2);
            CHECK_INT_EQ(p1, p2);
            if (p2 >= e) break;
            CHECK_INT_EQ(m1, m2);
            CHECK_INT_EQ(v1, v2);
            i = p2 + 1;
          }
          kWhere = lex_cursor_where(&c);
        }
      }
      buf_free(&text);
    }
    for (int k = 0; k < 3; k++) {
      free(aHits[k].a);
      lex_free(aLex[k]);
    }
    lex_set_free(s);
  }
}

TEST(decode_gb18030_offsets_map_back) {
  /* "成都\n重庆" in GB18030: 成 B3C9 都 B6BC \n 重 D6D8 庆 C7EC */
  const unsigned char z[] = {0xB3, 0xC9, 0xB6, 0xBC, '\n', 0xD6, 0xD8, 0xC7, 0xEC};
  Text t;
  Err e;
  err_clear(&e);
  CHECK_INT_EQ(decode_run(z, sizeof z, NULL, &t, &e), 0);
  CHECK_INT_EQ(t.enc, TEXT_GB18030);
  CHECK_STR_EQ(t.z, "成都\n重庆");
  CHECK_INT_EQ(t.nLine, 2);
  /* 庆 starts at UTF-8 offset 10 and GB18030 offset 7 */
  CHECK_INT_EQ(text_src_offset(&t, 10), 7);
  CHECK_INT_EQ(text_line_of(&t, 10), 2);
  text_free(&t);
}

TEST(decode_errors_name_the_place) {
  Text t;
  Err e;
  err_clear(&e);
  CHECK(decode_run((const unsigned char *)"", 0, NULL, &t, &e) < 0);
  CHECK_CONTAINS(e.zMsg, "empty");
  const char bin[] = "abc\0def";
  CHECK(decode_run((const unsigned char *)bin, 7, NULL, &t, &e) < 0);
  CHECK_CONTAINS(e.zMsg, "binary");
  CHECK_INT_EQ(e.byte, 3);
  /* Mostly UTF-8 with one stray byte on line 2. */
  const char *bad = "第一行。\n第二\xFF行。\n第三行文字很多很多很多。";
  CHECK(decode_run((const unsigned char *)bad, strlen(bad), NULL, &t, &e) < 0);
  CHECK_INT_EQ(e.line, 2);
  CHECK_INT_EQ(e.byte, 19);
  CHECK_CONTAINS(e.zMsg, "UTF-8");
}

TEST(reflow_markers_inline_and_alone) {
  int bFrom = 0;
  const char *m = "（上接第1版）";
  CHECK_INT_EQ(reflow_marker_at(m, strlen(m), 0, &bFrom), strlen(m));
  CHECK_INT_EQ(bFrom, 1);
  m = "(紧接01版)";
  CHECK_INT_EQ(reflow_marker_at(m, strlen(m), 0, &bFrom), strlen(m));
  m = "（下转第 6 版）";
  CHECK_INT_EQ(reflow_marker_at(m, strlen(m), 0, &bFrom), strlen(m));
  CHECK_INT_EQ(bFrom, 0);
  m = "（上接）";
  CHECK_INT_EQ(reflow_marker_at(m, strlen(m), 0, &bFrom), 0);
}

TEST(reflow_heading_levels_are_distinct) {
  size_t n;
  int v;
  CHECK_INT_EQ(reflow_heading_prefix("十二、切实加强", strlen("十二、切实加强"), &n, &v),
               LEVEL_SECTION);
  CHECK_INT_EQ(v, 12);
  CHECK_INT_EQ(reflow_heading_prefix("12. 推动品质", strlen("12. 推动品质"), &n, &v),
               LEVEL_MEASURE);
  CHECK_INT_EQ(v, 12);
  CHECK_INT_EQ(n, 4);
  CHECK_INT_EQ(reflow_heading_prefix("（三）加快", strlen("（三）加快"), &n, &v), LEVEL_SUBSECTION);
  CHECK_INT_EQ(reflow_heading_prefix("（3）加快", strlen("（3）加快"), &n, &v), LEVEL_ITEM);
  CHECK_INT_EQ(reflow_heading_prefix("②加快", strlen("②加快"), &n, &v), LEVEL_POINT);
  /* Not headings: a decimal, a year, a count. */
  CHECK_INT_EQ(reflow_heading_prefix("1.5倍", strlen("1.5倍"), &n, &v), LEVEL_NONE);
  CHECK_INT_EQ(reflow_heading_prefix("2022年", strlen("2022年"), &n, &v), LEVEL_NONE);
  CHECK_INT_EQ(reflow_heading_prefix("12个专项", strlen("12个专项"), &n, &v), LEVEL_NONE);
  CHECK_INT_EQ(reflow_chinese_number("一百零五", strlen("一百零五")), 105);
}

TEST(reflow_joins_wrapped_lines_and_column_breaks) {
  const char *z =
      "一、总体要求\n"
      "深入贯彻落实党的十九大精神，加快建设经济\n"
      "\n"
      "强省，推动高质量发展。到 2022年全省服务\n"
      "业占比达到55%左右。\n"
      "\n"
      "二、重点任务\n"
      "1. 推进区域协同。支持绵阳建设科技城，出\n"
      "台川南一体化发展指导意见。\n";
  Text t;
  Doc d;
  read_text(z, &t, &d);
  const Block *b0 = nth_content(&d, 0);
  CHECK_INT_EQ(b0->kind, BLOCK_HEADING);
  CHECK_STR_EQ(b0->zTitle, "总体要求");
  const Block *b1 = nth_content(&d, 1);
  CHECK_INT_EQ(b1->kind, BLOCK_PARAGRAPH);
  CHECK_STR_EQ(b1->zText,
               "深入贯彻落实党的十九大精神，加快建设经济强省，推动高质量发展。到2022年全省服务业占比达到55%左右。");
  CHECK_INT_EQ(b1->lineFirst, 2);
  CHECK_INT_EQ(b1->lineLast, 5);
  CHECK_STR_EQ(b1->zSection, "一");
  const Block *b3 = nth_content(&d, 3);
  CHECK_INT_EQ(b3->level, LEVEL_MEASURE);
  CHECK_STR_EQ(b3->zTitle, "推进区域协同");
  CHECK_STR_EQ(b3->zSection, "二");
  const Block *b4 = nth_content(&d, 4);
  CHECK_STR_EQ(b4->zText, "支持绵阳建设科技城，出台川南一体化发展指导意见。");
  CHECK_INT_EQ(b4->measure, 1);
  CHECK_STR_EQ(b4->zMeasureTitle, "推进区域协同");
  doc_free(&d);
  text_free(&t);
}

TEST(reflow_indents_mark_paragraphs) {
  const char *z =
      "　　加快建设天府国际机场，打造西部地区国际枢\n"
      "纽机场。推进成都至宜宾高速公路建设。\n"
      "　　完善省际航线网络和国内大中城市干线网络。\n"
      "　　加快通用机场建设，完善省内支线机场网络，\n"
      "支持省内机场间开行直飞航班。\n";
  Text t;
  Doc d;
  read_text(z, &t, &d);
  CHECK_INT_EQ(d.nBlock, 3);
  CHECK_STR_EQ(d.aBlock[1].zText, "完善省际航线网络和国内大中城市干线网络。");
  CHECK_INT_EQ(d.aBlock[2].lineFirst, 4);
  doc_free(&d);
  text_free(&t);
}

TEST(reflow_page_jump_splits_fragments_and_keeps_numbering_apart) {
  const char *z =
      "十二、加强组织领导\n"
      "\n"
      "强化领导责任。各级党委要周密制定方案，精心组\n"
      "织实施，层层抓落实，确保各项任务落到实处。\n"
      "\n"
      "中共四川省委关于加快发展的决定\n"
      "\n"
      "（上接第1版）\n"
      "3. 壮大区域发展重要支点。环成都经济圈建设现\n"
      "代经济集中发展区。（下转第6版）\n";
  Text t;
  Doc d;
  read_text(z, &t, &d);
  CHECK_INT_EQ(d.nFragment, 2);
  int nMarker = 0, nRunning = 0;
  for (int i = 0; i < d.nBlock; i++) {
    const Block *b = &d.aBlock[i];
    if (b->kind == BLOCK_PAGE_MARKER) nMarker++;
    if (b->kind == BLOCK_RUNNING_TITLE) {
      nRunning++;
      CHECK_INT_EQ(b->fragment, 2);
    }
    if (b->kind == BLOCK_HEADING && b->level == LEVEL_MEASURE) {
      CHECK(b->zSection == NULL);
      CHECK_INT_EQ(b->fragment, 2);
    }
  }
  CHECK_INT_EQ(nMarker, 2);
  CHECK_INT_EQ(nRunning, 1);
  CHECK_STR_EQ(d.zTitle, "中共四川省委关于加快发展的决定");
  doc_free(&d);
  text_free(&t);
}

TEST(reflow_running_title_inside_a_sentence) {
  /* A running title repeated between two columns, in the middle of a sentence. */
  const char *z =
      "中共四川省委关于加快发展的决定\n"
      "\n"
      "加快推进成都至贵阳、川南城际、成都至兰州等重点\n"
      "\n"
      "中共四川省委关于加快发展的决定\n"
      "\n"
      "铁路建设，加快成都至西宁铁路前期工作。\n";
  Text t;
  Doc d;
  read_text(z, &t, &d);
  const Block *p = nth_content(&d, 1);
  CHECK_INT_EQ(p->kind, BLOCK_PARAGRAPH);
  CHECK_STR_EQ(p->zText, "加快推进成都至贵阳、川南城际、成都至兰州等重点铁路建设，加快成都至西宁铁路前期工作。");
  CHECK_INT_EQ(d.aBlock[0].kind, BLOCK_TITLE);
  int nRunning = 0;
  for (int i = 0; i < d.nBlock; i++) nRunning += d.aBlock[i].kind == BLOCK_RUNNING_TITLE;
  CHECK_INT_EQ(nRunning, 1);
  doc_free(&d);
  text_free(&t);
}

TEST(reflow_keeps_spaces_between_latin_words) {
  const char *z = "推进 Made in China 品牌建设，基于 IPv6的网络。\n";
  Text t;
  Doc d;
  read_text(z, &t, &d);
  CHECK_STR_EQ(d.aBlock[0].zText, "推进Made in China品牌建设，基于IPv6的网络。");
  doc_free(&d);
  text_free(&t);
}

TEST(block_ranges_map_to_source_bytes) {
  const char *z = "加快建设天\n\n府国际机场。\n";
  Text t;
  Doc d;
  read_text(z, &t, &d);
  const Block *b = &d.aBlock[0];
  CHECK_STR_EQ(b->zText, "加快建设天府国际机场。");
  int l1, l2;
  size_t s, e;
  /* "天府" spans the column break. */
  block_range_src(&d, b, 12, 18, &l1, &l2, &s, &e);
  CHECK_INT_EQ(l1, 1);
  CHECK_INT_EQ(l2, 3);
  CHECK_INT_EQ(s, 12);
  CHECK_INT_EQ(e, 20);
  doc_free(&d);
  text_free(&t);
}

TEST(sentences_do_not_split_inside_brackets) {
  Arena a;
  arena_init(&a);
  Sentence *aS;
  Clause *aC;
  int nS, nC;
  const char *z = "加强“两学一做。”学习，推进改革；完善机制（试行。）。";
  structure_sentences(&a, z, strlen(z), &aS, &nS, &aC, &nC);
  CHECK_INT_EQ(nS, 2);
  CHECK_INT_EQ(nC, 3);
  arena_free(&a);
}
