/*
 * stats_store.h -- the statistics' counts (store/stats.c): one GROUP BY
 * per breakdown over a date range, scoped on members.unit_path like the
 * other scoped reads (the transfers like store_transfer_list: sent from,
 * addressed to, or of a member of the scope; the groups by the
 * delegation's organizing unit).
 *
 * The store counts; it never decides a rule: which report is late (the
 * deadline needs the rule sets and the calendar) is the service's to say
 * from the groups this file returns.
 */
#ifndef CAUNOI_STATS_STORE_H
#define CAUNOI_STATS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef enum store_stats_query {
    /* trips with actual_departure in [from, to] */
    STATS_Q_TRIPS_YEAR = 0, /* key0 "YYYY" */
    STATS_Q_TRIPS_PURPOSE,  /* key0 purpose */
    STATS_Q_TRIPS_COUNTRY,  /* key0 country (each destination of a trip) */
    STATS_Q_TRIPS_UNIT,     /* key0 code, key1 name of the scope's child unit (or itself) */
    /* members abroad on `from` (to is ignored), as the compliance engine
     * says: a trip past draft, known (created) by then, departed by then
     * and not back by then, the member not left or deceased by then */
    STATS_Q_ABROAD_COUNTRY,   /* key0 first destination of the latest trip abroad ("") */
    STATS_Q_ABROAD_CELL_TYPE, /* key0 cell type of the unit attended abroad (NULL: none) */
    /* issued in [from, to], not cancelled */
    STATS_Q_TRANSFERS, /* key0 kind, key1 "0" or "1" (back) */
    /* decided in [from, to] */
    STATS_Q_EXEMPTIONS, /* key0 kind */
    /* formed in [from, to]: one row, no key */
    STATS_Q_GROUPS,
    /* trips with actual_return in [from, to]: key1 the return, key2 the
     * report's filing (NULL: not filed); key0 NULL (the rule sets of the
     * whole installation apply) */
    STATS_Q_REPORTS,
    /* the same, key0 the path of the nearest unit up from the member's
     * that has a rule set of its own ("/" when none has): for when units
     * have their own rule sets */
    STATS_Q_REPORTS_RULES,
    /* alerts whose `since` is in [from, to]: key0 rule, key1 "YYYY", each
     * alert key once */
    STATS_Q_VIOLATIONS,
    STATS_Q_COUNT
} store_stats_query;

typedef struct store_stats_row {
    const char *key[3];
    int64_t n;
} store_stats_row;

/* The rows of query q over the subtree at `scope` in [from, to], in `a`,
 * in no particular order. `whole`: the scope holds every unit
 * (store_stats_whole), so the queries that can skip the join to members
 * do. Errors: the database's; ST_NOMEM. */
status store_stats_rows(db *d, arena *a, store_stats_query q, const char *scope, bool whole,
                        date_t from, date_t to, store_stats_row **out, size_t *n, error *e);

/* *whole = no unit lies outside `scope` (every member is in it). */
status store_stats_whole(db *d, const char *scope, bool *whole, error *e);

/* *any = some rule set belongs to a unit (not the whole installation). */
status store_stats_unit_rule_sets(db *d, bool *any, error *e);

#endif
