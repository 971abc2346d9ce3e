/*
 * trip_bind.h -- binding by parameter name for the trips' store files
 * (trips.c, trip_extras.c), whose statements share names (:scope, :upper,
 * :id, :now). A name the statement does not use is skipped. Nothing
 * outside those files includes this one.
 */
#ifndef CAUNOI_TRIP_BIND_H
#define CAUNOI_TRIP_BIND_H

#include "store/internal.h"

static inline void tb_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        bind_text(st, i, v);
}

static inline void tb_date(sqlite3_stmt *st, const char *name, date_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        bind_date(st, i, v);
}

static inline void tb_int(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        sqlite3_bind_int64(st, i, v);
}

/* An id, or NULL for 0. */
static inline void tb_id(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i && v)
        sqlite3_bind_int64(st, i, v);
    else if (i)
        sqlite3_bind_null(st, i);
}

static inline void tb_scope(sqlite3_stmt *st, const char *scope)
{
    int i = sqlite3_bind_parameter_index(st, ":scope");
    if (i)
        bind_scope_at(st, i, sqlite3_bind_parameter_index(st, ":upper"), scope);
}

static inline status tb_nomem(error *e)
{
    return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
}

#endif
