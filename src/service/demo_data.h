/*
 * demo_data.h -- the tables the demo generator draws from: Vietnamese names
 * with their weights, the provinces and places of the tree since July 2025,
 * and the party organizations abroad.
 *
 * These are facts and frequencies, not records: demo.c turns them into
 * units and members with a seeded generator. Nothing here is a person.
 * The end of the file declares the trips' loader (demo_trips.c) and what
 * demo.c hands it.
 * All strings are NFC UTF-8 with full diacritics and static.
 */
#ifndef CAUNOI_DEMO_DATA_H
#define CAUNOI_DEMO_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "service/service.h"

/* A name part with its weight (relative frequency) and its ASCII form for
 * e-mail addresses. */
typedef struct demo_name {
    const char *vi;
    const char *ascii;
    unsigned weight;
} demo_name;

typedef struct demo_name_table {
    const demo_name *items;
    size_t n;
} demo_name_table;

extern const demo_name_table demo_family_names;
extern const demo_name_table demo_middle_male;
extern const demo_name_table demo_middle_female;
extern const demo_name_table demo_given_male;
extern const demo_name_table demo_given_female;

/* The 63 province codes of birth registration (DOMAIN.md, "Citizen ID"). */
extern const char *const demo_cccd_provinces[];
extern const size_t demo_cccd_provinces_n;

/* The day the 2025 communes and wards (and the merged provinces) began. */
#define DEMO_COMMUNES_FOUNDED "2025-07-01"

/* Most cells a grassroots organization lists in these tables. */
#define DEMO_MAX_CELLS 5
/* Most former provinces merged into one since July 2025 (four: Hà Nội is
 * one, Hồ Chí Minh City three, plus one spare). */
#define DEMO_MAX_FORMER 4

/* A cell: code suffix, name, and for cells abroad the overseas cell type. */
typedef struct demo_cell {
    const char *suffix;
    const char *name;
    const char *cell_type; /* NULL at home */
} demo_cell;

/* A grassroots organization at home (commune, ward or agency) or abroad.
 * The party committee of a commune or ward is named "Đảng bộ xã ..." or
 * "Đảng bộ phường ...": these were all founded with the new communes on
 * DEMO_COMMUNES_FOUNDED. */
typedef struct demo_grassroots {
    const char *suffix;
    const char *name;
    const char *cell_type;           /* NULL at home */
    demo_cell cells[DEMO_MAX_CELLS]; /* ends at the first NULL name */
    const char *birth_code;          /* of the former province it lay in; NULL: the
                                        province's own (first of cccd_codes) */
} demo_grassroots;

/* A central committee: the first row of demo_centrals is the root (the
 * Central Committee), the others hang directly under it. */
typedef struct demo_central {
    const char *code;
    const char *name;
    const char *founded_on;
} demo_central;

extern const demo_central demo_centrals[];
extern const size_t demo_centrals_n;

/* A provincial committee of the 34 since 1 July 2025, with the birth
 * registration codes of the former provinces merged into it (first is the
 * province's own), the letters of its record numbers and its grassroots
 * organizations. */
typedef struct demo_province {
    const char *code;
    const char *name;
    const char *cccd_codes[DEMO_MAX_FORMER]; /* ends at the first NULL */
    const char *record_letters;
    const demo_grassroots *orgs;
    size_t n_orgs;
    const char *founded_on; /* the merger's date for merged provinces */
} demo_province;

extern const demo_province demo_provinces[];
extern const size_t demo_provinces_n;

/* The overseas committee (Đảng bộ Bộ Ngoại giao, under Đảng bộ Chính phủ)
 * and its organizations abroad, one or more per country. */
typedef struct demo_country {
    const char *cc;           /* ISO 3166-1 alpha-2 */
    const char *birth_code;   /* ISO 3166-1 numeric: the CCCD of a member whose
                                 birth was registered there (off the 63) */
    const char *phone_prefix; /* "+81 90" */
    int phone_digits;         /* local digits after the prefix */
    demo_grassroots org;
} demo_country;

extern const char *const demo_overseas_code;
extern const char *const demo_overseas_name;
extern const char *const demo_overseas_parent_code;
extern const char *const demo_overseas_founded_on;
extern const demo_country demo_countries[];
extern const size_t demo_countries_n;

/* Mobile network prefixes in Việt Nam (after +84). */
extern const char *const demo_vn_mobile_prefixes[];
extern const size_t demo_vn_mobile_prefixes_n;

/* ---- trips (demo_trips.c) ---- */

/* A member of the demo as the trips' loader sees it: demo.c fills one per
 * member it saved, in the order drawn. */
typedef struct demo_traveller {
    int64_t id;
    const char *cell_code; /* "HN.BADINH.TDP5" */
    date_t admitted;
    bool at_home; /* in a cell at home: the travellers are drawn from these */
    bool active;  /* probationary or official (not left, not deceased) */
} demo_traveller;

/* The member every example names (Đặng Văn An): his index in the draw. */
#define DEMO_EXAMPLE_DRAW 3

/* What demo_transfers.c builds on a trip: the trips the plans tag, and the
 * delegations. */
typedef enum demo_tag {
    DEMO_TAG_NONE = 0,
    DEMO_TAG_TEMP_RECEIVED,     /* 9 months in Japan: temporary transfer, received */
    DEMO_TAG_OFFICIAL_RECEIVED, /* 2 years in Japan: official transfer, received */
    DEMO_TAG_TEMP_STUCK,        /* labour in Japan: temporary transfer never received */
    DEMO_TAG_OFFICIAL_STUCK,    /* study in Japan: official transfer never received */
    DEMO_TAG_OFFICIAL_TRANSIT,  /* study in Japan: official transfer just issued */
    DEMO_TAG_SINGLE,            /* a year in Mongolia: single-member guidance */
    DEMO_TAG_NO_ARR_SINGLE,     /* months in Mongolia: nothing arranged */
    DEMO_TAG_EXEMPT_EXPIRED,    /* in Mongolia: temporary exemption ended while there */
    DEMO_TAG_EXEMPT_EXPIRING,   /* in New Zealand: exemption ending within weeks */
    DEMO_TAG_NO_ARR_LONG,       /* over a year in Korea: nothing arranged */
    DEMO_TAG_BACK_NOT_ENDED,    /* back from Korea, the temporary transfer never ended */
    DEMO_TAG_BACK_ENDED,        /* back from France, the temporary transfer ended */
    DEMO_TAG_OFFICIAL_BACK,     /* back from Australia: official transfer back home */
    DEMO_TAG_COUNT
} demo_tag;

typedef struct demo_trip_made {
    demo_tag tag;
    int64_t trip_id, member_id;
    date_t dep, ret;  /* actual departure; the actual return, DATE_NONE while abroad */
    const char *cell; /* the traveller's cell (code) */
} demo_trip_made;

/* The demo's delegations: 1 the Sở Y tế's (short, in the future), 2 one
 * of three in Laos for six weeks whose temporary group is formed, 3 one
 * of four in China for two months without one. */
#define DEMO_DELEGATIONS 3
#define DEMO_DELEG_GROUP 2

typedef struct demo_trips_out {
    demo_trip_made tagged[DEMO_TAG_COUNT]; /* by tag; trip_id 0 when none */
    int64_t delegation_id[DEMO_DELEGATIONS + 1];
    int64_t delegation_version[DEMO_DELEGATIONS + 1];
    date_t delegation_dep[DEMO_DELEGATIONS + 1];
} demo_trips_out;

/* The cell abroad whose secretary has a demo account (receives transfers). */
#define DEMO_ABROAD_CELL "BNG.JP.LHS-TOKYO"

/* File the demo's trips inside the load's write transaction, each step
 * dated relative to s->today, so that every state of the lifecycle appears
 * (with late and missing reports, refusals, extensions, a member under an
 * open disciplinary review and a delegation of three) and the inboxes of
 * the demo accounts are not empty, whatever day the demo is loaded. A step
 * the service refuses is a bug here: "demo_record_invalid" (ST_INTERNAL);
 * other failures pass through. */
status demo_trips_load_tx(svc *s, const demo_traveller *people, size_t n, demo_trips_out *out,
                          error *e);

/* ---- transfers, exemptions, groups (demo_transfers.c) ---- */

/* On the trips `made` tags, inside the load's transaction: transfers to
 * cells abroad (received, stuck in transit, just issued), back home, a
 * single-member guidance in Mongolia, exemptions (one expired while
 * abroad, one ending soon), delegation 2's temporary group; each dated
 * relative to s->today. A refusal is a bug here ("demo_record_invalid"). */
status demo_transfers_load_tx(svc *s, const demo_trips_out *made, error *e);

#endif
