/*
 * user.c -- `caunoi user add|passwd|list`: accounts from the command line,
 * as the installation's operator (this is how the first administrator is
 * made).
 *
 * A one-time password goes to stdout alone (or in --json), so a script can
 * capture it; what a person reads goes to stderr. This file must never
 * write a password anywhere else, nor decide who may have which account
 * (service/users.c does).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/limits.h"
#include "core/str.h"

static const char user_vi[] =
    "Cách dùng: caunoi user LỆNH [--db ĐƯỜNG_DẪN] ...\n"
    "\n"
    "  caunoi user add --role VAI_TRÒ [--unit MÃ] [--member SỐ] [--login TÊN]\n"
    "                  [--name \"Tên hiển thị\"] [--json]\n"
    "      tạo tài khoản và in mật khẩu dùng một lần (phải đổi khi đăng nhập lần\n"
    "      đầu). VAI_TRÒ: member, secretary, officer, admin, auditor. Bỏ --unit\n"
    "      chỉ với --role admin: quản trị viên toàn hệ thống. Vai trò member cần\n"
    "      --member (số hồ sơ đảng viên). Không có --login thì tên đăng nhập được\n"
    "      đặt theo vai trò và mã tổ chức. --json in {\"id\", \"login\", \"role\",\n"
    "      \"unit_code\", \"password\"}.\n"
    "  caunoi user passwd TÊN_ĐĂNG_NHẬP [--json]\n"
    "      đặt mật khẩu dùng một lần mới và mở khóa tài khoản.\n"
    "  caunoi user list [--json]\n"
    "      liệt kê tài khoản: tên đăng nhập, vai trò, mã tổ chức, tên, trạng thái.\n"
    "\n"
    "  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --help           hiện hướng dẫn này\n";
static const char user_en[] =
    "Usage: caunoi user COMMAND [--db PATH] ...\n"
    "\n"
    "  caunoi user add --role ROLE [--unit CODE] [--member ID] [--login NAME]\n"
    "                  [--name \"Display name\"] [--json]\n"
    "      create an account and print its one-time password (to be changed at\n"
    "      first sign-in). ROLE: member, secretary, officer, admin, auditor.\n"
    "      --unit may be left out only with --role admin: an administrator of\n"
    "      the whole installation. Role member needs --member (the member's id).\n"
    "      Without --login the login is made from the role and the unit code.\n"
    "      --json prints {\"id\", \"login\", \"role\", \"unit_code\", \"password\"}.\n"
    "  caunoi user passwd LOGIN [--json]\n"
    "      set a new one-time password and unlock the account.\n"
    "  caunoi user list [--json]\n"
    "      list the accounts: login, role, unit code, name, state.\n"
    "\n"
    "  --db PATH   the database file (default " CLI_DEFAULT_DB ")\n"
    "  --help      show this help\n";

/* Print a JSON object to stdout; false when it could not be built. */
static bool print_json(json_t *o)
{
    bool ok = o && json_dumpf(o, stdout, JSON_COMPACT) == 0 && putchar('\n') != EOF;
    json_decref(o);
    return ok;
}

static int user_add(lang lg, int argc, char **argv)
{
    const char *db_path = CLI_DEFAULT_DB, *role_s = NULL, *unit_s = NULL, *member_s = NULL,
               *login = NULL, *name = NULL;
    bool as_json = false, help;
    const cli_opt opts[] = {{"--db", &db_path, NULL},  {"--role", &role_s, NULL},
                            {"--unit", &unit_s, NULL}, {"--member", &member_s, NULL},
                            {"--login", &login, NULL}, {"--name", &name, NULL},
                            {"--json", NULL, &as_json}};
    const char *pos[1];
    size_t npos;
    if (!cli_parse(lg, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, user_vi, user_en);
    if (!role_s)
        return cli_usage_error(lg, "--role");
    api_json_init();
    int64_t member_id = 0;
    if (member_s && (!str_to_i64(member_s, &member_id) || member_id <= 0))
        return cli_usage_error(lg, "--member");
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    user_input in = {.login = login,
                     .display_name = name,
                     .role = role_s,
                     .unit_code = unit_s,
                     .member_id = member_id,
                     .disabled = -1};
    user u;
    char pw[20];
    errlist errs;
    errlist_init(&errs, 0);
    int rc = CLI_OK;
    if (svc_user_create(&cs.s, &in, &u, pw, &errs) != ST_OK) {
        for (size_t i = 0; i < errs.len; i++)
            cli_print_error(lg, &errs.items[i]);
        rc = CLI_FAIL;
    } else if (as_json) {
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s?, s:s}", "id", (json_int_t)u.id, "login", u.login,
                      "role", role_name(u.role), "unit_code", u.unit_code, "password", pw);
        rc = print_json(o) ? CLI_OK : CLI_FAIL;
    } else {
        fprintf(stderr,
                lg == LANG_EN ? "caunoi: account %s (%s, %s) created; its one-time password, to "
                                "be changed at first sign-in:\n"
                              : "caunoi: đã tạo tài khoản %s (%s, %s); mật khẩu dùng một lần, "
                                "phải đổi khi đăng nhập lần đầu:\n",
                u.login, role_name(u.role), u.unit_code ? u.unit_code : "/");
        puts(pw);
    }
    errlist_free(&errs);
    cli_session_close(&cs);
    return rc;
}

static int user_passwd(lang lg, int argc, char **argv)
{
    const char *db_path = CLI_DEFAULT_DB;
    bool as_json = false, help;
    const cli_opt opts[] = {{"--db", &db_path, NULL}, {"--json", NULL, &as_json}};
    const char *pos[1];
    size_t npos;
    if (!cli_parse(lg, argc, argv, opts, 2, pos, 1, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, user_vi, user_en);
    if (npos != 1)
        return cli_usage_error(lg, "LOGIN");
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    error e = {0};
    user u;
    char pw[20];
    int rc = CLI_OK;
    if (svc_user_get_by_login(&cs.s, pos[0], &u, &e) != ST_OK ||
        svc_user_reset_password(&cs.s, u.id, 0, &u, pw, &e) != ST_OK) {
        cli_print_error(lg, &e);
        rc = CLI_FAIL;
    } else if (as_json) {
        json_t *o = json_pack("{s:s, s:s}", "login", u.login, "password", pw);
        rc = print_json(o) ? CLI_OK : CLI_FAIL;
    } else {
        fprintf(stderr,
                lg == LANG_EN ? "caunoi: new one-time password for %s (to be changed at sign-in):\n"
                              : "caunoi: mật khẩu dùng một lần mới của %s (phải đổi khi đăng "
                                "nhập):\n",
                u.login);
        puts(pw);
    }
    cli_session_close(&cs);
    return rc;
}

static const char *state_of(const user *u)
{
    if (u->disabled)
        return "disabled";
    if (u->locked_until)
        return "locked";
    if (u->must_change_password)
        return "must_change_password";
    return "active";
}

static void print_user_line(const user *u)
{
    printf("%s\t%s\t%s\t%s\t%s%s\n", u->login, role_name(u->role), u->unit_code ? u->unit_code : "",
           u->display_name, state_of(u), u->totp_enabled ? ",totp" : "");
}

static json_t *user_json(const user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s, s:b, s:b}", "id", (json_int_t)u->id, "login",
                     u->login, "display_name", u->display_name, "role", role_name(u->role),
                     "unit_code", u->unit_code, "state", state_of(u), "totp_enabled",
                     u->totp_enabled, "disabled", u->disabled);
}

static int user_list(lang lg, int argc, char **argv)
{
    const char *db_path = CLI_DEFAULT_DB;
    bool as_json = false, help;
    const cli_opt opts[] = {{"--db", &db_path, NULL}, {"--json", NULL, &as_json}};
    const char *pos[1];
    size_t npos;
    if (!cli_parse(lg, argc, argv, opts, 2, pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, user_vi, user_en);
    api_json_init();
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    json_t *list = as_json ? json_array() : NULL;
    const char *cursor = NULL;
    error e = {0};
    int rc = CLI_OK;
    do {
        user_page page;
        if (svc_user_list(&cs.s, cursor, LIMIT_PAGE_MAX, &page, &e) != ST_OK) {
            cli_print_error(lg, &e);
            rc = CLI_FAIL;
            break;
        }
        for (size_t i = 0; i < page.n; i++) {
            if (list)
                json_array_append_new(list, user_json(&page.items[i]));
            else
                print_user_line(&page.items[i]);
        }
        cursor = page.next_cursor;
    } while (cursor);
    if (list && rc == CLI_OK)
        rc = print_json(json_incref(list)) ? CLI_OK : CLI_FAIL;
    json_decref(list);
    cli_session_close(&cs);
    return rc;
}

int cli_user(int argc, char **argv)
{
    static const cli_sub subs[] = {{"add", user_add}, {"passwd", user_passwd}, {"list", user_list}};
    return cli_dispatch(cli_lang(), argc, argv, subs, sizeof subs / sizeof subs[0], user_vi,
                        user_en);
}

int cli_print_demo_accounts(cli_session *cs)
{
    demo_account *acc;
    size_t n;
    error e = {0};
    if (svc_demo_accounts(&cs->s, &acc, &n, &e) != ST_OK) {
        cli_print_error(cs->lg, &e);
        return CLI_FAIL;
    }
    fputs(cs->lg == LANG_EN ? "caunoi: demo accounts (login, password, role, unit), shown once:\n"
                            : "caunoi: tài khoản mẫu (tên đăng nhập, mật khẩu, vai trò, tổ chức), "
                              "chỉ in một lần:\n",
          stderr);
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s\n", acc[i].login, acc[i].password, acc[i].role,
               acc[i].unit_code ? acc[i].unit_code : "/");
    return CLI_OK;
}
