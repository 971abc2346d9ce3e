/*
 * units.c -- `caunoi units`: the organization tree for scripts.
 *
 * One unit a line, tab-separated: code, kind, parent code, name (in tree
 * order), or a JSON array with --json. This file must never filter or
 * reorder what the service returns beyond formatting it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"

static const char units_vi[] =
    "Cách dùng: caunoi units [--db ĐƯỜNG_DẪN] [--json]\n"
    "\n"
    "In mọi tổ chức đảng theo thứ tự cây, mỗi dòng một tổ chức, các cột cách nhau\n"
    "bằng dấu tab: mã, loại (committee, grassroots, cell, group), mã tổ chức cấp\n"
    "trên (trống với gốc), tên.\n"
    "\n"
    "  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định " CLI_DEFAULT_DB ")\n"
    "  --json           in một mảng JSON: code, kind, parent_code, name, id,\n"
    "                   parent_id, country, cell_type, dissolved_on\n"
    "  --help           hiện hướng dẫn này\n";
static const char units_en[] =
    "Usage: caunoi units [--db PATH] [--json]\n"
    "\n"
    "Print every party unit in tree order, one a line, tab-separated: code,\n"
    "kind (committee, grassroots, cell, group), parent code (empty for a root),\n"
    "name.\n"
    "\n"
    "  --db PATH   the database file (default " CLI_DEFAULT_DB ")\n"
    "  --json      print a JSON array: code, kind, parent_code, name, id,\n"
    "              parent_id, country, cell_type, dissolved_on\n"
    "  --help      show this help\n";

typedef struct id_code {
    int64_t id;
    const char *code;
} id_code;

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const id_code *)a)->id, y = ((const id_code *)b)->id;
    return (x > y) - (x < y);
}

static const char *parent_code(const id_code *idx, size_t n, int64_t parent_id)
{
    id_code key = {.id = parent_id};
    const id_code *f = parent_id ? bsearch(&key, idx, n, sizeof *idx, by_id) : NULL;
    return f ? f->code : "";
}

static bool print_json(const unit_page *p, const id_code *idx)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < p->n; i++) {
        const unit *u = &p->items[i];
        json_t *o = json_pack("{s:s, s:s, s:s?, s:s, s:I, s:o, s:s?, s:s?, s:o}", "code", u->code,
                              "kind", unit_kind_name(u->kind), "parent_code",
                              u->parent_id ? parent_code(idx, p->n, u->parent_id) : NULL, "name",
                              u->name, "id", (json_int_t)u->id, "parent_id",
                              u->parent_id ? json_integer(u->parent_id) : json_null(), "country",
                              u->country[0] ? u->country : NULL, "cell_type", u->cell_type,
                              "dissolved_on", api_date_json(u->dissolved_on));
        if (json_array_append_new(list, o) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    bool ok = list && json_dumpf(list, stdout, JSON_INDENT(2)) == 0 && putchar('\n') != EOF;
    json_decref(list);
    return ok;
}

int cli_units(int argc, char **argv)
{
    lang lg = cli_lang();
    const char *db_path = CLI_DEFAULT_DB;
    bool as_json = false;
    const cli_opt opts[] = {{"--db", &db_path, NULL}, {"--json", NULL, &as_json}};
    const char *pos[1];
    size_t npos;
    bool help;
    if (!cli_parse(lg, argc, argv, opts, 2, pos, 0, &npos, &help))
        return CLI_USAGE;
    if (help)
        return cli_help(lg, units_vi, units_en);
    api_json_init();
    cli_session cs;
    if (!cli_session_open(&cs, db_path, false, lg))
        return CLI_FAIL;
    int rc = CLI_FAIL;
    error e = {0};
    unit_page p;
    if (svc_unit_list_all(&cs.s, &p, &e) != ST_OK) {
        cli_print_error(lg, &e);
        goto done;
    }
    id_code *idx = arena_alloc_array(&cs.a, p.n ? p.n : 1, sizeof *idx);
    if (!idx) {
        err_set(&e, ST_NOMEM, "out_of_memory", NULL, NULL);
        cli_print_error(lg, &e);
        goto done;
    }
    for (size_t i = 0; i < p.n; i++)
        idx[i] = (id_code){p.items[i].id, p.items[i].code};
    qsort(idx, p.n, sizeof *idx, by_id);
    if (as_json) {
        rc = print_json(&p, idx) ? CLI_OK : CLI_FAIL;
        goto done;
    }
    for (size_t i = 0; i < p.n; i++) {
        const unit *u = &p.items[i];
        printf("%s\t%s\t%s\t%s\n", u->code, unit_kind_name(u->kind),
               parent_code(idx, p.n, u->parent_id), u->name);
    }
    rc = fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
done:
    cli_session_close(&cs);
    return rc;
}
