/*
 * member.c -- the member record's rules (DOMAIN.md, "Records").
 *
 * member_normalize() turns what a person typed into the canonical record,
 * field by field, collecting every problem at once; member_check() states
 * the rules between fields (age at admission, probation, CCCD against sex
 * and birth year); member_check_status_change() the allowed transitions.
 * Pure: today and the card pattern come in through member_rules; text/
 * does the character-level work. This file must never touch storage, the
 * clock or the unit tree (resolving a unit code is the caller's).
 */
#include "domain/member.h"

#include <string.h>

#include "core/limits.h"
#include "core/str.h"
#include "text/text.h"

static const char *const status_names[] = {"probationary", "official", "left", "deceased"};

const char *member_status_name(member_status s)
{
    if ((unsigned)s >= sizeof status_names / sizeof status_names[0])
        return "probationary";
    return status_names[s];
}

bool member_status_parse(const char *s, member_status *out)
{
    for (size_t i = 0; s && i < sizeof status_names / sizeof status_names[0]; i++)
        if (strcmp(s, status_names[i]) == 0) {
            *out = (member_status)i;
            return true;
        }
    return false;
}

/* Append an error about `field`, keeping the code and argument of `e`. */
static void add_err(errlist *errs, error *e, const char *field, bool *bad)
{
    str_copy_utf8(e->field, sizeof e->field, field);
    if (e->st == ST_OK)
        e->st = ST_INVALID;
    errlist_add(errs, e);
    *bad = true;
}

static void add_code(errlist *errs, status st, const char *code, const char *field, bool *bad)
{
    error e;
    err_set(&e, st, code, field, NULL);
    errlist_add(errs, &e);
    *bad = true;
}

/* True when the typed value is empty after trimming ASCII white space. */
static bool blank(const char *s)
{
    while (s && (*s == ' ' || *s == '\t'))
        s++;
    return !s || !*s;
}

static void norm_name(arena *a, const char *in, member *out, errlist *errs, bool *bad)
{
    error e = {0};
    char *clean = NULL, *family = NULL, *middle = NULL, *given = NULL;
    if (text_clean_line(a, in, strlen(in), "full_name", &clean, &e) != ST_OK) {
        add_err(errs, &e, "full_name", bad);
        return;
    }
    if (!clean[0]) {
        add_code(errs, ST_INVALID, "required", "full_name", bad);
        return;
    }
    if (text_split_name(a, clean, &family, &middle, &given, &e) != ST_OK) {
        add_err(errs, &e, "full_name", bad);
        return;
    }
    out->full_name = clean;
    out->family_name = family;
    out->middle_name = middle ? middle : "";
    out->given_name = given;
}

static void norm_sex(const char *in, member *out, errlist *errs, bool *bad)
{
    while (*in == ' ')
        in++;
    size_t n = strlen(in);
    while (n > 0 && in[n - 1] == ' ')
        n--;
    if (n == 1 && (in[0] == 'M' || in[0] == 'm'))
        out->sex = 'M';
    else if (n == 1 && (in[0] == 'F' || in[0] == 'f'))
        out->sex = 'F';
    else if (n == 0)
        add_code(errs, ST_INVALID, "required", "sex", bad);
    else
        add_code(errs, ST_INVALID, "member_sex", "sex", bad);
}

/* A date field: "" clears it (an error when required), else strict ISO. */
static void norm_date(const char *in, const char *field, bool required, date_t *out, errlist *errs,
                      bool *bad)
{
    if (blank(in)) {
        *out = DATE_NONE;
        if (required)
            add_code(errs, ST_INVALID, "required", field, bad);
        return;
    }
    date_t t;
    if (!date_parse(in, &t)) {
        add_code(errs, ST_INVALID, "date_invalid", field, bad);
        return;
    }
    *out = t;
}

/* Identifier fields: "" clears, otherwise the text/ normalizer decides. */
typedef enum ident_kind { ID_CCCD, ID_CMND, ID_CARD, ID_RECORD, ID_PHONE, ID_EMAIL } ident_kind;

static void norm_ident(arena *a, ident_kind k, const char *in, const member_rules *r,
                       const char **out, errlist *errs, bool *bad)
{
    static const char *const fields[] = {"cccd",          "cmnd",  "card_number",
                                         "record_number", "phone", "email"};
    char buf[LIMIT_EMAIL_BYTES + 1];
    char *email = NULL;
    error e = {0};
    status st = ST_OK;
    if (blank(in)) {
        *out = NULL;
        return;
    }
    switch (k) {
    case ID_CCCD: st = cccd_normalize(in, buf, &e); break;
    case ID_CMND: st = cmnd_normalize(in, buf, &e); break;
    case ID_CARD: st = card_normalize(in, r->card_pattern, buf, &e); break;
    case ID_RECORD: st = record_number_normalize(in, buf, &e); break;
    case ID_PHONE: st = phone_normalize(in, buf, LIMIT_PHONE_BYTES, &e); break;
    case ID_EMAIL: st = email_normalize(a, in, &email, &e); break;
    }
    if (st != ST_OK) {
        add_err(errs, &e, fields[k], bad);
        return;
    }
    const char *v = k == ID_EMAIL ? email : arena_strdup(a, buf);
    if (!v) {
        add_code(errs, ST_NOMEM, "out_of_memory", fields[k], bad);
        return;
    }
    *out = v;
}

/* Status follows the dates, except after leaving or death. */
static void derive_status(member *m)
{
    if (m->status == MS_LEFT || m->status == MS_DECEASED)
        return;
    if (m->official_on != DATE_NONE) {
        m->status = MS_OFFICIAL;
        m->status_date = m->official_on;
    } else {
        m->status = MS_PROBATIONARY;
        m->status_date = m->admitted_on;
    }
}

static void derive_warnings(arena *a, const member_input *in, member *m)
{
    bool foreign = false;
    if (m->cccd && m->born_abroad && m->birth_date != DATE_NONE &&
        (m->sex == 'M' || m->sex == 'F')) {
        int y, mo, d;
        date_to_ymd(m->birth_date, &y, &mo, &d);
        cccd_check(m->cccd, m->sex, y, true, &foreign, NULL);
    }
    bool missing = !m->cccd && in->cccd_optional;
    if (foreign && missing)
        m->warnings = arena_strdup(a, "cccd_foreign cccd_missing");
    else if (foreign)
        m->warnings = "cccd_foreign";
    else if (missing)
        m->warnings = "cccd_missing";
    else
        m->warnings = "";
    if (!m->warnings)
        m->warnings = "";
}

static void init_out(const member *base, member *out)
{
    if (base) {
        *out = *base;
        return;
    }
    memset(out, 0, sizeof *out);
    out->birth_date = out->admitted_on = out->official_on = out->status_date = DATE_NONE;
    out->status = MS_PROBATIONARY;
    out->middle_name = "";
    out->warnings = "";
}

static void norm_required(arena *a, const member_input *in, const member *base, member *out,
                          errlist *errs, bool *bad)
{
    if (in->full_name)
        norm_name(a, in->full_name, out, errs, bad);
    else if (!base)
        add_code(errs, ST_INVALID, "required", "full_name", bad);
    if (in->sex)
        norm_sex(in->sex, out, errs, bad);
    else if (!base)
        add_code(errs, ST_INVALID, "required", "sex", bad);
    if (in->birth_date || !base)
        norm_date(in->birth_date, "birth_date", true, &out->birth_date, errs, bad);
    if (in->admitted_on || !base)
        norm_date(in->admitted_on, "admitted_on", true, &out->admitted_on, errs, bad);
    if (in->official_on)
        norm_date(in->official_on, "official_on", false, &out->official_on, errs, bad);
}

static void norm_idents(arena *a, const member_input *in, const member *base, const member_rules *r,
                        member *out, errlist *errs, bool *bad)
{
    /* CCCD is required, except for an old imported record (a warning). */
    bool cccd_blank = in->cccd ? blank(in->cccd) : !base;
    if (in->cccd)
        norm_ident(a, ID_CCCD, in->cccd, r, &out->cccd, errs, bad);
    if (cccd_blank && !in->cccd_optional)
        add_code(errs, ST_INVALID, "required", "cccd", bad);
    if (in->cmnd)
        norm_ident(a, ID_CMND, in->cmnd, r, &out->cmnd, errs, bad);
    if (in->card_number)
        norm_ident(a, ID_CARD, in->card_number, r, &out->card_number, errs, bad);
    if (in->record_number)
        norm_ident(a, ID_RECORD, in->record_number, r, &out->record_number, errs, bad);
    if (in->phone)
        norm_ident(a, ID_PHONE, in->phone, r, &out->phone, errs, bad);
    if (in->email)
        norm_ident(a, ID_EMAIL, in->email, r, &out->email, errs, bad);
}

status member_normalize(arena *a, const member_input *in, const member *base, const member_rules *r,
                        member *out, errlist *errs)
{
    bool bad = false;
    init_out(base, out);
    norm_required(a, in, base, out, errs, &bad);
    norm_idents(a, in, base, r, out, errs, &bad);
    if (in->born_abroad >= 0)
        out->born_abroad = in->born_abroad != 0;
    if (in->unit_id)
        out->unit_id = in->unit_id;
    if (in->unit_code)
        out->unit_code = in->unit_code;
    derive_status(out);
    derive_warnings(a, in, out);
    if (member_check(out, r, errs) != ST_OK)
        bad = true;
    return bad ? ST_INVALID : ST_OK;
}

static void check_dates(const member *m, date_t today, errlist *errs, bool *bad)
{
    if (m->birth_date != DATE_NONE && m->birth_date > today)
        add_code(errs, ST_INVALID, "member_birth_future", "birth_date", bad);
    if (m->admitted_on != DATE_NONE) {
        if (m->birth_date != DATE_NONE &&
            m->admitted_on < date_add_years(m->birth_date, MEMBER_MIN_ADMISSION_AGE_YEARS))
            add_code(errs, ST_INVALID, "member_admission_age", "admitted_on", bad);
        if (m->admitted_on > today)
            add_code(errs, ST_INVALID, "member_admission_future", "admitted_on", bad);
    }
    if (m->official_on != DATE_NONE) {
        if (m->admitted_on != DATE_NONE &&
            m->official_on < date_add_months(m->admitted_on, MEMBER_PROBATION_MONTHS))
            add_code(errs, ST_INVALID, "member_official_early", "official_on", bad);
        if (m->official_on > today)
            add_code(errs, ST_INVALID, "member_official_future", "official_on", bad);
    }
}

static void check_status(const member *m, date_t today, errlist *errs, bool *bad)
{
    switch (m->status) {
    case MS_PROBATIONARY:
        if (m->official_on != DATE_NONE)
            add_code(errs, ST_INVALID, "member_status_official", "official_on", bad);
        break;
    case MS_OFFICIAL:
        if (m->official_on == DATE_NONE)
            add_code(errs, ST_INVALID, "member_status_official", "official_on", bad);
        break;
    case MS_LEFT:
    case MS_DECEASED:
        if (m->status_date == DATE_NONE || m->status_date > today ||
            (m->admitted_on != DATE_NONE && m->status_date < m->admitted_on))
            add_code(errs, ST_INVALID, "member_status_date", "status_date", bad);
        break;
    }
}

status member_check(const member *m, const member_rules *r, errlist *errs)
{
    bool bad = false;
    check_dates(m, r->today, errs, &bad);
    check_status(m, r->today, errs, &bad);
    if (m->cccd && m->birth_date != DATE_NONE && (m->sex == 'M' || m->sex == 'F')) {
        int y, mo, d;
        bool foreign = false;
        error e = {0};
        date_to_ymd(m->birth_date, &y, &mo, &d);
        if (cccd_check(m->cccd, m->sex, y, m->born_abroad, &foreign, &e) != ST_OK)
            add_err(errs, &e, "cccd", &bad);
    }
    return bad ? ST_INVALID : ST_OK;
}

status member_check_status_change(const member *m, member_status to, date_t on, date_t today,
                                  error *e)
{
    if (to != MS_LEFT && to != MS_DECEASED)
        return err_set(e, ST_INVALID, "member_status_invalid", "status", NULL);
    bool from_active = m->status == MS_PROBATIONARY || m->status == MS_OFFICIAL;
    if (!from_active && !(m->status == MS_LEFT && to == MS_DECEASED))
        return err_set(e, ST_CONFLICT, "member_status_transition", "status",
                       member_status_name(m->status));
    if (on == DATE_NONE)
        return err_set(e, ST_INVALID, "required", "on", NULL);
    if (on > today || (m->admitted_on != DATE_NONE && on < m->admitted_on) ||
        (m->status_date != DATE_NONE && on < m->status_date))
        return err_set(e, ST_INVALID, "member_status_date", "on", NULL);
    return ST_OK;
}
