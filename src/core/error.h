/*
 * error.h -- errors as values.
 *
 * Every fallible function returns a `status`. When it is not ST_OK, the
 * function has filled the caller's `error` (if one was passed) with a stable
 * machine code ("cccd_sex_mismatch"), the field it concerns, and an optional
 * argument that the message template interpolates. Messages live in one
 * catalogue (error.c), in Vietnamese and English; code never builds a
 * human sentence itself.
 *
 * An `errlist` collects many errors (all the field errors of a record, all
 * the row errors of an import) so a person can fix everything at once.
 */
#ifndef CAUNOI_ERROR_H
#define CAUNOI_ERROR_H

#include <stdbool.h>
#include <stddef.h>

typedef enum status {
    ST_OK = 0,
    ST_BAD_REQUEST,  /* 400: malformed syntax: bad JSON, bad UTF-8, wrong type */
    ST_UNAUTHORIZED, /* 401: no session, or sign-in failed */
    ST_FORBIDDEN,    /* 403: signed in, but the role may not do this */
    ST_TOO_MANY,     /* 429: sign-in attempts too fast, or the account is locked */
    ST_NOT_FOUND,    /* 404 */
    ST_CONFLICT,     /* 409: stale version, duplicate, state does not allow */
    ST_PRECONDITION, /* 428: update without If-Match */
    ST_TOO_LARGE,    /* 413 */
    ST_UNSUPPORTED,  /* 415: wrong Content-Type */
    ST_INVALID,      /* 422: well-formed but breaks a rule */
    ST_UNAVAILABLE,  /* 503: database busy past the timeout */
    ST_NOMEM,        /* 500: allocation failed */
    ST_INTERNAL,     /* 500: database or I/O failure */
} status;

typedef enum lang { LANG_VI = 0, LANG_EN = 1 } lang;

#define ERROR_FIELD_MAX 64
#define ERROR_ARG_MAX   160

typedef struct error {
    status st;
    const char *code;            /* static string, key of the catalogue */
    char field[ERROR_FIELD_MAX]; /* "" when the error is not about a field */
    char arg[ERROR_ARG_MAX];     /* interpolated for {} in the template */
    long row;                    /* import row (1-based, header is row 1); 0 if none */
} error;

/* Fill `e` (may be NULL) and return `st`. `field` and `arg` may be NULL.
 * Strings longer than the buffers are cut at a UTF-8 character boundary. */
status err_set(error *e, status st, const char *code, const char *field, const char *arg);

/* Like err_set with a printf-style argument. */
status err_setf(error *e, status st, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The HTTP status for a status value. */
int status_http(status st);

/* Write the message for `e` in `lg` into buf (always NUL-terminated).
 * Unknown codes fall back to a generic message naming the code. */
void err_message(const error *e, lang lg, char *buf, size_t bufsz);

/* True when `code` has a catalogue entry (used by a test that every code the
 * program can produce has Vietnamese and English text). */
bool err_code_known(const char *code);

/* Parse an Accept-Language header value: English when its first language
 * tag is "en" (or en-*), Vietnamese otherwise. NULL gives Vietnamese. */
lang lang_from_header(const char *accept_language);

/* A growable list of errors. Owned by the caller; errlist_free releases it. */
typedef struct errlist {
    error *items;
    size_t len, cap;
    size_t limit;   /* at most this many are kept; 0 means no limit */
    size_t dropped; /* how many were not kept past the limit */
} errlist;

void errlist_init(errlist *l, size_t limit);
/* Append a copy of *e. Returns ST_NOMEM on allocation failure. */
status errlist_add(errlist *l, const error *e);
void errlist_free(errlist *l);

#endif
