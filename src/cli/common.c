/*
 * common.c -- what every subcommand shares: the language, option parsing,
 * error printing, and opening the database as the operator.
 *
 * This file must never print to stdout except a --help text: stdout belongs
 * to the data a script reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

lang cli_lang(void)
{
    const char *v = getenv("LC_ALL");
    if (!v || !*v)
        v = getenv("LANG");
    return v && strncmp(v, "en", 2) == 0 ? LANG_EN : LANG_VI;
}

void cli_print_error(lang lg, const error *e)
{
    char msg[512];
    err_message(e, lg, msg, sizeof msg);
    if (e->field[0])
        fprintf(stderr, "caunoi: %s (%s)\n", msg, e->field);
    else
        fprintf(stderr, "caunoi: %s\n", msg);
}

int cli_usage_error(lang lg, const char *what)
{
    error e;
    err_set(&e, ST_BAD_REQUEST, "cli_usage", NULL, what);
    cli_print_error(lg, &e);
    return CLI_USAGE;
}

int cli_dispatch(lang lg, int argc, char **argv, const cli_sub *subs, size_t n, const char *help_vi,
                 const char *help_en)
{
    if (argc < 2)
        return cli_usage_error(lg, argv[0]);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cli_help(lg, help_vi, help_en);
    for (size_t i = 0; i < n; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].run(lg, argc - 1, argv + 1);
    return cli_usage_error(lg, argv[1]);
}

int cli_help(lang lg, const char *vi, const char *en)
{
    fputs(lg == LANG_EN ? en : vi, stdout);
    return CLI_OK;
}

/* The option named by arg ("--db" or "--db=x"); *inline_value points after
 * '=' when there is one. */
static const cli_opt *find_opt(const cli_opt *opts, size_t n, const char *arg,
                               const char **inline_value)
{
    *inline_value = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(opts[i].name);
        if (strncmp(arg, opts[i].name, l) != 0)
            continue;
        if (arg[l] == '\0')
            return &opts[i];
        if (arg[l] == '=' && opts[i].value) {
            *inline_value = arg + l + 1;
            return &opts[i];
        }
    }
    return NULL;
}

bool cli_parse(lang lg, int argc, char **argv, const cli_opt *opts, size_t nopts, const char **pos,
               size_t maxpos, size_t *npos, bool *help)
{
    *npos = 0;
    *help = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *v;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            *help = true;
            continue;
        }
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (*npos == maxpos) {
                cli_usage_error(lg, arg);
                return false;
            }
            pos[(*npos)++] = arg;
            continue;
        }
        const cli_opt *o = find_opt(opts, nopts, arg, &v);
        if (!o) {
            cli_usage_error(lg, arg);
            return false;
        }
        if (o->flag) {
            *o->flag = true;
            continue;
        }
        if (!v && i + 1 >= argc) {
            cli_usage_error(lg, arg);
            return false;
        }
        *o->value = v ? v : argv[++i];
    }
    return true;
}

bool cli_session_open(cli_session *cs, const char *db_path, bool create, lang lg)
{
    error e = {0};
    memset(cs, 0, sizeof *cs);
    cs->lg = lg;
    if (svc_conn_open(db_path, create, &cs->conn, &e) != ST_OK) {
        cli_print_error(lg, &e);
        return false;
    }
    svc_init(&cs->s, cs->conn, &cs->a, &svc_operator, lg, (int64_t)time(NULL));
    return true;
}

void cli_session_close(cli_session *cs)
{
    if (cs->conn)
        svc_conn_close(cs->conn);
    cs->conn = NULL;
    arena_free(&cs->a);
}
