/*
** Unit tests of src/extract: targets, deliverables, the gazetteer, assignment notes, and the
** whole pipeline on small texts.
*/
#include "../harness.h"

#include "extract/docjson.h"
#include "extract/gazetteer.h"
#include "extract/import.h"
#include "extract/lexicon.h"
#include "extract/units.h"

typedef struct Got {
  Target a[8];
  int n;
} Got;

static void collect(void *ctx, Target *t) {
  Got *g = ctx;
  if (g->n < 8) g->a[g->n++] = *t;
}

static Got targets_of(Arena *a, const char *z) {
  Got g;
  memset(&g, 0, sizeof g);
  targets_find(a, z, z, strlen(z), collect, &g);
  return g;
}

TEST(targets_quantitative_with_horizon_and_deadline) {
  Arena a;
  arena_init(&a);
  Got g = targets_of(&a, "5年建成及在建高铁里程达到2300公里以上");
  CHECK_INT_EQ(g.n, 1);
  CHECK_STR_EQ(g.a[0].zMetric, "建成及在建高铁里程");
  CHECK(g.a[0].value == 2300);
  CHECK_STR_EQ(g.a[0].zUnit, "公里");
  CHECK_STR_EQ(g.a[0].zComparator, ">=");
  CHECK_INT_EQ(g.a[0].horizonYears, 5);
  CHECK_INT_EQ(g.a[0].deadline, 0);
  g = targets_of(&a, "到2022年服务业占比达到55%左右");
  CHECK_INT_EQ(g.n, 1);
  CHECK_STR_EQ(g.a[0].zMetric, "服务业占比");
  CHECK_STR_EQ(g.a[0].zComparator, "~");
  CHECK(g.a[0].hasTolerance && g.a[0].tolerance > 2.7 && g.a[0].tolerance < 2.8);
  CHECK_INT_EQ(g.a[0].deadline, 2022);
  g = targets_of(&a, "到２０２５年，单位地区生产总值能耗下降到０．５吨以下");
  CHECK_INT_EQ(g.n, 1);
  CHECK(g.a[0].value == 0.5);
  CHECK_STR_EQ(g.a[0].zComparator, "<=");
  CHECK_INT_EQ(g.a[0].deadline, 2025);
  arena_free(&a);
}

TEST(targets_qualitative_levels) {
  Arena a;
  arena_init(&a);
  Got g = targets_of(&a, "到2022年数字经济总量占比位居全国前列");
  CHECK_INT_EQ(g.n, 1);
  CHECK_STR_EQ(g.a[0].zLevel, "全国前列");
  CHECK_STR_EQ(g.a[0].zComparator, "rank");
  CHECK_STR_EQ(g.a[0].zMetric, "数字经济总量占比");
  g = targets_of(&a, "力争2022年规模以上工业企业研发投入强度达到全国平均水平");
  CHECK_STR_EQ(g.a[0].zComparator, "reach");
  CHECK_STR_EQ(g.a[0].zMetric, "规模以上工业企业研发投入强度");
  arena_free(&a);
}

TEST(targets_not_found_in_names_and_counts) {
  Arena a;
  arena_init(&a);
  CHECK_INT_EQ(targets_of(&a, "加快新建成南达350公里时速高铁").n, 0);
  CHECK_INT_EQ(targets_of(&a, "落实159项改革任务和12个专项合作协议").n, 0);
  CHECK_INT_EQ(targets_of(&a, "拓展洲际10小时航程圈").n, 0);
  arena_free(&a);
}

static int deliverables(Arena *a, const char *z, char **az) {
  return deliverables_find(a, z, z, strlen(z), az, 8);
}

TEST(deliverables_named_and_split) {
  Arena a;
  arena_init(&a);
  char *az[8];
  CHECK_INT_EQ(deliverables(&a, "出台川南一体化发展指导意见", az), 1);
  CHECK_STR_EQ(az[0], "川南一体化发展指导意见");
  CHECK_INT_EQ(deliverables(&a, "出台区域产业布局指导意见和引导目录", az), 2);
  CHECK_STR_EQ(az[0], "区域产业布局指导意见");
  CHECK_STR_EQ(az[1], "区域产业布局引导目录");
  CHECK_INT_EQ(deliverables(&a, "编制实施现代服务业集聚区发展规划及认定管理办法", az), 2);
  CHECK_STR_EQ(az[1], "现代服务业集聚区认定管理办法");
  CHECK_INT_EQ(deliverables(&a, "制定全省新兴产业指导目录，重点培育新能源汽车", az), 1);
  CHECK_STR_EQ(az[0], "全省新兴产业指导目录");
  /* Not orders: existing documents, a bare genre word. */
  CHECK_INT_EQ(deliverables(&a, "参照执行地方出台的发展规划、优惠政策和激励措施", az), 0);
  CHECK_INT_EQ(deliverables(&a, "周密制定方案", az), 0);
  arena_free(&a);
}

static int find_codes(const char *z, int *aCode, int nMax) {
  const Lexicons *lx = lexicon_get();
  PlaceHit *a = NULL;
  size_t n = 0, cap = 0;
  gazetteer_find(lx->pGaz, z, strlen(z), &a, &n, &cap);
  int k = 0;
  for (size_t i = 0; i < n && k < nMax; i++) {
    if (a[i].code) aCode[k++] = a[i].code;  /* divisions only */
  }
  free(a);
  return k;
}

TEST(gazetteer_counts_sichuan) {
  const Gazetteer *g = lexicon_get()->pGaz;
  CHECK(gazetteer_count(g) > 3000);
  CHECK_INT_EQ(gazetteer_home(g), 510000);
  CHECK_INT_EQ(gazetteer_home_count(g, PLACE_PREFECTURE), 21);
  CHECK_INT_EQ(gazetteer_home_count(g, PLACE_COUNTY), 183);
  CHECK_INT_EQ(gazetteer_prefecture_of(g, 513401), 513400);
}

TEST(gazetteer_short_names_abbreviations_landmarks) {
  int c[8];
  CHECK_INT_EQ(find_codes("支持西昌建设", c, 8), 1);
  CHECK_INT_EQ(c[0], 513401);
  CHECK_INT_EQ(find_codes("成德绵", c, 8), 3);
  CHECK_INT_EQ(c[2], 510700);
  CHECK_INT_EQ(find_codes("九寨黄龙机场", c, 8), 1);
  CHECK_INT_EQ(c[0], 513224);
  CHECK_INT_EQ(find_codes("凉山州", c, 8), 1);
  CHECK_INT_EQ(c[0], 513400);
  CHECK_INT_EQ(find_codes("马尔康至青海久治", c, 8), 3);
  CHECK_INT_EQ(c[2], 632625);
}

TEST(gazetteer_ignores_names_hidden_in_words) {
  int c[8];
  CHECK_INT_EQ(find_codes("加快完成县级纪委派驻机构改革", c, 8), 0);
  CHECK_INT_EQ(find_codes("成渝门户枢纽型临空新兴城市", c, 8), 2);  /* 成都, 重庆 only */
  CHECK_INT_EQ(find_codes("成渝经济区南部中心城市", c, 8), 0);
  CHECK_INT_EQ(find_codes("推进长江安全和大熊猫保护", c, 8), 0);
  CHECK_INT_EQ(find_codes("繁荣县域经济", c, 8), 0);
}

TEST(assignment_notes_parsed) {
  Arena a;
  arena_init(&a);
  Assignment as;
  const char *z = "牵头单位：市发展改革委，配合单位：市委组织部、市财政局";
  CHECK_INT_EQ(units_parse_assignment(&a, z, strlen(z), &as), 1);
  CHECK_INT_EQ(as.nLead, 1);
  CHECK_STR_EQ(as.azLead[0], "市发展改革委");
  CHECK_INT_EQ(as.nCooperating, 2);
  CHECK_STR_EQ(as.azCooperating[1], "市财政局");
  z = "省发展改革委牵头，省交通运输厅、省财政厅配合";
  CHECK_INT_EQ(units_parse_assignment(&a, z, strlen(z), &as), 1);
  CHECK_STR_EQ(as.azLead[0], "省发展改革委");
  CHECK_INT_EQ(as.nCooperating, 2);
  z = "派出";
  CHECK_INT_EQ(units_parse_assignment(&a, z, strlen(z), &as), 0);
  arena_free(&a);
}

/* Run the pipeline over z and return the document JSON (caller decrefs). */
static json_t *pipeline(const char *z) {
  Import im;
  Err e;
  err_clear(&e);
  ImportOpts o = {.forceEncoding = -1, .zFileName = "t.txt"};
  CHECK_INT_EQ(import_run((const unsigned char *)z, strlen(z), &o, &im, &e), 0);
  json_t *root = docjson_build(&im);
  import_free(&im);
  return root;
}

static const char *task_str(json_t *root, int i, const char *zKey) {
  return json_string_value(json_object_get(json_array_get(json_object_get(root, "tasks"), (size_t)i), zKey));
}

TEST(pipeline_assignment_note_attaches_to_its_task) {
  json_t *r = pipeline(
      "1. 加快建设国际铁路港。推进铁路港扩能改造，完善集疏运体系。（牵头单位：市交通运输局；配合单位："
      "市发展改革委、市财政局）\n"
      "2. 编制城市更新专项规划。（牵头单位：市住房城乡建设局）\n");
  json_t *tasks = json_object_get(r, "tasks");
  CHECK(json_array_size(tasks) >= 3);
  json_t *first = json_array_get(tasks, 0);
  json_t *lead = json_object_get(json_object_get(first, "units"), "lead");
  CHECK_STR_EQ(json_string_value(json_array_get(lead, 0)), "市交通运输局");
  json_t *last = json_array_get(tasks, json_array_size(tasks) - 1);
  CHECK_STR_EQ(json_string_value(json_object_get(last, "deliverable")), "城市更新专项规划");
  lead = json_object_get(json_object_get(last, "units"), "lead");
  CHECK_STR_EQ(json_string_value(json_array_get(lead, 0)), "市住房城乡建设局");
  CHECK_INT_EQ(json_array_size(json_object_get(json_object_get(last, "units"), "cooperating")), 0);
  json_decref(r);
}

TEST(pipeline_kinds_from_wording) {
  json_t *r = pipeline(
      "加快建设天府国际机场，持续开展扶贫领域作风问题专项治理，建立健全容错纠错机制，深化农村集体产权制度改革试点，"
      "支持德阳打造世界级重大装备制造基地，出台5G产业发展行动计划，到2025年数字经济占比达到40%以上。\n");
  CHECK_STR_EQ(task_str(r, 0, "kind"), "project");
  CHECK_STR_EQ(task_str(r, 1, "kind"), "campaign");
  CHECK_STR_EQ(task_str(r, 2, "kind"), "institution");
  CHECK_STR_EQ(task_str(r, 3, "kind"), "reform");
  CHECK_STR_EQ(task_str(r, 4, "kind"), "support");
  CHECK_STR_EQ(task_str(r, 5, "kind"), "deliverable");
  CHECK_STR_EQ(task_str(r, 6, "kind"), "target");
  json_decref(r);
}

TEST(pipeline_traditional_characters_recognised) {
  json_t *r = pipeline("支持綿陽建設中國科技城，出臺川南一體化發展指導意見。\n");
  CHECK_STR_EQ(task_str(r, 0, "kind"), "support");
  json_t *places = json_object_get(json_array_get(json_object_get(r, "tasks"), 0), "places");
  CHECK_STR_EQ(json_string_value(json_object_get(json_array_get(places, 0), "code")), "510700");
  /* The original characters are kept. */
  CHECK_STR_EQ(task_str(r, 1, "deliverable"), "川南一體化發展指導意見");
  json_decref(r);
}

/* Where the first Traditional character stands decides where a block's Simplified copy starts
** to differ: the scan reads two characters a load and the last few bytes apart, so the answer
** must not depend on where in the text the character falls, nor on its neighbours. */
TEST(traditional_found_at_every_position) {
  lexicon_init_text();
  static const char *const azPlain[] = {"中", "国", "，", "a", "1", "。"};
  for (int len = 0; len < 12; len++) {
    for (int at = 0; at <= len; at++) {
      Buf b = BUF_INIT;
      size_t want = SIZE_MAX;
      for (int k = 0; k < len; k++) {
        if (k == at) {
          want = b.n;
          buf_append(&b, "國", strlen("國"));
        } else {
          const char *z = azPlain[(k * 7 + len) % 6];
          buf_append(&b, z, strlen(z));
        }
      }
      if (want == SIZE_MAX) want = b.n;   /* at == len: none */
      CHECK_INT_EQ(text_traditional_at(b.a, b.n), want);
      CHECK_INT_EQ(text_has_traditional(b.a, b.n), want < b.n);
      char *z = xstrndup(buf_str(&b), b.n);
      text_normalize(z, b.n);
      CHECK(strstr(z, "國") == NULL);
      free(z);
      buf_free(&b);
    }
  }
}

TEST(pipeline_blank_inputs_are_refused_cleanly) {
  /* Fuzz findings: inputs of only blank lines, spaces, a BOM or form feeds. */
  static const char *const az[] = {"\n", "\xEF\xBB\xBF", "\t\t\t", "\x0c", "　　\n\n  \n"};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    Import im;
    Err e;
    err_clear(&e);
    ImportOpts o = {.forceEncoding = -1, .zFileName = "blank.txt"};
    CHECK(import_run((const unsigned char *)az[i], strlen(az[i]), &o, &im, &e) < 0);
    CHECK(e.zMsg[0] != 0);
  }
}
