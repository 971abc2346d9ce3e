/*
 * fixtures.h -- records the service tests build through the use cases:
 * a unit, a member, and a trip taken through its steps with past dates.
 * Each helper fails the test (cmocka) when the use case refuses, naming
 * the first error. Include after testutil.h; `s` is a context made by
 * svc_init, whose actor may create what is asked (the operator for a
 * trip's steps: they are taken for every party).
 */
#ifndef CAUNOI_FIXTURES_H
#define CAUNOI_FIXTURES_H

#include "core/date.h"
#include "service/service.h"
#include "service/trip.h"
#include "service/trip_internal.h"
#include "store/store.h"

/* The date of "YYYY-MM-DD" (the test fails on anything else). */
static inline date_t fx_day(const char *iso)
{
    date_t t = DATE_NONE;
    assert_true(date_parse(iso, &t));
    return t;
}

/* A unit named after its code, reloaded (path, counts). A cell abroad
 * needs a cell type: `type`, or "students" when NULL. */
static inline unit fx_unit(svc *s, const char *kind, const char *code, int64_t parent,
                           const char *country, const char *type)
{
    unit_input in = {.kind = kind,
                     .code = code,
                     .name = code,
                     .parent_id = parent,
                     .temporary = -1,
                     .country = country,
                     .cell_type = country ? (type ? type : "students") : NULL};
    unit u;
    errlist errs;
    errlist_init(&errs, 0);
    if (svc_unit_create(s, &in, &u, &errs) != ST_OK)
        fail_msg("unit %s: %s", code, errs.items[0].code);
    errlist_free(&errs);
    error e;
    assert_int_equal(svc_unit_get(s, u.id, &u, &e), ST_OK);
    return u;
}

/* A trip to `country` for `purpose` (one that needs no document to be
 * submitted, such as "tourism"), its steps dated by the operator:
 * filed 16 days before departure, submitted 15, agreed 12, approved 10,
 * departed on `dep`; back on `back` (NULL: still abroad). Returns its id. */
static inline int64_t fx_trip_taken(svc *s, int64_t member_id, const char *purpose,
                                    const char *country, const char *dep, const char *ret,
                                    const char *back)
{
    error e = {0};
    assert_int_equal(store_begin_write(s->db, &e), ST_OK);
    errlist errs;
    errlist_init(&errs, 0);
    const char *countries[] = {country};
    date_t d0 = fx_day(dep);
    trip_when w = {.today = d0 - 16, .at = "2026-01-01T00:00:00Z", .any_party = true};
    trip_input in = {.purpose = purpose,
                     .countries = countries,
                     .n_countries = 1,
                     .countries_given = true,
                     .planned_departure = dep,
                     .planned_return = ret,
                     .payer = "self",
                     .delegation_id = -1};
    trip t;
    if (svc_trip_create_tx(s, &w, member_id, &in, &t, &errs) != ST_OK)
        fail_msg("create: %s", errs.items[0].code);
    const struct {
        trip_action a;
        const char *outcome;
        date_t day;
    } steps[] = {{TRIP_SUBMIT, NULL, d0 - 15},
                 {TRIP_OPINION, "agree", d0 - 12},
                 {TRIP_DECIDE, "approved", d0 - 10},
                 {TRIP_DEPART, NULL, d0},
                 {TRIP_RETURN, NULL, back ? fx_day(back) : DATE_NONE}};
    for (size_t i = 0; i < (back ? 5u : 4u); i++) {
        w.today = steps[i].day;
        trip_step st = {.outcome = steps[i].outcome};
        if (svc_trip_act_tx(s, &w, t.id, t.version, steps[i].a, &st, &t, &errs) != ST_OK)
            fail_msg("%s: %s", trip_action_name(steps[i].a), errs.items[0].code);
    }
    assert_int_equal(store_commit(s->db, &e), ST_OK);
    errlist_free(&errs);
    return t.id;
}

#endif
