/*
 * trip_attachments.c -- the files a trip carries: the sending body's
 * decision, the commitment about relatives abroad, the signed report.
 *
 * A file is judged by its first bytes, never by its name or the type a
 * client declares: PDF, JPEG and PNG only. Its SHA-256 (libsodium) is kept
 * beside it, and its name is cleaned of paths and control characters.
 * Attaching and removing are audited and appear in the trip's timeline.
 * This file must never write SQL nor trust a file's name.
 */
#include <string.h>

#include <sodium.h>

#include "service/audit.h"
#include "service/svc_internal.h"
#include "service/trip_internal.h"
#include "text/text.h"

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* The media type the bytes begin like, or NULL; *ext its usual extension. */
static const char *sniff(const unsigned char *p, size_t n, const char **ext)
{
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (n >= 5 && memcmp(p, "%PDF-", 5) == 0) {
        *ext = "pdf";
        return "application/pdf";
    }
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
        *ext = "jpg";
        return "image/jpeg";
    }
    if (n >= sizeof png && memcmp(p, png, sizeof png) == 0) {
        *ext = "png";
        return "image/png";
    }
    return NULL;
}

/* The last path component of `name`, without control characters, NFC,
 * cut to LIMIT_ATTACHMENT_NAME_BYTES at a character boundary; NULL when
 * nothing usable remains. */
static const char *clean_name(svc *s, const char *name)
{
    if (!name)
        return NULL;
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base);
    if (!text_utf8_valid(base, n))
        return NULL;
    char *kept = arena_alloc(s->a, n + 1);
    if (!kept)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)base[i];
        if (c >= 0x20 && c != 0x7F)
            kept[k++] = (char)c;
    }
    kept[k] = '\0';
    char *clean = NULL;
    if (text_clean_line(s->a, kept, k, "name", &clean, NULL) != ST_OK || !clean[0])
        return NULL;
    size_t len = strlen(clean);
    if (len > LIMIT_ATTACHMENT_NAME_BYTES) {
        len = LIMIT_ATTACHMENT_NAME_BYTES;
        while (len && ((unsigned char)clean[len] & 0xC0) == 0x80)
            len--;
        clean[len] = '\0';
    }
    return clean;
}

static void sha256_of(const unsigned char *data, size_t len, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* The kinds filed after return may be attached then; any kind to a draft. */
static bool attachable(trip_state st, trip_doc_kind k)
{
    if (st == TRIP_DRAFT)
        return true;
    return (k == TRIP_DOC_SELF_ASSESSMENT || k == TRIP_DOC_REPORT) &&
           (st == TRIP_RETURNED || st == TRIP_REPORT_SUBMITTED);
}

/* The file itself: kind, size, content. */
static status check_file(const char *kind, const unsigned char *data, size_t len, trip_doc_kind *k,
                         const char **type, const char **ext, error *e)
{
    if (!kind || !trip_doc_kind_parse(kind, k))
        return err_set(e, ST_INVALID, "attachment_kind_invalid", "kind", kind);
    if (!data || len == 0)
        return err_set(e, ST_INVALID, "attachment_empty", "file", NULL);
    if (len > LIMIT_ATTACHMENT_BYTES)
        return err_setf(e, ST_TOO_LARGE, "attachment_too_large", "file", "%d",
                        LIMIT_ATTACHMENT_BYTES);
    *type = sniff(data, len, ext);
    if (!*type)
        return err_set(e, ST_INVALID, "attachment_type", "file", NULL);
    return ST_OK;
}

static status audit_attach(svc *s, const char *action, const trip *t, const store_attachment *at,
                           error *e)
{
    char size[24];
    snprintf(size, sizeof size, "%lld", (long long)at->size);
    audit_field f[5] = {{"id", arena_printf(s->a, "%lld", (long long)at->id)},
                        {"kind", at->kind},
                        {"file_name", at->file_name},
                        {"size", size},
                        {"sha256", at->sha256}};
    char *json = f[0].value ? audit_fields_json(s->a, f, 5) : NULL;
    if (!json)
        return nomem(e);
    bool attach = strcmp(action, "trip.attach") == 0;
    return svc_audit_tx(s, action, "trip", t->id, t->unit_path, attach ? NULL : json,
                        attach ? json : NULL, e);
}

static void describe(const store_attachment *at, trip_attachment *out)
{
    trip_doc_kind k = TRIP_DOC_OTHER;
    trip_doc_kind_parse(at->kind, &k);
    *out = (trip_attachment){.id = at->id,
                             .trip_id = at->trip_id,
                             .kind = k,
                             .file_name = at->file_name,
                             .media_type = at->media_type,
                             .sha256 = at->sha256,
                             .size = at->size,
                             .created_by = at->created_by,
                             .created_at = at->created_at};
}

static status attach_tx(svc *s, bool any_party, int64_t trip_id, const char *kind,
                        const char *file_name, const unsigned char *data, size_t len,
                        trip_attachment *out, error *e)
{
    store_trip r;
    trip_doc_kind k;
    const char *type = NULL, *ext = NULL;
    store_attachment *have;
    size_t nhave;
    status st = svc_trip_load_tx(s, trip_id, &r, e);
    if (st == ST_OK)
        st = svc_trip_party_check(s, any_party, TRIP_PARTY_MEMBER, e);
    if (st == ST_OK)
        st = check_file(kind, data, len, &k, &type, &ext, e);
    if (st == ST_OK && !attachable(r.t.state, k))
        st = err_set(e, ST_CONFLICT, "trip_not_editable", NULL, trip_state_name(r.t.state));
    if (st == ST_OK)
        st = store_attachments(s->db, s->a, trip_id, &have, &nhave, e);
    if (st == ST_OK && nhave >= LIMIT_ATTACHMENTS_PER_TRIP)
        st = err_setf(e, ST_INVALID, "attachment_too_many", "file", "%d",
                      LIMIT_ATTACHMENTS_PER_TRIP);
    if (st != ST_OK)
        return st;
    char hex[65];
    sha256_of(data, len, hex);
    const char *name = clean_name(s, file_name);
    store_attachment at = {.trip_id = trip_id,
                           .kind = trip_doc_kind_name(k),
                           .file_name = name ? name : arena_printf(s->a, "attachment.%s", ext),
                           .media_type = type,
                           .sha256 = arena_strdup(s->a, hex),
                           .size = (int64_t)len,
                           .created_by = s->who && s->who->label ? s->who->label : "operator",
                           .created_at = s->now,
                           .content = data};
    if (!at.file_name || !at.sha256)
        return nomem(e);
    st = store_attachment_insert(s->db, &at, e);
    if (st == ST_OK)
        st = svc_trip_event_tx(s, &r.t, "attach", trip_state_name(r.t.state), s->today,
                               svc_trip_actor_role(s, any_party, TRIP_PARTY_MEMBER), NULL,
                               at.file_name, e);
    if (st == ST_OK)
        st = audit_attach(s, "trip.attach", &r.t, &at, e);
    if (st == ST_OK && out)
        describe(&at, out);
    return st;
}

status svc_trip_attach_tx(svc *s, const trip_when *w, int64_t trip_id, const char *kind,
                          const char *file_name, const unsigned char *data, size_t len,
                          trip_attachment *out, error *e)
{
    svc t = svc_trip_at(s, w);
    return attach_tx(&t, w && w->any_party, trip_id, kind, file_name, data, len, out, e);
}

/* Run `st` to its end: commit when ST_OK, else roll back. */
static status end_write(svc *s, status st, error *e)
{
    if (st == ST_OK)
        st = store_commit(s->db, e);
    if (st != ST_OK)
        store_rollback(s->db);
    return st;
}

status svc_trip_attach(svc *s, int64_t trip_id, const char *kind, const char *file_name,
                       const unsigned char *data, size_t len, trip_attachment *out, error *e)
{
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st != ST_OK)
        return st;
    st = attach_tx(s, false, trip_id, kind, file_name, data, len, out, e);
    return end_write(s, st, e);
}

status svc_trip_attachment_get(svc *s, int64_t trip_id, int64_t attachment_id, trip_attachment *out,
                               const unsigned char **data, size_t *len, error *e)
{
    store_trip r;
    store_attachment at;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_read(s->db, e);
    if (st == ST_OK)
        st = svc_trip_load_tx(s, trip_id, &r, e);
    if (st == ST_OK)
        st = store_attachment_get(s->db, s->a, trip_id, attachment_id, &at, e);
    store_rollback(s->db);
    if (st != ST_OK)
        return st;
    describe(&at, out);
    *data = at.content;
    *len = (size_t)at.size;
    return ST_OK;
}

status svc_trip_detach(svc *s, int64_t trip_id, int64_t attachment_id, error *e)
{
    store_trip r;
    store_attachment at;
    status st = svc_ready(s, e);
    if (st == ST_OK)
        st = store_begin_write(s->db, e);
    if (st != ST_OK)
        return st;
    st = svc_trip_load_tx(s, trip_id, &r, e);
    if (st == ST_OK)
        st = store_attachment_get(s->db, s->a, trip_id, attachment_id, &at, e);
    if (st == ST_OK)
        st = svc_trip_party_check(s, false, TRIP_PARTY_MEMBER, e);
    if (st == ST_OK && r.t.state != TRIP_DRAFT)
        st = err_set(e, ST_CONFLICT, "trip_not_editable", NULL, trip_state_name(r.t.state));
    if (st == ST_OK)
        st = store_attachment_delete(s->db, trip_id, attachment_id, e);
    if (st == ST_OK)
        st = svc_trip_event_tx(s, &r.t, "detach", trip_state_name(r.t.state), s->today,
                               svc_trip_actor_role(s, false, TRIP_PARTY_MEMBER), NULL, at.file_name,
                               e);
    if (st == ST_OK)
        st = audit_attach(s, "trip.detach", &r.t, &at, e);
    return end_write(s, st, e);
}
