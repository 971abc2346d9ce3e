/*
 * search.c -- the one search box over members, and plain member lists.
 *
 * A query is folded (case, diacritics, đ -> d) and each word becomes a
 * quoted FTS5 prefix term ("dang"* "van"*), so words match the starts of
 * name words in any order; twelve digits find the CCCD, a query that fits
 * the card pattern finds the card. Results come in (rank, sort_key, id)
 * order -- rank 1 for names written with the query's own diacritics -- and
 * page by an opaque keyset cursor, never by OFFSET. This file must never
 * put query text anywhere but a bound parameter.
 */
#include "service/svc_internal.h"

#include <string.h>

#include "core/limits.h"

/* Cursor payload: match kind, rank, id (8 bytes big-endian), sort key. */
#define CURSOR_HEAD 10

static char *encode_cursor(arena *a, store_match kind, const store_member_hit *h)
{
    unsigned char *raw = arena_alloc(a, CURSOR_HEAD + h->sort_key_len);
    if (!raw)
        return NULL;
    raw[0] = (unsigned char)kind;
    raw[1] = (unsigned char)h->rank;
    uint64_t id = (uint64_t)h->m.id;
    for (int i = 0; i < 8; i++)
        raw[2 + i] = (unsigned char)(id >> (56 - 8 * i));
    memcpy(raw + CURSOR_HEAD, h->sort_key, h->sort_key_len);
    return svc_b64url_encode(a, raw, CURSOR_HEAD + h->sort_key_len);
}

static status decode_cursor(arena *a, const char *cursor, store_member_query *q, error *e)
{
    unsigned char *raw;
    size_t n;
    if (!svc_b64url_decode(a, cursor, &raw, &n) || n < CURSOR_HEAD || raw[0] != q->match ||
        raw[1] > 1)
        return err_set(e, ST_BAD_REQUEST, "cursor_invalid", "cursor", NULL);
    uint64_t id = 0;
    for (int i = 0; i < 8; i++)
        id = (id << 8) | raw[2 + i];
    q->has_cursor = true;
    q->cursor_rank = raw[1];
    q->cursor_id = (int64_t)id;
    q->cursor_key = raw + CURSOR_HEAD;
    q->cursor_key_len = n - CURSOR_HEAD;
    return ST_OK;
}

/* The FTS5 query for folded words: each one quoted, as a prefix. */
static status build_fts(svc *s, const char *folded, store_member_query *q, error *e)
{
    strbuf b = {0};
    int words = 0;
    for (const char *p = folded; *p;) {
        while (*p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        if (p == start)
            break;
        if (++words > LIMIT_SEARCH_WORDS) {
            buf_free(&b);
            return err_set(e, ST_INVALID, "search_too_long", "q", NULL);
        }
        buf_puts(&b, words > 1 ? " \"" : "\"");
        for (const char *c = start; c < p; c++) {
            if (*c == '"')
                buf_putc(&b, '"');
            buf_putc(&b, *c);
        }
        buf_puts(&b, "\"*");
    }
    status st = ST_OK;
    if (b.failed)
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    else if (words == 0)
        q->match = MATCH_ALL;
    else if (!(q->fts = arena_strdup(s->a, b.data)))
        st = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    buf_free(&b);
    return st;
}

/* Decide what the query is: a CCCD, a card number, or name words. */
static status classify(svc *s, const char *text, store_member_query *q, error *e)
{
    q->match = MATCH_ALL;
    if (!text || !text[0])
        return ST_OK;
    if (strlen(text) > LIMIT_SEARCH_BYTES)
        return err_set(e, ST_INVALID, "search_too_long", "q", NULL);
    char *clean = NULL;
    status st = text_clean_line(s->a, text, strlen(text), "q", &clean, e);
    if (st != ST_OK || !clean[0])
        return st;
    char cccd[CCCD_LEN + 1], card[33];
    member_rules r;
    if (cccd_normalize(clean, cccd, NULL) == ST_OK) {
        q->match = MATCH_CCCD;
        q->exact = arena_strdup(s->a, cccd);
    } else if (svc_member_rules(s, &r, e) != ST_OK) {
        return e->st;
    } else if (card_normalize(clean, r.card_pattern, card, NULL) == ST_OK) {
        q->match = MATCH_CARD;
        q->exact = arena_strdup(s->a, card);
    } else {
        const char *folded = text_fold(s->a, clean);
        if (!folded)
            return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
        q->match = MATCH_NAME;
        if (text_has_diacritics(clean)) {
            char *lower = text_lower(s->a, clean);
            if (!lower)
                return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            /* Words as the index sees them: "đặng-văn" is two words. */
            for (char *p = lower; *p; p++)
                if ((unsigned char)*p < 0x80 &&
                    !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
                    *p = ' ';
            q->lower = lower;
        }
        return build_fts(s, folded, q, e);
    }
    return q->exact ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
}

static status set_status_filter(const char *status_name, store_member_query *q, error *e)
{
    member_status ms;
    if (!status_name || !status_name[0]) {
        q->status1 = "probationary";
        q->status2 = "official";
    } else if (strcmp(status_name, "all") == 0) {
        q->status1 = q->status2 = NULL;
    } else if (member_status_parse(status_name, &ms)) {
        q->status1 = q->status2 = member_status_name(ms);
    } else {
        return err_set(e, ST_INVALID, "member_status_filter", "status", NULL);
    }
    return ST_OK;
}

/* The scope of a query: the actor's, narrowed to a unit's subtree. */
static status query_scope(svc *s, int64_t unit_id, const char **scope, error *e)
{
    *scope = svc_scope(s);
    if (!unit_id)
        return ST_OK;
    unit u;
    status st = store_unit_get(s->db, s->a, svc_scope(s), unit_id, &u, e);
    if (st == ST_OK)
        *scope = u.path;
    else if (st == ST_NOT_FOUND)
        str_copy_utf8(e->field, sizeof e->field, "unit");
    return st;
}

static int page_limit(int limit)
{
    if (limit <= 0)
        return LIMIT_PAGE_DEFAULT;
    return limit > LIMIT_PAGE_MAX ? LIMIT_PAGE_MAX : limit;
}

status svc_member_search(svc *s, const member_query *mq, member_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    store_member_query q;
    memset(&q, 0, sizeof q);
    q.limit = page_limit(mq->limit);
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st != ST_OK)
        return st;
    st = set_status_filter(mq->status, &q, e);
    if (st == ST_OK)
        st = query_scope(s, mq->unit_id, &q.scope, e);
    if (st == ST_OK)
        st = classify(s, mq->q, &q, e);
    if (st == ST_OK && mq->cursor && mq->cursor[0])
        st = decode_cursor(s->a, mq->cursor, &q, e);
    store_member_hit *hits = NULL;
    size_t n = 0;
    bool more = false;
    if (st == ST_OK)
        st = store_member_search(s->db, s->a, &q, &hits, &n, &more, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    else
        store_rollback(s->db);
    if (st != ST_OK)
        return st;
    out->items = arena_alloc_array(s->a, n ? n : 1, sizeof *out->items);
    if (!out->items)
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    for (size_t i = 0; i < n; i++)
        out->items[i] = hits[i].m;
    out->n = n;
    if (more && n > 0 && !(out->next_cursor = encode_cursor(s->a, q.match, &hits[n - 1])))
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    return ST_OK;
}
