/*
 * trip.c -- `caunoi trip` and `caunoi rules`: trips abroad and the rule
 * sets, for scripts and operators, on the same service as the API.
 *
 *   trip list [--unit CODE] [--member ID] [--state S]   one trip a line
 *   trip show ID                                        the trip, its timeline
 *   trip act ID ACTION [--outcome X] [--comment T] [--date D] [--text T]
 *            [--version N]                              one step of the lifecycle
 *   rules effective [--unit CODE] [--on DATE]           the set in force
 *   rules list                                          every set, newest first
 *   rules add [--unit CODE] --effective-from DATE [--report-days N] ...
 *
 * --json prints the API's shapes (docs/api.md "Trips", "Rule sets"). This
 * file must never decide whether a step is allowed, compute a deadline or
 * pick a rule set: the service and domain/ answer, this file prints.
 */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/limits.h"
#include "core/str.h"
#include "service/trip.h"

static const char trip_vi[] =
    "Cách dùng: caunoi trip LỆNH [--db ĐƯỜNG_DẪN] [--json] ...\n"
    "\n"
    "  caunoi trip list [--unit MÃ] [--member ID] [--state TRẠNG_THÁI]\n"
    "      in các chuyến đi nước ngoài, mỗi dòng một chuyến, các cột cách nhau bằng\n"
    "      dấu tab: id, trạng thái, đảng viên, mã chi bộ, mục đích, các nước, ngày đi,\n"
    "      ngày về, bên đang phải xử lý (member, cell, committee, none), hạn kế tiếp.\n"
    "      --state: một trạng thái (draft, submitted, ...) hoặc open (chưa kết thúc).\n"
    "  caunoi trip show ID\n"
    "      in chuyến đi: các trường, thời hạn, thao tác được phép và diễn biến.\n"
    "  caunoi trip act ID THAO_TÁC [--outcome KẾT_QUẢ] [--comment LỜI] [--date NGÀY]\n"
    "                  [--text BÁO_CÁO] [--version N]\n"
    "      thực hiện một bước: submit, withdraw, opinion (agree|disagree), decide\n"
    "      (approved|refused), cancel, depart, request_extension, decide_extension,\n"
    "      return, submit_report, review_report, acknowledge. --version: phiên bản\n"
    "      đã đọc (mặc định: phiên bản hiện tại).\n"
    "\n"
    "  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --json           in JSON như API\n"
    "  --help           hiện hướng dẫn này\n"
    "Ngày viết dạng YYYY-MM-DD. Lỗi in ra stderr, mã thoát 1; sai cách dùng: 2.\n";
static const char trip_en[] =
    "Usage: caunoi trip COMMAND [--db PATH] [--json] ...\n"
    "\n"
    "  caunoi trip list [--unit CODE] [--member ID] [--state STATE]\n"
    "      print trips abroad, one a line, tab-separated: id, state, member, cell\n"
    "      code, purpose, countries, planned departure, planned return, the party\n"
    "      it waits for (member, cell, committee, none), the next deadline.\n"
    "      --state: a state (draft, submitted, ...) or open (not final).\n"
    "  caunoi trip show ID\n"
    "      print the trip: its fields, deadlines, allowed actions and timeline.\n"
    "  caunoi trip act ID ACTION [--outcome OUTCOME] [--comment TEXT] [--date DATE]\n"
    "                  [--text REPORT] [--version N]\n"
    "      take one step: submit, withdraw, opinion (agree|disagree), decide\n"
    "      (approved|refused), cancel, depart, request_extension, decide_extension,\n"
    "      return, submit_report, review_report, acknowledge. --version: the version\n"
    "      read (default: the current one).\n"
    "\n"
    "  --db PATH   the database file (default " CLI_DEFAULT_DB ")\n"
    "  --json      print JSON as the API does\n"
    "  --help      show this help\n"
    "Dates are YYYY-MM-DD. Errors go to stderr with exit status 1; usage errors 2.\n";

static const char rules_vi[] =
    "Cách dùng: caunoi rules LỆNH [--db ĐƯỜNG_DẪN] [--json] ...\n"
    "\n"
    "  caunoi rules effective [--unit MÃ] [--on NGÀY]\n"
    "      in bộ quy định đang áp dụng cho tổ chức (mặc định: toàn hệ thống) vào\n"
    "      ngày đó (mặc định: hôm nay), mỗi dòng một giá trị: tên, dấu tab, giá trị.\n"
    "  caunoi rules list\n"
    "      in mọi bộ quy định, mới nhất trước: id, tổ chức, ngày hiệu lực, số ngày\n"
    "      nộp báo cáo, tính theo ngày lịch, số ngày làm việc ân hạn.\n"
    "  caunoi rules add [--unit MÃ] --effective-from NGÀY [--report-days N]\n"
    "                   [--report-in-calendar-days true|false]\n"
    "                   [--return-grace-workdays N] [--review-blocks-approval true|false]\n"
    "                   [--group-min-months N] [--group-min-members N]\n"
    "                   [--temp-transfer-months N] [--official-transfer-months N]\n"
    "                   [--official-transfer-strict true|false]\n"
    "                   [--transfer-receive-workdays N] [--probation-reminder-days N]\n"
    "                   [--note LÝ_DO]\n"
    "      thêm một bộ quy định cho cây tổ chức từ một ngày (không trước hôm nay);\n"
    "      giá trị không nêu lấy từ bộ đang áp dụng vào ngày đó.\n"
    "\n"
    "  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --json           in JSON như API\n"
    "  --help           hiện hướng dẫn này\n";
static const char rules_en[] =
    "Usage: caunoi rules COMMAND [--db PATH] [--json] ...\n"
    "\n"
    "  caunoi rules effective [--unit CODE] [--on DATE]\n"
    "      print the rule set in force for the unit (default: the installation) on\n"
    "      the date (default: today), one value a line: name, tab, value.\n"
    "  caunoi rules list\n"
    "      print every rule set, newest first: id, unit, effective from, report\n"
    "      days, in calendar days, return grace in working days.\n"
    "  caunoi rules add [--unit CODE] --effective-from DATE [--report-days N]\n"
    "                   [--report-in-calendar-days true|false]\n"
    "                   [--return-grace-workdays N] [--review-blocks-approval true|false]\n"
    "                   [--group-min-months N] [--group-min-members N]\n"
    "                   [--temp-transfer-months N] [--official-transfer-months N]\n"
    "                   [--official-transfer-strict true|false]\n"
    "                   [--transfer-receive-workdays N] [--probation-reminder-days N]\n"
    "                   [--note REASON]\n"
    "      add a rule set for a subtree from a date (not before today); values not\n"
    "      given come from the set in force on that date.\n"
    "\n"
    "  --db PATH   the database file (default " CLI_DEFAULT_DB ")\n"
    "  --json      print JSON as the API does\n"
    "  --help      show this help\n";

/* ---- shared ---- */

static int fail(lang lg, const error *e)
{
    cli_print_error(lg, e);
    return CLI_FAIL;
}

static int fail_list(lang lg, const errlist *errs)
{
    for (size_t i = 0; i < errs->len; i++)
        cli_print_error(lg, &errs->items[i]);
    return CLI_FAIL;
}

/* Print `o` (consumed) compactly on one line. */
static int print_json(json_t *o)
{
    bool ok = o && json_dumpf(o, stdout, JSON_COMPACT) == 0 && putchar('\n') != EOF;
    json_decref(o);
    return ok ? CLI_OK : CLI_FAIL;
}

/* A positive id argument; false when it is not one. */
static bool id_arg(const char *s, int64_t *out) { return s && str_to_i64(s, out) && *out > 0; }

/* A count option: -1 when not given; false when not a number in INT range. */
static bool count_opt(const char *s, int *out)
{
    int64_t v;
    *out = -1;
    if (!s)
        return true;
    if (!str_to_i64(s, &v) || v < 0 || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

/* A switch option: -1 when not given, 1 for true|yes|1, 0 for false|no|0. */
static bool switch_opt(const char *s, int *out)
{
    *out = -1;
    if (!s)
        return true;
    if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "1") == 0)
        *out = 1;
    else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 || strcmp(s, "0") == 0)
        *out = 0;
    return *out >= 0;
}

/* The unit with `code` (NULL: 0, the actor's scope). */
static bool unit_arg(cli_session *cs, const char *code, int64_t *id)
{
    *id = 0;
    if (!code)
        return true;
    unit u;
    error e = {0};
    if (svc_unit_get_by_code(&cs->s, code, &u, &e) != ST_OK) {
        cli_print_error(cs->lg, &e);
        return false;
    }
    *id = u.id;
    return true;
}

static const char *iso(date_t d, char buf[DATE_ISO_LEN])
{
    date_format(d, buf);
    return buf;
}

/* The trip's countries, comma-separated, in the arena. */
static const char *countries_text(arena *a, const trip *t)
{
    char buf[LIMIT_TRIP_COUNTRIES * 3 + 1] = "";
    size_t used = 0;
    for (size_t i = 0; i < t->n_countries && i < LIMIT_TRIP_COUNTRIES; i++) {
        int n = snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : "", t->countries[i]);
        if (n < 0 || (size_t)n >= sizeof buf - used)
            break;
        used += (size_t)n;
    }
    const char *out = arena_strdup(a, buf);
    return out ? out : "";
}

/* The names of the actions in `bits`, comma-separated, in the arena. */
static const char *actions_text(arena *a, unsigned bits)
{
    char buf[ERROR_ARG_MAX] = "";
    size_t used = 0;
    for (int i = 0; i < TRIP_ACTION_COUNT; i++) {
        if (!(bits & (1u << i)))
            continue;
        int n = snprintf(buf + used, sizeof buf - used, "%s%s", used ? "," : "",
                         trip_action_name((trip_action)i));
        if (n < 0 || (size_t)n >= sizeof buf - used)
            break;
        used += (size_t)n;
    }
    const char *out = arena_strdup(a, buf);
    return out ? out : "";
}

/* ---- trip list ---- */

static void print_trip_line(arena *a, const trip_view *v)
{
    char dep[DATE_ISO_LEN], ret[DATE_ISO_LEN], next[DATE_ISO_LEN];
    const trip *t = &v->t;
    printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)t->id,
           trip_state_name(t->state), t->member_name ? t->member_name : "",
           t->unit_code ? t->unit_code : "", trip_purpose_name(t->purpose), countries_text(a, t),
           iso(t->planned_departure, dep), iso(t->planned_return, ret),
           trip_party_name(v->waiting_for), iso(v->deadlines.next_deadline, next));
}

typedef struct list_args {
    const char *db, *unit, *member, *state;
    bool json, help;
    const char *pos[1];
    size_t npos;
} list_args;

/* Every page of the query, printed as it comes (text) or gathered into
 * one array (JSON). */
static int list_pages(cli_session *cs, trip_query *q, bool as_json)
{
    json_t *all = as_json ? json_array() : NULL;
    error e = {0};
    do {
        trip_page page;
        if (svc_trip_list(&cs->s, q, &page, &e) != ST_OK) {
            json_decref(all);
            return fail(cs->lg, &e);
        }
        for (size_t i = 0; i < page.n; i++) {
            if (!as_json)
                print_trip_line(&cs->a, &page.items[i]);
            else if (!all ||
                     json_array_append_new(all, api_trip_json(&page.items[i], cs->lg, false)))
                return print_json(NULL);
        }
        q->cursor = page.next_cursor;
    } while (q->cursor);
    return as_json ? print_json(all) : CLI_OK;
}

static int trip_list(lang lg, int argc, char **argv)
{
    list_args a = {.db = CLI_DEFAULT_DB};
    const cli_opt opts[] = {{"--db", &a.db, NULL},
                            {"--json", NULL, &a.json},
                            {"--unit", &a.unit, NULL},
                            {"--member", &a.member, NULL},
                            {"--state", &a.state, NULL}};
    if (!cli_parse(lg, argc, argv, opts, sizeof opts / sizeof opts[0], a.pos, 0, &a.npos, &a.help))
        return CLI_USAGE;
    if (a.help)
        return cli_help(lg, trip_vi, trip_en);
    trip_query q = {.state = a.state, .limit = LIMIT_PAGE_MAX};
    if (a.member && !id_arg(a.member, &q.member_id))
        return cli_usage_error(lg, a.member);
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    int rc = unit_arg(&cs, a.unit, &q.unit_id) ? list_pages(&cs, &q, a.json) : CLI_FAIL;
    cli_session_close(&cs);
    return rc;
}

/* ---- trip show ---- */

static void print_kv(const char *key, const char *value)
{
    printf("%s\t%s\n", key, value ? value : "");
}

static void print_kv_date(const char *key, date_t d)
{
    char buf[DATE_ISO_LEN];
    print_kv(key, iso(d, buf));
}

static void print_trip_fields(arena *a, const trip_view *v)
{
    const trip *t = &v->t;
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)t->id);
    print_kv("id", num);
    snprintf(num, sizeof num, "%lld", (long long)t->version);
    print_kv("version", num);
    print_kv("state", trip_state_name(t->state));
    print_kv("member", t->member_name);
    print_kv("unit", t->unit_code);
    print_kv("purpose", trip_purpose_name(t->purpose));
    print_kv("purpose_detail", t->purpose_detail);
    print_kv("countries", countries_text(a, t));
    print_kv_date("planned_departure", t->planned_departure);
    print_kv_date("planned_return", t->planned_return);
    print_kv_date("extended_return", t->extended_return);
    print_kv_date("requested_return", t->requested_return);
    print_kv("payer", trip_payer_name(t->payer));
    print_kv("payer_note", t->payer_note);
    print_kv("decision_number", t->decision_number);
    print_kv("delegation", v->delegation_name);
    print_kv_date("submitted_on", t->submitted_on);
    print_kv("cell_opinion", t->cell_opinion);
    print_kv("cell_comment", t->cell_comment);
    print_kv("decision", t->decision);
    print_kv("decision_reasons", t->decision_reasons);
    print_kv_date("decided_on", t->decided_on);
    print_kv_date("actual_departure", t->actual_departure);
    print_kv_date("actual_return", t->actual_return);
    print_kv_date("report_submitted_on", t->report_submitted_on);
    print_kv("report_opinion", t->report_opinion);
    print_kv("report_comment", t->report_comment);
}

static void print_trip_status(arena *a, const trip_view *v)
{
    const trip_deadlines *d = &v->deadlines;
    char num[32];
    print_kv_date("report_due", d->report_due);
    print_kv_date("return_grace_until", d->return_grace_until);
    print_kv_date("return_overdue_from", d->return_overdue_from);
    print_kv("report_late", d->report_late ? "true" : "false");
    print_kv("return_late", d->return_late ? "true" : "false");
    print_kv("declared_late", d->declared_late ? "true" : "false");
    print_kv_date("next_deadline", d->next_deadline);
    snprintf(num, sizeof num, "%d", d->days_left);
    print_kv("days_left", num);
    print_kv("waiting_for", trip_party_name(v->waiting_for));
    print_kv("allowed_actions", actions_text(a, v->allowed));
    print_kv("under_review", v->under_review ? "true" : "false");
    for (size_t i = 0; i < v->missing.len; i++) {
        const error *e = &v->missing.items[i];
        printf("missing\t%s\t%s\t%s\n", e->field, e->code, e->arg);
    }
}

/* The timeline, one step a line after "event": date, action, from, to,
 * actor, role, outcome, comment. */
static void print_trip_events(const trip_view *v)
{
    for (size_t i = 0; i < v->n_events; i++) {
        const trip_event *ev = &v->events[i];
        char on[DATE_ISO_LEN];
        printf("event\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", iso(ev->on_date, on), ev->action,
               ev->from_state ? ev->from_state : "", ev->to_state ? ev->to_state : "",
               ev->actor_label ? ev->actor_label : "", ev->actor_role ? ev->actor_role : "",
               ev->outcome ? ev->outcome : "", ev->comment ? ev->comment : "");
    }
    for (size_t i = 0; i < v->n_attachments; i++) {
        const trip_attachment *at = &v->attachments[i];
        printf("attachment\t%lld\t%s\t%s\t%lld\t%s\n", (long long)at->id,
               trip_doc_kind_name(at->kind), at->file_name ? at->file_name : "",
               (long long)at->size, at->sha256 ? at->sha256 : "");
    }
}

static int print_trip(cli_session *cs, const trip_view *v, bool as_json)
{
    if (as_json)
        return print_json(api_trip_json(v, cs->lg, true));
    print_trip_fields(&cs->a, v);
    print_trip_status(&cs->a, v);
    print_trip_events(v);
    return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
}

typedef struct show_args {
    const char *db, *outcome, *comment, *date, *text, *version;
    bool json, help;
    const char *pos[2];
    size_t npos;
} show_args;

static int trip_show(lang lg, int argc, char **argv)
{
    show_args a = {.db = CLI_DEFAULT_DB};
    const cli_opt opts[] = {{"--db", &a.db, NULL}, {"--json", NULL, &a.json}};
    int64_t id;
    if (!cli_parse(lg, argc, argv, opts, 2, a.pos, 1, &a.npos, &a.help))
        return CLI_USAGE;
    if (a.help)
        return cli_help(lg, trip_vi, trip_en);
    if (a.npos != 1 || !id_arg(a.pos[0], &id))
        return cli_usage_error(lg, a.npos ? a.pos[0] : argv[0]);
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    trip_view v;
    error e = {0};
    int rc = svc_trip_get(&cs.s, id, &v, &e) == ST_OK ? print_trip(&cs, &v, a.json) : fail(lg, &e);
    cli_session_close(&cs);
    return rc;
}

/* ---- trip act ---- */

/* The version the step expects: --version, or the one read now. */
static bool act_version(cli_session *cs, const char *given, int64_t id, int64_t *version)
{
    if (given)
        return true; /* parsed by the caller */
    trip_view v;
    error e = {0};
    if (svc_trip_get(&cs->s, id, &v, &e) != ST_OK) {
        cli_print_error(cs->lg, &e);
        return false;
    }
    *version = v.t.version;
    return true;
}

static int act_run(cli_session *cs, const show_args *a, int64_t id, int64_t version,
                   trip_action action)
{
    trip_step step = {
        .outcome = a->outcome, .comment = a->comment, .date = a->date, .text = a->text};
    trip_view v;
    errlist errs;
    errlist_init(&errs, 0);
    int rc;
    if (svc_trip_act(&cs->s, id, version, action, &step, &v, &errs) != ST_OK)
        rc = fail_list(cs->lg, &errs);
    else
        rc = print_trip(cs, &v, a->json);
    errlist_free(&errs);
    return rc;
}

static int trip_act(lang lg, int argc, char **argv)
{
    show_args a = {.db = CLI_DEFAULT_DB};
    const cli_opt opts[] = {{"--db", &a.db, NULL},           {"--json", NULL, &a.json},
                            {"--outcome", &a.outcome, NULL}, {"--comment", &a.comment, NULL},
                            {"--date", &a.date, NULL},       {"--text", &a.text, NULL},
                            {"--version", &a.version, NULL}};
    int64_t id, version = 0;
    trip_action action;
    if (!cli_parse(lg, argc, argv, opts, sizeof opts / sizeof opts[0], a.pos, 2, &a.npos, &a.help))
        return CLI_USAGE;
    if (a.help)
        return cli_help(lg, trip_vi, trip_en);
    if (a.npos != 2 || !id_arg(a.pos[0], &id))
        return cli_usage_error(lg, a.npos ? a.pos[0] : argv[0]);
    if (!trip_action_parse(a.pos[1], &action))
        return cli_usage_error(lg, a.pos[1]);
    if (a.version && !id_arg(a.version, &version))
        return cli_usage_error(lg, a.version);
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    int rc = act_version(&cs, a.version, id, &version) ? act_run(&cs, &a, id, version, action)
                                                       : CLI_FAIL;
    cli_session_close(&cs);
    return rc;
}

int cli_trip(int argc, char **argv)
{
    static const cli_sub subs[] = {{"list", trip_list}, {"show", trip_show}, {"act", trip_act}};
    return cli_dispatch(cli_lang(), argc, argv, subs, sizeof subs / sizeof subs[0], trip_vi,
                        trip_en);
}

/* ---- rules ---- */

/* The API's shape of a rule set (docs/api.md "Rule sets"). */
static json_t *rule_set_json(const rule_set *r)
{
    json_t *where = r->unit_id > 0 ? json_pack("{s:I, s:s?}", "id", (json_int_t)r->unit_id, "path",
                                               r->unit_path)
                                   : json_null();
    json_t *o = json_pack(
        "{s:I, s:o, s:o, s:i, s:b, s:i, s:b, s:i, s:i, s:i, s:i, s:b, s:i, s:i, "
        "s:s?, s:s?, s:s?}",
        "id", (json_int_t)r->id, "unit", where, "effective_from", api_date_json(r->effective_from),
        "report_days", r->report_days, "report_in_calendar_days", r->report_in_calendar_days,
        "return_grace_workdays", r->return_grace_workdays, "review_blocks_approval",
        r->review_blocks_approval, "group_min_months", r->group_min_months, "group_min_members",
        r->group_min_members, "temp_transfer_months", r->temp_transfer_months,
        "official_transfer_months", r->official_transfer_months, "official_transfer_strict",
        r->official_transfer_strict, "transfer_receive_workdays", r->transfer_receive_workdays,
        "probation_reminder_days", r->probation_reminder_days, "note", r->note, "created_by",
        r->created_by, "created_at", r->created_at);
    return o;
}

static int print_rule_set(const rule_set *r)
{
    char from[DATE_ISO_LEN];
    printf("id\t%lld\nunit\t%s\neffective_from\t%s\n", (long long)r->id,
           r->unit_path ? r->unit_path : "/", iso(r->effective_from, from));
    printf("report_days\t%d\nreport_in_calendar_days\t%s\nreturn_grace_workdays\t%d\n",
           r->report_days, r->report_in_calendar_days ? "true" : "false", r->return_grace_workdays);
    printf("review_blocks_approval\t%s\ngroup_min_months\t%d\ngroup_min_members\t%d\n",
           r->review_blocks_approval ? "true" : "false", r->group_min_months, r->group_min_members);
    printf("temp_transfer_months\t%d\nofficial_transfer_months\t%d\n", r->temp_transfer_months,
           r->official_transfer_months);
    printf("official_transfer_strict\t%s\ntransfer_receive_workdays\t%d\n",
           r->official_transfer_strict ? "true" : "false", r->transfer_receive_workdays);
    printf("probation_reminder_days\t%d\nnote\t%s\n", r->probation_reminder_days,
           r->note ? r->note : "");
    return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
}

typedef struct rules_args {
    const char *db, *unit, *on, *from, *note;
    const char *num[11]; /* the numbers and switches of rules add, in rule_set order */
    bool json, help;
    const char *pos[1];
    size_t npos;
} rules_args;

static int rules_effective(lang lg, int argc, char **argv)
{
    rules_args a = {.db = CLI_DEFAULT_DB};
    const cli_opt opts[] = {{"--db", &a.db, NULL},
                            {"--json", NULL, &a.json},
                            {"--unit", &a.unit, NULL},
                            {"--on", &a.on, NULL}};
    date_t on = DATE_NONE;
    if (!cli_parse(lg, argc, argv, opts, sizeof opts / sizeof opts[0], a.pos, 0, &a.npos, &a.help))
        return CLI_USAGE;
    if (a.help)
        return cli_help(lg, rules_vi, rules_en);
    if (a.on && !date_parse(a.on, &on)) {
        error e;
        err_set(&e, ST_INVALID, "date_invalid", "on", NULL);
        return fail(lg, &e);
    }
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    int64_t unit_id;
    rule_set r;
    error e = {0};
    int rc = CLI_FAIL;
    if (unit_arg(&cs, a.unit, &unit_id)) {
        if (svc_rule_set_effective(&cs.s, unit_id, on, &r, &e) != ST_OK)
            rc = fail(lg, &e);
        else if (a.json)
            rc = print_json(rule_set_json(&r));
        else
            rc = print_rule_set(&r);
    }
    cli_session_close(&cs);
    return rc;
}

static int rules_list(lang lg, int argc, char **argv)
{
    rules_args a = {.db = CLI_DEFAULT_DB};
    const cli_opt opts[] = {{"--db", &a.db, NULL}, {"--json", NULL, &a.json}};
    if (!cli_parse(lg, argc, argv, opts, 2, a.pos, 0, &a.npos, &a.help))
        return CLI_USAGE;
    if (a.help)
        return cli_help(lg, rules_vi, rules_en);
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    rule_set *sets;
    size_t n;
    error e = {0};
    int rc = CLI_OK;
    if (svc_rule_set_list(&cs.s, &sets, &n, &e) != ST_OK) {
        rc = fail(lg, &e);
    } else if (a.json) {
        json_t *list = json_array();
        for (size_t i = 0; list && i < n; i++)
            if (json_array_append_new(list, rule_set_json(&sets[i])) != 0) {
                json_decref(list);
                list = NULL;
            }
        rc = print_json(list);
    } else {
        for (size_t i = 0; i < n; i++) {
            char from[DATE_ISO_LEN];
            printf("%lld\t%s\t%s\t%d\t%s\t%d\n", (long long)sets[i].id,
                   sets[i].unit_path ? sets[i].unit_path : "/", iso(sets[i].effective_from, from),
                   sets[i].report_days, sets[i].report_in_calendar_days ? "true" : "false",
                   sets[i].return_grace_workdays);
        }
    }
    cli_session_close(&cs);
    return rc;
}

/* The numbers and switches of rules add: option name, whether a switch,
 * where in rule_set_input it goes. */
static const struct rule_opt {
    const char *name;
    bool is_switch;
    size_t offset;
} rule_opts[] = {
    {"--report-days", false, offsetof(rule_set_input, report_days)},
    {"--report-in-calendar-days", true, offsetof(rule_set_input, report_in_calendar_days)},
    {"--return-grace-workdays", false, offsetof(rule_set_input, return_grace_workdays)},
    {"--review-blocks-approval", true, offsetof(rule_set_input, review_blocks_approval)},
    {"--group-min-months", false, offsetof(rule_set_input, group_min_months)},
    {"--group-min-members", false, offsetof(rule_set_input, group_min_members)},
    {"--temp-transfer-months", false, offsetof(rule_set_input, temp_transfer_months)},
    {"--official-transfer-months", false, offsetof(rule_set_input, official_transfer_months)},
    {"--official-transfer-strict", true, offsetof(rule_set_input, official_transfer_strict)},
    {"--transfer-receive-workdays", false, offsetof(rule_set_input, transfer_receive_workdays)},
    {"--probation-reminder-days", false, offsetof(rule_set_input, probation_reminder_days)},
};
#define NRULE_OPTS (sizeof rule_opts / sizeof rule_opts[0])

/* Fill in's numbers from the typed options; false (after a usage error)
 * when one is not a number or a switch. */
static bool rule_numbers(lang lg, const rules_args *a, rule_set_input *in)
{
    for (size_t i = 0; i < NRULE_OPTS; i++) {
        int *dst = (int *)((char *)in + rule_opts[i].offset);
        bool ok = rule_opts[i].is_switch ? switch_opt(a->num[i], dst) : count_opt(a->num[i], dst);
        if (!ok) {
            cli_usage_error(lg, rule_opts[i].name);
            return false;
        }
    }
    return true;
}

static int rules_add_run(cli_session *cs, const rules_args *a, rule_set_input *in)
{
    rule_set out;
    errlist errs;
    errlist_init(&errs, 0);
    int rc;
    if (svc_rule_set_add(&cs->s, in, &out, &errs) != ST_OK)
        rc = fail_list(cs->lg, &errs);
    else if (a->json)
        rc = print_json(rule_set_json(&out));
    else
        rc = print_rule_set(&out);
    errlist_free(&errs);
    return rc;
}

static int rules_add(lang lg, int argc, char **argv)
{
    rules_args a = {.db = CLI_DEFAULT_DB};
    cli_opt opts[5 + NRULE_OPTS] = {{"--db", &a.db, NULL},
                                    {"--json", NULL, &a.json},
                                    {"--unit", &a.unit, NULL},
                                    {"--effective-from", &a.from, NULL},
                                    {"--note", &a.note, NULL}};
    size_t nopts = 5;
    for (size_t i = 0; i < NRULE_OPTS; i++)
        opts[nopts++] = (cli_opt){rule_opts[i].name, &a.num[i], NULL};
    if (!cli_parse(lg, argc, argv, opts, nopts, a.pos, 0, &a.npos, &a.help))
        return CLI_USAGE;
    if (a.help)
        return cli_help(lg, rules_vi, rules_en);
    rule_set_input in = {.unit_code = a.unit, .effective_from = a.from, .note = a.note};
    if (!rule_numbers(lg, &a, &in))
        return CLI_USAGE;
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    int rc = rules_add_run(&cs, &a, &in);
    cli_session_close(&cs);
    return rc;
}

int cli_rules(int argc, char **argv)
{
    static const cli_sub subs[] = {
        {"effective", rules_effective}, {"list", rules_list}, {"add", rules_add}};
    return cli_dispatch(cli_lang(), argc, argv, subs, sizeof subs / sizeof subs[0], rules_vi,
                        rules_en);
}
