/*
 * print.c -- `caunoi print`: the printed documents as PDF files
 * (service/documents.h), as the operator.
 *
 *   caunoi print trip ID application|commitment|report --out FILE.pdf
 *   caunoi print transfer ID --out FILE.pdf
 *
 * "--out -" writes the PDF to stdout. The file is written only when the
 * whole document was made. This file must never decide whether a
 * document applies or lay out a page: the service and report/ do.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "report/pdf.h"
#include "service/documents.h"

static const char print_vi[] =
    "Cách dùng: caunoi print trip MÃ_CHUYẾN_ĐI application|commitment|report --out TỆP.pdf\n"
    "           caunoi print transfer MÃ_CHUYỂN --out TỆP.pdf   [--db ĐƯỜNG_DẪN]\n"
    "\n"
    "In giấy tờ ra tệp PDF khổ A4 theo thể thức văn bản của Đảng:\n"
    "  trip ... application   đơn đề nghị ra nước ngoài\n"
    "  trip ... commitment    bản cam kết về thân nhân ở nước ngoài (chuyến thăm thân nhân)\n"
    "  trip ... report        báo cáo kết quả ra nước ngoài (sau khi đã về nước)\n"
    "  transfer ...           giấy giới thiệu sinh hoạt đảng (bản kê để ghi vào mẫu in sẵn)\n"
    "\n"
    "  --out TỆP.pdf   tệp ghi ra (\"-\": ra stdout)\n"
    "  --db ĐƯỜNG_DẪN  tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n";
static const char print_en[] =
    "Usage: caunoi print trip TRIP_ID application|commitment|report --out FILE.pdf\n"
    "       caunoi print transfer TRANSFER_ID --out FILE.pdf   [--db PATH]\n"
    "\n"
    "Print a document as an A4 PDF laid out as a party document:\n"
    "  trip ... application   the application to go abroad\n"
    "  trip ... commitment    the commitment about relatives abroad (a visit to relatives)\n"
    "  trip ... report        the post-trip report (once the trip has returned)\n"
    "  transfer ...           the introduction letter (a data sheet to copy onto the blank)\n"
    "\n"
    "  --out FILE.pdf  the file to write (\"-\": stdout)\n"
    "  --db PATH       the database file (default " CLI_DEFAULT_DB ")\n";

typedef struct print_args {
    const char *db, *out;
    const char *pos[3];
    size_t npos;
    bool help;
} print_args;

static bool write_out(lang lg, const char *path, const strbuf *pdf)
{
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *fp = to_stdout ? stdout : fopen(path, "wb");
    bool ok = fp && fwrite(pdf->data, 1, pdf->len, fp) == pdf->len;
    if (fp && !to_stdout)
        ok = fclose(fp) == 0 && ok;
    else if (fp)
        ok = fflush(fp) == 0 && ok;
    if (!ok) {
        error e;
        err_set(&e, ST_INTERNAL, "pdf_failed", "out", path);
        cli_print_error(lg, &e);
    }
    return ok;
}

/* Parse "ID [KIND] --out FILE" (n positionals); --help sets a->help and
 * returns CLI_OK. */
static int parse(lang lg, int argc, char **argv, size_t n, print_args *a, int64_t *id)
{
    const cli_opt opts[] = {{"--db", &a->db, NULL}, {"--out", &a->out, NULL}};
    if (!cli_parse(lg, argc, argv, opts, 2, a->pos, n, &a->npos, &a->help))
        return CLI_USAGE;
    if (a->help)
        return CLI_OK;
    if (a->npos != n || !str_to_i64(a->pos[0], id) || *id <= 0)
        return cli_usage_error(lg, a->npos ? a->pos[0] : argv[0]);
    if (!a->out)
        return cli_usage_error(lg, "--out");
    return CLI_OK;
}

static int finish(cli_session *cs, status st, const error *e, const char *out, strbuf *pdf)
{
    int rc = CLI_OK;
    if (st != ST_OK) {
        cli_print_error(cs->lg, e);
        rc = CLI_FAIL;
    } else if (!write_out(cs->lg, out, pdf)) {
        rc = CLI_FAIL;
    }
    buf_free(pdf);
    cli_session_close(cs);
    pdf_release_caches();
    return rc;
}

static int print_trip(lang lg, int argc, char **argv)
{
    print_args a = {.db = CLI_DEFAULT_DB};
    int64_t id = 0;
    int rc = parse(lg, argc, argv, 2, &a, &id);
    if (rc != CLI_OK || a.help)
        return a.help ? cli_help(lg, print_vi, print_en) : rc;
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    strbuf pdf = {0};
    error e = {0};
    status st = svc_document_trip(&cs.s, id, a.pos[1], &pdf, &e);
    return finish(&cs, st, &e, a.out, &pdf);
}

static int print_transfer(lang lg, int argc, char **argv)
{
    print_args a = {.db = CLI_DEFAULT_DB};
    int64_t id = 0;
    int rc = parse(lg, argc, argv, 1, &a, &id);
    if (rc != CLI_OK || a.help)
        return a.help ? cli_help(lg, print_vi, print_en) : rc;
    cli_session cs;
    if (!cli_session_open(&cs, a.db, false, lg))
        return CLI_FAIL;
    strbuf pdf = {0};
    error e = {0};
    status st = svc_document_transfer(&cs.s, id, &pdf, &e);
    return finish(&cs, st, &e, a.out, &pdf);
}

int cli_print(int argc, char **argv)
{
    static const cli_sub subs[] = {{"trip", print_trip}, {"transfer", print_transfer}};
    return cli_dispatch(cli_lang(), argc, argv, subs, sizeof subs / sizeof subs[0], print_vi,
                        print_en);
}
