/*
 * audit.c -- `caunoi audit verify|list`: check the audit trail's chain and
 * read its newest entries, as the installation's operator.
 *
 * verify exits 0 when the chain is whole and 1 when it is broken, naming
 * the first bad entry, so a cron job can alert on it. This file must never
 * write to the trail beyond what the services record.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/limits.h"
#include "core/str.h"

static const char audit_vi[] =
    "Cách dùng: caunoi audit LỆNH [--db ĐƯỜNG_DẪN] ...\n"
    "\n"
    "  caunoi audit verify [--json]\n"
    "      kiểm tra chuỗi băm của nhật ký; thoát với mã 0 khi nguyên vẹn, 1 khi\n"
    "      có mục bị sửa, bị xóa hoặc bị chèn (in số của mục sai đầu tiên).\n"
    "  caunoi audit list [--limit N] [--json]\n"
    "      in N mục mới nhất (mặc định 50): số, thời điểm, người làm, địa chỉ,\n"
    "      hành động, loại và số bản ghi.\n"
    "\n"
    "  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --help           hiện hướng dẫn này\n";
static const char audit_en[] =
    "Usage: caunoi audit COMMAND [--db PATH] ...\n"
    "\n"
    "  caunoi audit verify [--json]\n"
    "      check the audit trail's hash chain; exit 0 when whole, 1 when an\n"
    "      entry was altered, removed or inserted (naming the first bad one).\n"
    "  caunoi audit list [--limit N] [--json]\n"
    "      print the newest N entries (default 50): id, time, actor, address,\n"
    "      action, record type and id.\n"
    "\n"
    "  --db PATH   the database file (default " CLI_DEFAULT_DB ")\n"
    "  --help      show this help\n";

/* The problem as a reader of `lg` says it (the JSON keeps the code). */
static const char *problem_words(lang lg, const char *problem)
{
    if (lg == LANG_EN)
        return problem;
    if (strcmp(problem, "altered") == 0)
        return "bị sửa";
    if (strcmp(problem, "removed") == 0)
        return "bị xóa";
    return "bị chèn";
}

static int audit_verify(lang lg, int argc, char **argv)
{
    const char *db_path = CLI_DEFAULT_DB;
    bool as_json = false, help;
    const cli_opt opts[] = {{"--db", &db_path, NULL}, {"--json", NULL, &as_json}};
    const char *pos[1];
    size_t npos;
    if (!cli_parse(lg, argc, argv, opts, 2, pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, audit_vi, audit_en);
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    error e = {0};
    audit_report r;
    int rc;
    if (svc_audit_verify(&cs.s, &r, &e) != ST_OK) {
        cli_print_error(lg, &e);
        rc = CLI_FAIL;
    } else {
        rc = r.problem ? CLI_FAIL : CLI_OK;
        if (as_json) {
            json_t *o = json_pack("{s:I, s:b, s:I, s:s?}", "entries", (json_int_t)r.entries, "ok",
                                  !r.problem, "first_bad_id", (json_int_t)r.first_bad_id, "problem",
                                  r.problem);
            if (!o || json_dumpf(o, stdout, JSON_COMPACT) != 0 || putchar('\n') == EOF)
                rc = CLI_FAIL;
            json_decref(o);
        } else if (!r.problem) {
            printf(lg == LANG_EN ? "audit trail whole: %lld entries\n"
                                 : "nhật ký nguyên vẹn: %lld mục\n",
                   (long long)r.entries);
        } else {
            printf(lg == LANG_EN ? "audit trail broken: entry %lld %s (%lld entries checked)\n"
                                 : "nhật ký bị can thiệp: mục %lld %s (đã kiểm tra %lld mục)\n",
                   (long long)r.first_bad_id, problem_words(lg, r.problem), (long long)r.entries);
        }
    }
    cli_session_close(&cs);
    return rc;
}

static void print_entry_line(const audit_entry *en)
{
    printf("%lld\t%s\t%s\t%s\t%s\t%s\t%lld\n", (long long)en->id, en->at, en->actor, en->ip,
           en->action, en->record_type, (long long)en->record_id);
}

static json_t *entry_json(const audit_entry *en)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s?, s:s?, s:s}", "id",
                     (json_int_t)en->id, "at", en->at, "user_id", (json_int_t)en->user_id, "actor",
                     en->actor, "ip", en->ip, "action", en->action, "record_type", en->record_type,
                     "record_id", (json_int_t)en->record_id, "scope_path", en->scope_path, "before",
                     en->before, "after", en->after, "hash", en->hash);
}

static int audit_list(lang lg, int argc, char **argv)
{
    const char *db_path = CLI_DEFAULT_DB, *limit_s = NULL;
    bool as_json = false, help;
    const cli_opt opts[] = {
        {"--db", &db_path, NULL}, {"--limit", &limit_s, NULL}, {"--json", NULL, &as_json}};
    const char *pos[1];
    size_t npos;
    if (!cli_parse(lg, argc, argv, opts, 3, pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, audit_vi, audit_en);
    int64_t limit = LIMIT_PAGE_DEFAULT;
    if (limit_s && (!str_to_i64(limit_s, &limit) || limit <= 0 || limit > LIMIT_PAGE_MAX))
        return cli_usage_error(lg, "--limit");
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    error e = {0};
    audit_query q = {.limit = (int)limit};
    audit_page page;
    int rc = CLI_OK;
    if (svc_audit_list(&cs.s, &q, &page, &e) != ST_OK) {
        cli_print_error(lg, &e);
        rc = CLI_FAIL;
    } else if (as_json) {
        json_t *list = json_array();
        for (size_t i = 0; list && i < page.n; i++)
            json_array_append_new(list, entry_json(&page.items[i]));
        if (!list || json_dumpf(list, stdout, JSON_COMPACT) != 0 || putchar('\n') == EOF)
            rc = CLI_FAIL;
        json_decref(list);
    } else {
        for (size_t i = 0; i < page.n; i++)
            print_entry_line(&page.items[i]);
    }
    cli_session_close(&cs);
    return rc;
}

int cli_audit(int argc, char **argv)
{
    static const cli_sub subs[] = {{"verify", audit_verify}, {"list", audit_list}};
    return cli_dispatch(cli_lang(), argc, argv, subs, sizeof subs / sizeof subs[0], audit_vi,
                        audit_en);
}
