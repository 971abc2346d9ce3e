/*
 * calendar.h -- the calendar's use cases: days off, working days, the
 * lunar calendar, and the administrator's overrides (service/calendar.c).
 *
 * The computed calendar is domain/calendar.h's and domain/lunar.h's; the
 * overrides (the government's yearly announcements: extra days off, and
 * Saturdays worked in exchange) are kept in the database and applied on
 * top of it here, so every face and every deadline (trips, reports) sees
 * the same working days. Dates are Vietnam dates: nothing here reads the
 * clock or the time zone except through s->today.
 *
 * Reading is open to every signed-in role; changing the overrides is for
 * an administrator of the whole installation (and the operator), audited
 * in the change's own transaction (calendar.override_add,
 * calendar.override_remove; scope "/").
 *
 * Ownership: every pointer returned lives in s->a.
 */
#ifndef CAUNOI_SERVICE_CALENDAR_H
#define CAUNOI_SERVICE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/calendar.h"
#include "domain/lunar.h"
#include "service/service.h"

/* An override as stored: what it declares, and who entered it when. */
typedef struct calendar_override_record {
    date_t date;
    calendar_override_kind kind;
    const char *name;       /* "" for a working day entered without one */
    const char *created_by; /* the actor's label: login or "operator" */
    const char *created_at; /* "YYYY-MM-DDTHH:MM:SSZ" */
} calendar_override_record;

/* What a person enters: text as typed, checked and normalized here. */
typedef struct calendar_override_input {
    const char *date; /* "YYYY-MM-DD" */
    const char *kind; /* "day_off" or "working_day" */
    const char *name; /* required for a day off; NULL or "" otherwise */
} calendar_override_input;

/* ---- reading (every role) ---- */

/* The days off of `year`, in date order: the computed holidays and
 * compensatory days with the stored overrides applied (a working-day
 * override removes its date, a day-off override is listed as
 * CALENDAR_ANNOUNCED with its name in both languages). Errors:
 * "calendar_year_range" (ST_INVALID, field "year"), ST_NOMEM,
 * ST_UNAVAILABLE, ST_INTERNAL. */
status svc_calendar_holidays(svc *s, int year, calendar_day **out, size_t *n, error *e);

/* *out = the n-th working day after `from` (DOMAIN.md "Deadlines"; for
 * n = 0, `from` itself when it is a working day, else the next one), the
 * overrides applied. Errors: "calendar_period_range" (field "n"),
 * "calendar_out_of_range" (field "date": `from` or the answer outside the
 * calendar's years), and the database's. *out is set only on success. */
status svc_calendar_add_workdays(svc *s, date_t from, int n, date_t *out, error *e);

/* *out = whether `d` is a working day, the overrides applied. Errors:
 * "calendar_out_of_range" (field "date"), and the database's. */
status svc_calendar_is_workday(svc *s, date_t d, bool *out, error *e);

/* The lunar date of solar date `d` and back (domain/lunar.h, UTC+7).
 * Pure: they need neither the database nor the actor, so a context from
 * svc_init without a connection will do. Errors as lunar_from_solar
 * ("lunar_out_of_range", field "date") and lunar_to_solar
 * ("lunar_date_invalid", "lunar_out_of_range", field "lunar"). */
status svc_calendar_lunar(svc *s, date_t d, lunar_date *out, error *e);
status svc_calendar_solar(svc *s, const lunar_date *ld, date_t *out, error *e);

/* ---- the overrides (administrators of the whole installation) ---- */

/* The overrides dated in `year` (CALENDAR_MIN_YEAR..CALENDAR_MAX_YEAR,
 * else "calendar_year_range", field "year"), in date order. Others than an
 * administrator of "/" (or the operator): ST_FORBIDDEN "forbidden". */
status svc_calendar_overrides(svc *s, int year, calendar_override_record **out, size_t *n,
                              error *e);

/* Add one override. Every problem goes to `errs`, fields named "date",
 * "kind", "name": "required" (no date or kind), "date_invalid",
 * "calendar_out_of_range", "calendar_override_kind",
 * "calendar_override_name_required", "calendar_override_name_too_long",
 * "text_control" / "utf8_invalid" (the name), and
 * "calendar_override_duplicate" when the date already has one (remove it
 * first). The name is stored NFC with white space collapsed. Refused
 * actors: ST_FORBIDDEN "forbidden". On success *out is the stored row and
 * the change is audited; on any failure nothing is written. */
status svc_calendar_override_add(svc *s, const calendar_override_input *in,
                                 calendar_override_record *out, errlist *errs);

/* Remove the override of `date` ("YYYY-MM-DD"; else "required" or
 * "date_invalid", field "date"); ST_NOT_FOUND
 * "calendar_override_not_found" when there is none. *out (may be NULL)
 * receives the row removed. Audited; ST_FORBIDDEN "forbidden" as above. */
status svc_calendar_override_remove(svc *s, const char *date, calendar_override_record *out,
                                    error *e);

/* ---- for other services, inside their own transaction ---- */

/* The overrides dated from `from` on (all of them when DATE_NONE), in the
 * domain's shape, for calendar_add_workdays and its kin: a trip's deadline
 * is computed with the overrides its transaction sees. Names live in s->a.
 * Requires an open transaction (store_begin_read or store_begin_write). */
status svc_calendar_overrides_tx(svc *s, date_t from, calendar_override **out, size_t *n, error *e);

#endif
