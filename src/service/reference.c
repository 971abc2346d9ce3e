/*
 * reference.c -- reference lists for pickers and the API: the overseas
 * cell types, named in the request's language.
 *
 * The list lives in the database (an administrator keeps it). This file
 * must never hard-code a cell type.
 */
#include "service/svc_internal.h"

status svc_cell_types(svc *s, cell_type **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    store_cell_type *rows = NULL;
    size_t count = 0;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_cell_types(s->db, s->a, &rows, &count, e);
    if (st != ST_OK)
        return st;
    cell_type *items = arena_alloc_array(s->a, count ? count : 1, sizeof *items);
    if (!items)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    for (size_t i = 0; i < count; i++) {
        items[i].code = rows[i].code;
        items[i].name = s->lg == LANG_EN ? rows[i].name_en : rows[i].name_vi;
    }
    *out = items;
    *n = count;
    return ST_OK;
}
