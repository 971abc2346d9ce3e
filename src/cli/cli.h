/*
 * cli.h -- the command line: one function per subcommand, one file per group.
 *
 * Each subcommand parses its arguments, opens the database, calls the same
 * service functions the API calls (acting as svc_operator), and prints.
 * Output meant for scripts goes to stdout, one record a line or JSON;
 * messages and errors go to stderr, in Vietnamese unless LC_ALL or LANG
 * starts with "en". Exit status: 0 success, 1 failure, 2 usage error.
 */
#ifndef CAUNOI_CLI_H
#define CAUNOI_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "service/service.h"

#define CLI_OK    0
#define CLI_FAIL  1
#define CLI_USAGE 2

/* The database a subcommand opens when --db is not given (DESIGN.md). */
#define CLI_DEFAULT_DB "data/caunoi.db"

/* Subcommands: argv[0] is the subcommand's name. */
int cli_init(int argc, char **argv);   /* db.c */
int cli_demo(int argc, char **argv);   /* db.c */
int cli_serve(int argc, char **argv);  /* serve.c */
int cli_import(int argc, char **argv); /* members.c */
int cli_export(int argc, char **argv); /* members.c */
int cli_units(int argc, char **argv);  /* units.c */
int cli_user(int argc, char **argv);   /* user.c */
int cli_audit(int argc, char **argv);  /* audit.c */

int cli_calendar(int argc, char **argv); /* calendar.c */
int cli_trip(int argc, char **argv);     /* trip.c: trips abroad */
int cli_rules(int argc, char **argv);    /* trip.c: rule sets */
int cli_check(int argc, char **argv);    /* check.c: the compliance check */
int cli_report(int argc, char **argv);   /* report.c: the review report */
int cli_print(int argc, char **argv);    /* print.c: printed documents as PDF */

/* ---- shared (common.c) ---- */

/* The language of messages, from LC_ALL, then LANG. */
lang cli_lang(void);

/* One option of a subcommand: "--db" with a value, or a flag. */
typedef struct cli_opt {
    const char *name;   /* "--db" */
    const char **value; /* receives the value (NULL for a flag) */
    bool *flag;         /* set true when present (NULL for a value option) */
} cli_opt;

/* Parse argv[1..argc) into the options (both "--db PATH" and "--db=PATH")
 * and up to `maxpos` positional arguments. "--help" sets *help. A
 * problem is printed to stderr in `lg` and returns false. */
bool cli_parse(lang lg, int argc, char **argv, const cli_opt *opts, size_t nopts, const char **pos,
               size_t maxpos, size_t *npos, bool *help);

/* Print "caunoi: message" (with the field when there is one) to stderr. */
void cli_print_error(lang lg, const error *e);
/* Print a usage problem and return CLI_USAGE. */
int cli_usage_error(lang lg, const char *what);

/* One command's database session: a connection, an arena, a service
 * context acting as the operator. */
typedef struct cli_session {
    svc_conn *conn;
    arena a;
    svc s;
    lang lg;
} cli_session;

/* Open the database at `db`; create and migrate it when `create`. Prints the
 * error and returns false on failure. */
bool cli_session_open(cli_session *cs, const char *db, bool create, lang lg);
void cli_session_close(cli_session *cs);

/* Create the demo accounts (svc_demo_accounts) and print them, one a line
 * (login, password, role, unit code) after a heading on stderr; for
 * `caunoi demo`. Returns CLI_OK or CLI_FAIL (user.c). */
int cli_print_demo_accounts(cli_session *cs);

/* Write `text` (Vietnamese or English by lg) to stdout and return CLI_OK:
 * the --help of a subcommand. */
int cli_help(lang lg, const char *vi, const char *en);

/* A group of subcommands ("caunoi user add|passwd|list"): argv[0] is the
 * group's name, argv[1] the subcommand, run with (argc - 1, argv + 1).
 * --help or -h prints the group's help; a missing or unknown subcommand is a
 * usage error. Returns the subcommand's exit status. */
typedef struct cli_sub {
    const char *name;
    int (*run)(lang lg, int argc, char **argv);
} cli_sub;
int cli_dispatch(lang lg, int argc, char **argv, const cli_sub *subs, size_t n, const char *help_vi,
                 const char *help_en);

#endif
