/*
 * handbook_render.c -- the handbook's text: a page body checked and
 * normalized on the way in, and Markdown rendered to HTML that is safe to
 * insert into the interface on the way out.
 *
 * Rendering is md4c-html with MD_FLAG_NOHTML, so raw HTML in the Markdown
 * is escaped as text and never passed through. That leaves one way for a
 * page to carry script: an address. md4c-html writes a link as
 * <a href="URL"...> and an image as <img src="URL" alt="..."...>, with the
 * URL percent-encoded and '&' as &amp;, and writes every other '<' in the
 * text as &lt; -- so in its output every '<' opens a tag md4c made, and an
 * attribute ends at the next '"', exactly where a browser ends it. The
 * pass below finds those two attributes and judges each value the way a
 * browser would read it (entities decoded, tabs and line breaks dropped,
 * leading controls and spaces skipped): an address with a scheme must name
 * an allowed one, or the attribute is removed and the text stays.
 *
 * This file must never hand back md4c's output unchecked, never judge an
 * address by a deny-list, and never read past the buffers it is given.
 */
#include "service/handbook.h"

#include <stdlib.h>
#include <string.h>

#include <md4c-html.h>
#include <md4c.h>
#include <utf8proc.h>

#include "core/alloc.h"
#include "core/str.h"
#include "text/text.h"

/* GitHub's dialect without task lists (form controls) and without raw
 * HTML; permissive autolinks so a typed "https://..." becomes a link. */
#define HANDBOOK_MD_FLAGS                                                                          \
    (MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS)

/* md4c counts in `unsigned`: far more than any stored body, which the
 * service bounds by HANDBOOK_BODY_MAX_BYTES. */
#define HANDBOOK_RENDER_MAX_BYTES (16 * HANDBOOK_BODY_MAX_BYTES)
/* NUL bytes after the input handed to md4c (see handbook_render). */
#define HANDBOOK_MD_PADDING 16

static status nomem(error *e) { return err_set(e, ST_NOMEM, "out_of_memory", NULL, NULL); }

/* ---- the body on the way in ---- */

/* Characters a body may not hold: controls other than tab and line ends,
 * the line and paragraph separators, and the bidirectional embeddings,
 * overrides and isolates (text_clean_line refuses the same on one line). */
static bool body_forbidden(int32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP)
        return true;
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* in[0..n) with CR LF and lone CR as LF, into `a` (n + 1 bytes at most). */
static char *unify_line_ends(arena *a, const char *in, size_t n, size_t *len)
{
    char *out = arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '\r') {
            out[o++] = '\n';
            if (i + 1 < n && in[i + 1] == '\n')
                i++;
        } else {
            out[o++] = in[i];
        }
    }
    out[o] = '\0';
    *len = o;
    return out;
}

status handbook_clean_body(arena *a, const char *in, size_t n, const char *field, char **out,
                           error *e)
{
    *out = NULL;
    if (!in)
        n = 0;
    long bad = n ? text_utf8_invalid_at(in, n) : -1;
    if (bad >= 0)
        return err_setf(e, ST_BAD_REQUEST, "utf8_invalid", field, "%ld", bad + 1);
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)in + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return err_setf(e, ST_BAD_REQUEST, "utf8_invalid", field, "%zu", i + 1);
        if (body_forbidden(cp))
            return err_setf(e, ST_INVALID, "text_control", field, "U+%04X", (unsigned)cp);
        i += (size_t)k;
    }
    size_t len = 0;
    char *lf = unify_line_ends(a, n ? in : "", n, &len);
    if (!lf)
        return nomem(e);
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)lf, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m < 0) {
        free(nfc); /* utf8proc's own allocation */
        return m == UTF8PROC_ERROR_NOMEM ? nomem(e)
                                         : err_set(e, ST_INTERNAL, "internal", field, NULL);
    }
    while (m > 0 && (nfc[m - 1] == ' ' || nfc[m - 1] == '\t' || nfc[m - 1] == '\n'))
        m--;
    *out = arena_strndup(a, (const char *)nfc, (size_t)m);
    free(nfc);
    return *out ? ST_OK : nomem(e);
}

/* ---- addresses ---- */

/* The character an entity at s[0..n) (s[0] == '&') stands for, and its
 * length in *k; -1 for anything but the forms listed (an unknown entity
 * makes the address suspect, and md4c-html writes none). */
static long entity_at(const char *s, size_t n, size_t *k)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t len = strlen(named[i].name);
        if (n >= len && memcmp(s, named[i].name, len) == 0) {
            *k = len;
            return named[i].c;
        }
    }
    if (n < 4 || s[1] != '#')
        return -1;
    bool hex = s[2] == 'x' || s[2] == 'X';
    size_t i = hex ? 3 : 2, digits = 0;
    long cp = 0;
    for (; i < n && digits < 8; i++, digits++) {
        char c = s[i];
        int v = c >= '0' && c <= '9'                            ? c - '0'
                : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                                : -1;
        if (v < 0)
            break;
        cp = cp * (hex ? 16 : 10) + v;
    }
    if (digits == 0 || i >= n || s[i] != ';')
        return -1;
    *k = i + 1;
    return cp;
}

/* True when the scheme (lowercased, `len` bytes) may stay. */
static bool scheme_allowed(const char *scheme, size_t len, bool image)
{
    static const char *const links[] = {"http", "https", "mailto", "tel"};
    size_t allowed = image ? 2 : sizeof links / sizeof links[0];
    for (size_t i = 0; i < allowed; i++)
        if (strlen(links[i]) == len && memcmp(links[i], scheme, len) == 0)
            return true;
    return false;
}

bool handbook_url_allowed(const char *url, size_t n, bool image)
{
    char scheme[16];
    size_t len = 0;
    bool started = false, too_long = false;
    for (size_t i = 0; i < n;) {
        long c = (unsigned char)url[i];
        size_t k = 1;
        if (c == '&' && (c = entity_at(url + i, n - i, &k)) < 0)
            return false;
        i += k;
        if (c == '\t' || c == '\n' || c == '\r')
            continue; /* browsers drop them anywhere in a URL */
        if (!started && c <= 0x20)
            continue; /* and skip leading controls and spaces */
        started = true;
        if (c == ':')
            return !too_long && scheme_allowed(scheme, len, image);
        if (c == '/' || c == '?' || c == '#')
            return true; /* relative: no scheme before the path, query or fragment */
        if (len == sizeof scheme)
            too_long = true;
        else
            scheme[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : (c > 0x7F ? 0x7F : c));
    }
    return true; /* no ':' at all: a relative address */
}

/* ---- rendering ---- */

static void collect(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    buf_append(userdata, text, size);
}

/* The length of the tag opening at s[0..n) whose address attribute we
 * judge ("<a href=\"" or "<img src=\""), 0 for any other; *image and the
 * tag's name length (what stays when the attribute goes) are set. */
static size_t address_tag(const char *s, size_t n, bool *image, size_t *name_len)
{
    static const char a_tag[] = "<a href=\"", img_tag[] = "<img src=\"";
    if (n >= sizeof a_tag - 1 && memcmp(s, a_tag, sizeof a_tag - 1) == 0) {
        *image = false;
        *name_len = 2;
        return sizeof a_tag - 1;
    }
    if (n >= sizeof img_tag - 1 && memcmp(s, img_tag, sizeof img_tag - 1) == 0) {
        *image = true;
        *name_len = 4;
        return sizeof img_tag - 1;
    }
    return 0;
}

/* Copy md4c's html[0..n) into out (n + 1 bytes), removing every address
 * attribute handbook_url_allowed refuses. */
static void sanitize(const char *html, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        bool image = false;
        size_t name_len = 0;
        size_t k = html[i] == '<' ? address_tag(html + i, n - i, &image, &name_len) : 0;
        if (k == 0) {
            if (html[i] != '\0') /* never in the HTML: only a byte md4c over-read */
                out[o++] = html[i];
            i++;
            continue;
        }
        const char *v = html + i + k;
        const char *q = memchr(v, '"', n - i - k);
        if (!q)
            break; /* an attribute never closed: md4c writes none; keep nothing after */
        size_t vlen = (size_t)(q - v);
        if (handbook_url_allowed(v, vlen, image)) {
            memcpy(out + o, html + i, k + vlen + 1);
            o += k + vlen + 1;
        } else {
            memcpy(out + o, html + i, name_len); /* "<a" or "<img", the rest follows */
            o += name_len;
        }
        i += k + vlen + 1;
    }
    out[o] = '\0';
}

status handbook_render(arena *a, const char *md, size_t n, char **html, error *e)
{
    *html = NULL;
    if (n > HANDBOOK_RENDER_MAX_BYTES)
        return err_setf(e, ST_INVALID, "handbook_body_too_large", "body", "%d",
                        HANDBOOK_BODY_MAX_BYTES);
    /* md4c 0.4.8 (Debian 12) reads a byte past the end of some inputs
     * (a link destination cut off by the end, found by fuzz_markdown):
     * give it a copy followed by NUL bytes to read instead. */
    char *padded = arena_alloc(a, n + HANDBOOK_MD_PADDING);
    if (!padded)
        return nomem(e);
    if (n)
        memcpy(padded, md, n);
    strbuf raw = {0};
    int rc =
        md_html(padded, (MD_SIZE)n, collect, &raw, HANDBOOK_MD_FLAGS, MD_HTML_FLAG_SKIP_UTF8_BOM);
    status st = ST_OK;
    char *out = NULL;
    if (rc != 0 || raw.failed)
        st = nomem(e);
    else if (!(out = arena_alloc(a, raw.len + 1)))
        st = nomem(e);
    else
        sanitize(raw.len ? raw.data : "", raw.len, out);
    buf_free(&raw);
    if (st == ST_OK)
        *html = out;
    return st;
}
