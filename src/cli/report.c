/*
 * report.c -- `caunoi report review`: the review report of a subtree for
 * a period beside the previous period of equal length
 * (service/stats.h), from the command line.
 *
 * JSON, the same object GET /api/v1/stats/review returns (docs/api.md
 * "Statistics"), or the spreadsheet of svc_export_stats (xlsx, csv), on
 * stdout or into --out. This file parses arguments, calls the
 * service and prints; it must never count, decide a rule or filter what
 * the service returns.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "service/exports.h"
#include "service/stats.h"

static const char review_vi[] =
    "Cách dùng: caunoi report review --from NGÀY --to NGÀY [--unit MÃ]\n"
    "                                [--format json|pdf|xlsx] [--db ĐƯỜNG_DẪN]\n"
    "\n"
    "Báo cáo sơ kết, tổng kết công tác quản lý đảng viên ra nước ngoài của tổ chức\n"
    "(mặc định: toàn hệ thống) trong kỳ từ ngày đến ngày (YYYY-MM-DD, kể cả hai\n"
    "ngày), so với kỳ liền trước có cùng độ dài: lượt đi theo năm, mục đích, nước\n"
    "đến, tổ chức; đảng viên đang ở nước ngoài; chuyển sinh hoạt, miễn sinh hoạt,\n"
    "tổ đảng tạm thời; báo cáo sau chuyến đi đúng hạn, muộn; vi phạm theo quy tắc\n"
    "và năm. Kỳ dài tối đa 25 năm. Ý nghĩa từng số: docs/api.md, mục Statistics.\n"
    "\n"
    "  --unit MÃ       tổ chức này và các tổ chức trực thuộc\n"
    "  --from NGÀY     ngày đầu kỳ\n"
    "  --to NGÀY       ngày cuối kỳ\n"
    "  --format json   JSON (mặc định); xlsx hoặc csv: bảng tính; pdf: chưa có\n"
    "  --out TỆP       ghi ra tệp này (mặc định stdout)\n"
    "  --db ĐƯỜNG_DẪN  tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n";
static const char review_en[] =
    "Usage: caunoi report review --from DATE --to DATE [--unit CODE]\n"
    "                            [--format json|pdf|xlsx] [--db PATH]\n"
    "\n"
    "The review report of the subtree (default: the whole installation) for\n"
    "the period from DATE to DATE (YYYY-MM-DD, both included), beside the\n"
    "previous period of equal length: trips by year, purpose, destination and\n"
    "unit; members abroad; transfers, exemptions and temporary groups; post-trip\n"
    "reports on time and late; violations by rule and year. At most 25 years.\n"
    "What each figure counts: docs/api.md, \"Statistics\".\n"
    "\n"
    "  --unit CODE     this unit's subtree\n"
    "  --from DATE     the first day of the period\n"
    "  --to DATE       the last day\n"
    "  --format json   JSON (the default); xlsx or csv: a spreadsheet; pdf: not yet\n"
    "  --out FILE      write to this file (default stdout)\n"
    "  --db PATH       the database file (default " CLI_DEFAULT_DB ")\n";
static const char report_vi[] =
    "Cách dùng: caunoi report review ... (caunoi report review --help)\n";
static const char report_en[] = "Usage: caunoi report review ... (caunoi report review --help)\n";

/* ---- JSON (docs/api.md "Statistics") ---- */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *list_json(const stats_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->n; i++) {
        const stats_count *c = &l->items[i];
        if (json_array_append_new(a,
                                  json_pack("{s:o, s:o, s:I}", "key", str_or_null(c->key), "name",
                                            str_or_null(c->name), "n", (json_int_t)c->n)) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *rule_years_json(const stats *x)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < x->n_violations_by_rule_year; i++) {
        const stats_rule_year *r = &x->violations_by_rule_year[i];
        if (json_array_append_new(a, json_pack("{s:s, s:o, s:i, s:I}", "rule", r->rule, "rule_name",
                                               str_or_null(r->rule_name), "year", r->year, "n",
                                               (json_int_t)r->n)) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *unit_json(int64_t id, const char *code, const char *name)
{
    if (id == 0)
        return json_null();
    return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "code", code, "name", name);
}

static json_t *stats_json(const stats *x)
{
    return json_pack(
        "{s:o, s:o, s:o, s:o,"
        " s:{s:I, s:o, s:o, s:o, s:o},"
        " s:{s:I, s:o, s:o},"
        " s:{s:o, s:I, s:o, s:I},"
        " s:{s:I, s:I, s:I, s:I, s:f},"
        " s:{s:I, s:o, s:o}}",
        "unit", unit_json(x->unit_id, x->unit_code, x->unit_name), "from", api_date_json(x->from),
        "to", api_date_json(x->to), "abroad_on", api_date_json(x->abroad_on), "trips", "total",
        (json_int_t)x->trips, "by_year", list_json(&x->by_year), "by_purpose",
        list_json(&x->by_purpose), "by_country", list_json(&x->by_country), "by_unit",
        list_json(&x->by_unit), "abroad", "total", (json_int_t)x->abroad, "by_country",
        list_json(&x->abroad_by_country), "by_cell_type", list_json(&x->abroad_by_cell_type),
        "arrangements", "transfers_by_kind", list_json(&x->transfers_by_kind), "transfers_back",
        (json_int_t)x->transfers_back, "exemptions_by_kind", list_json(&x->exemptions_by_kind),
        "groups_formed", (json_int_t)x->groups_formed, "reports", "on_time",
        (json_int_t)x->reports_on_time, "late", (json_int_t)x->reports_late, "overdue",
        (json_int_t)x->reports_overdue, "pending", (json_int_t)x->reports_pending, "avg_delay_days",
        x->avg_delay_days, "violations", "total", (json_int_t)x->violations, "by_rule",
        list_json(&x->violations_by_rule), "by_rule_year", rule_years_json(x));
}

static json_t *review_json(const review_report *r)
{
    json_t *changes = json_array();
    for (size_t i = 0; changes && i < STATS_CHANGES; i++) {
        const stats_change *c = &r->changes[i];
        if (json_array_append_new(changes,
                                  json_pack("{s:s, s:s, s:I, s:I, s:I}", "key", c->key, "name",
                                            c->name, "current", (json_int_t)c->current, "previous",
                                            (json_int_t)c->previous, "change",
                                            (json_int_t)(c->current - c->previous))) != 0) {
            json_decref(changes);
            changes = NULL;
        }
    }
    if (!changes)
        return NULL;
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "unit",
                     unit_json(r->unit_id, r->unit_code, r->unit_name), "generated_on",
                     api_date_json(r->generated_on), "current", stats_json(&r->current), "previous",
                     stats_json(&r->previous), "changes", changes);
}

/* ---- the command ---- */

static bool parse_day(lang lg, const char *text, const char *field, date_t *out)
{
    if (!text) {
        error e;
        err_set(&e, ST_INVALID, "required", field, NULL);
        cli_print_error(lg, &e);
        return false;
    }
    if (!date_parse(text, out)) {
        error e;
        err_set(&e, ST_INVALID, "date_invalid", field, text);
        cli_print_error(lg, &e);
        return false;
    }
    return true;
}

/* The review as a spreadsheet (svc_export_stats, audited there). */
static int write_table(cli_session *cs, int64_t unit_id, date_t from, date_t to, const char *format,
                       FILE *out)
{
    strbuf b = {0};
    error e = {0};
    export_file info;
    if (svc_export_stats(&cs->s, unit_id, from, to, format, &b, &info, &e) != ST_OK) {
        buf_free(&b);
        cli_print_error(cs->lg, &e);
        return e.st == ST_INVALID ? CLI_USAGE : CLI_FAIL;
    }
    bool ok = !b.failed && fwrite(b.data, 1, b.len, out) == b.len;
    buf_free(&b);
    return ok ? CLI_OK : CLI_FAIL;
}

static int run(cli_session *cs, const char *unit_code, date_t from, date_t to, const char *format,
               FILE *out)
{
    error e = {0};
    int64_t unit_id = 0;
    if (unit_code) {
        unit u;
        if (svc_unit_get_by_code(&cs->s, unit_code, &u, &e) != ST_OK) {
            cli_print_error(cs->lg, &e);
            return CLI_FAIL;
        }
        unit_id = u.id;
    }
    if (strcmp(format, "json") != 0)
        return write_table(cs, unit_id, from, to, format, out);
    review_report r;
    if (svc_review_report(&cs->s, unit_id, from, to, &r, &e) != ST_OK) {
        cli_print_error(cs->lg, &e);
        return e.st == ST_INVALID ? CLI_USAGE : CLI_FAIL;
    }
    json_t *o = review_json(&r);
    bool ok = o && json_dumpf(o, out, JSON_INDENT(2)) == 0 && fputc('\n', out) != EOF;
    json_decref(o);
    return ok ? CLI_OK : CLI_FAIL;
}

static int review(lang lg, int argc, char **argv)
{
    const char *db_path = CLI_DEFAULT_DB, *unit_code = NULL, *from_text = NULL, *to_text = NULL,
               *format = "json", *out_path = NULL;
    const cli_opt opts[] = {{"--db", &db_path, NULL},     {"--unit", &unit_code, NULL},
                            {"--from", &from_text, NULL}, {"--to", &to_text, NULL},
                            {"--format", &format, NULL},  {"--out", &out_path, NULL}};
    const char *pos[1];
    size_t npos;
    bool help = false;
    if (!cli_parse(lg, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, review_vi, review_en);
    date_t from, to;
    if (!parse_day(lg, from_text, "from", &from) || !parse_day(lg, to_text, "to", &to))
        return CLI_USAGE;
    if (strcmp(format, "pdf") == 0)
        return cli_usage_error(lg, lg == LANG_EN ? "--format pdf is not available yet"
                                                 : "--format pdf chưa có");
    if (strcmp(format, "json") != 0 && strcmp(format, "xlsx") != 0 && strcmp(format, "csv") != 0)
        return cli_usage_error(lg, "--format");
    FILE *out = out_path ? fopen(out_path, "wb") : stdout;
    if (!out) {
        perror(out_path);
        return CLI_FAIL;
    }
    api_json_init();
    cli_session cs;
    int rc = CLI_FAIL;
    if (cli_session_open(&cs, db_path, false, lg)) {
        rc = run(&cs, unit_code, from, to, format, out);
        cli_session_close(&cs);
    }
    if (fflush(out) != 0 && rc == CLI_OK)
        rc = CLI_FAIL;
    if (out != stdout && fclose(out) != 0 && rc == CLI_OK)
        rc = CLI_FAIL;
    return rc;
}

int cli_report(int argc, char **argv)
{
    static const cli_sub subs[] = {{"review", review}};
    return cli_dispatch(cli_lang(), argc, argv, subs, sizeof subs / sizeof subs[0], report_vi,
                        report_en);
}
