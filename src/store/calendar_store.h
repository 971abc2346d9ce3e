/*
 * calendar_store.h -- the administrator's calendar overrides in SQL
 * (table calendar_overrides, migration 003_calendar).
 *
 * The store only keeps and finds rows: whether an override is valid, who
 * may change one, and what it does to the working days are the service's
 * and domain/calendar.h's. Like the rest of store/, these functions never
 * begin or end a transaction; strings read are copied into the caller's
 * arena. Errors: ST_NOMEM, ST_UNAVAILABLE (busy), ST_INTERNAL (logged).
 */
#ifndef CAUNOI_CALENDAR_STORE_H
#define CAUNOI_CALENDAR_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "domain/calendar.h"

typedef struct db db;

/* One row. `name` is NULL for a working day entered without one. */
typedef struct store_calendar_override {
    date_t date;
    calendar_override_kind kind;
    const char *name;
    const char *created_by; /* the actor's label */
    const char *created_at; /* "YYYY-MM-DDTHH:MM:SSZ" */
} store_calendar_override;

/* The overrides dated from `from` to `to` inclusive (DATE_NONE: open at
 * that end), in date order, into an array from `a` (*out NULL when none). */
status store_calendar_overrides(db *d, arena *a, date_t from, date_t to,
                                store_calendar_override **out, size_t *n, error *e);

/* The override of `date`: *found false (and *out untouched) when none. */
status store_calendar_override_get(db *d, arena *a, date_t date, store_calendar_override *out,
                                   bool *found, error *e);

/* Insert `o`. A date already present breaks the primary key: the caller
 * checks first, inside the same write transaction (ST_INTERNAL otherwise). */
status store_calendar_override_insert(db *d, const store_calendar_override *o, error *e);

/* Delete the override of `date`; *deleted tells whether a row went. */
status store_calendar_override_delete(db *d, date_t date, bool *deleted, error *e);

#endif
