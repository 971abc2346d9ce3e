/*
 * alloc.c -- allocation wrappers with failure injection.
 *
 * The counters are atomics so the injection works across the server's
 * worker threads. In production fail_at stays -1 and the cost is one atomic
 * increment per allocation.
 */
#include "core/alloc.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static atomic_long counter;
static atomic_long fail_at = -1;
static atomic_int failed;

static int should_fail(void)
{
    long n = atomic_fetch_add(&counter, 1);
    long f = atomic_load(&fail_at);
    if (f >= 0 && n >= f) {
        atomic_store(&failed, 1);
        return 1;
    }
    return 0;
}

void *xmalloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *xcalloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *xrealloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void *xrealloc_array(void *p, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    return xrealloc(p, count * size);
}

void xfree(void *p) { free(p); }

char *xstrndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = xmalloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *xstrdup(const char *s) { return s ? xstrndup(s, strlen(s)) : NULL; }

void alloc_fail_after(long n)
{
    atomic_store(&counter, 0);
    atomic_store(&failed, 0);
    atomic_store(&fail_at, n);
}

long alloc_count(void) { return atomic_load(&counter); }
void alloc_count_reset(void) { atomic_store(&counter, 0); }
int alloc_failed(void) { return atomic_load(&failed); }

/* SQLite's allocator interface needs the size of a block: keep it in an
 * 8-byte header in front of the block (SQLite requires 8-byte alignment). */
static void *sq_malloc(int n)
{
    if (n <= 0)
        return NULL;
    int64_t *p = xmalloc((size_t)n + 8);
    if (!p)
        return NULL;
    p[0] = n;
    return p + 1;
}

static void sq_free(void *p)
{
    if (p)
        free((int64_t *)p - 1);
}

static void *sq_realloc(void *p, int n)
{
    if (n <= 0)
        return NULL;
    int64_t *q = xrealloc(p ? (int64_t *)p - 1 : NULL, (size_t)n + 8);
    if (!q)
        return NULL;
    q[0] = n;
    return q + 1;
}

static int sq_size(void *p) { return p ? (int)((int64_t *)p)[-1] : 0; }
static int sq_roundup(int n) { return (n + 7) & ~7; }
static int sq_init(void *unused)
{
    (void)unused;
    return SQLITE_OK;
}
static void sq_shutdown(void *unused) { (void)unused; }

int alloc_install_sqlite(void)
{
    static const sqlite3_mem_methods m = {sq_malloc,  sq_free, sq_realloc,  sq_size,
                                          sq_roundup, sq_init, sq_shutdown, NULL};
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &m) == SQLITE_OK ? 0 : -1;
}
