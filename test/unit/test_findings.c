/*
** Unit tests of src/extract/findings.c: an inspection's feedback in prose read as findings —
** each enumeration style, Traditional text, full-width marks, problems without recommendations,
** parallel and unequal lists, a problem's own clause, exact source ranges, and decisions left
** alone.
*/
#include "../harness.h"

#include "extract/docjson.h"
#include "extract/findings.h"
#include "extract/import.h"

/* The document JSON of z read as an inspection (bInspection) or a decision. */
static json_t *read_doc(const char *z, int bInspection) {
  Import im;
  Err e;
  err_clear(&e);
  ImportOpts o = {.forceEncoding = -1, .zFileName = "f.txt", .bInspection = bInspection};
  CHECK_INT_EQ(import_run((const unsigned char *)z, strlen(z), &o, &im, &e), 0);
  json_t *root = docjson_build(&im);
  import_free(&im);
  return root;
}

static json_t *task_at(json_t *root, int i) {
  return json_array_get(json_object_get(root, "tasks"), (size_t)i);
}

static const char *str_of(json_t *o, const char *zKey) {
  return json_string_value(json_object_get(o, zKey));
}

static const char *from_of(json_t *root, int i) {
  return str_of(json_object_get(task_at(root, i), "finding"), "task_from");
}

static int ntask(json_t *root) { return (int)json_array_size(json_object_get(root, "tasks")); }

/* The source bytes [a, b) of z as a string in buf. */
static const char *slice(const char *z, json_t *range, char *buf, size_t nBuf) {
  long long a = json_integer_value(json_array_get(range, 0));
  long long b = json_integer_value(json_array_get(range, 1));
  size_t n = (size_t)(b - a) < nBuf - 1 ? (size_t)(b - a) : nBuf - 1;
  memcpy(buf, z + a, n);
  buf[n] = 0;
  return buf;
}

static const char *zShiYao =
    "巡视组指出，某县委取得了积极成效。巡视也发现一些问题：一是贯彻落实新发展理念有差距，重大项目储备不足；"
    "二是全面从严治党主体责任落实不力，“四风”问题时有发生；三是基层党组织建设存在薄弱环节。\n"
    "\n"
    "巡视组提出以下意见建议：一要完善重大项目储备库；二要坚决纠治“四风”；三要整顿软弱涣散基层党组织。\n"
    "\n"
    "巡视组还收到反映一些领导干部的问题线索，已按有关规定转有关方面处理。\n";

TEST(findings_shi_and_yao_in_parallel) {
  json_t *root = read_doc(zShiYao, 1);
  CHECK_INT_EQ(ntask(root), 3);
  CHECK_STR_EQ(str_of(task_at(root, 0), "problem"), "贯彻落实新发展理念有差距，重大项目储备不足");
  CHECK_STR_EQ(str_of(task_at(root, 0), "text"), "完善重大项目储备库");
  CHECK_STR_EQ(str_of(task_at(root, 1), "problem"), "全面从严治党主体责任落实不力，“四风”问题时有发生");
  CHECK_STR_EQ(str_of(task_at(root, 1), "text"), "坚决纠治“四风”");
  CHECK_STR_EQ(str_of(task_at(root, 2), "problem"), "基层党组织建设存在薄弱环节");
  CHECK_STR_EQ(str_of(task_at(root, 2), "text"), "整顿软弱涣散基层党组织");
  CHECK_STR_EQ(from_of(root, 2), "recommendation");
  /* the task's range is the recommendation's, exactly */
  char buf[512];
  CHECK_STR_EQ(slice(zShiYao, json_object_get(task_at(root, 2), "bytes"), buf, sizeof buf),
               "整顿软弱涣散基层党组织");
  json_decref(root);
}

TEST(findings_problem_ranges_are_exact) {
  json_t *root = read_doc(zShiYao, 1);
  char buf[512];
  for (int i = 0; i < 3; i++) {
    json_t *f = json_object_get(task_at(root, i), "finding");
    CHECK_STR_EQ(slice(zShiYao, json_object_get(f, "problem_bytes"), buf, sizeof buf),
                 str_of(task_at(root, i), "problem"));
    CHECK_INT_EQ(json_integer_value(json_array_get(json_object_get(f, "problem_lines"), 0)), 1);
  }
  json_decref(root);
}

TEST(findings_a_decision_gives_none) {
  /* read as a decision, the same text keeps the tasks of a decision and no problem */
  json_t *root = read_doc(zShiYao, 0);
  CHECK(ntask(root) > 0);
  for (int i = 0; i < ntask(root); i++) CHECK(json_object_get(task_at(root, i), "problem") == NULL);
  json_decref(root);
  /* a decision's own 一是…二是… lists are not findings even when read as an inspection */
  const char *z = "加快建设现代化产业体系。一是完善产业政策；二是建设产业园区；三是培育龙头企业。\n";
  root = read_doc(z, 1);
  for (int i = 0; i < ntask(root); i++) CHECK(json_object_get(task_at(root, i), "problem") == NULL);
  json_decref(root);
}

TEST(findings_without_recommendations_are_drafted) {
  const char *z = "巡察发现的主要问题：\n"
                  "问题一：党组议事规则执行不严格。\n"
                  "问题二：干部教育培训针对性不强。\n";
  json_t *root = read_doc(z, 1);
  CHECK_INT_EQ(ntask(root), 2);
  CHECK_STR_EQ(str_of(task_at(root, 0), "problem"), "党组议事规则执行不严格");
  CHECK_STR_EQ(str_of(task_at(root, 0), "text"), FINDINGS_DRAFT);
  CHECK_STR_EQ(from_of(root, 1), "drafted");
  CHECK(json_is_true(json_object_get(json_object_get(task_at(root, 1), "finding"), "drafted")));
  CHECK_STR_EQ(str_of(task_at(root, 1), "kind"), "other");
  json_decref(root);
}

TEST(findings_headings_with_nested_lists) {
  const char *z = "一、巡视发现的主要问题\n"
                  "（一）贯彻落实党中央决策部署方面\n"
                  "一是推动高质量发展举措不够有力；二是重大项目储备不足。\n"
                  "（二）全面从严治党方面\n"
                  "“四风”问题时有发生。\n"
                  "二、意见建议\n"
                  "（一）提高推动高质量发展能力，完善重大项目储备库。\n"
                  "（二）坚决纠治“四风”。\n";
  json_t *root = read_doc(z, 1);
  CHECK_INT_EQ(ntask(root), 2);
  CHECK_STR_EQ(str_of(task_at(root, 0), "problem"),
               "贯彻落实党中央决策部署方面：一是推动高质量发展举措不够有力；二是重大项目储备不足");
  CHECK_STR_EQ(str_of(task_at(root, 0), "text"), "提高推动高质量发展能力，完善重大项目储备库");
  CHECK_STR_EQ(str_of(task_at(root, 1), "problem"), "全面从严治党方面：“四风”问题时有发生");
  CHECK_STR_EQ(str_of(task_at(root, 1), "text"), "坚决纠治“四风”");
  json_decref(root);
}

TEST(findings_traditional_and_full_width) {
  const char *z = "巡視指出的主要問題：第一，落實黨中央決策部署不夠到位；第二，選人用人工作不夠規範。\n"
                  "\n"
                  "巡視組提出意見建議：一要提高政治站位；二要規範選人用人工作。\n";
  json_t *root = read_doc(z, 1);
  CHECK_INT_EQ(ntask(root), 2);
  CHECK_STR_EQ(str_of(task_at(root, 0), "problem"), "落實黨中央決策部署不夠到位");
  CHECK_STR_EQ(str_of(task_at(root, 1), "problem"), "選人用人工作不夠規範");
  CHECK_STR_EQ(str_of(task_at(root, 1), "text"), "規範選人用人工作");
  json_decref(root);
}

TEST(findings_arabic_numbers_and_longer_recommendations) {
  const char *z = "巡视发现的问题：\n"
                  "1．生态环境保护方面：部分河段水质不达标，污水处理设施建设滞后。\n"
                  "2．教育领域方面：中小学校违规收费问题仍有发生。\n"
                  "\n"
                  "巡视组提出以下建议：\n"
                  "1．加强基层党组织建设。\n"
                  "2．开展中小学校违规收费专项整治。\n"
                  "3．加快污水处理设施建设，确保河段水质达标。\n";
  json_t *root = read_doc(z, 1);
  CHECK_INT_EQ(ntask(root), 2);
  CHECK_STR_EQ(str_of(task_at(root, 0), "problem"),
               "生态环境保护方面：部分河段水质不达标，污水处理设施建设滞后");
  CHECK_STR_EQ(str_of(task_at(root, 0), "text"), "加快污水处理设施建设，确保河段水质达标");
  CHECK_STR_EQ(from_of(root, 0), "matched");
  CHECK_STR_EQ(str_of(task_at(root, 1), "text"), "开展中小学校违规收费专项整治");
  CHECK_STR_EQ(str_of(task_at(root, 1), "kind"), "campaign");
  /* the recommendation that answers no problem is said */
  json_t *d = json_array_get(json_object_get(root, "diagnostics"), 0);
  CHECK_CONTAINS(str_of(d, "message"), "1 of the 3 recommendations");
  json_decref(root);
}

TEST(findings_shorter_recommendations_and_own_clause) {
  const char *z = "巡视指出，存在以下问题：一是财政资金绩效管理不严，部分专项资金长期沉淀，要限期清理盘活；"
                  "二是政府债务风险较大；三是干部队伍建设有差距。\n"
                  "\n"
                  "巡视组提出以下意见建议：一要稳妥化解政府债务风险；二要加强干部队伍建设。\n";
  json_t *root = read_doc(z, 1);
  CHECK_INT_EQ(ntask(root), 3);
  CHECK_STR_EQ(str_of(task_at(root, 0), "problem"), "财政资金绩效管理不严，部分专项资金长期沉淀");
  CHECK_STR_EQ(str_of(task_at(root, 0), "text"), "要限期清理盘活");
  CHECK_STR_EQ(from_of(root, 0), "clause");
  CHECK_STR_EQ(str_of(task_at(root, 1), "text"), "稳妥化解政府债务风险");
  CHECK_STR_EQ(from_of(root, 1), "matched");
  CHECK_STR_EQ(str_of(task_at(root, 2), "text"), "加强干部队伍建设");
  json_decref(root);
}

TEST(findings_read_directly) {
  /* findings_read over a Doc: numbers, and no findings in a text without a problem list */
  Import im;
  Err e;
  err_clear(&e);
  ImportOpts o = {.forceEncoding = -1, .zFileName = "f.txt"};
  CHECK_INT_EQ(import_run((const unsigned char *)zShiYao, strlen(zShiYao), &o, &im, &e), 0);
  Findings f;
  CHECK_INT_EQ(findings_read(&im.doc, &f), 3);
  CHECK_INT_EQ(f.a[2].number, 3);
  CHECK_INT_EQ(f.nRecommendation, 3);
  CHECK_INT_EQ(f.nUnused, 0);
  CHECK_INT_EQ(f.a[0].problem.blockFirst, f.a[0].problem.blockLast);
  findings_free(&f);
  import_free(&im);
  const char *z = "会议强调，一是要提高站位；二是要压实责任。\n";
  CHECK_INT_EQ(import_run((const unsigned char *)z, strlen(z), &o, &im, &e), 0);
  CHECK_INT_EQ(findings_read(&im.doc, &f), 0);
  findings_free(&f);
  import_free(&im);
}
