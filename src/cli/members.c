/*
 * members.c -- `caunoi import members` and `caunoi export members`.
 *
 * Import reads the CSV file whole, lets the service check every row and
 * import all of it or nothing, prints the counts to stdout and, when rows
 * fail, a table of row, column, code and message to stderr. Export writes
 * the CSV of a subtree to stdout or to a file. This file must never parse
 * or write CSV itself: service/ and text/ do.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/limits.h"

static const char import_vi[] =
    "Cách dùng: caunoi import members TỆP.csv [--db ĐƯỜNG_DẪN] [--dry-run]\n"
    "\n"
    "Nhập đảng viên từ tệp CSV UTF-8 (có hoặc không có BOM, CRLF hoặc LF), tiêu đề\n"
    "cột tiếng Việt hoặc tiếng Anh theo thứ tự bất kỳ (xem docs/api.md). Mọi dòng\n"
    "được kiểm tra trước; nếu có lỗi, không dòng nào được nhập và bảng lỗi (dòng,\n"
    "cột, mã, thông báo) được in ra stderr. Nhập lại cùng tệp thì cập nhật theo\n"
    "số CCCD, không tạo bản trùng.\n"
    "\n"
    "  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --dry-run        chỉ kiểm tra, không ghi gì\n"
    "  --help           hiện hướng dẫn này\n"
    "\n"
    "Mã thoát: 0 đã nhập (hoặc hợp lệ với --dry-run), 1 có lỗi, 2 sai cách dùng.\n";
static const char import_en[] =
    "Usage: caunoi import members FILE.csv [--db PATH] [--dry-run]\n"
    "\n"
    "Import members from a UTF-8 CSV file (with or without BOM, CRLF or LF),\n"
    "column headers in Vietnamese or English in any order (see docs/api.md).\n"
    "Every row is checked first; when any fails, nothing is imported and a table\n"
    "of errors (row, column, code, message) goes to stderr. Importing the same\n"
    "file again updates by citizen ID and creates no duplicates.\n"
    "\n"
    "  --db PATH   the database file (default " CLI_DEFAULT_DB ")\n"
    "  --dry-run   check only, write nothing\n"
    "  --help      show this help\n"
    "\n"
    "Exit status: 0 imported (or valid with --dry-run), 1 errors, 2 usage.\n";

/* Read a whole file into `a`; prints the error and returns NULL. */
static char *read_file(cli_session *cs, const char *path, size_t *len)
{
    error e;
    FILE *f = fopen(path, "rb");
    struct stat sb;
    char *data = NULL;
    if (!f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        err_set(&e, ST_BAD_REQUEST, "cli_file_read", NULL, path);
        goto fail;
    }
    if (sb.st_size > LIMIT_IMPORT_FILE) {
        err_set(&e, ST_TOO_LARGE, "cli_file_too_large", NULL, path);
        goto fail;
    }
    data = arena_alloc(&cs->a, (size_t)sb.st_size + 1);
    if (!data) {
        err_set(&e, ST_NOMEM, "out_of_memory", NULL, NULL);
        goto fail;
    }
    *len = fread(data, 1, (size_t)sb.st_size, f);
    if (ferror(f) || *len != (size_t)sb.st_size) {
        err_set(&e, ST_BAD_REQUEST, "cli_file_read", NULL, path);
        goto fail;
    }
    fclose(f);
    return data;
fail:
    if (f)
        fclose(f);
    cli_print_error(cs->lg, &e);
    return NULL;
}

static void print_report(lang lg, const import_report *r, bool dry_run)
{
    bool en = lg == LANG_EN;
    printf(en ? "rows\t%ld\ncreated\t%ld\nupdated\t%ld\nunchanged\t%ld\ncommitted\t%s\n"
              : "số dòng\t%ld\ntạo mới\t%ld\ncập nhật\t%ld\nkhông đổi\t%ld\nđã ghi\t%s\n",
           r->rows, r->created, r->updated, r->unchanged,
           r->committed ? (en ? "yes" : "có") : (en ? "no" : "không"));
    if (dry_run)
        printf("%s\n", en ? "dry run: nothing was written" : "chạy thử: không ghi gì");
    if (r->errors.len == 0)
        return;
    fprintf(stderr, "%s\n", en ? "row\tcolumn\tcode\tmessage" : "dòng\tcột\tmã\tthông báo");
    for (size_t i = 0; i < r->errors.len; i++) {
        const error *e = &r->errors.items[i];
        char msg[512];
        err_message(e, lg, msg, sizeof msg);
        fprintf(stderr, "%ld\t%s\t%s\t%s\n", e->row, e->field, e->code ? e->code : "", msg);
    }
    if (r->errors.dropped)
        fprintf(stderr, en ? "... and %zu more\n" : "... và %zu lỗi khác\n", r->errors.dropped);
}

int cli_import(int argc, char **argv)
{
    lang lg = cli_lang();
    const char *db_path = CLI_DEFAULT_DB;
    bool dry_run = false;
    const cli_opt opts[] = {{"--db", &db_path, NULL}, {"--dry-run", NULL, &dry_run}};
    const char *pos[2];
    size_t npos;
    bool help;
    if (!cli_parse(lg, argc, argv, opts, 2, pos, 2, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, import_vi, import_en);
    if (npos != 2 || strcmp(pos[0], "members") != 0)
        return cli_usage_error(lg, "caunoi import members FILE.csv");
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    int rc = CLI_FAIL;
    size_t len = 0;
    char *data = read_file(&cs, pos[1], &len);
    if (data) {
        const char *base = strrchr(pos[1], '/');
        import_report r;
        memset(&r, 0, sizeof r);
        status st = svc_members_import(&cs.s, data, len, base ? base + 1 : pos[1], dry_run, &r);
        print_report(lg, &r, dry_run);
        if (st != ST_OK && r.errors.len == 0) {
            error e;
            err_set(&e, st, st == ST_NOMEM ? "out_of_memory" : "internal", NULL, NULL);
            cli_print_error(lg, &e);
        }
        rc = st == ST_OK ? CLI_OK : CLI_FAIL;
        errlist_free(&r.errors);
    }
    cli_session_close(&cs);
    return rc;
}

static const char export_vi[] =
    "Cách dùng: caunoi export members [--db ĐƯỜNG_DẪN] [--unit MÃ] [--status TT]\n"
    "                               [--out TỆP]\n"
    "\n"
    "Xuất đảng viên của một cây tổ chức ra CSV (UTF-8 có BOM, CRLF, tiêu đề tiếng\n"
    "Việt), mở được bằng bảng tính và nhập lại được bằng caunoi import.\n"
    "\n"
    "  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --unit MÃ        mã tổ chức gốc của cây cần xuất (mặc định: tất cả)\n"
    "  --status TT      all, probationary, official, left, deceased\n"
    "                   (mặc định: đảng viên đang sinh hoạt)\n"
    "  --out TỆP        ghi vào tệp thay vì đầu ra chuẩn\n"
    "  --help           hiện hướng dẫn này\n";
static const char export_en[] =
    "Usage: caunoi export members [--db PATH] [--unit CODE] [--status S] [--out FILE]\n"
    "\n"
    "Export the members of a subtree as CSV (UTF-8 with BOM, CRLF, Vietnamese\n"
    "headers) that a spreadsheet opens and caunoi import reads back.\n"
    "\n"
    "  --db PATH     the database file (default " CLI_DEFAULT_DB ")\n"
    "  --unit CODE   code of the subtree's root unit (default: everything)\n"
    "  --status S    all, probationary, official, left, deceased\n"
    "                (default: active members)\n"
    "  --out FILE    write to FILE instead of standard output\n"
    "  --help        show this help\n";

static status to_stream(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)ctx) == len ? ST_OK : ST_INTERNAL;
}

/* Resolve --unit CODE to an id (0 when not given); prints the error. */
static bool unit_id_of(cli_session *cs, const char *code, int64_t *id)
{
    error e = {0};
    unit u;
    *id = 0;
    if (!code)
        return true;
    if (svc_unit_get_by_code(&cs->s, code, &u, &e) != ST_OK) {
        if (e.st == ST_NOT_FOUND)
            err_set(&e, ST_NOT_FOUND, "unit_code_unknown", "--unit", code);
        cli_print_error(cs->lg, &e);
        return false;
    }
    *id = u.id;
    return true;
}

int cli_export(int argc, char **argv)
{
    lang lg = cli_lang();
    const char *db_path = CLI_DEFAULT_DB, *unit_code = NULL, *status_s = NULL, *out = NULL;
    const cli_opt opts[] = {{"--db", &db_path, NULL},
                            {"--unit", &unit_code, NULL},
                            {"--status", &status_s, NULL},
                            {"--out", &out, NULL}};
    const char *pos[1];
    size_t npos;
    bool help;
    if (!cli_parse(lg, argc, argv, opts, 4, pos, 1, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, export_vi, export_en);
    member_status ms;
    if (npos != 1 || strcmp(pos[0], "members") != 0)
        return cli_usage_error(lg, "caunoi export members");
    if (status_s && strcmp(status_s, "all") != 0 && !member_status_parse(status_s, &ms))
        return cli_usage_error(lg, "--status");
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    int rc = CLI_FAIL;
    int64_t unit_id;
    error e = {0};
    FILE *f = NULL;
    if (!unit_id_of(&cs, unit_code, &unit_id))
        goto done;
    f = out ? fopen(out, "wb") : stdout;
    if (!f) {
        err_set(&e, ST_INTERNAL, "cli_file_write", NULL, out);
        cli_print_error(lg, &e);
        goto done;
    }
    status st = svc_members_export(&cs.s, unit_id, status_s, to_stream, f, &e);
    bool flushed = fflush(f) == 0;
    if (st != ST_OK)
        cli_print_error(lg, &e);
    else if (!flushed || ferror(f))
        cli_print_error(lg,
                        (err_set(&e, ST_INTERNAL, "cli_file_write", NULL, out ? out : "-"), &e));
    else
        rc = CLI_OK;
    if (out && fclose(f) != 0 && rc == CLI_OK) {
        err_set(&e, ST_INTERNAL, "cli_file_write", NULL, out);
        cli_print_error(lg, &e);
        rc = CLI_FAIL;
    }
    if (out && rc != CLI_OK)
        remove(out); /* no half-written file left behind */
done:
    cli_session_close(&cs);
    return rc;
}
