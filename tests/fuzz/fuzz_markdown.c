/*
 * fuzz_markdown.c -- libFuzzer harness for the handbook's text: a page body
 * cleaned on the way in (handbook_clean_body) and Markdown rendered to
 * sanitized HTML (handbook_render), over any bytes.
 *
 * Whatever the bytes, both answer (a value or an error with a code)
 * without a sanitizer report. The HTML is then read by a checker written
 * apart from the sanitizer: every '<' opens or closes a tag md4c-html
 * makes from an allow-list (no script, style, iframe, form, input...),
 * every attribute is one of a few names with a double-quoted value, and
 * every href or src, read as a browser reads it (entities decoded,
 * controls and white space dropped, case folded), is relative or names an
 * allowed scheme: never javascript:, vbscript: or data:. A cleaned body is
 * valid UTF-8 without CR, cleaning it again changes nothing, and its HTML
 * is valid UTF-8 too.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "service/handbook.h"
#include "text/text.h"

static bool in_list(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, s, n) == 0)
            return true;
    return false;
}

static const char *const tags[] = {"p",     "h1",  "h2", "h3", "h4",         "h5",    "h6",
                                   "ul",    "ol",  "li", "a",  "img",        "em",    "strong",
                                   "code",  "pre", "hr", "br", "blockquote", "table", "thead",
                                   "tbody", "tr",  "th", "td", "del",        NULL};
static const char *const attrs[] = {"href", "src", "alt", "title", "align", "start", "class", NULL};

/* The address `v` (n bytes, as in the HTML) as a browser reads it, into
 * out (lowercase, entities decoded, controls and spaces dropped), at most
 * outsz - 1 bytes: enough to see the scheme. */
static void browser_view(const char *v, size_t n, char *out, size_t outsz)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < outsz; i++) {
        unsigned c = (unsigned char)v[i];
        if (c == '&') {
            const char *semi = memchr(v + i, ';', n - i);
            assert(semi); /* the checker accepts no bare '&' in an address */
            size_t len = (size_t)(semi - (v + i)) + 1;
            if (len == 5 && memcmp(v + i, "&amp;", 5) == 0)
                c = '&';
            else if (len >= 4 && v[i + 1] == '#')
                c = '?'; /* a numeric reference: never a letter md4c would write */
            else
                c = '?';
            i += len - 1;
        }
        if (c <= 0x20)
            continue;
        out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[o] = '\0';
}

static void check_address(const char *v, size_t n, bool image)
{
    char seen[64];
    browser_view(v, n, seen, sizeof seen);
    assert(strncmp(seen, "javascript:", 11) != 0);
    assert(strncmp(seen, "vbscript:", 9) != 0);
    assert(strncmp(seen, "data:", 5) != 0);
    size_t k = strcspn(seen, ":/?#");
    if (seen[k] != ':')
        return; /* relative */
    bool ok = (k == 4 && memcmp(seen, "http", 4) == 0) || (k == 5 && memcmp(seen, "https", 5) == 0);
    if (!image)
        ok = ok || (k == 6 && memcmp(seen, "mailto", 6) == 0) ||
             (k == 3 && memcmp(seen, "tel", 3) == 0);
    assert(ok);
}

/* The attributes of a tag from s (after its name) to its '>'; returns the
 * offset past the '>'. */
static size_t check_attributes(const char *s, size_t n, bool image)
{
    size_t i = 0;
    while (i < n && s[i] == ' ') {
        i++;
        size_t name = i;
        while (i < n && s[i] >= 'a' && s[i] <= 'z')
            i++;
        assert(in_list(s + name, i - name, attrs));
        if (i < n && s[i] != '=')
            continue; /* a bare attribute */
        assert(i + 1 < n && s[i + 1] == '"');
        const char *v = s + i + 2;
        const char *q = memchr(v, '"', n - i - 2);
        assert(q);
        size_t vlen = (size_t)(q - v);
        assert(!memchr(v, '<', vlen) && !memchr(v, '>', vlen));
        if ((i - name == 4 && memcmp(s + name, "href", 4) == 0) ||
            (i - name == 3 && memcmp(s + name, "src", 3) == 0))
            check_address(v, vlen, image);
        i = (size_t)(q - s) + 1;
    }
    if (i < n && s[i] == '/')
        i++; /* XHTML's " />" is not asked for, but harmless */
    assert(i < n && s[i] == '>');
    return i + 1;
}

static void check_html(const char *html)
{
    size_t n = strlen(html);
    for (size_t i = 0; i < n;) {
        if (html[i] == '>')
            assert(0 && "a '>' outside a tag: md4c writes &gt;");
        if (html[i] != '<') {
            i++;
            continue;
        }
        size_t j = i + 1;
        if (j < n && html[j] == '/')
            j++;
        size_t name = j;
        while (j < n && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= '0' && html[j] <= '9')))
            j++;
        assert(in_list(html + name, j - name, tags));
        bool image = j - name == 3 && memcmp(html + name, "img", 3) == 0;
        i = j + check_attributes(html + j, n - j, image);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = ARENA_INIT;
    const char *in = (const char *)data;
    char *html = NULL, *clean = NULL;
    error e = {0};
    if (handbook_render(&a, in, size, &html, &e) == ST_OK)
        check_html(html);
    else
        assert(e.code);
    if (handbook_clean_body(&a, in, size, "body", &clean, &e) == ST_OK) {
        size_t n = strlen(clean);
        assert(text_utf8_valid(clean, n) && !memchr(clean, '\r', n));
        char *again = NULL;
        assert(handbook_clean_body(&a, clean, n, "body", &again, &e) == ST_OK);
        assert(strcmp(again, clean) == 0);
        if (handbook_render(&a, clean, n, &html, &e) == ST_OK) {
            assert(text_utf8_valid(html, strlen(html)));
            check_html(html);
        }
    } else {
        assert(e.code);
    }
    arena_free(&a);
    return 0;
}
