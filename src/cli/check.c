/*
 * check.c -- `caunoi check`: the compliance check from the command line,
 * for cron and for people (service/compliance.h).
 *
 * One finding a line, tab-separated, or a JSON object with --json; the
 * summary on stderr. Exit status 0 when no violation, 3 when violations
 * exist, 1 on failure, 2 on a usage error. This file must never decide a
 * rule or filter what the service returns.
 */
#include <jansson.h>
#include <stdio.h>

#include "api/api.h"
#include "cli/cli.h"
#include "service/compliance.h"

/* Violations found: distinct from a failure, so cron can tell them apart. */
#define CLI_VIOLATIONS 3

static const char check_vi[] =
    "Cách dùng: caunoi check [--db ĐƯỜNG_DẪN] [--unit MÃ] [--as-of NGÀY] [--json] [--save]\n"
    "\n"
    "Kiểm tra mọi đảng viên có chuyến đi trong tổ chức (mặc định: toàn hệ thống)\n"
    "theo các quy tắc trong docs/rules.md, tính đến một ngày (mặc định hôm nay).\n"
    "Mỗi dòng một kết quả, cách nhau bằng tab: violation hoặc obligation, mã quy\n"
    "tắc, mã đảng viên, mã chuyến đi, hạn, từ ngày, bên phải làm (member, cell,\n"
    "committee). Tóm tắt in ra stderr.\n"
    "\n"
    "Mã thoát: 0 không có vi phạm, 3 có vi phạm, 1 lỗi, 2 sai cách dùng.\n"
    "\n"
    "  --unit MÃ       chỉ kiểm tra tổ chức này và các tổ chức trực thuộc\n"
    "  --as-of NGÀY    tính đến ngày YYYY-MM-DD (như đã biết vào ngày đó)\n"
    "  --json          in một đối tượng JSON\n"
    "  --save          lưu các vi phạm thành cảnh báo (mở cảnh báo mới, đóng cảnh\n"
    "                  báo đã hết), như máy chủ làm hằng ngày\n"
    "  --db ĐƯỜNG_DẪN  tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n";
static const char check_en[] =
    "Usage: caunoi check [--db PATH] [--unit CODE] [--as-of DATE] [--json] [--save]\n"
    "\n"
    "Check every member with trips in the subtree (default: the whole\n"
    "installation) against the rules of docs/rules.md, as of a date (default\n"
    "today). One finding a line, tab-separated: violation or obligation, rule\n"
    "code, member id, trip id, due, since, the party who must act (member,\n"
    "cell, committee). The summary goes to stderr.\n"
    "\n"
    "Exit status: 0 no violation, 3 violations, 1 failure, 2 usage error.\n"
    "\n"
    "  --unit CODE     check this unit's subtree only\n"
    "  --as-of DATE    as of YYYY-MM-DD (as known that day)\n"
    "  --json          print one JSON object\n"
    "  --save          keep the violations as alerts (open new ones, resolve those\n"
    "                  gone), as the server does daily\n"
    "  --db PATH       the database file (default " CLI_DEFAULT_DB ")\n";

static json_t *finding_json(const compliance_finding *f)
{
    return json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:s}", "kind",
                     f->violation ? "violation" : "obligation", "rule", f->rule->code, "member_id",
                     (json_int_t)f->item.member_id, "trip_id",
                     f->item.trip_id ? json_integer(f->item.trip_id) : json_null(), "transfer_id",
                     f->item.transfer_id ? json_integer(f->item.transfer_id) : json_null(), "due",
                     api_date_json(f->item.due), "since", api_date_json(f->item.since), "party",
                     trip_party_name(f->item.party));
}

static bool print_json(const compliance_report *r)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < r->n; i++)
        if (json_array_append_new(items, finding_json(&r->items[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    if (!items)
        return false;
    json_t *o = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:o}", "as_of", api_date_json(r->as_of),
                          "members_checked", (json_int_t)r->members_checked, "members_abroad",
                          (json_int_t)r->members_abroad, "abroad_without_arrangement",
                          (json_int_t)r->abroad_without_arrangement, "violations",
                          (json_int_t)r->n_violations, "obligations",
                          (json_int_t)(r->n - r->n_violations), "items", items);
    bool ok = o && json_dumpf(o, stdout, JSON_INDENT(2)) == 0 && putchar('\n') != EOF;
    json_decref(o);
    return ok;
}

static void print_line(const compliance_finding *f)
{
    char due[DATE_ISO_LEN], since[DATE_ISO_LEN];
    date_format(f->item.due, due);
    date_format(f->item.since, since);
    printf("%s\t%s\t%lld\t%lld\t%s\t%s\t%s\n", f->violation ? "violation" : "obligation",
           f->rule->code, (long long)f->item.member_id, (long long)f->item.trip_id, due, since,
           trip_party_name(f->item.party));
}

/* Keep today's violations as alerts and say what changed. */
static int save(cli_session *cs, int64_t unit_id)
{
    alert_scan_report a;
    error e = {0};
    if (svc_alerts_scan(&cs->s, unit_id, &a, &e) != ST_OK) {
        cli_print_error(cs->lg, &e);
        return CLI_FAIL;
    }
    fprintf(stderr,
            cs->lg == LANG_VI ? "cảnh báo: %lld mới, %lld đã đóng, %lld đang mở\n"
                              : "alerts: %lld opened, %lld resolved, %lld open\n",
            (long long)a.opened, (long long)a.resolved, (long long)a.open);
    return CLI_OK;
}

static int run(cli_session *cs, const char *unit_code, const char *as_of_text, bool as_json,
               bool keep)
{
    error e = {0};
    int64_t unit_id = 0;
    date_t as_of = DATE_NONE;
    if (keep && as_of_text) {
        err_set(&e, ST_INVALID, "check_save_as_of", "as-of", NULL);
        cli_print_error(cs->lg, &e);
        return CLI_USAGE;
    }
    if (as_of_text && !date_parse(as_of_text, &as_of)) {
        err_set(&e, ST_INVALID, "date_invalid", "as-of", as_of_text);
        cli_print_error(cs->lg, &e);
        return CLI_USAGE;
    }
    if (unit_code) {
        unit u;
        if (svc_unit_get_by_code(&cs->s, unit_code, &u, &e) != ST_OK) {
            cli_print_error(cs->lg, &e);
            return CLI_FAIL;
        }
        unit_id = u.id;
    }
    compliance_report r;
    if (svc_compliance_check(&cs->s, unit_id, as_of, &r, &e) != ST_OK) {
        cli_print_error(cs->lg, &e);
        return CLI_FAIL;
    }
    bool ok = true;
    if (as_json)
        ok = print_json(&r);
    else
        for (size_t i = 0; i < r.n; i++)
            print_line(&r.items[i]);
    if (fflush(stdout) != 0 || !ok)
        return CLI_FAIL;
    char day[DATE_ISO_LEN];
    date_format(r.as_of, day);
    fprintf(stderr,
            cs->lg == LANG_VI ? "%s: %lld đảng viên, %lld đang ở nước ngoài, %lld chưa có nơi sinh "
                                "hoạt; %zu vi phạm, %zu việc đến hạn\n"
                              : "%s: %lld members, %lld abroad, %lld without an arrangement; %zu "
                                "violations, %zu obligations\n",
            day, (long long)r.members_checked, (long long)r.members_abroad,
            (long long)r.abroad_without_arrangement, r.n_violations, r.n - r.n_violations);
    if (keep && save(cs, unit_id) != CLI_OK)
        return CLI_FAIL;
    return r.n_violations ? CLI_VIOLATIONS : CLI_OK;
}

int cli_check(int argc, char **argv)
{
    lang lg = cli_lang();
    const char *db_path = CLI_DEFAULT_DB, *unit_code = NULL, *as_of = NULL;
    bool as_json = false, keep = false;
    const cli_opt opts[] = {{"--db", &db_path, NULL},
                            {"--save", NULL, &keep},
                            {"--unit", &unit_code, NULL},
                            {"--as-of", &as_of, NULL},
                            {"--json", NULL, &as_json}};
    const char *pos[1];
    size_t npos;
    bool help;
    if (!cli_parse(lg, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, check_vi, check_en);
    api_json_init();
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    int rc = run(&cs, unit_code, as_of, as_json, keep);
    cli_session_close(&cs);
    return rc;
}
