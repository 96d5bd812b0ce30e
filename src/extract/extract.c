/*
** Extract: directives, their kinds, deliverables, targets, places and units (see extract.h).
**
** Per block, one scan of its text finds the words of the gazetteer, the task-kind lists and the
** department keywords (a LexSet, lex.h); places, kinds and suggested units are read from its
** hits. Per paragraph: find the places of the whole block; read assignment notes in brackets;
** then, sentence by sentence, group clauses into directives and make a Task of each. A lead
** sentence ("强化领导责任。") is the paragraph's title and becomes a task only when its wording
** is concrete (it orders a document, a project, a campaign …).
*/
#include "extract.h"

#include "../base/utf8.h"
#include "units.h"
#include "words.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Words that open a directive clause: action verbs and the adverbs placed before them. */
static WordList wlOpener = WORDS("加快", "推进", "推动", "建设", "建成", "建立", "健全", "完善", "出台", "制定", "编制",
    "研究", "修订", "实施", "开展", "支持", "鼓励", "引导", "打造", "培育", "深化", "强化",
    "加强", "提升", "提高", "扩大", "拓展", "创建", "争取", "争创", "探索", "落实", "发展",
    "构建", "优化", "整合", "设立", "组建", "成立", "统筹", "协调", "促进", "巩固", "畅通",
    "打通", "启动", "规划", "创新", "推行", "实行", "严格", "坚持", "坚决", "确保", "力争",
    "全面", "大力", "积极", "深入", "持续", "着力", "切实", "进一步", "用好", "抓好", "做好",
    "办好", "做强", "做优", "做实", "做大", "守住", "清理", "整治", "治理", "保护", "培养",
    "引进", "承接", "对接", "融入", "参与", "发挥", "增强", "保持", "防范", "化解", "提供",
    "加大", "形成", "实现", "突出", "聚焦", "注重", "严守", "营造", "创造", "带动", "放开",
    "取消", "简化", "下放", "赋予", "给予", "布局", "部署", "开辟", "拓宽", "升级", "改造",
    "新建", "复制", "推广", "申报", "承办", "举办", "组织", "谋划", "筹建", "增设", "开通",
    "开行", "盘活", "稳步", "有序", "依法", "重点", "优先", "率先", "逐步", "扎实", "协同",
    "同步", "主动", "全力", "务实", "高质量", "高水平", "高标准", "继续", "不断", "努力",
    "认真", "尽快", "抓紧", "加速", "分区域", "分行业", "整建制", "共建", "扶持", "纵深", "初步",
    "抓住", "明确", "完成", "制订", "印发", "用", "把", "将", "建", "扩展", "提档",
    "做", "抢占", "集聚", "壮大", "突破", "解决", "消除", "淘汰", "压减", "降低", "减少",
    "严肃", "涵养", "树牢", "增进", "领会", "贯彻", "学习", "弘扬", "传承", "挖掘", "创办",
    "宣传", "解读");

/* Verbs that make a directive of a clause that has no opener word: "川南经济区建设…" is covered
** by 建设 in the openers; these add the rest. */
static WordList wlCountVerb = WORDS("建成", "新增", "培育", "引进", "新建", "集中", "成为",
                                    "达到", "位居", "实现", "形成", "要");

/* Framing clauses ("以加快一体化发展为重点，…", "围绕腐败问题易发多发的重点领域，…") belong with
** the clause after them. */
static WordList wlFrame = WORDS("围绕", "按照", "着眼", "立足", "根据", "针对", "对标",
                                      "为了");
static WordList wlFrameEnd = WORDS("为重点", "为核心", "为主线", "为引领", "为抓手",
                                         "为目标", "为导向", "为载体", "为突破口", "为基础",
                                         "为支撑", "为龙头", "为纽带", "为主体", "为方向",
                                         "为牵引", "为中心");

static WordList wlAspect = WORDS("方面");

/* The formulas by which a notice passes a document or a breakdown on ("现印发给你们，请认真贯彻
** 执行", "现将…通知如下"): a sentence holding one orders nothing of its own. */
static WordList wlTransmittal = WORDS("印发给你们", "通知如下", "分解如下", "请认真贯彻执行",
                                      "请认真贯彻落实", "请遵照执行", "请认真遵照执行",
                                      "请认真组织实施", "请结合实际认真组织实施", "请认真抓好落实",
                                      "请结合实际认真贯彻落实", "请结合实际贯彻执行");



/* Is the clause z[s..e) a frame for the clause after it? */
static int is_frame(const char *z, size_t s, size_t e) {
  if (words_at(&wlFrame, z, e, s, NULL)) return 1;
  /* A time alone: "到2025年，…", "力争到2024年底，…" */
  size_t i = s;
  if (words_lit(z, e, i, "力争")) i += 6;
  if (words_lit(z, e, i, "到") || words_lit(z, e, i, "至")) i += 3;
  double v;
  size_t d = words_number(z, e, i, &v);
  if (d && words_lit(z, e, i + d, "年")) {
    i += d + 3;
    while (i < e && (words_lit(z, e, i, "底") || words_lit(z, e, i, "末") ||
                     words_lit(z, e, i, "前"))) {
      i += 3;
    }
    if (i == e) return 1;
  }
  if (words_lit(z, e, s, "以") && words_before(&wlFrameEnd, z, s, e)) return 1;
  if (words_lit(z, e, s, "对") && words_lit(z, e, utf8_prev(z, e), "的")) return 1;
  if (words_lit(z, e, s, "在") &&
      (words_lit(z, e, utf8_prev(z, e), "上") || words_lit(z, e, utf8_prev(z, e), "中") ||
       words_lit(z, e, utf8_prev(z, e), "下") || words_before(&wlAspect, z, s, e))) {
    return 1;
  }
  return 0;
}

static WordList wlAdverb = WORDS("积极", "大力", "加快", "全面", "深入", "持续", "着力", "切实", "进一步", "稳步", "有序",
    "依法", "重点", "优先", "率先", "逐步", "坚决", "严格", "扎实", "统筹", "协同", "同步",
    "主动", "全力", "务实", "继续", "不断", "努力", "认真", "尽快", "抓紧", "加速", "进而",
    "着力", "研究");

static WordList wlCampaignVerb = WORDS("开展", "实施", "启动", "组织", "推行", "推进");
static WordList wlCampaignNoun = WORDS("行动", "专项治理", "活动", "整治", "排查",
                                             "攻坚", "工程", "示范创建", "大提升");
static WordList wlInstitutionVerb = WORDS("建立", "健全", "完善", "构建", "形成");
static WordList wlInstitutionNoun = WORDS("机制", "制度", "体系");
static WordList wlReformWord = WORDS("改革", "试点", "体制", "准入", "审批", "放开",
                                           "放权", "入市", "三权分置", "混合所有制", "自主权",
                                           "撤县设", "扩权");
static WordList wlProjectVerb = WORDS("建设", "建成", "新建", "打造", "创建", "组建",
                                            "设立", "筹建", "开工", "共建", "创办", "建");
static WordList wlProjectNoun = WORDS("机场", "铁路", "高铁", "公路", "高速", "通道", "枢纽", "港", "园区", "产业园", "基地",
    "中心", "平台", "示范区", "试验区", "先行区", "集聚区", "新区", "科技城", "实验室",
    "研究院", "网络", "走廊", "口岸", "保税区", "博览园", "小镇", "村落", "车间", "工厂",
    "生产线", "航线", "银行", "集团", "物流港", "无水港", "谷", "示范市", "示范州", "示范县",
    "示范省", "城市", "目的地", "门户", "增长极", "航运中心", "城市群", "示范城市");
/* Words an actor of "支持X…" that is not a place ends with. */
static WordList wlActorNoun = WORDS("企业", "高校", "院所", "单位", "机构", "城市", "市", "县", "区", "地区", "园区", "开发区",
    "部门", "人才", "集团", "银行", "大学", "学校", "医院", "社会资本", "民营经济", "乡村",
    "村", "主体", "组织", "平台", "行业", "社会力量", "团队", "先行区", "各地");
/* Verbs after the actor of "支持X…". */
static WordList wlActorVerb = WORDS("建设", "打造", "创建", "发展", "设立", "建立", "开展", "参与", "申报", "加快", "积极",
    "按照", "主导", "深入", "推广", "引进", "盘活", "创新", "扩区", "调整", "开行", "共建",
    "承接", "比照", "实行", "撤县", "新设", "培育", "探索", "争创", "率先", "集中");

const char *task_kind_name(TaskKind k) {
  static const char *const az[] = {"other",       "deliverable", "project", "reform",
                                   "campaign",    "institution", "support", "target"};
  return (k >= 0 && k < TASK_KIND_COUNT) ? az[k] : "other";
}

int task_kind_from_name(const char *z) {
  for (int k = 0; k < TASK_KIND_COUNT; k++) {
    if (strcmp(z, task_kind_name((TaskKind)k)) == 0) return k;
  }
  return -1;
}

static size_t skip_adverbs(const char *z, size_t n, size_t i) {
  for (;;) {
    size_t m = words_at(&wlAdverb, z, n, i, NULL);
    if (!m) return i;
    i += m;
  }
}

/* ---- growing arrays in the extraction ---------------------------------------------------- */

/* The dictionaries of Work.pScan, in order. */
enum { SCAN_PLACES, SCAN_KIND, SCAN_UNITS, SCAN_COUNT };

typedef struct Work {
  const Doc *d;
  const Lexicons *lx;
  Extraction *x;
  size_t capTask, capTarget;
  Task *pCur;            /* task receiving targets */
  const Block *pBlock;
  size_t groupStart;     /* offset of the clause group in the block, for target offsets */
  int sentenceYear;      /* year of a time that opens the sentence ("到2025年，…"), or 0 */
  /* One scan of a block's text finds the words of every dictionary extraction looks up in
  ** whole texts (places, the kind words, department keywords); the rules read the hits. */
  const LexSet *pScan;   /* over the dictionaries SCAN_* (scan_set) */
  LexHits aHits[SCAN_COUNT]; /* the scanned block's hits, one list a dictionary */
  const Block *pScanned; /* the block they are of, or NULL */
  size_t kKindHit;       /* where words_mask_hits goes on in aHits[SCAN_KIND] */
  PlaceHit *aPlace;      /* room for a block's places while they are found */
  size_t capPlace;
} Work;

TaskMore *task_more(Arena *a, Task *t) {
  if (!t->pMore) {
    t->pMore = arena_alloc(a, sizeof(TaskMore));
    memset(t->pMore, 0, sizeof(TaskMore));
  }
  return t->pMore;
}

/* A task's id is its index + 1, and stays so without renumbering: tasks are only ever dropped
** from the end (nTask wound back), and only tasks that took no targets (kind other, or made
** only for a target that was not found), so no target keeps the id of a dropped task. */
static Task *new_task(Work *w) {
  Extraction *x = w->x;
  if ((size_t)x->nTask + 1 > w->capTask) {
    w->capTask += w->capTask / 4 + 16;
    x->aTask = xrealloc(x->aTask, sizeof(Task) * w->capTask);
  }
  Task *t = &x->aTask[x->nTask];
  memset(t, 0, sizeof *t);
  t->id = ++x->nTask;
  return t;
}

static void on_target(void *ctx, Target *tg) {
  Work *w = ctx;
  Extraction *x = w->x;
  MEM_GROW(x->aTarget, w->capTarget, (size_t)x->nTarget + 1);
  Target *t = &x->aTarget[x->nTarget];
  *t = *tg;
  t->id = ++x->nTarget;
  t->block = w->pBlock->id;
  t->iStart += w->groupStart;
  t->iEnd += w->groupStart;
  t->task = w->pCur ? w->pCur->id : 0;
  /* "到2025年，A达到…，B达到…": the opening time dates every target of the sentence. */
  if (!t->deadline && !t->horizonYears) t->deadline = w->sentenceYear;
}

/* Year of a time at the start of z[s..e): 到2025年 / 力争2022年 / 2024年底前; else 0. */
static int lead_year(const char *z, size_t s, size_t e) {
  size_t i = s;
  if (words_lit(z, e, i, "力争") || words_lit(z, e, i, "争取")) i += 6;
  if (words_lit(z, e, i, "到") || words_lit(z, e, i, "至")) i += 3;
  double v;
  size_t d = words_number(z, e, i, &v);
  if (d && v >= 1990 && v <= 2100 && words_lit(z, e, i + d, "年")) return (int)v;
  return 0;
}

/* ---- classification ---------------------------------------------------------------------- */

/* The word lists that type a task, searched in one pass; bit k is list k. */
enum {
  KIND_CAMPAIGN_VERB = 1, KIND_CAMPAIGN_NOUN = 2, KIND_INSTITUTION_VERB = 4,
  KIND_INSTITUTION_NOUN = 8, KIND_REFORM = 16, KIND_PROJECT_VERB = 32, KIND_PROJECT_NOUN = 64,
  KIND_OPENER = 128, KIND_ACTION = 256, KIND_MAKE_VERB = 512, KIND_SCOPE = 1024,
  KIND_SUPPORT = 2048, KIND_TARGET_VERB = 4096, KIND_LEVEL_VERB = 8192, KIND_TRANSMIT = 16384
};
/* 支持 alone: a text without it is no support task, and its adverbs need no reading. */
static WordList wlSupport = WORDS("支持");
static WordList *const apKindList[] = {
    &wlCampaignVerb, &wlCampaignNoun, &wlInstitutionVerb, &wlInstitutionNoun, &wlReformWord,
    &wlProjectVerb,  &wlProjectNoun,  &wlOpener,          &wlCountVerb,       &deliverables_verbs,
    &targets_scopes, &wlSupport,      &targets_verbs,     &targets_level_verbs,
    &wlTransmittal,  NULL};
/* Every list a task's words are looked up in, searched in one pass over its text. */
static WordSet wsKind = {apKindList, NULL};

/* Kind of a task from the lists its words belong to (m, from words_mask over wsKind). */
static TaskKind classify(const char *z, size_t s, size_t e, unsigned m, int nDeliverable,
                         int nTarget) {
  if ((m & KIND_SUPPORT) && words_lit(z, e, skip_adverbs(z, e, s), "支持")) return TASK_SUPPORT;
  if (nDeliverable) return TASK_DELIVERABLE;
#define HAS_ALL(bits) ((m & (bits)) == (bits))
  if (HAS_ALL(KIND_CAMPAIGN_VERB | KIND_CAMPAIGN_NOUN)) return TASK_CAMPAIGN;
  if (HAS_ALL(KIND_INSTITUTION_VERB | KIND_INSTITUTION_NOUN)) return TASK_INSTITUTION;
  if (m & KIND_REFORM) return TASK_REFORM;
  if (HAS_ALL(KIND_PROJECT_VERB | KIND_PROJECT_NOUN)) return TASK_PROJECT;
#undef HAS_ALL
  if (nTarget) return TASK_TARGET;
  return TASK_OTHER;
}

/* Does the clause at z[s..e) open a new directive? (is the first clause of its sentence or
** starts with an action word, "支持", a dated target, or a place followed by a verb) */
static int opens_directive(const Work *w, const char *z, size_t s, size_t e) {
  if (words_at(&wlOpener, z, e, s, NULL)) return 1;
  size_t i = s;
  if (words_lit(z, e, i, "到") || words_lit(z, e, i, "至")) i += 3;
  double v;
  size_t m = words_number(z, e, i, &v);
  if (m && words_lit(z, e, i + m, "年")) return 1;
  /* A place or zone as subject: "川南经济区建设…". */
  const BlockPlaces *bp = &w->x->aBlockPlaces[w->pBlock->id - 1];
  for (int k = 0; k < bp->n; k++) {
    if (bp->a[k].iStart == s) {
      size_t after = bp->a[k].iEnd;
      if (words_at(&wlOpener, z, e, after, NULL) || words_lit(z, e, after, "要")) return 1;
    }
  }
  return 0;
}

/* ---- making tasks ------------------------------------------------------------------------ */

/* The block's place hits inside the task's range: they are in text order, so a range. */
static void task_places(Work *w, Task *t) {
  const BlockPlaces *bp = &w->x->aBlockPlaces[t->block - 1];
  int lo = 0, hi = bp->n;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (bp->a[mid].iStart < t->iStart) lo = mid + 1;
    else hi = mid;
  }
  int k = lo;
  while (k < bp->n && bp->a[k].iEnd <= t->iEnd) k++;
  t->iHit = (uint32_t)lo;
  t->nHit = (uint16_t)(k - lo < 65535 ? k - lo : 65535);
}

/* The actor of "支持X建设…": places right after 支持, or the words up to the next verb. */
static void task_actor(Work *w, Task *t, const char *z) {
  size_t a = skip_adverbs(z, t->iEnd, t->iStart);
  if (!words_lit(z, t->iEnd, a, "支持")) return;
  size_t s = a + strlen("支持");
  const PlaceRef *aHit = w->x->aBlockPlaces[t->block - 1].a + t->iHit;
  TaskActor actor;
  actor.nCode = 0;
  /* Places right after 支持, joined by 、 or 和: "支持成都、德阳共建…". */
  size_t at = s, end = s;
  for (uint32_t k = 0; k < t->nHit && actor.nCode < 8; k++) {
    const PlaceRef *p = &aHit[k];
    if (p->iStart != at || !p->code) continue;
    if (p->level == PLACE_PROVINCE && p->code == gazetteer_home(w->lx->pGaz)) break;
    actor.aCode[actor.nCode++] = p->code;
    end = p->iEnd;
    at = p->iEnd;
    if (words_lit(z, t->iEnd, at, "、") || words_lit(z, t->iEnd, at, "和")) at += 3;
  }
  if (!actor.nCode) {
    size_t limit = s + 15 * 3;
    if (limit > t->iEnd) limit = t->iEnd;
    for (size_t i = s; i < limit; i = words_next(z, t->iEnd, i)) {
      if (i > s && words_at(&wlActorVerb, z, t->iEnd, i, NULL)) {
        /* "支持通道建设" supports an activity, not an actor. */
        if (words_before(&wlActorNoun, z, s, i)) end = i;
        break;
      }
    }
  }
  if (end == s) return;
  actor.zName = arena_strndup(&w->x->arena, w->pBlock->zText + s, end - s);
  TaskActor *pa = arena_alloc(&w->x->arena, sizeof(TaskActor));
  *pa = actor;
  task_more(&w->x->arena, t)->pActor = pa;
}

/* Year of the first "YYYY年" in z[s..e), or 0. s is a character start; scanning starts at the
** first digit at or after it (words_skip_to_digit), which a caller that has it may pass. */
static int year_in(const char *z, size_t s, size_t e) {
  for (size_t i = words_skip_to_digit(z, s, e); i < e; i = words_skip_to_digit(z, i, e)) {
    double v;
    size_t m = words_number(z, e, i, &v);
    if (m) {
      if (v >= 1990 && v <= 2100 && words_lit(z, e, i + m, "年")) return (int)v;
      i += m;
    } else {
      i = words_next(z, e, i);
    }
  }
  return 0;
}

/* Enumerators that open a directive without being part of it: "一是完善…；二是开展…". */
static WordList wlEnumerator = WORDS("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是",
                                     "九是", "十是", "首先", "其次", "再次", "最后", "此外");

static void make_tasks(Work *w, int sentence, size_t s, size_t e) {
  const Block *b = w->pBlock;
  const char *z = b->zNorm;
  size_t m = words_at(&wlEnumerator, z, e, s, NULL);
  if (m && s + m < e) {
    s += m;
    if (words_lit(z, e, s, "，") || words_lit(z, e, s, "：")) s += 3;
  }
  const LexHits *pKindHits = w->pScanned == b ? &w->aHits[SCAN_KIND] : NULL;
  unsigned mask = words_mask_hits(&wsKind, pKindHits, &w->kKindHit, z, s, e);
  size_t firstDigit = words_skip_to_digit(z, s, e);
  int mayTarget = (mask & KIND_SCOPE) || firstDigit < e;
  char *az[8];
  int nDel = (mask & KIND_MAKE_VERB)
                 ? deliverables_find(&w->x->arena, z + s, b->zText + s, e - s, az, 8)
                 : 0;
  /* Words with no action in them ("四川省人民政府办公厅 2019年3月11日", "川办发〔2019〕15号")
  ** order nothing, unless they state a target: such a task is made, and taken back when
  ** targets_find finds none (it writes nothing then). */
  int onlyIfTarget = !nDel && !(mask & (KIND_OPENER | KIND_ACTION));
  if (onlyIfTarget && !mayTarget) return;
  int year = year_in(z, firstDigit, e);
  int nCopies = nDel > 1 ? nDel : 1;
  for (int c = 0; c < nCopies; c++) {
    Task *t = new_task(w);
    t->block = b->id;
    t->sentence = (uint32_t)sentence;
    t->iStart = (uint32_t)s;
    t->iEnd = (uint32_t)e;
    t->aSuggested[0] = t->aSuggested[1] = -1;
    if (nDel) task_more(&w->x->arena, t)->zDeliverable = az[c];
    t->deadline = (int16_t)year;
    if (!t->deadline) t->deadline = (int16_t)w->sentenceYear;
    task_places(w, t);
    int before = w->x->nTarget;
    if (c == 0 && mayTarget) {
      w->pCur = t;
      w->groupStart = s;
      TargetsHint h = {firstDigit - s,
                       (mask & (KIND_TARGET_VERB | KIND_LEVEL_VERB | KIND_SCOPE)) != 0};
      targets_find_known(&w->x->arena, z + s, b->zText + s, e - s, &h, on_target, w);
      w->pCur = NULL;
    }
    int nTarget = w->x->nTarget - before;
    if (onlyIfTarget && nTarget == 0) {
      w->x->nTask--;   /* the only copy: nDel is 0 */
      return;
    }
    t->kind = (uint8_t)classify(z, s, e, mask, nDel, c == 0 ? nTarget : 0);
    /* "5年建成及在建高铁里程达到2300公里以上": a directive that opens with its target states a
    ** target, whatever its verbs. */
    if (c == 0 && nTarget && t->kind != TASK_SUPPORT && t->kind != TASK_DELIVERABLE &&
        w->x->aTarget[before].iStart <= s + 18) {
      t->kind = TASK_TARGET;
    }
    if (c == 0) {
      t->iTarget = before;
      t->nTarget = (uint16_t)nTarget;
    }
    if (t->kind == TASK_SUPPORT) task_actor(w, t, z);
  }
}

/* ---- assignment notes -------------------------------------------------------------------- */

typedef struct Note {
  size_t iStart, iEnd;   /* the bracketed note including brackets */
  Assignment a;
  TaskUnits units;       /* what it gives its tasks */
} Note;

/* The first offset at or after i in z[0..n) where "（" or "(" starts, or n. Found with memchr,
** which reads many bytes an instruction: '(' is never part of another character, and "（" is
** EF BC 88, found by its last byte (rare enough: 0x88 ends some ideographs) and the two
** bytes before it. (A scan testing every eight bytes for '(' or EF stopped at every ，.) */
static size_t next_open_bracket(const char *z, size_t n, size_t i) {
  if (i >= n) return n;
  const char *pParen = memchr(z + i, '(', n - i);
  size_t best = pParen ? (size_t)(pParen - z) : n;
  for (size_t j = i + 2; j < best;) {
    const char *q = memchr(z + j, 0x88, best - j);
    if (!q) break;
    size_t k = (size_t)(q - z);
    if ((unsigned char)z[k - 2] == 0xEF && (unsigned char)z[k - 1] == 0xBC) return k - 2;
    j = k + 1;
  }
  return best;
}

static int find_notes(Work *w, Note **aNote, int nMax) {
  const Block *b = w->pBlock;
  const char *z = b->zNorm;
  size_t n = b->nText;
  int count = 0;
  for (size_t i = next_open_bracket(z, n, 0); i < n && count < nMax;
       i = next_open_bracket(z, n, words_next(z, n, i))) {
    size_t open = i + (z[i] == '(' ? 1 : 3);
    /* the matching close, brackets inside the note included: 各县（市、区）人民政府 */
    size_t j = open;
    int depth = 1;
    while (j < n && j - open < 900) {
      if (words_lit(z, n, j, "（") || z[j] == '(') depth++;
      else if (words_lit(z, n, j, "）") || z[j] == ')') {
        if (--depth == 0) break;
      }
      j = words_next(z, n, j);
    }
    if (j >= n || depth) continue;
    Assignment a;
    if (units_parse_assignment(&w->x->arena, b->zText + open, j - open, &a)) {
      Note *nt = arena_alloc(&w->x->arena, sizeof(Note));
      nt->iStart = i;
      nt->iEnd = j + (z[j] == ')' ? 1 : 3);
      nt->a = a;
      nt->units = (TaskUnits){a.azLead, a.nLead, a.azCooperating, a.nCooperating, a.zDeadline, NULL,
                              NULL, a.zLeader};
      aNote[count++] = nt;
      i = j;
    }
  }
  return count;
}

/* Is sentence s of the block only an assignment note? */
static int sentence_is_note(const Block *b, const Sentence *s, Note *const *aNote, int nNote) {
  for (int k = 0; k < nNote; k++) {
    if (aNote[k]->iStart <= s->iStart + 1 && aNote[k]->iEnd + 3 >= s->iEnd) return 1;
  }
  return 0;
}

static void assign_note(Arena *a, Task *task, const Note *note) {
  task_more(a, task)->pUnits = &note->units;
  if (note->a.deadlineYear) task->deadline = (int16_t)note->a.deadlineYear;
}

static void apply_notes(Work *w, int firstTask, Note *const *aNote, int nNote) {
  const Block *b = w->pBlock;
  for (int k = 0; k < nNote; k++) {
    const Note *note = aNote[k];
    int atEnd = 1;
    for (int s = 0; s < b->nSent; s++) {
      if (b->aSent[s].iStart >= note->iEnd && !sentence_is_note(b, &b->aSent[s], aNote, nNote)) {
        atEnd = 0;
      }
    }
    for (int t = firstTask; t < w->x->nTask; t++) {
      Task *task = &w->x->aTask[t];
      if (task_units(task)) continue;
      if (task->block != b->id) {
        /* the run-in heading of this paragraph: covered by a note that closes the paragraph */
        if (!atEnd) continue;
        assign_note(&w->x->arena, task, note);
        continue;
      }
      const Sentence *ts = &b->aSent[task->sentence];
      /* A note at the end of the paragraph covers it all; inside, the sentence it closes. */
      int covers = atEnd || (note->iStart >= ts->iStart && note->iStart <= ts->iEnd + 3) ||
                   (ts->iEnd <= note->iStart && note->iStart - ts->iEnd <= 3);
      if (!covers) continue;
      assign_note(&w->x->arena, task, note);
    }
  }
}

/* ---- per block --------------------------------------------------------------------------- */

/* The place list of every block that names none (never written: its length is 0). */
static PlaceRef aNoPlace[1];

static void block_places(Work *w, const Block *b) {
  size_t n = 0;
  BlockPlaces *bp = &w->x->aBlockPlaces[b->id - 1];
  bp->a = NULL;
  bp->n = 0;
  if (!block_is_content(b) || !b->zNorm) return;
  gazetteer_find_hits(w->lx->pGaz, w->pScanned == b ? &w->aHits[SCAN_PLACES] : NULL, b->zNorm,
                      b->nText, &w->aPlace, &n, &w->capPlace);
  if (n) {
    bp->a = arena_alloc(&w->x->arena, sizeof(PlaceRef) * n);
    memcpy(bp->a, w->aPlace, sizeof(PlaceRef) * n);
  } else {
    bp->a = aNoPlace;   /* most blocks name no place: they share one empty list */
  }
  bp->n = (int)n;
}

/* A run-in heading ("1. 编制城市更新专项规划。") whose title is itself a concrete directive is a
** task too; a title such as "壮大区域发展重要支点" is not. */
/* Is the heading at d->aBlock[i] the whole of its item, its title to be kept as a task whatever
** its kind? So it is when labelled assignments (units_parse_labels) follow it ("2．出台指导意见。"
** with 牵头单位：… under it), and, for a measure or a point, when nothing of its own follows
** before the next heading. A heading with a paragraph of its own (also one run in on its line) is
** a title over the tasks of that paragraph. */
static int heading_is_item(Work *w, const Doc *d, int i) {
  const Block *h = &d->aBlock[i];
  for (int k = i + 1; k < d->nBlock; k++) {
    const Block *b = &d->aBlock[k];
    if (b->kind == BLOCK_HEADING) return h->level >= LEVEL_MEASURE;
    if (b->kind != BLOCK_PARAGRAPH) continue;
    Assignment a;
    return b->lineFirst != h->lineLast && units_parse_labels(&w->x->arena, b->zText, b->nText, &a);
  }
  return h->level >= LEVEL_MEASURE;
}

static void heading_tasks(Work *w, const Block *b, int bAlone) {
  if (b->nSent == 0 || !b->zTitle) return;
  const Sentence *s = &b->aSent[0];
  int before = w->x->nTask;
  /* The title starts after the number. */
  size_t start = b->iTitle;
  size_t end = s->iEnd;
  while (end > start && utf8_is_sentence_end(words_cp(b->zNorm, b->nText, utf8_prev(b->zNorm, end), NULL))) {
    end = utf8_prev(b->zNorm, end);
  }
  if (end <= start) return;
  w->sentenceYear = 0;  /* a heading's time is its own */
  make_tasks(w, 0, start, end);
  if (bAlone) return;
  for (int t = before; t < w->x->nTask; t++) {
    if (w->x->aTask[t].kind != TASK_OTHER) return;
  }
  w->x->nTask = before;
}

/* Give tasks firstTask.. of the item what a labelled paragraph under it says (units_parse_labels),
** where they have nothing of that kind yet: such an item is often followed by one paragraph a
** label (牵头负责领导：…。 then 牵头责任单位：…。 then 协同责任单位：…。). */
static void apply_labels(Work *w, int firstTask, const Assignment *pa) {
  for (int t = firstTask; t < w->x->nTask; t++) {
    Task *task = &w->x->aTask[t];
    const TaskUnits *old = task_units(task);
    TaskUnits *u = arena_alloc(&w->x->arena, sizeof(TaskUnits));
    if (old) *u = *old;
    else memset(u, 0, sizeof *u);
    if (!u->nLead && pa->nLead) {
      u->azLead = pa->azLead;
      u->nLead = pa->nLead;
    }
    if (!u->nCooperating && pa->nCooperating) {
      u->azCooperating = pa->azCooperating;
      u->nCooperating = pa->nCooperating;
    }
    if (!u->zDeadline && pa->zDeadline) u->zDeadline = pa->zDeadline;
    if (!u->zLeader && pa->zLeader) u->zLeader = pa->zLeader;
    task_more(&w->x->arena, task)->pUnits = u;
    if (!task->deadline && pa->deadlineYear) task->deadline = (int16_t)pa->deadlineYear;
  }
}

static void block_tasks(Work *w, const Block *b, int firstTask, int prevFirstTask) {
  const char *z = b->zNorm;
  Assignment labels;
  if (units_parse_labels(&w->x->arena, b->zText, b->nText, &labels)) {
    /* the run-in heading of this paragraph if it made tasks, else the item before */
    int first = firstTask < w->x->nTask ? firstTask : prevFirstTask;
    if (first >= 0) apply_labels(w, first, &labels);
    return;
  }
  Note *aNote[32];
  int nNote = find_notes(w, aNote, 32);
  /* A paragraph that is only a note (cut off from its item at a line end) assigns the item
  ** before it. */
  int onlyNotes = nNote > 0;
  for (int si = 0; si < b->nSent && onlyNotes; si++) {
    onlyNotes = sentence_is_note(b, &b->aSent[si], aNote, nNote);
  }
  if (onlyNotes) {
    /* the run-in heading of this paragraph if it made tasks, else the item before */
    int first = firstTask < w->x->nTask ? firstTask : prevFirstTask;
    if (first >= 0) apply_notes(w, first, aNote, nNote);
    return;
  }
  /* Only a block whose scan met a formula passing a document on has its sentences tested. */
  const LexHits *pKindHits = w->pScanned == b ? &w->aHits[SCAN_KIND] : NULL;
  int bMayTransmit = !pKindHits || (words_hits_mask(&wsKind, pKindHits) & KIND_TRANSMIT);
  for (int si = 0; si < b->nSent; si++) {
    const Sentence *s = &b->aSent[si];
    if (sentence_is_note(b, s, aNote, nNote)) continue;
    if (bMayTransmit && words_any(&wlTransmittal, z, s->iStart, s->iEnd)) continue;
    int isLead = (si == 0 && b->nLead);
    /* Parts of one sentence split at ； share the time that opens it. */
    int year = lead_year(z, s->iStart, s->iEnd);
    int afterSemicolon = si > 0 && words_lit(z, s->iStart, utf8_prev(z, s->iStart), "；");
    w->sentenceYear = year ? year : (afterSemicolon ? w->sentenceYear : 0);
    int groupStart = -1;   /* first clause of the open group */
    int groupAllFrames = 0;/* the open group holds only framing clauses so far */
    int madeBefore = w->x->nTask;
    for (int c = 0; c <= s->nClause; c++) {
      const Clause *cl = c < s->nClause ? &b->aClause[s->iClause + c] : NULL;
      int frame = cl && c + 1 < s->nClause && is_frame(z, cl->iStart, cl->iEnd);
      int opens = 0;
      if (cl) {
        if (groupStart < 0) opens = 1;
        else if (groupAllFrames) opens = 0;  /* a frame keeps the clause it frames */
        else opens = frame || opens_directive(w, z, cl->iStart, cl->iEnd);
      }
      if ((opens || !cl) && groupStart >= 0) {
        const Clause *first = &b->aClause[s->iClause + groupStart];
        const Clause *last = &b->aClause[s->iClause + c - 1];
        size_t gs = first->iStart, ge = last->iEnd;
        /* An assignment note is not part of the directive it assigns. */
        for (int k = 0; k < nNote; k++) {
          if (aNote[k]->iStart <= gs && aNote[k]->iEnd > gs) gs = aNote[k]->iEnd;
          if (aNote[k]->iStart > gs && aNote[k]->iStart < ge) ge = aNote[k]->iStart;
        }
        for (;;) {
          uint32_t cp = ge > gs ? words_cp(z, ge, utf8_prev(z, ge), NULL) : 0;
          if (!cp || !(utf8_is_clause_mark(cp) || utf8_is_sentence_end(cp) || utf8_is_space(cp) ||
                       utf8_is_opener(cp))) {
            break;
          }
          ge = utf8_prev(z, ge);
        }
        if (ge > gs) make_tasks(w, si, gs, ge);
      }
      if (!cl) break;
      if (opens) {
        groupStart = c;
        groupAllFrames = frame;
      } else if (!frame) {
        groupAllFrames = 0;
      }
    }
    if (isLead) {
      /* Keep a lead sentence's tasks only when one of them is concrete. */
      int concrete = 0;
      for (int t = madeBefore; t < w->x->nTask; t++) {
        if (w->x->aTask[t].kind != TASK_OTHER) concrete = 1;
      }
      if (!concrete) {
        /* Drop them (and any targets they took, which a lead of kind other has none of). */
        w->x->nTask = madeBefore;
      }
    }
  }
  apply_notes(w, firstTask, aNote, nNote);
  size_t kUnitHit = 0;   /* where the next task's reading of the unit hits may start */
  for (int t = firstTask; t < w->x->nTask; t++) {
    Task *task = &w->x->aTask[t];
    if (task_units(task) && task_units(task)->nLead) continue;
    int a[2];
    /* (A run-in heading's tasks are scored on this paragraph's text at their own offsets.) */
    const LexHits *pHits =
        w->pScanned == b && task->iEnd <= b->nText ? &w->aHits[SCAN_UNITS] : NULL;
    int n =
        units_suggest_hits(w->lx->pUnits, pHits, &kUnitHit, z, task->iStart, task->iEnd, a, 2);
    for (int k = 0; k < n; k++) task->aSuggested[k] = (int16_t)a[k];
  }
}

/* The set over the dictionaries SCAN_* of lx. Building it reads every dictionary's trie (about
** a millisecond: most of the time of a short document), so the set of the first lexicons asked
** for, the process's own (lexicon_get), is built once and kept; for any other the set is new,
** and *pOwned is it, for the caller to free. */
static const LexSet *scan_set(const Lexicons *lx, LexSet **pOwned) {
  static _Atomic(const Lexicons *) kept;
  static _Atomic(LexSet *) keptSet;
  *pOwned = NULL;
  LexSet *set = atomic_load_explicit(&keptSet, memory_order_acquire);
  if (set && atomic_load_explicit(&kept, memory_order_relaxed) == lx) return set;
  const Lex *aScanLex[SCAN_COUNT];
  aScanLex[SCAN_PLACES] = gazetteer_lex(lx->pGaz);
  aScanLex[SCAN_KIND] = words_set_lex(&wsKind);
  aScanLex[SCAN_UNITS] = units_lex(lx->pUnits);
  set = lex_set_new(aScanLex, SCAN_COUNT);
  const Lexicons *none = NULL;
  if (atomic_compare_exchange_strong(&kept, &none, lx)) {
    atomic_store_explicit(&keptSet, set, memory_order_release);
    return set;
  }
  *pOwned = set;   /* another lexicon's set is kept, or another thread is keeping this one */
  return set;
}

void extract_run(const Doc *d, const Lexicons *lx, Extraction *x) {
  memset(x, 0, sizeof *x);
  arena_init(&x->arena);
  x->nBlock = d->nBlock;
  x->aBlockPlaces = arena_alloc(&x->arena, sizeof(BlockPlaces) * (size_t)(d->nBlock ? d->nBlock : 1));
  Work w;
  memset(&w, 0, sizeof w);
  w.d = d;
  w.lx = lx;
  w.x = x;
  /* About one task for every two clauses: start there and grow by a quarter (new_task), so
  ** that the array never holds much more than it uses. */
  size_t nClause = 16;
  for (int i = 0; i < d->nBlock; i++) nClause += (size_t)d->aBlock[i].nClause;
  w.capTask = nClause / 2;
  x->aTask = xmalloc(sizeof(Task) * w.capTask);
  LexSet *pOwnScan = NULL;
  w.pScan = scan_set(lx, &pOwnScan);
  int headingFirstTask = -1;  /* tasks of the run-in heading before the next paragraph */
  int headingLine = 0;
  int prevFirstTask = -1;     /* first task of the item before, for a note standing alone */
  for (int i = 0; i < d->nBlock; i++) {
    const Block *b = &d->aBlock[i];
    w.pBlock = b;
    /* A block's places and tasks read only its own places: both come from its one scan. */
    w.pScanned = NULL;
    if (block_is_content(b) && b->zNorm) {
      lex_set_scan(w.pScan, b->zNorm, b->nText, w.aHits);
      w.pScanned = b;
      w.kKindHit = 0;
    }
    block_places(&w, b);
    if (b->kind == BLOCK_HEADING) {
      headingFirstTask = x->nTask;
      headingLine = b->lineLast;
      heading_tasks(&w, b, heading_is_item(&w, d, i));
      if (x->nTask > headingFirstTask) prevFirstTask = headingFirstTask;
      continue;
    }
    if (b->kind != BLOCK_PARAGRAPH) continue;
    int first = x->nTask;
    if (headingFirstTask >= 0 && b->lineFirst == headingLine) first = headingFirstTask;
    headingFirstTask = -1;
    block_tasks(&w, b, first, prevFirstTask);
    if (x->nTask > first) prevFirstTask = first;
  }
  lex_set_free(pOwnScan);
  for (int k = 0; k < SCAN_COUNT; k++) free(w.aHits[k].a);
  free(w.aPlace);
}

void extraction_free(Extraction *x) {
  free(x->aTask);
  free(x->aTarget);
  arena_free(&x->arena);
  memset(x, 0, sizeof *x);
}
