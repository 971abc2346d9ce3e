/*
 * ref.c -- settings and reference lists kept in the database (the card
 * number pattern, the overseas cell types).
 *
 * Read-only here: administrators change them through later use cases. This
 * file must never interpret a setting; it only hands its text over.
 */
#include "store/internal.h"

#include <string.h>

static const char SQL_SETTING[] = "SELECT value FROM settings WHERE key = ?1";
static const char SQL_CELL_TYPES[] =
    "SELECT code, name_vi, name_en FROM overseas_cell_types WHERE active = 1 ORDER BY code";
static const char SQL_CELL_TYPE_KNOWN[] =
    "SELECT 1 FROM overseas_cell_types WHERE code = ?1 AND active = 1";

status store_setting_get(db *d, arena *a, const char *key, const char **out, error *e)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(d, SQL_SETTING, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, key);
    int rc = db_step(st);
    status s = ST_OK;
    bool oom = false;
    if (rc == SQLITE_ROW)
        *out = col_text(a, st, 0, &oom);
    else if (rc != SQLITE_DONE)
        s = db_fail(d, rc, e);
    db_done(st);
    if (s == ST_OK && oom)
        s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return s;
}

status store_cell_types(db *d, arena *a, store_cell_type **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_CELL_TYPES, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    size_t cap = 8, len = 0;
    store_cell_type *items = arena_alloc_array(a, cap, sizeof *items);
    status s = items ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        store_cell_type *grown = arena_grow(a, items, len, &cap, sizeof *items);
        if (!grown) {
            s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            break;
        }
        items = grown;
        bool oom = false;
        items[len].code = col_text(a, st, 0, &oom);
        items[len].name_vi = col_text(a, st, 1, &oom);
        items[len].name_en = col_text(a, st, 2, &oom);
        len++;
        if (oom)
            s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}

status store_cell_type_known(db *d, const char *code, bool *known, error *e)
{
    *known = false;
    sqlite3_stmt *st = db_stmt(d, SQL_CELL_TYPE_KNOWN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, code);
    int rc = db_step(st);
    db_done(st);
    if (rc == SQLITE_ROW)
        *known = true;
    else if (rc != SQLITE_DONE)
        return db_fail(d, rc, e);
    return ST_OK;
}
