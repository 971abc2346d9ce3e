/*
 * handbook.h -- the members' handbook: pages an administrator of the whole
 * installation writes in Markdown and everyone signed in reads (what to do
 * before, during and after a trip abroad, the forms, the deadlines).
 *
 * Pages are found by slug and listed by position. A change names the
 * version it read (If-Match); every saved title and body is kept as a
 * revision; nothing is deleted: a page is archived (and may be restored).
 * Creating, changing, archiving and restoring are audited in their own
 * transaction ("handbook.create", "handbook.update", "handbook.archive",
 * "handbook.restore"; installation-wide entries, scope "/").
 *
 * Reading hands back the body both as Markdown and as HTML rendered by
 * md4c-html with raw HTML off and every link and image address checked
 * against an allow-list (handbook_render): the HTML is safe to insert
 * into the interface as it is.
 *
 * Ownership: every pointer handed back lives in s->a (the arena).
 */
#ifndef CAUNOI_SERVICE_HANDBOOK_H
#define CAUNOI_SERVICE_HANDBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/limits.h"
#include "service/service.h"

/* The handbook's bounds (HANDBOOK_*_MAX) are in core/limits.h. */

typedef struct handbook_page {
    int64_t id, version, position;
    const char *slug, *title;
    const char *body; /* Markdown (NFC); NULL in lists */
    const char *html; /* body rendered and sanitized; NULL in lists */
    int64_t body_bytes;
    bool archived;
    const char *created_by, *created_at; /* the actor's label, "YYYY-MM-DDTHH:MM:SSZ" */
    const char *updated_by, *updated_at;
} handbook_page;

/* What a person typed. NULL: not given (on a change: unchanged). */
typedef struct handbook_input {
    const char *slug; /* creation only: a-z, 0-9 and inner single hyphens */
    const char *title;
    const char *body;
    int64_t position; /* -1: not given (a new page: the next multiple of 10 after the last) */
} handbook_input;

/* One saved state of a page: the version its save produced. body and html
 * are NULL in lists. */
typedef struct handbook_revision {
    int64_t version;
    const char *title, *body, *html;
    int64_t body_bytes;
    const char *created_by, *created_at;
} handbook_revision;

typedef struct handbook_revision_page {
    handbook_revision *items;
    size_t n;
    int64_t next_before; /* pass as `before` for older ones; 0 on the last page */
} handbook_revision_page;

/* The pages in reading order (position, then slug) without bodies.
 * include_archived adds the archived ones (after the others), for an
 * administrator of the whole installation only (ST_FORBIDDEN "forbidden"
 * for anyone else). ST_UNAUTHORIZED "session_required" for a caller who
 * is not signed in. */
status svc_handbook_list(svc *s, bool include_archived, handbook_page **out, size_t *n, error *e);

/* One page with its Markdown and HTML. An archived page is found only by
 * an administrator of the whole installation; for anyone else, and for a
 * slug no page has (or one that is not a slug), ST_NOT_FOUND
 * "handbook_page_not_found" (arg the slug). */
status svc_handbook_get(svc *s, const char *slug, handbook_page *out, error *e);

/* Create a page (administrators of the whole installation: ST_FORBIDDEN
 * "forbidden"). Every field problem goes to errs: slug "required" or
 * "handbook_slug_invalid"; title "required", "text_control",
 * "utf8_invalid" or "handbook_title_too_long"; body "required",
 * "text_control", "utf8_invalid" or "handbook_body_too_large" (arg the
 * bound, counted after NFC); position "handbook_position_range". A slug in
 * use (an archived page's too): ST_CONFLICT "handbook_slug_taken"; past
 * HANDBOOK_PAGES_MAX pages: ST_CONFLICT "handbook_too_many_pages". Title
 * cleaned as one line, body kept as lines (CR LF to LF), both NFC. The
 * first revision is saved and the creation audited with the page. */
status svc_handbook_create(svc *s, const handbook_input *in, handbook_page *out, errlist *errs);

/* Change title, body or position (those given; in->slug must be NULL: a
 * page keeps its address) when the page is still at expected_version
 * (else ST_CONFLICT "version_stale"). Field errors as svc_handbook_create;
 * an archived page: ST_CONFLICT "handbook_archived". A change that
 * changes nothing writes nothing (no version, revision or audit entry);
 * a new title or body saves a revision. */
status svc_handbook_update(svc *s, const char *slug, int64_t expected_version,
                           const handbook_input *in, handbook_page *out, errlist *errs);

/* Archive a page (it leaves the list and readers' reach; its history
 * stays), or restore an archived one. ST_CONFLICT "handbook_archived" /
 * "handbook_not_archived" when it already is / is not; "version_stale". */
status svc_handbook_archive(svc *s, const char *slug, int64_t expected_version, handbook_page *out,
                            error *e);
status svc_handbook_restore(svc *s, const char *slug, int64_t expected_version, handbook_page *out,
                            error *e);

/* The history of a page, newest first, for administrators of the whole
 * installation: revisions with a version below `before` (0: the newest),
 * at most `limit` (0: LIMIT_PAGE_DEFAULT; capped at LIMIT_PAGE_MAX). */
status svc_handbook_revisions(svc *s, const char *slug, int64_t before, int limit,
                              handbook_revision_page *out, error *e);
/* One revision with its Markdown and HTML; ST_NOT_FOUND
 * "handbook_revision_not_found" (arg the version). */
status svc_handbook_revision_get(svc *s, const char *slug, int64_t version, handbook_revision *out,
                                 error *e);

/* ---- the text (handbook_render.c) ---- */

/* Check and normalize a page body typed by a person: valid UTF-8
 * ("utf8_invalid", ST_BAD_REQUEST), no control character but tab and line
 * ends, no bidirectional override ("text_control", ST_INVALID, arg
 * "U+XXXX"); CR LF and lone CR become LF, the result NFC without trailing
 * white space at its end. Field `field` in errors. *out from `a`. */
status handbook_clean_body(arena *a, const char *in, size_t n, const char *field, char **out,
                           error *e);

/* Render Markdown to HTML that is safe to insert into a page: md4c-html
 * with tables, strikethrough and permissive autolinks, raw HTML off
 * (MD_FLAG_NOHTML: "<script>" comes out as text); then every link whose
 * address is not relative, http, https, mailto or tel loses its href, and
 * every image whose source is not relative, http or https loses its src
 * (javascript:, data:, vbscript: and the rest, however spelled with
 * entities, case or white space). Works on any bytes (invalid UTF-8 is
 * replaced by md4c). *html NUL-terminated from `a`; ST_NOMEM
 * "out_of_memory" when memory runs out (md4c's included). */
status handbook_render(arena *a, const char *md, size_t n, char **html, error *e);

/* True when `url` (an attribute value as the HTML holds it, entities not
 * yet decoded, `n` bytes) may stay: `image` allows only relative, http and
 * https addresses. Exposed for the tests and the fuzz harness. */
bool handbook_url_allowed(const char *url, size_t n, bool image);

/* svc_handbook_create inside the caller's write transaction (the demo
 * load's), the first refusal in `e`; on failure the caller rolls back. */
status svc_handbook_create_tx(svc *s, const handbook_input *in, error *e);

/* ---- the demo (demo_handbook.c) ---- */

/* The demo's handbook pages (before, during and after a trip, forms and
 * deadlines, questions), created inside the caller's write transaction as
 * s->who, each audited; a slug already in use is left as it is. A page the
 * service refuses is a bug here: "demo_record_invalid" (ST_INTERNAL). */
status svc_handbook_demo_tx(svc *s, error *e);

#endif
