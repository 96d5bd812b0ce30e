/*
** The command table and shared option helpers (see cli.h). Before a command runs, cli_main
** refuses an argument that is not valid UTF-8 (naming its option), and puts a filter on the
** command's plain-text output so that control characters and bidi controls coming from stored
** text are shown, never obeyed by the terminal.
*/
#include "cli.h"

#include "../base/data.h"
#include "../base/utf8.h"
#include "../extract/lexicon.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LUOSHI_VERSION "0.1.0"

CliGlobal cli_global;

typedef struct Command {
  const char *zName;
  int (*xRun)(int, char **);
  const char *zSummary;
  const char *zUsage;
} Command;

static const Command aCommand[] = {
    {"import", cmd_import, "read a decision and store its structure, tasks and targets",
     "luoshi import FILE [--json | --outline | --summary] [--dry-run] [--encoding utf-8|gb18030]\n"
     "                   [--title TITLE] [--max-size MB (64)] [--kind decision|inspection]\n"
     "                   [--db PATH]\n"
     "  Reads FILE (UTF-8, GB18030/GBK text, or a Word .docx; a .csv/.tsv/.xlsx task-division\n"
     "  table; an .xlsx's unit names not in the unit tree are listed),\n"
     "  recovers paragraphs, headings and page jumps, extracts tasks, targets, deliverables,\n"
     "  places and units, and stores the document in the database. --json prints the document\n"
     "  JSON; --outline (the default) a readable outline; --summary one line of counts.\n"
     "  --dry-run reads and extracts without touching the database. Importing the same bytes\n"
     "  twice stores them once. A table with a problem column (反馈问题/存在问题 | 整改措施 |\n"
     "  责任单位 | 整改时限), or --kind inspection, is an inspection's rectification ledger\n"
     "  (整改台账): each task keeps its problem, and the ledger runs the same cycle."},
    {"docs", cmd_docs, "list the stored documents", "luoshi docs [--json] [--db PATH]"},
    {"show", cmd_show, "print a stored document's outline",
     "luoshi show DOC [--db PATH]\n  DOC is a document id or a prefix of its sha256."},
    {"tasks", cmd_tasks, "list a stored document's tasks",
     "luoshi tasks DOC [--kind KIND] [--measure N] [--place NAME] [--unit UNIT] [--status S]\n"
     "                 [--warning red|yellow|blue] [--before YYYY-MM-DD] [--json] [--db PATH]\n"
     "  --unit, --status, --warning and --before keep the tasks whose ledger item passes them,\n"
     "  as in `ledger list` (the document needs its ledger)."},
    {"export", cmd_export, "print a stored document as JSON",
     "luoshi export DOC --json [--db PATH]"},
    {"places", cmd_places, "find the places named in a piece of text",
     "luoshi places TEXT... [--json]\n"
     "  Prints each place found with its division code, the prefecture it belongs to, and the\n"
     "  zones; useful to check the gazetteer and a province's aliases."},
    {"unit", cmd_unit, "the unit tree: seed it, add to it, list it",
     "luoshi unit seed [--json]\n"
     "       | unit add NAME KIND [--parent UNIT] [--code CODE] [--short A,B] [--json]\n"
     "       | unit list [--json]\n"
     "       | unit email UNIT [ADDRESS] [--json]\n"
     "  KIND is leadership, department, city, county or other. seed adds the province's\n"
     "  departments and cities (data/units/seed.tsv) and the cities' counties. email sets the\n"
     "  address `outbox send --smtp` sends the unit's notices to (\"\" clears it; without\n"
     "  ADDRESS it is printed)."},
    {"user", cmd_user, "add a person with a role and a unit",
     "luoshi user add LOGIN NAME ROLE [--unit UNIT] [--json] < password\n"
     "  ROLE is admin, supervisor, leader or reporter (a reporter needs --unit). The password\n"
     "  (8 characters or more) is read from standard input and stored as an argon2id hash."},
    {"ledger", cmd_ledger, "the ledger (台账): create it from a document, list it, assign items",
     "luoshi ledger create DOC [--json]\n"
     "       | ledger export DOC|all --xlsx FILE | --csv FILE [the filters of list] [--json]\n"
     "       | ledger list DOC|all [--all] [--unit UNIT] [--status S] [--warning red|yellow|blue]\n"
     "                             [--before YYYY-MM-DD] [--measure N] [--search WORDS]\n"
     "                             [--kind K] [--place CODE|NAME] [--json]\n"
     "       | ledger assign ITEM [--leader NAME] [--lead UNIT] [--cooperating U1,U2]\n"
     "                            [--deadline YYYY-MM-DD]\n"
     "                            [--recurring year:MM-DD|half|quarter|month:DD|none] [--json]\n"
     "       | ledger split ITEM --unit UNIT [--unit UNIT]... [--weight W]... [--json]\n"
     "       | ledger tree ITEM [--json]\n"
     "       | ledger add DOC --text TEXT [--number N] [--deadline D] [--kind K] [--json]\n"
     "       | ledger edit ITEM [--text T] [--number N] [--kind K] [--json]\n"
     "       | ledger renumber ITEM NUMBER [--json] | ledger merge KEEP OTHER... [--json]\n"
     "       | ledger publish ITEM [--off] [--json] | ledger reindex\n"
     "  export writes the items list selects as the office's 台账 sheet (.xlsx: title, measure\n"
     "  headings, 序号 任务内容 责任领导 牵头单位 配合单位 完成时限 进展情况 状态 预警, print\n"
     "  setup) or as CSV (UTF-8 with BOM).\n"
     "  split hands sub-items to other units (层层分解); tree rolls progress up by weight and\n"
     "  marks the sub-items that hold their parent back. add puts in an item by hand; edit and\n"
     "  renumber apply the office's own numbering (renumber moves the sub-items too); merge\n"
     "  folds items into KEEP (they leave the list and the warnings; --all shows them).\n"
     "  --search finds words in Chinese or Latin (交通运输, IPv6) in the items' text and numbers.\n"
     "  publish shows an item on the public page (宣传); reindex rebuilds the search index\n"
     "  after a bulk load made outside luoshi. --recurring gives a recurring deadline: every\n"
     "  year by MM-DD (每年年底前: year:12-31), every half year (06-30, 12-31), every quarter's\n"
     "  last day, every month by day DD (month:0: its last day); none clears it. create sets\n"
     "  it from a table's 完成时限 (每季度末, 每年年底前 …)."},
    {"report", cmd_report, "file, submit and review progress reports on ledger items",
     "luoshi report file ITEM --period 2019-03|2019Q1 --progress N [--done TEXT]\n"
     "                   [--problems TEXT] [--next TEXT] [--evidence FILE]... [--json]\n"
     "       | report attach REPORT FILE [--json] | report submit REPORT [--json]\n"
     "       | report accept REPORT [--json] | report return REPORT --reason TEXT [--json]\n"
     "       | report list [ITEM] [--json]\n"
     "       | report import FILE.xlsx|FILE.csv --period P [--doc DOC] [--sheet NAME] [--submit]\n"
     "                           [--json]\n"
     "  import files a report for each row of a filled-in ledger sheet (序号 and 进展情况:\n"
     "  \"60%：what was done\") for period P, as the acting person, in one transaction: any bad\n"
     "  row (unknown number, progress over 100, another unit's item) and nothing is imported.\n"
     "  A reporter (--as LOGIN) files for their own unit's items; a supervisor reviews. Evidence\n"
     "  files are kept whole with their SHA-256, 20 MB at most each."},
    {"warnings", cmd_warnings, "run the red/yellow/blue warning rules, and list warnings",
     "luoshi warnings run [--date YYYY-MM-DD] [--json]\n"
     "       | warnings list [--date D] [--colour C] [--json]\n"
     "  The rules are data (data/rules/warnings.tsv, versioned): overdue, behind the\n"
     "  time-proportional 序时进度, no report this period, deadline within N working days.\n"
     "  Every warning names its rule, the rules' version and the facts it used."},
    {"request", cmd_request, "extensions, close-outs, fault tolerance, and their decisions",
     "luoshi request extension ITEM --to YYYY-MM-DD --reason TEXT [--date TODAY] [--json]\n"
     "       | request closeout ITEM --reason TEXT [--json]\n"
     "       | request tolerance ITEM --period P --claims KEY,KEY... --reason TEXT [--json]\n"
     "       | request approve REQUEST [--note TEXT] [--verdict V] [--json]\n"
     "       | request reject REQUEST --note TEXT [--json]\n"
     "  An extension is asked before the deadline; a close-out needs evidence on the item's\n"
     "  reports and, to be approved, a verdict (achieved, partly, not achieved, not\n"
     "  verifiable); the tolerance conditions are those of data/rules/tolerance.tsv."},
    {"item", cmd_item, "reopen a completed or closed item; set its report cycle",
     "luoshi item reopen ITEM --reason TEXT [--json]\n"
     "       | item cycle ITEM month|quarter [--due-day N] [--json]\n"
     "  cycle: the lead unit reports every month or quarter, due on day N (1-28) of the\n"
     "  period's last month (without --due-day, by its last day); reports submitted after it\n"
     "  are marked late, and the no-report warning waits for it."},
    {"escalate", cmd_escalate, "run the escalation ladder (催办 → 督办) over a date's warnings",
     "luoshi escalate run [--date YYYY-MM-DD] [--json]\n"
     "  After `warnings run` for the date: each warned item gets the highest step of the ladder\n"
     "  (data/rules/escalation.tsv, versioned) its colour and days in warning reach, once per\n"
     "  episode, as a notice to its lead unit in the outbox."},
    {"bulletin", cmd_bulletin, "the periodic bulletin (督查通报) as text, JSON or Word .docx",
     "luoshi bulletin --period 2019-03|2019Q1|2019 [--docx FILE] [--notes FILE] [--json]\n"
     "       | bulletin notes --period P [--file FILE] [--json]\n"
     "  Overall progress, progress by measure, items completed in the period, items behind\n"
     "  with their lead units, warnings and escalations in the period, the rankings of\n"
     "  `assess` (红黑榜), and the office's good practice (经验做法) stored for the period.\n"
     "  `bulletin notes --file FILE` stores them (supervisors and admins, audited): plain\n"
     "  UTF-8 text, at most 64 KB, one paragraph per block of lines separated by a blank line;\n"
     "  an empty file clears them; without --file it prints them. --notes FILE shows the\n"
     "  bulletin with that file's notes instead, storing nothing. --docx writes an editable\n"
     "  Word file (仿宋_GB2312 body, 方正小标宋 title) instead of printing the text."},
    {"assess", cmd_assess, "assessment (考核评价): scores, rankings, red and black lists",
     "luoshi assess --period 2019-03|2019Q1|2019 [--group departments|cities|counties|all]\n"
     "              [--save] [--json]\n"
     "       | assess list [--period P] [--json] | assess show ID\n"
     "  Scores every unit on the items it leads by the scoring rules (data/rules/scoring.tsv,\n"
     "  versioned: base, weighted rule lines with caps, 红黑榜 thresholds, 容错 exemptions),\n"
     "  ranks units within their group (departments, cities, counties) and compares with the\n"
     "  previous period. Each score breaks down into rule lines and the items and reports\n"
     "  behind them; the same ledger and rules give the same output. --save keeps the result\n"
     "  with the rules' version and hash in the record (audited); show prints a saved one."},
    {"outbox", cmd_outbox, "list and deliver the escalation notices",
     "luoshi outbox list [--state pending|sent|failed] [--json]\n"
     "       | outbox send --dir DIR [--json] | outbox send --webhook URL [--json]\n"
     "       | outbox send --smtp smtp[s]://HOST[:PORT] [--from ADDRESS] [--json]\n"
     "  send delivers each undelivered notice: as DIR/notice-ID.eml (UTF-8 mail, RFC 5322), or\n"
     "  POSTed as JSON to the webhook (a 2xx answer within 10 s is delivery), or as that mail\n"
     "  (base64 body) by SMTP to its unit's address (`unit email`) from ADDRESS (default\n"
     "  noreply@luoshi.invalid); smtp:// uses STARTTLS when the server offers it, smtps:// is\n"
     "  TLS from the start. A login comes from LUOSHI_SMTP_USER and LUOSHI_SMTP_PASSWORD in the\n"
     "  environment, never the command line (with one, smtp:// must get STARTTLS). A notice\n"
     "  whose unit has no address, or that the server refuses, stays, with its error, for the\n"
     "  next send."},
    {"milestone", cmd_milestone, "milestones (节点) of ledger items: add, reach, list",
     "luoshi milestone add ITEM --due YYYY-MM-DD --title TEXT [--json]\n"
     "       | milestone reach MILESTONE [--on YYYY-MM-DD] [--json]\n"
     "       | milestone list [ITEM] [--json]\n"
     "  An open milestone past its date raises the milestone-missed warning."},
    {"target", cmd_target, "targets (指标) of ledger items: baseline, trajectory, actual values",
     "luoshi target add ITEM --name NAME --baseline V --baseline-date YYYY-MM-DD --target V\n"
     "                  --target-date YYYY-MM-DD [--unit U] [--json]\n"
     "       | target report TARGET --value V --as-of YYYY-MM-DD [--json]\n"
     "       | target list [ITEM] [--json]\n"
     "  The office adds a target; the trajectory runs straight from the baseline to the target\n"
     "  (a target below its baseline decreases). The item's unit reports actual values; the\n"
     "  latest one behind the trajectory raises the target-behind warning."},
    {"accountability", cmd_accountability, "record 提醒谈话, 约谈, 通报 or 问责 on an item",
     "luoshi accountability add ITEM --kind 约谈 [--unit UNIT] [--person NAME] --reason TEXT\n"
     "                          [--json]"},
    {"audit", cmd_audit, "verify the hash-chained history of every change",
     "luoshi audit verify [--json]\n"
     "  Recomputes the chain; names the first entry that was edited or removed, and prints\n"
     "  the head hash to keep elsewhere (it shows a chain cut short)."},
    {"serve", cmd_serve, "serve the web application (挂图作战, ledger, reports, API)",
     "luoshi serve [--listen ADDR:PORT] [--threads N] [--access-log FILE|-] [--config FILE]\n"
     "                  [--header-timeout S] [--body-timeout S] [--min-rate BYTES]\n"
     "                  [--ready-file FILE] [--routes] [--db PATH]\n"
     "  Default address 127.0.0.1:8080 (port 0: any free port). --routes lists the routes with\n"
     "  their permissions. The config file holds key = value lines: listen, db, threads,\n"
     "  timeout, header_timeout, body_timeout, min_rate, max_connections, access_log,\n"
     "  trust_proxy, basemap (the office's own map of its divisions). Slow clients are cut off:\n"
     "  timeout (30 s) without any traffic; request headers not whole within --header-timeout\n"
     "  (20 s); a body, or the reading of a response, not done within --body-timeout (20 s) plus\n"
     "  1 s per --min-rate bytes (500) of it. 0 turns a limit off. SIGINT or SIGTERM stops it\n"
     "  after the requests in flight."},
    {"http", cmd_http, "answer one HTTP request read from standard input",
     "luoshi http [--db PATH] < REQUEST\n"
     "  Reads a request line, headers and a body of Content-Length bytes; prints the response."},
    {"token", cmd_token, "make an API token for a person's scripts (printed once)",
     "luoshi token LOGIN [--name WHAT-FOR] [--json] [--db PATH]\n"
     "  Scripts send it as Authorization: Bearer TOKEN; only its hash is stored."},
    {"backup", cmd_backup, "copy the database while it is in use, and check the copy",
     "luoshi backup FILE [--json] [--db PATH]\n"
     "  Copies the database with SQLite's online backup API (one snapshot; `luoshi serve` and\n"
     "  other writers go on meanwhile) into FILE.tmp, checks the copy (integrity_check and the\n"
     "  audit chain, as `audit verify`), then renames it to FILE: FILE is never half a backup.\n"
     "  Prints the pages, the audit chain's head hash and the row counts of the main tables."},
    {"restore", cmd_restore, "put a checked backup in place of the database",
     "luoshi restore FILE [--force] [--json] [--db PATH]\n"
     "  Checks FILE (integrity, a schema this luoshi knows, the audit chain), then copies it to\n"
     "  PATH.tmp and renames that over PATH. A database that holds data is replaced only with\n"
     "  --force, and never while another process (luoshi serve) has it open. On any error the\n"
     "  database is untouched."},
    {"db", cmd_db, "copy a whole deployment between SQLite and PostgreSQL, and check the copy",
     "luoshi db copy --from SRC --to DST [--json]\n"
     "  SRC and DST are each a file (or sqlite:PATH) or a PostgreSQL URI (postgresql://...) or\n"
     "  keyword string (host=... dbname=...); both are brought to this luoshi's schema first.\n"
     "  DST must be empty and another database than SRC. SRC is read in one snapshot (writers\n"
     "  may go on); DST is written in one transaction, checked before it commits (every table's\n"
     "  row count, the audit chain's entries and head hash equal SRC's), and left as it was on\n"
     "  any failure. Prints each table's rows and the audit chain's head."},
    {"sheet", cmd_sheet, "print the cells of an .xlsx worksheet as luoshi reads them",
     "luoshi sheet dump FILE.xlsx|FILE.csv [--sheet NAME]\n"
     "  One line per row, cells separated by tabs (tab, line feed, backslash in a cell as \\t\n"
     "  \\n \\\\); a merged range's value in each of its cells; dates as YYYY-MM-DD; formulas'\n"
     "  cached values."},
    {"version", cmd_version, "print the version", "luoshi version"},
    {"help", cmd_help, "list the commands, or explain one", "luoshi help [COMMAND]"},
};
#define N_COMMAND (int)(sizeof aCommand / sizeof aCommand[0])

static const Command *find_command(const char *zName) {
  for (int i = 0; i < N_COMMAND; i++) {
    if (strcmp(aCommand[i].zName, zName) == 0) return &aCommand[i];
  }
  return NULL;
}

int cli_is_help(const char *z) { return strcmp(z, "--help") == 0 || strcmp(z, "-h") == 0; }

static int takes_next_value(const char *z);

int cli_take_json(int *pArgc, char **argv) {
  int n = 1, found = 0, i = 1;
  for (; i < *pArgc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "--json") == 0) {
      found = 1;
      continue;
    }
    /* an option's value is its value even when it reads "--json" */
    if (takes_next_value(argv[i]) && i + 1 < *pArgc) argv[n++] = argv[i++];
    argv[n++] = argv[i];
  }
  while (i < *pArgc) argv[n++] = argv[i++];
  argv[n] = NULL;
  *pArgc = n;
  return found;
}

void cli_print_json(json_t *j) {
  if (!j) return;
  json_dumpf(j, stdout, JSON_COMPACT);
  fputc('\n', stdout);
  json_decref(j);
}

int cli_flags(int argc, char **argv, int from, const char *const *azName, const char **azVal) {
  for (int i = from; i < argc; i++) {
    int matched = 0;
    for (int k = 0; azName[k] && !matched; k++) {
      int f = cli_flag_value(argc, argv, &i, azName[k], &azVal[k]);
      if (f < 0) return 2;
      matched = f;
    }
    if (!matched) return 2;
  }
  return 0;
}

long long cli_id(const char *z) {
  char *end;
  long long v = strtoll(z, &end, 10);
  return (end == z || *end || v <= 0) ? 0 : v;
}

void cli_today(char zOut[11]) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(zOut, 11, "%Y-%m-%d", &tm);
}

int cli_usage(const char *zCmd) {
  const Command *c = find_command(zCmd);
  if (c) fprintf(stderr, "usage: %s\n", c->zUsage);
  return 2;
}

int cli_fail(const char *zCmd, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  fprintf(stderr, "luoshi %s: ", zCmd);
  vfprintf(stderr, zFmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

int cli_flag_value(int argc, char **argv, int *pi, const char *zName, const char **pzVal) {
  const char *z = argv[*pi];
  size_t n = strlen(zName);
  if (strncmp(z, zName, n) != 0) return 0;
  if (z[n] == '=') {
    *pzVal = z + n + 1;
    return 1;
  }
  if (z[n] != 0) return 0;
  if (*pi + 1 >= argc) {
    fprintf(stderr, "luoshi: %s needs a value\n", zName);
    return -1;
  }
  *pzVal = argv[++*pi];
  return 1;
}

int cmd_help(int argc, char **argv) {
  if (argc >= 2) {
    const Command *c = find_command(argv[1]);
    if (!c) {
      fprintf(stderr, "luoshi: no command named '%s'; try 'luoshi help'\n", argv[1]);
      return 2;
    }
    printf("%s\n\nusage: %s\n", c->zSummary, c->zUsage);
    return 0;
  }
  printf("luoshi (落实) %s — turn a policy decision into accountable work\n\n", LUOSHI_VERSION);
  printf("usage: luoshi COMMAND [ARGS] [--db PATH] [--data-dir DIR]\n\ncommands:\n");
  for (int i = 0; i < N_COMMAND; i++) {
    printf("  %-10s %s\n", aCommand[i].zName, aCommand[i].zSummary);
  }
  printf("\n'luoshi COMMAND --help' explains one command.\n");
  return 0;
}

int cmd_version(int argc, char **argv) {
  printf("luoshi %s\n", LUOSHI_VERSION);
  return 0;
}

/* ---- arguments: text must be UTF-8 ------------------------------------------------------- */

/* Options whose value names a file, a directory or a database: bytes as the system gives them
** (a GBK file name unpacked from a Windows archive is one), so any bytes are let through. Each
** is "COMMAND --option", or "* --option" for every command. */
static const char *const azPathOption[] = {
    "* --db",         "* --data-dir",   "report --evidence", "ledger --xlsx", "ledger --csv",
    "bulletin --docx", "bulletin --notes", "bulletin --file", "outbox --dir",    "serve --config", "serve --access-log",
    "serve --ready-file", "db --from",  "db --to",           NULL};
/* Options that take no value: the argument after one is not its value. */
static const char *const azBareOption[] = {"--json",  "--all",  "--dry-run", "--outline",
                                           "--summary", "--quiet", "--save", "--force",
                                           "--submit", "--off", "--routes",  "--help", NULL};
/* Commands whose positional arguments may name files (import FILE, report attach REPORT FILE,
** backup FILE, ...). */
static const char *const azPathCommand[] = {"import", "report", "backup", "restore", "sheet", NULL};

static int in_list(const char *const *az, const char *z, size_t nByte) {
  for (int i = 0; az[i]; i++) {
    if (strlen(az[i]) == nByte && memcmp(az[i], z, nByte) == 0) return 1;
  }
  return 0;
}

/* Is argument z an option whose value is the next argument ("--text", but not "--text=V", nor
** an option without a value such as "--json")? That next argument is then a value whatever it
** looks like: `--text --json` stores "--json", `--text --db=x` does not change the database. */
static int takes_next_value(const char *z) {
  return z[0] == '-' && z[1] == '-' && z[2] && !strchr(z, '=') &&
         !in_list(azBareOption, z, strlen(z));
}

/* Does option z[0..nByte) of command zCmd name a path (azPathOption)? */
static int is_path_option(const char *zCmd, const char *z, size_t nByte) {
  for (int i = 0; azPathOption[i]; i++) {
    const char *zOpt = strchr(azPathOption[i], ' ') + 1;
    size_t nCmd = (size_t)(zOpt - 1 - azPathOption[i]);
    int bCmd = (nCmd == 1 && azPathOption[i][0] == '*') ||
               (strlen(zCmd) == nCmd && memcmp(zCmd, azPathOption[i], nCmd) == 0);
    if (bCmd && strlen(zOpt) == nByte && memcmp(zOpt, z, nByte) == 0) return 1;
  }
  return 0;
}

/* Check argv[2..argc) of command argv[1]: every option value and positional argument that is
** text must be valid UTF-8 (paths excepted, as above). Returns 0, or 1 (a bad value, like the
** ledger's own checks of a field) with a message naming the option (or the argument's
** position) and the first bad byte. */
static int check_arguments_utf8(int argc, char **argv) {
  int bPaths = in_list(azPathCommand, argv[1], strlen(argv[1]));
  int bOptionsEnd = 0;
  for (int i = 2; i < argc; i++) {
    const char *z = argv[i];
    if (!bOptionsEnd && strcmp(z, "--") == 0) {
      bOptionsEnd = 1;
      continue;
    }
    const char *zVal = z;
    size_t nName = 0; /* the option the value belongs to: z[0..nName) or argv[i-1] */
    const char *zName = NULL;
    if (!bOptionsEnd && z[0] == '-' && z[1] == '-') {
      const char *zEq = strchr(z, '=');
      if (!zEq) continue; /* an option's name; its value is the next argument */
      zName = z;
      nName = (size_t)(zEq - z);
      zVal = zEq + 1;
    } else if (!bOptionsEnd && i > 2 && takes_next_value(argv[i - 1])) {
      zName = argv[i - 1];
      nName = strlen(zName);
    }
    size_t nVal = strlen(zVal);
    size_t bad = utf8_invalid_offset((const unsigned char *)zVal, nVal);
    if (bad == nVal) continue;
    if (zName && is_path_option(argv[1], zName, nName)) continue;
    if (!zName && bPaths) continue;
    if (zName) {
      fprintf(stderr, "luoshi %s: the value of %.*s is not UTF-8 (byte %zu)\n", argv[1],
              (int)nName, zName, bad + 1);
    } else {
      fprintf(stderr, "luoshi %s: argument %d is not UTF-8 (byte %zu)\n", argv[1], i - 1,
              bad + 1);
    }
    return 1;
  }
  return 0;
}

/* ---- plain-text output: control characters shown, never obeyed --------------------------- */

/* A filter between a command and its output file descriptor: C0 control characters but tab,
** line feed and a carriage return that ends a line (CR LF), DEL, C1 controls and the bidi
** embedding/override/isolate controls are written as U+FFFD, as the web pages show them
** (src/web/html.c). An escape sequence in a stored title then cannot recolour, move or clear
** the terminal, and a bidi override cannot turn a listing around. The bytes at the end of one
** write that may begin such a sequence wait for the next. */
typedef struct Shown {
  int fd;                 /* where the filtered bytes go */
  unsigned char aHeld[3]; /* the start of a sequence cut by the end of the last write */
  int nHeld;              /* bytes in aHeld */
} Shown;

#define SHOWN_REPLACEMENT "\xEF\xBF\xBD"

static int write_all(int fd, const char *z, size_t nByte) {
  while (nByte > 0) {
    ssize_t k = write(fd, z, nByte);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    z += k;
    nByte -= (size_t)k;
  }
  return 0;
}

/* Filter z[0..nByte) to fd. Unless bLast, a tail that may start a filtered sequence (a CR
** that a LF may follow, a C2 or E2 lead byte without its continuation) is kept in *p.
** Returns 0, or -1 when the write fails. */
static int shown_filter(Shown *p, const unsigned char *z, size_t nByte, int bLast) {
  size_t i = 0, start = 0;
  while (i < nByte) {
    unsigned char c = z[i];
    size_t nLeft = nByte - i, nSeq = 0; /* nSeq: bytes of a sequence to replace */
    int bWait = 0;
    if (c == '\r') {
      if (nLeft == 1) bWait = !bLast, nSeq = bLast;
      else if (z[i + 1] != '\n') nSeq = 1;
    } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      nSeq = 1;
    } else if (c == 0xC2) {
      if (nLeft == 1) bWait = !bLast;
      else if (z[i + 1] >= 0x80 && z[i + 1] <= 0x9F) nSeq = 2;
    } else if (c == 0xE2) {
      if (nLeft < 3) {
        bWait = !bLast && (nLeft == 1 || z[i + 1] == 0x80 || z[i + 1] == 0x81);
      } else if ((z[i + 1] == 0x80 && z[i + 2] >= 0xAA && z[i + 2] <= 0xAE) ||
                 (z[i + 1] == 0x81 && z[i + 2] >= 0xA6 && z[i + 2] <= 0xA9)) {
        nSeq = 3;
      }
    }
    if (bWait) {
      if (write_all(p->fd, (const char *)z + start, i - start)) return -1;
      memcpy(p->aHeld, z + i, nLeft);
      p->nHeld = (int)nLeft;
      return 0;
    }
    if (nSeq) {
      if (write_all(p->fd, (const char *)z + start, i - start) ||
          write_all(p->fd, SHOWN_REPLACEMENT, sizeof SHOWN_REPLACEMENT - 1)) {
        return -1;
      }
      i += nSeq;
      start = i;
    } else {
      i++;
    }
  }
  return write_all(p->fd, (const char *)z + start, nByte - start);
}

static ssize_t shown_write(void *pCookie, const char *z, size_t nByte) {
  Shown *p = pCookie;
  int rc;
  if (p->nHeld) {
    /* the held bytes go first, joined with what follows (rare: a cut sequence) */
    unsigned char *a = malloc((size_t)p->nHeld + nByte);
    if (!a) return -1;
    memcpy(a, p->aHeld, (size_t)p->nHeld);
    memcpy(a + p->nHeld, z, nByte);
    size_t n = (size_t)p->nHeld + nByte;
    p->nHeld = 0;
    rc = shown_filter(p, a, n, 0);
    free(a);
  } else {
    rc = shown_filter(p, (const unsigned char *)z, nByte, 0);
  }
  return rc ? -1 : (ssize_t)nByte;
}

static int shown_close(void *pCookie) {
  Shown *p = pCookie;
  int rc = 0;
  if (p->nHeld) {
    unsigned char a[3];
    size_t n = (size_t)p->nHeld;
    memcpy(a, p->aHeld, n);
    p->nHeld = 0;
    rc = shown_filter(p, a, n, 1);
  }
  free(p);
  return rc;
}

static FILE *pShownOut, *pShownErr; /* the filtered stdout and stderr, closed at exit */

static void shown_close_all(void) {
  if (pShownOut) fclose(pShownOut);
  if (pShownErr) fclose(pShownErr);
  pShownOut = pShownErr = NULL;
}

/* A stream writing to fd through the filter, buffered as mode says; NULL when it cannot be
** made (the caller keeps the plain stream). */
static FILE *shown_open(int fd, int mode) {
  Shown *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->fd = fd;
  cookie_io_functions_t io = {NULL, shown_write, NULL, shown_close};
  FILE *f = fopencookie(p, "w", io);
  if (!f) {
    free(p);
    return NULL;
  }
  setvbuf(f, NULL, mode, BUFSIZ);
  return f;
}

/* Put the filter on stderr, and on stdout unless the command prints JSON (whose strings
** jansson escapes, and which must come out byte for byte) or raw bytes (`http`). */
static void show_controls(int argc, char **argv) {
  int bRaw = argc >= 2 && strcmp(argv[1], "http") == 0;
  for (int i = 2; i < argc && !bRaw && strcmp(argv[i], "--") != 0; i++) {
    bRaw = strcmp(argv[i], "--json") == 0;
  }
  fflush(stdout);
  fflush(stderr);
  if (!bRaw && (pShownOut = shown_open(STDOUT_FILENO, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF))) {
    stdout = pShownOut;
  }
  if ((pShownErr = shown_open(STDERR_FILENO, _IONBF))) stderr = pShownErr;
  atexit(shown_close_all);
}

int cli_main(int argc, char **argv) {
  cli_global.zDb = getenv("LUOSHI_DB");
  if (!cli_global.zDb || !*cli_global.zDb) cli_global.zDb = "luoshi.db";
  cli_global.zActor = getenv("LUOSHI_USER");
  if (!cli_global.zActor || !*cli_global.zActor) cli_global.zActor = getenv("USER");
  if (!cli_global.zActor || !*cli_global.zActor) cli_global.zActor = "cli";
  /* Global options may stand anywhere; take them out of argv. */
  int n = 0;
  for (int i = 0; i < argc; i++) {
    const char *zVal = NULL;
    int r;
    if (i > 0 && (r = cli_flag_value(argc, argv, &i, "--db", &zVal)) != 0) {
      if (r < 0) return 2;
      cli_global.zDb = zVal;
      continue;
    }
    if (i > 0 && (r = cli_flag_value(argc, argv, &i, "--as", &zVal)) != 0) {
      if (r < 0) return 2;
      size_t bad = utf8_invalid_offset((const unsigned char *)zVal, strlen(zVal));
      if (bad < strlen(zVal)) {
        fprintf(stderr, "luoshi: the value of --as is not UTF-8 (byte %zu)\n", bad + 1);
        return 1;
      }
      cli_global.zActor = zVal;
      continue;
    }
    if (i > 0 && (r = cli_flag_value(argc, argv, &i, "--data-dir", &zVal)) != 0) {
      if (r < 0) return 2;
      cli_global.zDataDir = zVal;
      continue;
    }
    /* a command's option keeps its value, even one that reads "--db=..." */
    if (i > 0 && takes_next_value(argv[i]) && i + 1 < argc) argv[n++] = argv[i++];
    argv[n++] = argv[i];
  }
  argc = n;
  argv[argc] = NULL;
  if (cli_global.zDataDir) data_set_dir(cli_global.zDataDir);
  show_controls(argc, argv);
  if (argc < 2) {
    cmd_help(1, argv);
    return 2;
  }
  const char *zCmd = argv[1];
  if (cli_is_help(zCmd)) return cmd_help(1, argv);
  if (strcmp(zCmd, "--version") == 0) return cmd_version(1, argv);
  const Command *c = find_command(zCmd);
  if (!c) {
    fprintf(stderr, "luoshi: no command named '%s'; try 'luoshi help'\n", zCmd);
    return 2;
  }
  for (int i = 2; i < argc; i++) {
    if (takes_next_value(argv[i])) {
      i++;
      continue;
    }
    if (cli_is_help(argv[i])) {
      printf("%s\n\nusage: %s\n", c->zSummary, c->zUsage);
      return 0;
    }
    if (strcmp(argv[i], "--") == 0) break;
  }
  if (check_arguments_utf8(argc, argv)) return 1;
  lexicon_init_text();
  return c->xRun(argc - 1, argv + 1);
}
