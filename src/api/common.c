/*
 * common.c -- what every handler shares: the service context, query
 * parameters, If-Match and ETag, and the JSON shapes of units and members.
 *
 * The shapes here are the ones docs/api.md shows; a field added to a record
 * is added to its encoder once. This file must never call a service or
 * decide a rule: it only converts between typed values and JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "api/api.h"
#include "core/log.h"
#include "core/str.h"

/* Who a request without a session acts as (signing in): no user, a scope
 * path no unit has (unit ids start at 1), the least role. */
static const actor anonymous = {
    .user_id = 0, .label = "anonymous", .scope_path = "/0/", .role = ROLE_MEMBER, .ip = ""};

void api_svc(http_request *rq, svc *s)
{
    const actor *who = &anonymous;
    if (rq->session) {
        who = &rq->session->who;
    } else if (rq->client_ip && rq->client_ip[0]) {
        actor *a = arena_alloc(rq->a, sizeof *a);
        if (a) {
            *a = anonymous;
            a->ip = rq->client_ip;
            who = a;
        }
    }
    svc_init(s, rq->conn, rq->a, who, rq->lg, rq->now);
}

const char *api_password_nfc(arena *a, const char *pw)
{
    if (!pw)
        return NULL;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)pw, (utf8proc_ssize_t)strlen(pw),
                                        &nfc, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    const char *out = len >= 0 ? arena_strndup(a, (const char *)nfc, (size_t)len) : NULL;
    free(nfc); /* utf8proc's own allocation, as text/normalize.c frees it */
    return out ? out : pw;
}

bool api_timestamp_unix(const char *ts, int64_t *out)
{
    char day[DATE_ISO_LEN];
    date_t d;
    if (!ts || strlen(ts) != 20 || ts[10] != 'T' || ts[13] != ':' || ts[16] != ':' || ts[19] != 'Z')
        return false;
    memcpy(day, ts, DATE_ISO_LEN - 1);
    day[DATE_ISO_LEN - 1] = '\0';
    int hms[3];
    for (int i = 0; i < 3; i++) {
        const char *p = ts + 11 + 3 * i;
        if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
            return false;
        hms[i] = (p[0] - '0') * 10 + (p[1] - '0');
    }
    if (!date_parse(day, &d) || hms[0] > 23 || hms[1] > 59 || hms[2] > 60)
        return false;
    *out = (int64_t)d * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2];
    return true;
}

static status to_file(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)ctx) == len ? ST_OK : ST_INTERNAL;
}

void api_respond_csv(http_request *rq, http_response *rs, svc *s, api_csv_writer write,
                     const void *arg, const char *filename)
{
    error e = {0};
    FILE *f = tmpfile();
    if (!f) {
        http_respond_fail(rs, rq->a, rq->lg, ST_INTERNAL, "internal", NULL, NULL);
        return;
    }
    status st = write(s, arg, to_file, f, &e);
    long size = st == ST_OK && fflush(f) == 0 ? ftell(f) : -1;
    int fd = size >= 0 ? dup(fileno(f)) : -1;
    fclose(f);
    if (st != ST_OK) {
        api_respond_error(rq, rs, &e);
        return;
    }
    if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        if (fd >= 0)
            close(fd);
        log_error("export: temporary file failed");
        http_respond_fail(rs, rq->a, rq->lg, ST_INTERNAL, "internal", NULL, NULL);
        return;
    }
    rs->status = 200;
    rs->content_type = "text/csv; charset=utf-8";
    rs->fd = fd;
    rs->fd_size = (uint64_t)size;
    http_header_add(rs, "Content-Disposition",
                    arena_printf(rq->a, "attachment; filename=\"%s\"", filename));
    http_header_add(rs, "Cache-Control", "no-store");
}

void api_respond_json(http_request *rq, http_response *rs, int code, json_t *root)
{
    http_respond_json(rs, rq->a, code, root);
}

void api_respond_error(http_request *rq, http_response *rs, const error *e)
{
    http_respond_error(rs, rq->a, rq->lg, e);
}

void api_respond_errors(http_request *rq, http_response *rs, const errlist *errs)
{
    http_respond_errors(rs, rq->a, rq->lg, errs);
}

void api_respond_failed(http_request *rq, http_response *rs, status st, const errlist *errs)
{
    if (errs->len > 0)
        api_respond_errors(rq, rs, errs);
    else
        http_respond_fail(rs, rq->a, rq->lg, st, st == ST_NOMEM ? "out_of_memory" : "internal",
                          NULL, NULL);
}

static bool bad_query(http_request *rq, http_response *rs, const char *key)
{
    http_respond_fail(rs, rq->a, rq->lg, ST_BAD_REQUEST, "query_value", key, key);
    return false;
}

bool api_query_limit(http_request *rq, http_response *rs, int *out)
{
    const char *v = http_query_get(&rq->target, "limit");
    int64_t n;
    if (!v)
        return true;
    if (!str_to_i64(v, &n) || n < 1 || n > LIMIT_PAGE_MAX)
        return bad_query(rq, rs, "limit");
    *out = (int)n;
    return true;
}

bool api_query_id(http_request *rq, http_response *rs, const char *key, int64_t *out)
{
    const char *v = http_query_get(&rq->target, key);
    int64_t n;
    if (!v)
        return true;
    if (!str_is_digits(v, strlen(v)) || !str_to_i64(v, &n) || n <= 0)
        return bad_query(rq, rs, key);
    *out = n;
    return true;
}

bool api_query_bool(http_request *rq, http_response *rs, const char *key, bool *out)
{
    const char *v = http_query_get(&rq->target, key);
    if (!v)
        return true;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "") == 0)
        *out = true;
    else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        *out = false;
    else
        return bad_query(rq, rs, key);
    return true;
}

bool api_query_text(http_request *rq, http_response *rs, const char *key, size_t max,
                    const char **out)
{
    const char *v = http_query_get(&rq->target, key);
    if (!v)
        return true;
    if (strlen(v) > max)
        return bad_query(rq, rs, key);
    *out = v;
    return true;
}

bool api_query_date(http_request *rq, http_response *rs, const char *key, date_t *out)
{
    const char *v = http_query_get(&rq->target, key);
    date_t d;
    if (!v)
        return true;
    if (!date_parse(v, &d))
        return bad_query(rq, rs, key);
    *out = d;
    return true;
}

bool api_query_day(http_request *rq, http_response *rs, const char *key, date_t *out)
{
    const char *v = http_query_get(&rq->target, key);
    *out = DATE_NONE;
    if (!v)
        return true;
    if (date_parse(v, out))
        return true;
    http_respond_fail(rs, rq->a, rq->lg, ST_BAD_REQUEST, "date_invalid", key, v);
    return false;
}

void api_respond_buffer(http_request *rq, http_response *rs, strbuf *b, const char *media_type,
                        const char *file_name)
{
    unsigned char *data = b->failed ? NULL : arena_alloc(rq->a, b->len ? b->len : 1);
    if (data && b->len)
        memcpy(data, b->data, b->len);
    size_t len = b->len;
    buf_free(b);
    if (!data) {
        http_respond_fail(rs, rq->a, rq->lg, ST_NOMEM, "out_of_memory", NULL, NULL);
        return;
    }
    http_respond_download(rs, rq->a, media_type, data, len, file_name);
    if (rs->status == 200)
        http_header_add(rs, "Cache-Control", "no-store");
}

bool api_if_match(http_request *rq, http_response *rs, int64_t *version)
{
    error e;
    if (http_if_match_parse(rq->if_match, version, &e) == ST_OK)
        return true;
    api_respond_error(rq, rs, &e);
    return false;
}

void api_etag(http_request *rq, http_response *rs, int64_t version)
{
    http_header_add(rs, "ETag", arena_printf(rq->a, "\"%lld\"", (long long)version));
}

json_t *api_date_json(date_t d)
{
    char iso[DATE_ISO_LEN];
    if (d == DATE_NONE)
        return json_null();
    date_format(d, iso);
    return json_string(iso);
}

json_t *api_str_json(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *count_json(int64_t n) { return n < 0 ? json_null() : json_integer(n); }

/* Set names[i] to values[i] for each i; values are consumed, NULL ones
 * (allocation failed) included. False when anything failed. */
static bool set_all(json_t *o, const char *const *names, json_t **values, size_t n)
{
    bool ok = o != NULL;
    for (size_t i = 0; i < n; i++) {
        if (ok && values[i]) {
            ok = json_object_set_new(o, names[i], values[i]) == 0;
        } else {
            json_decref(values[i]);
            ok = false;
        }
    }
    return ok;
}

json_t *api_object(const char *const *names, json_t **values, size_t n)
{
    json_t *o = json_object();
    if (!set_all(o, names, values, n)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *api_unit_json(const unit *u)
{
    static const char *const names[] = {"id",        "parent_id",   "kind",        "code",
                                        "name",      "path",        "depth",       "country",
                                        "cell_type", "temporary",   "founded_on",  "dissolved_on",
                                        "version",   "child_count", "member_count"};
    json_t *values[] = {
        json_integer(u->id),
        u->parent_id ? json_integer(u->parent_id) : json_null(),
        json_string(unit_kind_name(u->kind)),
        api_str_json(u->code),
        api_str_json(u->name),
        api_str_json(u->path),
        json_integer(u->depth),
        u->country[0] ? json_string(u->country) : json_null(),
        api_str_json(u->cell_type),
        json_boolean(u->temporary),
        api_date_json(u->founded_on),
        api_date_json(u->dissolved_on),
        json_integer(u->version),
        count_json(u->child_count),
        count_json(u->member_count),
    };
    json_t *o = json_object();
    if (!set_all(o, names, values, sizeof values / sizeof values[0])) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* "cccd_foreign cccd_missing" -> ["cccd_foreign", "cccd_missing"] */
static json_t *warnings_json(const char *w)
{
    json_t *list = json_array();
    while (list && w && *w) {
        size_t n = strcspn(w, " ");
        if (n && json_array_append_new(list, json_stringn(w, n)) != 0) {
            json_decref(list);
            return NULL;
        }
        w += n;
        w += strspn(w, " ");
    }
    return list;
}

static json_t *member_unit_json(const member *m)
{
    json_t *o = json_object();
    static const char *const names[] = {"id", "code", "name"};
    json_t *values[] = {json_integer(m->unit_id), api_str_json(m->unit_code),
                        api_str_json(m->unit_name)};
    if (!set_all(o, names, values, 3)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *api_member_json(const member *m)
{
    static const char *const names[] = {
        "id",         "version",     "full_name",     "family_name", "middle_name",
        "given_name", "sex",         "birth_date",    "cccd",        "born_abroad",
        "cmnd",       "card_number", "record_number", "admitted_on", "official_on",
        "status",     "status_date", "unit",          "phone",       "email",
        "warnings",   "created_at",  "updated_at"};
    char sex[2] = {m->sex, '\0'};
    json_t *values[] = {
        json_integer(m->id),
        json_integer(m->version),
        api_str_json(m->full_name),
        api_str_json(m->family_name),
        api_str_json(m->middle_name),
        api_str_json(m->given_name),
        json_string(sex),
        api_date_json(m->birth_date),
        api_str_json(m->cccd),
        json_boolean(m->born_abroad),
        api_str_json(m->cmnd),
        api_str_json(m->card_number),
        api_str_json(m->record_number),
        api_date_json(m->admitted_on),
        api_date_json(m->official_on),
        json_string(member_status_name(m->status)),
        api_date_json(m->status_date),
        member_unit_json(m),
        api_str_json(m->phone),
        api_str_json(m->email),
        warnings_json(m->warnings),
        api_str_json(m->created_at),
        api_str_json(m->updated_at),
    };
    json_t *o = json_object();
    if (!set_all(o, names, values, sizeof values / sizeof values[0])) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *api_page_json(json_t *items, const char *next_cursor)
{
    json_t *o = json_object();
    if (!o) {
        json_decref(items);
        return NULL;
    }
    bool ok = items && json_object_set_new(o, "items", items) == 0;
    if (ok && next_cursor)
        ok = json_object_set_new(o, "next_cursor", json_string(next_cursor)) == 0;
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *api_names_json(const char *csv)
{
    json_t *list = json_array();
    while (list && csv && *csv) {
        size_t n = strcspn(csv, ",");
        if (n && json_array_append_new(list, json_stringn(csv, n)) != 0) {
            json_decref(list);
            return NULL;
        }
        csv += n;
        csv += strspn(csv, ", ");
    }
    return list;
}
