/*
 * calendar.c -- `caunoi calendar`: the Vietnamese calendar for scripts and
 * operators.
 *
 *   holidays YEAR            one day off a line: ISO date, tab, name
 *   add-workdays DATE N      the N-th working day after DATE
 *   lunar DATE               the lunar date ("2/2 nhuận/2023")
 *   solar DAY MONTH YEAR     the solar date of a lunar one (--leap)
 *   override list YEAR | add DATE KIND NAME | remove DATE
 *
 * --json prints the API's shapes. Dates are Vietnam dates whatever TZ
 * says: nothing here reads the clock's zone. `lunar` and `solar` need no
 * database. This file must never compute a day off itself: the service
 * answers, this file prints.
 */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/str.h"
#include "service/calendar.h"

static const char calendar_vi[] =
    "Cách dùng: caunoi calendar LỆNH [--db ĐƯỜNG_DẪN] [--json] ...\n"
    "\n"
    "  caunoi calendar holidays NĂM\n"
    "      in các ngày nghỉ của năm, mỗi dòng một ngày: ngày (YYYY-MM-DD), dấu tab,\n"
    "      tên ngày nghỉ; gồm ngày lễ, ngày nghỉ bù và ngày nghỉ do quản trị viên\n"
    "      khai báo. --json: mảng {date, name, name_en, kind}.\n"
    "  caunoi calendar add-workdays NGÀY N\n"
    "      in ngày làm việc thứ N sau NGÀY (N = 0: chính NGÀY nếu là ngày làm việc,\n"
    "      nếu không thì ngày làm việc kế tiếp). --json: {from, n, date}.\n"
    "  caunoi calendar lunar NGÀY\n"
    "      in ngày âm lịch (giờ Việt Nam, UTC+7), ví dụ 2/2 nhuận/2023.\n"
    "      --json: {\"day\":2,\"month\":2,\"leap\":true,\"year\":2023}.\n"
    "  caunoi calendar solar NGÀY_ÂM THÁNG_ÂM NĂM_ÂM [--leap]\n"
    "      in ngày dương lịch của một ngày âm lịch (--leap: tháng nhuận).\n"
    "  caunoi calendar override list NĂM\n"
    "      in các ngày quản trị viên khai báo: ngày, loại, tên, người khai, lúc khai.\n"
    "  caunoi calendar override add NGÀY day_off|working_day TÊN\n"
    "      khai báo ngày nghỉ (day_off, cần tên) hoặc ngày làm bù (working_day)\n"
    "      theo thông báo của Chính phủ; thay lịch tính sẵn cho ngày đó.\n"
    "  caunoi calendar override remove NGÀY\n"
    "      xóa khai báo của NGÀY.\n"
    "\n"
    "  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --json           in JSON như API\n"
    "  --help           hiện hướng dẫn này\n"
    "Ngày viết dạng YYYY-MM-DD. Lỗi in ra stderr, mã thoát 1; sai cách dùng: 2.\n";
static const char calendar_en[] =
    "Usage: caunoi calendar COMMAND [--db PATH] [--json] ...\n"
    "\n"
    "  caunoi calendar holidays YEAR\n"
    "      print the year's days off, one a line: date (YYYY-MM-DD), tab, name;\n"
    "      holidays, compensatory days and the days off an administrator entered.\n"
    "      --json: an array of {date, name, name_en, kind}.\n"
    "  caunoi calendar add-workdays DATE N\n"
    "      print the N-th working day after DATE (N = 0: DATE itself when it is a\n"
    "      working day, else the next one). --json: {from, n, date}.\n"
    "  caunoi calendar lunar DATE\n"
    "      print the Vietnamese lunar date (UTC+7), e.g. 2/2 nhuận/2023 (nhuận:\n"
    "      the leap month). --json: {\"day\":2,\"month\":2,\"leap\":true,\"year\":2023}.\n"
    "  caunoi calendar solar LUNAR_DAY LUNAR_MONTH LUNAR_YEAR [--leap]\n"
    "      print the solar date of a lunar date (--leap: the leap month).\n"
    "  caunoi calendar override list YEAR\n"
    "      print the days an administrator entered: date, kind, name, by, at.\n"
    "  caunoi calendar override add DATE day_off|working_day NAME\n"
    "      enter a day off (day_off, named) or a make-up working day (working_day)\n"
    "      announced by the government; it replaces the computed calendar that day.\n"
    "  caunoi calendar override remove DATE\n"
    "      remove what was entered for DATE.\n"
    "\n"
    "  --db PATH   the database file (default " CLI_DEFAULT_DB ")\n"
    "  --json      print JSON as the API does\n"
    "  --help      show this help\n"
    "Dates are YYYY-MM-DD. Errors go to stderr with exit status 1; usage errors 2.\n";

/* The arguments every calendar command takes. */
typedef struct cal_args {
    const char *db;
    bool json, leap, help;
    const char *pos[3];
    size_t npos;
} cal_args;

/* Parse argv into a; exactly `want` positional arguments (usage error
 * otherwise). `leap` allows --leap. Returns -1 to go on, else the exit
 * status (help printed, or a usage error). */
static int parse_args(lang lg, int argc, char **argv, size_t want, bool leap, cal_args *a)
{
    memset(a, 0, sizeof *a);
    a->db = CLI_DEFAULT_DB;
    const cli_opt opts[] = {
        {"--db", &a->db, NULL}, {"--json", NULL, &a->json}, {"--leap", NULL, &a->leap}};
    if (!cli_parse(lg, argc, argv, opts, leap ? 3 : 2, a->pos, want, &a->npos, &a->help))
        return CLI_USAGE;
    if (a->help)
        return cli_help(lg, calendar_vi, calendar_en);
    if (a->npos != want)
        return cli_usage_error(lg, argv[0]);
    return -1;
}

/* An integer argument within INT range; else a usage error. */
static bool int_arg(const char *s, int *out)
{
    int64_t v;
    if (!str_to_i64(s, &v) || v < INT_MIN || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

/* A date argument: false after printing "date_invalid" (exit 1). */
static bool date_arg(lang lg, const char *s, const char *field, date_t *out)
{
    if (date_parse(s, out))
        return true;
    error e;
    err_set(&e, ST_INVALID, "date_invalid", field, NULL);
    cli_print_error(lg, &e);
    return false;
}

/* Print `o` (consumed) compactly on one line. */
static int print_json(json_t *o)
{
    bool ok = o && json_dumpf(o, stdout, JSON_COMPACT) == 0 && putchar('\n') != EOF;
    json_decref(o);
    return ok ? CLI_OK : CLI_FAIL;
}

static int fail(lang lg, const error *e)
{
    cli_print_error(lg, e);
    return CLI_FAIL;
}

/* Print n items as one JSON array, item(items, i) encoding each. */
static int print_json_array(const void *items, size_t n, json_t *(*item)(const void *, size_t))
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++)
        if (json_array_append_new(list, item(items, i)) != 0) {
            json_decref(list);
            list = NULL;
        }
    return print_json(list);
}

/* The commands that take one YEAR argument: parse it and open the
 * database. Returns -1 to go on (cs open), or the exit status. */
static int year_command(lang lg, int argc, char **argv, cal_args *a, int *year, cli_session *cs)
{
    int rc = parse_args(lg, argc, argv, 1, false, a);
    if (rc >= 0)
        return rc;
    if (!int_arg(a->pos[0], year))
        return cli_usage_error(lg, a->pos[0]);
    return cli_session_open(cs, a->db, false, lg) ? -1 : CLI_FAIL;
}

/* ---- holidays, add-workdays ---- */

static json_t *day_json_at(const void *items, size_t i)
{
    return api_calendar_day_json(&((const calendar_day *)items)[i]);
}

static int print_days(const calendar_day *days, size_t n, bool as_json)
{
    if (!as_json) {
        for (size_t i = 0; i < n; i++) {
            char iso[DATE_ISO_LEN];
            date_format(days[i].date, iso);
            printf("%s\t%s\n", iso, days[i].name_vi);
        }
        return CLI_OK;
    }
    return print_json_array(days, n, day_json_at);
}

static int cal_holidays(lang lg, int argc, char **argv)
{
    cal_args a;
    int year = 0;
    cli_session cs;
    int rc = year_command(lg, argc, argv, &a, &year, &cs);
    if (rc >= 0)
        return rc;
    error e = {0};
    calendar_day *days;
    size_t n;
    if (svc_calendar_holidays(&cs.s, year, &days, &n, &e) != ST_OK)
        rc = fail(lg, &e);
    else
        rc = print_days(days, n, a.json);
    cli_session_close(&cs);
    return rc;
}

static int cal_add_workdays(lang lg, int argc, char **argv)
{
    cal_args a;
    int rc = parse_args(lg, argc, argv, 2, false, &a);
    date_t from, to;
    int n;
    if (rc >= 0)
        return rc;
    if (!int_arg(a.pos[1], &n))
        return cli_usage_error(lg, a.pos[1]);
    if (!date_arg(lg, a.pos[0], "date", &from))
        return CLI_FAIL;
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    error e = {0};
    char iso[DATE_ISO_LEN];
    if (svc_calendar_add_workdays(&cs.s, from, n, &to, &e) != ST_OK) {
        rc = fail(lg, &e);
    } else if (a.json) {
        rc = print_json(json_pack("{s:o, s:i, s:o}", "from", api_date_json(from), "n", n, "date",
                                  api_date_json(to)));
    } else {
        date_format(to, iso);
        rc = puts(iso) == EOF ? CLI_FAIL : CLI_OK;
    }
    cli_session_close(&cs);
    return rc;
}

/* ---- lunar, solar: no database ---- */

/* A service context without a connection: the lunar calendar needs none. */
static void pure_svc(svc *s, arena *a, lang lg)
{
    svc_init(s, NULL, a, &svc_operator, lg, (int64_t)time(NULL));
}

static int cal_lunar(lang lg, int argc, char **argv)
{
    cal_args a;
    int rc = parse_args(lg, argc, argv, 1, false, &a);
    date_t d;
    if (rc >= 0)
        return rc;
    if (!date_arg(lg, a.pos[0], "date", &d))
        return CLI_FAIL;
    arena ar = ARENA_INIT;
    svc s;
    pure_svc(&s, &ar, lg);
    lunar_date ld;
    error e = {0};
    if (svc_calendar_lunar(&s, d, &ld, &e) != ST_OK)
        rc = fail(lg, &e);
    else if (a.json)
        rc = print_json(api_lunar_json(&ld));
    else
        rc = printf("%d/%d%s/%d\n", ld.day, ld.month, ld.leap ? " nhuận" : "", ld.year) < 0
                 ? CLI_FAIL
                 : CLI_OK;
    arena_free(&ar);
    return rc;
}

static int cal_solar(lang lg, int argc, char **argv)
{
    cal_args a;
    int rc = parse_args(lg, argc, argv, 3, true, &a);
    lunar_date ld = {0};
    if (rc >= 0)
        return rc;
    for (int i = 0; i < 3; i++)
        if (!int_arg(a.pos[i], i == 0 ? &ld.day : i == 1 ? &ld.month : &ld.year))
            return cli_usage_error(lg, a.pos[i]);
    ld.leap = a.leap;
    arena ar = ARENA_INIT;
    svc s;
    pure_svc(&s, &ar, lg);
    date_t d;
    error e = {0};
    char iso[DATE_ISO_LEN];
    if (svc_calendar_solar(&s, &ld, &d, &e) != ST_OK) {
        rc = fail(lg, &e);
    } else if (a.json) {
        json_t *o = api_lunar_json(&ld);
        if (o && json_object_set_new(o, "date", api_date_json(d)) != 0) {
            json_decref(o);
            o = NULL;
        }
        rc = print_json(o);
    } else {
        date_format(d, iso);
        rc = puts(iso) == EOF ? CLI_FAIL : CLI_OK;
    }
    arena_free(&ar);
    return rc;
}

/* ---- the overrides ---- */

static void print_override_line(const calendar_override_record *r)
{
    char iso[DATE_ISO_LEN];
    date_format(r->date, iso);
    printf("%s\t%s\t%s\t%s\t%s\n", iso, calendar_override_kind_name(r->kind), r->name,
           r->created_by, r->created_at);
}

static json_t *override_json_at(const void *items, size_t i)
{
    return api_calendar_override_json(&((const calendar_override_record *)items)[i]);
}

static int override_list(lang lg, int argc, char **argv)
{
    cal_args a;
    int year = 0;
    cli_session cs;
    int rc = year_command(lg, argc, argv, &a, &year, &cs);
    if (rc >= 0)
        return rc;
    error e = {0};
    calendar_override_record *rows;
    size_t n;
    if (svc_calendar_overrides(&cs.s, year, &rows, &n, &e) != ST_OK) {
        rc = fail(lg, &e);
    } else if (a.json) {
        rc = print_json_array(rows, n, override_json_at);
    } else {
        for (size_t i = 0; i < n; i++)
            print_override_line(&rows[i]);
        rc = CLI_OK;
    }
    cli_session_close(&cs);
    return rc;
}

static int override_add(lang lg, int argc, char **argv)
{
    cal_args a;
    int rc = parse_args(lg, argc, argv, 3, false, &a);
    if (rc >= 0)
        return rc;
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    errlist errs;
    errlist_init(&errs, 0);
    calendar_override_input in = {a.pos[0], a.pos[1], a.pos[2]};
    calendar_override_record out;
    if (svc_calendar_override_add(&cs.s, &in, &out, &errs) != ST_OK) {
        for (size_t i = 0; i < errs.len; i++)
            cli_print_error(lg, &errs.items[i]);
        rc = CLI_FAIL;
    } else if (a.json) {
        rc = print_json(api_calendar_override_json(&out));
    } else {
        print_override_line(&out);
        rc = CLI_OK;
    }
    errlist_free(&errs);
    cli_session_close(&cs);
    return rc;
}

static int override_remove(lang lg, int argc, char **argv)
{
    cal_args a;
    int rc = parse_args(lg, argc, argv, 1, false, &a);
    if (rc >= 0)
        return rc;
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    error e = {0};
    calendar_override_record out;
    if (svc_calendar_override_remove(&cs.s, a.pos[0], &out, &e) != ST_OK) {
        rc = fail(lg, &e);
    } else if (a.json) {
        rc = print_json(api_calendar_override_json(&out));
    } else {
        print_override_line(&out);
        rc = CLI_OK;
    }
    cli_session_close(&cs);
    return rc;
}

static int cal_override(lang lg, int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"list", override_list}, {"add", override_add}, {"remove", override_remove}};
    return cli_dispatch(lg, argc, argv, subs, sizeof subs / sizeof subs[0], calendar_vi,
                        calendar_en);
}

int cli_calendar(int argc, char **argv)
{
    static const cli_sub subs[] = {{"holidays", cal_holidays},
                                   {"add-workdays", cal_add_workdays},
                                   {"lunar", cal_lunar},
                                   {"solar", cal_solar},
                                   {"override", cal_override}};
    return cli_dispatch(cli_lang(), argc, argv, subs, sizeof subs / sizeof subs[0], calendar_vi,
                        calendar_en);
}
