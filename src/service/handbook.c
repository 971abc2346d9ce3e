/*
 * handbook.c -- the handbook's use cases: list and read pages, create and
 * change them under a version, archive and restore them, read their
 * history.
 *
 * Everyone signed in reads the pages in force; only an administrator of
 * the whole installation writes, sees archived pages and reads the
 * history, since the handbook speaks for the whole installation. Each
 * change checks, writes the page and its revision, and audits in one
 * write transaction, so a refused or failed change leaves the tables and
 * the audit trail as they were. The body is rendered before the
 * transaction opens, so a page that cannot be shown is never saved.
 * This file must never hold SQL (store/handbook.c does) nor build HTML
 * itself (handbook_render.c does).
 */
#include "service/handbook.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "service/account_internal.h"
#include "service/audit.h"
#include "store/handbook_store.h"
#include "text/text.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

static status push_nomem(errlist *errs)
{
    error e;
    nomem(&e);
    return svc_push(errs, &e);
}

/* ---- who may do what ---- */

/* The operator (the CLI) or a signed-in account; not the anonymous actor
 * the API uses before a session exists. */
static status require_signed_in(const svc *s, error *e)
{
    if (s->who && (s->who->user_id > 0 || actor_whole_installation(s->who)))
        return ST_OK;
    return err_set(e, ST_UNAUTHORIZED, "session_required", NULL, NULL);
}

static bool editor(const svc *s)
{
    return s->who && s->who->role == ROLE_ADMIN && svc_actor_global(s);
}

static status require_editor(const svc *s, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK && !editor(s))
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    return st;
}

/* ---- what a person typed ---- */

/* a-z, 0-9 and single inner hyphens, 1 to HANDBOOK_SLUG_MAX_BYTES. */
static bool slug_valid(const char *slug)
{
    size_t n = strlen(slug);
    if (n == 0 || n > HANDBOOK_SLUG_MAX_BYTES || slug[0] == '-' || slug[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = slug[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && slug[i + 1] == '-'))
            return false;
    }
    return true;
}

static status check_slug(const char *slug, errlist *errs)
{
    error e = {0};
    if (!slug || !slug[0])
        return svc_push(errs, (err_set(&e, ST_INVALID, "required", "slug", NULL), &e));
    if (!slug_valid(slug))
        return svc_push(errs, (err_setf(&e, ST_INVALID, "handbook_slug_invalid", "slug", "%d",
                                        HANDBOOK_SLUG_MAX_BYTES),
                               &e));
    return ST_OK;
}

static status clean_title(svc *s, const char *in, const char **out, errlist *errs)
{
    error e = {0};
    char *clean = NULL;
    if (text_clean_line(s->a, in, strlen(in), "title", &clean, &e) != ST_OK)
        return svc_push(errs, &e);
    if (!clean[0])
        return svc_push(errs, (err_set(&e, ST_INVALID, "required", "title", NULL), &e));
    if (strlen(clean) > HANDBOOK_TITLE_MAX_BYTES)
        return svc_push(errs, (err_setf(&e, ST_INVALID, "handbook_title_too_long", "title", "%d",
                                        HANDBOOK_TITLE_MAX_BYTES),
                               &e));
    *out = clean;
    return ST_OK;
}

static status clean_body(svc *s, const char *in, const char **out, errlist *errs)
{
    error e = {0};
    char *clean = NULL;
    if (handbook_clean_body(s->a, in, strlen(in), "body", &clean, &e) != ST_OK)
        return svc_push(errs, &e);
    if (!clean[0])
        return svc_push(errs, (err_set(&e, ST_INVALID, "required", "body", NULL), &e));
    if (strlen(clean) > HANDBOOK_BODY_MAX_BYTES)
        return svc_push(errs, (err_setf(&e, ST_INVALID, "handbook_body_too_large", "body", "%d",
                                        HANDBOOK_BODY_MAX_BYTES),
                               &e));
    *out = clean;
    return ST_OK;
}

/* The fields given in `in` onto p (title, body, position), each checked;
 * every problem goes to errs. `creating` requires title and body. */
static status apply_input(svc *s, const handbook_input *in, bool creating, store_handbook_page *p,
                          errlist *errs)
{
    error e = {0};
    status st = ST_OK, f;
    if (in->title || creating) {
        if ((f = clean_title(s, in->title ? in->title : "", &p->title, errs)) != ST_OK)
            st = f;
    }
    if (in->body || creating) {
        if ((f = clean_body(s, in->body ? in->body : "", &p->body, errs)) != ST_OK)
            st = f;
    }
    if (in->position != -1 && (in->position < 0 || in->position > HANDBOOK_POSITION_MAX))
        st = svc_push(errs, (err_setf(&e, ST_INVALID, "handbook_position_range", "position", "%d",
                                      HANDBOOK_POSITION_MAX),
                             &e));
    else if (in->position != -1)
        p->position = in->position;
    return st == ST_OK ? ST_OK : svc_errs_status(errs);
}

/* ---- records ---- */

static void page_of(const store_handbook_page *r, handbook_page *p)
{
    memset(p, 0, sizeof *p);
    p->id = r->id;
    p->version = r->version;
    p->position = r->position;
    p->slug = r->slug;
    p->title = r->title;
    p->body = r->body;
    p->body_bytes = r->body ? (int64_t)strlen(r->body) : r->body_bytes;
    p->archived = r->archived;
    p->created_by = r->created_by;
    p->created_at = r->created_at;
    p->updated_by = r->updated_by;
    p->updated_at = r->updated_at;
}

/* The page with its body rendered. */
static status page_rendered(svc *s, const store_handbook_page *r, handbook_page *out, error *e)
{
    char *html = NULL;
    status st = handbook_render(s->a, r->body, strlen(r->body), &html, e);
    if (st == ST_OK) {
        page_of(r, out);
        out->html = html;
    }
    return st;
}

/* The fields the audit trail keeps of a page: its body by SHA-256 (the
 * text itself is in page_revisions, and too long for an entry). */
static status audit_fields(svc *s, const store_handbook_page *p, audit_field f[5])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(h, (const unsigned char *)p->body, strlen(p->body));
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    f[0] = (audit_field){"slug", p->slug};
    f[1] = (audit_field){"title", p->title};
    f[2] = (audit_field){"position", arena_printf(s->a, "%lld", (long long)p->position)};
    f[3] = (audit_field){"body_sha256", arena_strdup(s->a, hex)};
    f[4] = (audit_field){"archived", p->archived ? "true" : "false"};
    return f[2].value && f[3].value ? ST_OK : ST_NOMEM;
}

/* Audit `action` on page `now` (was NULL: a new page), in the open
 * write transaction. */
static status audit_change(svc *s, const char *action, const store_handbook_page *was,
                           const store_handbook_page *now, error *e)
{
    audit_field fw[5], fn[5];
    char *before = NULL, *after = NULL;
    if ((was && audit_fields(s, was, fw) != ST_OK) || audit_fields(s, now, fn) != ST_OK)
        return nomem(e);
    status st = svc_audit_diff(s, was ? fw : NULL, fn, 5, &before, &after, e);
    if (st == ST_OK)
        st = svc_audit_tx(s, action, "handbook_page", now->id, NULL, before, after, e);
    return st;
}

/* ---- reading ---- */

status svc_handbook_list(svc *s, bool include_archived, handbook_page **out, size_t *n, error *e)
{
    *out = NULL;
    *n = 0;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = require_signed_in(s, e);
    if (st == ST_OK && include_archived && !editor(s))
        st = err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    store_handbook_page *rows = NULL;
    size_t nrows = 0;
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK) {
        st = store_handbook_list(s->db, s->a, include_archived, &rows, &nrows, e);
        store_rollback(s->db);
    }
    if (st != ST_OK || nrows == 0)
        return st;
    handbook_page *items = arena_alloc_array(s->a, nrows, sizeof *items);
    if (!items)
        return nomem(e);
    for (size_t i = 0; i < nrows; i++)
        page_of(&rows[i], &items[i]);
    *out = items;
    *n = nrows;
    return ST_OK;
}

/* The page named `slug` as the actor may see it, in the open transaction:
 * an archived one only for an editor; a slug that is none is not found. */
static status load_page(svc *s, const char *slug, store_handbook_page *p, error *e)
{
    status st = ST_OK;
    if (!slug || !slug_valid(slug))
        st = err_set(e, ST_NOT_FOUND, "handbook_page_not_found", NULL, NULL);
    else
        st = store_handbook_get(s->db, s->a, slug, p, e);
    if (st == ST_OK && p->archived && !editor(s))
        st = err_set(e, ST_NOT_FOUND, "handbook_page_not_found", NULL, NULL);
    if (st == ST_NOT_FOUND && e)
        str_copy_utf8(e->arg, sizeof e->arg, slug ? slug : "");
    return st;
}

status svc_handbook_get(svc *s, const char *slug, handbook_page *out, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = require_signed_in(s, e);
    store_handbook_page p;
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK) {
        st = load_page(s, slug, &p, e);
        store_rollback(s->db);
    }
    if (st == ST_OK)
        st = page_rendered(s, &p, out, e);
    return st;
}

/* ---- changing ---- */

/* Create inside the caller's write transaction: count, insert, first
 * revision, audit. p holds the checked fields (position -1: after the
 * last). */
static status create_tx(svc *s, store_handbook_page *p, error *e)
{
    int64_t pages = 0, next = 0;
    status st = store_handbook_count(s->db, &pages, &next, e);
    if (st == ST_OK && pages >= HANDBOOK_PAGES_MAX)
        st = err_setf(e, ST_CONFLICT, "handbook_too_many_pages", NULL, "%d", HANDBOOK_PAGES_MAX);
    if (st == ST_OK && p->position < 0)
        p->position = next < HANDBOOK_POSITION_MAX ? next : HANDBOOK_POSITION_MAX;
    p->created_by = s->who->label;
    p->created_at = s->now;
    if (st == ST_OK)
        st = store_handbook_insert(s->db, p, e);
    if (st == ST_OK)
        st = store_handbook_revision_add(s->db, p, e);
    if (st == ST_OK)
        st = audit_change(s, "handbook.create", NULL, p, e);
    return st;
}

/* Check `in` for a new page into p, rendering its body (into *html) so a
 * page that cannot be shown is refused before anything is written. */
static status prepare_new(svc *s, const handbook_input *in, store_handbook_page *p, char **html,
                          errlist *errs)
{
    memset(p, 0, sizeof *p);
    p->position = -1;
    status st = check_slug(in->slug, errs);
    status f = apply_input(s, in, true, p, errs);
    if (st != ST_OK || f != ST_OK)
        return svc_errs_status(errs);
    error e = {0};
    if (!(p->slug = arena_strdup(s->a, in->slug)))
        return push_nomem(errs);
    if (handbook_render(s->a, p->body, strlen(p->body), html, &e) != ST_OK)
        return svc_push(errs, &e);
    return ST_OK;
}

status svc_handbook_create(svc *s, const handbook_input *in, handbook_page *out, errlist *errs)
{
    error e = {0};
    status st = require_editor(s, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    store_handbook_page p;
    char *html = NULL;
    if ((st = prepare_new(s, in, &p, &html, errs)) != ST_OK)
        return st;
    st = store_begin_write(s->db, &e);
    if (st == ST_OK)
        st = create_tx(s, &p, &e);
    if (st == ST_OK)
        st = store_commit(s->db, &e);
    store_rollback(s->db);
    if (st != ST_OK)
        return svc_push(errs, &e);
    if (out) {
        page_of(&p, out);
        out->html = html;
    }
    return ST_OK;
}

status svc_handbook_create_tx(svc *s, const handbook_input *in, error *e)
{
    errlist errs;
    errlist_init(&errs, 1);
    store_handbook_page p;
    char *html = NULL;
    /* Not require_editor: svc_ready would end the caller's transaction. */
    status st = editor(s) ? ST_OK : err_set(e, ST_FORBIDDEN, "forbidden", NULL, NULL);
    if (st == ST_OK && (st = prepare_new(s, in, &p, &html, &errs)) != ST_OK) {
        if (errs.len > 0 && e)
            *e = errs.items[0];
        else
            nomem(e);
    }
    errlist_free(&errs);
    return st == ST_OK ? create_tx(s, &p, e) : st;
}

/* Load the page to change in the open write transaction: found, still at
 * expected_version, and (unless `archived_ok`) not archived. */
static status load_for_change(svc *s, const char *slug, int64_t expected_version, bool archived_ok,
                              store_handbook_page *p, error *e)
{
    status st = load_page(s, slug, p, e);
    if (st == ST_OK && p->version != expected_version)
        st = err_set(e, ST_CONFLICT, "version_stale", NULL, NULL);
    if (st == ST_OK && p->archived && !archived_ok)
        st = err_set(e, ST_CONFLICT, "handbook_archived", NULL, p->slug);
    return st;
}

static bool same_text(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* The change inside the open write transaction; *changed false when the
 * input changes nothing (then nothing is written). */
static status update_tx(svc *s, const char *slug, int64_t expected_version,
                        const handbook_input *in, store_handbook_page *p, bool *changed,
                        errlist *errs)
{
    error e = {0};
    store_handbook_page was;
    status st = load_for_change(s, slug, expected_version, false, &was, &e);
    if (st != ST_OK)
        return svc_push(errs, &e);
    *p = was;
    if ((st = apply_input(s, in, false, p, errs)) != ST_OK)
        return st;
    bool text = !same_text(was.title, p->title) || !same_text(was.body, p->body);
    *changed = text || was.position != p->position;
    if (!*changed)
        return ST_OK;
    char *html = NULL;
    p->updated_by = s->who->label;
    p->updated_at = s->now;
    st = handbook_render(s->a, p->body, strlen(p->body), &html, &e);
    if (st == ST_OK)
        st = store_handbook_update(s->db, p, expected_version, &e);
    if (st == ST_OK && text)
        st = store_handbook_revision_add(s->db, p, &e);
    if (st == ST_OK)
        st = audit_change(s, "handbook.update", &was, p, &e);
    return st == ST_OK ? ST_OK : svc_push(errs, &e);
}

status svc_handbook_update(svc *s, const char *slug, int64_t expected_version,
                           const handbook_input *in, handbook_page *out, errlist *errs)
{
    error e = {0};
    status st = require_editor(s, &e);
    if (st == ST_OK && in->slug)
        st = err_set(&e, ST_INVALID, "handbook_slug_fixed", "slug", NULL);
    if (st != ST_OK)
        return svc_push(errs, &e);
    if ((st = store_begin_write(s->db, &e)) != ST_OK)
        return svc_push(errs, &e);
    store_handbook_page p;
    bool changed = false;
    st = update_tx(s, slug, expected_version, in, &p, &changed, errs);
    if (st == ST_OK && changed && (st = store_commit(s->db, &e)) != ST_OK)
        svc_push(errs, &e);
    store_rollback(s->db);
    if (st == ST_OK && out && (st = page_rendered(s, &p, out, &e)) != ST_OK)
        svc_push(errs, &e);
    return st;
}

/* Archive (to_archived) or restore a page. */
static status set_archived(svc *s, const char *slug, int64_t expected_version, bool to_archived,
                           handbook_page *out, error *e)
{
    status st = require_editor(s, e);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st != ST_OK)
        return st;
    store_handbook_page was, p;
    st = load_for_change(s, slug, expected_version, true, &was, e);
    if (st == ST_OK && was.archived == to_archived)
        st = err_set(e, ST_CONFLICT, to_archived ? "handbook_archived" : "handbook_not_archived",
                     NULL, was.slug);
    if (st == ST_OK) {
        p = was;
        p.archived = to_archived;
        p.updated_by = s->who->label;
        p.updated_at = s->now;
        st = store_handbook_update(s->db, &p, expected_version, e);
    }
    if (st == ST_OK)
        st = audit_change(s, to_archived ? "handbook.archive" : "handbook.restore", &was, &p, e);
    if (st == ST_OK)
        st = store_commit(s->db, e);
    store_rollback(s->db);
    if (st == ST_OK && out)
        st = page_rendered(s, &p, out, e);
    return st;
}

status svc_handbook_archive(svc *s, const char *slug, int64_t expected_version, handbook_page *out,
                            error *e)
{
    return set_archived(s, slug, expected_version, true, out, e);
}

status svc_handbook_restore(svc *s, const char *slug, int64_t expected_version, handbook_page *out,
                            error *e)
{
    return set_archived(s, slug, expected_version, false, out, e);
}

/* ---- history ---- */

status svc_handbook_revisions(svc *s, const char *slug, int64_t before, int limit,
                              handbook_revision_page *out, error *e)
{
    memset(out, 0, sizeof *out);
    if (limit <= 0)
        limit = LIMIT_PAGE_DEFAULT;
    if (limit > LIMIT_PAGE_MAX)
        limit = LIMIT_PAGE_MAX;
    status st = require_editor(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st != ST_OK)
        return st;
    store_handbook_page p;
    store_handbook_revision *rows = NULL;
    size_t n = 0;
    bool more = false;
    st = load_page(s, slug, &p, e);
    if (st == ST_OK)
        st = store_handbook_revisions(s->db, s->a, p.id, before, limit, &rows, &n, &more, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    handbook_revision *items = n ? arena_alloc_array(s->a, n, sizeof *items) : NULL;
    if (n && !items)
        return nomem(e);
    for (size_t i = 0; i < n; i++)
        items[i] = (handbook_revision){
            rows[i].version,    rows[i].title,     NULL, NULL, rows[i].body_bytes,
            rows[i].created_by, rows[i].created_at};
    out->items = items;
    out->n = n;
    out->next_before = more && n ? items[n - 1].version : 0;
    return ST_OK;
}

status svc_handbook_revision_get(svc *s, const char *slug, int64_t version, handbook_revision *out,
                                 error *e)
{
    status st = require_editor(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st != ST_OK)
        return st;
    store_handbook_page p;
    store_handbook_revision r;
    st = load_page(s, slug, &p, e);
    if (st == ST_OK)
        st = store_handbook_revision_get(s->db, s->a, p.id, version, &r, e);
    if (st == ST_NOT_FOUND && e && strcmp(e->code, "handbook_revision_not_found") == 0)
        snprintf(e->arg, sizeof e->arg, "%lld", (long long)version);
    store_rollback(s->db);
    char *html = NULL;
    if (st == ST_OK)
        st = handbook_render(s->a, r.body, strlen(r.body), &html, e);
    if (st == ST_OK)
        *out = (handbook_revision){r.version,    r.title,      r.body,      html,
                                   r.body_bytes, r.created_by, r.created_at};
    return st;
}
