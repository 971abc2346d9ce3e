/*
 * members.c -- the member registry in SQL: records, unit periods, search,
 * import records.
 *
 * Every read and write of a member carries the scope range on unit_path;
 * unit_path itself is always copied from units.path in the same statement
 * that sets unit_id, so the two never drift apart. Search runs on the FTS5
 * index over name_folded and pages by keyset (rank, sort_key, id), never by
 * OFFSET. This file must never decide a rule nor build SQL from input: the
 * FTS5 query is a bound value, composed by the service from folded words.
 */
#include "store/internal.h"

#include <string.h>

#define MEMBER_COLS                                                                                \
    "m.id, m.version, m.full_name, m.family_name, m.middle_name, m.given_name, m.sex,"             \
    " m.birth_date, m.cccd, m.born_abroad, m.cmnd, m.card_number, m.record_number,"                \
    " m.admitted_on, m.official_on, m.status, m.status_date, m.unit_id, u.code, u.name,"           \
    " m.unit_path, m.phone, m.email, m.warnings, m.created_at, m.updated_at"
#define MEMBER_NCOLS 26
#define MEMBER_FROM  " FROM members m JOIN units u ON u.id = m.unit_id"
#define IN_SCOPE     " m.unit_path >= :scope AND m.unit_path < :upper"

static const char SQL_GET[] = "SELECT " MEMBER_COLS MEMBER_FROM " WHERE m.id = :id AND" IN_SCOPE;
static const char SQL_GET_CCCD[] =
    "SELECT " MEMBER_COLS MEMBER_FROM " WHERE m.cccd = :key AND" IN_SCOPE;
static const char SQL_GET_CARD[] =
    "SELECT " MEMBER_COLS MEMBER_FROM " WHERE m.card_number = :key AND" IN_SCOPE;
/* An old record without CCCD or card, known by its name and birth date. */
static const char SQL_GET_UNKEYED[] =
    "SELECT " MEMBER_COLS MEMBER_FROM " WHERE m.full_name = :key AND m.birth_date = :birth"
    " AND m.cccd IS NULL AND m.card_number IS NULL AND" IN_SCOPE " ORDER BY m.id LIMIT 2";
static const char SQL_CCCD_TAKEN[] = "SELECT 1 FROM members WHERE cccd = ?1 AND id <> ?2";
static const char SQL_CARD_TAKEN[] = "SELECT 1 FROM members WHERE card_number = ?1 AND id <> ?2";
static const char SQL_INSERT[] =
    "INSERT INTO members (full_name, family_name, middle_name, given_name, name_lower,"
    " name_folded, sort_key, sex, birth_date, cccd, born_abroad, cmnd, card_number,"
    " record_number, admitted_on, official_on, status, status_date, unit_id, unit_path,"
    " phone, email, warnings, version, created_at, updated_at)"
    " SELECT :full_name, :family_name, :middle_name, :given_name, :name_lower, :name_folded,"
    " :sort_key, :sex, :birth_date, :cccd, :born_abroad, :cmnd, :card_number, :record_number,"
    " :admitted_on, :official_on, :status, :status_date, u.id, u.path, :phone, :email,"
    " :warnings, 1, :now, :now FROM units u"
    " WHERE u.id = :unit_id AND u.path >= :scope AND u.path < :upper";
static const char SQL_UPDATE[] =
    "UPDATE members SET full_name = :full_name, family_name = :family_name,"
    " middle_name = :middle_name, given_name = :given_name, name_lower = :name_lower,"
    " name_folded = :name_folded, sort_key = :sort_key, sex = :sex, birth_date = :birth_date,"
    " cccd = :cccd, born_abroad = :born_abroad, cmnd = :cmnd, card_number = :card_number,"
    " record_number = :record_number, admitted_on = :admitted_on, official_on = :official_on,"
    " status = :status, status_date = :status_date, unit_id = :unit_id,"
    " unit_path = (SELECT path FROM units WHERE id = :unit_id), phone = :phone, email = :email,"
    " warnings = :warnings, version = version + 1, updated_at = :now"
    " WHERE id = :id AND version = :version AND unit_path >= :scope AND unit_path < :upper"
    " AND EXISTS (SELECT 1 FROM units WHERE id = :unit_id AND path >= :scope AND path < :upper)";
static const char SQL_COUNT[] = "SELECT count(*) FROM members m WHERE" IN_SCOPE;

#define PERIOD_COLS                                                                                \
    "p.id, p.unit_id, u.code, u.name, p.kind, p.start_date, p.end_date"                            \
    " FROM member_units p JOIN units u ON u.id = p.unit_id"
static const char SQL_PERIOD_OPEN[] =
    "INSERT INTO member_units (member_id, unit_id, kind, start_date) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_PERIOD_CURRENT[] =
    "SELECT " PERIOD_COLS " WHERE p.member_id = ?1 AND p.kind = 'official' AND p.end_date IS NULL";
static const char SQL_PERIOD_CLOSE[] = "UPDATE member_units SET end_date = ?1 WHERE id = ?2";
static const char SQL_PERIOD_UNIT[] = "UPDATE member_units SET unit_id = ?1 WHERE id = ?2";
static const char SQL_PERIOD_START[] = "UPDATE member_units SET start_date = ?1 WHERE id = ?2";
static const char SQL_PERIODS[] =
    "SELECT " PERIOD_COLS " JOIN members m ON m.id = p.member_id"
    " WHERE p.member_id = :id AND" IN_SCOPE " ORDER BY p.start_date, p.id";
static const char SQL_PERIOD_COUNT[] =
    "SELECT count(*) FROM member_units WHERE member_id = ?1 AND kind = 'official'"
    " AND end_date IS NULL";
static const char SQL_IMPORT[] =
    "INSERT INTO imports (file_name, rows_total, created, updated, unchanged, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* Search: the same filters in four shapes. Keyset paging compares the row
 * value (sort_key, id) so an index on sort_key can start at the cursor;
 * without a cursor the key is the empty blob, below every sort key. The
 * rank of a row is 1 when every query word (lowercased, with its
 * diacritics) begins a word of the name, so names written as typed come
 * first. */
#define SEARCH_FILTER IN_SCOPE " AND (:status1 IS NULL OR m.status IN (:status1, :status2))"
#define RANK_EXPR     "caunoi_prefix_words(m.name_lower, :lower)"
static const char SQL_SEARCH_NAME[] =
    "SELECT " MEMBER_COLS ", m.sort_key, " RANK_EXPR " FROM members_fts"
    " JOIN members m ON m.id = members_fts.rowid JOIN units u ON u.id = m.unit_id"
    " WHERE members_fts MATCH :fts AND" SEARCH_FILTER " AND (:has_cursor = 0 OR " RANK_EXPR
    " < :crank OR (" RANK_EXPR " = :crank"
    " AND (m.sort_key, m.id) > (:ckey, :cid)))"
    " ORDER BY " RANK_EXPR " DESC, m.sort_key, m.id LIMIT :limit";
static const char SQL_SEARCH_ALL[] =
    "SELECT " MEMBER_COLS ", m.sort_key, 0" MEMBER_FROM " WHERE" SEARCH_FILTER
    " AND (m.sort_key, m.id) > (:ckey, :cid)"
    " ORDER BY m.sort_key, m.id LIMIT :limit";
/* The same list for a broad scope (the whole tree, a province): the scope
 * test is kept off the index ("+"), so SQLite walks members_sort from the
 * cursor and stops at the page's end instead of sorting the whole scope. */
static const char SQL_SEARCH_ALL_BROAD[] =
    "SELECT " MEMBER_COLS ", m.sort_key, 0" MEMBER_FROM
    " WHERE +m.unit_path >= :scope AND +m.unit_path < :upper"
    " AND (:status1 IS NULL OR m.status IN (:status1, :status2))"
    " AND (m.sort_key, m.id) > (:ckey, :cid) ORDER BY m.sort_key, m.id LIMIT :limit";
static const char SQL_SEARCH_CCCD[] =
    "SELECT " MEMBER_COLS ", m.sort_key, 0" MEMBER_FROM " WHERE m.cccd = :exact AND" SEARCH_FILTER
    " AND (m.sort_key, m.id) > (:ckey, :cid)"
    " ORDER BY m.sort_key, m.id LIMIT :limit";
static const char SQL_SEARCH_CARD[] =
    "SELECT " MEMBER_COLS ", m.sort_key, 0" MEMBER_FROM
    " WHERE m.card_number = :exact AND" SEARCH_FILTER " AND (m.sort_key, m.id) > (:ckey, :cid)"
    " ORDER BY m.sort_key, m.id LIMIT :limit";

/* ---- named binding: statements share parameter names ---- */

/* ---- rows ---- */

static status read_member(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    member *m = row;
    bool oom = false;
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    m->version = sqlite3_column_int64(st, 1);
    m->full_name = col_text(a, st, 2, &oom);
    m->family_name = col_text(a, st, 3, &oom);
    m->middle_name = col_text(a, st, 4, &oom);
    m->given_name = col_text(a, st, 5, &oom);
    const char *sex = (const char *)sqlite3_column_text(st, 6);
    m->sex = sex && sex[0] == 'F' ? 'F' : 'M';
    m->birth_date = col_date(st, 7);
    m->cccd = col_text(a, st, 8, &oom);
    m->born_abroad = sqlite3_column_int(st, 9) != 0;
    m->cmnd = col_text(a, st, 10, &oom);
    m->card_number = col_text(a, st, 11, &oom);
    m->record_number = col_text(a, st, 12, &oom);
    m->admitted_on = col_date(st, 13);
    m->official_on = col_date(st, 14);
    const char *stname = (const char *)sqlite3_column_text(st, 15);
    if (!stname || !member_status_parse(stname, &m->status))
        m->status = MS_PROBATIONARY;
    m->status_date = col_date(st, 16);
    m->unit_id = sqlite3_column_int64(st, 17);
    m->unit_code = col_text(a, st, 18, &oom);
    m->unit_name = col_text(a, st, 19, &oom);
    m->unit_path = col_text(a, st, 20, &oom);
    m->phone = col_text(a, st, 21, &oom);
    m->email = col_text(a, st, 22, &oom);
    m->warnings = col_text(a, st, 23, &oom);
    m->created_at = col_text(a, st, 24, &oom);
    m->updated_at = col_text(a, st, 25, &oom);
    if (!m->middle_name && !oom)
        m->middle_name = "";
    if (!m->warnings && !oom)
        m->warnings = "";
    return oom ? err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL) : ST_OK;
}

static status get_by(db *d, arena *a, const char *sql, const char *scope, const char *key,
                     int64_t id, member *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    if (key)
        bindn_text(st, ":key", key);
    else
        bindn_int(st, ":id", id);
    bindn_scope(st, scope);
    status s = db_one(d, a, st, read_member, out, "member_not_found", e);
    return s;
}

status store_member_get(db *d, arena *a, const char *scope, int64_t id, member *out, error *e)
{
    return get_by(d, a, SQL_GET, scope, NULL, id, out, e);
}

status store_member_get_by_cccd(db *d, arena *a, const char *scope, const char *cccd, member *out,
                                error *e)
{
    return get_by(d, a, SQL_GET_CCCD, scope, cccd ? cccd : "", 0, out, e);
}

status store_member_get_by_card(db *d, arena *a, const char *scope, const char *card, member *out,
                                error *e)
{
    return get_by(d, a, SQL_GET_CARD, scope, card ? card : "", 0, out, e);
}

status store_member_get_unkeyed(db *d, arena *a, const char *scope, const char *full_name,
                                date_t birth, member *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_GET_UNKEYED, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_text(st, ":key", full_name);
    bindn_date(st, ":birth", birth);
    bindn_scope(st, scope);
    int rc = db_step(st);
    status s;
    if (rc == SQLITE_ROW) {
        s = read_member(a, st, out, e);
        if (s == ST_OK && (rc = db_step(st)) == SQLITE_ROW) /* two alike: no match */
            s = err_set(e, ST_NOT_FOUND, "member_not_found", NULL, NULL);
        else if (s == ST_OK && rc != SQLITE_DONE)
            s = db_fail(d, rc, e);
    } else if (rc == SQLITE_DONE) {
        s = err_set(e, ST_NOT_FOUND, "member_not_found", NULL, NULL);
    } else {
        s = db_fail(d, rc, e);
    }
    db_done(st);
    return s;
}

/* ST_CONFLICT when another member than `self` holds the CCCD or card:
 * both are unique in the whole installation, whatever the scope. */
static status check_unique(db *d, const member *m, error *e)
{
    const char *sqls[2] = {SQL_CCCD_TAKEN, SQL_CARD_TAKEN};
    const char *vals[2] = {m->cccd, m->card_number};
    static const char *const codes[2] = {"cccd_taken", "card_taken"};
    static const char *const fields[2] = {"cccd", "card_number"};
    for (int i = 0; i < 2; i++) {
        if (!vals[i])
            continue;
        sqlite3_stmt *st = db_stmt(d, sqls[i], e);
        if (!st)
            return e ? e->st : ST_INTERNAL;
        bind_text(st, 1, vals[i]);
        sqlite3_bind_int64(st, 2, m->id);
        int rc = db_step(st);
        db_done(st);
        if (rc == SQLITE_ROW)
            return err_set(e, ST_CONFLICT, codes[i], fields[i], NULL);
        if (rc != SQLITE_DONE)
            return db_fail(d, rc, e);
    }
    return ST_OK;
}

static void bind_fields(sqlite3_stmt *st, const member *m, const member_index *ix,
                        const char *scope, const char *now)
{
    bindn_text(st, ":full_name", m->full_name);
    bindn_text(st, ":family_name", m->family_name);
    bindn_text(st, ":middle_name", m->middle_name ? m->middle_name : "");
    bindn_text(st, ":given_name", m->given_name);
    bindn_text(st, ":name_lower", ix->name_lower);
    bindn_text(st, ":name_folded", ix->name_folded);
    bindn_blob(st, ":sort_key", ix->sort_key, ix->sort_key_len);
    bindn_text(st, ":sex", m->sex == 'F' ? "F" : "M");
    bindn_date(st, ":birth_date", m->birth_date);
    bindn_text(st, ":cccd", m->cccd);
    bindn_int(st, ":born_abroad", m->born_abroad ? 1 : 0);
    bindn_text(st, ":cmnd", m->cmnd);
    bindn_text(st, ":card_number", m->card_number);
    bindn_text(st, ":record_number", m->record_number);
    bindn_date(st, ":admitted_on", m->admitted_on);
    bindn_date(st, ":official_on", m->official_on);
    bindn_text(st, ":status", member_status_name(m->status));
    bindn_date(st, ":status_date", m->status_date);
    bindn_int(st, ":unit_id", m->unit_id);
    bindn_text(st, ":phone", m->phone);
    bindn_text(st, ":email", m->email);
    bindn_text(st, ":warnings", m->warnings ? m->warnings : "");
    bindn_text(st, ":now", now);
    bindn_scope(st, scope);
}

status store_member_insert(db *d, const char *scope, member *m, const member_index *ix,
                           const char *now, error *e)
{
    m->id = 0;
    status s = check_unique(d, m, e);
    if (s != ST_OK)
        return s;
    sqlite3_stmt *st = db_stmt(d, SQL_INSERT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_fields(st, m, ix, scope, now);
    s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_NOT_FOUND, "unit_not_found", "unit_id", NULL);
    m->id = sqlite3_last_insert_rowid(d->h);
    m->version = 1;
    return ST_OK;
}

status store_member_update(db *d, const char *scope, member *m, const member_index *ix,
                           int64_t expected_version, const char *now, error *e)
{
    status s = check_unique(d, m, e);
    if (s != ST_OK)
        return s;
    sqlite3_stmt *st = db_stmt(d, SQL_UPDATE, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_fields(st, m, ix, scope, now);
    bindn_int(st, ":id", m->id);
    bindn_int(st, ":version", expected_version);
    s = db_exec_step(d, st, e);
    db_done(st);
    if (s != ST_OK)
        return s;
    if (sqlite3_changes(d->h) != 1)
        return err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    m->version = expected_version + 1;
    return ST_OK;
}

static status count_one(db *d, sqlite3_stmt *st, int64_t *out, error *e)
{
    int rc = db_step(st);
    status s = ST_OK;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        s = db_fail(d, rc, e);
    db_done(st);
    return s;
}

status store_member_count(db *d, const char *scope, int64_t *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_COUNT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_scope(st, scope);
    return count_one(d, st, out, e);
}

/* ---- periods ---- */

status store_period_open(db *d, int64_t member_id, int64_t unit_id, const char *kind,
                         const char *start_date, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERIOD_OPEN, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, member_id);
    sqlite3_bind_int64(st, 2, unit_id);
    bind_text(st, 3, kind);
    bind_text(st, 4, start_date);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

static status read_period(arena *a, sqlite3_stmt *st, void *row, error *e)
{
    store_period *p = row;
    bool oom = false;
    p->id = sqlite3_column_int64(st, 0);
    p->unit_id = sqlite3_column_int64(st, 1);
    p->unit_code = col_text(a, st, 2, &oom);
    p->unit_name = col_text(a, st, 3, &oom);
    p->kind = col_text(a, st, 4, &oom);
    p->start_date = col_text(a, st, 5, &oom);
    p->end_date = col_text(a, st, 6, &oom);
    return oom ? err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL) : ST_OK;
}

status store_period_current(db *d, arena *a, int64_t member_id, store_period *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERIOD_CURRENT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, member_id);
    status s = db_one(d, a, st, read_period, out, "period_not_found", e);
    return s;
}

static status period_write(db *d, const char *sql, const char *text, int64_t value, int64_t id,
                           error *e)
{
    sqlite3_stmt *st = db_stmt(d, sql, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    if (text)
        bind_text(st, 1, text);
    else
        sqlite3_bind_int64(st, 1, value);
    sqlite3_bind_int64(st, 2, id);
    status s = db_exec_step(d, st, e);
    db_done(st);
    return s;
}

status store_period_close(db *d, int64_t period_id, const char *end_date, error *e)
{
    return period_write(d, SQL_PERIOD_CLOSE, end_date, 0, period_id, e);
}

status store_period_set_unit(db *d, int64_t period_id, int64_t unit_id, error *e)
{
    return period_write(d, SQL_PERIOD_UNIT, NULL, unit_id, period_id, e);
}

status store_period_set_start(db *d, int64_t period_id, const char *start_date, error *e)
{
    return period_write(d, SQL_PERIOD_START, start_date, 0, period_id, e);
}

status store_periods(db *d, arena *a, const char *scope, int64_t member_id, store_period **out,
                     size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(d, SQL_PERIODS, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bindn_int(st, ":id", member_id);
    bindn_scope(st, scope);
    size_t cap = 8, len = 0;
    store_period *items = arena_alloc_array(a, cap, sizeof *items);
    status s = items ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        store_period *grown = arena_grow(a, items, len, &cap, sizeof *items);
        if (!grown) {
            s = err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
            break;
        }
        items = grown;
        s = read_period(a, st, &items[len++], e);
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}

status store_period_open_count(db *d, int64_t member_id, int64_t *out, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_PERIOD_COUNT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    sqlite3_bind_int64(st, 1, member_id);
    return count_one(d, st, out, e);
}

/* ---- search ---- */

/* Scopes at most this many ids deep list by the sort index. */
#define BROAD_SCOPE_IDS 1

static bool broad_scope(const char *scope)
{
    int ids = -1;
    for (const char *p = scope; p && *p; p++)
        ids += *p == '/';
    return ids <= BROAD_SCOPE_IDS;
}

static const char *search_sql(store_match m, const char *scope)
{
    switch (m) {
    case MATCH_NAME: return SQL_SEARCH_NAME;
    case MATCH_CCCD: return SQL_SEARCH_CCCD;
    case MATCH_CARD: return SQL_SEARCH_CARD;
    case MATCH_ALL: break;
    }
    return broad_scope(scope) ? SQL_SEARCH_ALL_BROAD : SQL_SEARCH_ALL;
}

static void bind_query(sqlite3_stmt *st, const store_member_query *q)
{
    bindn_scope(st, q->scope);
    bindn_text(st, ":fts", q->fts);
    bindn_text(st, ":lower", q->lower);
    bindn_text(st, ":exact", q->exact);
    bindn_text(st, ":status1", q->status1);
    bindn_text(st, ":status2", q->status2 ? q->status2 : q->status1);
    bindn_int(st, ":has_cursor", q->has_cursor ? 1 : 0);
    bindn_int(st, ":crank", q->cursor_rank);
    bindn_blob(st, ":ckey", q->cursor_key, q->cursor_key_len);
    bindn_int(st, ":cid", q->cursor_id);
    bindn_int(st, ":limit", (int64_t)q->limit + 1);
}

static status read_hit(arena *a, sqlite3_stmt *st, store_member_hit *h, error *e)
{
    status s = read_member(a, st, &h->m, e);
    if (s != ST_OK)
        return s;
    size_t n = (size_t)sqlite3_column_bytes(st, MEMBER_NCOLS);
    const void *key = sqlite3_column_blob(st, MEMBER_NCOLS);
    void *copy = arena_alloc(a, n ? n : 1);
    if (!copy || (n && !key))
        return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    if (n)
        memcpy(copy, key, n);
    h->sort_key = copy;
    h->sort_key_len = n;
    h->rank = sqlite3_column_int(st, MEMBER_NCOLS + 1);
    return ST_OK;
}

status store_member_search(db *d, arena *a, const store_member_query *q, store_member_hit **out,
                           size_t *n, bool *more, error *e)
{
    *out = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = db_stmt(d, search_sql(q->match, q->scope), e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_query(st, q);
    size_t max = q->limit > 0 ? (size_t)q->limit : 1;
    store_member_hit *items = arena_alloc_array(a, max, sizeof *items);
    status s = items ? ST_OK : err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL);
    size_t len = 0;
    while (s == ST_OK) {
        int rc = db_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            s = db_fail(d, rc, e);
            break;
        }
        if (len == max) {
            *more = true;
            break;
        }
        s = read_hit(a, st, &items[len++], e);
    }
    db_done(st);
    if (s == ST_OK) {
        *out = items;
        *n = len;
    }
    return s;
}

/* ---- imports ---- */

status store_import_record(db *d, const char *file_name, long rows, long created, long updated,
                           long unchanged, const char *now, int64_t *id, error *e)
{
    sqlite3_stmt *st = db_stmt(d, SQL_IMPORT, e);
    if (!st)
        return e ? e->st : ST_INTERNAL;
    bind_text(st, 1, file_name ? file_name : "");
    sqlite3_bind_int64(st, 2, rows);
    sqlite3_bind_int64(st, 3, created);
    sqlite3_bind_int64(st, 4, updated);
    sqlite3_bind_int64(st, 5, unchanged);
    bind_text(st, 6, now);
    status s = db_exec_step(d, st, e);
    db_done(st);
    if (s == ST_OK)
        *id = sqlite3_last_insert_rowid(d->h);
    return s;
}
