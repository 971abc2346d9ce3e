/*
 * audit.c -- the audit trail as use cases: appending inside the caller's
 * transaction (audit.h), listing and exporting for auditors and
 * administrators within their subtree, and verifying the chain.
 *
 * The chain: each entry's hash covers its fields and the previous entry's
 * hash (auth/audit.c); a head record in the settings table ('audit_head' =
 * "count:hash") moves with every append, so removing the newest entries,
 * which leaves a chain that is whole as far as it goes, is caught too.
 * Someone who can write the file can rewrite everything; verify finds any
 * edit short of that. This file must never update or delete an entry.
 */
#include "service/audit.h"
#include "service/account_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"

#define AUDIT_HEAD_KEY "audit_head"
/* Entries read at a time by verify and export: bounds memory whatever the
 * size of the trail. */
#define AUDIT_SCAN_PAGE 1000

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* "count:hash" of the settings row; *count -1 when absent or unreadable. */
static status head_read(svc *s, arena *a, int64_t *count, char hash[AUDIT_HASH_HEX], error *e)
{
    const char *v = NULL;
    *count = -1;
    hash[0] = '\0';
    status st = store_setting_get(s->db, a, AUDIT_HEAD_KEY, &v, e);
    if (st != ST_OK || !v)
        return st;
    const char *colon = strchr(v, ':');
    char num[24];
    if (!colon || (size_t)(colon - v) >= sizeof num || strlen(colon + 1) != AUDIT_HASH_HEX - 1)
        return ST_OK;
    memcpy(num, v, (size_t)(colon - v));
    num[colon - v] = '\0';
    int64_t n;
    if (str_to_i64(num, &n) && n >= 0) {
        *count = n;
        memcpy(hash, colon + 1, AUDIT_HASH_HEX);
    }
    return ST_OK;
}

static status head_write(svc *s, int64_t count, const char *hash, error *e)
{
    char v[24 + AUDIT_HASH_HEX];
    int k = snprintf(v, sizeof v, "%" PRId64 ":%s", count, hash);
    if (k < 0 || (size_t)k >= sizeof v)
        return err_set(e, ST_INTERNAL, "internal", NULL, NULL);
    return store_auth_setting_put(s->db, AUDIT_HEAD_KEY, v, e);
}

status svc_audit_tx_as(svc *s, const actor *who, const char *action, const char *record_type,
                       int64_t record_id, const char *scope_path, const char *before_json,
                       const char *after_json, error *e)
{
    int64_t last_id, count;
    const char *last_hash;
    char head_hash[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
    status st = store_audit_last(s->db, s->a, &last_id, &last_hash, e);
    if (st == ST_OK)
        st = head_read(s, s->a, &count, head_hash, e);
    if (st != ST_OK)
        return st;
    audit_entry en = {.id = last_id + 1,
                      .at = s->now,
                      .user_id = who->user_id,
                      .actor = who->label ? who->label : "operator",
                      .ip = who->ip ? who->ip : "",
                      .action = action,
                      .record_type = record_type ? record_type : "",
                      .record_id = record_id,
                      .scope_path = scope_path ? scope_path : "/",
                      .before = before_json,
                      .after = after_json,
                      .prev_hash = last_hash ? last_hash : AUDIT_GENESIS};
    audit_hash(&en, hash);
    en.hash = hash;
    st = store_audit_insert(s->db, &en, e);
    if (st == ST_OK && count < 0)
        st = store_audit_count(s->db, &count, e); /* the first entry: no head yet */
    else
        count++;
    if (st == ST_OK)
        st = head_write(s, count, hash, e);
    return st;
}

status svc_audit_tx(svc *s, const char *action, const char *record_type, int64_t record_id,
                    const char *scope_path, const char *before_json, const char *after_json,
                    error *e)
{
    return svc_audit_tx_as(s, s->who, action, record_type, record_id, scope_path, before_json,
                           after_json, e);
}

static bool value_same(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && strcmp(a, b) == 0);
}

status svc_audit_diff(svc *s, const audit_field *was, const audit_field *now, size_t n,
                      char **before, char **after, error *e)
{
    *before = *after = NULL;
    audit_field *b = arena_alloc_array(s->a, n ? n : 1, sizeof *b);
    audit_field *a = arena_alloc_array(s->a, n ? n : 1, sizeof *a);
    if (!b || !a)
        return nomem(e);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *old = was ? was[i].value : NULL;
        if (value_same(old, now[i].value))
            continue;
        b[k] = (audit_field){now[i].name, old && *old ? old : NULL};
        a[k] = (audit_field){now[i].name, now[i].value && *now[i].value ? now[i].value : NULL};
        k++;
    }
    if (k == 0)
        return ST_OK;
    *after = audit_fields_json(s->a, a, k);
    *before = was ? audit_fields_json(s->a, b, k) : NULL;
    if (!*after || (was && !*before))
        return nomem(e);
    return ST_OK;
}

/* ---- reading ---- */

static status require_reader(const svc *s, error *e)
{
    if (s->who->role == ROLE_ADMIN || s->who->role == ROLE_AUDITOR)
        return ST_OK;
    return err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
}

/* The account a ?user= login names, found in the whole installation (the
 * entries are still limited to the reader's scope); no such account sets
 * an id no entry has, so the list is empty rather than refused. */
static status user_by_login(svc *s, const char *login, int64_t *id, error *e)
{
    char *key = arena_strdup(s->a, login);
    if (!key)
        return nomem(e);
    for (char *p = key; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    store_user su;
    status st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_user_get_by_login(s->db, s->a, STORE_SCOPE_ALL, key, &su, e);
    store_rollback(s->db);
    *id = st == ST_OK ? su.id : -1;
    return st == ST_NOT_FOUND ? ST_OK : st;
}

/* The store query for q in the actor's scope; errors name the field. */
static status make_query(svc *s, const audit_query *q, store_audit_query *sq, error *e)
{
    memset(sq, 0, sizeof *sq);
    sq->scope = svc_scope(s);
    sq->user_id = q->user_id;
    if (q->user_login && q->user_login[0]) {
        status st = user_by_login(s, q->user_login, &sq->user_id, e);
        if (st != ST_OK)
            return st;
    }
    sq->record_type = q->record_type && q->record_type[0] ? q->record_type : NULL;
    sq->record_id = q->record_id;
    if (q->action && q->action[0]) {
        size_t n = strlen(q->action);
        if (n > LIMIT_CODE_BYTES)
            return err_set(e, ST_INVALID, "audit_action_invalid", "action", NULL);
        if (n >= 2 && strcmp(q->action + n - 2, ".*") == 0) {
            sq->action_prefix = arena_strndup(s->a, q->action, n - 1); /* "member." */
            if (!sq->action_prefix)
                return nomem(e);
        } else {
            sq->action = q->action;
        }
    }
    date_t d;
    if (q->from && q->from[0]) {
        if (svc_parse_date(q->from, DATE_NONE, "from", &d, e) != ST_OK)
            return e ? e->st : ST_INVALID;
        sq->from = svc_date_iso(s, d);
    }
    if (q->to && q->to[0]) {
        if (svc_parse_date(q->to, DATE_NONE, "to", &d, e) != ST_OK)
            return e ? e->st : ST_INVALID;
        sq->to_excl = svc_date_iso(s, d + 1);
    }
    sq->limit = q->limit <= 0 ? LIMIT_PAGE_DEFAULT : q->limit;
    if (sq->limit > LIMIT_PAGE_MAX)
        sq->limit = LIMIT_PAGE_MAX;
    if (q->cursor && q->cursor[0]) {
        unsigned char *raw;
        size_t n;
        char num[24];
        if (!svc_b64url_decode(s->a, q->cursor, &raw, &n) || n == 0 || n >= sizeof num)
            return err_set(e, ST_BAD_REQUEST, "cursor_invalid", "cursor", NULL);
        memcpy(num, raw, n);
        num[n] = '\0';
        if (!str_to_i64(num, &sq->before_id) || sq->before_id <= 0)
            return err_set(e, ST_BAD_REQUEST, "cursor_invalid", "cursor", NULL);
    }
    return ST_OK;
}

/* One page of entries in a read transaction, into `a`. */
static status list_page(svc *s, arena *a, const store_audit_query *sq, audit_page *out, error *e)
{
    bool more = false;
    status st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = store_audit_list(s->db, a, sq, &out->items, &out->n, &more, e);
    store_rollback(s->db);
    if (st == ST_OK && more && out->n > 0) {
        char num[24];
        snprintf(num, sizeof num, "%" PRId64, out->items[out->n - 1].id);
        out->next_cursor = svc_b64url_encode(a, num, strlen(num));
        if (!out->next_cursor)
            st = nomem(e);
    }
    return st;
}

status svc_audit_list(svc *s, const audit_query *q, audit_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    store_audit_query sq;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = require_reader(s, e);
    if (st == ST_OK)
        st = make_query(s, q, &sq, e);
    if (st == ST_OK)
        st = list_page(s, s->a, &sq, out, e);
    return st;
}

/* ---- export ---- */

/* One CSV field: quoted when it holds a comma, quote or line break; a
 * leading = + - @ is neutralized with ' so a spreadsheet never runs it. */
static void csv_field(strbuf *b, const char *v)
{
    if (!v)
        v = "";
    bool quote = strpbrk(v, ",\"\r\n") != NULL;
    if (quote)
        buf_putc(b, '"');
    if (strchr("=+-@", v[0]) && v[0])
        buf_putc(b, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            buf_putc(b, '"');
        buf_putc(b, *p);
    }
    if (quote)
        buf_putc(b, '"');
}

static void csv_row(strbuf *b, const audit_entry *en)
{
    char id[24], uid[24], rid[24];
    snprintf(id, sizeof id, "%" PRId64, en->id);
    snprintf(uid, sizeof uid, "%" PRId64, en->user_id);
    snprintf(rid, sizeof rid, "%" PRId64, en->record_id);
    const char *cols[] = {
        id,         en->at,          en->user_id ? uid : "",   en->actor,      en->ip,
        en->action, en->record_type, en->record_id ? rid : "", en->scope_path, en->before,
        en->after,  en->hash};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        if (i)
            buf_putc(b, ',');
        csv_field(b, cols[i]);
    }
    buf_puts(b, "\r\n");
}

static const char CSV_HEADER[] = "\xEF\xBB\xBF"
                                 "id,at,user_id,actor,ip,action,record_type,record_id,"
                                 "scope_path,before,after,hash\r\n";

static status export_audited(svc *s, const audit_query *q, error *e)
{
    audit_field f[] = {
        {"action", q->action}, {"record_type", q->record_type}, {"from", q->from}, {"to", q->to}};
    char *after = audit_fields_json(s->a, f, sizeof f / sizeof f[0]);
    if (!after)
        return nomem(e);
    status st = store_begin_write(s->db, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, "audit.export", "audit", 0, svc_scope(s), NULL, after, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    return st;
}

status svc_audit_export(svc *s, const audit_query *q, export_sink emit, void *sink_ctx, error *e)
{
    store_audit_query sq;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = require_reader(s, e);
    if (st == ST_OK)
        st = make_query(s, q, &sq, e);
    if (st == ST_OK)
        st = export_audited(s, q, e);
    if (st == ST_OK)
        st = emit(sink_ctx, CSV_HEADER, sizeof CSV_HEADER - 1);
    sq.limit = AUDIT_SCAN_PAGE;
    while (st == ST_OK) {
        arena page_arena = ARENA_INIT;
        audit_page page = {0};
        strbuf b = {0};
        st = list_page(s, &page_arena, &sq, &page, e);
        for (size_t i = 0; st == ST_OK && i < page.n; i++)
            csv_row(&b, &page.items[i]);
        if (st == ST_OK && b.failed)
            st = nomem(e);
        if (st == ST_OK && b.len)
            st = emit(sink_ctx, b.data, b.len);
        bool last = page.n == 0 || !page.next_cursor;
        if (!last)
            sq.before_id = page.items[page.n - 1].id;
        buf_free(&b);
        arena_free(&page_arena);
        if (last)
            break;
    }
    return st;
}

/* ---- verify ---- */

typedef struct walk {
    int64_t n, prev_id, head_count, beyond_head_id;
    char prev_hash[AUDIT_HASH_HEX];
    audit_report *out;
} walk;

/* Check one entry against the one before it; false when it is bad (the
 * report is then filled). */
static bool walk_entry(walk *w, const audit_entry *en)
{
    char h[AUDIT_HASH_HEX];
    audit_hash(en, h);
    w->n++;
    if (w->n == w->head_count + 1)
        w->beyond_head_id = en->id;
    if (!en->hash || strcmp(h, en->hash) != 0) {
        w->out->problem = "altered";
        w->out->first_bad_id = en->id;
        return false;
    }
    if (!en->prev_hash || strcmp(en->prev_hash, w->prev_hash) != 0) {
        bool jumped = en->id != w->prev_id + 1;
        w->out->problem = jumped ? "removed" : "inserted";
        w->out->first_bad_id = jumped ? w->prev_id + 1 : en->id;
        return false;
    }
    w->prev_id = en->id;
    memcpy(w->prev_hash, h, AUDIT_HASH_HEX);
    return true;
}

/* The chain is whole as far as it goes: compare its end with the head. */
static void walk_head(walk *w, const char *head_hash)
{
    audit_report *r = w->out;
    if (w->head_count < 0) {
        if (w->n > 0) {
            r->problem = "altered"; /* entries, but the head record is gone */
            r->first_bad_id = w->prev_id;
        }
    } else if (w->n < w->head_count) {
        r->problem = "removed";
        r->first_bad_id = w->prev_id + 1;
    } else if (w->n > w->head_count) {
        r->problem = "inserted";
        r->first_bad_id = w->beyond_head_id;
    } else if (w->n > 0 && strcmp(head_hash, w->prev_hash) != 0) {
        r->problem = "altered";
        r->first_bad_id = w->prev_id;
    }
}

static status verify_walk(svc *s, walk *w, error *e)
{
    char head_hash[AUDIT_HASH_HEX];
    status st = head_read(s, s->a, &w->head_count, head_hash, e);
    bool whole = true;
    while (st == ST_OK && whole) {
        arena page_arena = ARENA_INIT;
        audit_entry *items;
        size_t n = 0;
        st = store_audit_scan(s->db, &page_arena, w->prev_id, AUDIT_SCAN_PAGE, &items, &n, e);
        for (size_t i = 0; st == ST_OK && whole && i < n; i++)
            whole = walk_entry(w, &items[i]);
        arena_free(&page_arena);
        if (n < AUDIT_SCAN_PAGE)
            break;
    }
    if (st == ST_OK && whole)
        walk_head(w, head_hash);
    return st;
}

status svc_audit_verify(svc *s, audit_report *out, error *e)
{
    memset(out, 0, sizeof *out);
    status st = svc_ready(s, e);
    if (st == ST_OK && (require_reader(s, e) != ST_OK || !svc_actor_global(s)))
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    if (st != ST_OK)
        return st;
    walk w = {.out = out};
    memcpy(w.prev_hash, AUDIT_GENESIS, AUDIT_HASH_HEX);
    st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = verify_walk(s, &w, e);
    store_rollback(s->db);
    out->entries = w.n;
    return st;
}
