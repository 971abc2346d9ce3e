/*
 * member.h -- the member record and its rules (DOMAIN.md, "Records").
 *
 * member_normalize() is the edge: it takes what a person typed (already
 * valid UTF-8) and returns the canonical record or every field error at
 * once; member_check() states the rules that tie fields together. Pure:
 * "today" and the card-number pattern come in as parameters.
 */
#ifndef CAUNOI_MEMBER_H
#define CAUNOI_MEMBER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"

typedef enum member_status { MS_PROBATIONARY, MS_OFFICIAL, MS_LEFT, MS_DECEASED } member_status;

/* Age at admission and probation length (DOMAIN.md). */
#define MEMBER_MIN_ADMISSION_AGE_YEARS 18
#define MEMBER_PROBATION_MONTHS        12

typedef struct member {
    int64_t id; /* 0 before insert */
    int64_t version;
    const char *full_name;   /* NFC, single spaces */
    const char *family_name; /* derived from full_name */
    const char *middle_name;
    const char *given_name;
    char sex; /* 'M' or 'F' */
    date_t birth_date;
    const char *cccd; /* 12 digits, NULL when absent (old imported records) */
    bool born_abroad; /* CCCD carries a foreign registration code */
    const char *cmnd;
    const char *card_number;
    const char *record_number;
    date_t admitted_on;
    date_t official_on; /* DATE_NONE while probationary */
    member_status status;
    date_t status_date; /* admitted_on, official_on, or the date left/died */
    int64_t unit_id;
    const char *unit_code; /* filled on reads */
    const char *unit_name;
    const char *unit_path;
    const char *phone;
    const char *email;
    const char *warnings; /* space-separated codes: "cccd_foreign", "cccd_missing" */
    const char *created_at;
    const char *updated_at;
} member;

/* What a person typed, field by field, before normalization. NULL means the
 * field was not given. The API, the CSV import and the demo all fill this. */
typedef struct member_input {
    const char *full_name, *sex, *birth_date, *cccd, *cmnd, *card_number, *record_number;
    const char *admitted_on, *official_on, *phone, *email;
    const char *unit_code; /* or unit_id */
    int64_t unit_id;
    int born_abroad;    /* -1 not given, 0, 1 */
    bool cccd_optional; /* import of an old record: missing CCCD is a warning */
} member_input;

typedef struct member_rules {
    date_t today;
    const char *card_pattern; /* POSIX ERE from settings */
} member_rules;

const char *member_status_name(member_status s); /* "probationary", ... */
bool member_status_parse(const char *s, member_status *out);

/* Normalize every given field of `in` into `out` (strings from `a`) and
 * check each field alone and all the rules between fields (member_check).
 * Field names in errors are the API's: "full_name", "sex", "birth_date",
 * "cccd", ... Appends every problem to errs; ST_INVALID if any. Unit
 * resolution (unit_code -> unit_id) is the caller's. When `base` is given,
 * fields not given in `in` keep base's values (an update). */
status member_normalize(arena *a, const member_input *in, const member *base, const member_rules *r,
                        member *out, errlist *errs);

/* Rules between fields: admission at 18 or older ("member_admission_age"),
 * not before birth, not in the future ("member_admission_future"); official
 * date at least 12 months after admission ("member_official_early"), not in
 * the future; status consistent with the official date; CCCD against sex and
 * birth year (cccd_check). Appends to errs. */
status member_check(const member *m, const member_rules *r, errlist *errs);

/* A status change to left or deceased on `on`: from probationary or official
 * to left or deceased, from left to deceased; never back
 * ("member_status_transition"); the date not before admission nor after
 * today ("member_status_date"). */
status member_check_status_change(const member *m, member_status to, date_t on, date_t today,
                                  error *e);

#endif
