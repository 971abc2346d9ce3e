/*
 * trip_lists.c -- the lists of trips: the filtered list (newest planned
 * departure first) and each actor's inbox (what waits for them, oldest
 * first), both keyset-paged with opaque cursors.
 *
 * What an inbox holds follows from domain/trip.h's trip_waiting_for and
 * the party each role acts for; nothing here names a state by hand. This
 * file must never write SQL nor change anything.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "service/svc_internal.h"
#include "service/trip_internal.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

static int page_limit(int limit)
{
    if (limit <= 0)
        return LIMIT_PAGE_DEFAULT;
    return limit > LIMIT_PAGE_MAX ? LIMIT_PAGE_MAX : limit;
}

/* The views of a page of rows, their countries loaded. */
static status views_of(svc *s, store_trip *rows, size_t n, trip_page *out, error *e)
{
    trip_env env;
    status st = svc_trip_env_tx(s, &env, e);
    if (st != ST_OK)
        return st;
    out->items = arena_alloc_array(s->a, n ? n : 1, sizeof *out->items);
    if (!out->items)
        return nomem(e);
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        st = store_trip_countries(s->db, s->a, rows[i].t.id, &rows[i].t.countries,
                                  &rows[i].t.n_countries, e);
        if (st == ST_OK)
            st = svc_trip_view_of(s, &env, &rows[i], &out->items[i], e);
    }
    if (st == ST_OK)
        out->n = n;
    return st;
}

/* ---- cursors: base64url of "field|field|id" ---- */

static const char *cursor_make(svc *s, const char *a, const char *b, int64_t id)
{
    char *raw = b ? arena_printf(s->a, "%s|%s|%" PRId64, a, b, id)
                  : arena_printf(s->a, "%s|%" PRId64, a, id);
    return raw ? svc_b64url_encode(s->a, raw, strlen(raw)) : NULL;
}

/* Split a cursor into `nparts` text parts and the trailing id. */
static status cursor_read(svc *s, const char *cursor, char **parts, int nparts, int64_t *id,
                          error *e)
{
    unsigned char *raw;
    size_t n;
    if (!svc_b64url_decode(s->a, cursor, &raw, &n) || memchr(raw, '\0', n))
        return err_set(e, ST_INVALID, "cursor_invalid", "cursor", NULL);
    char *text = arena_strndup(s->a, (const char *)raw, n);
    if (!text)
        return nomem(e);
    for (int i = 0; i < nparts; i++) {
        char *bar = strchr(text, '|');
        if (!bar)
            return err_set(e, ST_INVALID, "cursor_invalid", "cursor", NULL);
        *bar = '\0';
        parts[i] = text;
        text = bar + 1;
    }
    if (!str_to_i64(text, id) || *id <= 0)
        return err_set(e, ST_INVALID, "cursor_invalid", "cursor", NULL);
    return ST_OK;
}

/* ---- the list ---- */

/* ",departed,extension_requested,": the states in which the member is
 * abroad (domain/trip.h's trip_state_abroad), in the arena. */
static const char *states_abroad(svc *s)
{
    strbuf b = {0};
    for (int i = 0; i < TRIP_STATE_COUNT; i++)
        if (trip_state_abroad((trip_state)i)) {
            buf_putc(&b, ',');
            buf_puts(&b, trip_state_name((trip_state)i));
        }
    buf_putc(&b, ',');
    const char *out = b.failed ? NULL : arena_strdup(s->a, b.data);
    buf_free(&b);
    return out;
}

static status list_filters(svc *s, const trip_query *q, store_trip_query *sq, error *e)
{
    trip_state ts;
    trip_purpose tp;
    sq->scope = svc_trip_scope(s);
    sq->owner = svc_trip_owner(s);
    sq->today = s->today;
    sq->limit = page_limit(q->limit);
    if (q->state && strcmp(q->state, "open") == 0)
        sq->open = true;
    else if (q->state && strcmp(q->state, "abroad") == 0)
        sq->states = states_abroad(s);
    else if (q->state && !trip_state_parse(q->state, &ts))
        return err_set(e, ST_INVALID, "trip_state_invalid", "state", q->state);
    else
        sq->state = q->state;
    if (q->state && strcmp(q->state, "abroad") == 0 && !sq->states)
        return nomem(e);
    if (q->purpose && !trip_purpose_parse(q->purpose, &tp))
        return err_set(e, ST_INVALID, "trip_purpose_invalid", "purpose", q->purpose);
    sq->purpose = q->purpose;
    if (q->country) {
        char cc[3] = {0};
        if (strlen(q->country) != 2)
            return err_set(e, ST_INVALID, "country_invalid", "country", q->country);
        for (int i = 0; i < 2; i++)
            cc[i] = (char)(q->country[i] >= 'a' && q->country[i] <= 'z' ? q->country[i] - 32
                                                                        : q->country[i]);
        if (!country_known(cc))
            return err_set(e, ST_INVALID, "country_invalid", "country", q->country);
        sq->country = arena_strdup(s->a, cc);
        if (!sq->country)
            return nomem(e);
    }
    if (q->member_id && !sq->owner)
        sq->owner = q->member_id;
    if (q->unit_id && svc_trip_owner(s) == 0) {
        unit u;
        status st = store_unit_get(s->db, s->a, svc_scope(s), q->unit_id, &u, e);
        if (st != ST_OK)
            return st;
        sq->scope = u.path; /* inside the actor's scope: found there */
    }
    if (q->cursor && q->cursor[0]) {
        char *key;
        status st = cursor_read(s, q->cursor, &key, 1, &sq->after_id, e);
        if (st != ST_OK)
            return st;
        sq->after_key = key;
    }
    return ST_OK;
}

status svc_trip_list(svc *s, const trip_query *q, trip_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    store_trip_query sq = {0};
    store_trip *rows;
    size_t n;
    bool more;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = list_filters(s, q, &sq, e);
    if (st == ST_OK)
        st = store_trip_list(s->db, s->a, &sq, &rows, &n, &more, e);
    if (st == ST_OK)
        st = views_of(s, rows, n, out, e);
    store_rollback(s->db);
    if (st == ST_OK && more && n) {
        out->next_cursor =
            cursor_make(s, store_trip_sort_key(s->a, &rows[n - 1]), NULL, rows[n - 1].t.id);
        if (!out->next_cursor)
            st = nomem(e);
    }
    return st;
}

/* ---- the inbox ---- */

/* ",a,b," of the states waiting for party p, in the arena ("" for none). */
static const char *states_waiting(svc *s, trip_party p)
{
    if (p == TRIP_PARTY_NONE)
        return "";
    strbuf b = {0};
    for (int i = 0; i < TRIP_STATE_COUNT; i++)
        if (trip_waiting_for((trip_state)i) == p) {
            buf_putc(&b, ',');
            buf_puts(&b, trip_state_name((trip_state)i));
        }
    if (b.len)
        buf_putc(&b, ',');
    const char *out = b.failed ? NULL : arena_strdup(s->a, b.len ? b.data : "");
    buf_free(&b);
    return out;
}

static status inbox_query(svc *s, const char *cursor, int limit, store_inbox_query *q, error *e)
{
    trip_party first = TRIP_PARTY_NONE, then = TRIP_PARTY_NONE;
    switch (s->who ? s->who->role : ROLE_AUDITOR) {
    case ROLE_MEMBER: first = TRIP_PARTY_MEMBER; break;
    case ROLE_SECRETARY:
        first = TRIP_PARTY_CELL;
        then = TRIP_PARTY_MEMBER;
        break;
    case ROLE_OFFICER: first = TRIP_PARTY_COMMITTEE; break;
    default: break;
    }
    q->scope = svc_trip_scope(s);
    q->owner = svc_trip_owner(s);
    q->today = s->today;
    q->limit = page_limit(limit);
    q->states0 = states_waiting(s, first);
    q->states1 = states_waiting(s, then);
    if (!q->states0 || !q->states1)
        return nomem(e);
    if (cursor && cursor[0]) {
        char *parts[2];
        int64_t grp = 0;
        status st = cursor_read(s, cursor, parts, 2, &q->after_id, e);
        if (st != ST_OK)
            return st;
        if (!str_to_i64(parts[0], &grp) || grp < 0 || grp > 1)
            return err_set(e, ST_INVALID, "cursor_invalid", "cursor", NULL);
        q->after_group = (int)grp;
        q->after_since = parts[1];
    }
    return ST_OK;
}

status svc_trip_inbox(svc *s, const char *cursor, int limit, trip_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    store_inbox_query q = {0};
    store_trip *rows = NULL;
    size_t n = 0;
    bool more = false;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = inbox_query(s, cursor, limit, &q, e);
    if (st == ST_OK && (q.states0[0] || q.states1[0]))
        st = store_trip_inbox(s->db, s->a, &q, &rows, &n, &more, e);
    if (st == ST_OK)
        st = views_of(s, rows, n, out, e);
    store_rollback(s->db);
    if (st == ST_OK && more && n) {
        const store_trip *last = &rows[n - 1];
        out->next_cursor =
            cursor_make(s, last->inbox_group ? "1" : "0", last->state_since, last->t.id);
        if (!out->next_cursor)
            st = nomem(e);
    }
    return st;
}
