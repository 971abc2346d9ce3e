/*
 * conn.c -- connections and request contexts, and the helpers every use
 * case shares (rules of the day, derived search columns, cursors).
 *
 * A connection is a database handle with its statement cache and an ICU
 * collator, owned by one thread. svc_init is the only place a service
 * learns the time. This file must never hold a rule of its own.
 */
#include "service/svc_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/limits.h"

bool actor_whole_installation(const actor *who)
{
    return who && who->scope_path && strcmp(who->scope_path, STORE_SCOPE_ALL) == 0;
}

const actor svc_operator = {
    .user_id = 0, .label = "operator", .scope_path = STORE_SCOPE_ALL, .role = ROLE_ADMIN, .ip = ""};

status svc_conn_open(const char *db_path, bool create, svc_conn **out, error *e)
{
    *out = NULL;
    svc_conn *c = xcalloc(1, sizeof *c);
    if (!c)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    status st = store_open(db_path, create, &c->db, e);
    if (st == ST_OK)
        st = text_collator_open(&c->coll, e);
    if (st != ST_OK) {
        svc_conn_close(c);
        return st;
    }
    *out = c;
    return ST_OK;
}

void svc_conn_close(svc_conn *c)
{
    if (!c)
        return;
    text_collator_close(c->coll);
    store_close(c->db);
    xfree(c);
}

int svc_schema_version(svc_conn *c) { return c ? store_schema_version(c->db) : 0; }

void svc_init(svc *s, svc_conn *c, arena *a, const actor *who, lang lg, int64_t unix_seconds)
{
    memset(s, 0, sizeof *s);
    s->conn = c;
    s->db = c ? c->db : NULL;
    s->coll = c ? c->coll : NULL;
    s->a = a;
    s->who = who ? who : &svc_operator;
    s->lg = lg;
    s->today = date_vn_from_unix(unix_seconds);
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    char buf[32];
    if (gmtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
        s->now = arena_strdup(a, buf);
}

const char *svc_scope(const svc *s)
{
    return s->who && s->who->scope_path ? s->who->scope_path : "";
}

status svc_ready(const svc *s, error *e)
{
    if (!s->db || !s->a)
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    if (!s->now)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    store_end_leftover(s->db);
    if (!store_scope_valid(svc_scope(s)))
        return err_set(e, ST_NOT_FOUND, "unit_not_found", NULL, NULL);
    return ST_OK;
}

status svc_push(errlist *errs, const error *e)
{
    if (errs && errlist_add(errs, e) != ST_OK)
        return ST_NOMEM;
    return e->st == ST_OK ? ST_INTERNAL : e->st;
}

status svc_errs_status(const errlist *errs)
{
    if (!errs)
        return ST_INVALID;
    if (errs->len == 0) /* every refusal records an error: this one was lost */
        return errs->dropped ? ST_INVALID : ST_NOMEM;
    /* A failure of the machine (memory, database) outranks what the
     * person typed; otherwise the first problem decides. */
    for (size_t i = 0; i < errs->len; i++)
        if (errs->items[i].st == ST_NOMEM || errs->items[i].st == ST_INTERNAL ||
            errs->items[i].st == ST_UNAVAILABLE)
            return errs->items[i].st;
    return errs->items[0].st == ST_OK ? ST_INVALID : errs->items[0].st;
}

status svc_member_rules(svc *s, member_rules *r, error *e)
{
    r->today = s->today;
    r->card_pattern = NULL;
    status st = store_setting_get(s->db, s->a, "card_pattern", &r->card_pattern, e);
    if (st == ST_OK && !r->card_pattern)
        r->card_pattern = "^[0-9]{8}$"; /* the schema's default, should the row be gone */
    return st;
}

status svc_member_index(svc *s, const member *m, member_index *ix, error *e)
{
    memset(ix, 0, sizeof *ix);
    ix->name_lower = text_lower(s->a, m->full_name);
    ix->name_folded = text_fold(s->a, m->full_name);
    if (!ix->name_lower || !ix->name_folded)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    strbuf key = {0};
    status st = text_name_sort_key(s->coll, m->family_name, m->middle_name ? m->middle_name : "",
                                   m->given_name, m->birth_date, &key, e);
    if (st == ST_OK && key.failed)
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (st == ST_OK) {
        void *copy = arena_alloc(s->a, key.len ? key.len : 1);
        if (!copy) {
            st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
        } else {
            memcpy(copy, key.data, key.len);
            ix->sort_key = copy;
            ix->sort_key_len = key.len;
        }
    }
    buf_free(&key);
    return st;
}

status svc_parse_date(const char *in, date_t dflt, const char *field, date_t *out, error *e)
{
    if (!in || !in[0]) {
        *out = dflt;
        return ST_OK;
    }
    if (!date_parse(in, out))
        return err_set(e, ST_INVALID, "date_invalid", field, NULL);
    return ST_OK;
}

const char *svc_date_iso(svc *s, date_t t)
{
    char iso[DATE_ISO_LEN];
    date_format(t, iso);
    return arena_strdup(s->a, iso);
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *svc_b64url_encode(arena *a, const void *p, size_t n)
{
    const unsigned char *in = p;
    char *out = arena_alloc(a, (n + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = B64[(v >> 18) & 63];
        out[o++] = B64[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = B64[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = B64[v & 63];
    }
    out[o] = '\0';
    return out;
}

static int b64_value(char c)
{
    const char *p = c ? strchr(B64, c) : NULL;
    return p ? (int)(p - B64) : -1;
}

bool svc_b64url_decode(arena *a, const char *s, unsigned char **out, size_t *n)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > LIMIT_CURSOR || len % 4 == 1)
        return false;
    unsigned char *buf = arena_alloc(a, len);
    if (!buf)
        return false;
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64_value(s[i]);
        if (v < 0)
            return false;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[o++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    if (acc & ((1u << bits) - 1)) /* non-canonical trailing bits */
        return false;
    *out = buf;
    *n = o;
    return true;
}

void svc_sort_units(svc *s, unit *items, size_t n)
{
    /* Insertion sort: a unit has tens of children, not thousands. */
    for (size_t i = 1; i < n; i++) {
        unit cur = items[i];
        size_t j = i;
        while (j > 0) {
            int c = text_collate(s->coll, items[j - 1].name, cur.name);
            if (c < 0 || (c == 0 && items[j - 1].id < cur.id))
                break;
            items[j] = items[j - 1];
            j--;
        }
        items[j] = cur;
    }
}
