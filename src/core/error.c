/*
 * error.c -- the status values, the message catalogue, and error lists.
 *
 * The catalogue is assembled from one messages.def per module (X-macro rows
 * MSG(code, "Vietnamese", "English")), so each module keeps its own messages
 * beside its code. A template may contain one "{}", replaced by error.arg.
 * This file must never decide what is an error: it only names and words them.
 */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"

typedef struct msg {
    const char *code;
    const char *vi;
    const char *en;
} msg;

static const msg catalogue[] = {
#define MSG(c, v, e) {c, v, e},
#include "core/messages.def"
#include "text/messages.def"
#include "store/messages.def"
#include "domain/messages.def"
#include "service/messages.def"
#include "http/messages.def"
#include "auth/messages.def"
#include "report/messages.def"
#undef MSG
};

static const msg *find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
        if (strcmp(catalogue[i].code, code) == 0)
            return &catalogue[i];
    return NULL;
}

bool err_code_known(const char *code) { return find(code) != NULL; }

status err_set(error *e, status st, const char *code, const char *field, const char *arg)
{
    if (!e)
        return st;
    e->st = st;
    e->code = code;
    e->row = 0;
    str_copy_utf8(e->field, sizeof e->field, field ? field : "");
    str_copy_utf8(e->arg, sizeof e->arg, arg ? arg : "");
    return st;
}

status err_setf(error *e, status st, const char *code, const char *field, const char *fmt, ...)
{
    char tmp[ERROR_ARG_MAX * 2];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        tmp[0] = '\0';
    return err_set(e, st, code, field, tmp);
}

int status_http(status st)
{
    switch (st) {
    case ST_OK: return 200;
    case ST_BAD_REQUEST: return 400;
    case ST_UNAUTHORIZED: return 401;
    case ST_FORBIDDEN: return 403;
    case ST_TOO_MANY: return 429;
    case ST_NOT_FOUND: return 404;
    case ST_CONFLICT: return 409;
    case ST_PRECONDITION: return 428;
    case ST_TOO_LARGE: return 413;
    case ST_UNSUPPORTED: return 415;
    case ST_INVALID: return 422;
    case ST_UNAVAILABLE: return 503;
    case ST_NOMEM:
    case ST_INTERNAL: return 500;
    }
    return 500;
}

void err_message(const error *e, lang lg, char *buf, size_t bufsz)
{
    if (bufsz == 0)
        return;
    const msg *m = find(e ? e->code : NULL);
    const char *tpl;
    if (m)
        tpl = lg == LANG_EN ? m->en : m->vi;
    else
        tpl = lg == LANG_EN ? "Error ({})." : "Lỗi ({}).";
    const char *arg = m ? (e ? e->arg : "") : (e && e->code ? e->code : "unknown");
    const char *hole = strstr(tpl, "{}");
    if (!hole) {
        str_copy_utf8(buf, bufsz, tpl);
        return;
    }
    int n = snprintf(buf, bufsz, "%.*s%s%s", (int)(hole - tpl), tpl, arg, hole + 2);
    if (n < 0)
        buf[0] = '\0';
    else if ((size_t)n >= bufsz)
        str_trim_utf8_tail(buf);
}

lang lang_from_header(const char *h)
{
    if (!h)
        return LANG_VI;
    while (*h == ' ' || *h == '\t')
        h++;
    if ((h[0] == 'e' || h[0] == 'E') && (h[1] == 'n' || h[1] == 'N') &&
        (h[2] == '\0' || h[2] == '-' || h[2] == '_' || h[2] == ',' || h[2] == ';' || h[2] == ' '))
        return LANG_EN;
    return LANG_VI;
}

void errlist_init(errlist *l, size_t limit)
{
    memset(l, 0, sizeof *l);
    l->limit = limit;
}

status errlist_add(errlist *l, const error *e)
{
    if (l->limit && l->len >= l->limit) {
        l->dropped++;
        return ST_OK;
    }
    if (l->len == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 8;
        error *n = xrealloc_array(l->items, ncap, sizeof *n);
        if (!n)
            return ST_NOMEM;
        l->items = n;
        l->cap = ncap;
    }
    l->items[l->len++] = *e;
    return ST_OK;
}

void errlist_free(errlist *l)
{
    xfree(l->items);
    memset(l, 0, sizeof *l);
}
