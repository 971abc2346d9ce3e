/*
 * calendar.c -- the calendar overrides in SQL: list a period's, find one,
 * insert, delete.
 *
 * Dates are ISO TEXT, so date order is text order and a period is a text
 * range. This file must never judge an override (domain/calendar.c does)
 * nor decide who may change one (service/calendar.c does).
 */
#include "store/calendar_store.h"
#include "store/internal.h"

#include <string.h>

#define OVERRIDE_COLS "date, kind, name, created_by, created_at"

/* Open ends are bound as NULL: one statement serves every period. */
static const char SQL_LIST[] = "SELECT " OVERRIDE_COLS " FROM calendar_overrides"
                               " WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)"
                               " ORDER BY date";
static const char SQL_GET[] = "SELECT " OVERRIDE_COLS " FROM calendar_overrides WHERE date = ?1";
static const char SQL_INSERT[] =
    "INSERT INTO calendar_overrides (date, kind, name, created_by, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_DELETE[] = "DELETE FROM calendar_overrides WHERE date = ?1";

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* Read the current row of a statement over OVERRIDE_COLS; false when a
 * copy failed for want of memory. */
static bool read_row(arena *a, sqlite3_stmt *st, store_calendar_override *o)
{
    bool oom = false;
    const char *kind = (const char *)sqlite3_column_text(st, 1);
    o->date = col_date(st, 0);
    o->kind = kind && strcmp(kind, "day_off") == 0 ? CALENDAR_DAY_OFF : CALENDAR_WORKING_DAY;
    o->name = col_text(a, st, 2, &oom);
    o->created_by = col_text(a, st, 3, &oom);
    o->created_at = col_text(a, st, 4, &oom);
    return !oom;
}

status store_calendar_overrides(db *d, arena *a, date_t from, date_t to,
                                store_calendar_override **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_LIST, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 1, from);
    bind_date(st, 2, to);
    size_t cap = 0, len = 0;
    store_calendar_override *items = NULL;
    status s = ST_OK;
    for (;;) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        store_calendar_override *grown = arena_grow(a, items, len, &cap, sizeof *items);
        if (!grown || !read_row(a, st, &grown[len])) {
            s = nomem(e);
            break;
        }
        items = grown;
        len++;
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}

status store_calendar_override_get(db *d, arena *a, date_t date, store_calendar_override *out,
                                   bool *found, error *e)
{
    *found = false;
    sqlite3_stmt *st = db_stmt(d, SQL_GET, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 1, date);
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW) {
        store_calendar_override o;
        if (read_row(a, st, &o)) {
            *out = o;
            *found = true;
        } else {
            s = nomem(e);
        }
    } else if (rc != SQLITE_DONE) {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    return s;
}

status store_calendar_override_insert(db *d, const store_calendar_override *o, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 1, o->date);
    bind_text(st, 2, calendar_override_kind_name(o->kind));
    bind_text(st, 3, o->name && o->name[0] ? o->name : NULL);
    bind_text(st, 4, o->created_by);
    bind_text(st, 5, o->created_at);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

status store_calendar_override_delete(db *d, date_t date, bool *deleted, error *e)
{
    *deleted = false;
    sqlite3_stmt *st = db_stmt(d, SQL_DELETE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_date(st, 1, date);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK)
        *deleted = sqlite3_changes(d->h) == 1;
    return s;
}
