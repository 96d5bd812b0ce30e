/*
** The command line: luoshi's command table and the helpers every cmd_<group>.c shares.
**
** Each command is a function cmd_NAME(argc, argv) with argv[0] the command name, returning
** the process exit status: 0 success, 1 the operation failed (message on stderr), 2 bad usage.
** The table in cli.c names each command, a one-line summary and its usage text, which
** `luoshi help` and `luoshi COMMAND --help` print.
*/
#ifndef LUOSHI_CLI_CLI_H
#define LUOSHI_CLI_CLI_H

#include <jansson.h>

/* Run the command named by argv[1]; returns the exit status. Before the command runs, an
** argument that is not UTF-8 is refused (exit 1, the message naming its option; the values of
** options that name files are bytes and pass), and stderr, and stdout unless the command prints
** --json or is `http`, are filtered: control characters (but tab, line feed, CR LF) and bidi
** controls come out as U+FFFD. The value of an option that takes one is the next argument
** whatever it looks like (`--text --json`, `--text --db=x`). */
int cli_main(int argc, char **argv);

/* Options shared by all commands, parsed by cli_main before the command runs. */
typedef struct CliGlobal {
  const char *zDb;        /* --db PATH, default "luoshi.db" or $LUOSHI_DB */
  const char *zDataDir;   /* --data-dir DIR */
  const char *zActor;     /* who acts, for the audit trail: --as LOGIN, $LUOSHI_USER, $USER */
} CliGlobal;
extern CliGlobal cli_global;

/* If argv[*pi] is flag zName: with a value, store argv[*pi+1] in *pzVal and advance *pi.
** Returns 1 when matched, 0 when not, -1 when the value is missing (message printed). */
int cli_flag_value(int argc, char **argv, int *pi, const char *zName, const char **pzVal);

/* Parse the flags of argv[from..argc), each one of azName (NULL-terminated) with a value, into
** azVal (same order; unset ones left alone). Returns 0, or 2 for a flag not in azName or
** without its value. */
int cli_flags(int argc, char **argv, int from, const char *const *azName, const char **azVal);

/* z as a positive id, or 0 when it is not one. */
long long cli_id(const char *z);

/* Today's local date as YYYY-MM-DD. */
void cli_today(char zOut[11]);

/* Print the usage of command zCmd to stderr and return 2. */
int cli_usage(const char *zCmd);

/* Report an error as "luoshi CMD: message" on stderr; returns 1. */
int cli_fail(const char *zCmd, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

/* Is argv[i] --help or -h? */
int cli_is_help(const char *z);

/* Take every --json out of argv[1..*pArgc) (up to a lone "--"; not an option's value, as in
** `--text --json`), shifting the rest down and lowering *pArgc; argv stays NULL-terminated.
** Returns 1 when there was one, else 0. */
int cli_take_json(int *pArgc, char **argv);

/* Print j on stdout as one line of compact JSON and release it (takes the reference; NULL
** prints nothing). For what a changing command reports under --json. */
void cli_print_json(json_t *j);

/* The commands. */
int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_docs(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_tasks(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_places(int argc, char **argv);
int cmd_unit(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_warnings(int argc, char **argv);
int cmd_request(int argc, char **argv);
int cmd_item(int argc, char **argv);
int cmd_accountability(int argc, char **argv);
int cmd_milestone(int argc, char **argv);
int cmd_target(int argc, char **argv);
int cmd_escalate(int argc, char **argv);
int cmd_assess(int argc, char **argv);
int cmd_bulletin(int argc, char **argv);
int cmd_outbox(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_http(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_sheet(int argc, char **argv);

/* Read worksheet zSheet (NULL: the first) of the .xlsx at zPath into *sh (xlsx_free it, also
** after a failure). Returns 0, or 1 with the reason printed as command zCmd's failure. */
struct XlsxSheet;
int cli_sheet_load(const char *zCmd, const char *zPath, const char *zSheet, struct XlsxSheet *sh);

#endif
