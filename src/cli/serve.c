/*
 * serve.c -- `caunoi serve`: the HTTP server over the database.
 *
 * Checks the database before listening (it must exist; pending migrations
 * are applied), then hands over to http_serve until SIGINT or SIGTERM.
 * This file must never handle a request itself.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/limits.h"
#include "core/str.h"
#include "http/http.h"

static const char serve_vi[] =
    "Cách dùng: caunoi serve [--db ĐƯỜNG_DẪN] [--listen ĐỊA_CHỈ:CỔNG] [--threads N]\n"
    "                    [--web THƯ_MỤC] [--vendor THƯ_MỤC]\n"
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
    "  --help                hiện hướng dẫn này\n";
static const char serve_en[] =
    "Usage: caunoi serve [--db PATH] [--listen HOST:PORT] [--threads N]\n"
    "                    [--web DIR] [--vendor DIR]\n"
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
    "  --help              show this help\n";

int cli_serve(int argc, char **argv)
{
    lang lg = cli_lang();
    const char *db_path = CLI_DEFAULT_DB, *listen = "127.0.0.1:8080", *threads_s = NULL;
    const char *web = "web", *vendor = "build/vendor";
    const cli_opt opts[] = {{"--db", &db_path, NULL},
                            {"--listen", &listen, NULL},
                            {"--threads", &threads_s, NULL},
                            {"--web", &web, NULL},
                            {"--vendor", &vendor, NULL}};
    const char *pos[1];
    size_t npos;
    bool help;
    if (!cli_parse(lg, argc, argv, opts, 5, pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, serve_vi, serve_en);
    int64_t threads = LIMIT_DEFAULT_THREADS;
    if (threads_s &&
        (!str_to_i64(threads_s, &threads) || threads < 1 || threads > LIMIT_MAX_THREADS))
        return cli_usage_error(lg, "--threads");
    /* Fail before listening when the database is missing, and apply any
     * pending migration once, before the workers open their connections. */
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    cli_session_close(&cs);
    api_json_init();
    const http_config cfg = {.db_path = db_path,
                             .web_dir = web,
                             .vendor_dir = vendor,
                             .routes = api_routes,
                             .nroutes = api_routes_count};
    error e = {0};
    if (http_serve(&cfg, listen, (int)threads, &e) != ST_OK) {
        cli_print_error(lg, &e);
        return CLI_FAIL;
    }
    return CLI_OK;
}
