/*
 * main.c -- the caunoi program: subcommand dispatch only.
 *
 * Installs the allocators (so SQLite and jansson allocate through
 * core/alloc.h), starts the crypto libraries (auth_init), picks the subcommand and hands it argv.
 * This file must never hold a subcommand's logic: cli/ does.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "auth/auth.h"
#include "cli/cli.h"
#include "core/alloc.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *vi, *en; /* one line for the overview */
} command;

static const command commands[] = {
    {"init", cli_init, "tạo hoặc nâng cấp cơ sở dữ liệu", "create or upgrade the database"},
    {"demo", cli_demo, "nạp dữ liệu mẫu", "load the demo data"},
    {"serve", cli_serve, "phục vụ giao diện web và API", "serve the web interface and the API"},
    {"import", cli_import, "nhập đảng viên từ CSV", "import members from CSV"},
    {"export", cli_export, "xuất đảng viên ra CSV", "export members as CSV"},
    {"units", cli_units, "liệt kê các tổ chức đảng", "list the party units"},
    {"user", cli_user, "tạo và quản lý tài khoản", "create and manage accounts"},
    {"audit", cli_audit, "kiểm tra và xem nhật ký thao tác", "verify and read the audit trail"},
    {"calendar", cli_calendar, "ngày nghỉ, ngày làm việc và âm lịch",
     "days off, working days and the lunar calendar"},
    {"trip", cli_trip, "chuyến đi nước ngoài: xem và thực hiện từng bước",
     "trips abroad: list, show and take a step"},
    {"rules", cli_rules, "bộ quy định về thời hạn đang áp dụng",
     "the rule sets of deadlines in force"},
    {"check", cli_check, "kiểm tra việc chấp hành quy định (cảnh báo, vi phạm)",
     "check compliance: obligations and violations"},
    {"report", cli_report, "báo cáo sơ kết, tổng kết theo kỳ (json, pdf, xlsx)",
     "the review report of a period (json, pdf, xlsx)"},
    {"print", cli_print, "in giấy tờ ra PDF (đơn, cam kết, báo cáo, giấy giới thiệu)",
     "print documents as PDF (application, commitment, report, letter)"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int overview(FILE *out, lang lg)
{
    fputs(lg == LANG_EN
              ? "Usage: caunoi COMMAND [--db PATH] [options]; caunoi COMMAND --help\n\n"
              : "Cách dùng: caunoi LỆNH [--db ĐƯỜNG_DẪN] [tùy chọn]; caunoi LỆNH --help\n\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name,
                lg == LANG_EN ? commands[i].en : commands[i].vi);
    return out == stdout ? CLI_OK : CLI_USAGE;
}

int main(int argc, char **argv)
{
    lang lg = cli_lang();
    if (alloc_install_sqlite() != 0) {
        fputs("caunoi: sqlite3_config failed\n", stderr);
        return CLI_FAIL;
    }
    api_json_init();
    error e = {0};
    if (auth_init(&e) != ST_OK) {
        cli_print_error(lg, &e);
        return CLI_FAIL;
    }
    if (argc < 2)
        return overview(stderr, lg);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0)
        return overview(stdout, lg);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_usage_error(lg, argv[1]);
    return overview(stderr, lg);
}
