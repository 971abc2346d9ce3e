/*
 * report.c -- `caunoi report review`: the review report of a subtree for
 * a period beside the previous period of equal length
 * (service/stats.h), from the command line.
 *
 * JSON, the same object GET /api/v1/stats/review returns (api_review_json,
 * src/api/stats.c, encodes both; docs/api.md
 * "Statistics"), the spreadsheet of svc_export_stats (xlsx, csv) or the
 * printed document of svc_document_review (pdf), on
 * stdout or into --out. This file parses arguments, calls the
 * service and prints; it must never count, decide a rule or filter what
 * the service returns.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "report/pdf.h"
#include "service/documents.h"
#include "service/exports.h"
#include "service/stats.h"

static const char review_vi[] =
    "Cách dùng: caunoi report review --from NGÀY --to NGÀY [--unit MÃ]\n"
    "                                [--format json|pdf|xlsx|csv] [--db ĐƯỜNG_DẪN]\n"
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
    "  --format json   JSON (mặc định); xlsx hoặc csv: bảng tính; pdf: văn bản in\n"
    "  --out TỆP       ghi ra tệp này (mặc định stdout)\n"
    "  --db ĐƯỜNG_DẪN  tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n";
static const char review_en[] =
    "Usage: caunoi report review --from DATE --to DATE [--unit CODE]\n"
    "                            [--format json|pdf|xlsx|csv] [--db PATH]\n"
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
    "  --format json   JSON (the default); xlsx or csv: a spreadsheet; pdf: the document\n"
    "  --out FILE      write to this file (default stdout)\n"
    "  --db PATH       the database file (default " CLI_DEFAULT_DB ")\n";
static const char report_vi[] =
    "Cách dùng: caunoi report review ... (caunoi report review --help)\n";
static const char report_en[] = "Usage: caunoi report review ... (caunoi report review --help)\n";

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

/* The review as a spreadsheet (svc_export_stats, audited there) or as the
 * printed document (svc_document_review, the font caches released after). */
static int write_file(cli_session *cs, int64_t unit_id, date_t from, date_t to, const char *format,
                      FILE *out)
{
    strbuf b = {0};
    error e = {0};
    export_file info;
    bool pdf = strcmp(format, "pdf") == 0;
    status st = pdf ? svc_document_review(&cs->s, unit_id, from, to, &b, &e)
                    : svc_export_stats(&cs->s, unit_id, from, to, format, &b, &info, &e);
    if (pdf)
        pdf_release_caches();
    if (st != ST_OK) {
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
        return write_file(cs, unit_id, from, to, format, out);
    review_report r;
    if (svc_review_report(&cs->s, unit_id, from, to, &r, &e) != ST_OK) {
        cli_print_error(cs->lg, &e);
        return e.st == ST_INVALID ? CLI_USAGE : CLI_FAIL;
    }
    json_t *o = api_review_json(&r); /* the object GET /stats/review answers */
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
    if (strcmp(format, "json") != 0 && strcmp(format, "xlsx") != 0 && strcmp(format, "csv") != 0 &&
        strcmp(format, "pdf") != 0)
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
