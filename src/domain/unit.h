/*
 * unit.h -- the organization tree: units and the rules that shape it.
 *
 * A unit is a node of the party's tree: committees above grassroots level,
 * grassroots organizations, cells and groups; units abroad carry their
 * country and overseas cell type. The tree is kept as materialized paths
 * ("/1/7/42/"), so a subtree is a prefix and scope checks are a prefix test.
 * Pure rules: no SQL, no HTTP, no clock (today is a parameter).
 */
#ifndef CAUNOI_UNIT_H
#define CAUNOI_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"

typedef enum unit_kind { UNIT_COMMITTEE, UNIT_GRASSROOTS, UNIT_CELL, UNIT_GROUP } unit_kind;

typedef struct unit {
    int64_t id;        /* 0 before insert */
    int64_t parent_id; /* 0 for the root */
    unit_kind kind;
    const char *code;      /* unique, [A-Za-z0-9._-], stored as typed */
    const char *name;      /* NFC, one line */
    const char *path;      /* "/1/7/42/", set by the store */
    int depth;             /* 0 for the root */
    char country[3];       /* ISO 3166-1 alpha-2 for units abroad, "" at home */
    const char *cell_type; /* overseas cell type code, NULL at home */
    bool temporary;        /* a temporary group or cell (delegation) */
    date_t founded_on;     /* DATE_NONE if unknown */
    date_t dissolved_on;   /* DATE_NONE while active */
    int64_t version;
    /* Filled by list queries, -1 when not computed. */
    int64_t child_count;
    int64_t member_count; /* active members (probationary, official) in the subtree */
} unit;

const char *unit_kind_name(unit_kind k); /* "committee", "grassroots", "cell", "group" */
bool unit_kind_parse(const char *s, unit_kind *out);

/* True when `child` may hang under `parent` (parent NULL: a root, which must
 * be a committee). committee > committee | grassroots; grassroots >
 * grassroots (partial) | cell; cell > group; group > nothing. */
bool unit_kind_allowed(const unit *parent, unit_kind child);

/* Check a new unit against its parent (NULL for the root) as of `today`:
 * code ("unit_code_format"), name ("unit_name_required"), kind under parent
 * ("unit_kind_parent"), parent not dissolved ("unit_parent_dissolved"),
 * country a known ISO code ("unit_country"), cell type only abroad and
 * required for cells and grassroots abroad ("unit_cell_type",
 * "unit_cell_type_home"), a child of a unit abroad is abroad
 * ("unit_country_parent"), depth within LIMIT_TREE_DEPTH ("unit_too_deep"),
 * founded not after today ("unit_founded_future"). Appends one error per
 * problem to errs; returns ST_INVALID when any. */
status unit_check(const unit *u, const unit *parent, date_t today, errlist *errs);

/* Moving `u` (with its subtree of height `subtree_height`) under
 * `new_parent`: not into itself or its own subtree ("unit_move_cycle"), the
 * kind rule, the parent active, the depth limit. */
status unit_check_move(const unit *u, const unit *new_parent, int subtree_height, error *e);

/* Dissolving `u` on `on`: not already dissolved ("unit_already_dissolved"),
 * not before founded ("unit_dissolve_before_founded"), not in the future
 * ("unit_dissolve_future"), no active child units ("unit_has_active_children")
 * and no active members left in it ("unit_has_members"). */
status unit_check_dissolve(const unit *u, date_t on, date_t today, int64_t active_children,
                           int64_t active_members, error *e);

/* True when path `inner` lies in the subtree rooted at path `outer`. */
bool unit_path_within(const char *inner, const char *outer);

/* ISO 3166-1 alpha-2: true for an assigned code (upper case); names in
 * Vietnamese and English for the interface (NULL when unknown). */
bool country_known(const char *cc);
const char *country_name(const char *cc, lang lg);
/* A known code other than VN: where a unit abroad may be. */
bool country_abroad(const char *cc);
/* The table in code order, for reference lists: index 0 .. country_count()-1. */
size_t country_count(void);
const char *country_code_at(size_t i);

#endif
