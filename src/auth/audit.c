/*
 * audit.c -- the audit chain's hash and the before/after values of an
 * entry as JSON text.
 *
 * The hash covers the entry's id, every field and the previous entry's
 * hash, each written as a length-prefixed item ("12:member.update,") and
 * NULL as "-," so that no two different entries serialize alike: moving a
 * byte from one field to the next changes the input. Changing how entries
 * are hashed breaks the chain of every database; a new form needs a new
 * version tag and verify must know both.
 *
 * This file must never touch the database: store/audit.c keeps the chain.
 */
#include "auth/auth.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/str.h"

#define AUDIT_HASH_TAG "caunoi-audit-v1"

static void put_text(crypto_hash_sha256_state *h, const char *s)
{
    char len[24];
    if (!s) {
        crypto_hash_sha256_update(h, (const unsigned char *)"-,", 2);
        return;
    }
    size_t n = strlen(s);
    int k = snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, (const unsigned char *)s, n);
    crypto_hash_sha256_update(h, (const unsigned char *)",", 1);
}

static void put_int(crypto_hash_sha256_state *h, int64_t v)
{
    char num[24];
    snprintf(num, sizeof num, "%" PRId64, v);
    put_text(h, num);
}

void audit_hash(const audit_entry *en, char out[AUDIT_HASH_HEX])
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    put_text(&h, AUDIT_HASH_TAG);
    put_int(&h, en->id);
    put_text(&h, en->at);
    put_int(&h, en->user_id);
    put_text(&h, en->actor);
    put_text(&h, en->ip);
    put_text(&h, en->action);
    put_text(&h, en->record_type);
    put_int(&h, en->record_id);
    put_text(&h, en->scope_path);
    put_text(&h, en->before);
    put_text(&h, en->after);
    put_text(&h, en->prev_hash);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}

/* A JSON string literal of s (valid UTF-8): quote, backslash and the C0
 * controls escaped (as \u00XX), everything else as it is. */
static void json_string(strbuf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        default:
            if (*p < 0x20)
                buf_printf(b, "\\u%04x", *p);
            else
                buf_putc(b, (char)*p);
        }
    }
    buf_putc(b, '"');
}

char *audit_fields_json(arena *a, const audit_field *f, size_t n)
{
    strbuf b = {0};
    buf_putc(&b, '{');
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            buf_putc(&b, ',');
        json_string(&b, f[i].name);
        buf_putc(&b, ':');
        if (f[i].value)
            json_string(&b, f[i].value);
        else
            buf_puts(&b, "null");
    }
    buf_putc(&b, '}');
    char *out = b.failed ? NULL : arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return out;
}
