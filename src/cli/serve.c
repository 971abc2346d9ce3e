/*
 * serve.c -- `caunoi serve`: the HTTP server over the database.
 *
 * Checks the database before listening (it must exist; pending migrations
 * are applied), reads the TLS certificate and key when given, then hands
 * over to http_serve with the route table and its gate (api/access.c)
 * until SIGINT or SIGTERM, with the daily compliance scan beside it
 * (cli/daily.c). Session timeouts are not flags: they are
 * settings the service reads. This file must never handle a request itself.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api.h"
#include "cli/cli.h"
#include "cli/daily.h"
#include "core/limits.h"
#include "core/str.h"
#include "http/http.h"
#include "report/pdf.h"

static const char serve_vi[] =
    "Cách dùng: caunoi serve [--db ĐƯỜNG_DẪN] [--listen ĐỊA_CHỈ:CỔNG] [--threads N]\n"
    "                    [--web THƯ_MỤC] [--vendor THƯ_MỤC]\n"
    "                    [--tls-cert TỆP --tls-key TỆP] [--secure-cookies] [--no-daily-scan]\n"
    "\n"
    "Phục vụ giao diện web và API JSON (/api/v1/) trên cơ sở dữ liệu đã tạo bằng\n"
    "caunoi init. Dừng gọn khi nhận SIGINT (Ctrl-C) hoặc SIGTERM.\n"
    "\n"
    "  --db ĐƯỜNG_DẪN        tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --listen ĐỊA_CHỈ:CỔNG  địa chỉ lắng nghe (mặc định 127.0.0.1:8080; IPv6: [::1]:8080)\n"
    "  --threads N           số luồng xử lý, mỗi luồng một kết nối cơ sở dữ liệu\n"
    "                        (mặc định 8, tối đa 64)\n"
    "  --web THƯ_MỤC         thư mục giao diện web và openapi.json (mặc định web)\n"
    "  --vendor THƯ_MỤC      thư mục thư viện phục vụ ở /vendor/ (mặc định build/vendor)\n"
    "  --tls-cert TỆP        chứng chỉ TLS (PEM, kèm chuỗi chứng chỉ trung gian): chỉ phục\n"
    "                        vụ HTTPS, gửi Strict-Transport-Security; cần --tls-key\n"
    "  --tls-key TỆP         khóa riêng của chứng chỉ (PEM, không mật khẩu)\n"
    "  --secure-cookies      gắn Secure cho cookie phiên khi TLS do máy chủ khác đảm nhận\n"
    "                        (reverse proxy); luôn bật khi có --tls-cert\n"
    "  --no-daily-scan       không tự kiểm tra việc chấp hành hằng ngày (khi đã chạy\n"
    "                        caunoi check --save bằng cron)\n"
    "  --help                hiện hướng dẫn này\n"
    "\n"
    "Mọi API (trừ đăng nhập POST /api/v1/session) cần phiên đăng nhập; tạo quản trị\n"
    "viên đầu tiên bằng caunoi user add --role admin. Thời gian hết hạn phiên là\n"
    "thiết lập trong cơ sở dữ liệu, không phải tham số dòng lệnh.\n";
static const char serve_en[] =
    "Usage: caunoi serve [--db PATH] [--listen HOST:PORT] [--threads N]\n"
    "                    [--web DIR] [--vendor DIR]\n"
    "                    [--tls-cert FILE --tls-key FILE] [--secure-cookies] [--no-daily-scan]\n"
    "\n"
    "Serve the web interface and the JSON API (/api/v1/) over a database made\n"
    "by caunoi init. Stops cleanly on SIGINT (Ctrl-C) or SIGTERM.\n"
    "\n"
    "  --db PATH           the database file (default " CLI_DEFAULT_DB ")\n"
    "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080; IPv6: [::1]:8080)\n"
    "  --threads N         worker threads, each with its own database connection\n"
    "                      (default 8, at most 64)\n"
    "  --web DIR           the web front end and openapi.json (default web)\n"
    "  --vendor DIR        libraries served under /vendor/ (default build/vendor)\n"
    "  --tls-cert FILE     TLS certificate (PEM, with any intermediate certificates):\n"
    "                      serve HTTPS only, send Strict-Transport-Security; needs --tls-key\n"
    "  --tls-key FILE      the certificate's private key (PEM, not encrypted)\n"
    "  --secure-cookies    mark the session cookie Secure when TLS ends at another\n"
    "                      server (a reverse proxy); always on with --tls-cert\n"
    "  --no-daily-scan     do not run the compliance scan at start and each day (when\n"
    "                      cron runs caunoi check --save instead)\n"
    "  --help              show this help\n"
    "\n"
    "Every API call but signing in (POST /api/v1/session) needs a session; create\n"
    "the first administrator with caunoi user add --role admin. Session timeouts\n"
    "are settings in the database, not command-line flags.\n";

/* Read a PEM file whole into `a` (NUL-terminated, as MHD wants it); prints
 * the error and returns NULL. */
static const char *read_pem(arena *a, lang lg, const char *path)
{
    error e;
    FILE *f = fopen(path, "rb");
    struct stat sb;
    char *data = NULL;
    size_t len;
    if (!f || fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        err_set(&e, ST_BAD_REQUEST, "cli_file_read", NULL, path);
        goto fail;
    }
    if (sb.st_size > LIMIT_PEM_FILE) {
        err_set(&e, ST_TOO_LARGE, "cli_file_too_large", NULL, path);
        goto fail;
    }
    data = arena_alloc(a, (size_t)sb.st_size + 1);
    if (!data) {
        err_set(&e, ST_NOMEM, "out_of_memory", NULL, NULL);
        goto fail;
    }
    len = fread(data, 1, (size_t)sb.st_size, f);
    if (ferror(f) || len != (size_t)sb.st_size) {
        err_set(&e, ST_BAD_REQUEST, "cli_file_read", NULL, path);
        goto fail;
    }
    data[len] = '\0';
    fclose(f);
    return data;
fail:
    if (f)
        fclose(f);
    cli_print_error(lg, &e);
    return NULL;
}

int cli_serve(int argc, char **argv)
{
    lang lg = cli_lang();
    const char *db_path = CLI_DEFAULT_DB, *listen = "127.0.0.1:8080", *threads_s = NULL;
    const char *web = "web", *vendor = "build/vendor", *cert = NULL, *key = NULL;
    bool secure_cookies = false, no_daily_scan = false;
    const cli_opt opts[] = {{"--db", &db_path, NULL},
                            {"--listen", &listen, NULL},
                            {"--threads", &threads_s, NULL},
                            {"--web", &web, NULL},
                            {"--vendor", &vendor, NULL},
                            {"--tls-cert", &cert, NULL},
                            {"--tls-key", &key, NULL},
                            {"--secure-cookies", NULL, &secure_cookies},
                            {"--no-daily-scan", NULL, &no_daily_scan}};
    const char *pos[1];
    size_t npos;
    bool help;
    if (!cli_parse(lg, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, serve_vi, serve_en);
    int64_t threads = LIMIT_DEFAULT_THREADS;
    if (threads_s &&
        (!str_to_i64(threads_s, &threads) || threads < 1 || threads > LIMIT_MAX_THREADS))
        return cli_usage_error(lg, "--threads");
    if (!cert != !key)
        return cli_usage_error(lg, cert ? "--tls-key" : "--tls-cert");
    /* Fail before listening when the database is missing, and apply any
     * pending migration once, before the workers open their connections. */
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    cli_session_close(&cs);
    api_json_init();
    arena a = ARENA_INIT;
    int rc = CLI_FAIL;
    http_config cfg = {.db_path = db_path,
                       .web_dir = web,
                       .vendor_dir = vendor,
                       .routes = api_routes,
                       .nroutes = api_routes_count,
                       .gate = api_access_gate,
                       .secure_cookies = secure_cookies};
    if (cert && (!(cfg.tls_cert_pem = read_pem(&a, lg, cert)) ||
                 !(cfg.tls_key_pem = read_pem(&a, lg, key))))
        goto done;
    error e = {0};
    if (!no_daily_scan)
        daily_start(db_path);
    status served = http_serve(&cfg, listen, (int)threads, &e);
    daily_stop();
    pdf_release_caches(); /* the workers are gone: no PDF is being made */
    if (served != ST_OK) {
        cli_print_error(lg, &e);
        goto done;
    }
    rc = CLI_OK;
done:
    arena_free(&a);
    return rc;
}
