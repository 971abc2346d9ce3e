/*
 * receivers.c -- the units a transfer may be addressed to abroad
 * (receivers_store.h): one read over units, installation-wide.
 *
 * Reads identifying columns only; must never read members or decide
 * whether a transfer is allowed (domain/transfer.h does, on issuing).
 */
#include "store/receivers_store.h"

#include <string.h>

#include "store/internal.h"

/* clang-format off */
static const char SQL_RECEIVERS[] =
    "SELECT u.id, u.kind, u.code, u.name, u.country, u.cell_type, u.country IS NULL FROM units u"
    " WHERE u.temporary = 0 AND (u.dissolved_on IS NULL OR u.dissolved_on > ?1)"
    " AND (u.country IS NOT NULL OR (u.kind = 'committee' AND EXISTS (SELECT 1 FROM units c"
    "  WHERE c.parent_id = u.id AND c.country IS NOT NULL)))"
    " ORDER BY u.country IS NOT NULL, u.country, u.code";
/* clang-format on */

static status read_receiver(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_receiver *r = row;
    bool oom = false;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    const char *kind = (const char *)sqlite3_column_text(st, 1);
    if (!kind || !unit_kind_parse(kind, &r->kind))
        r->kind = UNIT_CELL;
    r->code = col_text(a, st, 2, &oom);
    r->name = col_text(a, st, 3, &oom);
    const char *cc = (const char *)sqlite3_column_text(st, 4);
    if (cc && strlen(cc) == 2)
        memcpy(r->country, cc, 3);
    r->cell_type = col_text(a, st, 5, &oom);
    r->overseas_committee = sqlite3_column_int(st, 6) != 0;
    if (oom)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return ST_OK;
}

status store_receivers(db *d, arena *a, date_t today, store_receiver **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_RECEIVERS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 1, today);
    void *items = NULL;
    status s = db_collect(d, a, st, sizeof **out, read_receiver, 0, &items, n, NULL, e);
    if (s == ST_OK)
        *out = items;
    return s;
}
