/*
 * json.c -- request bodies into input structs, by a table of fields.
 *
 * A resource declares its body as a small spec (name, type, where it goes)
 * and api_json_decode does the rest once for all: jansson parses with
 * duplicates refused (it already refuses invalid UTF-8 and \u0000), the
 * body must be an object, every member must be a field of the spec with the
 * right type. Strings are copied into the request's arena, untouched: NFC
 * and field rules belong to domain/. This file must never accept a field it
 * does not know, and never guess a type (no "12" for 12).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/alloc.h"

void api_json_init(void) { json_set_alloc_funcs(xmalloc, xfree); }

static status add(errlist *errs, status st, const char *code, const char *field, const char *arg)
{
    error e;
    err_set(&e, st, code, field, arg);
    if (errlist_add(errs, &e) != ST_OK)
        return ST_NOMEM;
    return st;
}

/* The whole-body error for a jansson failure. */
static status syntax_error(const json_error_t *je, errlist *errs)
{
    char where[32];
    switch (json_error_code(je)) {
    case json_error_invalid_utf8:
        /* jansson's position: the byte where it stopped, 1-based as text/ counts */
        if (snprintf(where, sizeof where, "%d", je->position) < 0)
            where[0] = '\0';
        return add(errs, ST_BAD_REQUEST, "utf8_invalid", NULL, where);
    case json_error_duplicate_key:
        return add(errs, ST_BAD_REQUEST, "json_duplicate_field", NULL, NULL);
    case json_error_numeric_overflow:
        return add(errs, ST_BAD_REQUEST, "json_number_range", NULL, NULL);
    case json_error_out_of_memory: return add(errs, ST_NOMEM, "out_of_memory", NULL, NULL);
    default:
        if (snprintf(where, sizeof where, "%d:%d", je->line, je->column) < 0)
            where[0] = '\0';
        return add(errs, ST_BAD_REQUEST, "json_syntax", NULL, where);
    }
}

static void set_not_given(const api_field *f, char *base)
{
    switch (f->type) {
    case AF_STRING: *(const char **)(void *)(base + f->offset) = NULL; break;
    case AF_ID: *(int64_t *)(void *)(base + f->offset) = 0; break;
    case AF_BOOL: *(int *)(void *)(base + f->offset) = -1; break;
    case AF_OBJECT: *(const char **)(void *)(base + f->offset) = NULL; break;
    case AF_STRINGS: memset(base + f->offset, 0, sizeof(api_strings)); break;
    case AF_REF: *(int64_t *)(void *)(base + f->offset) = -1; break;
    case AF_COUNT: *(int *)(void *)(base + f->offset) = -1; break;
    }
}

/* An array of strings into an api_strings (null: given and empty). False
 * when the value is neither, or an element is not a string. */
static status store_strings(arena *a, const api_field *f, json_t *v, api_strings *dst,
                            errlist *errs)
{
    if (json_is_null(v)) {
        dst->given = true;
        return ST_OK;
    }
    if (!json_is_array(v))
        return add(errs, ST_BAD_REQUEST, "json_type", f->name, f->name);
    size_t n = json_array_size(v);
    const char **items = arena_alloc_array(a, n ? n : 1, sizeof *items);
    if (!items)
        return add(errs, ST_NOMEM, "out_of_memory", NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        json_t *el = json_array_get(v, i);
        if (!json_is_string(el))
            return add(errs, ST_BAD_REQUEST, "json_type", f->name, f->name);
        items[i] = arena_strndup(a, json_string_value(el), json_string_length(el));
        if (!items[i])
            return add(errs, ST_NOMEM, "out_of_memory", NULL, NULL);
    }
    dst->items = items;
    dst->n = n;
    dst->given = true;
    return ST_OK;
}

/* Store one JSON value into its field, or report why not. */
static status store_field(arena *a, const api_field *f, json_t *v, char *base, errlist *errs)
{
    void *dst = base + f->offset;
    switch (f->type) {
    case AF_STRING: {
        if (!json_is_string(v) && !json_is_null(v))
            break;
        const char *s = json_is_null(v) ? "" : json_string_value(v);
        size_t n = json_is_null(v) ? 0 : json_string_length(v);
        char *copy = arena_strndup(a, s, n);
        if (!copy)
            return add(errs, ST_NOMEM, "out_of_memory", NULL, NULL);
        *(const char **)dst = copy;
        return ST_OK;
    }
    case AF_ID:
        if (json_is_null(v)) {
            *(int64_t *)dst = 0;
            return ST_OK;
        }
        if (!json_is_integer(v))
            break;
        if (json_integer_value(v) <= 0)
            return add(errs, ST_BAD_REQUEST, "json_id_invalid", f->name, f->name);
        *(int64_t *)dst = (int64_t)json_integer_value(v);
        return ST_OK;
    case AF_BOOL:
        if (!json_is_boolean(v) && !json_is_null(v))
            break;
        *(int *)dst = json_is_true(v) ? 1 : 0;
        return ST_OK;
    case AF_OBJECT: {
        if (!json_is_object(v))
            break;
        char *text = json_dumps(v, JSON_COMPACT);
        char *copy = text ? arena_strdup(a, text) : NULL;
        xfree(text);
        if (!copy)
            return add(errs, ST_NOMEM, "out_of_memory", NULL, NULL);
        *(const char **)dst = copy;
        return ST_OK;
    }
    case AF_STRINGS: return store_strings(a, f, v, dst, errs);
    case AF_REF:
        if (json_is_null(v)) {
            *(int64_t *)dst = 0;
            return ST_OK;
        }
        if (!json_is_integer(v))
            break;
        if (json_integer_value(v) <= 0)
            return add(errs, ST_BAD_REQUEST, "json_id_invalid", f->name, f->name);
        *(int64_t *)dst = (int64_t)json_integer_value(v);
        return ST_OK;
    case AF_COUNT:
        if (!json_is_integer(v))
            break;
        if (json_integer_value(v) < 0 || json_integer_value(v) > INT_MAX)
            return add(errs, ST_BAD_REQUEST, "json_count_invalid", f->name, f->name);
        *(int *)dst = (int)json_integer_value(v);
        return ST_OK;
    }
    return add(errs, ST_BAD_REQUEST, "json_type", f->name, f->name);
}

status api_json_decode(arena *a, const char *body, size_t len, const api_field *spec, size_t nspec,
                       void *out, errlist *errs)
{
    char *base = out;
    for (size_t i = 0; i < nspec; i++)
        set_not_given(&spec[i], base);
    json_error_t je;
    json_t *root =
        json_loadb(body ? body : "", body ? len : 0, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (!root)
        return syntax_error(&je, errs);
    status first = ST_OK;
    if (!json_is_object(root)) {
        first = add(errs, ST_BAD_REQUEST, "json_not_object", NULL, NULL);
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        const api_field *f = NULL;
        for (size_t i = 0; i < nspec && !f; i++)
            if (strcmp(spec[i].name, key) == 0)
                f = &spec[i];
        status st = f ? store_field(a, f, v, base, errs)
                      : add(errs, ST_BAD_REQUEST, "json_unknown_field", key, key);
        if (first == ST_OK)
            first = st;
        if (st == ST_NOMEM) {
            first = ST_NOMEM;
            break;
        }
    }
done:
    json_decref(root);
    return first;
}

/* The PATCH body of a member: member_input plus the date a unit change
 * takes effect. */
typedef struct member_body {
    member_input in;
    const char *unit_change_on;
} member_body;

#define MF(name, type)                                                                             \
    {                                                                                              \
#name, type, offsetof(member_body, in.name)                                                \
    }
static const api_field member_spec[] = {
    MF(full_name, AF_STRING),
    MF(sex, AF_STRING),
    MF(birth_date, AF_STRING),
    MF(cccd, AF_STRING),
    MF(born_abroad, AF_BOOL),
    MF(cmnd, AF_STRING),
    MF(card_number, AF_STRING),
    MF(record_number, AF_STRING),
    MF(admitted_on, AF_STRING),
    MF(official_on, AF_STRING),
    MF(unit_id, AF_ID),
    MF(unit_code, AF_STRING),
    MF(phone, AF_STRING),
    MF(email, AF_STRING),
    {"unit_change_on", AF_STRING, offsetof(member_body, unit_change_on)},
};
#undef MF

status api_member_decode(arena *a, const char *body, size_t len, member_input *in,
                         const char **unit_change_on, errlist *errs)
{
    member_body mb;
    memset(&mb, 0, sizeof mb);
    size_t n = sizeof member_spec / sizeof member_spec[0] - (unit_change_on ? 0 : 1);
    status st = api_json_decode(a, body, len, member_spec, n, &mb, errs);
    *in = mb.in;
    in->cccd_optional = false;
    if (unit_change_on)
        *unit_change_on = mb.unit_change_on;
    return st;
}

#define UF(name, type)                                                                             \
    {                                                                                              \
#name, type, offsetof(unit_input, name)                                                    \
    }
/* POST: every field. PATCH: the first four only (kind, parent and country
 * change through /move or not at all). */
static const api_field unit_spec[] = {
    UF(code, AF_STRING),        UF(name, AF_STRING),    UF(cell_type, AF_STRING),
    UF(founded_on, AF_STRING),  UF(kind, AF_STRING),    UF(parent_id, AF_ID),
    UF(parent_code, AF_STRING), UF(country, AF_STRING), UF(temporary, AF_BOOL),
};
#undef UF
#define UNIT_PATCH_FIELDS 4

status api_unit_decode(arena *a, const char *body, size_t len, bool patch, unit_input *in,
                       errlist *errs)
{
    memset(in, 0, sizeof *in);
    size_t n = patch ? UNIT_PATCH_FIELDS : sizeof unit_spec / sizeof unit_spec[0];
    status st = api_json_decode(a, body, len, unit_spec, n, in, errs);
    if (patch)
        in->temporary = -1;
    return st;
}

/* The body of a trip: trip_input's fields, countries as an array, and the
 * member a staff caller files for. */
typedef struct trip_body {
    const char *purpose, *purpose_detail, *planned_departure, *planned_return;
    const char *payer, *payer_note, *decision_number;
    api_strings countries;
    int64_t delegation_id;
    int64_t member_id;
} trip_body;

#define TF(name, type)                                                                             \
    {                                                                                              \
#name, type, offsetof(trip_body, name)                                                     \
    }
/* PATCH takes all but the last (the member is fixed at creation). */
static const api_field trip_spec[] = {
    TF(purpose, AF_STRING),        TF(purpose_detail, AF_STRING),
    TF(countries, AF_STRINGS),     TF(planned_departure, AF_STRING),
    TF(planned_return, AF_STRING), TF(payer, AF_STRING),
    TF(payer_note, AF_STRING),     TF(decision_number, AF_STRING),
    TF(delegation_id, AF_REF),     TF(member_id, AF_ID),
};
#undef TF

status api_trip_decode(arena *a, const char *body, size_t len, trip_input *in, int64_t *member_id,
                       errlist *errs)
{
    trip_body tb;
    memset(&tb, 0, sizeof tb);
    size_t n = sizeof trip_spec / sizeof trip_spec[0] - (member_id ? 0 : 1);
    status st = api_json_decode(a, body, len, trip_spec, n, &tb, errs);
    memset(in, 0, sizeof *in);
    in->purpose = tb.purpose;
    in->purpose_detail = tb.purpose_detail;
    in->countries = tb.countries.items;
    in->n_countries = tb.countries.n;
    in->countries_given = tb.countries.given;
    in->planned_departure = tb.planned_departure;
    in->planned_return = tb.planned_return;
    in->payer = tb.payer;
    in->payer_note = tb.payer_note;
    in->decision_number = tb.decision_number;
    in->delegation_id = tb.delegation_id;
    if (member_id)
        *member_id = tb.member_id;
    return st;
}

static const api_field step_spec[] = {
    {"outcome", AF_STRING, offsetof(trip_step, outcome)},
    {"comment", AF_STRING, offsetof(trip_step, comment)},
    {"date", AF_STRING, offsetof(trip_step, date)},
    {"text", AF_STRING, offsetof(trip_step, text)},
};

status api_trip_step_decode(arena *a, const char *body, size_t len, trip_step *out, errlist *errs)
{
    memset(out, 0, sizeof *out);
    if (!body || len == 0)
        return ST_OK;
    return api_json_decode(a, body, len, step_spec, sizeof step_spec / sizeof step_spec[0], out,
                           errs);
}

/* ---- transfers, exemptions, groups, alerts (issue 5) ---- */

/* An empty body is an object with no fields: the steps and scans whose
 * fields are all optional may send nothing. */
static status decode_optional(arena *a, const char *body, size_t len, const api_field *spec,
                              size_t nspec, void *out, errlist *errs)
{
    if (!body || len == 0)
        return ST_OK;
    return api_json_decode(a, body, len, spec, nspec, out, errs);
}

#define XF(name, type)                                                                             \
    {                                                                                              \
#name, type, offsetof(transfer_input, name)                                                \
    }
static const api_field transfer_spec[] = {
    XF(member_id, AF_ID),        XF(kind, AF_STRING), XF(to_unit_id, AF_ID),
    XF(to_unit_code, AF_STRING), XF(trip_id, AF_ID),  XF(issued_on, AF_STRING),
    XF(note, AF_STRING),
};
#undef XF

status api_transfer_decode(arena *a, const char *body, size_t len, transfer_input *in,
                           errlist *errs)
{
    memset(in, 0, sizeof *in);
    return api_json_decode(a, body, len, transfer_spec,
                           sizeof transfer_spec / sizeof transfer_spec[0], in, errs);
}

static const api_field transfer_step_spec[] = {
    {"date", AF_STRING, offsetof(api_transfer_step, date)},
    {"comment", AF_STRING, offsetof(api_transfer_step, comment)},
};

status api_transfer_step_decode(arena *a, const char *body, size_t len, api_transfer_step *out,
                                errlist *errs)
{
    memset(out, 0, sizeof *out);
    return decode_optional(a, body, len, transfer_step_spec,
                           sizeof transfer_step_spec / sizeof transfer_step_spec[0], out, errs);
}

#define EF(name, type)                                                                             \
    {                                                                                              \
#name, type, offsetof(exemption_input, name)                                               \
    }
static const api_field exemption_spec[] = {
    EF(member_id, AF_ID),           EF(kind, AF_STRING),          EF(reason, AF_STRING),
    EF(decision_number, AF_STRING), EF(starts_on, AF_STRING),     EF(ends_on, AF_STRING),
    EF(decided_on, AF_STRING),      EF(approving_unit_id, AF_ID),
};
#undef EF

status api_exemption_decode(arena *a, const char *body, size_t len, exemption_input *in,
                            errlist *errs)
{
    memset(in, 0, sizeof *in);
    return api_json_decode(a, body, len, exemption_spec,
                           sizeof exemption_spec / sizeof exemption_spec[0], in, errs);
}

typedef struct on_body {
    const char *on;
} on_body;
static const api_field on_spec[] = {{"on", AF_STRING, offsetof(on_body, on)}};

status api_on_decode(arena *a, const char *body, size_t len, const char **on, errlist *errs)
{
    on_body b = {0};
    status st = decode_optional(a, body, len, on_spec, 1, &b, errs);
    *on = b.on;
    return st;
}

typedef struct scan_body {
    int64_t unit_id;
} scan_body;
static const api_field scan_spec[] = {{"unit_id", AF_ID, offsetof(scan_body, unit_id)}};

status api_scan_decode(arena *a, const char *body, size_t len, int64_t *unit_id, errlist *errs)
{
    scan_body b = {0};
    status st = decode_optional(a, body, len, scan_spec, 1, &b, errs);
    *unit_id = b.unit_id;
    return st;
}
